//! An exact running sum that adds whole numbers in `i128` and anything
//! else in 256-bit fixed point ([`Wide`]), so that its value never depends on the
//! order of the terms: it is exact, or it fails when the result (not a
//! partial sum) cannot be held by a `Decimal`.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::model::money::overflow;
use crate::model::wide::Wide;

/// The largest mantissa a `Decimal` holds: 2^96 - 1.
const MAX_MANTISSA: i128 = (1 << 96) - 1;

/// A running sum of decimals. Trade values read from BACI and Comtrade
/// are whole numbers of US dollars, which add (and square) in `i128` at
/// a fraction of `Decimal`'s cost; the first value with decimal places
/// moves the sum to 256-bit fixed point at the finest scale seen, where
/// every sum of `Decimal`s is exact. [`value`](Sum::value) gives the
/// exact sum, or an error when it needs more than a `Decimal` holds:
/// the same answer in every order of the terms and every split between
/// threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sum {
    /// A whole number within `Decimal`'s range.
    Whole(i128),
    /// Any other sum: `mantissa / 10^scale`.
    Wide(Wide),
}

impl Default for Sum {
    fn default() -> Self {
        Sum::Whole(0)
    }
}

impl Sum {
    /// The sum of whole numbers totalling `v`, whatever its size.
    pub(crate) fn of_whole(v: i128) -> Sum {
        if (-MAX_MANTISSA..=MAX_MANTISSA).contains(&v) {
            Sum::Whole(v)
        } else {
            Sum::Wide(Wide::from_i128(v, 0))
        }
    }

    /// Adds `v`.
    #[inline]
    pub(crate) fn add(&mut self, v: Decimal) -> Result<()> {
        if let Sum::Whole(s) = self
            && v.scale() == 0
            && let Some(t) = s
                .checked_add(v.mantissa())
                .filter(|t| t.abs() <= MAX_MANTISSA)
        {
            *s = t;
            return Ok(());
        }
        self.add_wide(v.mantissa(), v.scale(), "total")
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
                Err(_) => None,
            };
            if let Some(t) = square
                .and_then(|q| s.checked_add(q))
                .filter(|t| t.abs() <= MAX_MANTISSA)
            {
                *s = t;
                return Ok(());
            }
        }
        let mut w = self.wide();
        w.add(Wide::square_of(v)).ok_or_else(|| overflow("HHI"))?;
        *self = Sum::Wide(w);
        Ok(())
    }

    /// The sum in 256 bits.
    pub(crate) fn wide(self) -> Wide {
        match self {
            Sum::Whole(s) => Wide::from_i128(s, 0),
            Sum::Wide(w) => w,
        }
    }

    /// Adds `mantissa / 10^scale` in 256 bits.
    #[cold]
    fn add_wide(&mut self, mantissa: i128, scale: u32, what: &'static str) -> Result<()> {
        let mut w = match *self {
            Sum::Whole(s) => Wide::from_i128(s, 0),
            Sum::Wide(w) => w,
        };
        w.add(Wide::from_i128(mantissa, scale))
            .ok_or_else(|| overflow(what))?;
        *self = Sum::Wide(w);
        Ok(())
    }

    /// Adds another sum.
    pub(crate) fn merge(&mut self, other: Sum) -> Result<()> {
        match other {
            Sum::Whole(s) => self.add(Decimal::from_i128_with_scale(s, 0)),
            Sum::Wide(w) => {
                let mut mine = match *self {
                    Sum::Whole(s) => Wide::from_i128(s, 0),
                    Sum::Wide(m) => m,
                };
                mine.add(w).ok_or_else(|| overflow("total"))?;
                *self = Sum::Wide(mine);
                Ok(())
            }
        }
    }

    /// The sum as a `Decimal`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) beyond
    /// `Decimal`'s range; [`ErrorKind::Inexact`](crate::ErrorKind::Inexact)
    /// when the exact sum needs more than 28 significant digits.
    #[inline]
    pub(crate) fn value(self) -> Result<Decimal> {
        match self {
            // Within the mantissa's range, so the conversion is exact.
            Sum::Whole(s) => Ok(Decimal::from_i128_with_scale(s, 0)),
            Sum::Wide(w) => w.to_decimal(),
        }
    }
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
        assert_eq!(s.value().unwrap(), dec!(20000.5));
        let mut q = Sum::default();
        q.add_square(dec!(3)).unwrap();
        q.add_square(dec!(4)).unwrap();
        assert_eq!(q.value().unwrap(), dec!(25));
        q.add_square(dec!(0.5)).unwrap();
        assert_eq!(q.value().unwrap(), dec!(25.25));
    }

    #[test]
    fn the_result_decides_not_the_partial_sums() {
        // Beyond Decimal's range and back: only the result must fit.
        let mut s = Sum::default();
        s.add(Decimal::MAX).unwrap();
        s.add(dec!(1)).unwrap();
        assert!(s.value().is_err());
        s.add(dec!(-2)).unwrap();
        assert_eq!(s.value().unwrap(), Decimal::MAX - dec!(1));
        // Merged halves equal the whole, whatever the split.
        let terms = [
            dec!(10000000000000),
            dec!(0.0000000000000001),
            dec!(0.0000000000000009),
        ];
        let mut whole = Sum::default();
        for t in terms {
            whole.add(t).unwrap();
        }
        let (mut a, mut b) = (Sum::default(), Sum::default());
        a.add(terms[1]).unwrap();
        b.add(terms[0]).unwrap();
        b.add(terms[2]).unwrap();
        a.merge(b).unwrap();
        assert_eq!(a.value().unwrap(), whole.value().unwrap());
        assert_eq!(whole.value().unwrap(), dec!(10000000000000.000000000000001));
    }
}
