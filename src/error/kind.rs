//! What went wrong: [`ErrorKind`].

use crate::error::clip;

/// What went wrong.
///
/// Parse errors carry the offending input; reader errors also carry a
/// [`Position`](crate::Position), available from [`Error::position`](crate::Error::position).
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
    /// A sum or difference whose exact value needs more than the 28
    /// significant digits a `Decimal` holds (a value of 10^10 and one of
    /// 10^-19 add to 30 digits): rounding it would lose the small part
    /// silently, so it is refused.
    #[error(
        "the exact result of {op} needs more than 28 significant digits, which a 96-bit decimal cannot hold; it would be rounded"
    )]
    Inexact {
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
    /// An input that is not text a reader reads: another compression, a
    /// spreadsheet, UTF-16 text, binary data (its bytes are not quoted).
    #[error("the input is {what}, not CSV or JSON text: {hint}")]
    BinaryInput {
        /// What the input's first bytes say it is.
        what: String,
        /// What to do instead.
        hint: &'static str,
    },
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
    /// A Parquet file that cannot be read as trade data (broken metadata
    /// or pages, a codec not built in, a column of a type that holds no
    /// such field), or data that cannot be written as one: the rest of
    /// the input cannot be read, so reading stops here even when bad
    /// records are skipped.
    #[error("Parquet: {detail}")]
    Parquet {
        /// What was wrong, and where known what to do.
        detail: String,
    },
    /// A line of the HS nomenclature file that is inconsistent.
    #[error("invalid nomenclature row: {reason}")]
    Nomenclature {
        /// Why it was rejected.
        reason: String,
    },
    /// A panel of years that cannot be read year by year: a file named
    /// for one year holding flows of another, a year in two parts, or
    /// years out of order (see [`Panel`](crate::Panel)).
    #[error("panel: {reason}; {fix}")]
    Panel {
        /// What was found, with the paths.
        reason: String,
        /// How to fix it.
        fix: &'static str,
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

impl ErrorKind {
    /// Cuts every text the error carries to [`MAX_QUOTED_BYTES`].
    pub(crate) fn clip(&mut self) {
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
            | ErrorKind::Parquet { detail: input }
            | ErrorKind::Panel { reason: input, .. }
            | ErrorKind::Flow { reason: input }
            | ErrorKind::Nomenclature { reason: input }
            | ErrorKind::Series { reason: input }
            | ErrorKind::Scenario { reason: input }
            | ErrorKind::InputOutput { reason: input }
            | ErrorKind::Correlation { reason: input }
            | ErrorKind::BinaryInput { what: input, .. } => clip(input),
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
            | ErrorKind::Inexact { .. }
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
