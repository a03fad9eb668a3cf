//! Revealed comparative advantage (Balassa).

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::dense::ProductEconomySums;
use crate::metrics::table::{Cell, Table, money_column};
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};
use crate::model::sum::Sum;

/// Balassa's revealed comparative advantage of every exporter in every
/// product (Balassa, "Trade Liberalisation and Revealed Comparative
/// Advantage", *The Manchester School* 33, 1965):
///
/// `RCA_cp = (x_cp / sum_p x_cp) / (sum_c x_cp / sum_cp x_cp)`
///
/// the product's share in the economy's exports over its share in world
/// exports, from the exports the query selects. Above 1, the economy is
/// relatively specialised in the product. `None` where the economy's or
/// the product's exports sum to zero.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, HsLevel, Query, TradeData, TradeFlow};
/// use tradedep::metrics::Rca;
///
/// let f = |exp: &str, hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("USA".parse()?, exp.parse()?, Direction::Import, hs.parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     f("CHN", "2846", "30 USD")?, f("CHN", "8541", "70 USD")?,
///     f("JPN", "2846", "10 USD")?, f("JPN", "8541", "90 USD")?,
/// ])?;
/// let rca = Rca::of_exports(&data, &Query::new(), HsLevel::Heading)?;
/// // China: 30/100 of its exports are 2846, against 40/200 of the world's: 0.3 / 0.2 = 1.5.
/// let chn = rca.get("CHN".parse()?, "2846".parse()?).unwrap();
/// assert_eq!(chn.rca().unwrap().to_string(), "1.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Rca {
    level: HsLevel,
    currency: Currency,
    rows: Vec<RcaRow>,
}

/// One economy's RCA in one product.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RcaRow {
    economy: Economy,
    product: HsCode,
    exports: Money,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    rca: Option<Decimal>,
}

impl RcaRow {
    /// The exporter.
    #[must_use]
    pub fn economy(&self) -> Economy {
        self.economy
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// `x_cp`.
    #[must_use]
    pub fn exports(&self) -> Money {
        self.exports
    }

    /// `RCA_cp`; `None` for zero denominators.
    #[must_use]
    pub fn rca(&self) -> Option<Decimal> {
        self.rca
    }
}

impl Rca {
    /// RCA of every exporter and product at `level` in the flows `query`
    /// selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does
    /// not fit.
    pub fn of_exports(data: &TradeData, query: &Query, level: HsLevel) -> Result<Rca> {
        // Exact sums per (product, exporter) in dense rows: one pass.
        let mut sums = ProductEconomySums::new();
        for r in data
            .candidates_by_exporter(query)?
            .filter(|r| r.exporter.is_attributed())
        {
            sums.add(r.product.truncate(level), r.exporter, r.value)?;
        }
        let mut x = sums.into_sums()?;
        x.sort_unstable_by_key(|(p, c, _)| (*c, *p));
        // Totals by economy (the rows come by economy), by product and of
        // the world, exact in any order.
        let mut by_economy: Vec<(Economy, Decimal)> = Vec::new();
        let mut by_product: std::collections::HashMap<HsCode, Sum> =
            std::collections::HashMap::new();
        let mut world = Sum::default();
        for group in x.chunk_by(|a, b| a.1 == b.1) {
            let mut total = Sum::default();
            for (p, _, v) in group {
                total.add(*v)?;
                by_product.entry(*p).or_default().add(*v)?;
                world.add(*v)?;
            }
            if let Some((_, c, _)) = group.first() {
                by_economy.push((*c, total.value()?));
            }
        }
        let world = world.value()?;
        let by_product = by_product
            .into_iter()
            .map(|(p, s)| s.value().map(|v| (p, v)))
            .collect::<Result<std::collections::HashMap<HsCode, Decimal>>>()?;
        let mut economies = by_economy.iter().peekable();
        let mut rows = Vec::with_capacity(x.len());
        for (p, c, v) in x {
            while economies.next_if(|(e, _)| *e < c).is_some() {}
            let xc = economies.peek().map_or(Decimal::ZERO, |(_, t)| *t);
            let xp = by_product.get(&p).copied().unwrap_or_default();
            rows.push(RcaRow {
                economy: c,
                product: p,
                exports: Money::new(v, data.currency()),
                rca: balassa(v, xc, xp, world),
            });
        }
        Ok(Rca {
            level,
            currency: data.currency(),
            rows,
        })
    }

    /// Every row, by economy and product.
    #[must_use]
    pub fn rows(&self) -> &[RcaRow] {
        &self.rows
    }

    /// The row of one economy and product.
    #[must_use]
    pub fn get(&self, economy: Economy, product: HsCode) -> Option<&RcaRow> {
        self.rows
            .binary_search_by(|r| (r.economy, r.product).cmp(&(economy, product)))
            .ok()
            .and_then(|i| self.rows.get(i))
    }

    /// The HS level of the products.
    #[must_use]
    pub fn level(&self) -> HsLevel {
        self.level
    }
}

/// `(x / xc) / (xp / world)`, computed as `x * world / (xc * xp)` when
/// the products fit, else as the two quotients.
pub(crate) fn balassa(x: Decimal, xc: Decimal, xp: Decimal, world: Decimal) -> Option<Decimal> {
    if xc.is_zero() || xp.is_zero() || world.is_zero() {
        return None;
    }
    let direct = x
        .checked_mul(world)
        .and_then(|n| xc.checked_mul(xp).and_then(|d| n.checked_div(d)));
    direct
        .or_else(|| x.checked_div(xc)?.checked_div(xp.checked_div(world)?))
        .map(|d| d.normalize())
}

impl Table for Rca {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        vec![
            "economy".into(),
            "product".into(),
            money_column("exports", self.currency),
            "rca".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.economy),
            Cell::text(r.product),
            Cell::Money(r.exports.amount()),
            Cell::number(r.rca),
        ])
    }
}
