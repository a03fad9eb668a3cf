//! Fast, exact parsing of the numeric fields of trade files.

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::decimal_text::parse_decimal;
use crate::model::hs::ascii_digits;
use crate::model::money::times_thousand;

/// Strips ASCII spaces and tabs around a field (BACI pads some columns).
#[inline]
pub(crate) fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// The field as text, or a UTF-8 error naming it.
pub(crate) fn text(b: &[u8]) -> Result<&str> {
    std::str::from_utf8(b).map_err(|e| {
        Error::new(ErrorKind::Utf8 {
            detail: format!(
                "invalid byte at offset {} of the field {:?}",
                e.valid_up_to(),
                String::from_utf8_lossy(b)
            ),
        })
    })
}

/// Parses a plain decimal (`123`, `20.945`, `-1.5`) into a mantissa and a
/// scale, without allocating; `None` for anything else (exponents, more
/// than 28 digits), which the slow path then explains.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "at most 29 digits accumulate, below i128::MAX; the scale counts them"
)]
fn fast(b: &[u8]) -> Option<(i128, u32)> {
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, b.get(1..)?),
        _ => (false, b),
    };
    if digits.is_empty() || digits.len() > 29 {
        return None;
    }
    // Up to 19 digits fit a u64, whose arithmetic is cheaper; the rest
    // (at most 29 in all) go on in i128.
    let mut small: u64 = 0;
    let mut m: i128 = 0;
    let mut scale: Option<u32> = None;
    let mut count = 0;
    for &c in digits {
        match c {
            b'0'..=b'9' if count < 19 => {
                small = small * 10 + u64::from(c - b'0');
                count += 1;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'0'..=b'9' => {
                if count == 19 {
                    m = i128::from(small);
                }
                m = m * 10 + i128::from(c - b'0');
                count += 1;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    if count == 0 || count > 28 {
        return None;
    }
    let m = if count <= 19 { i128::from(small) } else { m };
    Some((if neg { -m } else { m }, scale.unwrap_or(0)))
}

/// Parses an exact decimal field.
#[inline]
pub(crate) fn decimal(b: &[u8]) -> Result<Decimal> {
    if let Some((m, s)) = fast(b)
        && let Ok(d) = Decimal::try_from_i128_with_scale(m, s)
    {
        return Ok(d);
    }
    parse_decimal(text(b)?)
}

/// Parses an exact decimal field given in thousands, returning units
/// (`20.945` gives `20945`): the decimal point moves, nothing rounds.
#[inline]
pub(crate) fn thousands(b: &[u8]) -> Result<Decimal> {
    if let Some((m, s)) = fast(b)
        && let Some(d) = times_thousand(m, s)
    {
        return Ok(d);
    }
    let d = parse_decimal(text(b)?)?;
    times_thousand(d.mantissa(), d.scale()).ok_or_else(|| {
        Error::new(ErrorKind::Number {
            input: crate::error::quote(&String::from_utf8_lossy(b)),
            reason: "too large for a 96-bit decimal once multiplied by 1,000",
        })
    })
}

/// Parses a small unsigned integer field (a year, a country code).
#[inline]
pub(crate) fn unsigned(b: &[u8], max: u32) -> Option<u32> {
    ascii_digits(b).filter(|v| *v <= max)
}

/// True for a field that means "no value": empty or `NA`.
#[inline]
pub(crate) fn is_missing(b: &[u8]) -> bool {
    b.is_empty() || b.eq_ignore_ascii_case(b"NA") || b.eq_ignore_ascii_case(b"NaN")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(decimal(b"20.945").unwrap(), dec!(20.945));
        assert_eq!(decimal(b"-1.50").unwrap(), dec!(-1.50));
        assert_eq!(decimal(b"7").unwrap(), dec!(7));
        assert_eq!(decimal(b"1e3").unwrap(), dec!(1000));
        assert!(decimal(b"1.2.3").is_err());
        assert!(decimal(b"").is_err());
        assert!(decimal(b".").is_err());
        assert!(decimal(b"-").is_err());
        assert!(decimal(b"12,5").is_err());
    }

    #[test]
    fn thousands_move_the_point() {
        assert_eq!(thousands(b"20.945").unwrap(), dec!(20945));
        assert_eq!(thousands(b"0.001").unwrap(), dec!(1));
        assert_eq!(thousands(b"2.5").unwrap(), dec!(2500));
        assert_eq!(thousands(b"1.23456").unwrap(), dec!(1234.56));
        assert_eq!(thousands(b"1e-3").unwrap(), dec!(1));
        assert!(thousands(b"79228162514264337593543950335").is_err());
    }

    #[test]
    fn integers_and_missing() {
        assert_eq!(unsigned(b"842", 999), Some(842));
        assert_eq!(unsigned(b"1000", 999), None);
        assert_eq!(unsigned(b"8x", 999), None);
        assert!(is_missing(b"NA") && is_missing(b"") && !is_missing(b"0"));
    }
}
