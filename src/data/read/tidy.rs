//! The reader of the crate's own tidy CSV.

use std::io::{BufRead, BufReader, Read};

use super::{Counting, Item, attach, field_error, parse};
use crate::csvutil::{self, Columns, CsvReader};
use crate::data::num;
use crate::error::{ErrorKind, Result};
use crate::model::flow::{Provenance, TradeFlow, Valuation};
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money};
use crate::model::quantity::Quantity;

/// The columns of the tidy CSV, in the order the writer writes them; the
/// last two, who bought and who sold, follow from the first three and
/// are checked against them where given.
pub(crate) const TIDY_COLUMNS: [&str; 13] = [
    "reporter",
    "partner",
    "direction",
    "product",
    "period",
    "value",
    "currency",
    "quantity",
    "unit",
    "valuation",
    "provenance",
    "importer",
    "exporter",
];

pub(super) struct TidyParser<R: Read> {
    pub(super) rdr: CsvReader<BufReader<Counting<R>>>,
    cols: Columns,
    optional: [Option<usize>; 6],
    record: csvutil::Record,
}

impl<R: Read> TidyParser<R> {
    pub(super) fn new(reader: Counting<R>) -> Result<Self> {
        let mut buf = BufReader::with_capacity(8 << 10, reader);
        let delimiter = csvutil::sniff_delimiter(buf.fill_buf()?);
        let mut rdr = CsvReader::new(buf, delimiter);
        let required: [&'static str; 7] = [
            TIDY_COLUMNS[0],
            TIDY_COLUMNS[1],
            TIDY_COLUMNS[2],
            TIDY_COLUMNS[3],
            TIDY_COLUMNS[4],
            TIDY_COLUMNS[5],
            TIDY_COLUMNS[6],
        ];
        let cols = Columns::new(&mut rdr, &required)?;
        let optional =
            [7, 8, 9, 10, 11, 12].map(|i| TIDY_COLUMNS.get(i).and_then(|n| cols.find(n)));
        Ok(TidyParser {
            rdr,
            cols,
            optional,
            record: csvutil::Record::new(),
        })
    }

    pub(super) fn next(&mut self) -> Option<Result<Item>> {
        match self.rdr.read_string_record(&mut self.record) {
            Ok(true) => Some(self.parse().map(Item::Flow)),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn parse(&self) -> Result<TradeFlow> {
        let rec = &self.record;
        tidy_flow(
            |i| rec.get(self.cols.index(i)).unwrap_or(""),
            |i| {
                self.optional
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|c| rec.get(c))
                    .filter(|s| !s.is_empty())
            },
            rec.position(),
        )
    }
}

/// The flow of one tidy record: `req(i)` is the field of the `i`th
/// required column of [`TIDY_COLUMNS`] (0 to 6), `opt(i)` that of the
/// `i`th optional one (7 to 12; `None` when absent or empty). The CSV and
/// Parquet readers both read records here.
pub(super) fn tidy_flow<'r>(
    req: impl Fn(usize) -> &'r str,
    opt: impl Fn(usize) -> Option<&'r str>,
    pos: &csv::Position,
) -> Result<TradeFlow> {
    let pos = pos.clone();
    let value = num::decimal(req(5).as_bytes()).map_err(|e| attach(e, &pos, "value"))?;
    let currency: Currency = parse(req(6), &pos, "currency")?;
    let quantity = match (opt(0), opt(1)) {
        (Some(q), Some(u)) => {
            let d = num::decimal(q.as_bytes()).map_err(|e| attach(e, &pos, "quantity"))?;
            Some(
                Quantity::new(d, parse(u, &pos, "unit")?)
                    .map_err(|e| attach(e, &pos, "quantity"))?,
            )
        }
        (None, None) => None,
        (Some(_), None) => {
            return Err(field_error(
                ErrorKind::Flow {
                    reason: "a quantity needs a unit".to_owned(),
                },
                &pos,
                "unit",
            ));
        }
        (None, Some(_)) => {
            return Err(field_error(
                ErrorKind::Flow {
                    reason: "a unit needs a quantity".to_owned(),
                },
                &pos,
                "quantity",
            ));
        }
    };
    let flow = TradeFlow::new(
        parse(req(0), &pos, "reporter")?,
        parse(req(1), &pos, "partner")?,
        parse(req(2), &pos, "direction")?,
        HsCode::special(req(3)).map_err(|e| attach(e, &pos, "product"))?,
        parse(req(4), &pos, "period")?,
        Money::new(value, currency),
    )
    .map_err(|e| attach(e, &pos, "value"))?;
    for (i, column, side) in [
        (4, "importer", flow.importer()),
        (5, "exporter", flow.exporter()),
    ] {
        if let Some(text) = opt(i) {
            let given: crate::Economy = parse(text, &pos, column)?;
            if given != side {
                return Err(field_error(
                    ErrorKind::Flow {
                        reason: format!(
                            "the {column} is given as {given}, but a {} reported by {} \
                                 with {} has {side} as {column}",
                            flow.direction(),
                            flow.reporter(),
                            flow.partner()
                        ),
                    },
                    &pos,
                    column,
                ));
            }
        }
    }
    Ok(flow
        .with_quantity(quantity)
        .with_valuation(opt(2).map_or(Ok(Valuation::default()), |s| parse(s, &pos, "valuation"))?)
        .with_provenance(
            opt(3).map_or(Ok(Provenance::default()), |s| parse(s, &pos, "provenance"))?,
        ))
}
