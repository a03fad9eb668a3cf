//! Exchange-rate tables as CSV: `from,to,period,rate`.

use std::io::{Read, Write};
use std::path::Path;

use crate::csvutil::{self, Columns, Record};
use crate::error::{Error, ErrorKind, Result};
use crate::model::decimal_text::parse_decimal;
use crate::model::money::Currency;
use crate::model::period::Period;
use crate::model::rates::ExchangeRates;

/// The columns of a rate table, in the order written.
const RATE_COLUMNS: [&str; 4] = ["from", "to", "period", "rate"];

impl ExchangeRates {
    /// Reads a rate table from CSV with the columns `from,to,period,rate`
    /// (in any order; other columns are an error, so a misnamed one is
    /// never ignored): `USD,JPY,2024,151.48` says one US dollar bought
    /// 151.48 yen on average in 2024. Every rate is checked as
    /// [`insert`](Self::insert) checks it; two rates for one pair and
    /// period are an error.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Currency, ExchangeRates};
    ///
    /// let csv = "from,to,period,rate\nUSD,JPY,2024,151.48\nEUR,USD,2024-03,1.0872\n";
    /// let fx = ExchangeRates::read_csv(csv.as_bytes())?;
    /// assert_eq!(fx.rate(Currency::USD, Currency::JPY, "2024".parse()?), Some("151.48".parse()?));
    /// let mut out = Vec::new();
    /// fx.write_csv(&mut out)?;
    /// assert_eq!(ExchangeRates::read_csv(out.as_slice())?, fx);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingColumn`] and [`ErrorKind::Csv`] for the
    /// layout; a currency, period or rate that does not parse or is
    /// invalid, and a repeated rate, each with its line and column.
    pub fn read_csv<R: Read>(reader: R) -> Result<ExchangeRates> {
        let mut rdr = csvutil::reader(reader, b',');
        let cols = Columns::new(&mut rdr, &RATE_COLUMNS)?;
        if cols.width() != RATE_COLUMNS.len() {
            return Err(Error::new(ErrorKind::Csv {
                detail: format!(
                    "a rate table has the columns {}, and no others",
                    RATE_COLUMNS.join(",")
                ),
            }));
        }
        let mut table = ExchangeRates::new();
        let mut record = Record::new();
        while rdr.read_string_record(&mut record)? {
            let pos = record.position().clone();
            let field = |i: usize| record.get(cols.index(i)).unwrap_or_default();
            let at = |e: Error, i: usize| {
                e.at(csvutil::position(
                    &pos,
                    RATE_COLUMNS.get(i).copied().unwrap_or_default(),
                ))
            };
            let from: Currency = field(0).trim().parse().map_err(|e| at(e, 0))?;
            let to: Currency = field(1).trim().parse().map_err(|e| at(e, 1))?;
            let period: Period = field(2).trim().parse().map_err(|e| at(e, 2))?;
            let rate = parse_decimal(field(3).trim()).map_err(|e| at(e, 3))?;
            if table.rate_stored(from, to, period) {
                return Err(at(
                    Error::new(ErrorKind::InvalidRate {
                        rate: rate.to_string(),
                        reason: "a second rate for the same currencies and period",
                    }),
                    3,
                ));
            }
            table.insert(from, to, period, rate).map_err(|e| at(e, 3))?;
        }
        Ok(table)
    }

    /// Reads a rate table from the CSV file at `path`; see
    /// [`read_csv`](Self::read_csv).
    ///
    /// # Errors
    ///
    /// As [`read_csv`](Self::read_csv), with the path in the position.
    pub fn read_csv_path(path: impl AsRef<Path>) -> Result<ExchangeRates> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        ExchangeRates::read_csv(file).map_err(|e| e.in_file(path))
    }

    /// Writes the table as CSV, `from,to,period,rate`, in the order of
    /// [`iter`](Self::iter), each rate as its exact decimal text;
    /// [`read_csv`](Self::read_csv) reads it back to an equal table.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_csv<W: Write>(&self, mut out: W) -> Result<()> {
        writeln!(out, "{}", RATE_COLUMNS.join(","))?;
        for (from, to, period, rate) in self.iter() {
            writeln!(out, "{from},{to},{period},{rate}")?;
        }
        out.flush()?;
        Ok(())
    }
}
