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
    /// `d * d`, exactly: the mantissa's square (up to 192 bits) at twice
    /// the scale, so that the square of 10^-15 is 10^-30, not 0.
    pub(crate) fn square_of(d: Decimal) -> Wide {
        let m = d.mantissa().unsigned_abs();
        let (lo, hi) = (m & u128::from(u64::MAX), m >> 64);
        // (hi 2^64 + lo)^2 = hi^2 2^128 + 2 hi lo 2^64 + lo^2, each part
        // of at most 128 bits (hi < 2^32 for a 96-bit mantissa).
        let mut limbs = [0u64; 4];
        let add_at = |limbs: &mut [u64; 4], at: usize, v: u128| {
            let mut carry = v;
            for limb in limbs.iter_mut().skip(at) {
                let s = u128::from(*limb).wrapping_add(carry & u128::from(u64::MAX));
                *limb = s as u64;
                carry = (carry >> 64).wrapping_add(s >> 64);
                if carry == 0 {
                    break;
                }
            }
        };
        add_at(&mut limbs, 0, lo.wrapping_mul(lo));
        let cross = hi.wrapping_mul(lo);
        add_at(&mut limbs, 1, cross);
        add_at(&mut limbs, 1, cross);
        add_at(&mut limbs, 2, hi.wrapping_mul(hi));
        Wide {
            limbs,
            scale: d.scale().saturating_mul(2),
        }
    }

    /// `(mantissa, e)` with `self = mantissa * 10^e` and the mantissa
    /// within 96 bits, low digits dropped (rounded down) where needed;
    /// for ratios, where 28 significant digits are all that is kept.
    fn reduced(self) -> (Decimal, i64) {
        let neg = self.is_negative();
        let mut mag = if neg { negate(self.limbs) } else { self.limbs };
        let mut e = i64::from(self.scale).wrapping_neg();
        while !(mag[3] == 0 && mag[2] == 0 && mag[1] >> 32 == 0) {
            div_rem_10(&mut mag);
            e = e.saturating_add(1);
        }
        let m = (u128::from(mag[1]) << 64 | u128::from(mag[0])).cast_signed();
        let m = if neg { m.wrapping_neg() } else { m };
        (Decimal::from_i128_with_scale(m, 0), e)
    }

    /// `self / other` to 28 significant digits; `None` for a zero
    /// denominator or a quotient beyond `Decimal`'s range or precision.
    pub(crate) fn ratio(self, other: Wide) -> Option<Decimal> {
        let (n, en) = self.reduced();
        let (d, ed) = other.reduced();
        let q = n.checked_div(d)?;
        let k = en.saturating_sub(ed);
        let ten = |k: i64| -> Option<Decimal> {
            let k = u32::try_from(k).ok().filter(|k| *k <= 28)?;
            Some(Decimal::from_i128_with_scale(10i128.checked_pow(k)?, 0))
        };
        if k >= 0 {
            q.checked_mul(ten(k)?)
        } else {
            // Two steps keep a quotient far below 1 from underflowing.
            let k = k.saturating_neg();
            let first = k.min(28);
            let q = q.checked_div(ten(first)?)?;
            if k > first {
                q.checked_div(ten(k.saturating_sub(first))?)
            } else {
                Some(q)
            }
        }
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
            w.to_decimal().unwrap(),
            dec!(1.0000000000000000000000000001)
        );
        // Squares at twice the scale; ratios to 28 digits.
        let tiny = Wide::square_of(dec!(0.00000000000003));
        let three = Wide::square_of(dec!(3));
        assert_eq!(
            tiny.ratio(three),
            Some(dec!(0.0000000000000000000000000001))
        );
        assert_eq!(three.ratio(Wide::square_of(dec!(6))), Some(dec!(0.25)));
    }
}
