//! One stored flow, and the storage order of a [`TradeData`](crate::TradeData).

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::model::economy::Economy;
use crate::model::flow::{Direction, Provenance, TradeFlow, Valuation};
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money};
use crate::model::period::Period;
use crate::model::quantity::{Quantity, Unit};

/// One stored flow, 48 bytes: two decimals, the product, the period, the
/// two economies, and a byte each for the flags and the unit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) value: Decimal,
    pub(crate) qty: Decimal,
    pub(crate) product: HsCode,
    pub(crate) period: Period,
    pub(crate) importer: Economy,
    pub(crate) exporter: Economy,
    pub(crate) flags: u8,
    pub(crate) unit: Option<Unit>,
}

const DIRECTIONS: [Direction; 6] = Direction::ALL;
const VALUATIONS: [Valuation; 3] = [Valuation::Cif, Valuation::Fob, Valuation::Unknown];

impl Row {
    pub(crate) fn from_flow(f: &TradeFlow) -> Row {
        let d = DIRECTIONS
            .iter()
            .position(|x| *x == f.direction())
            .unwrap_or(0) as u8;
        let v = VALUATIONS
            .iter()
            .position(|x| *x == f.valuation())
            .unwrap_or(2) as u8;
        let p = u8::from(f.provenance() == Provenance::Reconciled);
        Row {
            value: f.value().amount(),
            qty: f.quantity().map_or(Decimal::ZERO, |q| q.amount()),
            product: f.product(),
            period: f.period(),
            importer: f.importer(),
            exporter: f.exporter(),
            flags: d | (v << 3) | (p << 5),
            unit: f.quantity().map(|q| q.unit()),
        }
    }

    pub(crate) fn direction(&self) -> Direction {
        DIRECTIONS
            .get(usize::from(self.flags & 7))
            .copied()
            .unwrap_or(Direction::Import)
    }

    fn valuation(&self) -> Valuation {
        VALUATIONS
            .get(usize::from((self.flags >> 3) & 3))
            .copied()
            .unwrap_or(Valuation::Unknown)
    }

    pub(crate) fn provenance(&self) -> Provenance {
        if self.flags & 32 == 0 {
            Provenance::Declared
        } else {
            Provenance::Reconciled
        }
    }

    pub(crate) fn to_flow(self, currency: Currency) -> TradeFlow {
        let direction = self.direction();
        let (reporter, partner) = if direction.is_inward() {
            (self.importer, self.exporter)
        } else {
            (self.exporter, self.importer)
        };
        let quantity = self.unit.and_then(|u| Quantity::new(self.qty, u).ok());
        // Rows are made from valid flows: no need to validate again.
        TradeFlow::from_valid_parts(
            reporter,
            partner,
            direction,
            self.product,
            self.period,
            Money::new(self.value, currency),
        )
        .with_quantity(quantity)
        .with_valuation(self.valuation())
        .with_provenance(self.provenance())
    }

    /// The storage order's key: importer, exporter, product, period and
    /// flags (ties broken by [`tie_cmp`](Self::tie_cmp)).
    pub(crate) fn sort_key(&self) -> u128 {
        let k = (u64::from(economy_key(self.importer)) << 48)
            | (u64::from(economy_key(self.exporter)) << 32);
        (u128::from(k) << 64) | self.pair_key()
    }

    /// The storage order's key among the rows of one importer and
    /// exporter: product, period and flags.
    pub(crate) fn pair_key(&self) -> u128 {
        let p = u64::from(self.product.padded_digits() << 4 | level_key(self.product));
        (u128::from(p) << 64) | (u128::from(self.period.order_key()) << 8) | u128::from(self.flags)
    }

    /// The order of rows whose sort keys tie (one flow split in several
    /// rows, as some Comtrade extracts do): by code with its edition,
    /// then value, quantity and unit, each with its written scale (`1.0`
    /// before `1.00`), so that the stored order, and every output, never
    /// depends on the order of the input.
    fn tie_cmp(&self, other: &Row) -> Ordering {
        self.product
            .cmp(&other.product)
            .then_with(|| self.value.cmp(&other.value))
            .then_with(|| self.value.scale().cmp(&other.value.scale()))
            .then_with(|| self.qty.cmp(&other.qty))
            .then_with(|| self.qty.scale().cmp(&other.qty.scale()))
            .then_with(|| self.unit.cmp(&other.unit))
    }
}

/// The storage order of economies: by UN Comtrade / BACI numeric code,
/// the order BACI files come in, so that reading one needs no comparison
/// sort. Trade codes are unique per economy and below 1,000.
pub(crate) fn economy_key(e: Economy) -> u16 {
    static KEYS: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut k = vec![0u16; Economy::TABLE_LEN];
        for e in Economy::all() {
            if let Some(slot) = k.get_mut(usize::from(e.table_index())) {
                *slot = e.trade_code();
            }
        }
        k
    });
    keys.get(usize::from(e.table_index()))
        .copied()
        .unwrap_or(u16::MAX)
}

/// One more than the largest [`economy_key`].
pub(crate) const ECONOMY_KEYS: usize = 1000;

fn level_key(p: HsCode) -> u32 {
    u32::from(p.level().digits() / 2)
}

/// Where each economy's bucket starts in a counting sort by economy.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "row ids and counts of rows, at most u32::MAX (TradeDataBuilder::push refuses more)"
)]
pub(crate) fn bucket_starts(economies: impl Iterator<Item = Economy>) -> Vec<usize> {
    let mut counts = vec![0usize; ECONOMY_KEYS + 1];
    for e in economies {
        if let Some(c) = counts.get_mut(usize::from(economy_key(e)) + 1) {
            *c += 1;
        }
    }
    for i in 1..counts.len() {
        let before = counts.get(i - 1).copied().unwrap_or(0);
        if let Some(c) = counts.get_mut(i) {
            *c += before;
        }
    }
    counts
}

/// True when `rows` are in storage order (by [`Row::sort_key`], ties by
/// [`Row::tie_cmp`]).
pub(crate) fn in_stored_order(rows: &[Row]) -> bool {
    rows.is_sorted_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.tie_cmp(b))
            .is_le()
    })
}

/// Sorts rows by importer, exporter, product, period and flags.
///
/// Rows already in importer order are sorted in place. Others go through
/// a stable counting sort by importer, out of place ([`sort_parts`]):
/// twice the rows' memory for a moment, and fast (on BACI's 11 million
/// rows, 0.3 s where following the permutation's cycles in place took
/// 2.2 s). Then each importer's rows are sorted only if they are not
/// already in order: files sorted by exporter, importer and product, as
/// BACI is, need no comparison sort at all.
pub(crate) fn sort_rows(mut rows: Vec<Row>) -> Vec<Row> {
    if rows.is_sorted_by_key(|r| economy_key(r.importer)) {
        rows.shrink_to_fit();
        let starts = bucket_starts(rows.iter().map(|r| r.importer));
        sort_buckets(&mut rows, &starts);
        return rows;
    }
    sort_parts(vec![rows])
}

/// Sorts each importer's bucket (`starts` from [`bucket_starts`]) by the
/// storage order, where it is not in it already.
fn sort_buckets(rows: &mut [Row], starts: &[usize]) {
    for w in starts.windows(2) {
        if let [a, b] = *w
            && let Some(bucket) = rows.get_mut(a..b)
            && !in_stored_order(bucket)
        {
            bucket.sort_by_cached_key(Row::sort_key);
            for run in bucket.chunk_by_mut(|a, b| a.sort_key() == b.sort_key()) {
                run.sort_by(Row::tie_cmp);
            }
        }
    }
}

/// The rows of `parts` (in order: the pieces of one file) in storage
/// order, as [`sort_rows`] sorts them, on one thread per part.
///
/// Each part's rows are counted by importer and scattered, in order, to
/// their place in one new vector (a stable counting sort out of place:
/// the parts and the result are held together while it runs, twice the
/// rows' memory for a moment); each
/// importer's bucket is then sorted only if it is not in order.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "row counts and positions, at most the rows held (below u32::MAX, which the builders refuse)"
)]
pub(crate) fn sort_parts(parts: Vec<Vec<Row>>) -> Vec<Row> {
    let Some(filler) = parts.iter().find_map(|p| p.first().copied()) else {
        return Vec::new();
    };
    // Rows per importer in each part, counted on the parts' threads.
    let counts: Vec<Vec<usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|p| s.spawn(move || bucket_counts(p)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let total = parts.iter().map(Vec::len).sum::<usize>();
    let mut out = vec![filler; total];
    // Each part's share of each importer's bucket: disjoint slices of
    // `out`, handed to the part's thread.
    let mut shares: Vec<Vec<&mut [Row]>> = parts.iter().map(|_| Vec::new()).collect();
    let mut rest: &mut [Row] = &mut out;
    for key in 0..ECONOMY_KEYS {
        for (p, share) in shares.iter_mut().enumerate() {
            let n = counts.get(p).and_then(|c| c.get(key)).copied().unwrap_or(0);
            let left = std::mem::take(&mut rest);
            // The counts add up to the total: `n` always fits.
            let (mine, after) = left.split_at_mut(n.min(left.len()));
            share.push(mine);
            rest = after;
        }
    }
    std::thread::scope(|s| {
        for (part, mut share) in parts.iter().zip(shares) {
            s.spawn(move || {
                let mut at = vec![0usize; ECONOMY_KEYS];
                for r in part {
                    let k = usize::from(economy_key(r.importer));
                    if let (Some(slice), Some(i)) = (share.get_mut(k), at.get_mut(k))
                        && let Some(slot) = slice.get_mut(*i)
                    {
                        *slot = *r;
                        *i += 1;
                    }
                }
            });
        }
    });
    drop(parts);
    let starts = bucket_starts(out.iter().map(|r| r.importer));
    sort_buckets(&mut out, &starts);
    out
}

/// Rows per importer key.
fn bucket_counts(rows: &[Row]) -> Vec<usize> {
    let mut c = vec![0usize; ECONOMY_KEYS];
    for r in rows {
        if let Some(n) = c.get_mut(usize::from(economy_key(r.importer))) {
            *n = n.saturating_add(1);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_48_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 48);
    }

    #[test]
    fn economies_are_stored_in_trade_code_order() {
        // Argentina 32, Chile 152, United States 842 (Comtrade's code), World 0.
        let key = |s: &str| economy_key(s.parse().unwrap());
        assert_eq!((key("ARG"), key("CHL"), key("USA")), (32, 152, 842));
        assert_eq!(economy_key(Economy::WORLD), 0);
        let mut seen: Vec<u16> = Economy::all().map(economy_key).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), Economy::TABLE_LEN);
        assert!(seen.iter().all(|k| usize::from(*k) < ECONOMY_KEYS));
    }
}
