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
    let negative = total.is_sign_negative();
    let t = total.abs();
    let scale = t.scale();
    let unit = Decimal::new(1, scale);
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut given = Decimal::ZERO;
    for w in weights {
        // t * w / sum, in 28 significant digits.
        let raw = t
            .checked_mul(*w)
            .and_then(|x| x.checked_div(sum))
            .or_else(|| w.checked_div(sum).and_then(|f| t.checked_mul(f)))
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
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| {
        let ra = remainders.get(*a).copied().unwrap_or_default();
        let rb = remainders.get(*b).copied().unwrap_or_default();
        rb.cmp(&ra).then(a.cmp(b))
    });
    let mut n = left;
    for i in order {
        if n <= Decimal::ZERO {
            break;
        }
        if let Some(p) = parts.get_mut(i) {
            *p = p
                .checked_add(unit)
                .ok_or_else(|| concordance_error("a split overflows"))?;
        }
        n = n.checked_sub(Decimal::ONE).unwrap_or(Decimal::ZERO);
    }
    if negative {
        for p in &mut parts {
            p.set_sign_negative(!p.is_zero());
        }
    }
    Ok(parts)
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
}
