//! The text of exact decimals: what numbers trade files may hold, read
//! without rounding, and why a number cannot be held when it cannot.

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};

/// Parses an exact decimal, refusing what `Decimal` would round.
///
/// The numbers of trade files: an optional leading `-`, digits with at
/// most one decimal point (`1500`, `20.945`, `.5`, `3.`), and optionally
/// an exponent (`1.5e6`, `2E-3`), which moves the point exactly. Nothing
/// else: no `+` sign, no `_` or `,` between digits, no spaces, no `inf`
/// or `NaN`. A value is refused, with the real reason, when it has more
/// than 28 decimal places or more than the 28 significant digits a
/// 96-bit decimal holds.
pub(crate) fn parse_decimal(s: &str) -> Result<Decimal> {
    let number = |reason| {
        Error::new(ErrorKind::Number {
            input: crate::error::quote(s),
            reason,
        })
    };
    let plain = plain_decimal(s).map_err(number)?;
    Decimal::from_str_exact(&plain).map_err(|_| number(why_not_exact(&plain)))
}

/// The number in plain notation (its exponent applied by moving the
/// point), or why it is not a number of a trade file.
fn plain_decimal(s: &str) -> std::result::Result<std::borrow::Cow<'_, str>, &'static str> {
    if s.is_empty() {
        return Err("empty");
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (
            s.get(..i).unwrap_or(""),
            Some(s.get(i.saturating_add(1)..).unwrap_or("")),
        ),
        None => (s, None),
    };
    let body = mantissa.strip_prefix('-').unwrap_or(mantissa);
    if body.starts_with('+') || body.starts_with('-') || mantissa.starts_with('+') {
        return Err("a sign other than one leading '-': trade files write no '+'");
    }
    if body.contains('_') || body.contains(',') {
        return Err("separators between digits ('_' or ',') are not part of a number here");
    }
    if body.bytes().any(|b| b.is_ascii_whitespace()) {
        return Err("spaces inside a number");
    }
    if !body.bytes().all(|b| b.is_ascii_digit() || b == b'.') || body.matches('.').count() > 1 {
        return Err("not a decimal number");
    }
    if !body.bytes().any(|b| b.is_ascii_digit()) {
        return Err("no digits");
    }
    let Some(exponent) = exponent else {
        return Ok(std::borrow::Cow::Borrowed(s));
    };
    let e: i32 = match exponent.strip_prefix('+').unwrap_or(exponent) {
        t if !t.is_empty()
            && t.trim_start_matches('-')
                .bytes()
                .all(|b| b.is_ascii_digit()) =>
        {
            t.parse().map_err(|_| "an exponent out of range")?
        }
        _ => return Err("an exponent must be digits, as in 1.5e6"),
    };
    if !(-60..=60).contains(&e) {
        return Err("an exponent out of range for a 96-bit decimal");
    }
    Ok(std::borrow::Cow::Owned(shift_point(mantissa, e)))
}

/// `mantissa` (plain, with an optional `-`) times 10^`e`, in plain
/// notation, exactly: the point moves, digits stay.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "digit counts of a checked text and an exponent within ±60"
)]
fn shift_point(mantissa: &str, e: i32) -> String {
    let (neg, body) = match mantissa.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, mantissa),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits: String = int.chars().chain(frac.chars()).collect();
    // The point sits after `point` digits; a negative or long position is
    // padded with zeros.
    let point = i64::try_from(int.len()).unwrap_or(0) + i64::from(e);
    let n = i64::try_from(digits.len()).unwrap_or(0);
    let mut out = String::with_capacity(digits.len() + 64);
    if neg {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n(
            '0',
            usize::try_from(-point).unwrap_or(0),
        ));
        out.push_str(&digits);
    } else if point >= n {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n(
            '0',
            usize::try_from(point - n).unwrap_or(0),
        ));
    } else {
        let p = usize::try_from(point).unwrap_or(0);
        out.push_str(digits.get(..p).unwrap_or(""));
        out.push('.');
        out.push_str(digits.get(p..).unwrap_or(""));
    }
    out
}

/// Why a plain decimal cannot be held exactly.
fn why_not_exact(plain: &str) -> &'static str {
    let body = plain.trim_start_matches('-');
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let int = int.trim_start_matches('0');
    if frac.len() > 28 {
        "more than 28 decimal places, the most a 96-bit decimal holds"
    } else if int.len().saturating_add(frac.len()) > 28 && !frac.is_empty() {
        "more than 28 significant digits, the most a 96-bit decimal holds"
    } else {
        "too large for a 96-bit decimal (at most 79,228,162,514,264,337,593,543,950,335)"
    }
}
