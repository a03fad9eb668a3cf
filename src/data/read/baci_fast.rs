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
/// the line's end: 1 to 19 digits, with one decimal point where `point`
/// allows (`None` for anything else).
#[inline]
#[expect(
    clippy::arithmetic_side_effects,
    reason = "at most 19 digits accumulate, below u64::MAX; positions stay within the line"
)]
fn number(line: &[u8], at: &mut usize, point: bool) -> Option<Number> {
    let start = *at;
    let mut i = start;
    let mut value: u64 = 0;
    // Whole digits: one subtraction and one comparison a byte.
    while let Some(&b) = line.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(d));
        i += 1;
    }
    let mut digits = i - start;
    let mut scale = 0;
    if point && line.get(i) == Some(&b'.') {
        i += 1;
        let from = i;
        while let Some(&b) = line.get(i) {
            let d = b.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            value = value.wrapping_mul(10).wrapping_add(u64::from(d));
            i += 1;
        }
        scale = (i - from) as u32;
        digits += i - from;
    }
    // 1 to 19 digits (so no wrap above), then a comma or the end.
    if digits == 0 || digits > 19 {
        return None;
    }
    let end = i;
    match line.get(i) {
        None => {}
        Some(b',') => i += 1,
        Some(_) => return None,
    }
    *at = i;
    Some(Number {
        value,
        scale,
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
