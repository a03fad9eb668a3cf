//! Distinct number types: a share is not an HHI is not money.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::money::{Money, overflow};

/// A part of a whole: `part / whole`, an exact decimal.
///
/// Shares of a partition lie between 0 and 1; shares built from a ratio
/// that is not a partition (net import reliance, say) can fall outside.
/// `Display` forwards the formatter, so `{:.3}` rounds; the text form
/// round-trips through `FromStr` and serde.
///
/// # Example
///
/// ```
/// use tradedep::metrics::Share;
///
/// let s = Share::of(&"236 USD".parse()?, &"1000 USD".parse()?)?.expect("non-zero whole");
/// assert_eq!(s.to_string(), "0.236");
/// assert_eq!(s.percent().map(|p| p.to_string()).as_deref(), Some("23.6"));
/// assert_eq!(Share::of(&"1 USD".parse()?, &"0 USD".parse()?)?, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Share(Decimal);

impl Share {
    /// The share 0.
    pub const ZERO: Share = Share(Decimal::ZERO);
    /// The share 1.
    pub const ONE: Share = Share(Decimal::ONE);

    /// A share from its value.
    #[must_use]
    pub fn new(value: Decimal) -> Share {
        Share(value.normalize())
    }

    /// `part / whole`; `None` when `whole` is zero (no share is defined).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for amounts in two currencies.
    pub fn of(part: &Money, whole: &Money) -> Result<Option<Share>> {
        part.same_currency(whole, "divide")?;
        if whole.is_zero() {
            return Ok(None);
        }
        part.ratio(whole).map(|r| Some(Share::new(r)))
    }

    /// `part / whole` of two decimals; `None` when `whole` is zero.
    pub(crate) fn ratio(part: Decimal, whole: Decimal) -> Option<Share> {
        if whole.is_zero() {
            None
        } else {
            part.checked_div(whole).map(Share::new)
        }
    }

    /// The share as a decimal (0.236 for 23.6%).
    #[must_use]
    pub fn value(self) -> Decimal {
        self.0
    }

    /// The share in percent (23.6 for 0.236); `None` where the
    /// percentage does not fit a `Decimal`, which only shares above
    /// 7.9 x 10^26 (made by hand, never by a ratio of trade values) reach.
    #[must_use]
    pub fn percent(self) -> Option<Decimal> {
        self.0
            .checked_mul(Decimal::ONE_HUNDRED)
            .map(|d| d.normalize())
    }
}

impl fmt::Display for Share {
    /// The exact value; with a precision (`{:.3}`), rounded half away
    /// from zero to that many places.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_rounded(self.0, f.precision(), f)
    }
}

impl fmt::Debug for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Share({})", self.0)
    }
}

impl FromStr for Share {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        number(s, "a share is a decimal number such as 0.236").map(Share::new)
    }
}

/// A decimal written with its whole digits grouped by thousands, for
/// reports: `2035411.299` is `2,035,411.299`. The value stays exact; a
/// precision (`{:.0}`, `{:.2}`) rounds half away from zero and writes
/// exactly that many places; width, fill, alignment and `+` apply to the
/// whole text. A value that rounds to zero has no sign. Only `Display`
/// groups; the value's text form elsewhere (CSV, JSON) never does.
///
/// # Example
///
/// ```
/// use rust_decimal::Decimal;
/// use tradedep::metrics::Grouped;
///
/// let v: Decimal = "2035411.299".parse()?;
/// assert_eq!(Grouped(v).to_string(), "2,035,411.299");
/// assert_eq!(format!("{:.0}", Grouped(v)), "2,035,411");
/// assert_eq!(format!("{:>12.1} USD", Grouped(-v)), "-2,035,411.3 USD");
/// assert_eq!(format!("[{:>8.2}]", Grouped("999.999".parse()?)), "[1,000.00]");
/// assert_eq!(format!("{:.1}", Grouped("-0.04".parse()?)), "0.0");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Grouped(pub Decimal);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// The magnitude, rounded to a precision if one is given.
        struct Magnitude(Decimal, Option<usize>);
        impl fmt::Display for Magnitude {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_rounded(self.0, self.1, f)
            }
        }
        let text = Magnitude(self.0.abs(), f.precision()).to_string();
        let negative =
            self.0.is_sign_negative() && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        let (whole, fraction) = text
            .split_once('.')
            .map_or((text.as_str(), None), |(w, r)| (w, Some(r)));
        let mut out = String::with_capacity(text.len().saturating_add(whole.len() / 3));
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && whole.len().saturating_sub(i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if let Some(r) = fraction {
            out.push('.');
            out.push_str(r);
        }
        f.pad_integral(!negative, "", &out)
    }
}

/// Formats a decimal, rounding (not truncating, as `Decimal` does) to
/// `precision` places where one is given.
fn fmt_rounded(d: Decimal, precision: Option<usize>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match precision {
        Some(p) => super::fixed::fmt_fixed(d, p, f),
        None => fmt::Display::fmt(&d, f),
    }
}

/// Parses a decimal, with a typed error naming what it was for.
fn number(s: &str, reason: &'static str) -> Result<Decimal> {
    Decimal::from_str_exact(s.trim()).map_err(|_| {
        Error::new(ErrorKind::Number {
            input: crate::error::quote(s),
            reason,
        })
    })
}

/// A Herfindahl-Hirschman index on the 0-1 scale: the sum of squared
/// shares, `HHI = sum_j s_j^2`.
///
/// With `n` suppliers, `1/n <= HHI <= 1`: 1 for a single supplier, `1/n`
/// for `n` equal ones. [`points`](Self::points) gives the 0-10,000 scale
/// of competition authorities (US DOJ/FTC Horizontal Merger Guidelines,
/// 2023: above 1,800 is highly concentrated);
/// [`equivalent_suppliers`](Self::equivalent_suppliers) the "numbers
/// equivalent" `1/HHI` (Adelman 1969).
///
/// # Example
///
/// ```
/// use tradedep::metrics::Hhi;
///
/// // Shares 0.6, 0.3, 0.1: 0.36 + 0.09 + 0.01 = 0.46.
/// let h = Hhi::from_shares(["0.6", "0.3", "0.1"].map(|s| s.parse().unwrap()))?;
/// assert_eq!(h.to_string(), "0.46");
/// assert_eq!(h.points().to_string(), "4600");
/// assert!(h.value() > "0.4".parse()?); // above the EU and GeoDep threshold
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hhi(Decimal);

impl Hhi {
    /// An index from its value on the 0-1 scale.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] outside `0..=1`.
    pub fn new(value: Decimal) -> Result<Hhi> {
        if value < Decimal::ZERO || value > Decimal::ONE {
            return Err(Error::new(ErrorKind::Parameter {
                name: "HHI",
                value: value.to_string(),
                expected: "an HHI on the 0-1 scale lies between 0 and 1",
            }));
        }
        Ok(Hhi(value.normalize()))
    }

    /// The index of a list of shares: the sum of their squares.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] when the sum exceeds 1 (the shares are
    /// not a partition); [`ErrorKind::Overflow`] never in practice.
    pub fn from_shares(shares: impl IntoIterator<Item = Decimal>) -> Result<Hhi> {
        let mut sum = Decimal::ZERO;
        for s in shares {
            let sq = s.checked_mul(s).ok_or_else(|| overflow("HHI"))?;
            sum = sum.checked_add(sq).ok_or_else(|| overflow("HHI"))?;
        }
        Hhi::new(sum)
    }

    /// The index of suppliers' values from exact sums:
    /// `sum v_j^2 / (sum v_j)^2`, both in 256 bits, so that neither a tiny
    /// market (squares below 10^-28) nor a huge one (squares beyond
    /// `Decimal`'s range) loses its index: one supplier's HHI is 1 at any
    /// scale. `None` when the values sum to zero.
    pub(crate) fn from_wide(sum: Decimal, sum_of_squares: crate::model::wide::Wide) -> Option<Hhi> {
        if sum.is_zero() {
            return None;
        }
        if let Some(h) = sum_of_squares
            .to_decimal()
            .ok()
            .and_then(|q| Hhi::from_decimal_sums(sum, q))
        {
            return Some(h);
        }
        let h = sum_of_squares.ratio(crate::model::wide::Wide::square_of(sum))?;
        Some(Hhi(h.min(Decimal::ONE).max(Decimal::ZERO).normalize()))
    }

    /// The usual case in `Decimal`: squares that fit, and a squared total
    /// that neither overflows nor underflows to zero; `None` otherwise
    /// (then [`from_wide`](Self::from_wide) divides in 256 bits).
    #[inline]
    pub(crate) fn from_decimal_sums(sum: Decimal, sum_of_squares: Decimal) -> Option<Hhi> {
        let h = sum
            .checked_mul(sum)
            .filter(|s| !s.is_zero())
            .and_then(|s| sum_of_squares.checked_div(s))
            .filter(|h| !h.is_zero())?;
        Some(Hhi(h.min(Decimal::ONE).max(Decimal::ZERO).normalize()))
    }

    /// The index on the 0-1 scale.
    #[must_use]
    pub fn value(self) -> Decimal {
        self.0
    }

    /// The index on the 0-10,000 scale (`10,000 * HHI`).
    #[must_use]
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "an HHI lies in [0, 1] (checked by Hhi::new), so 10,000 times it fits"
    )]
    pub fn points(self) -> Decimal {
        (self.0 * Decimal::from(10_000)).normalize()
    }

    /// The number of equal suppliers that would give this index,
    /// `1 / HHI`; `None` for an index of 0.
    #[must_use]
    pub fn equivalent_suppliers(self) -> Option<Decimal> {
        Decimal::ONE.checked_div(self.0).map(|d| d.normalize())
    }
}

impl fmt::Display for Hhi {
    /// The exact value; with a precision (`{:.3}`), rounded half away
    /// from zero to that many places.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_rounded(self.0, f.precision(), f)
    }
}

impl fmt::Debug for Hhi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hhi({})", self.0)
    }
}

impl FromStr for Hhi {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Hhi::new(number(s, "an HHI is a decimal number between 0 and 1")?)
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Share, "a share such as 0.236");
#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Hhi, "an HHI between 0 and 1 such as 0.46");

impl crate::model::sum::Sum {
    /// The HHI of values whose sum is `total` and whose squares add to
    /// this sum; see [`Hhi::from_wide`](crate::metrics::Hhi).
    #[inline]
    pub(crate) fn hhi(&self, total: Decimal) -> Option<Hhi> {
        match *self {
            // Whole squares within Decimal's range: the quick ratio.
            crate::model::sum::Sum::Whole(q) => {
                Hhi::from_decimal_sums(total, Decimal::from_i128_with_scale(q, 0))
                    .or_else(|| Hhi::from_wide(total, self.wide()))
            }
            crate::model::sum::Sum::Wide(w) => Hhi::from_wide(total, w),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::wide::Wide;
    use rust_decimal::dec;

    fn hhi(values: &[Decimal]) -> Option<Decimal> {
        let mut squares = Wide::from_i128(0, 0);
        let mut sum = Decimal::ZERO;
        for v in values {
            squares.add(Wide::square_of(*v)).unwrap();
            sum = sum.checked_add(*v).unwrap();
        }
        Hhi::from_wide(sum, squares).map(Hhi::value)
    }

    #[test]
    fn hhi_from_sums_matches_the_sum_of_squared_shares() {
        // Values 60, 30, 10: (3600 + 900 + 100) / 100^2 = 0.46.
        assert_eq!(hhi(&[dec!(60), dec!(30), dec!(10)]), Some(dec!(0.46)));
        assert_eq!(hhi(&[Decimal::ZERO]), None);
        // Values whose squares overflow a Decimal: 10^15 and 3 x 10^15,
        // (1 + 9) / 16 = 0.625.
        assert_eq!(
            hhi(&[dec!(1000000000000000), dec!(3000000000000000)]),
            Some(dec!(0.625))
        );
        // One supplier of 10^-15 USD, whose square underflows a Decimal:
        // a share of 1 has an HHI of 1 at any scale.
        assert_eq!(hhi(&[dec!(0.000000000000001)]), Some(dec!(1)));
        // Two equal tiny suppliers: 0.5.
        assert_eq!(hhi(&[dec!(0.000000000000001); 2]), Some(dec!(0.5)));
    }

    #[test]
    fn hhi_rejects_values_outside_the_unit_interval() {
        assert!(Hhi::new(dec!(1.01)).is_err());
        assert!("-0.1".parse::<Hhi>().is_err());
        assert!("x".parse::<Hhi>().is_err());
        assert_eq!(
            Hhi::new(dec!(0.25)).unwrap().equivalent_suppliers(),
            Some(dec!(4))
        );
    }

    #[test]
    fn share_text_round_trips() {
        let s: Share = "0.2360".parse().unwrap();
        assert_eq!(s.to_string(), "0.236");
        assert_eq!(format!("{s:.2}"), "0.24");
    }
}
