//! Streaming builders: indicators computed while flows stream past, in
//! bounded memory, mergeable across threads (see
//! [`Reader::fold_path`](crate::Reader::fold_path)).

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use crate::classify::selector::ProductSelector;
use crate::data::store::economy_key;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::metrics::concentration::{ProductConcentrations, SupplierSums};
use crate::metrics::dense::{ProductMemo, ProductSlots};
use crate::metrics::exposure::{PairExposure, SelectorExposure};
use crate::model::economy::Economy;
use crate::model::flow::TradeFlow;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};

/// The currency of a builder: set by its first flow, the same for all.
fn same_currency(have: &mut Option<Currency>, flow: Currency) -> Result<()> {
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

/// Both builders' currencies agree (or one has none yet): the merged one.
fn merged_currency(a: Option<Currency>, b: Option<Currency>) -> Result<Option<Currency>> {
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
/// let e = first.merge(second)?.build();
/// let pair = e.get("JPN".parse()?, "CHN".parse()?).unwrap();
/// assert_eq!(pair.selected().to_string(), "80 USD");
/// assert_eq!(pair.share().unwrap().to_string(), "0.8");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SelectorExposureBuilder {
    selector: ProductSelector,
    memo: ProductMemo,
    currency: Option<Currency>,
    /// (value, selected) by importer and exporter table index.
    pairs: Vec<Option<(Decimal, Decimal)>>,
}

impl fmt::Debug for SelectorExposureBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelectorExposureBuilder")
            .field("selector", &self.selector)
            .field("currency", &self.currency)
            .field("pairs", &self.pairs.iter().flatten().count())
            .finish_non_exhaustive()
    }
}

fn pair_index(importer: Economy, exporter: Economy) -> usize {
    usize::from(importer.table_index())
        .saturating_mul(Economy::TABLE_LEN)
        .saturating_add(usize::from(exporter.table_index()))
}

impl SelectorExposure {
    /// A streaming builder of the exposure of every pair to `selector`.
    #[must_use]
    pub fn builder(selector: &ProductSelector) -> SelectorExposureBuilder {
        SelectorExposureBuilder {
            selector: selector.clone(),
            memo: ProductMemo::new(),
            currency: None,
            pairs: vec![None; Economy::TABLE_LEN.saturating_mul(Economy::TABLE_LEN)],
        }
    }
}

impl SelectorExposureBuilder {
    /// Adds one flow to its (importer, exporter) pair.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for a flow in another currency
    /// than the first; [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        same_currency(&mut self.currency, flow.value().currency())?;
        let v = flow.value().amount();
        let selector = &self.selector;
        let selected = self.memo.get(flow.product(), |p| selector.matches(p));
        if let Some(slot) = self
            .pairs
            .get_mut(pair_index(flow.importer(), flow.exporter()))
        {
            let (value, sel) = slot.get_or_insert((Decimal::ZERO, Decimal::ZERO));
            add_to(value, v)?;
            if selected {
                add_to(sel, v)?;
            }
        }
        Ok(())
    }

    /// The builder of both builders' flows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for builders in two currencies;
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn merge(mut self, other: SelectorExposureBuilder) -> Result<SelectorExposureBuilder> {
        self.currency = merged_currency(self.currency, other.currency)?;
        for (mine, theirs) in self.pairs.iter_mut().zip(other.pairs) {
            if let Some((v, s)) = theirs {
                let (value, sel) = mine.get_or_insert((Decimal::ZERO, Decimal::ZERO));
                add_to(value, v)?;
                add_to(sel, s)?;
            }
        }
        Ok(self)
    }

    /// The exposure, pairs by importer and exporter (USD when no flow
    /// was added).
    #[must_use]
    pub fn build(self) -> SelectorExposure {
        let currency = self.currency.unwrap_or(Currency::USD);
        let mut rows: Vec<PairExposure> = Economy::all()
            .flat_map(|importer| Economy::all().map(move |exporter| (importer, exporter)))
            .filter_map(|(importer, exporter)| {
                let (v, s) = self
                    .pairs
                    .get(pair_index(importer, exporter))
                    .copied()
                    .flatten()?;
                Some(PairExposure::new(
                    importer,
                    exporter,
                    Money::new(v, currency),
                    Money::new(s, currency),
                ))
            })
            .collect();
        rows.sort_by_key(|r| (r.importer(), r.exporter()));
        SelectorExposure::from_rows(self.selector, currency, rows)
    }
}

/// The suppliers of one (importer, product) market seen so far, in runs:
/// the first supplier's and the latest supplier's values stay open (a
/// piece of the input read before or after this one may continue them),
/// the others are final.
#[derive(Debug, Clone, Copy, Default)]
struct Runs {
    head: Option<(Economy, Decimal)>,
    tail: Option<(Economy, Decimal)>,
    done: SupplierSums,
}

/// Suppliers must arrive in [`economy_key`] order within a market.
fn order(a: Economy, b: Economy) -> Ordering {
    economy_key(a).cmp(&economy_key(b))
}

impl Runs {
    /// Adds `v` from supplier `e`; `Err(previous supplier)` when `e`
    /// comes before it.
    fn push(&mut self, e: Economy, v: Decimal) -> Result<std::result::Result<(), Economy>> {
        let last = match (&mut self.head, &mut self.tail) {
            (None, _) => {
                self.head = Some((e, v));
                return Ok(Ok(()));
            }
            (Some(_), Some(last)) | (Some(last), None) => last,
        };
        match order(e, last.0) {
            Ordering::Equal if e == last.0 => {
                add_to(&mut last.1, v)?;
                Ok(Ok(()))
            }
            Ordering::Less | Ordering::Equal => Ok(Err(last.0)),
            Ordering::Greater => {
                if let Some((te, tv)) = self.tail.take() {
                    self.done.commit(te, tv)?;
                }
                self.tail = Some((e, v));
                Ok(Ok(()))
            }
        }
    }

    /// These runs followed by `later`'s; `Err(supplier)` when `later`
    /// starts with a supplier that comes before this one's last.
    fn merge(mut self, later: Runs) -> Result<std::result::Result<Runs, Economy>> {
        let Some(first) = later.head else {
            return Ok(Ok(self));
        };
        let Some(last) = self.tail.or(self.head) else {
            return Ok(Ok(later));
        };
        let joined = match order(first.0, last.0) {
            Ordering::Equal if first.0 == last.0 => {
                let mut v = last.1;
                add_to(&mut v, first.1)?;
                Some((first.0, v))
            }
            Ordering::Less | Ordering::Equal => return Ok(Err(last.0)),
            Ordering::Greater => None,
        };
        match joined {
            // One supplier spans the cut.
            Some(run) if self.tail.is_none() => self.head = Some(run),
            Some(run) => {
                self.tail = None;
                if later.tail.is_some() {
                    self.done.commit(run.0, run.1)?;
                } else {
                    self.tail = Some(run);
                }
            }
            None => {
                if let Some((te, tv)) = self.tail.take() {
                    self.done.commit(te, tv)?;
                }
                if later.tail.is_some() {
                    self.done.commit(first.0, first.1)?;
                } else {
                    self.tail = Some(first);
                }
            }
        }
        self.done.absorb(&later.done)?;
        if later.tail.is_some() {
            self.tail = later.tail;
        }
        Ok(Ok(self))
    }

    /// Every supplier final.
    fn finish(mut self) -> Result<SupplierSums> {
        for (e, v) in [self.head, self.tail].into_iter().flatten() {
            self.done.commit(e, v)?;
        }
        Ok(self.done)
    }
}

/// Builds [`ProductConcentrations`] (supplier HHI per importer and
/// product) from flows one at a time, holding one small record per
/// (importer, product) market and none per flow.
///
/// Summing per supplier before squaring, as the HHI needs, without
/// keeping every supplier, asks one thing of the order of the flows:
/// within each (importer, product), each supplier's flows come together
/// and suppliers come in order of their trade code. CEPII BACI files,
/// sorted by exporter, importer and product, and a
/// [`TradeData`](crate::TradeData)'s own order satisfy it; a flow that
/// breaks it is an [`ErrorKind::Unordered`] error (read such input into
/// a `TradeData` and use [`ProductConcentrations::imports`]). Builders of
/// consecutive parts of the input [`merge`](Self::merge) exactly, so the
/// result never depends on how the input was cut.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, HsLevel, TradeFlow};
/// use tradedep::metrics::ProductConcentrations;
///
/// // Exports to Japan of one product, in BACI's order (by exporter).
/// let flow = |from: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(from.parse()?, "JPN".parse()?, Direction::Export, "850511".parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let mut first = ProductConcentrations::builder(HsLevel::Subheading);
/// first.push(&flow("CHN", "60 USD")?)?; // 156
/// first.push(&flow("DEU", "20 USD")?)?; // 276
/// let mut second = ProductConcentrations::builder(HsLevel::Subheading);
/// second.push(&flow("DEU", "10 USD")?)?; // Germany again, after the cut
/// second.push(&flow("VNM", "10 USD")?)?; // 704
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
    slots: ProductSlots,
    /// Markets by importer table index, then product slot.
    markets: Vec<Vec<Runs>>,
}

impl fmt::Debug for ProductConcentrationsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProductConcentrationsBuilder")
            .field("level", &self.level)
            .field("currency", &self.currency)
            .field("products", &self.slots.codes().len())
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
            slots: ProductSlots::new(),
            markets: vec![Vec::new(); Economy::TABLE_LEN],
        }
    }
}

fn unordered(importer: Economy, product: HsCode, supplier: Economy, after: Economy) -> Error {
    Error::new(ErrorKind::Unordered {
        reason: format!(
            "{importer}'s imports of {product} from {supplier} come after those from {after}: \
             stream each market's suppliers in order of trade code (as BACI files are sorted), \
             or read into TradeData and use ProductConcentrations::imports"
        ),
    })
}

impl ProductConcentrationsBuilder {
    /// Adds one flow to its importer's market for its product.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unordered`] for a supplier that comes out of order
    /// in its market; [`ErrorKind::CurrencyMismatch`] for a flow in
    /// another currency than the first; [`ErrorKind::Overflow`] when a
    /// sum does not fit.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        same_currency(&mut self.currency, flow.value().currency())?;
        let product = flow.product().truncate(self.level);
        let (slot, _) = self.slots.slot(product);
        let Some(markets) = self
            .markets
            .get_mut(usize::from(flow.importer().table_index()))
        else {
            return Ok(());
        };
        if markets.len() <= slot {
            markets.resize(slot.saturating_add(1), Runs::default());
        }
        if let Some(runs) = markets.get_mut(slot)
            && let Err(after) = runs.push(flow.exporter(), flow.value().amount())?
        {
            return Err(unordered(flow.importer(), product, flow.exporter(), after));
        }
        Ok(())
    }

    /// The builder of this builder's flows followed by `later`'s (the
    /// flows of the next part of the input).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unordered`] when `later`'s suppliers of a market
    /// start before this one's last; [`ErrorKind::CurrencyMismatch`]
    /// for builders in two currencies; [`ErrorKind::Overflow`] when a
    /// sum does not fit.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "merging consumes both builders, as the merge of Reader::fold_path does"
    )]
    pub fn merge(mut self, later: ProductConcentrationsBuilder) -> Result<Self> {
        if later.level != self.level {
            return Err(Error::new(ErrorKind::Parameter {
                name: "HS level",
                value: later.level.to_string(),
                expected: "builders of the same level",
            }));
        }
        self.currency = merged_currency(self.currency, later.currency)?;
        // Later's product slots, in this builder's numbering.
        let map: Vec<usize> = later
            .slots
            .codes()
            .iter()
            .map(|&code| self.slots.slot(code).0)
            .collect();
        for importer in Economy::all() {
            let i = usize::from(importer.table_index());
            let Some(theirs) = later.markets.get(i).filter(|m| !m.is_empty()) else {
                continue;
            };
            let Some(markets) = self.markets.get_mut(i) else {
                continue;
            };
            for (k, runs) in theirs.iter().enumerate() {
                if runs.head.is_none() {
                    continue;
                }
                let Some(&slot) = map.get(k) else { continue };
                if markets.len() <= slot {
                    markets.resize(slot.saturating_add(1), Runs::default());
                }
                if let Some(mine) = markets.get_mut(slot) {
                    match mine.merge(*runs)? {
                        Ok(merged) => *mine = merged,
                        Err(after) => {
                            let product = later.slots.codes().get(k).copied();
                            let supplier = runs.head.map(|h| h.0);
                            if let (Some(p), Some(s)) = (product, supplier) {
                                return Err(unordered(importer, p, s, after));
                            }
                        }
                    }
                }
            }
        }
        Ok(self)
    }

    /// The concentrations, rows by importer and product (USD when no
    /// flow was added).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn build(self) -> Result<ProductConcentrations> {
        let currency = self.currency.unwrap_or(Currency::USD);
        let codes = self.slots.codes();
        let mut rows = Vec::new();
        for importer in Economy::all() {
            let Some(markets) = self.markets.get(usize::from(importer.table_index())) else {
                continue;
            };
            for (runs, &product) in markets.iter().zip(codes) {
                rows.extend(runs.finish()?.row(importer, product, currency));
            }
        }
        rows.sort_by_key(|r| (r.importer(), r.product()));
        Ok(ProductConcentrations::from_rows(self.level, currency, rows))
    }
}
