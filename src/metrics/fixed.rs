//! Decimals written with a fixed number of places, rounded half away
//! from zero: the text `Decimal::round_dp_with_strategy` followed by
//! `Decimal`'s `Display` gives, byte for byte, in a fraction of the time
//! (`Decimal` finds each digit by a division of its 96-bit mantissa;
//! here two divisions split it into machine words).

use rust_decimal::Decimal;

/// Room for 29 integer digits, a point and 28 places.
const BUFFER: usize = 64;

/// `10^k` for `k` in `0..=28`.
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where a bad index fails the build"
)]
const POW10: [u128; 29] = {
    let mut t = [1u128; 29];
    let mut k = 1;
    while k < 29 {
        t[k] = t[k - 1] * 10;
        k += 1;
    }
    t
};

/// 10^19, the largest power of ten below 2^64.
const TEN19: u128 = 10_000_000_000_000_000_000;

/// Writes the digits of `v` ending at `buf[end]` (exclusive), at least
/// `min` of them (zero-padded); returns where they start.
#[expect(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    reason = "a text has at most 29 whole digits, a point and 28 places, within the 64-byte buffer"
)]
fn digits_u64(buf: &mut [u8; BUFFER], end: usize, mut v: u64, min: usize) -> usize {
    let mut at = end;
    while v > 0 || end - at < min {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    at
}

/// Writes the digits of `v` (below 2^97) ending at `end`, at least `min`
/// of them; returns where they start.
fn digits(buf: &mut [u8; BUFFER], end: usize, v: u128, min: usize) -> usize {
    if let Ok(small) = u64::try_from(v) {
        return digits_u64(buf, end, small, min);
    }
    // Below 2^97, `v / 10^19` is below 2^34: both parts fit a u64.
    let low = v.checked_rem(TEN19).unwrap_or(0) as u64;
    let high = v.checked_div(TEN19).unwrap_or(0) as u64;
    if high == 0 {
        digits_u64(buf, end, low, min)
    } else {
        let at = digits_u64(buf, end, low, 19);
        digits_u64(buf, at, high, min.saturating_sub(19))
    }
}

/// `(v / unit, v % unit)`, in machine words where `v` fits one.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "unit is a power of ten, never zero; q * unit <= v"
)]
fn split(v: u128, unit: u128) -> (u128, u128) {
    if let (Ok(v), Ok(unit)) = (u64::try_from(v), u64::try_from(unit)) {
        (u128::from(v / unit), u128::from(v % unit))
    } else {
        let q = v / unit;
        (q, v - q * unit)
    }
}

/// Formats `d` rounded half away from zero to `places` places, written
/// with exactly that many (`0.5` with 3 places is `0.500`; no point for
/// 0 places), through [`Formatter::pad_integral`](std::fmt::Formatter::pad_integral)
/// for width, fill and sign: the text `Decimal`'s `Display` gives for the
/// rounded value with that precision, for every value and precision
/// (where `Decimal`'s own `Display` runs out of its 32-byte buffer,
/// `{:.12}` of 10^20 say, and panics).
#[expect(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    reason = "powers are indexed by scales of at most 28; the rounded mantissa is at most the original one plus 1, below 2^97; positions stay within the buffers"
)]
pub(crate) fn fmt_fixed(
    d: Decimal,
    places: usize,
    f: &mut std::fmt::Formatter<'_>,
) -> std::fmt::Result {
    let mantissa = d.mantissa().unsigned_abs();
    let scale = d.scale() as usize;
    // The rounded value is `kept / 10^shown`, padded with `places - shown`
    // zeros.
    let (kept, shown) = if scale > places {
        let unit = POW10[scale - places];
        let q = mantissa / unit;
        let r = mantissa - q * unit;
        (if r >= unit - r { q + 1 } else { q }, places)
    } else {
        (mantissa, scale)
    };
    let (whole, fraction) = split(kept, POW10[shown]);
    let mut buf = [0u8; BUFFER];
    let mut at = BUFFER;
    if shown > 0 {
        at = digits(&mut buf, at, fraction, shown);
    }
    if places > 0 {
        at -= 1;
        buf[at] = b'.';
    }
    at = digits(&mut buf, at, whole, 1);
    let pad = places - shown;
    // Only ASCII digits and a point were written.
    let text = std::str::from_utf8(&buf[at..]).map_err(|_| std::fmt::Error)?;
    // A value that rounds to zero is written without a sign, as
    // `Decimal` does.
    let negative = d.is_sign_negative() && kept != 0;
    if f.width().is_none() && !f.sign_plus() {
        // Nothing to align: write the parts.
        if negative {
            f.write_str("-")?;
        }
        f.write_str(text)?;
        zeros(f, pad)
    } else {
        let mut s = String::with_capacity(text.len().saturating_add(pad));
        s.push_str(text);
        zeros(&mut s, pad)?;
        f.pad_integral(!negative, "", &s)
    }
}

/// Writes `n` zeros.
fn zeros(out: &mut impl std::fmt::Write, mut n: usize) -> std::fmt::Result {
    const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    while n > 0 {
        let k = n.min(ZEROS.len());
        out.write_str(ZEROS.get(..k).unwrap_or_default())?;
        n = n.saturating_sub(k);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;
    use std::fmt;

    /// A decimal displayed through `fmt_fixed` when a precision is given.
    struct Fixed(Decimal);

    impl fmt::Display for Fixed {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match f.precision() {
                Some(p) => fmt_fixed(self.0, p, f),
                None => fmt::Display::fmt(&self.0, f),
            }
        }
    }

    /// `Decimal`'s own text of `d` rounded to `places`, through `spec`
    /// (one of a few format specs); `None` where `Decimal` panics.
    fn oracle(d: Decimal, places: usize, spec: usize) -> Option<String> {
        let r = d.round_dp_with_strategy(places as u32, RoundingStrategy::MidpointAwayFromZero);
        std::panic::catch_unwind(|| render(r, places, spec)).ok()
    }

    fn render<T: fmt::Display>(v: T, places: usize, spec: usize) -> String {
        match spec {
            0 => format!("{v:.places$}"),
            1 => format!("{v:>40.places$}"),
            2 => format!("{v:+.places$}"),
            _ => format!("{v:045.places$}"),
        }
    }

    fn fast(d: &str, places: usize) -> String {
        format!("{:.places$}", Fixed(d.parse().unwrap()))
    }

    #[test]
    fn hand_worked_roundings() {
        // 0.42499999 rounds down at the 4th place, 0.4245 (a midpoint) up.
        assert_eq!(fast("0.42499999", 3), "0.425");
        assert_eq!(fast("0.4244999", 3), "0.424");
        assert_eq!(fast("0.0005", 3), "0.001");
        assert_eq!(fast("0.9995", 3), "1.000");
        assert_eq!(fast("-0.9995", 3), "-1.000");
        assert_eq!(fast("0.5", 12), "0.500000000000");
        assert_eq!(fast("2.5", 0), "3");
        assert_eq!(fast("0", 2), "0.00");
        assert_eq!(
            fast("123456789012345678901234.5678", 2),
            "123456789012345678901234.57"
        );
        assert_eq!(fast("0.25", 30), format!("0.25{}", "0".repeat(28)));
        assert_eq!(
            format!("{:.0}", Fixed(Decimal::MAX)),
            "79228162514264337593543950335"
        );
        assert_eq!(
            format!("{:>8.2}", Fixed("1.5".parse().unwrap())),
            "    1.50"
        );
        assert_eq!(format!("{:+.1}", Fixed("1.25".parse().unwrap())), "+1.3");
    }

    #[test]
    fn large_values_with_places_do_not_panic() {
        // 2^64 with 12 places is 33 bytes, beyond Decimal's 32-byte text
        // buffer, where `Decimal`'s `Display` panics.
        let d = Decimal::from(u64::MAX) + Decimal::ONE;
        assert!(oracle(d, 12, 0).is_none());
        assert_eq!(
            format!("{:.12}", Fixed(d)),
            "18446744073709551616.000000000000"
        );
        assert_eq!(format!("{:.1000}", Fixed(d)).len(), 20 + 1 + 1000);
    }

    proptest! {
        /// The text equals `Decimal`'s wherever `Decimal` has one, for
        /// any decimal, number of places and format spec.
        #[test]
        fn same_text_as_decimal(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
                                negative in any::<bool>(), scale in 0u32..=28,
                                places in 0usize..=32, spec in 0usize..4) {
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            if let Some(expected) = oracle(d, places, spec) {
                prop_assert_eq!(render(Fixed(d), places, spec), expected);
            }
        }

        /// The same for small values, which round to zero (unsigned, as
        /// with `Decimal`) or near it.
        #[test]
        fn same_text_near_zero(m in 0u32..1_000_000, negative in any::<bool>(),
                               scale in 0u32..=28, places in 0usize..=12, spec in 0usize..4) {
            let d = Decimal::from_parts(m, 0, 0, negative, scale);
            let expected = oracle(d, places, spec);
            prop_assert!(expected.is_some());
            prop_assert_eq!(Some(render(Fixed(d), places, spec)), expected);
        }

        #[test]
        fn same_text_for_ratios(part in 0u64..1_000_000_000_000, extra in 1u64..1_000_000_000_000,
                                places in 0usize..=16) {
            let d = Decimal::from(part).checked_div(Decimal::from(part.saturating_add(extra))).unwrap();
            prop_assert_eq!(Some(render(Fixed(d), places, 0)), oracle(d, places, 0));
        }
    }
}
