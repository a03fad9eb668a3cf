//! The crate's own JSON (an array of flow objects, as
//! [`TradeData::write_json`](crate::TradeData::write_json) writes it), read
//! one flow at a time.
//!
//! The array's outline (`[`, commas, `]`) is scanned byte by byte without
//! recursion, and each element is cut out whole (strings and escapes
//! respected, brackets counted) and handed to `serde_json` on its own. So
//! memory is bounded by the longest flow object, which is limited by
//! [`Reader::max_line_bytes`](crate::Reader::max_line_bytes), not by the
//! file; a flow that does not deserialize is a record error that lenient
//! mode can skip, and a broken outline stops reading with
//! [`ErrorKind::JsonStructure`].

use std::io::{self, BufRead, BufReader, Read};

use crate::data::read::Item;
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::flow::TradeFlow;

/// Bytes read from the source at a time.
const CHUNK: usize = 64 * 1024;

enum State {
    /// Inside the array; `first` until an element has been read.
    Items { first: bool },
    /// After the closing `]`, or after an error that ends reading.
    Done,
}

pub(crate) struct JsonParser<R> {
    src: BufReader<R>,
    /// The line (from 1) of the next byte.
    line: u64,
    /// Bytes consumed so far.
    offset: u64,
    /// The element being cut out.
    element: Vec<u8>,
    max_element: usize,
    /// Elements read so far.
    index: u64,
    state: State,
}

impl<R: Read> JsonParser<R> {
    /// Reads up to the array's opening `[`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyInput`] for an input of nothing but white space;
    /// [`ErrorKind::JsonStructure`] when the input is not an array.
    pub(crate) fn new(src: R, max_element: usize) -> Result<Self> {
        let mut p = JsonParser {
            src: BufReader::with_capacity(CHUNK, src),
            line: 1,
            offset: 0,
            element: Vec::new(),
            max_element,
            index: 0,
            state: State::Done,
        };
        p.skip_bom()?;
        match p.skip_ws()? {
            None => return Err(Error::new(ErrorKind::EmptyInput)),
            Some(b'[') => p.bump(b'['),
            Some(b) => {
                return Err(p.structure(format!(
                    "expected an array of flows ('['), found {}",
                    shown(b)
                )));
            }
        }
        p.state = State::Items { first: true };
        Ok(p)
    }

    /// The next flow, `None` after the closing `]` or after an error that
    /// ends reading.
    pub(crate) fn next(&mut self) -> Option<Result<Item>> {
        match self.step() {
            Ok(item) => {
                if item.is_none() {
                    self.state = State::Done;
                }
                item
            }
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }

    fn step(&mut self) -> Result<Option<Result<Item>>> {
        let State::Items { first } = self.state else {
            return Ok(None);
        };
        match (first, self.skip_ws()?) {
            (_, None) => {
                return Err(self.structure("the input ends inside the array: a ']' is missing"));
            }
            (_, Some(b']')) => {
                self.bump(b']');
                if let Some(b) = self.skip_ws()? {
                    return Err(
                        self.structure(format!("{} after the array's closing ']'", shown(b)))
                    );
                }
                return Ok(None);
            }
            (false, Some(b',')) => {
                self.bump(b',');
                match self.skip_ws()? {
                    Some(b']') => return Err(self.structure("a ',' before the closing ']'")),
                    None => {
                        return Err(
                            self.structure("the input ends inside the array: a ']' is missing")
                        );
                    }
                    Some(_) => {}
                }
            }
            (false, Some(b)) => {
                return Err(self.structure(format!(
                    "expected ',' or ']' after a flow, found {}",
                    shown(b)
                )));
            }
            (true, Some(_)) => {}
        }
        if self.peek()? == Some(b',') {
            return Err(self.structure("a ',' where a flow should be"));
        }
        self.state = State::Items { first: false };
        let (line, byte) = (self.line, self.offset);
        self.cut_element()?;
        self.index = self.index.saturating_add(1);
        let at = Position {
            record: Some(self.index),
            byte: Some(byte),
            ..Position::default()
        };
        Ok(Some(
            match serde_json::from_slice::<TradeFlow>(&self.element) {
                Ok(flow) => Ok(Item::Flow(flow)),
                Err(e) => Err(element_error(&e, line).at(at)),
            },
        ))
    }

    /// Cuts the element that starts at the next byte into `self.element`,
    /// a buffered chunk at a time.
    fn cut_element(&mut self) -> Result<()> {
        self.element.clear();
        let (line, byte) = (self.line, self.offset);
        let mut scan = Scan::default();
        loop {
            if self.peek()?.is_none() {
                if scan.depth == 0 && !scan.in_string {
                    // A scalar at the very end: the missing ']' is
                    // reported by the next step.
                    return Ok(());
                }
                return Err(self.structure("the input ends inside a flow"));
            }
            let avail = self.src.fill_buf()?;
            let first = self.element.is_empty();
            let end = scan.end(avail, first);
            let n = end.unwrap_or(avail.len());
            let chunk = avail.get(..n).unwrap_or_default();
            if self.element.len().saturating_add(n) > self.max_element {
                return Err(structure_at(
                    format!(
                        "a flow is longer than {} bytes: not a file of this kind, or raise the limit with Reader::max_line_bytes",
                        self.max_element
                    ),
                    line,
                    byte,
                ));
            }
            self.element.extend_from_slice(chunk);
            let newlines = memchr::memchr_iter(b'\n', chunk).count() as u64;
            self.line = self.line.saturating_add(newlines);
            self.offset = self.offset.saturating_add(n as u64);
            self.src.consume(n);
            if end.is_some() {
                return Ok(());
            }
        }
    }

    /// The next byte, `None` at the end of the input.
    fn peek(&mut self) -> Result<Option<u8>> {
        loop {
            match self.src.fill_buf() {
                Ok(bytes) => return Ok(bytes.first().copied()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::from(e)),
            }
        }
    }

    /// Consumes `b`, the byte [`peek`](Self::peek) returned.
    fn bump(&mut self, b: u8) {
        self.src.consume(1);
        self.offset = self.offset.saturating_add(1);
        if b == b'\n' {
            self.line = self.line.saturating_add(1);
        }
    }

    fn skip_ws(&mut self) -> Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b @ (b' ' | b'\t' | b'\n' | b'\r')) => self.bump(b),
                other => return Ok(other),
            }
        }
    }

    /// Skips a UTF-8 byte order mark, as the CSV readers do.
    fn skip_bom(&mut self) -> Result<()> {
        if self.peek()? != Some(0xEF) {
            return Ok(());
        }
        for want in [0xEF, 0xBB, 0xBF] {
            match self.peek()? {
                Some(b) if b == want => self.bump(b),
                other => {
                    return Err(self.structure(format!(
                        "expected an array of flows ('['), found {}",
                        other.map_or_else(|| "the end of the input".to_owned(), shown)
                    )));
                }
            }
        }
        Ok(())
    }

    fn structure(&self, detail: impl Into<String>) -> Error {
        structure_at(detail, self.line, self.offset)
    }

    /// Bytes read from the source.
    pub(crate) fn bytes(&self) -> u64 {
        self.offset
    }
}

fn structure_at(detail: impl Into<String>, line: u64, byte: u64) -> Error {
    Error::new(ErrorKind::JsonStructure {
        detail: detail.into(),
    })
    .at(Position {
        line: Some(line),
        byte: Some(byte),
        ..Position::default()
    })
}

/// Where an element's scan stands: its bracket depth, and whether it is
/// inside a string (just after a backslash).
#[derive(Default)]
struct Scan {
    depth: u64,
    in_string: bool,
    escaped: bool,
}

impl Scan {
    /// How many bytes of `bytes` belong to the element, if it ends within
    /// them. `first` when `bytes` starts the element.
    fn end(&mut self, bytes: &[u8], first: bool) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.depth == 0 {
                        return Some(i.saturating_add(1));
                    }
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth = self.depth.saturating_add(1),
                b'}' | b']' if self.depth > 0 => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Some(i.saturating_add(1));
                    }
                }
                // A scalar ends where the array goes on; a stray '}' that
                // starts an element is taken, so serde_json names it.
                b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r' if self.depth == 0 => {
                    return Some(if i == 0 && first { 1 } else { i });
                }
                _ => {}
            }
        }
        None
    }
}

/// A byte as an error message shows it.
fn shown(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", char::from(b))
    } else {
        format!("byte 0x{b:02X}")
    }
}

/// A flow object that `serde_json` rejected, with its line in the whole
/// input (the element starts on `line`).
fn element_error(e: &serde_json::Error, line: u64) -> Error {
    let text = e.to_string();
    let detail = match text.rsplit_once(" at line ") {
        Some((head, _)) if e.line() > 0 => head.to_owned(),
        _ => text,
    };
    let line = line.saturating_add((e.line() as u64).saturating_sub(1));
    Error::new(ErrorKind::Json { detail }).at(Position {
        line: Some(line),
        ..Position::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_name(e: &Error) -> String {
        let debug = format!("{:?}", e.kind());
        debug.split(' ').next().unwrap_or_default().to_owned()
    }

    /// What each step yields: the reporter of a flow, or the kind of an
    /// error.
    fn read(text: &str) -> Vec<std::result::Result<String, String>> {
        let mut p = match JsonParser::new(text.as_bytes(), 1 << 20) {
            Ok(p) => p,
            Err(e) => return vec![Err(kind_name(&e))],
        };
        let mut out = Vec::new();
        while let Some(item) = p.next() {
            out.push(match item {
                Ok(Item::Flow(f)) => Ok(f.reporter().to_string()),
                Ok(Item::LeftOut) => Ok("left out".to_owned()),
                Err(e) => Err(kind_name(&e)),
            });
        }
        out
    }

    const FLOW: &str = r#"{"reporter":"JPN","partner":"CHN","direction":"import","product":"850511","period":"2024","value":"12.5","currency":"USD"}"#;

    #[test]
    fn outline() {
        assert_eq!(read("[]"), vec![]);
        assert_eq!(read(" \n[ \n] \n"), vec![]);
        assert_eq!(
            read(&format!("\u{feff}[{FLOW}]")),
            vec![Ok("JPN".to_owned())]
        );
        assert_eq!(
            read(&format!("[{FLOW},\n{FLOW}]")),
            vec![Ok("JPN".to_owned()), Ok("JPN".to_owned())]
        );
        assert_eq!(read("  "), vec![Err("EmptyInput".to_owned())]);
        assert_eq!(read("{}"), vec![Err("JsonStructure".to_owned())]);
        // Broken outlines end reading with one error.
        for bad in [
            format!("[{FLOW}"),
            format!("[{FLOW},"),
            format!("[{FLOW},]"),
            format!("[{FLOW} {FLOW}]"),
            format!("[{FLOW}] x"),
            format!("[,{FLOW}]"),
            format!("[{FLOW},,{FLOW}]"),
            format!("[{}", FLOW.get(..20).unwrap_or_default()),
        ] {
            let got = read(&bad);
            assert_eq!(got.last(), Some(&Err("JsonStructure".to_owned())), "{bad}");
        }
        // A flow that does not deserialize is a record error; the next
        // one is still read.
        assert_eq!(
            read(&format!("[1, \"x\", {{}}, }}, {FLOW}]")),
            vec![
                Err("Json".to_owned()),
                Err("Json".to_owned()),
                Err("Json".to_owned()),
                Err("Json".to_owned()),
                Ok("JPN".to_owned())
            ]
        );
    }

    #[test]
    fn strings_hide_brackets_and_escapes() {
        // A '}' or an escaped quote inside a string does not end the
        // object: the whole object reaches serde_json, which rejects the
        // product text as an HS code, and the array goes on.
        let tricky = FLOW.replace("850511", "85\\\"}]0511");
        let text = format!("[{tricky}, {FLOW}]");
        let mut p = JsonParser::new(text.as_bytes(), 1 << 20).unwrap();
        let Some(Err(e)) = p.next() else {
            panic!("expected an error")
        };
        assert!(matches!(e.kind(), ErrorKind::Json { .. }), "{e}");
        assert!(e.to_string().contains(r#"85\"}]0511"#), "{e}");
        assert!(matches!(p.next(), Some(Ok(Item::Flow(_)))));
        assert!(p.next().is_none());
    }

    /// A reader that hands out one byte per call, so that every element
    /// straddles chunk boundaries.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&b, rest)), Some(slot)) => {
                    *slot = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn byte_by_byte_reads_the_same() {
        let tricky = FLOW.replace("850511", "85\\\"}]0511");
        let text = format!("\u{feff}[\n{FLOW} , {tricky},\n 12, \"a,b\", }}, [1, [2]],{FLOW}\n]\n");
        let summary = |mut p: JsonParser<&mut dyn Read>| {
            let mut out = Vec::new();
            while let Some(item) = p.next() {
                out.push(match item {
                    Ok(Item::Flow(f)) => format!("{}", f.value()),
                    Ok(Item::LeftOut) => "left out".to_owned(),
                    Err(e) => e.to_string(),
                });
            }
            (out, p.line, p.offset)
        };
        let mut whole: &[u8] = text.as_bytes();
        let mut trickle = Trickle(text.as_bytes());
        let a = summary(JsonParser::new(&mut whole as &mut dyn Read, 1 << 20).unwrap());
        let b = summary(JsonParser::new(&mut trickle as &mut dyn Read, 1 << 20).unwrap());
        assert_eq!(a, b);
        assert_eq!(a.0.len(), 7, "{:?}", a.0);
        assert_eq!(a.0[0], "12.5 USD");
        assert_eq!(a.0[6], "12.5 USD");
        assert_eq!(a.1, 5);
        assert_eq!(a.2, text.len() as u64);
    }

    #[test]
    fn positions() {
        let text = format!("[\n{FLOW},\n{}\n]", FLOW.replace("JPN", "XXX"));
        let mut p = JsonParser::new(text.as_bytes(), 1 << 20).unwrap();
        assert!(matches!(p.next(), Some(Ok(Item::Flow(_)))));
        let Some(Err(e)) = p.next() else {
            panic!("expected an error")
        };
        let pos = e.position().unwrap();
        assert_eq!(pos.line(), Some(3));
        assert_eq!(pos.record(), Some(2));
        // '[', '\n', the first flow, ',', '\n'.
        assert_eq!(pos.byte(), Some(FLOW.len() as u64 + 4));
        assert!(!e.to_string().contains("column"), "{e}");
        assert!(p.next().is_none());
    }

    #[test]
    fn long_elements_stop_reading() {
        let text = format!("[{FLOW}]");
        let mut p = JsonParser::new(text.as_bytes(), 50).unwrap();
        let Some(Err(e)) = p.next() else {
            panic!("expected an error")
        };
        assert!(matches!(e.kind(), ErrorKind::JsonStructure { .. }), "{e}");
        assert!(e.to_string().contains("longer than 50 bytes"), "{e}");
        assert!(p.next().is_none());
    }
}
