//! Lines of a byte stream, found with `memchr` in a reusable buffer: the
//! fast path of the BACI reader, which needs no CSV state machine for
//! lines without quotes.

use std::io::{self, Read};

use crate::error::{Error, ErrorKind, Position, Result};

/// Bytes asked of the input per read, once the buffer has grown.
const READ_SIZE: usize = 256 * 1024;

/// The buffer's first size: a small input costs little to set up, and
/// the buffer doubles while reads fill it, up to [`READ_SIZE`].
const FIRST_SIZE: usize = 8 * 1024;

/// Where a line starts: its number (from 1), the number of non-empty
/// lines before it (the record number, the header being record 0) and
/// its byte offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LinePos {
    pub(crate) line: u64,
    pub(crate) record: u64,
    pub(crate) byte: u64,
}

impl LinePos {
    /// The position as the csv crate would give it, for the shared error
    /// helpers.
    pub(crate) fn csv(self) -> csv::Position {
        let mut p = csv::Position::new();
        p.set_line(self.line)
            .set_record(self.record)
            .set_byte(self.byte);
        p
    }
}

/// Splits a reader into lines (without `\n` or `\r\n`), refusing lines
/// longer than a limit, in a buffer that is reused.
pub(crate) struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Whether the last read filled all the space it was given.
    filled: bool,
    max_line: usize,
    next: LinePos,
}

impl<R: Read> LineReader<R> {
    /// Lines of `inner`, the first of which is number `first.line` at
    /// byte `first.byte`.
    pub(crate) fn new(inner: R, max_line: usize, first: LinePos) -> Self {
        LineReader {
            inner,
            buf: vec![0; FIRST_SIZE],
            start: 0,
            end: 0,
            eof: false,
            filled: false,
            max_line,
            next: first,
        }
    }

    /// The position the next line will have.
    pub(crate) fn position(&self) -> LinePos {
        self.next
    }

    /// The reader underneath.
    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }

    fn too_long(&self) -> Error {
        Error::new(ErrorKind::LineTooLong {
            limit: self.max_line,
        })
        .at(Position {
            line: Some(self.next.line),
            byte: Some(self.next.byte),
            ..Position::default()
        })
    }

    /// The next non-empty line and its position; `None` at the end of
    /// the input.
    pub(crate) fn next_line(&mut self) -> Result<Option<(&[u8], LinePos)>> {
        loop {
            let pending = self.end.saturating_sub(self.start);
            let found = memchr::memchr(b'\n', self.buf.get(self.start..self.end).unwrap_or(&[]));
            let (len, consumed) = match found {
                Some(i) => (i, i.saturating_add(1)),
                None if self.eof => (pending, pending),
                None => {
                    // A `\r` at the end may start the line's `\r\n`,
                    // which the limit does not count.
                    let cr = self
                        .end
                        .checked_sub(1)
                        .and_then(|i| self.buf.get(i))
                        .is_some_and(|b| *b == b'\r');
                    if pending.saturating_sub(usize::from(cr)) > self.max_line {
                        return Err(self.too_long());
                    }
                    self.fill()?;
                    continue;
                }
            };
            if consumed == 0 {
                return Ok(None);
            }
            let at = self.next;
            let line_start = self.start;
            self.start = self.start.saturating_add(consumed);
            self.next.line = self.next.line.saturating_add(1);
            self.next.byte = self.next.byte.saturating_add(consumed as u64);
            let end = line_start.saturating_add(len);
            let cr = end > line_start && self.buf.get(end.saturating_sub(1)) == Some(&b'\r');
            let end = if cr { end.saturating_sub(1) } else { end };
            let line_len = end.saturating_sub(line_start);
            if line_len > self.max_line {
                self.next = at;
                return Err(self.too_long());
            }
            if line_len == 0 {
                continue;
            }
            self.next.record = self.next.record.saturating_add(1);
            return Ok(Some((self.buf.get(line_start..end).unwrap_or(&[]), at)));
        }
    }

    /// Offers the unread bytes to `parse`, which recognises a line at
    /// their start and returns its value and the line's length, the
    /// position of the `\n` that ends it. The line is then consumed, as
    /// [`next_line`](Self::next_line) would have returned it: the fast
    /// path of a reader, which finds the line's end while it parses.
    /// `None` (nothing consumed) where `parse` declines, or for an empty
    /// or too long line, which [`next_line`](Self::next_line) then reads.
    #[inline]
    pub(crate) fn try_line<T>(
        &mut self,
        parse: impl FnOnce(&[u8]) -> Option<(T, usize)>,
    ) -> Option<T> {
        let pending = self.buf.get(self.start..self.end)?;
        let (value, len) = parse(pending)?;
        if len == 0 || len > self.max_line || pending.get(len) != Some(&b'\n') {
            return None;
        }
        let consumed = len.saturating_add(1);
        self.start = self.start.saturating_add(consumed);
        self.next.line = self.next.line.saturating_add(1);
        self.next.record = self.next.record.saturating_add(1);
        self.next.byte = self.next.byte.saturating_add(consumed as u64);
        Some(value)
    }

    /// Moves the unread bytes to the front and reads more after them,
    /// growing the buffer when a line does not fit.
    fn fill(&mut self) -> Result<()> {
        self.buf.copy_within(self.start..self.end, 0);
        self.end = self.end.saturating_sub(self.start);
        self.start = 0;
        let len = self.buf.len();
        // Grow while a line does not fit in half the buffer, or while
        // the input keeps filling it and reads are still small.
        if len.saturating_sub(self.end) < len / 2 || (self.filled && len < READ_SIZE) {
            self.buf.resize(len.saturating_mul(2), 0);
        }
        let space = self.buf.get_mut(self.end..).unwrap_or(&mut []);
        let room = space.len();
        let n = loop {
            match self.inner.read(space) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::from(e)),
            }
        };
        self.filled = n == room;
        if n == 0 {
            self.eof = true;
        }
        self.end = self.end.saturating_add(n);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Result<Vec<(String, u64, u64, u64)>> {
        let mut r = LineReader::new(
            input,
            max,
            LinePos {
                line: 1,
                record: 0,
                byte: 0,
            },
        );
        let mut out = Vec::new();
        while let Some((l, p)) = r.next_line()? {
            out.push((
                String::from_utf8_lossy(l).into_owned(),
                p.line,
                p.record,
                p.byte,
            ));
        }
        Ok(out)
    }

    #[test]
    fn splits_lines_skipping_empty_ones_and_counting_positions() {
        // Worked by hand: "a" at byte 0 (line 1), an empty line 2 at byte
        // 2, "bc" with CRLF at byte 3 (line 3), "d" unterminated at byte 7.
        let got = lines(b"a\n\nbc\r\nd", 10).unwrap();
        assert_eq!(
            got,
            [
                ("a".into(), 1, 0, 0),
                ("bc".into(), 3, 1, 3),
                ("d".into(), 4, 2, 7)
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_an_error_with_its_line() {
        let e = lines(b"ok\n12345678\nok\n", 5).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::LineTooLong { limit: 5 }));
        assert_eq!(e.position().and_then(Position::line), Some(2));
    }

    #[test]
    fn lines_longer_than_the_buffer_are_read_whole() {
        let long = "x".repeat(READ_SIZE * 3);
        let input = format!("{long}\nend\n");
        let got = lines(input.as_bytes(), usize::MAX).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.len(), READ_SIZE * 3);
        assert_eq!(got[1], ("end".into(), 2, 1, (READ_SIZE * 3 + 1) as u64));
    }
}
