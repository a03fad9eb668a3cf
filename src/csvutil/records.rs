//! Reading CSV records with a parser built once per thread and
//! delimiter.
//!
//! `csv::ReaderBuilder::from_reader` builds csv-core's parser (a DFA
//! over every state and byte) for each reader it makes: about 15 µs,
//! more than reading a small file takes, and a fixed cost that every
//! quoted BACI line paid again. [`CsvReader`] drives the same csv-core
//! parser, taken from a small per-thread pool of parsers already built
//! (and reset) where one with its delimiter is free, and writes each
//! record straight into a [`Record`] with the csv crate's positions, so a
//! read costs in proportion to its input. (A built parser cannot be cloned instead: csv-core's
//! `Clone` for it copies only part of its tables.)

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read};

use csv_core::ReadRecordResult;

use crate::error::{Error, ErrorKind, Result};

use super::position;

/// The most parsers a thread keeps for reuse.
const KEEP: usize = 4;

thread_local! {
    /// Parsers built on this thread and free, with their delimiters.
    static FREE: RefCell<Vec<(u8, csv_core::Reader)>> = const { RefCell::new(Vec::new()) };
}

/// A parser in its initial state with the csv crate's defaults (double
/// quotes, `""` escapes, LF or CRLF line ends) and `delimiter`: a free
/// one of this thread's, reset, or a new one.
fn take_parser(delimiter: u8) -> csv_core::Reader {
    let free = FREE
        .try_with(|free| {
            let mut free = free.try_borrow_mut().ok()?;
            let i = free.iter().position(|(d, _)| *d == delimiter)?;
            Some(free.swap_remove(i).1)
        })
        .ok()
        .flatten();
    match free {
        Some(mut parser) => {
            parser.reset();
            parser
        }
        None => csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
    }
}

/// Gives `parser` back to this thread's free parsers, if there is room.
fn give_back(delimiter: u8, parser: csv_core::Reader) {
    // A thread being torn down keeps nothing: the parser is dropped.
    let _ = FREE.try_with(|free| {
        if let Ok(mut free) = free.try_borrow_mut()
            && free.len() < KEEP
        {
            free.push((delimiter, parser));
        }
    });
}

/// CSV records from buffered input, with the csv crate's record types
/// and positions (line, byte and record number of each record's start).
///
/// Blank lines are skipped, as by the csv crate. Unless
/// [`flexible`](CsvReader::flexible), a record whose field count differs
/// from the first record's is an [`ErrorKind::FieldCount`] error. After
/// an input error, the reader reports the end of input.
pub(crate) struct CsvReader<B> {
    input: B,
    core: csv_core::Reader,
    delimiter: u8,
    flexible: bool,
    first_len: Option<u64>,
    pos: csv::Position,
    done: bool,
}

impl<R: Read> CsvReader<BufReader<R>> {
    /// Records of `input`, read through a buffer of 8 KiB as the csv
    /// crate's reader does.
    pub(crate) fn from_reader(input: R, delimiter: u8) -> Self {
        CsvReader::new(BufReader::with_capacity(8 << 10, input), delimiter)
    }
}

impl<B: BufRead> CsvReader<B> {
    /// Records of `input`, fields separated by `delimiter`.
    pub(crate) fn new(input: B, delimiter: u8) -> Self {
        CsvReader {
            input,
            core: take_parser(delimiter),
            delimiter,
            flexible: false,
            first_len: None,
            pos: csv::Position::new(),
            done: false,
        }
    }

    /// Accepts records of any field count.
    pub(crate) fn flexible(mut self, yes: bool) -> Self {
        self.flexible = yes;
        self
    }

    /// The input.
    pub(crate) fn get_ref(&self) -> &B {
        &self.input
    }

    /// Reads the next record into `record`; false at the end of input.
    pub(crate) fn read_byte_record(&mut self, record: &mut Record) -> Result<bool> {
        record.clear();
        if !self.done {
            self.skip_line_ends()?;
        }
        record.pos = self.pos.clone();
        if self.done {
            record.bytes.clear();
            return Ok(false);
        }
        let (mut outlen, mut endlen) = (0usize, 0usize);
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(e) => {
                    self.done = true;
                    record.bytes.clear();
                    return Err(Error::from(e));
                }
            };
            let (res, nin, nout, nend) = self.core.read_record(
                input,
                record.bytes.get_mut(outlen..).unwrap_or_default(),
                record.ends.get_mut(endlen..).unwrap_or_default(),
            );
            self.input.consume(nin);
            let byte = self.pos.byte().saturating_add(nin as u64);
            self.pos.set_byte(byte).set_line(self.core.line());
            outlen = outlen.saturating_add(nout);
            endlen = endlen.saturating_add(nend);
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => grow(&mut record.bytes, 256),
                ReadRecordResult::OutputEndsFull => grow(&mut record.ends, 16),
                ReadRecordResult::Record => {
                    record.len = endlen;
                    record.bytes.truncate(outlen);
                    return self.check_width(record).map(|()| true);
                }
                ReadRecordResult::End => {
                    self.done = true;
                    record.bytes.clear();
                    return Ok(false);
                }
            }
        }
    }

    /// Reads the next record into `record`, every field checked to be
    /// UTF-8; false at the end of input.
    pub(crate) fn read_string_record(&mut self, record: &mut Record) -> Result<bool> {
        if !self.read_byte_record(record)? {
            return Ok(false);
        }
        match record.make_text() {
            Ok(()) => Ok(true),
            Err((field, at)) => {
                let detail = format!("field {} at byte {at}", field.saturating_add(1));
                record.len = 0;
                Err(Error::new(ErrorKind::Utf8 { detail }).at(position(&record.pos, "")))
            }
        }
    }

    /// Consumes the line ends before the next record (the `\n` of a
    /// CRLF the parser stopped at, blank lines), so that the record's
    /// position is where its first field starts: its own line, where the
    /// csv crate gives the line before in a CRLF file.
    fn skip_line_ends(&mut self) -> Result<()> {
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(e) => {
                    self.done = true;
                    return Err(Error::from(e));
                }
            };
            let n = input
                .iter()
                .position(|&b| b != b'\n' && b != b'\r')
                .unwrap_or(input.len());
            let lines = memchr::memchr_iter(b'\n', input.get(..n).unwrap_or_default()).count();
            let more = n == input.len() && n > 0;
            self.input.consume(n);
            let byte = self.pos.byte().saturating_add(n as u64);
            let line = self.pos.line().saturating_add(lines as u64);
            self.pos.set_byte(byte).set_line(line);
            if !more {
                break;
            }
        }
        self.core.set_line(self.pos.line());
        Ok(())
    }

    /// Counts the record just read and checks its width.
    fn check_width(&mut self, record: &Record) -> Result<()> {
        self.pos.set_record(self.pos.record().saturating_add(1));
        let len = record.len() as u64;
        match self.first_len {
            _ if self.flexible => Ok(()),
            None => {
                self.first_len = Some(len);
                Ok(())
            }
            Some(expected) if expected == len => Ok(()),
            Some(expected) => Err(Error::new(ErrorKind::FieldCount {
                expected,
                found: len,
            })
            .at(position(&record.pos, ""))),
        }
    }
}

/// One CSV record: its fields' bytes one after another, where each
/// ends, and the record's position.
///
/// The bytes are held as a `String` once checked to be UTF-8 (by
/// [`CsvReader::read_string_record`]), so that each field is a slice.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The fields' bytes, while not checked.
    bytes: Vec<u8>,
    /// The fields' text, once checked.
    text: String,
    /// Whether `text` (not `bytes`) holds the fields.
    is_text: bool,
    ends: Vec<usize>,
    /// The number of fields (`ends` may hold more, from longer records).
    len: usize,
    pos: csv::Position,
}

impl Record {
    /// An empty record at the start of input.
    pub(crate) fn new() -> Self {
        Record {
            bytes: Vec::new(),
            text: String::new(),
            is_text: false,
            ends: Vec::new(),
            len: 0,
            pos: csv::Position::new(),
        }
    }

    /// Empties the record, its buffer ready for the parser to fill.
    fn clear(&mut self) {
        self.len = 0;
        if self.is_text {
            self.bytes = std::mem::take(&mut self.text).into_bytes();
            self.is_text = false;
        }
        // The parser writes into the buffer's whole length.
        let room = self.bytes.capacity();
        self.bytes.resize(room, 0);
    }

    /// Moves the bytes into the text, or says which field (and at which
    /// byte of it) is not UTF-8.
    fn make_text(&mut self) -> std::result::Result<(), (usize, usize)> {
        let ends = self.ends.get(..self.len).unwrap_or_default();
        let bad = match String::from_utf8(std::mem::take(&mut self.bytes)) {
            Ok(text) => {
                // Valid as a whole, but a character may straddle two
                // fields: each field must be valid on its own.
                let straddles = ends.iter().position(|&e| !text.is_char_boundary(e));
                self.text = text;
                self.is_text = true;
                match straddles {
                    None => return Ok(()),
                    Some(field) => field,
                }
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                self.bytes = e.into_bytes();
                ends.iter().position(|&e| e > at).unwrap_or(0)
            }
        };
        // Find the byte within the field that is not valid on its own.
        let field = self.get_bytes(bad).unwrap_or_default();
        let at = std::str::from_utf8(field)
            .err()
            .map_or(0, |e| e.valid_up_to());
        Err((bad, at))
    }

    fn buffer(&self) -> &[u8] {
        if self.is_text {
            self.text.as_bytes()
        } else {
            &self.bytes
        }
    }

    /// The number of fields.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Where field `i` is in the buffer.
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.len {
            return None;
        }
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        Some((start, end))
    }

    /// Field `i`'s bytes.
    pub(crate) fn get_bytes(&self, i: usize) -> Option<&[u8]> {
        let (start, end) = self.span(i)?;
        self.buffer().get(start..end)
    }

    /// Field `i` as text: `None` past the last field, or where the field
    /// is not UTF-8 (never after [`CsvReader::read_string_record`]).
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let (start, end) = self.span(i)?;
        if self.is_text {
            self.text.get(start..end)
        } else {
            std::str::from_utf8(self.bytes.get(start..end)?).ok()
        }
    }

    /// The fields' bytes, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len).filter_map(|i| self.get_bytes(i))
    }

    /// Where the record starts: line, byte, and record number (the first
    /// record, a header where there is one, is 0).
    pub(crate) fn position(&self) -> &csv::Position {
        &self.pos
    }
}

impl<B> Drop for CsvReader<B> {
    fn drop(&mut self) {
        give_back(self.delimiter, std::mem::take(&mut self.core));
    }
}

/// Doubles `buf`'s length (at least `min`), filling with defaults.
fn grow<T: Default + Clone>(buf: &mut Vec<T>, min: usize) {
    let len = buf.len().saturating_mul(2).max(min);
    buf.resize(len, T::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, delimiter: u8) -> Vec<(Vec<String>, u64, u64, u64)> {
        let mut rdr = CsvReader::from_reader(text.as_bytes(), delimiter);
        let mut record = Record::new();
        let mut out = Vec::new();
        while rdr.read_string_record(&mut record).unwrap() {
            let p = record.position();
            out.push((
                (0..record.len())
                    .map(|i| record.get(i).unwrap().to_owned())
                    .collect(),
                p.line(),
                p.byte(),
                p.record(),
            ));
        }
        out
    }

    #[test]
    fn records_and_positions_as_the_csv_crate_gives_them() {
        let text = "a,b\r\n\"x\ny\",\"q\"\"\"\n\n1,2";
        let mut theirs = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let expected: Vec<_> = theirs
            .records()
            .map(|r| {
                let r = r.unwrap();
                let p = r.position().unwrap().clone();
                (
                    r.iter().map(str::to_owned).collect::<Vec<_>>(),
                    p.line(),
                    p.byte(),
                    p.record(),
                )
            })
            .collect();
        let ours = records(text, b',');
        // The same records as the csv crate reads; positions differ where
        // it counts the line end before a record as the record's start.
        let fields = |r: &[(Vec<String>, u64, u64, u64)]| {
            r.iter().map(|r| (r.0.clone(), r.3)).collect::<Vec<_>>()
        };
        assert_eq!(fields(&ours), fields(&expected));
        assert_eq!((expected[1].1, expected[1].2), (1, 4));
        // By hand: the second record starts on line 2 at byte 5 (after
        // "a,b\r\n"), its quoted field spans lines 2 and 3; the blank
        // line 4 is skipped, so the last record starts on line 5 at byte
        // 18.
        assert_eq!(ours[1].0, ["x\ny", "q\""]);
        assert_eq!(
            ours.iter().map(|r| (r.1, r.2, r.3)).collect::<Vec<_>>(),
            [(1, 0, 0), (2, 5, 1), (5, 18, 2)]
        );
    }

    #[test]
    fn a_parser_reused_starts_afresh() {
        // The first reader stops inside a quoted field; the parser it
        // gives back must not carry that state (or its line count) over.
        {
            let mut rdr = CsvReader::from_reader(&b"\"open\nfield"[..], b',');
            let mut record = Record::new();
            assert!(rdr.read_byte_record(&mut record).unwrap());
        }
        assert_eq!(
            records("a,b\n1,2\n", b','),
            [
                (vec!["a".to_owned(), "b".to_owned()], 1, 0, 0),
                (vec!["1".to_owned(), "2".to_owned()], 2, 4, 1)
            ]
        );
    }

    #[test]
    fn delimiters_other_than_the_kept_ones() {
        assert_eq!(records("a|b\n1|2\n", b'|')[1].0, ["1", "2"]);
        assert_eq!(records("a;b\n1;2\n", b';')[1].0, ["1", "2"]);
        assert_eq!(records("a\tb\n1\t2\n", b'\t')[1].0, ["1", "2"]);
    }

    #[test]
    fn long_fields_grow_the_scratch() {
        let long = "x".repeat(100_000);
        let fields = vec!["f"; 300].join(",");
        let text = format!("{long},1\n{fields}\n");
        let mut rdr = CsvReader::from_reader(text.as_bytes(), b',').flexible(true);
        let mut record = Record::new();
        assert!(rdr.read_byte_record(&mut record).unwrap());
        assert_eq!(record.get_bytes(0).map(<[u8]>::len), Some(100_000));
        assert_eq!(record.get(1), Some("1"));
        assert!(rdr.read_byte_record(&mut record).unwrap());
        assert_eq!(record.len(), 300);
        assert_eq!(record.position().line(), 2);
        assert_eq!(record.get(300), None);
    }

    #[test]
    fn unequal_lengths_and_bad_utf8_say_where() {
        let mut rdr = CsvReader::from_reader(&b"a,b\n1,2,3\n"[..], b',');
        let mut record = Record::new();
        assert!(rdr.read_string_record(&mut record).unwrap());
        let e = rdr.read_string_record(&mut record).unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::FieldCount {
                expected: 2,
                found: 3
            }
        ));
        assert_eq!(e.position().and_then(crate::error::Position::line), Some(2));

        let mut rdr = CsvReader::from_reader(&b"a,b\n1,\xFF\n5,6\n"[..], b',');
        assert!(rdr.read_string_record(&mut record).unwrap());
        let e = rdr.read_string_record(&mut record).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Utf8 { detail } if detail == "field 2 at byte 0"),
            "{e}"
        );
        assert_eq!(e.position().and_then(crate::error::Position::line), Some(2));
        // The next record reads on.
        assert!(rdr.read_string_record(&mut record).unwrap());
        assert_eq!(record.get(0), Some("5"));

        // "€" is E2 82 AC: split over two fields, each is invalid alone
        // though the bytes together are valid.
        let mut rdr = CsvReader::from_reader(&b"a,b\n\xE2,\x82\xAC\n"[..], b',');
        assert!(rdr.read_string_record(&mut record).unwrap());
        let e = rdr.read_string_record(&mut record).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Utf8 { detail } if detail == "field 1 at byte 0"),
            "{e}"
        );

        // A bad record at the end of input, without a line end: the next
        // read is the end, whatever the record held.
        let mut rdr = CsvReader::from_reader(&b"a,b\n1,2,\xFF"[..], b',');
        assert!(rdr.read_string_record(&mut record).unwrap());
        assert!(rdr.read_string_record(&mut record).is_err());
        assert!(!rdr.read_string_record(&mut record).unwrap());
        assert!(!rdr.read_string_record(&mut record).unwrap());

        let flexible = CsvReader::from_reader(&b"a\n1,2\n"[..], b',').flexible(true);
        let mut flexible = flexible;
        assert!(flexible.read_string_record(&mut record).unwrap());
        assert!(flexible.read_string_record(&mut record).unwrap());
        assert_eq!(record.len(), 2);
        assert!(!flexible.read_string_record(&mut record).unwrap());
    }
}
