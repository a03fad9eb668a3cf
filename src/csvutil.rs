//! Shared CSV plumbing: header lookup by name, error mapping with
//! positions.

use std::io::{self, BufRead, BufReader, Read};

use crate::error::{Error, ErrorKind, LineTooLong, Position, Result};

mod records;

pub(crate) use records::{CsvReader, Record};

/// The longest line the crate's text readers accept unless told
/// otherwise (see [`Reader::max_line_bytes`](crate::Reader::max_line_bytes)):
/// 1 MiB, a thousand times the longest line of a real trade file, so a
/// file that is not one (a binary, a single 100 MB line) fails early
/// with a clear error instead of filling memory.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;

/// Passes bytes through, failing as soon as a record grows longer than
/// `limit` bytes.
///
/// A record is a line, or several where a quoted field holds line ends
/// (`"a\nb"`), as CSV allows: a field with a line end every 100 bytes
/// cannot grow a record without bound. The record's end (`\n`, or
/// `\r\n`) is not counted, so a line of exactly `limit` bytes passes
/// with either end. A quote opens a quoted field only at a field's start
/// (after `,`, a tab, a line end or the input's start), as the CSV parser
/// reads it; elsewhere it is an ordinary byte.
pub(crate) struct LineLimit<R> {
    inner: R,
    limit: usize,
    /// Bytes of the current record so far, its end not counted.
    current: usize,
    /// The line being read, and the line the current record starts on.
    line: u64,
    record_line: u64,
    in_quotes: bool,
    /// The byte before the next one read (a line end at the start).
    last: u8,
}

impl<R> LineLimit<R> {
    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    pub(crate) fn new(inner: R, limit: usize) -> Self {
        LineLimit {
            inner,
            limit,
            current: 0,
            line: 1,
            record_line: 1,
            in_quotes: false,
            last: b'\n',
        }
    }
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.limit == usize::MAX {
            // No limit to enforce (the BACI reader applies its own).
            return Ok(n);
        }
        let chunk = buf.get(..n).unwrap_or(&[]);
        let mut start = 0;
        for at in memchr::memchr2_iter(b'\n', b'"', chunk) {
            let before = if at == 0 {
                self.last
            } else {
                chunk.get(at.saturating_sub(1)).copied().unwrap_or(b'\n')
            };
            if chunk.get(at) == Some(&b'"') {
                if self.in_quotes {
                    self.in_quotes = false;
                } else if matches!(before, b',' | b'\t' | b'\n' | b'"') {
                    // A field's opening quote, or the second of an
                    // escaped pair ("") inside a quoted field.
                    self.in_quotes = true;
                }
                continue;
            }
            self.line = self.line.saturating_add(1);
            if self.in_quotes {
                continue;
            }
            // The record ends here; its `\r`, if any, is not counted.
            let mut len = self.current.saturating_add(at.saturating_sub(start));
            if before == b'\r' {
                len = len.saturating_sub(1);
            }
            if len > self.limit {
                return Err(self.too_long());
            }
            self.current = 0;
            self.record_line = self.line;
            start = at.saturating_add(1);
        }
        self.current = self.current.saturating_add(n.saturating_sub(start));
        if let Some(&b) = chunk.last() {
            self.last = b;
        }
        // One byte over may be the `\r` of a line end still to come.
        let pending_cr = usize::from(self.last == b'\r');
        if self.current.saturating_sub(pending_cr) > self.limit {
            return Err(self.too_long());
        }
        Ok(n)
    }
}

impl<R> LineLimit<R> {
    fn too_long(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            LineTooLong {
                line: self.record_line,
                limit: self.limit,
            },
        )
    }
}

/// A CSV reader with the settings every format of this crate uses: a
/// header line handled by [`Columns`], strict field counts.
/// The field separator a header line uses: whichever of `,`, `;` and a
/// tab it holds most often outside quotes (a comma when it holds none).
/// For files written where the decimal mark is a comma (`;`) or by
/// spreadsheet exports (tabs).
pub(crate) fn sniff_delimiter(header: &[u8]) -> u8 {
    let line = header
        .iter()
        .position(|&b| b == b'\n')
        .and_then(|end| header.get(..end))
        .unwrap_or(header);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] = counts[0].saturating_add(1),
            b';' if !quoted => counts[1] = counts[1].saturating_add(1),
            b'\t' if !quoted => counts[2] = counts[2].saturating_add(1),
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

pub(crate) fn reader<R: Read>(r: R, delimiter: u8) -> CsvReader<BufReader<R>> {
    CsvReader::from_reader(r, delimiter)
}

/// [`reader`] over `r` with the default line limit: for the readers of
/// tables (nomenclature, correlations, input-output) that have no
/// options.
pub(crate) fn limited_reader<R: Read>(r: R) -> CsvReader<BufReader<LineLimit<R>>> {
    reader(LineLimit::new(r, DEFAULT_MAX_LINE_BYTES), b',')
}

/// The lines of `r`, refusing any longer than [`DEFAULT_MAX_LINE_BYTES`].
pub(crate) fn limited_lines<R: Read>(r: R) -> io::Lines<io::BufReader<LineLimit<R>>> {
    io::BufRead::lines(io::BufReader::new(LineLimit::new(
        r,
        DEFAULT_MAX_LINE_BYTES,
    )))
}

/// The position of a record, with a column name.
pub(crate) fn position(pos: &csv::Position, column: &str) -> Position {
    Position {
        line: Some(pos.line()),
        // The header is record 0 in csv's count; data records count from 1.
        record: Some(pos.record()),
        byte: Some(pos.byte()),
        column: (!column.is_empty()).then(|| column.to_owned()),
        ..Position::default()
    }
}

/// Maps an error of the csv crate (its writer's) to this crate's error,
/// with position.
pub(crate) fn map_csv_error(e: csv::Error) -> Error {
    let pos = e.position().cloned();
    let kind = match e.into_kind() {
        csv::ErrorKind::Io(io) => return Error::from(io),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => ErrorKind::FieldCount {
            expected: expected_len,
            found: len,
        },
        csv::ErrorKind::Utf8 { err, .. } => ErrorKind::Utf8 {
            detail: format!(
                "field {} at byte {}",
                err.field().saturating_add(1),
                err.valid_up_to()
            ),
        },
        other => ErrorKind::Csv {
            detail: format!("{other:?}"),
        },
    };
    let err = Error::new(kind);
    match pos {
        Some(p) => err.at(position(&p, "")),
        None => err,
    }
}

/// The columns a format needs, found by name in the header line.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    header: Vec<String>,
    required: Vec<(&'static str, usize)>,
}

impl Columns {
    /// Reads the header line and finds each required column by name
    /// (letter case and surrounding spaces ignored, a UTF-8 byte order
    /// mark removed).
    pub(crate) fn new<B: BufRead>(
        rdr: &mut CsvReader<B>,
        required: &[&'static str],
    ) -> Result<Columns> {
        let mut first = Record::new();
        if !rdr.read_byte_record(&mut first)? {
            return Err(Error::new(ErrorKind::EmptyInput));
        }
        let header: Vec<String> = first
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = if i == 0 {
                    f.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(f)
                } else {
                    f
                };
                String::from_utf8_lossy(f).trim().to_owned()
            })
            .collect();
        let mut cols = Columns {
            header,
            required: Vec::new(),
        };
        for name in required {
            let i = cols.find(name).ok_or_else(|| {
                Error::new(ErrorKind::MissingColumn {
                    name,
                    found: cols.header.join(","),
                })
                .at(position(first.position(), ""))
            })?;
            cols.required.push((name, i));
        }
        Ok(cols)
    }

    /// The index of a column by name, if the header has it.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The number of columns in the header.
    pub(crate) fn width(&self) -> usize {
        self.header.len()
    }

    /// The field index of the `i`-th required column.
    pub(crate) fn index(&self, i: usize) -> usize {
        self.required.get(i).map_or(usize::MAX, |r| r.1)
    }

    /// The name of the `i`-th required column.
    pub(crate) fn name(&self, i: usize) -> &'static str {
        self.required.get(i).map_or("", |r| r.0)
    }
}
