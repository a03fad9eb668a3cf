//! Results as tables: a readable `Display`, CSV and JSON.

use std::fmt::{self, Write as _};
use std::io;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, ErrorKind, Result};
use crate::metrics::value::Grouped;
use crate::model::money::Currency;

/// One cell of a result table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cell {
    /// A code or a name.
    Text(String),
    /// An exact number that is neither money nor a ratio (an index, a
    /// number of months).
    Number(Decimal),
    /// An amount of money, in the table's currency
    /// ([`Table::currency`]): grouped in thousands on screen.
    Money(Decimal),
    /// A ratio: a share, a growth rate (0.25 for 25%), written as a
    /// fraction or a percentage ([`WriteOptions::percent`]).
    Ratio(Decimal),
    /// A count.
    Count(u64),
    /// A yes/no flag.
    Flag(bool),
    /// No value (a share of a zero total, say): empty in CSV, `null` in
    /// JSON, `-` on screen.
    Missing,
}

impl Cell {
    /// A text cell from anything printable.
    pub fn text(value: impl fmt::Display) -> Cell {
        Cell::Text(value.to_string())
    }

    /// A number cell, or [`Cell::Missing`] for `None`.
    pub fn number(value: Option<Decimal>) -> Cell {
        value.map_or(Cell::Missing, Cell::Number)
    }

    /// A money cell, or [`Cell::Missing`] for `None`.
    pub fn money(value: Option<Decimal>) -> Cell {
        value.map_or(Cell::Missing, Cell::Money)
    }

    /// A ratio cell, or [`Cell::Missing`] for `None`.
    pub fn ratio(value: Option<Decimal>) -> Cell {
        value.map_or(Cell::Missing, Cell::Ratio)
    }

    /// The number the cell writes under `opts`, if it holds one.
    pub(crate) fn decimal(&self, opts: &WriteOptions) -> Option<Decimal> {
        let d = match self {
            Cell::Number(d) | Cell::Money(d) => *d,
            Cell::Ratio(r) if opts.percent => r.checked_mul(Decimal::ONE_HUNDRED)?,
            Cell::Ratio(r) => *r,
            _ => return None,
        };
        Some(match opts.places {
            Some(p) => d.round_dp_with_strategy(p, RoundingStrategy::MidpointAwayFromZero),
            None => d.normalize(),
        })
    }

    pub(crate) fn csv(&self, opts: &WriteOptions) -> String {
        if let Some(d) = self.decimal(opts) {
            return match opts.places {
                Some(p) => format!("{d:.prec$}", prec = p as usize),
                None => d.to_string(),
            };
        }
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Flag(b) => b.to_string(),
            _ => String::new(),
        }
    }

    fn screen(&self, places: u32) -> String {
        match self {
            Cell::Money(d) => format!("{:.prec$}", Grouped(*d), prec = places.min(2) as usize),
            Cell::Number(d) | Cell::Ratio(d) => d.round_dp(places).normalize().to_string(),
            Cell::Missing => "-".to_string(),
            other => other.csv(&WriteOptions::default()),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(
            self,
            Cell::Number(_) | Cell::Money(_) | Cell::Ratio(_) | Cell::Count(_) | Cell::Missing
        )
    }
}

/// How a table is written: the decimal places of its numbers, and the
/// form of its ratios. The default is the exact value at full precision,
/// ratios as fractions.
///
/// # Example
///
/// ```
/// use tradedep::metrics::{Concentration, Table, WriteOptions};
///
/// let c = Concentration::from_values([
///     ("CHN".parse()?, "2 USD".parse()?),
///     ("USA".parse()?, "1 USD".parse()?),
/// ])?;
/// let mut csv = Vec::new();
/// c.write_csv_with(&mut csv, &WriteOptions::new().places(2).percent())?;
/// assert_eq!(
///     String::from_utf8(csv)?,
///     "supplier,value_usd,share_pct\nCHN,2.00,66.67\nUSA,1.00,33.33\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct WriteOptions {
    places: Option<u32>,
    percent: bool,
}

impl WriteOptions {
    /// Exact values, ratios as fractions.
    #[must_use]
    pub fn new() -> WriteOptions {
        WriteOptions::default()
    }

    /// Rounds every number, money and ratio to `places` decimal places,
    /// half away from zero, and writes them with exactly that many
    /// (`2.50`).
    #[must_use]
    pub fn places(mut self, places: u32) -> WriteOptions {
        self.places = Some(places.min(28));
        self
    }

    /// The decimal places every number is written with, where set.
    #[cfg(feature = "parquet")]
    pub(crate) fn fixed_places(&self) -> Option<u32> {
        self.places
    }

    /// Writes ratios as percentages (`25` for 0.25) in columns named
    /// with a `_pct` suffix (`share_pct`).
    #[must_use]
    pub fn percent(mut self) -> WriteOptions {
        self.percent = true;
        self
    }
}

/// A result that reads as a table: a header and rows of cells.
///
/// Every indicator's result implements it, so each prints as an aligned
/// table ([`render`](Table::render), used by its `Display`, which shows
/// the first [`DISPLAY_ROWS`] rows and says how many more there are, all
/// of them with `{:#}`; money grouped in thousands) and writes as CSV
/// ([`write_csv`](Table::write_csv)) and JSON
/// ([`write_json`](Table::write_json)) at full precision, or as
/// [`WriteOptions`] say. Missing values (a share of a zero total) are
/// empty in CSV and `null` in JSON.
///
/// # Example
///
/// ```
/// use tradedep::metrics::{Concentration, Table};
///
/// let c = Concentration::from_values([
///     ("CHN".parse()?, "60 USD".parse()?),
///     ("USA".parse()?, "40 USD".parse()?),
/// ])?;
/// let mut csv = Vec::new();
/// c.write_csv(&mut csv)?;
/// assert_eq!(String::from_utf8(csv)?, "supplier,value_usd,share\nCHN,60,0.6\nUSA,40,0.4\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Table {
    /// Column names.
    fn header(&self) -> Vec<String>;

    /// The number of rows.
    fn len(&self) -> usize;

    /// The cells of row `i` (one per column); `None` past the end.
    fn row(&self, i: usize) -> Option<Vec<Cell>>;

    /// The currency of the table's money columns, if it has any.
    fn currency(&self) -> Option<Currency> {
        None
    }

    /// True when the table has no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the table as CSV, header first, numbers at full precision.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    fn write_csv<W: io::Write>(&self, writer: W) -> Result<()>
    where
        Self: Sized,
    {
        self.write_csv_with(writer, &WriteOptions::default())
    }

    /// Writes the table as CSV as `opts` say.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    fn write_csv_with<W: io::Write>(&self, writer: W, opts: &WriteOptions) -> Result<()>
    where
        Self: Sized,
    {
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(written_header(self, opts))
            .map_err(csv_error)?;
        for i in 0..self.len() {
            if let Some(cells) = self.row(i) {
                w.write_record(cells.iter().map(|c| c.csv(opts)))
                    .map_err(csv_error)?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Writes the table as JSON: an array of objects, one per row, keyed
    /// by the CSV's column names, so a field has one name in both. Every
    /// number (money, ratio, index) is its exact decimal text: pandas'
    /// `read_json` reads such columns as numbers, polars' `read_json` as
    /// text that `cast(pl.Decimal(38, 10))` turns into exact decimals;
    /// counts are integers, flags booleans, missing values `null`; a
    /// table with money has a `currency` field in each row (`"USD"`),
    /// never a currency inside an amount.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::metrics::{Concentration, Table};
    ///
    /// let c = Concentration::from_values([("CHN".parse()?, "60 USD".parse()?)])?;
    /// let mut json = Vec::new();
    /// c.write_json(&mut json)?;
    /// assert_eq!(
    ///     String::from_utf8(json)?,
    ///     r#"[{"supplier":"CHN","value_usd":"60","share":"1","currency":"USD"}]"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    #[cfg(feature = "json")]
    fn write_json<W: io::Write>(&self, writer: W) -> Result<()>
    where
        Self: Sized,
    {
        self.write_json_with(writer, &WriteOptions::default())
    }

    /// Writes the table as JSON as `opts` say; see
    /// [`write_json`](Self::write_json).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    #[cfg(feature = "json")]
    fn write_json_with<W: io::Write>(&self, mut writer: W, opts: &WriteOptions) -> Result<()>
    where
        Self: Sized,
    {
        let json = |e: serde_json::Error| {
            Error::new(ErrorKind::Json {
                detail: e.to_string(),
            })
        };
        let header = written_header(self, opts);
        let currency = self
            .currency()
            .map(|c| serde_json::Value::String(c.to_string()));
        writer.write_all(b"[")?;
        let mut first = true;
        for i in 0..self.len() {
            let Some(cells) = self.row(i) else { continue };
            writer.write_all(if first { b"{" } else { b",{" })?;
            first = false;
            // Fields in the columns' order, then the currency.
            let fields = header
                .iter()
                .zip(cells.iter().map(|c| json_value(c, opts)))
                .map(|(n, v)| (n.as_str(), v))
                .chain(currency.clone().map(|c| ("currency", c)));
            for (k, (name, value)) in fields.enumerate() {
                if k > 0 {
                    writer.write_all(b",")?;
                }
                serde_json::to_writer(&mut writer, name).map_err(json)?;
                writer.write_all(b":")?;
                serde_json::to_writer(&mut writer, &value).map_err(json)?;
            }
            writer.write_all(b"}")?;
        }
        writer.write_all(b"]")?;
        writer.flush()?;
        Ok(())
    }

    /// The table as one Arrow record batch, for Arrow engines (feature
    /// `parquet`): a column per CSV column, with the CSV's names, typed
    /// from its cells: numbers, money and ratios as exact
    /// `Decimal128(38, s)` (`s` the column's widest scale, or `opts`'
    /// places; ratios as percentages where `opts` say), counts as
    /// `UInt64`, flags as `Boolean`, codes and names as strings; a
    /// missing value is null; a table with money has a `currency`
    /// column, as in JSON.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::metrics::{Concentration, Table, WriteOptions};
    ///
    /// let c = Concentration::from_values([
    ///     ("CHN".parse()?, "60 USD".parse()?),
    ///     ("USA".parse()?, "40.5 USD".parse()?),
    /// ])?;
    /// let batch = c.to_record_batch(&WriteOptions::new())?;
    /// let types: Vec<String> =
    ///     batch.schema().fields().iter().map(|f| format!("{} {}", f.name(), f.data_type())).collect();
    /// assert_eq!(
    ///     types,
    ///     ["supplier Utf8", "value_usd Decimal128(38, 1)", "share Decimal128(38, 28)", "currency Utf8"]
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parquet`] for a number that needs more than 38
    /// digits at its column's scale (write with fewer places).
    #[cfg(feature = "parquet")]
    fn to_record_batch(&self, opts: &WriteOptions) -> Result<arrow_array::RecordBatch>
    where
        Self: Sized,
    {
        crate::metrics::table_parquet::record_batch(self, opts)
    }

    /// Writes the table as a Parquet file
    /// ([`to_record_batch`](Self::to_record_batch)'s columns, one row
    /// group, Snappy). Needs the `parquet` feature.
    ///
    /// # Errors
    ///
    /// As [`to_record_batch`](Self::to_record_batch), and
    /// [`ErrorKind::Parquet`] when writing fails.
    #[cfg(feature = "parquet")]
    fn write_parquet<W: io::Write + Send>(&self, writer: W, opts: &WriteOptions) -> Result<()>
    where
        Self: Sized,
    {
        let batch = self.to_record_batch(opts)?;
        crate::data::parquet_write::write_batches(
            writer,
            batch.schema(),
            &crate::ParquetOptions::new(),
            std::iter::once(Ok(batch)),
        )
    }

    /// The table as aligned text: text left-aligned, numbers
    /// right-aligned and rounded to `places` decimal places (money to at
    /// most 2, grouped in thousands).
    fn render(&self, places: u32) -> String {
        self.render_rows(places, usize::MAX)
    }

    /// As [`render`](Self::render), showing at most `limit` rows and a
    /// last line that says how many more there are.
    fn render_rows(&self, places: u32, limit: usize) -> String {
        let header = self.header();
        let shown = self.len().min(limit);
        let rows: Vec<Vec<Cell>> = (0..shown).filter_map(|i| self.row(i)).collect();
        let text: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.screen(places)).collect())
            .collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for r in &text {
            for (w, t) in widths.iter_mut().zip(r) {
                *w = (*w).max(t.chars().count());
            }
        }
        let right: Vec<bool> = (0..header.len())
            .map(|j| {
                !rows.is_empty() && rows.iter().all(|r| r.get(j).is_some_and(Cell::is_numeric))
            })
            .collect();
        let mut out = String::new();
        let mut line = |cells: &[String]| {
            let mut l = String::new();
            for (j, (c, w)) in cells.iter().zip(&widths).enumerate() {
                if j > 0 {
                    l.push_str("  ");
                }
                // Writing to a String cannot fail.
                let _ = if right.get(j).copied().unwrap_or(false) {
                    write!(l, "{c:>w$}")
                } else {
                    write!(l, "{c:<w$}")
                };
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(&header);
        for r in &text {
            line(r);
        }
        let more = self.len().saturating_sub(shown);
        if more > 0 {
            // Writing to a String cannot fail.
            let _ = writeln!(out, "and {more} more rows");
        }
        out
    }
}

/// Rows a table's `Display` shows before "and N more rows" (`{:#}` shows
/// all).
pub const DISPLAY_ROWS: usize = 20;

/// The header as written: ratio columns named `_pct` where `opts` write
/// percentages (the kinds read from the first row).
pub(crate) fn written_header(t: &impl Table, opts: &WriteOptions) -> Vec<String> {
    let mut header = t.header();
    if opts.percent
        && let Some(first) = t.row(0)
    {
        for (h, c) in header.iter_mut().zip(&first) {
            if matches!(c, Cell::Ratio(_)) {
                h.push_str("_pct");
            }
        }
    }
    header
}

#[cfg(feature = "json")]
fn json_value(cell: &Cell, opts: &WriteOptions) -> serde_json::Value {
    use serde_json::Value;
    if cell.decimal(opts).is_some() {
        return Value::String(cell.csv(opts));
    }
    match cell {
        Cell::Text(t) => Value::String(t.clone()),
        Cell::Count(n) => Value::from(*n),
        Cell::Flag(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}

/// The header of a money column: `value_usd` for `("value", USD)`.
pub(crate) fn money_column(name: &str, currency: Currency) -> String {
    format!("{name}_{}", currency.code().to_ascii_lowercase())
}

/// Writes a table's [`Table::render_rows`] with 4 decimal places (or the
/// formatter's precision) and [`DISPLAY_ROWS`] rows (all with `{:#}`),
/// for `Display` implementations.
pub(crate) fn display(t: &impl Table, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let places = f.precision().map_or(4, |p| p as u32);
    let limit = if f.alternate() {
        usize::MAX
    } else {
        DISPLAY_ROWS
    };
    f.write_str(&t.render_rows(places, limit))
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::new(ErrorKind::Csv {
            detail: format!("{other:?}"),
        }),
    }
}
