//! Array-indexed maps keyed by HS code, for one-pass indicators over
//! millions of flows: a lookup is one load, with no hashing.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::error::Result;
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::sum::Sum;

/// Maps product codes to small slot numbers (0, 1, 2, ... in order of
/// first sight), reusable after [`clear`](Self::clear).
///
/// The first codes go to a hash map, so that a small input costs little
/// to set up; past [`DENSE_AFTER`] lookups, a table of every possible code
/// takes over (allocated zeroed, so only the pages of codes seen are ever
/// touched), where a lookup is one load.
///
/// Codes of two editions with the same digits (`HS2022:850511` and
/// `850511`) are two codes and get two slots: the table holds the first
/// seen, the others go to a small map.
pub(crate) struct ProductSlots {
    /// Slot + 1 per dense key; 0 for none. Empty until the map of the
    /// first codes grows past [`DENSE_AFTER`].
    slot: Vec<u32>,
    /// The slots of the first codes, while `slot` is empty.
    small: std::collections::HashMap<HsCode, usize>,
    /// Lookups made in `small`.
    lookups: usize,
    seen: Vec<HsCode>,
    /// Codes whose dense key's slot holds a code of another edition.
    other_editions: std::collections::BTreeMap<HsCode, usize>,
}

/// Lookups made in the hash map before the dense table is built: its 16
/// MB are then paid for by many lookups, and never by a small input.
const DENSE_AFTER: usize = 1 << 16;

impl ProductSlots {
    pub(crate) fn new() -> ProductSlots {
        ProductSlots {
            slot: Vec::new(),
            small: std::collections::HashMap::new(),
            lookups: 0,
            seen: Vec::new(),
            other_editions: std::collections::BTreeMap::new(),
        }
    }

    /// The slot of `code`, and whether it is new.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "slots count distinct codes, below HsCode::DENSE_KEYS; a stored slot is at least 1"
    )]
    #[inline]
    pub(crate) fn slot(&mut self, code: HsCode) -> (usize, bool) {
        if self.slot.is_empty() {
            return self.small_slot(code);
        }
        let k = code.dense_key();
        match self.slot.get(k).copied() {
            Some(0) | None => {
                let n = self.seen.len();
                if let Some(s) = self.slot.get_mut(k) {
                    *s = n as u32 + 1;
                }
                self.seen.push(code);
                (n, true)
            }
            Some(s) => {
                let s = s as usize - 1;
                if self.seen.get(s).is_some_and(|c| *c == code) {
                    return (s, false);
                }
                if let Some(&o) = self.other_editions.get(&code) {
                    return (o, false);
                }
                let n = self.seen.len();
                self.other_editions.insert(code, n);
                self.seen.push(code);
                (n, true)
            }
        }
    }

    /// [`slot`](Self::slot) while the codes are few; builds the dense
    /// table once they are not.
    #[cold]
    fn small_slot(&mut self, code: HsCode) -> (usize, bool) {
        self.lookups = self.lookups.saturating_add(1);
        if self.lookups < DENSE_AFTER {
            if let Some(&s) = self.small.get(&code) {
                return (s, false);
            }
            let n = self.seen.len();
            self.seen.push(code);
            self.small.insert(code, n);
            return (n, true);
        }
        // Enough lookups: every code seen so far into the table, then
        // this one.
        self.slot = vec![0; HsCode::DENSE_KEYS];
        let seen = std::mem::take(&mut self.seen);
        self.small.clear();
        for c in seen {
            self.slot(c);
        }
        self.slot(code)
    }

    /// The codes in slot order.
    pub(crate) fn codes(&self) -> &[HsCode] {
        &self.seen
    }

    /// Forgets every code (touching only the slots used).
    pub(crate) fn clear(&mut self) {
        for code in self.seen.drain(..) {
            if let Some(s) = self.slot.get_mut(code.dense_key()) {
                *s = 0;
            }
        }
        self.small.clear();
        self.other_editions.clear();
    }
}

/// Remembers a yes/no answer per product code, in two bits a code (a
/// megabyte for every possible code, so that the codes of a chapter
/// share a few cache lines).
pub(crate) struct ProductMemo {
    /// Per dense key, two bits: 0 unknown, 1 no, 2 yes.
    memo: Vec<u64>,
}

impl ProductMemo {
    pub(crate) fn new() -> ProductMemo {
        ProductMemo {
            memo: vec![0; HsCode::DENSE_KEYS.div_ceil(32)],
        }
    }

    /// The answer for `code`, computed once.
    #[inline]
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "(k % 32) * 2 is below 64, a valid shift"
    )]
    pub(crate) fn get(&mut self, code: HsCode, compute: impl FnOnce(HsCode) -> bool) -> bool {
        let k = code.dense_key();
        let (word, shift) = (k / 32, (k % 32) * 2);
        match self.memo.get(word).map(|w| (w >> shift) & 3) {
            Some(1) => false,
            Some(2) => true,
            _ => {
                let yes = compute(code);
                if let Some(w) = self.memo.get_mut(word) {
                    *w |= (if yes { 2 } else { 1 }) << shift;
                }
                yes
            }
        }
    }
}

/// Exact sums per (product, economy), for one-pass totals over millions
/// of flows: a row of whole-number sums per product (one `i128` per
/// economy of the crate's table), so that adding a flow is a slot lookup
/// and an addition; values with decimal places, and sums past a
/// `Decimal`'s range, go to a map of exact [`Sum`]s.
pub(crate) struct ProductEconomySums {
    slots: ProductSlots,
    /// `Economy::TABLE_LEN` sums per slot.
    whole: Vec<i128>,
    /// Values that are not whole numbers, by (slot, economy).
    exact: HashMap<(usize, u16), Sum>,
}

impl ProductEconomySums {
    pub(crate) fn new() -> ProductEconomySums {
        ProductEconomySums {
            slots: ProductSlots::new(),
            whole: Vec::new(),
            exact: HashMap::new(),
        }
    }

    /// The row of `code`'s sums, made where new.
    fn row(&mut self, code: HsCode) -> usize {
        let (slot, new) = self.slots.slot(code);
        if new {
            self.whole
                .resize(self.whole.len().saturating_add(Economy::TABLE_LEN), 0);
        }
        slot
    }

    /// Adds `v` to the sum of `code` and `economy`.
    #[inline]
    pub(crate) fn add(&mut self, code: HsCode, economy: Economy, v: Decimal) -> Result<()> {
        let slot = self.row(code);
        let at = slot
            .saturating_mul(Economy::TABLE_LEN)
            .saturating_add(usize::from(economy.table_index()));
        if v.scale() == 0
            && let Some(cell) = self.whole.get_mut(at)
            && let Some(sum) = cell.checked_add(v.mantissa())
        {
            *cell = sum;
            return Ok(());
        }
        self.exact
            .entry((slot, economy.table_index()))
            .or_default()
            .add(v)
    }

    /// Adds every sum of `other`.
    pub(crate) fn merge(&mut self, other: ProductEconomySums) -> Result<()> {
        for (j, code) in other.slots.codes().iter().enumerate() {
            let slot = self.row(*code);
            let (mine, theirs) = (
                slot.saturating_mul(Economy::TABLE_LEN),
                j.saturating_mul(Economy::TABLE_LEN),
            );
            for k in 0..Economy::TABLE_LEN {
                let Some(&t) = other.whole.get(theirs.saturating_add(k)) else {
                    break;
                };
                if t == 0 {
                    continue;
                }
                match self.whole.get_mut(mine.saturating_add(k)) {
                    Some(m) if m.checked_add(t).is_some() => *m = m.saturating_add(t),
                    _ => {
                        let k = u16::try_from(k).unwrap_or(u16::MAX);
                        self.exact
                            .entry((slot, k))
                            .or_default()
                            .merge(Sum::of_whole(t))?;
                    }
                }
            }
        }
        for ((j, k), sum) in other.exact {
            if let Some(code) = other.slots.codes().get(j) {
                let slot = self.row(*code);
                self.exact.entry((slot, k)).or_default().merge(sum)?;
            }
        }
        Ok(())
    }

    /// Every non-zero sum (and every sum of values with decimal places),
    /// by product and economy in no particular order.
    pub(crate) fn into_sums(self) -> Result<Vec<(HsCode, Economy, Decimal)>> {
        let economies: Vec<Economy> = Economy::all().collect();
        let mut out = Vec::new();
        let mut exact = self.exact;
        for (slot, code) in self.slots.codes().iter().enumerate() {
            let base = slot.saturating_mul(Economy::TABLE_LEN);
            for (k, e) in economies.iter().enumerate() {
                let w = self.whole.get(base.saturating_add(k)).copied().unwrap_or(0);
                let key = (slot, u16::try_from(k).unwrap_or(u16::MAX));
                let total = match exact.remove(&key) {
                    Some(mut s) => {
                        s.merge(Sum::of_whole(w))?;
                        s.value()?
                    }
                    None if w == 0 => continue,
                    None => Sum::of_whole(w).value()?,
                };
                out.push((*code, *e, total));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod slot_tests {
    use super::*;
    use crate::model::edition::HsEdition;
    use crate::model::hs::HsLevel;

    #[test]
    fn slots_are_the_same_before_and_after_the_table_takes_over() {
        let code = |i: u32| HsCode::new(10_000 + i, HsLevel::Subheading).unwrap();
        let mut s = ProductSlots::new();
        let n = 5000;
        for i in 0..n {
            assert_eq!(s.slot(code(i)), (i as usize, true));
        }
        // Every code keeps its slot across the switch, editions apart.
        for _ in 0..=(DENSE_AFTER / 5000) {
            for i in 0..n {
                assert_eq!(s.slot(code(i)), (i as usize, false));
            }
        }
        assert!(!s.slot.is_empty(), "the table took over");
        let tagged = code(7).with_edition(HsEdition::Hs2022);
        assert_eq!(s.slot(tagged), (n as usize, true));
        assert_eq!(s.slot(tagged), (n as usize, false));
        assert_eq!(s.codes().len(), n as usize + 1);
        s.clear();
        assert_eq!(s.slot(code(3)), (0, true));
    }
}

#[cfg(test)]
mod sum_tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn sums_per_product_and_economy_are_exact_and_merge() {
        let (p, q): (HsCode, HsCode) = ("280530".parse().unwrap(), "850511".parse().unwrap());
        let (chn, vnm): (Economy, Economy) = ("CHN".parse().unwrap(), "VNM".parse().unwrap());
        let mut a = ProductEconomySums::new();
        a.add(p, chn, dec!(90)).unwrap();
        a.add(p, chn, dec!(0.5)).unwrap(); // decimal places: the exact map
        a.add(q, vnm, dec!(7)).unwrap();
        let mut b = ProductEconomySums::new();
        b.add(q, vnm, dec!(3)).unwrap();
        b.add(p, vnm, dec!(10)).unwrap();
        // Whole numbers past a Decimal's range: 2 x (2^96 - 1) overflows
        // when the total is asked for, not before.
        let max = Decimal::MAX;
        b.add(q, chn, max).unwrap();
        a.merge(b).unwrap();
        let mut c = ProductEconomySums::new();
        c.add(q, chn, max).unwrap();
        let mut sums = {
            let mut d = ProductEconomySums::new();
            d.merge(a).unwrap();
            d.into_sums().unwrap()
        };
        sums.sort();
        assert_eq!(
            sums,
            [
                (p, chn, dec!(90.5)),
                (p, vnm, dec!(10)),
                (q, chn, max),
                (q, vnm, dec!(10))
            ]
        );
        c.add(q, chn, max).unwrap();
        assert!(c.into_sums().is_err());
        // A sum past the range that comes back into it is exact.
        let mut e = ProductEconomySums::new();
        e.add(p, chn, max).unwrap();
        e.add(p, chn, max).unwrap();
        e.add(p, chn, -max).unwrap();
        assert_eq!(e.into_sums().unwrap(), [(p, chn, max)]);
    }
}
