//! One importer's markets (one per product) while its flows are read:
//! the supplier sums behind [`ProductConcentrations`](crate::metrics::ProductConcentrations)
//! and the screens built on it.
//!
//! Within an importer, flows come sorted by exporter, so all of one
//! exporter's flows of a product arrive before the next exporter's: the
//! supplier being summed is committed when another one appears. Trade
//! values are whole dollars: a market keeps its sums in integers (64
//! bytes, so that an importer's few thousand markets stay in cache) and
//! moves to exact decimal sums at its first value with decimal places or
//! past 2^63, with the same results.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::error::Result;
use crate::metrics::add_to;
use crate::metrics::dense::ProductSlots;
use crate::metrics::product_concentration::ProductConcentration;
use crate::metrics::value::Share;
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};
use crate::model::sum::Sum;

/// Sums over the suppliers of one (importer, product) market whose
/// values are final: the total, the sum of squares, the count and the
/// largest (ties to the lower trade code).
#[derive(Debug, Clone, Copy, Default)]
struct SupplierSums {
    total: Sum,
    squares: Sum,
    suppliers: u32,
    largest: Option<(Economy, Decimal)>,
}

impl SupplierSums {
    /// Counts supplier `e` with its whole value `v`.
    #[inline]
    fn commit(&mut self, e: Economy, v: Decimal) -> Result<()> {
        self.total.add(v)?;
        self.squares.add_square(v)?;
        self.suppliers = self.suppliers.saturating_add(1);
        self.consider(e, v);
        Ok(())
    }

    fn consider(&mut self, e: Economy, v: Decimal) {
        let better = match self.largest {
            None => true,
            Some((le, lv)) => match quick_cmp(v, lv) {
                Ordering::Greater => true,
                Ordering::Equal => e.trade_code() < le.trade_code(),
                Ordering::Less => false,
            },
        };
        if better {
            self.largest = Some((e, v));
        }
    }

    /// The market's row; `None` when it has no supplier.
    ///
    /// The total is exact (or an error); the sum of squares, exact in 256
    /// bits, only enters the HHI, a ratio kept to 28 significant digits.
    fn row(
        &self,
        importer: Economy,
        product: HsCode,
        currency: Currency,
    ) -> Result<Option<ProductConcentration>> {
        let Some((largest, lv)) = self.largest else {
            return Ok(None);
        };
        let total = self.total.value()?;
        Ok(Some(ProductConcentration {
            importer,
            product,
            total: Money::new(total, currency),
            suppliers: self.suppliers,
            hhi: self.squares.hhi(total),
            largest,
            largest_share: Share::ratio(lv, total),
        }))
    }
}

/// `a.cmp(&b)`, comparing mantissas where both have the same scale and
/// sign (whole dollars, as trade values mostly are) instead of aligning
/// scales as `Decimal`'s `Ord` does.
#[inline]
fn quick_cmp(a: Decimal, b: Decimal) -> Ordering {
    if a.scale() == b.scale() && a.is_sign_positive() && b.is_sign_positive() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(&b)
    }
}

/// A market with a value that is no whole number below 2^63 (or sums
/// past an `i128`): exact sums of any decimals.
#[derive(Default)]
struct SlowMarket {
    sums: SupplierSums,
    current: Option<(Economy, Decimal)>,
}

impl SlowMarket {
    #[inline]
    fn add(&mut self, exporter: Economy, value: Decimal) -> Result<()> {
        match &mut self.current {
            Some((e, v)) if *e == exporter => add_to(v, value),
            _ => {
                self.flush()?;
                self.current = Some((exporter, value));
                Ok(())
            }
        }
    }

    #[inline]
    fn flush(&mut self) -> Result<()> {
        match self.current.take() {
            Some((e, v)) => self.sums.commit(e, v),
            None => Ok(()),
        }
    }
}

/// One (importer, product) market in whole numbers: committed suppliers'
/// total and sum of squares, their count and the largest, and the
/// supplier being summed. `slow` is 0, or 1 + the index of the exact
/// market that took over.
#[derive(Clone, Copy)]
struct Market {
    total: i128,
    squares: i128,
    current: u64,
    largest: u64,
    current_from: Economy,
    largest_from: Economy,
    suppliers: u32,
    has_current: bool,
    slow: u32,
}

impl Market {
    const NEW: Market = Market {
        total: 0,
        squares: 0,
        current: 0,
        largest: 0,
        current_from: Economy::WORLD,
        largest_from: Economy::WORLD,
        suppliers: 0,
        has_current: false,
        slow: 0,
    };

    /// Adds `v` from `exporter`; false where the whole numbers no longer
    /// hold the sums (the caller moves the market to exact sums first).
    #[inline]
    fn add(&mut self, exporter: Economy, v: u64) -> bool {
        if self.has_current && self.current_from == exporter {
            return match self.current.checked_add(v) {
                Some(c) => {
                    self.current = c;
                    true
                }
                None => false,
            };
        }
        if !self.commit() {
            return false;
        }
        self.current = v;
        self.current_from = exporter;
        self.has_current = true;
        true
    }

    /// Commits the supplier being summed; false where a sum would leave
    /// the integers (nothing is changed then).
    #[inline]
    fn commit(&mut self) -> bool {
        if !self.has_current {
            return true;
        }
        let c = i128::from(self.current);
        let (Some(total), Some(squares)) = (
            self.total.checked_add(c),
            c.checked_mul(c).and_then(|q| self.squares.checked_add(q)),
        ) else {
            return false;
        };
        (self.total, self.squares) = (total, squares);
        let better = self.suppliers == 0
            || self.current > self.largest
            || (self.current == self.largest
                && self.current_from.trade_code() < self.largest_from.trade_code());
        if better {
            (self.largest, self.largest_from) = (self.current, self.current_from);
        }
        self.suppliers = self.suppliers.saturating_add(1);
        self.has_current = false;
        true
    }

    /// The same market in exact sums.
    fn to_slow(self) -> SlowMarket {
        SlowMarket {
            sums: SupplierSums {
                total: Sum::of_whole(self.total),
                squares: Sum::of_whole(self.squares),
                suppliers: self.suppliers,
                largest: (self.suppliers > 0)
                    .then(|| (self.largest_from, Decimal::from(self.largest))),
            },
            current: self
                .has_current
                .then(|| (self.current_from, Decimal::from(self.current))),
        }
    }
}

/// A value the whole-number sums take: no decimal places, not negative,
/// below 2^63 (so that its square fits an `i128` with room to add).
#[inline]
fn whole(v: Decimal) -> Option<u64> {
    if v.scale() == 0 && !v.is_sign_negative() {
        u64::try_from(v.mantissa()).ok().filter(|w| *w < 1 << 63)
    } else {
        None
    }
}

/// The markets of one importer, product by product, while its flows
/// are read with each exporter's flows together (sorted by exporter):
/// then a supplier's value is final when the next supplier of the
/// product appears.
pub(crate) struct ImporterMarkets {
    level: HsLevel,
    slots: ProductSlots,
    markets: Vec<Market>,
    slow: Vec<SlowMarket>,
}

impl ImporterMarkets {
    pub(crate) fn new(level: HsLevel) -> ImporterMarkets {
        ImporterMarkets {
            level,
            slots: ProductSlots::new(),
            markets: Vec::new(),
            slow: Vec::new(),
        }
    }

    /// The market of `product`, made where new.
    #[inline]
    fn market(&mut self, product: HsCode) -> usize {
        let (i, new) = self.slots.slot(product.truncate(self.level));
        if new {
            self.markets.push(Market::NEW);
        }
        i
    }

    /// Adds a flow of `product` from `exporter`.
    #[inline]
    pub(crate) fn add(&mut self, product: HsCode, exporter: Economy, value: Decimal) -> Result<()> {
        if let Some(v) = whole(value) {
            return self.add_whole(product, exporter, v);
        }
        let i = self.market(product);
        self.slow_market(i)
            .map_or(Ok(()), |m| m.add(exporter, value))
    }

    /// Adds a flow of `product` from `exporter` worth `value` whole
    /// dollars.
    #[inline]
    pub(crate) fn add_whole(
        &mut self,
        product: HsCode,
        exporter: Economy,
        value: u64,
    ) -> Result<()> {
        if value >= 1 << 63 {
            return self.add(product, exporter, Decimal::from(value));
        }
        let i = self.market(product);
        let Some(m) = self.markets.get_mut(i) else {
            return Ok(());
        };
        if m.slow == 0 && m.add(exporter, value) {
            return Ok(());
        }
        self.slow_market(i)
            .map_or(Ok(()), |s| s.add(exporter, Decimal::from(value)))
    }

    /// The exact market of market `i`, made from its whole-number sums
    /// the first time.
    fn slow_market(&mut self, i: usize) -> Option<&mut SlowMarket> {
        let m = self.markets.get_mut(i)?;
        if m.slow == 0 {
            self.slow.push(m.to_slow());
            m.slow = u32::try_from(self.slow.len()).ok()?;
        }
        let at = usize::try_from(m.slow).ok()?.checked_sub(1)?;
        self.slow.get_mut(at)
    }

    /// Appends the importer's rows to `out`, by product, and forgets its
    /// markets.
    pub(crate) fn finish(
        &mut self,
        importer: Economy,
        currency: Currency,
        out: &mut Vec<ProductConcentration>,
    ) -> Result<()> {
        // Products in code order: sort the few thousand (code, slot) pairs,
        // not the rows.
        let mut order: Vec<(HsCode, usize)> = self.slots.codes().iter().copied().zip(0..).collect();
        order.sort_unstable();
        for (product, slot) in order {
            let Some(m) = self.markets.get_mut(slot) else {
                continue;
            };
            if m.slow == 0 && m.commit() {
                let sums = m.to_slow().sums;
                out.extend(sums.row(importer, product, currency)?);
            } else if let Some(s) = self.slow_market(slot) {
                s.flush()?;
                out.extend(s.sums.row(importer, product, currency)?);
            }
        }
        self.slots.clear();
        self.markets.clear();
        self.slow.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quick_cmp_orders_by_value_whatever_the_scales() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(quick_cmp(d("20945"), d("3000")), Ordering::Greater);
        assert_eq!(quick_cmp(d("1.50"), d("1.5")), Ordering::Equal);
        assert_eq!(quick_cmp(d("-2"), d("1")), Ordering::Less);
        assert_eq!(quick_cmp(d("0.999"), d("1")), Ordering::Less);
    }

    proptest! {
        #[test]
        fn quick_cmp_is_decimal_cmp(a in any::<i64>(), sa in 0u32..=28, b in any::<i64>(), sb in 0u32..=28) {
            let (x, y) = (Decimal::new(a, sa), Decimal::new(b, sb));
            prop_assert_eq!(quick_cmp(x, y), x.cmp(&y));
            let z = Decimal::new(b, sa);
            prop_assert_eq!(quick_cmp(x, z), x.cmp(&z));
        }
    }

    /// The rows of one market fed to exact sums alone (the market before
    /// whole-number sums).
    fn exact_rows(flows: &[(u16, Decimal)]) -> Vec<ProductConcentration> {
        let mut m = SlowMarket::default();
        let economies: Vec<Economy> = Economy::all().collect();
        for (e, v) in flows {
            m.add(economies[usize::from(*e)], *v).unwrap();
        }
        m.flush().unwrap();
        let (jpn, p) = ("JPN".parse().unwrap(), "280530".parse().unwrap());
        m.sums
            .row(jpn, p, Currency::USD)
            .unwrap()
            .into_iter()
            .collect()
    }

    fn value() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            4 => (0u64..1_000_000).prop_map(Decimal::from),
            1 => ((1u64 << 62)..u64::MAX).prop_map(Decimal::from),
            1 => (0i64..1_000_000, 1u32..4).prop_map(|(m, s)| Decimal::new(m, s)),
            1 => (-1000i64..0).prop_map(Decimal::from),
        ]
    }

    proptest! {
        #[test]
        fn whole_number_sums_give_the_exact_sums_rows(
            mut flows in proptest::collection::vec((0u16..6, value()), 1..30),
        ) {
            // An importer's flows come by exporter.
            flows.sort_by_key(|(e, _)| *e);
            let economies: Vec<Economy> = Economy::all().collect();
            let (jpn, p): (Economy, HsCode) = ("JPN".parse().unwrap(), "280530".parse().unwrap());
            let mut markets = ImporterMarkets::new(HsLevel::Subheading);
            for (e, v) in &flows {
                markets.add(p, economies[usize::from(*e)], *v).unwrap();
            }
            let mut rows = Vec::new();
            markets.finish(jpn, Currency::USD, &mut rows).unwrap();
            prop_assert_eq!(rows, exact_rows(&flows));
        }
    }

    #[test]
    fn a_market_is_64_bytes() {
        assert_eq!(std::mem::size_of::<Market>(), 64);
    }
}
