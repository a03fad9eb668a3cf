//! Streaming builders: indicators computed while flows stream past, in
//! bounded memory, mergeable across threads (see
//! [`Reader::fold_path`](crate::Reader::fold_path)).

use std::fmt;

use rust_decimal::Decimal;

use crate::classify::selector::ProductSelector;
use crate::data::mix::Mix;
use crate::data::row::economy_key;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::dense::PairSums;
use crate::metrics::dense::ProductMemo;
use crate::metrics::exposure::{PairExposure, SelectorExposure};
use crate::metrics::markets::ImporterMarkets;
use crate::metrics::product_concentration::{ProductConcentration, ProductConcentrations};
use crate::model::economy::Economy;
use crate::model::flow::TradeFlow;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};

/// The currency of a builder: set by its first flow, the same for all.
#[inline]
pub(super) fn same_currency(have: &mut Option<Currency>, flow: Currency) -> Result<()> {
    match *have {
        None => {
            *have = Some(flow);
            Ok(())
        }
        Some(c) if c == flow => Ok(()),
        Some(c) => Err(Error::new(ErrorKind::CurrencyMismatch {
            op: "sum",
            left: c.to_string(),
            right: flow.to_string(),
        })),
    }
}

/// Does a streamed flow count, as a query over stored flows counts it?
/// Never a reported total (the World on either side), a breakdown of a
/// total (re-imports, re-exports, foreign imports, domestic exports) or
/// trade with an unspecified area, which is no supplier.
#[inline]
pub(super) fn counted(flow: &TradeFlow) -> bool {
    !flow.direction().is_breakdown()
        && flow.importer().is_attributed()
        && flow.exporter().is_attributed()
}

/// The levels and frequencies of each importer's flows: one economy's
/// trade at two levels of detail is refused, as a query refuses it.
#[derive(Debug, Clone, Default)]
pub(super) struct Mixes(Vec<Mix>);

impl Mixes {
    #[inline]
    pub(super) fn note(&mut self, flow: &TradeFlow) {
        if self.0.is_empty() {
            self.0 = vec![Mix::default(); Economy::TABLE_LEN];
        }
        if let Some(m) = self.0.get_mut(usize::from(flow.importer().table_index())) {
            m.note(flow.product().level(), flow.period().frequency());
        }
    }

    pub(super) fn merge(&mut self, other: &Mixes) {
        if self.0.is_empty() {
            self.0.clone_from(&other.0);
            return;
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a = a.merge(*b);
        }
    }

    pub(super) fn check(&self, fix_frequency: &'static str, fix_level: &'static str) -> Result<()> {
        self.0
            .iter()
            .try_for_each(|m| m.check(fix_frequency, fix_level))
    }
}

pub(super) const FIX_FREQUENCY: &str = "stream the flows of one frequency";
pub(super) const FIX_LEVEL: &str = "stream the flows of one HS level (Reader::hs_level)";

/// Both builders' currencies agree (or one has none yet): the merged one.
pub(super) fn merged_currency(
    a: Option<Currency>,
    b: Option<Currency>,
) -> Result<Option<Currency>> {
    let mut c = a;
    if let Some(b) = b {
        same_currency(&mut c, b)?;
    }
    Ok(c)
}

/// Builds a [`SelectorExposure`] from flows one at a time: each pair's
/// trade and the part of it `selector` selects, with memory for the
/// pairs only (a few megabytes), never for the flows.
///
/// The result equals [`SelectorExposure::by_pair`] over a
/// [`TradeData`](crate::TradeData) holding the same flows, whatever
/// their order, and builders of parts of the flows
/// [`merge`](Self::merge) exactly.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, ProductSelector, TradeFlow};
/// use tradedep::metrics::SelectorExposure;
///
/// let flow = |hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, "CHN".parse()?, Direction::Import, hs.parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let dual_use: ProductSelector = "2805, 8541".parse()?;
/// let mut first = SelectorExposure::builder(&dual_use);
/// first.push(&flow("280530", "30 USD")?)?;
/// let mut second = SelectorExposure::builder(&dual_use);
/// second.push(&flow("854110", "50 USD")?)?;
/// second.push(&flow("620342", "20 USD")?)?;
/// let e = first.merge(second)?.build()?;
/// let pair = e.get("JPN".parse()?, "CHN".parse()?).unwrap();
/// assert_eq!(pair.selected().to_string(), "80 USD");
/// assert_eq!(pair.share().unwrap().to_string(), "0.8");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SelectorExposureBuilder {
    selector: ProductSelector,
    memo: ProductMemo,
    currency: Option<Currency>,
    /// (value, selected) by importer and exporter.
    pairs: PairSums,
    /// Levels and frequencies seen, by importer table index.
    mix: Mixes,
}

impl fmt::Debug for SelectorExposureBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelectorExposureBuilder")
            .field("selector", &self.selector)
            .field("currency", &self.currency)
            .finish_non_exhaustive()
    }
}

impl SelectorExposure {
    /// A streaming builder of the exposure of every pair to `selector`.
    #[must_use]
    pub fn builder(selector: &ProductSelector) -> SelectorExposureBuilder {
        SelectorExposureBuilder {
            selector: selector.clone(),
            memo: ProductMemo::new(),
            currency: None,
            pairs: PairSums::new(),
            mix: Mixes::default(),
        }
    }
}

impl SelectorExposureBuilder {
    /// Adds one flow to its (importer, exporter) pair. Flows that a
    /// [`Query`](crate::Query) would not count are passed over: reported
    /// totals (the World), breakdowns (re-exports, ...) and trade with
    /// unspecified areas.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for a flow in another currency
    /// than the first; [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        same_currency(&mut self.currency, flow.value().currency())?;
        if !counted(flow) {
            return Ok(());
        }
        self.mix.note(flow);
        let v = flow.value().amount();
        let selector = &self.selector;
        let selected = self.memo.get(flow.product(), |p| selector.matches(p));
        self.pairs.add(
            PairSums::index(flow.importer(), flow.exporter()),
            v,
            selected,
        )
    }

    /// The builder of both builders' flows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for builders in two currencies;
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn merge(mut self, other: SelectorExposureBuilder) -> Result<SelectorExposureBuilder> {
        self.currency = merged_currency(self.currency, other.currency)?;
        self.mix.merge(&other.mix);
        self.pairs.merge(other.pairs)?;
        Ok(self)
    }

    /// The exposure, pairs by importer and exporter (USD when no flow
    /// was added).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`] when the flows are at two frequencies or
    /// two HS levels, which would count the same trade twice;
    /// [`ErrorKind::Inexact`] when a pair's exact sum needs more than 28
    /// significant digits (in any order of the flows: sums are kept in
    /// 256 bits until then).
    pub fn build(self) -> Result<SelectorExposure> {
        self.mix.check(FIX_FREQUENCY, FIX_LEVEL)?;
        let currency = self.currency.unwrap_or(Currency::USD);
        let mut rows: Vec<PairExposure> = Vec::new();
        for importer in Economy::all() {
            for exporter in Economy::all() {
                let Some((v, s)) = self.pairs.get(PairSums::index(importer, exporter))? else {
                    continue;
                };
                rows.push(PairExposure::new(
                    importer,
                    exporter,
                    Money::new(v, currency),
                    Money::new(s, currency),
                ));
            }
        }
        rows.sort_by_key(|r| (r.importer(), r.exporter()));
        Ok(SelectorExposure::from_rows(self.selector, currency, rows))
    }
}

/// One flow as the concentration builder keeps it: 16 bytes. A value
/// that is a whole number below 2^64 (as trade values in dollars are) is
/// kept as it is; any other goes to the builder's list of exact values,
/// which `value` then indexes.
#[derive(Debug, Clone, Copy)]
struct Kept {
    value: u64,
    product: HsCode,
    exporter: Economy,
    /// `value` indexes the exact values.
    exact: bool,
}

impl Kept {
    /// The flow's value.
    #[inline]
    fn value(self, exact: &[Decimal]) -> Result<Decimal> {
        if self.exact {
            usize::try_from(self.value)
                .ok()
                .and_then(|i| exact.get(i).copied())
                .ok_or_else(|| {
                    Error::new(ErrorKind::Io(std::io::Error::other(
                        "a kept value lost its exact form",
                    )))
                })
        } else {
            Ok(Decimal::from(self.value))
        }
    }
}

/// `d` as a whole number of at most 64 bits, where it is one with no
/// decimal places (so that `Decimal::from` gives it back, scale included).
#[inline]
fn whole_u64(d: Decimal) -> Option<u64> {
    if d.scale() == 0 && !d.is_sign_negative() {
        u64::try_from(d.mantissa()).ok()
    } else {
        None
    }
}

/// Builds [`ProductConcentrations`] (supplier HHI per importer and
/// product) from flows one at a time, for [`Reader::fold_path`] and
/// other streams.
///
/// The HHI needs each supplier's value summed before it is squared, so
/// the builder keeps each flow's exporter, product and value, 16 bytes a
/// flow (about 180 MB for a BACI year, a third of what a
/// [`TradeData`](crate::TradeData) needs), grouped by importer as they
/// arrive; [`build`](Self::build) then sums each importer's markets in
/// turn, in cache, on every core. Flows may come in any order: an
/// importer's flows that are not already in exporter order (BACI's
/// order) are sorted once, stably. Builders of consecutive parts of the
/// input [`merge`](Self::merge) in order, and the result equals
/// [`ProductConcentrations::imports`] over the same flows exactly.
///
/// [`Reader::fold_path`]: crate::Reader::fold_path
///
/// # Example
///
/// ```
/// use tradedep::{Direction, HsLevel, TradeFlow};
/// use tradedep::metrics::ProductConcentrations;
///
/// // Exports to Japan of one product.
/// let flow = |from: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(from.parse()?, "JPN".parse()?, Direction::Export, "850511".parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let mut first = ProductConcentrations::builder(HsLevel::Subheading);
/// first.push(&flow("CHN", "60 USD")?)?;
/// first.push(&flow("DEU", "20 USD")?)?;
/// let mut second = ProductConcentrations::builder(HsLevel::Subheading);
/// second.push(&flow("VNM", "10 USD")?)?;
/// second.push(&flow("DEU", "10 USD")?)?; // Germany again, out of order
/// let c = first.merge(second)?.build()?;
/// let row = &c.rows()[0];
/// // Shares 0.6, 0.3, 0.1: HHI 0.36 + 0.09 + 0.01.
/// assert_eq!(row.hhi().unwrap().to_string(), "0.46");
/// assert_eq!(row.suppliers(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ProductConcentrationsBuilder {
    level: HsLevel,
    currency: Option<Currency>,
    /// Flows by importer table index, in arrival order: this builder's,
    /// then those of the builders merged into it.
    flows: Vec<Vec<Vec<Kept>>>,
    /// Values that are not whole numbers below 2^64, which kept flows
    /// index.
    exact: Vec<Decimal>,
    threads: usize,
    /// Levels and frequencies seen, by importer table index.
    mix: Mixes,
}

impl fmt::Debug for ProductConcentrationsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProductConcentrationsBuilder")
            .field("level", &self.level)
            .field("currency", &self.currency)
            .field(
                "flows",
                &self.flows.iter().flatten().map(Vec::len).sum::<usize>(),
            )
            .finish_non_exhaustive()
    }
}

impl ProductConcentrations {
    /// A streaming builder of the supplier concentration of each
    /// importer in each product at `level`.
    #[must_use]
    pub fn builder(level: HsLevel) -> ProductConcentrationsBuilder {
        ProductConcentrationsBuilder {
            level,
            currency: None,
            flows: vec![vec![Vec::new()]; Economy::TABLE_LEN],
            exact: Vec::new(),
            threads: std::thread::available_parallelism().map_or(1, usize::from),
            mix: Mixes::default(),
        }
    }
}

impl ProductConcentrationsBuilder {
    /// Builds on up to `n` threads (the default is the machine's
    /// available parallelism); the result does not depend on it.
    #[must_use]
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n.max(1);
        self
    }

    /// Adds one flow to its importer's flows; flows that a
    /// [`Query`](crate::Query) would not count are passed over, as by
    /// [`SelectorExposureBuilder::push`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for a flow in another currency
    /// than the first.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        same_currency(&mut self.currency, flow.value().currency())?;
        if !counted(flow) {
            return Ok(());
        }
        self.mix.note(flow);
        if let Some(kept) = self
            .flows
            .get_mut(usize::from(flow.importer().table_index()))
            .and_then(|segments| segments.last_mut())
        {
            let amount = flow.value().amount();
            let (value, exact) = if let Some(v) = whole_u64(amount) {
                (v, false)
            } else {
                self.exact.push(amount);
                (self.exact.len().saturating_sub(1) as u64, true)
            };
            kept.push(Kept {
                value,
                product: flow.product(),
                exporter: flow.exporter(),
                exact,
            });
        }
        Ok(())
    }

    /// The builder of this builder's flows followed by `later`'s (the
    /// flows of the next part of the input).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for builders of two HS levels;
    /// [`ErrorKind::CurrencyMismatch`] for builders in two currencies.
    pub fn merge(mut self, later: ProductConcentrationsBuilder) -> Result<Self> {
        if later.level != self.level {
            return Err(Error::new(ErrorKind::Parameter {
                name: "HS level",
                value: later.level.to_string(),
                expected: "builders of the same level",
            }));
        }
        self.currency = merged_currency(self.currency, later.currency)?;
        self.mix.merge(&later.mix);
        // Later's exact values follow this builder's: its flows' indexes
        // move up by as many (a pass only where it has any).
        let offset = self.exact.len() as u64;
        let mut later_flows = later.flows;
        if !later.exact.is_empty() && offset > 0 {
            for k in later_flows.iter_mut().flatten().flatten() {
                if k.exact {
                    k.value = k.value.saturating_add(offset);
                }
            }
        }
        self.exact.extend(later.exact);
        // Later's flows follow, as segments: nothing is copied.
        for (mine, theirs) in self.flows.iter_mut().zip(later_flows) {
            mine.extend(theirs.into_iter().filter(|s| !s.is_empty()));
        }
        Ok(self)
    }

    /// The concentrations, rows by importer and product (USD when no
    /// flow was added).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum does not fit;
    /// [`ErrorKind::Overlap`] when the flows are at two frequencies or
    /// two HS levels.
    pub fn build(self) -> Result<ProductConcentrations> {
        self.mix.check(FIX_FREQUENCY, FIX_LEVEL)?;
        let currency = self.currency.unwrap_or(Currency::USD);
        let level = self.level;
        let mut importers: Vec<(Economy, Vec<Vec<Kept>>)> = Economy::all()
            .filter_map(|e| {
                let kept = self.flows.get(usize::from(e.table_index()))?;
                kept.iter().any(|s| !s.is_empty()).then_some(e)
            })
            .map(|e| (e, Vec::new()))
            .collect();
        let mut flows = self.flows;
        for (e, kept) in &mut importers {
            if let Some(k) = flows.get_mut(usize::from(e.table_index())) {
                *kept = std::mem::take(k);
            }
        }
        drop(flows);
        // Share the importers between threads by their number of flows.
        let size = |k: &Vec<Vec<Kept>>| k.iter().map(Vec::len).sum::<usize>();
        let total = importers.iter().map(|(_, k)| size(k)).sum::<usize>();
        let parts = self.threads.min(importers.len()).max(1);
        let mut groups: Vec<Vec<(Economy, Vec<Vec<Kept>>)>> =
            (0..parts).map(|_| Vec::new()).collect();
        let mut done = 0usize;
        for (e, kept) in importers {
            let part = done
                .saturating_mul(parts)
                .checked_div(total)
                .unwrap_or(0)
                .min(parts.saturating_sub(1));
            done = done.saturating_add(size(&kept));
            if let Some(g) = groups.get_mut(part) {
                g.push((e, kept));
            }
        }
        let exact = self.exact.as_slice();
        let results: Vec<Result<Vec<ProductConcentration>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .into_iter()
                .map(|group| scope.spawn(move || importer_rows(group, exact, level, currency)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::new(ErrorKind::Io(std::io::Error::other(
                            "a thread building concentrations stopped",
                        ))))
                    })
                })
                .collect()
        });
        let mut rows = Vec::new();
        for r in results {
            rows.append(&mut r?);
        }
        rows.sort_by_key(|r| (r.importer(), r.product()));
        Ok(ProductConcentrations::from_rows(level, currency, rows))
    }
}

/// The rows of some importers: each importer's flows put in exporter
/// order (stably, only where they are not), then summed market by
/// market.
fn importer_rows(
    group: Vec<(Economy, Vec<Vec<Kept>>)>,
    exact: &[Decimal],
    level: HsLevel,
    currency: Currency,
) -> Result<Vec<ProductConcentration>> {
    let mut markets = ImporterMarkets::new(level);
    let mut rows = Vec::new();
    for (importer, segments) in group {
        let key = |k: &Kept| economy_key(k.exporter);
        let add = |markets: &mut ImporterMarkets, k: &Kept| {
            if k.exact {
                markets.add(k.product, k.exporter, k.value(exact)?)
            } else {
                markets.add_whole(k.product, k.exporter, k.value)
            }
        };
        if segments.iter().flatten().is_sorted_by_key(key) {
            for k in segments.iter().flatten() {
                add(&mut markets, k)?;
            }
        } else {
            let mut all: Vec<Kept> = segments.into_iter().flatten().collect();
            all.sort_by_key(key);
            for k in &all {
                add(&mut markets, k)?;
            }
        }
        markets.finish(importer, currency, &mut rows)?;
    }
    Ok(rows)
}
