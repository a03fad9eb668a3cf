//! An exact running sum that adds whole numbers in `i128` and falls back
//! to `Decimal` for anything else, with `Decimal`'s range and overflow
//! errors either way.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::model::money::overflow;

/// The largest mantissa a `Decimal` holds: 2^96 - 1.
const MAX_MANTISSA: i128 = (1 << 96) - 1;

/// A running sum of decimals. Trade values read from BACI and Comtrade
/// are whole numbers of US dollars, which add (and square) in `i128` at
/// a fraction of `Decimal`'s cost; the first value with decimal places
/// moves the sum to `Decimal`. The result is the same exact sum, and a
/// sum beyond `Decimal`'s range is an overflow error in both modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sum {
    /// A whole number within `Decimal`'s range.
    Whole(i128),
    /// Any other sum.
    Exact(Decimal),
}

impl Default for Sum {
    fn default() -> Self {
        Sum::Whole(0)
    }
}

impl Sum {
    /// Adds `v`.
    #[inline]
    pub(crate) fn add(&mut self, v: Decimal) -> Result<()> {
        if let Sum::Whole(s) = self
            && v.scale() == 0
        {
            return add_whole(s, Some(v.mantissa()), "total");
        }
        self.add_exact(Some(v), "total")
    }

    /// Adds `v * v`.
    #[inline]
    pub(crate) fn add_square(&mut self, v: Decimal) -> Result<()> {
        if let Sum::Whole(s) = self
            && v.scale() == 0
        {
            let m = v.mantissa();
            // A mantissa that fits a machine word squares in one
            // widening multiplication.
            let square = match u64::try_from(m.unsigned_abs()) {
                Ok(w) => i128::try_from(u128::from(w).wrapping_mul(u128::from(w))).ok(),
                Err(_) => m.checked_mul(m),
            };
            return add_whole(s, square, "HHI");
        }
        self.add_exact(v.checked_mul(v), "HHI")
    }

    /// Adds `v` (`None`: a term that overflowed) as a `Decimal`.
    #[cold]
    fn add_exact(&mut self, v: Option<Decimal>, what: &'static str) -> Result<()> {
        let d = v
            .and_then(|v| self.value().checked_add(v))
            .ok_or_else(|| overflow(what))?;
        *self = Sum::Exact(d);
        Ok(())
    }

    /// The sum as a `Decimal`.
    #[inline]
    pub(crate) fn value(self) -> Decimal {
        match self {
            // Within the mantissa's range, so the conversion is exact.
            Sum::Whole(s) => Decimal::from_i128_with_scale(s, 0),
            Sum::Exact(d) => d,
        }
    }
}

/// Adds the whole number `v` (`None`: a term that overflowed) to `s`,
/// within `Decimal`'s range.
#[inline]
fn add_whole(s: &mut i128, v: Option<i128>, what: &'static str) -> Result<()> {
    *s = v
        .filter(|v| v.abs() <= MAX_MANTISSA)
        .and_then(|v| s.checked_add(v))
        .filter(|t| t.abs() <= MAX_MANTISSA)
        .ok_or_else(|| overflow(what))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn whole_numbers_and_decimals_sum_exactly() {
        let mut s = Sum::default();
        s.add(dec!(20945)).unwrap();
        s.add(dec!(-945)).unwrap();
        assert_eq!(s, Sum::Whole(20000));
        s.add(dec!(0.5)).unwrap();
        assert_eq!(s.value(), dec!(20000.5));
        let mut q = Sum::default();
        q.add_square(dec!(3)).unwrap();
        q.add_square(dec!(4)).unwrap();
        assert_eq!(q.value(), dec!(25));
        q.add_square(dec!(0.5)).unwrap();
        assert_eq!(q.value(), dec!(25.25));
    }

    #[test]
    fn overflow_is_an_error_as_with_decimal() {
        let mut s = Sum::default();
        s.add(Decimal::MAX).unwrap();
        assert!(s.add(dec!(1)).is_err());
        assert!(Decimal::MAX.checked_add(dec!(1)).is_none());
        // 10^15 squared is 10^30, beyond Decimal's 7.9 x 10^28.
        let mut q = Sum::default();
        assert!(q.add_square(dec!(1000000000000000)).is_err());
        assert!(
            dec!(1000000000000000)
                .checked_mul(dec!(1000000000000000))
                .is_none()
        );
        let mut m = Sum::default();
        m.add(Decimal::MIN).unwrap();
        assert_eq!(m.value(), Decimal::MIN);
    }
}
