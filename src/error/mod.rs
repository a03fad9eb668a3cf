//! The crate's one error type.
//!
//! Every fallible function in `tradedep` returns [`Error`]: a pointer-sized,
//! opaque value (`Send + Sync`) whose [`kind`](Error::kind) says what went
//! wrong and whose [`position`](Error::position) says where in an input
//! file, when the error came from a reader. The design follows `csv` and
//! `jiff`: one error type keeps signatures simple, the boxed kind keeps
//! `Result<T, Error>` small, and [`ErrorKind`] is `#[non_exhaustive]` so
//! that new failure modes are not breaking changes.
//!
//! Messages are lowercase and say what to do where that is not obvious.

use std::fmt;
use std::path::{Path, PathBuf};

mod kind;

pub use kind::ErrorKind;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The error of every fallible operation in this crate.
///
/// # Example
///
/// ```
/// use tradedep::{ErrorKind, HsCode};
///
/// let err = "12345678901".parse::<HsCode>().unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::HsCode { .. }));
/// assert!(err.to_string().contains("12345678901"));
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    position: Option<Position>,
}

impl Error {
    /// Creates an error of the given kind, with no position. Texts it
    /// carries longer than [`MAX_QUOTED_BYTES`] are cut.
    #[must_use]
    pub fn new(mut kind: ErrorKind) -> Self {
        kind.clip();
        Error(Box::new(Inner {
            kind,
            position: None,
        }))
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Consumes the error and returns its kind.
    #[must_use]
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// Where in an input the error was found, for errors raised by readers.
    #[must_use]
    pub fn position(&self) -> Option<&Position> {
        self.0.position.as_ref()
    }

    /// Attaches a position, keeping any field already set on an existing
    /// one (so a reader can add the file name to a position that already
    /// names the line and column).
    #[must_use]
    pub(crate) fn at(mut self, position: Position) -> Self {
        match &mut self.0.position {
            Some(existing) => existing.merge(position),
            None => self.0.position = Some(position),
        }
        self
    }

    /// Moves the line and record numbers of the position, where it has
    /// them, by `lines` and `records`: for errors found in a piece of a
    /// file read from its middle.
    pub(crate) fn shifted(mut self, lines: u64, records: u64) -> Self {
        if let Some(p) = self.0.position.as_mut() {
            p.line = p.line.map(|l| l.saturating_add(lines));
            p.record = p.record.map(|r| r.saturating_add(records));
        }
        self
    }

    /// Sets the file path on the position, creating one if needed.
    #[must_use]
    pub(crate) fn in_file(mut self, path: &Path) -> Self {
        let pos = self.0.position.get_or_insert_with(Position::default);
        if pos.path.is_none() {
            pos.path = Some(path.to_path_buf());
        }
        self
    }

    /// True for errors that concern one record of an input and that a
    /// lenient reader may skip; false for I/O failures and errors that
    /// make the rest of the input unreadable (a missing column, say).
    #[must_use]
    pub fn is_record_error(&self) -> bool {
        !matches!(
            self.kind(),
            ErrorKind::Io(_)
                | ErrorKind::EmptyInput
                | ErrorKind::MissingColumn { .. }
                | ErrorKind::Overlap { .. }
                | ErrorKind::CurrencyMismatch { .. }
                | ErrorKind::LineTooLong { .. }
                | ErrorKind::JsonStructure { .. }
                | ErrorKind::Parquet { .. }
                | ErrorKind::Panel { .. }
        )
    }

    /// Puts the error at row `record` (from 1) of a columnar input, which
    /// has no lines or byte offsets: any line and byte a row parser
    /// attached are dropped, the column is kept.
    #[cfg(feature = "parquet")]
    pub(crate) fn in_row(mut self, record: u64) -> Self {
        let pos = self.0.position.get_or_insert_with(Position::default);
        pos.line = None;
        pos.byte = None;
        pos.record = Some(record);
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("position", &self.0.position)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(pos) = &self.0.position {
            write!(f, "{pos}: ")?;
        }
        fmt::Display::fmt(&self.0.kind, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
    }
}

/// The marker error the CSV line limit raises, turned into
/// [`ErrorKind::LineTooLong`] by `From<io::Error> for Error`.
#[derive(Debug)]
pub(crate) struct LineTooLong {
    pub(crate) line: u64,
    pub(crate) limit: usize,
}

impl fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} is longer than {} bytes", self.line, self.limit)
    }
}

impl std::error::Error for LineTooLong {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if let Some(t) = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<LineTooLong>())
        {
            let line = t.line;
            return Error::new(ErrorKind::LineTooLong { limit: t.limit }).at(Position {
                line: Some(line),
                ..Position::default()
            });
        }
        Error::new(ErrorKind::Io(e))
    }
}

/// Where in an input an error was found.
///
/// Lines and records count from 1; the byte offset counts from 0 at the
/// start of the input. A field that a reader could not know is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    pub(crate) path: Option<PathBuf>,
    pub(crate) line: Option<u64>,
    pub(crate) record: Option<u64>,
    pub(crate) byte: Option<u64>,
    pub(crate) column: Option<String>,
}

impl Position {
    /// The file the error was found in, when the input was a path.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The line (from 1) of the input.
    #[must_use]
    pub fn line(&self) -> Option<u64> {
        self.line
    }

    /// The record (from 1, the header not counted) of the input.
    #[must_use]
    pub fn record(&self) -> Option<u64> {
        self.record
    }

    /// The byte offset (from 0) where the record starts.
    #[must_use]
    pub fn byte(&self) -> Option<u64> {
        self.byte
    }

    /// The name of the column whose field was wrong.
    #[must_use]
    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }

    pub(crate) fn merge(&mut self, other: Position) {
        self.path = self.path.take().or(other.path);
        self.line = self.line.or(other.line);
        self.record = self.record.or(other.record);
        self.byte = self.byte.or(other.byte);
        self.column = self.column.take().or(other.column);
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &self.path {
            parts.push(p.display().to_string());
        }
        if let Some(l) = self.line {
            parts.push(format!("line {l}"));
        }
        if let Some(r) = self.record {
            parts.push(format!("record {r}"));
        }
        if let Some(c) = &self.column {
            parts.push(format!("column {c:?}"));
        }
        if parts.is_empty()
            && let Some(b) = self.byte
        {
            parts.push(format!("byte {b}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// The most bytes of an input, or of a message built from one, that an
/// error keeps: a 100 MB line or a billion-digit number makes a short
/// error, not a copy of itself.
pub const MAX_QUOTED_BYTES: usize = 256;

/// `s` cut to at most [`MAX_QUOTED_BYTES`] at a character boundary, with
/// its length noted where it was cut. Copies only what it keeps.
pub(crate) fn quote(s: &str) -> String {
    if s.len() <= MAX_QUOTED_BYTES {
        return s.to_owned();
    }
    // Room for the note, so that a quoted text is never quoted again.
    let keep = MAX_QUOTED_BYTES.saturating_sub(40);
    let end = (0..=keep)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    format!(
        "{}... ({} bytes in all)",
        s.get(..end).unwrap_or(""),
        s.len()
    )
}

pub(crate) fn clip(s: &mut String) {
    if s.len() > MAX_QUOTED_BYTES {
        *s = quote(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_pointer_sized_and_thread_safe() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn position_prefixes_the_message() {
        let e = Error::new(ErrorKind::EmptyInput).at(Position {
            path: Some(PathBuf::from("a.csv")),
            line: Some(3),
            record: Some(2),
            byte: Some(40),
            column: Some("v".into()),
        });
        assert_eq!(
            e.to_string(),
            "a.csv, line 3, record 2, column \"v\": the input is empty: expected a header line"
        );
        assert_eq!(e.position().and_then(Position::line), Some(3));
    }

    #[test]
    fn merge_keeps_existing_fields() {
        let e = Error::new(ErrorKind::EmptyInput)
            .at(Position {
                line: Some(7),
                ..Position::default()
            })
            .in_file(Path::new("x.csv"));
        let p = e.position().unwrap();
        assert_eq!(p.line(), Some(7));
        assert_eq!(p.path(), Some(Path::new("x.csv")));
    }
}
