//! Writers of trade data: the tidy CSV, BACI's layout, and JSON.

use std::io::Write;

use crate::data::read::TIDY_COLUMNS;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::HsLevel;
use crate::model::money::Currency;
use crate::model::period::Frequency;
use crate::model::quantity::Unit;

fn csv_error(e: csv::Error) -> Error {
    crate::csvutil::map_csv_error(e)
}

impl TradeData {
    /// Writes every flow as the crate's tidy CSV, which
    /// [`Reader::tidy_csv`](crate::Reader::tidy_csv) reads back to equal
    /// data. Columns: `reporter,partner,direction,product,period,value,
    /// currency,quantity,unit,valuation,provenance,importer,exporter`;
    /// values are exact decimals; rows in the store's order (importer,
    /// exporter, product, period), so the same data always gives the same
    /// bytes.
    ///
    /// `reporter` is whose report the row is; `importer` and `exporter`
    /// say who bought and who sold, whoever reported it. A BACI row is
    /// the exporter's (reporter `ARG`, direction `export`, as BACI
    /// reconciles mirror flows from the exporter's side), so Japan's
    /// imports are the rows with `importer` `JPN`, not `reporter` `JPN`.
    /// The reader checks the two columns against the first three.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Reader;
    ///
    /// let (data, _) = Reader::baci().read("t,i,j,k,v,q\n2004,32,152,010121,20.945,1.5\n".as_bytes())?;
    /// let mut out = Vec::new();
    /// data.write_csv(&mut out)?;
    /// assert_eq!(
    ///     String::from_utf8(out.clone())?,
    ///     "reporter,partner,direction,product,period,value,currency,quantity,unit,valuation,provenance,importer,exporter\n\
    ///      ARG,CHL,export,010121,2004,20945,USD,1.5,t,FOB,reconciled,CHL,ARG\n"
    /// );
    /// let (back, _) = Reader::tidy_csv().read(out.as_slice())?;
    /// assert_eq!(back, data);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(TIDY_COLUMNS).map_err(csv_error)?;
        for f in self.iter() {
            let q = f.quantity();
            w.write_record([
                f.reporter().alpha3(),
                f.partner().alpha3(),
                f.direction().as_str(),
                &f.product().to_string(),
                &f.period().to_string(),
                &f.value().amount().to_string(),
                f.value().currency().code(),
                &q.map(|q| q.amount().to_string()).unwrap_or_default(),
                q.map_or("", |q| q.unit().symbol()),
                f.valuation().as_str(),
                f.provenance().as_str(),
                f.importer().alpha3(),
                f.exporter().alpha3(),
            ])
            .map_err(csv_error)?;
        }
        w.flush()?;
        Ok(())
    }

    /// Writes the data in CEPII BACI's layout `t,i,j,k,v,q`: `i` exporter
    /// and `j` importer as trade codes, `v` in thousands of USD (exact),
    /// `q` in metric tons or `NA`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Flow`] for data BACI's layout cannot hold: values not
    /// in USD, periods that are not years, products that are not HS6,
    /// quantities not in tonnes or kilograms (converted exactly), and
    /// breakdown flows (re-exports, re-imports, foreign imports, domestic
    /// exports), which BACI's rows of total trade would read back as
    /// totals; and [`ErrorKind::Io`].
    pub fn write_baci<W: Write>(&self, writer: W) -> Result<()> {
        if self.currency() != Currency::USD && !self.is_empty() {
            return Err(unfit(&format!(
                "values are in {}, BACI's are in USD",
                self.currency()
            )));
        }
        let mut w = csv::Writer::from_writer(writer);
        w.write_record(["t", "i", "j", "k", "v", "q"])
            .map_err(csv_error)?;
        for f in self.iter() {
            if f.direction().is_breakdown() {
                return Err(unfit(&format!(
                    "a {} flow is a part of total trade, which BACI's rows hold",
                    f.direction()
                )));
            }
            if f.period().frequency() != Frequency::Annual {
                return Err(unfit(&format!("period {} is not a year", f.period())));
            }
            if f.product().level() != HsLevel::Subheading || f.product().edition().is_some() {
                return Err(unfit(&format!(
                    "product {} is not a plain HS6 code",
                    f.product()
                )));
            }
            let q = match f.quantity() {
                None => "NA".to_owned(),
                Some(q) if matches!(q.unit(), Unit::Tonnes | Unit::Kilograms) => {
                    q.to_unit(Unit::Tonnes)?.amount().to_string()
                }
                Some(q) => return Err(unfit(&format!("quantity {q} is not a weight"))),
            };
            w.write_record([
                &f.period().year().to_string(),
                &f.exporter().trade_code().to_string(),
                &f.importer().trade_code().to_string(),
                &f.product().to_string(),
                &f.value().in_thousands().to_string(),
                &q,
            ])
            .map_err(csv_error)?;
        }
        w.flush()?;
        Ok(())
    }

    /// Writes every flow as a JSON array of objects with the tidy CSV's
    /// fields (numbers as strings, so they stay exact), which
    /// [`Reader::json`](crate::Reader::json) reads back to equal data.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    #[cfg(feature = "json")]
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = std::io::BufWriter::new(writer);
        serde_json::to_writer_pretty(&mut w, &AsArray(self)).map_err(|e| {
            Error::new(ErrorKind::Json {
                detail: e.to_string(),
            })
        })?;
        w.write_all(b"\n")?;
        w.flush()?;
        Ok(())
    }
}

/// The flows of a [`TradeData`] as a JSON array, serialized one at a time
/// rather than collected first.
#[cfg(feature = "json")]
struct AsArray<'a>(&'a TradeData);

#[cfg(feature = "json")]
impl serde::Serialize for AsArray<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

fn unfit(reason: &str) -> Error {
    Error::new(ErrorKind::Flow {
        reason: format!("cannot write in BACI's layout: {reason}"),
    })
}
