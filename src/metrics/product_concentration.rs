//! Supplier concentration of every importer in every product, in one
//! pass over the flows: [`ProductConcentrations`].

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::markets::ImporterMarkets;
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::{Hhi, Share};
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};

/// The supplier concentration of one importer in one product.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProductConcentration {
    pub(super) importer: Economy,
    pub(super) product: HsCode,
    pub(super) total: Money,
    pub(super) suppliers: u32,
    pub(super) hhi: Option<Hhi>,
    pub(super) largest: Economy,
    pub(super) largest_share: Option<Share>,
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
