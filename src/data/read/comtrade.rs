//! The UN Comtrade reader (API and bulk CSV or TSV).

use std::io::{BufRead, BufReader, Read};

use super::{Counting, Item, attach, field_error, negative};
use crate::csvutil::{self, Columns, CsvReader};
use crate::data::num;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::edition::HsEdition;
use crate::model::flow::{Direction, TradeFlow, Valuation};
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money};
use crate::model::period::Period;
use crate::model::quantity::{Quantity, Unit};

pub(super) struct ComtradeParser<R: Read> {
    pub(super) rdr: CsvReader<BufReader<Counting<R>>>,
    cols: Columns,
    optional: [Option<usize>; 8],
    record: csvutil::Record,
    lenient: bool,
}

const COMTRADE_REQUIRED: [&str; 6] = [
    "reporterCode",
    "partnerCode",
    "flowCode",
    "cmdCode",
    "period",
    "primaryValue",
];
const COMTRADE_OPTIONAL: [&str; 8] = [
    "cifvalue",
    "fobvalue",
    "qty",
    "qtyUnitCode",
    "partner2Code",
    "customsCode",
    "motCode",
    "classificationCode",
];

impl<R: Read> ComtradeParser<R> {
    pub(super) fn new(reader: Counting<R>, lenient: bool) -> Result<Self> {
        let mut buf = BufReader::with_capacity(1 << 16, reader);
        let delimiter = csvutil::sniff_delimiter(buf.fill_buf()?);
        let mut rdr = CsvReader::new(buf, delimiter);
        let cols = Columns::new(&mut rdr, &COMTRADE_REQUIRED)?;
        let optional = COMTRADE_OPTIONAL.map(|n| cols.find(n));
        Ok(ComtradeParser {
            rdr,
            cols,
            optional,
            record: csvutil::Record::new(),
            lenient,
        })
    }

    pub(super) fn next(&mut self) -> Option<Result<Item>> {
        match self.rdr.read_string_record(&mut self.record) {
            Ok(true) => Some(self.parse()),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn parse(&mut self) -> Result<Item> {
        let rec = &self.record;
        let pos = rec.position().clone();
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
            numeric_code(s)
                .and_then(|c| u16::try_from(c).ok())
                .ok_or_else(|| {
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
        // Codes of breakdowns: read as numbers, so that `0.0` and `00`
        // (as a spreadsheet or pandas writes 0) are 0.
        let zero = |i: usize, col: &str| -> Result<bool> {
            match opt(i) {
                None => Ok(true),
                Some(s) => numeric_code(s).map(|c| c == 0).ok_or_else(|| {
                    attach(
                        Error::new(ErrorKind::Number {
                            input: crate::error::quote(s),
                            reason: "expected a numeric code",
                        }),
                        &pos,
                        col,
                    )
                }),
            }
        };
        let reporter_code = code(req(0), "reporterCode")?;
        let partner_code = code(req(1), "partnerCode")?;
        // Rows the model has no place for: the EU aggregate, and
        // breakdowns of a flow by second partner, customs procedure or
        // mode of transport. The World (reported totals), `TOTAL` and
        // the breakdown flows RM, RX, FM, DX are kept: queries keep them
        // apart from their parts.
        let breakdown = !zero(4, "partner2Code")?
            || opt(5).is_some_and(|c| !c.eq_ignore_ascii_case("C00"))
            || !zero(6, "motCode")?;
        if partner_code == 97 || reporter_code == 97 || breakdown {
            return Ok(Item::LeftOut);
        }
        let reporter =
            Economy::from_trade_code(reporter_code).map_err(|e| attach(e, &pos, "reporterCode"))?;
        let partner =
            Economy::from_trade_code(partner_code).map_err(|e| attach(e, &pos, "partnerCode"))?;
        let direction: Direction = req(2).parse().map_err(|e| attach(e, &pos, "flowCode"))?;
        let mut product = self
            .product(req(3))
            .map_err(|e| attach(e, &pos, "cmdCode"))?;
        if let Some(class) = opt(7)
            && product != HsCode::TOTAL
        {
            let edition: HsEdition = class
                .parse()
                .map_err(|e| attach(e, &pos, "classificationCode"))?;
            product = product.with_edition(edition);
        }
        let period: Period = req(4).parse().map_err(|e| attach(e, &pos, "period"))?;
        let value = num::decimal(req(5).as_bytes()).map_err(|e| attach(e, &pos, "primaryValue"))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(attach(negative("value", req(5)), &pos, "primaryValue"));
        }
        let has_columns = self.optional[0].is_some() || self.optional[1].is_some();
        let valuation = valuation(has_columns, direction, value, opt(0), opt(1));
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

impl<R: Read> ComtradeParser<R> {
    /// A `cmdCode`: `TOTAL`, an HS code (chapters 98 and 99 included:
    /// Comtrade's `9999` is "commodities not specified"), or with
    /// lenient codes one that lost its leading zero.
    fn product(&self, text: &str) -> Result<HsCode> {
        let lost_zero = matches!(text.len(), 1 | 3 | 5) && text.bytes().all(|b| b.is_ascii_digit());
        match (lost_zero, self.lenient) {
            (true, true) => HsCode::special(&format!("0{text}")),
            (true, false) => Err(Error::new(ErrorKind::HsCode {
                input: crate::error::quote(text),
                reason: "an odd number of digits: a code that lost its leading zero (as spreadsheets write 010121); read such files with Reader::lenient_codes",
            })),
            (false, _) => HsCode::special(text),
        }
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

/// The valuation of a flow: CIF or FOB when `primaryValue` equals
/// `cifvalue` or `fobvalue`; without those columns, Comtrade's convention
/// (CIF for imports, FOB for exports).
fn valuation(
    has_columns: bool,
    direction: Direction,
    value: rust_decimal::Decimal,
    cif: Option<&str>,
    fob: Option<&str>,
) -> Valuation {
    let same = |s: Option<&str>| {
        s.and_then(|s| num::decimal(s.as_bytes()).ok())
            .is_some_and(|d| d == value)
    };
    if !has_columns {
        if direction.is_inward() {
            Valuation::Cif
        } else {
            Valuation::Fob
        }
    } else if same(cif) {
        Valuation::Cif
    } else if same(fob) {
        Valuation::Fob
    } else {
        Valuation::Unknown
    }
}

/// A numeric code as a spreadsheet or pandas may write it: digits, or
/// digits with a fractional part of zeros (`842.0`); `None` otherwise.
fn numeric_code(s: &str) -> Option<u64> {
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || whole.len() > 18 || !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    whole.bytes().try_fold(0u64, |v, b| {
        b.is_ascii_digit().then(|| {
            v.saturating_mul(10)
                .saturating_add(u64::from(b.saturating_sub(b'0')))
        })
    })
}
