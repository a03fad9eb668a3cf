//! Exposure shares: how much of the trade between two economies falls in
//! a set of goods or under a classification.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::classify::links::{Link, ProductLink, ProductLinks};
use crate::classify::selector::ProductSelector;
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::add_to;
use crate::metrics::dense::ProductMemo;
use crate::metrics::share::pair_sums;
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::Share;
use crate::model::economy::Economy;
use crate::model::flow::Side;
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money};

/// The part of each (importer, exporter) pair's trade that falls in a set
/// of goods: `selected_ij / M_ij`, the simple form of the exposure share
/// (DESIGN indicator 4) where the classification is a
/// [`ProductSelector`] and every selected code counts in full.
///
/// Rows are sorted by importer and exporter. A pair whose trade sums to
/// zero has a `None` share.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, ProductSelector, Query, TradeData, TradeFlow};
/// use tradedep::metrics::SelectorExposure;
///
/// let flow = |hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, "CHN".parse()?, Direction::Import, hs.parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     flow("280530", "30 USD")?,
///     flow("854110", "50 USD")?,
///     flow("620342", "20 USD")?,
/// ])?;
/// let dual_use: ProductSelector = "2805, 8541".parse()?;
/// let e = SelectorExposure::by_pair(&data, &Query::new(), &dual_use)?;
/// let pair = e.get("JPN".parse()?, "CHN".parse()?).unwrap();
/// assert_eq!(pair.selected().to_string(), "80 USD");
/// assert_eq!(pair.share().unwrap().to_string(), "0.8");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SelectorExposure {
    selector: ProductSelector,
    currency: Currency,
    rows: Vec<PairExposure>,
}

/// One pair's trade and the part of it a selector selects.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PairExposure {
    importer: Economy,
    exporter: Economy,
    value: Money,
    selected: Money,
}

impl PairExposure {
    pub(crate) fn new(importer: Economy, exporter: Economy, value: Money, selected: Money) -> Self {
        PairExposure {
            importer,
            exporter,
            value,
            selected,
        }
    }

    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The exporter.
    #[must_use]
    pub fn exporter(&self) -> Economy {
        self.exporter
    }

    /// All trade of the pair, `M_ij`.
    #[must_use]
    pub fn value(&self) -> Money {
        self.value
    }

    /// The trade in selected goods.
    #[must_use]
    pub fn selected(&self) -> Money {
        self.selected
    }

    /// `selected / M_ij`; `None` when the pair's trade is zero.
    #[must_use]
    pub fn share(&self) -> Option<Share> {
        Share::ratio(self.selected.amount(), self.value.amount())
    }
}

impl SelectorExposure {
    /// The exposure of every pair in the flows `query` selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does not fit.
    pub fn by_pair(
        data: &TradeData,
        query: &Query,
        selector: &ProductSelector,
    ) -> Result<SelectorExposure> {
        let currency = data.currency();
        let mut memo = ProductMemo::new();
        let sums = pair_sums(data, query, Side::Importer, |p| {
            memo.get(p, |p| selector.matches(p))
        })?;
        let rows = sums
            .into_iter()
            .filter(|((importer, exporter), _)| {
                importer.is_attributed() && exporter.is_attributed()
            })
            .map(|((importer, exporter), (v, s))| PairExposure {
                importer,
                exporter,
                value: Money::new(v, currency),
                selected: Money::new(s, currency),
            })
            .collect();
        Ok(SelectorExposure {
            selector: selector.clone(),
            currency,
            rows,
        })
    }

    pub(crate) fn from_rows(
        selector: ProductSelector,
        currency: Currency,
        rows: Vec<PairExposure>,
    ) -> Self {
        SelectorExposure {
            selector,
            currency,
            rows,
        }
    }

    /// The selector.
    #[must_use]
    pub fn selector(&self) -> &ProductSelector {
        &self.selector
    }

    /// Every pair, by importer and exporter.
    #[must_use]
    pub fn rows(&self) -> &[PairExposure] {
        &self.rows
    }

    /// The row of one pair.
    #[must_use]
    pub fn get(&self, importer: Economy, exporter: Economy) -> Option<&PairExposure> {
        self.rows
            .binary_search_by(|r| (r.importer, r.exporter).cmp(&(importer, exporter)))
            .ok()
            .and_then(|i| self.rows.get(i))
    }
}

impl Table for SelectorExposure {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        let c = self.currency;
        vec![
            "importer".into(),
            "exporter".into(),
            money_column("value", c),
            money_column("selected", c),
            "share".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.importer),
            Cell::text(r.exporter),
            Cell::Money(r.value.amount()),
            Cell::Money(r.selected.amount()),
            Cell::ratio(r.share().map(Share::value)),
        ])
    }
}

/// The exposure of one category, or of all of them together.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ExposureBounds {
    lower: Money,
    point: Option<Money>,
    upper: Money,
}

impl ExposureBounds {
    fn zero(c: Currency) -> ExposureBounds {
        ExposureBounds {
            lower: Money::zero(c),
            point: Some(Money::zero(c)),
            upper: Money::zero(c),
        }
    }

    fn add(&mut self, value: Decimal, only_full: bool, weight: Option<Decimal>) -> Result<()> {
        let c = self.upper.currency();
        if only_full {
            self.lower = self.lower.checked_add(&Money::new(value, c))?;
        }
        self.upper = self.upper.checked_add(&Money::new(value, c))?;
        self.point = match (self.point, weight) {
            (Some(p), Some(w)) => Some(p.checked_add(&Money::new(value, c).checked_mul(w)?)?),
            _ => None,
        };
        Ok(())
    }

    /// Value of products whose links are all full.
    #[must_use]
    pub fn lower(&self) -> Money {
        self.lower
    }

    /// Value weighted by coverage; `None` when a partial link has no
    /// weight.
    #[must_use]
    pub fn point(&self) -> Option<Money> {
        self.point
    }

    /// Value of products with any link.
    #[must_use]
    pub fn upper(&self) -> Money {
        self.upper
    }
}

/// The exposure share of the trade between an importer and an exporter
/// under a classification with full and partial links (DESIGN indicator
/// 4):
///
/// - lower bound = value of products whose links are all *full* / `M_ij`;
/// - upper bound = value of products with any link / `M_ij`;
/// - point estimate = sum of value times coverage weight / `M_ij`, where
///   a product's weight is 1 if any of its links is full, else the
///   largest weight of its partial links; `None` when a partial link
///   lacks a weight.
///
/// The bounds are the honest answer because correlation tables between
/// customs codes and control lists are loose (the NRI estimate that 42%
/// of Japan's 2024 imports from China fall in categories a dual-use ban
/// could reach is an upper-bound style figure). A product with a full
/// link and a partial one counts in the upper bound and, as a product
/// not linked *only* by full links, not in the lower one: the lower bound
/// stays conservative. So `lower <= point <= upper`.
///
/// Trade recorded at a coarser level than some links (a heading `2805`
/// when the links are on its subheading `280530`, as with data by HS4 or
/// HS2) contains linked goods and others in unknown proportion: it counts
/// toward the upper bound, never the lower, and leaves the point estimate
/// `None` unless a full link on a code containing it settles it.
///
/// The same bounds are given per category: there, a product counts for
/// the links to that category only, so categories overlap and their
/// values need not add up to the total.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
/// use tradedep::metrics::{Exposure, Link, ProductLinks};
///
/// let flow = |hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, "CHN".parse()?, Direction::Import, hs.parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     flow("280530", "20 USD")?, // full link: certainly exposed
///     flow("854110", "40 USD")?, // partial link, weight 0.25
///     flow("620342", "40 USD")?, // no link
/// ])?;
/// let mut links = ProductLinks::new();
/// links.add("2805".parse()?, "1C", Link::Full);
/// links.add_weighted("854110".parse()?, "3A", "0.25".parse()?)?;
/// let e = Exposure::between(&data, "JPN".parse()?, "CHN".parse()?, &Query::new(), &links)?;
/// assert_eq!(e.lower_share().unwrap().to_string(), "0.2");
/// assert_eq!(e.point_share().unwrap().to_string(), "0.3"); // (20 + 0.25 * 40) / 100
/// assert_eq!(e.upper_share().unwrap().to_string(), "0.6");
/// assert_eq!(e.category(&"3A").unwrap().upper().to_string(), "40 USD");
/// // What the upper bound is made of, the largest first.
/// let drivers: Vec<String> = e.upper_drivers().iter().map(|(p, v)| format!("{p} {v}")).collect();
/// assert_eq!(drivers, ["854110 40 USD", "280530 20 USD"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Exposure<C: Ord> {
    importer: Economy,
    exporter: Economy,
    total: Money,
    all: ExposureBounds,
    by_category: BTreeMap<C, ExposureBounds>,
    /// The value of each product in the upper bound.
    #[cfg_attr(
        feature = "serde",
        serde(default, with = "crate::model::serde_decimal::exact_map")
    )]
    linked: BTreeMap<HsCode, Decimal>,
}

impl<C: Ord + Clone> Exposure<C> {
    /// The exposure of `importer`'s imports from `exporter` in the flows
    /// `query` selects (its own importer and exporter filters are
    /// replaced).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does not fit.
    pub fn between(
        data: &TradeData,
        importer: Economy,
        exporter: Economy,
        query: &Query,
        links: &ProductLinks<C>,
    ) -> Result<Exposure<C>> {
        let q = query.clone().importer(importer).exporter(exporter);
        let c = data.currency();
        let mut by_product: BTreeMap<HsCode, Decimal> = BTreeMap::new();
        for r in data.candidates(&q)? {
            let slot = by_product.entry(r.product).or_insert(Decimal::ZERO);
            add_to(slot, r.value)?;
        }
        let mut total = Money::zero(c);
        let mut all = ExposureBounds::zero(c);
        let mut by_category: BTreeMap<C, ExposureBounds> = BTreeMap::new();
        let mut linked: BTreeMap<HsCode, Decimal> = BTreeMap::new();
        for (product, value) in by_product {
            total = total.checked_add(&Money::new(value, c))?;
            let found: Vec<&ProductLink<C>> = links.links_of(product).collect();
            // A product coarser than some links (a heading whose
            // subheadings are linked) contains linked goods and others:
            // it counts toward the upper bound, not the lower, and its
            // coverage is unknown.
            let within: Vec<&ProductLink<C>> = links.links_within(product).collect();
            if found.is_empty() && within.is_empty() {
                continue;
            }
            let judge = |found: &[&ProductLink<C>], within: bool| {
                let full = found.iter().any(|l| l.link() == Link::Full);
                let lower = !within && all_full(found.iter().copied());
                let w = if full {
                    Some(Decimal::ONE)
                } else if within {
                    None
                } else {
                    weight(found.iter().copied())
                };
                (lower, w)
            };
            let (lower, w) = judge(&found, !within.is_empty());
            all.add(value, lower, w)?;
            linked.insert(product, value);
            let mut cats: Vec<&C> = found
                .iter()
                .chain(within.iter())
                .map(|l| l.category())
                .collect();
            cats.sort();
            cats.dedup();
            for cat in cats {
                let mine: Vec<&ProductLink<C>> = found
                    .iter()
                    .copied()
                    .filter(|l| l.category() == cat)
                    .collect();
                let coarse = within.iter().any(|l| l.category() == cat);
                let (lower, w) = judge(&mine, coarse);
                by_category
                    .entry(cat.clone())
                    .or_insert_with(|| ExposureBounds::zero(c))
                    .add(value, lower, w)?;
            }
        }
        Ok(Exposure {
            importer,
            exporter,
            total,
            all,
            by_category,
            linked,
        })
    }

    /// The products that make up the upper bound, the largest first (ties
    /// by code), each with its value: where to look first when the upper
    /// bound is large, and what a finer classification would have to
    /// settle.
    #[must_use]
    pub fn upper_drivers(&self) -> Vec<(HsCode, Money)> {
        let c = self.total.currency();
        let mut out: Vec<(HsCode, Money)> = self
            .linked
            .iter()
            .map(|(p, v)| (*p, Money::new(*v, c)))
            .collect();
        out.sort_by(|a, b| b.1.amount().cmp(&a.1.amount()).then(a.0.cmp(&b.0)));
        out
    }

    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The exporter.
    #[must_use]
    pub fn exporter(&self) -> Economy {
        self.exporter
    }

    /// `M_ij`, all trade of the pair.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }

    /// The values over all categories.
    #[must_use]
    pub fn bounds(&self) -> &ExposureBounds {
        &self.all
    }

    /// Lower bound as a share of `M_ij`; `None` when `M_ij` is zero.
    #[must_use]
    pub fn lower_share(&self) -> Option<Share> {
        Share::ratio(self.all.lower.amount(), self.total.amount())
    }

    /// Point estimate as a share of `M_ij`; `None` when `M_ij` is zero or
    /// a weight is missing.
    #[must_use]
    pub fn point_share(&self) -> Option<Share> {
        Share::ratio(self.all.point?.amount(), self.total.amount())
    }

    /// Upper bound as a share of `M_ij`; `None` when `M_ij` is zero.
    #[must_use]
    pub fn upper_share(&self) -> Option<Share> {
        Share::ratio(self.all.upper.amount(), self.total.amount())
    }

    /// The values of one category; `None` when no traded product links
    /// to it.
    pub fn category(&self, category: &C) -> Option<&ExposureBounds> {
        self.by_category.get(category)
    }

    /// Every category with linked trade, in order.
    pub fn categories(&self) -> impl Iterator<Item = (&C, &ExposureBounds)> {
        self.by_category.iter()
    }
}

fn all_full<'a, C: 'a>(mut links: impl Iterator<Item = &'a ProductLink<C>>) -> bool {
    links.all(|l| l.link() == Link::Full)
}

fn weight<'a, C: 'a>(links: impl Iterator<Item = &'a ProductLink<C>>) -> Option<Decimal> {
    let mut best = Some(Decimal::ZERO);
    for l in links {
        if l.link() == Link::Full {
            return Some(Decimal::ONE);
        }
        best = match (best, l.weight()) {
            (Some(b), Some(w)) => Some(b.max(w)),
            _ => None,
        };
    }
    best
}

impl<C: Ord + Clone + fmt::Display> Table for Exposure<C> {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.total.currency())
    }

    fn header(&self) -> Vec<String> {
        let c = self.total.currency();
        vec![
            "category".into(),
            money_column("lower", c),
            money_column("point", c),
            money_column("upper", c),
            "lower_share".into(),
            "point_share".into(),
            "upper_share".into(),
        ]
    }

    fn len(&self) -> usize {
        self.by_category.len().saturating_add(1)
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let (name, b) = if i == 0 {
            ("all".to_string(), &self.all)
        } else {
            let (c, b) = self.by_category.iter().nth(i.checked_sub(1)?)?;
            (c.to_string(), b)
        };
        let t = self.total.amount();
        Some(vec![
            Cell::Text(name),
            Cell::Money(b.lower.amount()),
            Cell::money(b.point.map(|p| p.amount())),
            Cell::Money(b.upper.amount()),
            Cell::ratio(Share::ratio(b.lower.amount(), t).map(Share::value)),
            Cell::ratio(
                b.point
                    .and_then(|p| Share::ratio(p.amount(), t))
                    .map(Share::value),
            ),
            Cell::ratio(Share::ratio(b.upper.amount(), t).map(Share::value)),
        ])
    }
}
