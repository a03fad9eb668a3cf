//! The UN Comtrade reader (API and bulk CSV or TSV).

use std::io::{BufRead, BufReader, Read};

use super::{Counting, Item, attach, field_error, negative};
use crate::csvutil::{self, Columns};
use crate::data::num;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::flow::{Direction, TradeFlow, Valuation};
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};
use crate::model::period::Period;
use crate::model::quantity::{Quantity, Unit};

pub(super) struct ComtradeParser<R: Read> {
    pub(super) rdr: csv::Reader<BufReader<Counting<R>>>,
    cols: Columns,
    optional: [Option<usize>; 7],
    record: csv::StringRecord,
    level: Option<HsLevel>,
    chosen: bool,
}

const COMTRADE_REQUIRED: [&str; 6] = [
    "reporterCode",
    "partnerCode",
    "flowCode",
    "cmdCode",
    "period",
    "primaryValue",
];
const COMTRADE_OPTIONAL: [&str; 7] = [
    "cifvalue",
    "fobvalue",
    "qty",
    "qtyUnitCode",
    "partner2Code",
    "customsCode",
    "motCode",
];

impl<R: Read> ComtradeParser<R> {
    pub(super) fn new(reader: Counting<R>, level: Option<HsLevel>) -> Result<Self> {
        let mut buf = BufReader::with_capacity(1 << 16, reader);
        let first = buf.fill_buf()?;
        let line_end = first
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(first.len());
        let delimiter = if first.get(..line_end).is_some_and(|l| l.contains(&b'\t')) {
            b'\t'
        } else {
            b','
        };
        let mut rdr = csvutil::reader(buf, delimiter);
        let cols = Columns::new(&mut rdr, &COMTRADE_REQUIRED)?;
        let optional = COMTRADE_OPTIONAL.map(|n| cols.find(n));
        Ok(ComtradeParser {
            rdr,
            cols,
            optional,
            record: csv::StringRecord::new(),
            level,
            chosen: level.is_some(),
        })
    }

    pub(super) fn next(&mut self) -> Option<Result<Item>> {
        match csvutil::read_string_record(&mut self.rdr, &mut self.record) {
            Ok(true) => Some(self.parse()),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn parse(&mut self) -> Result<Item> {
        let rec = &self.record;
        let pos = rec.position().cloned().unwrap_or_else(csv::Position::new);
        let req = |i: usize| rec.get(self.cols.index(i)).unwrap_or("").trim();
        let opt = |i: usize| {
            self.optional
                .get(i)
                .copied()
                .flatten()
                .and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let code = |s: &str, col: &str| -> Result<u16> {
            s.parse::<u16>().map_err(|_| {
                attach(
                    Error::new(ErrorKind::Economy {
                        input: crate::error::quote(s),
                        reason: "expected a numeric Comtrade code".to_owned(),
                    }),
                    &pos,
                    col,
                )
            })
        };
        let reporter_code = code(req(0), "reporterCode")?;
        let partner_code = code(req(1), "partnerCode")?;
        // Aggregates and breakdowns: left out, never double counted.
        let breakdown = opt(4).is_some_and(|p| p != "0")
            || opt(5).is_some_and(|c| !c.eq_ignore_ascii_case("C00"))
            || opt(6).is_some_and(|m| m != "0");
        let flow_code = req(2);
        if partner_code == 0
            || partner_code == 97
            || reporter_code == 97
            || req(3).eq_ignore_ascii_case("TOTAL")
            || breakdown
            || flow_code.eq_ignore_ascii_case("DX")
            || flow_code.eq_ignore_ascii_case("FM")
        {
            return Ok(Item::LeftOut);
        }
        let reporter =
            Economy::from_trade_code(reporter_code).map_err(|e| attach(e, &pos, "reporterCode"))?;
        let partner =
            Economy::from_trade_code(partner_code).map_err(|e| attach(e, &pos, "partnerCode"))?;
        let direction: Direction = flow_code.parse().map_err(|e| attach(e, &pos, "flowCode"))?;
        let product: HsCode = req(3).parse().map_err(|e| attach(e, &pos, "cmdCode"))?;
        match self.level {
            Some(l) if l != product.level() => {
                if self.chosen {
                    return Ok(Item::LeftOut);
                }
                return Err(attach(
                    Error::new(ErrorKind::MixedHsLevels {
                        first: l.digits(),
                        second: product.level().digits(),
                    }),
                    &pos,
                    "cmdCode",
                ));
            }
            None => self.level = Some(product.level()),
            Some(_) => {}
        }
        let period: Period = req(4).parse().map_err(|e| attach(e, &pos, "period"))?;
        let value = num::decimal(req(5).as_bytes()).map_err(|e| attach(e, &pos, "primaryValue"))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(attach(negative("value", req(5)), &pos, "primaryValue"));
        }
        let same = |i: usize| {
            opt(i)
                .and_then(|s| num::decimal(s.as_bytes()).ok())
                .is_some_and(|d| d == value)
        };
        let valuation = if self.optional[0].is_none() && self.optional[1].is_none() {
            if direction.is_inward() {
                Valuation::Cif
            } else {
                Valuation::Fob
            }
        } else if same(0) {
            Valuation::Cif
        } else if same(1) {
            Valuation::Fob
        } else {
            Valuation::Unknown
        };
        let quantity = comtrade_quantity(opt(3), opt(2), &pos)?;
        Ok(Item::Flow(
            TradeFlow::from_valid_parts(
                reporter,
                partner,
                direction,
                product,
                period,
                Money::new(value, Currency::USD),
            )
            .with_quantity(quantity)
            .with_valuation(valuation),
        ))
    }
}

/// The quantity of a Comtrade row from its `qtyUnitCode` and `qty`.
fn comtrade_quantity(
    unit: Option<&str>,
    qty: Option<&str>,
    pos: &csv::Position,
) -> Result<Option<Quantity>> {
    let unit = match unit {
        Some(u) => {
            let c: i32 = u.parse().map_err(|_| {
                field_error(
                    ErrorKind::Unit {
                        input: crate::error::quote(u),
                        reason: "expected a numeric Comtrade unit code",
                    },
                    pos,
                    "qtyUnitCode",
                )
            })?;
            Unit::from_comtrade_code(c).map_err(|e| attach(e, pos, "qtyUnitCode"))?
        }
        None => None,
    };
    match (unit, qty) {
        (Some(u), Some(q)) => {
            let d = num::decimal(q.as_bytes()).map_err(|e| attach(e, pos, "qty"))?;
            Ok(Some(
                Quantity::new(d, u).map_err(|e| attach(e, pos, "qty"))?,
            ))
        }
        _ => Ok(None),
    }
}
