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
/// of flows: per economy of the crate's table, a row of whole-number
/// sums by product slot (`i128`, grown as products appear), so that
/// adding a flow is a slot lookup and an addition, and the flows of one
/// economy (an exporter's, in BACI's order or by
/// [`TradeData`](crate::TradeData)'s exporter index) stay within one
/// row. Values with decimal places, and sums past an `i128`, go to a map
/// of exact [`Sum`]s.
pub(crate) struct ProductEconomySums {
    slots: ProductSlots,
    /// Per economy table index, sums by product slot.
    whole: Vec<Vec<i128>>,
    /// Per economy table index, a bit per product slot with a flow (a
    /// sum of zero is a sum).
    touched: Vec<Vec<u64>>,
    /// Values that are not whole numbers, by (slot, economy).
    exact: HashMap<(usize, u16), Sum>,
}

impl ProductEconomySums {
    pub(crate) fn new() -> ProductEconomySums {
        ProductEconomySums {
            slots: ProductSlots::new(),
            whole: vec![Vec::new(); Economy::TABLE_LEN],
            touched: vec![Vec::new(); Economy::TABLE_LEN],
            exact: HashMap::new(),
        }
    }

    /// The cell of `slot` in `economy`'s row, the row grown to hold it,
    /// marked as having a flow.
    #[inline]
    fn cell(&mut self, slot: usize, economy: usize) -> Option<&mut i128> {
        let bits = self.touched.get_mut(economy)?;
        if bits.len() <= slot / 64 {
            bits.resize((slot / 64).saturating_add(1), 0);
        }
        if let Some(w) = bits.get_mut(slot / 64) {
            *w |= 1 << (slot % 64);
        }
        let row = self.whole.get_mut(economy)?;
        if row.len() <= slot {
            row.resize(slot.saturating_add(1).max(self.slots.codes().len()), 0);
        }
        row.get_mut(slot)
    }

    /// Adds `v` to the sum of `code` and `economy`.
    #[inline]
    pub(crate) fn add(&mut self, code: HsCode, economy: Economy, v: Decimal) -> Result<()> {
        let (slot, _) = self.slots.slot(code);
        if v.scale() == 0
            && let Some(cell) = self.cell(slot, usize::from(economy.table_index()))
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
        // Other's slots, as this table numbers them.
        let mine: Vec<usize> = other
            .slots
            .codes()
            .iter()
            .map(|c| self.slots.slot(*c).0)
            .collect();
        for (k, row) in other.whole.iter().enumerate() {
            let bits = other.touched.get(k).map_or(&[][..], Vec::as_slice);
            for (j, &t) in row.iter().enumerate() {
                let Some(&slot) = mine.get(j) else { break };
                let had_flow = bits.get(j / 64).is_some_and(|w| w & (1 << (j % 64)) != 0);
                if t == 0 && !had_flow {
                    continue;
                }
                match self.cell(slot, k) {
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
            if let Some(&slot) = mine.get(j) {
                self.exact.entry((slot, k)).or_default().merge(sum)?;
            }
        }
        Ok(())
    }

    /// The sum of every (product, economy) with a flow, zero or not, by
    /// economy (in table order), then product in no particular order.
    pub(crate) fn into_sums(self) -> Result<Vec<(HsCode, Economy, Decimal)>> {
        let codes = self.slots.codes();
        let mut out = Vec::new();
        let mut exact = self.exact;
        for ((row, bits), e) in self.whole.iter().zip(&self.touched).zip(Economy::all()) {
            let k = e.table_index();
            for (slot, code) in codes.iter().enumerate() {
                let w = row.get(slot).copied().unwrap_or(0);
                let had_flow = bits
                    .get(slot / 64)
                    .is_some_and(|b| b & (1 << (slot % 64)) != 0);
                let extra = if exact.is_empty() {
                    None
                } else {
                    exact.remove(&(slot, k))
                };
                let total = match extra {
                    Some(mut s) => {
                        s.merge(Sum::of_whole(w))?;
                        s.value()?
                    }
                    None if w == 0 && !had_flow => continue,
                    None => Sum::of_whole(w).value()?,
                };
                out.push((*code, e, total));
            }
        }
        Ok(out)
    }
}

/// Exact sums of two quantities (a pair's trade and the part of it
/// selected) per (importer, exporter) pair of the crate's table: two
/// whole-number `i128` sums a pair, in a table allocated zeroed (so that
/// only the pages of pairs with trade are ever touched), a bit a pair
/// for which pairs have flows, and a map of exact [`Sum`]s for values
/// with decimal places and sums past an `i128`.
pub(crate) struct PairSums {
    whole: Vec<[i128; 2]>,
    seen: Vec<u64>,
    exact: HashMap<usize, [Sum; 2]>,
}

impl PairSums {
    /// The number of pairs.
    const LEN: usize = Economy::TABLE_LEN * Economy::TABLE_LEN;

    pub(crate) fn new() -> PairSums {
        PairSums {
            whole: vec![[0; 2]; Self::LEN],
            seen: vec![0; Self::LEN.div_ceil(64)],
            exact: HashMap::new(),
        }
    }

    /// The index of a pair.
    #[inline]
    pub(crate) fn index(importer: Economy, exporter: Economy) -> usize {
        usize::from(importer.table_index())
            .saturating_mul(Economy::TABLE_LEN)
            .saturating_add(usize::from(exporter.table_index()))
    }

    #[inline]
    fn mark(&mut self, at: usize) {
        if let Some(w) = self.seen.get_mut(at / 64) {
            *w |= 1 << (at % 64);
        }
    }

    #[inline]
    fn has(&self, at: usize) -> bool {
        self.seen
            .get(at / 64)
            .is_some_and(|w| w & (1 << (at % 64)) != 0)
    }

    /// Adds `v` to pair `at`'s first sum, and to its second where
    /// `selected`.
    #[inline]
    pub(crate) fn add(&mut self, at: usize, v: Decimal, selected: bool) -> Result<()> {
        self.mark(at);
        if v.scale() == 0
            && let Some(cell) = self.whole.get_mut(at)
            && let Some(first) = cell[0].checked_add(v.mantissa())
            && let Some(second) = cell[1].checked_add(if selected { v.mantissa() } else { 0 })
        {
            *cell = [first, second];
            return Ok(());
        }
        let sums = self.exact.entry(at).or_default();
        sums[0].add(v)?;
        if selected {
            sums[1].add(v)?;
        }
        Ok(())
    }

    /// Adds every sum of `other`.
    pub(crate) fn merge(&mut self, other: PairSums) -> Result<()> {
        for (at, theirs) in other.whole.iter().enumerate() {
            if !other.has(at) {
                continue;
            }
            self.mark(at);
            let Some(mine) = self.whole.get_mut(at) else {
                continue;
            };
            if let (Some(a), Some(b)) = (
                mine[0].checked_add(theirs[0]),
                mine[1].checked_add(theirs[1]),
            ) {
                *mine = [a, b];
            } else {
                let sums = self.exact.entry(at).or_default();
                sums[0].merge(Sum::of_whole(theirs[0]))?;
                sums[1].merge(Sum::of_whole(theirs[1]))?;
            }
        }
        for (at, [a, b]) in other.exact {
            let sums = self.exact.entry(at).or_default();
            sums[0].merge(a)?;
            sums[1].merge(b)?;
        }
        Ok(())
    }

    /// Pair `at`'s two sums; `None` where it has no flow.
    pub(crate) fn get(&self, at: usize) -> Result<Option<(Decimal, Decimal)>> {
        if !self.has(at) {
            return Ok(None);
        }
        let [a, b] = self.whole.get(at).copied().unwrap_or([0, 0]);
        let (mut first, mut second) = (Sum::of_whole(a), Sum::of_whole(b));
        if let Some([x, y]) = self.exact.get(&at) {
            first.merge(*x)?;
            second.merge(*y)?;
        }
        Ok(Some((first.value()?, second.value()?)))
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
    #[expect(
        clippy::many_single_char_names,
        reason = "two products and five tables"
    )]
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

    #[test]
    fn pair_sums_are_exact_merge_and_know_pairs_of_zero() {
        let (jpn, chn, usa): (Economy, Economy, Economy) = (
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            "USA".parse().unwrap(),
        );
        let (a_at, b_at, z_at) = (
            PairSums::index(jpn, chn),
            PairSums::index(jpn, usa),
            PairSums::index(usa, chn),
        );
        let mut a = PairSums::new();
        a.add(a_at, dec!(100), true).unwrap();
        a.add(a_at, dec!(0.25), false).unwrap();
        a.add(z_at, dec!(0), false).unwrap();
        let mut b = PairSums::new();
        b.add(a_at, dec!(50), true).unwrap();
        // Whole numbers whose sum leaves a Decimal's range, and comes back.
        let big = Decimal::MAX;
        for _ in 0..3 {
            b.add(b_at, big, false).unwrap();
        }
        a.merge(b).unwrap();
        assert_eq!(a.get(a_at).unwrap(), Some((dec!(150.25), dec!(150))));
        assert_eq!(a.get(z_at).unwrap(), Some((dec!(0), dec!(0))));
        assert_eq!(a.get(PairSums::index(chn, jpn)).unwrap(), None);
        assert!(a.get(b_at).is_err(), "3 x (2^96 - 1) is past a Decimal");
        a.add(b_at, -big, false).unwrap();
        a.add(b_at, -big, false).unwrap();
        assert_eq!(a.get(b_at).unwrap(), Some((big, dec!(0))));
    }
}
