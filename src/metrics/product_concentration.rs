//! Supplier concentration of every importer in every product, in one
//! pass over the flows: [`ProductConcentrations`].

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::add_to;
use crate::metrics::dense::ProductSlots;
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::{Hhi, Share};
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};
use crate::model::sum::Sum;

/// The supplier concentration of one importer in one product.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProductConcentration {
    importer: Economy,
    product: HsCode,
    total: Money,
    suppliers: u32,
    hhi: Option<Hhi>,
    largest: Economy,
    largest_share: Option<Share>,
}

impl ProductConcentration {
    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The product (at the table's level).
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// The importer's total imports of the product.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }

    /// The number of suppliers.
    #[must_use]
    pub fn suppliers(&self) -> u32 {
        self.suppliers
    }

    /// The HHI of the suppliers' shares; `None` for a zero total.
    #[must_use]
    pub fn hhi(&self) -> Option<Hhi> {
        self.hhi
    }

    /// The largest supplier (ties: the smaller UN Comtrade code).
    #[must_use]
    pub fn largest(&self) -> Economy {
        self.largest
    }

    /// The largest supplier's share; `None` for a zero total.
    #[must_use]
    pub fn largest_share(&self) -> Option<Share> {
        self.largest_share
    }
}

/// Supplier concentration of every importer in every product, at one HS
/// level, in one pass over the data: [`Concentration`](crate::metrics::Concentration) for each
/// (importer, product) market, keeping the largest supplier.
///
/// Rows are sorted by importer and product. Repeated (importer, product,
/// exporter) flows are summed per supplier first.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, HsLevel, Query, TradeData, TradeFlow};
/// use tradedep::metrics::ProductConcentrations;
///
/// let flow = |imp: &str, exp: &str, hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(imp.parse()?, exp.parse()?, Direction::Import, hs.parse()?,
///                    "2025".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     flow("JPN", "CHN", "280530", "90 USD")?,
///     flow("JPN", "VNM", "280530", "10 USD")?,
///     flow("JPN", "CHN", "854110", "50 USD")?,
///     flow("KOR", "CHN", "280530", "5 USD")?,
/// ])?;
/// let t = ProductConcentrations::imports(&data, &Query::new(), HsLevel::Subheading)?;
/// let jpn = t.get("JPN".parse()?, "280530".parse()?).unwrap();
/// assert_eq!(jpn.hhi().unwrap().to_string(), "0.82"); // 0.81 + 0.01
/// assert_eq!(jpn.suppliers(), 2);
/// assert_eq!(t.rows().len(), 3);
/// // At chapter level, Japan's chapter 28 and 85 imports.
/// let ch = ProductConcentrations::imports(&data, &Query::new().importer("JPN".parse()?), HsLevel::Chapter)?;
/// assert_eq!(ch.rows().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProductConcentrations {
    level: HsLevel,
    currency: Currency,
    rows: Vec<ProductConcentration>,
}

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

/// One (importer, product) market while an importer's rows are read.
/// Within an importer, rows come sorted by exporter, product and period,
/// so all of one exporter's rows of a product arrive before the next
/// exporter's: the supplier being summed is committed when another one
/// appears.
#[derive(Default)]
struct Market {
    sums: SupplierSums,
    current: Option<(Economy, Decimal)>,
}

impl Market {
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

/// The markets of one importer, product by product, while its flows
/// are read with each exporter's flows together (sorted by exporter):
/// then a supplier's value is final when the next supplier of the
/// product appears.
pub(crate) struct ImporterMarkets {
    level: HsLevel,
    slots: ProductSlots,
    markets: Vec<Market>,
}

impl ImporterMarkets {
    pub(crate) fn new(level: HsLevel) -> ImporterMarkets {
        ImporterMarkets {
            level,
            slots: ProductSlots::new(),
            markets: Vec::new(),
        }
    }

    /// Adds a flow of `product` from `exporter`.
    #[inline]
    pub(crate) fn add(&mut self, product: HsCode, exporter: Economy, value: Decimal) -> Result<()> {
        let (i, new) = self.slots.slot(product.truncate(self.level));
        if new {
            self.markets.push(Market::default());
        }
        match self.markets.get_mut(i) {
            Some(m) => m.add(exporter, value),
            None => Ok(()),
        }
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
            if let Some(m) = self.markets.get_mut(slot) {
                m.flush()?;
                out.extend(m.sums.row(importer, product, currency)?);
            }
        }
        self.slots.clear();
        self.markets.clear();
        Ok(())
    }
}

impl ProductConcentrations {
    /// Concentration of each importer's suppliers in each product at
    /// `level`, over the flows `query` selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does not fit.
    pub fn imports(
        data: &TradeData,
        query: &Query,
        level: HsLevel,
    ) -> Result<ProductConcentrations> {
        let mut rows: Vec<ProductConcentration> = Vec::new();
        let mut markets = ImporterMarkets::new(level);
        let mut importer: Option<Economy> = None;
        let currency = data.currency();
        for r in data
            .candidates(query)?
            .filter(|r| r.importer.is_attributed() && r.exporter.is_attributed())
        {
            if importer != Some(r.importer) {
                if let Some(imp) = importer {
                    markets.finish(imp, currency, &mut rows)?;
                }
                importer = Some(r.importer);
            }
            markets.add(r.product, r.exporter, r.value)?;
        }
        if let Some(imp) = importer {
            markets.finish(imp, currency, &mut rows)?;
        }
        rows.sort_by_key(|r| (r.importer, r.product));
        Ok(ProductConcentrations {
            level,
            currency,
            rows,
        })
    }

    pub(crate) fn from_rows(
        level: HsLevel,
        currency: Currency,
        rows: Vec<ProductConcentration>,
    ) -> Self {
        ProductConcentrations {
            level,
            currency,
            rows,
        }
    }

    /// Every row, by importer and product.
    #[must_use]
    pub fn rows(&self) -> &[ProductConcentration] {
        &self.rows
    }

    /// The HS level of the products.
    #[must_use]
    pub fn level(&self) -> HsLevel {
        self.level
    }

    /// The currency of the totals.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The row of one importer and product.
    #[must_use]
    pub fn get(&self, importer: Economy, product: HsCode) -> Option<&ProductConcentration> {
        self.rows
            .binary_search_by(|r| (r.importer, r.product).cmp(&(importer, product)))
            .ok()
            .and_then(|i| self.rows.get(i))
    }
}

impl Table for ProductConcentrations {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        [
            "importer".to_string(),
            "product".into(),
            money_column("value", self.currency),
            "suppliers".into(),
            "hhi".into(),
            "largest".into(),
            "largest_share".into(),
        ]
        .into()
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.importer),
            Cell::text(r.product),
            Cell::Money(r.total.amount()),
            Cell::Count(u64::from(r.suppliers)),
            Cell::number(r.hhi.map(Hhi::value)),
            Cell::text(r.largest),
            Cell::ratio(r.largest_share.map(Share::value)),
        ])
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
}
