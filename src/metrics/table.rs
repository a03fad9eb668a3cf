//! Results as tables: a readable `Display` and CSV.

use std::fmt::{self, Write as _};
use std::io;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::money::Currency;

/// One cell of a result table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cell {
    /// A code or a name.
    Text(String),
    /// An exact number: money, a share, an index.
    Number(Decimal),
    /// A count.
    Count(u64),
    /// A yes/no flag.
    Flag(bool),
    /// No value (a share of a zero total, say): empty in CSV, `-` on
    /// screen.
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

    fn csv(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(d) => d.normalize().to_string(),
            Cell::Count(n) => n.to_string(),
            Cell::Flag(b) => b.to_string(),
            Cell::Missing => String::new(),
        }
    }

    fn screen(&self, places: u32) -> String {
        match self {
            Cell::Number(d) => d.round_dp(places).normalize().to_string(),
            Cell::Missing => "-".to_string(),
            other => other.csv(),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Cell::Number(_) | Cell::Count(_) | Cell::Missing)
    }
}

/// A result that reads as a table: a header and rows of cells.
///
/// Every indicator's result implements it, so each prints as an aligned
/// table ([`render`](Table::render), used by its `Display`, rounds
/// numbers to 4 decimal places) and writes as CSV at full precision
/// ([`write_csv`](Table::write_csv)). Missing values (a share of a zero
/// total) are empty in CSV.
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
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(self.header()).map_err(csv_error)?;
        for i in 0..self.len() {
            if let Some(cells) = self.row(i) {
                w.write_record(cells.iter().map(Cell::csv))
                    .map_err(csv_error)?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// The table as aligned text: text left-aligned, numbers
    /// right-aligned and rounded to `places` decimal places.
    fn render(&self, places: u32) -> String {
        let header = self.header();
        let rows: Vec<Vec<Cell>> = (0..self.len()).filter_map(|i| self.row(i)).collect();
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
        out
    }
}

/// The header of a money column: `value_usd` for `("value", USD)`.
pub(crate) fn money_column(name: &str, currency: Currency) -> String {
    format!("{name}_{}", currency.code().to_ascii_lowercase())
}

/// Writes a table's [`Table::render`] with 4 decimal places, for
/// `Display` implementations.
pub(crate) fn display(t: &impl Table, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    f.write_str(&t.render(f.precision().map_or(4, |p| p as u32)))
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::from(io),
        other => Error::new(ErrorKind::Csv {
            detail: format!("{other:?}"),
        }),
    }
}
