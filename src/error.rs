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
        )
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

/// What went wrong.
///
/// Parse errors carry the offending input; reader errors also carry a
/// [`Position`], available from [`Error::position`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Text that is not a valid HS code.
    #[error("invalid HS code {input:?}: {reason}")]
    HsCode {
        /// The text as given.
        input: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// Text that is not a known economy code.
    #[error("unknown economy {input:?}: {reason}")]
    Economy {
        /// The text as given.
        input: String,
        /// Why it was rejected.
        reason: String,
    },
    /// Text that is not an ISO 4217 currency code.
    #[error("unknown currency {input:?}: expected an ISO 4217 code such as USD or JPY")]
    Currency {
        /// The text as given.
        input: String,
    },
    /// Text that is not a period.
    #[error("invalid period {input:?}: {reason}")]
    Period {
        /// The text as given.
        input: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// Text that is not a quantity unit.
    #[error("unknown quantity unit {input:?}: {reason}")]
    Unit {
        /// The text as given.
        input: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// Text that is not an exact decimal number.
    #[error("invalid number {input:?}: {reason}")]
    Number {
        /// The text as given.
        input: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// Text that is not a value of an enumerated field (a flow direction,
    /// a valuation basis, ...).
    #[error("invalid {what} {input:?}: expected one of {expected}")]
    Enum {
        /// What the field is.
        what: &'static str,
        /// The text as given.
        input: String,
        /// The accepted spellings.
        expected: &'static str,
    },
    /// A trade value or quantity below zero.
    #[error("negative {what} {value}: trade values and quantities are never negative")]
    Negative {
        /// `"value"` or `"quantity"`.
        what: &'static str,
        /// The value as read.
        value: String,
    },
    /// An operation on money in two currencies.
    #[error("cannot {op} {left} and {right}: convert with an ExchangeRates table first")]
    CurrencyMismatch {
        /// The operation attempted.
        op: &'static str,
        /// The currency of the left operand.
        left: String,
        /// The currency of the right operand.
        right: String,
    },
    /// An operation on quantities in two units.
    #[error("cannot {op} quantities in {left} and {right}")]
    UnitMismatch {
        /// The operation attempted.
        op: &'static str,
        /// The unit of the left operand.
        left: String,
        /// The unit of the right operand.
        right: String,
    },
    /// Exact arithmetic whose result does not fit a `Decimal`.
    #[error("arithmetic overflow in {op}: the result does not fit a 96-bit decimal")]
    Overflow {
        /// The operation attempted.
        op: &'static str,
    },
    /// A division whose denominator is zero.
    #[error("division by zero in {what}")]
    DivisionByZero {
        /// What was being divided.
        what: &'static str,
    },
    /// A conversion for which the exchange-rate table has no rate.
    #[error(
        "no exchange rate from {from} to {to} for {period}: add one with ExchangeRates::insert"
    )]
    MissingRate {
        /// The source currency.
        from: String,
        /// The target currency.
        to: String,
        /// The period asked for.
        period: String,
    },
    /// An exchange rate that cannot be: zero or negative, or a rate from
    /// a currency to itself other than 1.
    #[error("invalid exchange rate {rate}: {reason}")]
    InvalidRate {
        /// The rate as given.
        rate: String,
        /// Why it cannot be.
        reason: &'static str,
    },
    /// A trade flow whose fields contradict each other.
    #[error("invalid trade flow: {reason}")]
    Flow {
        /// Why it was rejected.
        reason: String,
    },
    /// An input that ended before its header line.
    #[error("the input is empty: expected a header line")]
    EmptyInput,
    /// A header without a column the format needs.
    #[error("missing column {name:?} in the header; found: {found}")]
    MissingColumn {
        /// The column needed.
        name: &'static str,
        /// The columns the header has, comma-separated.
        found: String,
    },
    /// A record with a different number of fields than the header.
    #[error("expected {expected} fields as in the header, found {found}")]
    FieldCount {
        /// Fields in the header.
        expected: u64,
        /// Fields in the record.
        found: u64,
    },
    /// A record that is not valid UTF-8.
    #[error("the record is not valid UTF-8: {detail}")]
    Utf8 {
        /// Which field and byte.
        detail: String,
    },
    /// Flows that describe the same trade at two levels of detail (two
    /// HS levels, such as a chapter and its subheadings or `TOTAL` and its
    /// chapters; two frequencies, such as a year and its months), in one
    /// input or in the flows one query selects: summed, they would count
    /// the same trade twice.
    #[error("flows at two {what} ({first} and {second}) would count the same trade twice; {fix}")]
    Overlap {
        /// What differs: `"HS levels"` or `"frequencies"`.
        what: &'static str,
        /// The first level or frequency (coarsest or shortest first).
        first: String,
        /// The other.
        second: String,
        /// How to choose one: the method to call.
        fix: &'static str,
    },
    /// Shares against a reported total were asked for, and the data has
    /// no reported total (a flow with the World as partner) for an
    /// economy.
    #[error(
        "no reported total for {economy}: the data has no flow between {economy} and the World (WLD); use the partner sum as denominator, or add the reported total"
    )]
    MissingTotal {
        /// The economy without a reported total.
        economy: String,
    },
    /// A malformed record that the CSV parser itself rejected.
    #[error("malformed CSV: {detail}")]
    Csv {
        /// The parser's explanation.
        detail: String,
    },
    /// Malformed JSON.
    #[error("malformed JSON: {detail}")]
    Json {
        /// The parser's explanation.
        detail: String,
    },
    /// JSON data whose outline is broken (not an array, a missing comma or
    /// bracket, text after the array, the input ending inside it), or a
    /// flow object longer than
    /// [`Reader::max_line_bytes`](crate::Reader::max_line_bytes): the rest
    /// of the input cannot be read, so reading stops here even when bad
    /// records are skipped.
    #[error("malformed JSON: {detail}; the rest of the input cannot be read")]
    JsonStructure {
        /// What was wrong.
        detail: String,
    },
    /// A line of the HS nomenclature file that is inconsistent.
    #[error("invalid nomenclature row: {reason}")]
    Nomenclature {
        /// Why it was rejected.
        reason: String,
    },
    /// A parameter outside its valid range (a weight above 1, a window of
    /// zero years, ...).
    #[error("invalid {name} {value}: {expected}")]
    Parameter {
        /// The parameter.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is valid.
        expected: &'static str,
    },
    /// A time series that cannot be built as given.
    #[error("invalid time series: {reason}")]
    Series {
        /// Why it was rejected.
        reason: String,
    },
    /// Text that is not an export-control list name.
    #[error(
        "unknown export-control list {input:?}: expected eu, cn, us or a name of 1 to 15 letters, digits or '-'"
    )]
    Issuer {
        /// The text as given.
        input: String,
    },
    /// Text that is not a valid export-control list entry.
    #[error("invalid control entry {input:?}: {reason}")]
    ControlEntry {
        /// The text as given.
        input: String,
        /// Which part is malformed.
        reason: String,
    },
    /// A product-selector expression that cannot be read.
    #[error("invalid selector {input:?} at character {at}: {reason}")]
    Selector {
        /// The whole expression.
        input: String,
        /// Where the bad item starts (characters from 1).
        at: usize,
        /// What is wrong.
        reason: String,
    },
    /// A control rule or rule set that is inconsistent.
    #[error("invalid rule {rule:?}: {reason}")]
    Rule {
        /// The rule's id.
        rule: String,
        /// What is wrong.
        reason: String,
    },
    /// A scenario that cannot be run as set up.
    #[error("cannot run the scenario: {reason}")]
    Scenario {
        /// What is missing or inconsistent.
        reason: String,
    },
    /// An input-output table or model that cannot be used as given: a
    /// label the reader cannot classify, sizes that do not match, a
    /// table that does not balance, a singular or unproductive `I - A`.
    #[error("input-output table: {reason}")]
    InputOutput {
        /// What is wrong, and how to fix it where that is known.
        reason: String,
    },
    /// A row of a correlation table that cannot be used.
    #[error("invalid correlation row: {reason}")]
    Correlation {
        /// Why it was rejected.
        reason: String,
    },
    /// A line longer than the reader accepts: the input is not a file of
    /// the expected kind, or the limit needs raising.
    #[error(
        "a line is longer than {limit} bytes: not a file of this kind, or raise the limit with Reader::max_line_bytes"
    )]
    LineTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// An I/O error from the underlying reader or writer.
    #[error("i/o error: {0}")]
    Io(#[source] std::io::Error),
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

fn clip(s: &mut String) {
    if s.len() > MAX_QUOTED_BYTES {
        *s = quote(s);
    }
}

impl ErrorKind {
    /// Cuts every text the error carries to [`MAX_QUOTED_BYTES`].
    fn clip(&mut self) {
        match self {
            ErrorKind::HsCode { input, .. }
            | ErrorKind::Currency { input }
            | ErrorKind::Period { input, .. }
            | ErrorKind::Unit { input, .. }
            | ErrorKind::Number { input, .. }
            | ErrorKind::Enum { input, .. }
            | ErrorKind::Issuer { input }
            | ErrorKind::Negative { value: input, .. }
            | ErrorKind::InvalidRate { rate: input, .. }
            | ErrorKind::Parameter { value: input, .. }
            | ErrorKind::MissingColumn { found: input, .. }
            | ErrorKind::Utf8 { detail: input }
            | ErrorKind::Csv { detail: input }
            | ErrorKind::Json { detail: input }
            | ErrorKind::JsonStructure { detail: input }
            | ErrorKind::Flow { reason: input }
            | ErrorKind::Nomenclature { reason: input }
            | ErrorKind::Series { reason: input }
            | ErrorKind::Scenario { reason: input }
            | ErrorKind::InputOutput { reason: input }
            | ErrorKind::Correlation { reason: input } => clip(input),
            ErrorKind::Economy { input, reason }
            | ErrorKind::ControlEntry { input, reason }
            | ErrorKind::Selector { input, reason, .. }
            | ErrorKind::Rule {
                rule: input,
                reason,
            }
            | ErrorKind::CurrencyMismatch {
                left: input,
                right: reason,
                ..
            }
            | ErrorKind::UnitMismatch {
                left: input,
                right: reason,
                ..
            } => {
                clip(input);
                clip(reason);
            }
            ErrorKind::MissingRate { from, to, period } => {
                clip(from);
                clip(to);
                clip(period);
            }
            ErrorKind::Overflow { .. }
            | ErrorKind::DivisionByZero { .. }
            | ErrorKind::EmptyInput
            | ErrorKind::FieldCount { .. }
            | ErrorKind::Overlap { .. }
            | ErrorKind::MissingTotal { .. }
            | ErrorKind::LineTooLong { .. }
            | ErrorKind::Io(_) => {}
        }
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
