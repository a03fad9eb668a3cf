//! Exact splits: an amount shared by weights into parts that add up to
//! it to the last unit (largest-remainder rounding).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::concordance::table::concordance_error;
use crate::error::Result;

/// Splits `total` into one part per weight, in proportion to the weights
/// (which need not sum to 1, only to more than 0), each part a multiple
/// of the total's last unit (`10^-scale`), the parts adding up to the
/// total exactly: each part is first rounded down, then the units left
/// over go one each to the parts with the largest remainders (ties to
/// the first). Hamilton's method, as used for seat apportionment.
///
/// A negative total is split as its absolute value and negated.
pub(crate) fn split_exact(total: Decimal, weights: &[Decimal]) -> Result<Vec<Decimal>> {
    if let [_] = weights {
        return Ok(vec![total]);
    }
    if let Some(first) = weights.first()
        && !first.is_zero()
        && weights.iter().all(|w| w == first)
    {
        return split_equally(total, weights.len());
    }
    let mut sum = Decimal::ZERO;
    for w in weights {
        if w.is_sign_negative() && !w.is_zero() {
            return Err(concordance_error(format!(
                "a split weight is negative ({w})"
            )));
        }
        sum = sum
            .checked_add(*w)
            .ok_or_else(|| concordance_error("split weights overflow"))?;
    }
    if sum.is_zero() {
        return Err(concordance_error("split weights sum to 0"));
    }
    let fractions = weights
        .iter()
        .map(|w| {
            w.checked_div(sum)
                .ok_or_else(|| concordance_error("a split overflows"))
        })
        .collect::<Result<Vec<_>>>()?;
    split_by_fractions(total, &fractions)
}

/// Splits `total` by fractions that sum to 1 (to 28 digits), as
/// [`split_exact`] does: each part rounded down to the total's last
/// unit, the units left over to the largest remainders.
pub(crate) fn split_by_fractions(total: Decimal, fractions: &[Decimal]) -> Result<Vec<Decimal>> {
    if let [_] = fractions {
        return Ok(vec![total]);
    }
    let weights = fractions;
    let negative = total.is_sign_negative();
    let t = total.abs();
    let scale = t.scale();
    let unit = Decimal::new(1, scale);
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = Decimal::ZERO;
    for w in weights {
        // t * f, in 28 significant digits.
        let raw = t
            .checked_mul(*w)
            .ok_or_else(|| concordance_error("a split overflows"))?;
        let floor = raw.round_dp_with_strategy(scale, RoundingStrategy::ToZero);
        remainders.push(raw.checked_sub(floor).unwrap_or(Decimal::ZERO));
        given = given
            .checked_add(floor)
            .ok_or_else(|| concordance_error("a split overflows"))?;
        parts.push(floor);
    }
    // The units left over: fewer than the number of parts.
    let left = t
        .checked_sub(given)
        .and_then(|x| x.checked_div(unit))
        .ok_or_else(|| concordance_error("a split overflows"))?;
    if left.is_zero() {
        if negative {
            for p in &mut parts {
                p.set_sign_negative(!p.is_zero());
            }
        }
        return Ok(parts);
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    let by_remainder = |a: &usize, b: &usize| {
        let ra = remainders.get(*a).copied().unwrap_or_default();
        let rb = remainders.get(*b).copied().unwrap_or_default();
        rb.cmp(&ra).then(a.cmp(b))
    };
    // Only the first `left` places matter: select them, then order them.
    let k = usize::try_from(left.mantissa())
        .unwrap_or(usize::MAX)
        .min(order.len());
    if k < order.len() {
        order.select_nth_unstable_by(k, by_remainder);
        order.truncate(k);
    }
    order.sort_by(by_remainder);
    // One unit each to the largest remainders (round again should
    // rounding in the 28th digit have left more units than parts).
    let mut n = left;
    while n > Decimal::ZERO && !order.is_empty() {
        for i in &order {
            if n <= Decimal::ZERO {
                break;
            }
            if let Some(p) = parts.get_mut(*i) {
                *p = p
                    .checked_add(unit)
                    .ok_or_else(|| concordance_error("a split overflows"))?;
            }
            n = n.checked_sub(Decimal::ONE).unwrap_or(Decimal::ZERO);
        }
    }
    if negative {
        for p in &mut parts {
            p.set_sign_negative(!p.is_zero());
        }
    }
    Ok(parts)
}

/// `total` in `k` equal parts of its last unit: `q = m / k` units each
/// and one more for the first `m mod k` (the largest-remainder result,
/// every remainder being equal), in integers.
fn split_equally(total: Decimal, k: usize) -> Result<Vec<Decimal>> {
    let scale = total.scale();
    let m = total.mantissa();
    let k128 = i128::try_from(k).unwrap_or(i128::MAX).max(1);
    let (q, r) = (
        m.checked_div(k128).unwrap_or(0),
        m.checked_rem(k128).unwrap_or(0),
    );
    let extra = usize::try_from(r.unsigned_abs()).unwrap_or(0);
    let step = if r < 0 { -1 } else { 1 };
    (0..k)
        .map(|i| {
            let units = if i < extra { q.saturating_add(step) } else { q };
            Decimal::try_from_i128_with_scale(units, scale)
                .map_err(|_| concordance_error("a split overflows"))
        })
        .collect()
}

/// Weights as integers over one scale, for exact splits in integer
/// arithmetic: `w_i = mantissa_i * 10^(scale - scale_i)`.
#[derive(Debug, Clone)]
pub(crate) struct IntWeights {
    w: Vec<u128>,
    sum: u128,
}

impl IntWeights {
    /// `None` for a negative weight, a zero sum, or weights too wide.
    pub(crate) fn new(weights: &[Decimal]) -> Option<IntWeights> {
        let scale = weights.iter().map(Decimal::scale).max()?;
        let mut w = Vec::with_capacity(weights.len());
        let mut sum = 0u128;
        for d in weights {
            if d.is_sign_negative() && !d.is_zero() {
                return None;
            }
            let m = u128::try_from(d.mantissa()).ok()?;
            let f = 10u128.checked_pow(scale.checked_sub(d.scale())?)?;
            let v = m.checked_mul(f)?;
            sum = sum.checked_add(v)?;
            w.push(v);
        }
        (sum > 0).then_some(IntWeights { w, sum })
    }

    /// `total` split as [`split_exact`] does, in exact integers: parts
    /// `floor(m w_i / sum)` of the total's last unit, the units left over
    /// to the largest remainders `m w_i mod sum` (ties to the first).
    /// `None` when a product overflows (the caller splits in decimals).
    pub(crate) fn split(&self, total: Decimal) -> Option<Vec<Decimal>> {
        let m = total.mantissa().unsigned_abs();
        let mut parts = Vec::with_capacity(self.w.len());
        let mut rems = Vec::with_capacity(self.w.len());
        let mut given = 0u128;
        for w in &self.w {
            let p = m.checked_mul(*w)?;
            let q = p.checked_div(self.sum)?;
            rems.push(p.checked_rem(self.sum)?);
            given = given.checked_add(q)?;
            parts.push(q);
        }
        let left = usize::try_from(m.checked_sub(given)?).ok()?;
        if left > 0 {
            let mut order: Vec<usize> = (0..parts.len()).collect();
            let by = |a: &usize, b: &usize| {
                let ra = rems.get(*a).copied().unwrap_or(0);
                let rb = rems.get(*b).copied().unwrap_or(0);
                rb.cmp(&ra).then(a.cmp(b))
            };
            let k = left.min(order.len());
            if k < order.len() {
                order.select_nth_unstable_by(k, by);
                order.truncate(k);
            }
            for i in order {
                if let Some(p) = parts.get_mut(i) {
                    *p = p.checked_add(1)?;
                }
            }
        }
        let negative = total.is_sign_negative();
        parts
            .into_iter()
            .map(|q| {
                let v = i128::try_from(q).ok()?;
                let v = if negative { v.checked_neg()? } else { v };
                Decimal::try_from_i128_with_scale(v, total.scale()).ok()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn thirds_add_up() {
        // 100.00 in three equal parts: 33.33 each, the cent left over to
        // the first.
        let p = split_exact(d("100.00"), &[d("1"), d("1"), d("1")]).unwrap();
        assert_eq!(p, [d("33.34"), d("33.33"), d("33.33")]);
        // 10 by 0.7 / 0.2 / 0.1 of a unit scale 0: 7, 2, 1.
        let p = split_exact(d("10"), &[d("0.7"), d("0.2"), d("0.1")]).unwrap();
        assert_eq!(p, [d("7"), d("2"), d("1")]);
        // 1 unit over three: the largest remainder wins.
        let p = split_exact(d("1"), &[d("1"), d("3"), d("1")]).unwrap();
        assert_eq!(p, [d("0"), d("1"), d("0")]);
        assert!(split_exact(d("1"), &[d("0"), d("0")]).is_err());
    }

    #[test]
    fn integer_splits_agree_with_decimal_ones() {
        let w = [d("3"), d("1"), d("0.5")];
        let iw = IntWeights::new(&w).unwrap();
        for t in ["100.01", "7", "0.003", "123456789.987"] {
            let a = iw.split(d(t)).unwrap();
            let b = split_exact(d(t), &w).unwrap();
            assert_eq!(a, b, "{t}");
            assert_eq!(a.iter().copied().sum::<Decimal>(), d(t));
        }
    }
}
