//! Signed 256-bit fixed point: exact sums of any `Decimal`s, converted
//! back only when the result fits.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::model::money::{inexact, overflow};

/// A signed 256-bit integer in two's complement, four 64-bit limbs from
/// the least significant, with a decimal scale: enough for any sum of up
/// to 2^32 `Decimal`s aligned to 28 places (96 + 94 + 32 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wide {
    limbs: [u64; 4],
    scale: u32,
}

impl Wide {
    pub(crate) fn from_i128(m: i128, scale: u32) -> Wide {
        let lo = m.cast_unsigned();
        let fill = if m < 0 { u64::MAX } else { 0 };
        Wide {
            limbs: [lo as u64, (lo >> 64) as u64, fill, fill],
            scale,
        }
    }

    fn is_negative(&self) -> bool {
        self.limbs[3] >> 63 == 1
    }

    /// `self * 10^k`; `None` on overflow of 255 bits.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "a 64-bit limb times 10^19 plus a 64-bit carry fits u128; k only falls"
    )]
    fn times_ten_pow(&mut self, mut k: u32) -> Option<()> {
        while k > 0 {
            let step = k.min(19);
            let f = 10u64.pow(step);
            let neg = self.is_negative();
            let mut mag = if neg { negate(self.limbs) } else { self.limbs };
            let mut carry: u128 = 0;
            for limb in &mut mag {
                let p = u128::from(*limb) * u128::from(f) + carry;
                *limb = p as u64;
                carry = p >> 64;
            }
            if carry != 0 || mag[3] >> 63 == 1 {
                return None;
            }
            self.limbs = if neg { negate(mag) } else { mag };
            k -= step;
        }
        Some(())
    }

    /// `self += other`, at the finer of the two scales; `None` on
    /// overflow.
    pub(crate) fn add(&mut self, mut other: Wide) -> Option<()> {
        if other.scale > self.scale {
            self.times_ten_pow(other.scale.saturating_sub(self.scale))?;
            self.scale = other.scale;
        } else if self.scale > other.scale {
            other.times_ten_pow(self.scale.saturating_sub(other.scale))?;
        }
        let (a_neg, b_neg) = (self.is_negative(), other.is_negative());
        let mut carry = false;
        for (a, b) in self.limbs.iter_mut().zip(other.limbs) {
            let (s1, c1) = a.overflowing_add(b);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *a = s2;
            carry = c1 || c2;
        }
        // Signed overflow: two operands of one sign give the other.
        if a_neg == b_neg && self.is_negative() != a_neg {
            return None;
        }
        Some(())
    }

    /// The exact `Decimal`, dropping trailing zero places where the
    /// mantissa would not fit otherwise.
    pub(crate) fn to_decimal(self) -> Result<Decimal> {
        let neg = self.is_negative();
        let mut mag = if neg { negate(self.limbs) } else { self.limbs };
        let mut scale = self.scale;
        // A `Decimal` mantissa has 96 bits: limbs 2 and 3 empty, and half
        // of limb 1.
        while !(mag[3] == 0 && mag[2] == 0 && mag[1] >> 32 == 0) {
            let mut q = mag;
            if scale == 0 {
                return Err(overflow("total"));
            }
            if div_rem_10(&mut q) != 0 {
                return Err(inexact("total"));
            }
            mag = q;
            scale = scale.saturating_sub(1);
        }
        let m = (u128::from(mag[1]) << 64 | u128::from(mag[0])).cast_signed();
        let m = if neg { m.wrapping_neg() } else { m };
        Decimal::try_from_i128_with_scale(m, scale).map_err(|_| inexact("total"))
    }
}

impl Wide {
    /// The nearest `Decimal`: places dropped, half away from zero, until
    /// the mantissa fits; `None` when even the whole part does not.
    pub(crate) fn to_decimal_rounded(self) -> Option<Decimal> {
        let neg = self.is_negative();
        let mut mag = if neg { negate(self.limbs) } else { self.limbs };
        let mut scale = self.scale;
        let mut last = 0u64;
        while !(mag[3] == 0 && mag[2] == 0 && mag[1] >> 32 == 0) {
            if scale == 0 {
                return None;
            }
            last = div_rem_10(&mut mag);
            scale = scale.saturating_sub(1);
        }
        let mut m = (u128::from(mag[1]) << 64 | u128::from(mag[0])).cast_signed();
        if last >= 5 {
            m = m.saturating_add(1);
        }
        let m = if neg { m.wrapping_neg() } else { m };
        Decimal::try_from_i128_with_scale(m, scale).ok()
    }
}

/// The two's complement negation of a 256-bit value.
fn negate(limbs: [u64; 4]) -> [u64; 4] {
    let mut out = [0u64; 4];
    let mut carry = true;
    for (o, l) in out.iter_mut().zip(limbs) {
        let (v, c) = (!l).overflowing_add(u64::from(carry));
        *o = v;
        carry = c;
    }
    out
}

/// Divides a non-negative 256-bit value by 10 in place; the remainder.
fn div_rem_10(limbs: &mut [u64; 4]) -> u64 {
    let mut rem: u128 = 0;
    for limb in limbs.iter_mut().rev() {
        let cur = (rem << 64) | u128::from(*limb);
        *limb = (cur / 10) as u64;
        rem = cur % 10;
    }
    rem as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use rust_decimal::dec;

    fn sum(values: &[Decimal]) -> Result<Decimal> {
        let mut w = Wide::from_i128(0, 0);
        for v in values {
            w.add(Wide::from_i128(v.mantissa(), v.scale()))
                .ok_or_else(|| overflow("test"))?;
        }
        w.to_decimal()
    }

    #[test]
    fn sums_are_exact_in_any_order() {
        let big = dec!(10000000000000);
        let small = dec!(0.0000000000000001);
        let mut terms = vec![big];
        terms.extend(std::iter::repeat_n(small, 10));
        let want = dec!(10000000000000.000000000000001);
        assert_eq!(sum(&terms).unwrap(), want);
        terms.reverse();
        assert_eq!(sum(&terms).unwrap(), want);
        // One small term: 30 significant digits, which no Decimal holds.
        let e = sum(&[big, small]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Inexact { .. }));
        // Signs, and the finer scale kept: 0.1 + 0.20 - 0.05 = 0.25.
        assert_eq!(
            sum(&[dec!(0.1), dec!(0.20), dec!(-0.05)])
                .unwrap()
                .to_string(),
            "0.25"
        );
        assert_eq!(sum(&[dec!(-3), dec!(-4.5)]).unwrap(), dec!(-7.5));
    }

    #[test]
    fn trailing_zeros_give_way_and_the_range_is_decimals() {
        // 2^96 - 1 at scale 0 fits; one more is beyond Decimal's range.
        assert_eq!(sum(&[Decimal::MAX]).unwrap(), Decimal::MAX);
        let e = sum(&[Decimal::MAX, dec!(1)]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Overflow { .. }));
        // 7.9e28 + 0.10: exact only with the place the sum cannot keep.
        let e = sum(&[dec!(79228162514264337593543950330), dec!(0.10)]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Inexact { .. }));
        // 10^27 + 0.000: the zero places are dropped, the value is exact.
        assert_eq!(
            sum(&[dec!(1000000000000000000000000000), dec!(0.000)]).unwrap(),
            dec!(1000000000000000000000000000)
        );
        let mut w = Wide::from_i128(1, 0);
        w.add(Wide::from_i128(1, 28)).unwrap();
        assert_eq!(
            w.to_decimal_rounded(),
            Some(dec!(1.0000000000000000000000000001))
        );
    }
}
