//! The fast path of the BACI reader: one left-to-right pass over a line
//! of the standard layout `t,i,j,k,v,q` with plain numbers, making the
//! same flow as the general path. Anything else (spaces, quotes, signs,
//! exponents, another year, a bad code) returns `None` and the line goes
//! through the general path, which also explains errors.

use rust_decimal::Decimal;

use crate::model::economy::Economy;
use crate::model::flow::{Direction, Provenance, TradeFlow, Valuation};
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money, times_thousand};
use crate::model::period::Period;
use crate::model::quantity::{Quantity, Unit};

/// A field of digits, possibly with one decimal point: its digits as a
/// number, its scale, and where it lies in the line.
struct Number {
    value: u64,
    scale: u32,
    start: usize,
    end: usize,
}

impl Number {
    /// How many bytes the field spans.
    fn width(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
}

/// Reads the field at `*at` up to the next comma (which it consumes) or
/// the line's end: 1 to 19 digits with at most one point (`None` for
/// anything else).
#[inline]
#[expect(
    clippy::arithmetic_side_effects,
    reason = "at most 19 digits accumulate, below u64::MAX; positions stay within the line"
)]
fn number(line: &[u8], at: &mut usize, point: bool) -> Option<Number> {
    let start = *at;
    let mut value: u64 = 0;
    let mut digits = 0u32;
    let mut scale: Option<u32> = None;
    let mut end = line.len();
    for (i, &b) in line.get(start..)?.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 19 {
                    return None;
                }
                value = value * 10 + u64::from(b - b'0');
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if point && scale.is_none() => scale = Some(0),
            b',' => {
                end = start + i;
                break;
            }
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    *at = if end < line.len() { end + 1 } else { end };
    Some(Number {
        value,
        scale: scale.unwrap_or(0),
        start,
        end,
    })
}

/// The flow of a standard-layout line, or `None` for the general path.
#[inline]
pub(super) fn flow(
    line: &[u8],
    year: Option<(u32, Period)>,
    table: &[Option<Economy>; 1000],
) -> Option<TradeFlow> {
    let mut at = 0;
    let year_field = number(line, &mut at, false)?;
    let period = match year {
        Some((y, p)) if u64::from(y) == year_field.value && year_field.width() == 4 => p,
        _ => return None,
    };
    let code = |n: &Number| -> Option<Economy> {
        (n.width() <= 3)
            .then(|| usize::try_from(n.value).ok())
            .flatten()
            .and_then(|k| table.get(k).copied().flatten())
    };
    let exporter = code(&number(line, &mut at, false)?)?;
    let importer = code(&number(line, &mut at, false)?)?;
    let code_field = number(line, &mut at, false)?;
    let product = HsCode::subheading_lenient_bytes(line.get(code_field.start..code_field.end)?)?;
    let value_field = number(line, &mut at, true)?;
    let value = times_thousand(i128::from(value_field.value), value_field.scale)?;
    let rest = line.get(at..)?;
    let quantity = if rest.is_empty() || rest == b"NA" {
        None
    } else {
        let tons = number(line, &mut at, true)?;
        if tons.end != line.len() {
            return None;
        }
        let d = Decimal::try_from_i128_with_scale(i128::from(tons.value), tons.scale).ok()?;
        Some(Quantity::new(d, Unit::Tonnes).ok()?)
    };
    if value_field.end == line.len() {
        // The line ended at the value: a field is missing.
        return None;
    }
    Some(
        TradeFlow::from_valid_parts(
            exporter,
            importer,
            Direction::Export,
            product,
            period,
            Money::new(value, Currency::USD),
        )
        .with_quantity(quantity)
        .with_valuation(Valuation::Fob)
        .with_provenance(Provenance::Reconciled),
    )
}
