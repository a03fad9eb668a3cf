//! The fast path of the BACI reader: one left-to-right pass over a line
//! of the standard layout `t,i,j,k,v,q` with plain numbers, making the
//! same flow as the general path. Lines are read straight from the
//! reader's buffer, the pass finding their end; a line with a `\r\n`
//! end or cut by the buffer's end is found first and passed whole.
//! Anything else (spaces, quotes, signs, exponents, another year, a bad
//! code) returns `None` and the line goes through the general path,
//! which also explains errors.

use rust_decimal::Decimal;

use crate::model::economy::Economy;
use crate::model::flow::TradeFlow;
use crate::model::hs::HsCode;
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

/// Reads the digits at `*at`: 1 to 19 of them, with one decimal point
/// where `point` allows (`None` for anything else), leaving `*at` at the
/// byte after them.
#[inline(always)]
#[expect(
    clippy::inline_always,
    reason = "called six times a line; left to itself the compiler does not inline it, which costs 7% of the BACI reader's speed"
)]
#[expect(
    clippy::arithmetic_side_effects,
    reason = "at most 19 digits accumulate, below u64::MAX; positions stay within the bytes"
)]
fn number(bytes: &[u8], at: &mut usize, point: bool) -> Option<Number> {
    let start = *at;
    let (mut i, mut value) = digits(bytes, start, 0);
    let mut count = i - start;
    let mut scale = 0;
    if point && bytes.get(i) == Some(&b'.') {
        let from = i + 1;
        (i, value) = digits(bytes, from, value);
        scale = (i - from) as u32;
        count += i - from;
    }
    // 1 to 19 digits, so no wrap above.
    if count == 0 || count > 19 {
        return None;
    }
    *at = i;
    Some(Number {
        value,
        scale,
        start,
        end: i,
    })
}

/// The digits from `i` on, appended to `value`: where they end and the
/// value, one subtraction and one comparison a byte (wrapping: callers
/// reject more than 19 digits).
#[inline(always)]
#[expect(
    clippy::inline_always,
    reason = "the inner loop of `number`, which is inlined for the same reason"
)]
fn digits(bytes: &[u8], mut i: usize, mut value: u64) -> (usize, u64) {
    while let Some(&b) = bytes.get(i) {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(d));
        i = i.wrapping_add(1);
    }
    (i, value)
}

/// [`number`], then the comma that ends the field, which it consumes.
#[inline(always)]
#[expect(clippy::inline_always, reason = "five times a line, as `number`")]
fn field(bytes: &[u8], at: &mut usize, point: bool) -> Option<Number> {
    let n = number(bytes, at, point)?;
    if bytes.get(*at) != Some(&b',') {
        return None;
    }
    *at = at.saturating_add(1);
    Some(n)
}

/// Where a line ends at `at`: a `\n` there, or, for a `whole` line, the
/// end of the bytes.
#[inline]
fn line_ends(bytes: &[u8], at: usize, whole: bool) -> bool {
    match bytes.get(at) {
        Some(b) => *b == b'\n',
        None => whole,
    }
}

/// The flow of the standard-layout line at the start of `bytes`, and
/// the line's length (without its `\n`); `None` for the general path.
/// The line ends at a `\n` or, where `whole` (the bytes are one line
/// without its end), at the end of the bytes; a line cut short by the
/// end of a buffer is `None`, and read again whole.
#[inline(always)]
#[expect(
    clippy::inline_always,
    reason = "inlined into the reader's loop the flow is built in place, not returned and copied: 28% of the BACI reader's speed"
)]
pub(crate) fn flow(
    bytes: &[u8],
    whole: bool,
    year: Option<(u32, Period)>,
    table: &[Option<Economy>; 1000],
) -> Option<(TradeFlow, usize)> {
    let mut at = 0;
    let year_field = field(bytes, &mut at, false)?;
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
    let exporter = code(&field(bytes, &mut at, false)?)?;
    let importer = code(&field(bytes, &mut at, false)?)?;
    let code_field = field(bytes, &mut at, false)?;
    let product = HsCode::subheading_lenient_bytes(bytes.get(code_field.start..code_field.end)?)?;
    let value = thousands(&field(bytes, &mut at, true)?)?;
    // The quantity: empty, `NA`, or tonnes.
    let quantity = if line_ends(bytes, at, whole) {
        None
    } else if bytes.get(at..at.saturating_add(2)) == Some(b"NA")
        && line_ends(bytes, at.saturating_add(2), whole)
    {
        at = at.saturating_add(2);
        None
    } else {
        let tons = number(bytes, &mut at, true)?;
        if !line_ends(bytes, at, whole) {
            return None;
        }
        Some(Quantity::of_digits(
            decimal(u128::from(tons.value), tons.scale)?,
            Unit::Tonnes,
        ))
    };
    let flow = super::baci::reconciled_export(exporter, importer, product, period, value, quantity);
    Some((flow, at))
}

/// The non-negative decimal `mantissa / 10^scale`, for a mantissa below
/// 2^96 and a scale of at most 28 (`None` otherwise).
#[inline]
fn decimal(mantissa: u128, scale: u32) -> Option<Decimal> {
    if mantissa >> 96 != 0 || scale > 28 {
        return None;
    }
    let lo = (mantissa & 0xffff_ffff) as u32;
    let mid = ((mantissa >> 32) & 0xffff_ffff) as u32;
    let hi = (mantissa >> 64) as u32;
    Some(Decimal::from_parts(lo, mid, hi, false, scale))
}

/// A value field in thousands of dollars, in dollars: at most 19
/// digits, so at most 10^22 after the shift, well within `Decimal`.
#[inline]
fn thousands(n: &Number) -> Option<Decimal> {
    let m = u128::from(n.value);
    match n.scale {
        0 => decimal(m.checked_mul(1000)?, 0),
        1 => decimal(m.checked_mul(100)?, 0),
        2 => decimal(m.checked_mul(10)?, 0),
        s => decimal(m, s.checked_sub(3)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_shift_the_point() {
        let n = |value, scale| Number {
            value,
            scale,
            start: 0,
            end: 0,
        };
        let t = |value, scale| thousands(&n(value, scale)).map(|d| d.to_string());
        // 20.945 thousand dollars are 20,945 dollars; 1.5 are 1,500.
        assert_eq!(t(20945, 3).as_deref(), Some("20945"));
        assert_eq!(t(15, 1).as_deref(), Some("1500"));
        assert_eq!(t(7, 0).as_deref(), Some("7000"));
        // 1.23456 thousand dollars are 1,234.56 dollars.
        assert_eq!(t(123_456, 5).as_deref(), Some("1234.56"));
        // 19 nines with no point: 10^22 - 1000 dollars, exact.
        assert_eq!(
            t(9_999_999_999_999_999_999, 0).as_deref(),
            Some("9999999999999999999000")
        );
        assert_eq!(decimal(1 << 96, 0), None);
        assert_eq!(decimal(1, 29), None);
    }
}
