//! The in-memory trade data store and its queries.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::flow::{Direction, Provenance, TradeFlow, Valuation};
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money, overflow};
use crate::model::period::{Frequency, Period};
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

    fn to_flow(self, currency: Currency) -> TradeFlow {
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

    fn sort_key(&self) -> u128 {
        let k = (u64::from(economy_key(self.importer)) << 48)
            | (u64::from(economy_key(self.exporter)) << 32)
            | u64::from(self.product.padded_digits() << 4 | level_key(self.product));
        (u128::from(k) << 64) | (u128::from(self.period.order_key()) << 8) | u128::from(self.flags)
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
const ECONOMY_KEYS: usize = 1000;

fn level_key(p: HsCode) -> u32 {
    u32::from(p.level().digits() / 2)
}

/// Where each economy's bucket starts in a counting sort by economy.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "row ids and counts of rows, at most u32::MAX (TradeDataBuilder::push refuses more)"
)]
fn bucket_starts(economies: impl Iterator<Item = Economy>) -> Vec<usize> {
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

/// Sorts rows by importer, exporter, product, period and flags, in place.
///
/// A stable counting sort by importer first: each row's destination is
/// computed in one pass (4 bytes a row) and the permutation is applied
/// in place by following its cycles, so sorting needs no second copy of
/// the rows. Then each importer's rows are sorted only if they are not
/// already in order: files sorted by exporter, importer and product, as
/// BACI is, need no comparison sort at all.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "row ids and counts of rows, at most u32::MAX (TradeDataBuilder::push refuses more)"
)]
fn sort_rows(mut rows: Vec<Row>) -> Vec<Row> {
    rows.shrink_to_fit();
    let starts = bucket_starts(rows.iter().map(|r| r.importer));
    if !rows.is_sorted_by_key(|r| economy_key(r.importer)) {
        let mut next = starts.clone();
        let mut dest: Vec<u32> = rows
            .iter()
            .map(|r| {
                next.get_mut(usize::from(economy_key(r.importer)))
                    .map_or(0, |n| {
                        let d = *n as u32;
                        *n += 1;
                        d
                    })
            })
            .collect();
        for i in 0..rows.len() {
            // Each swap puts one row in its final place: at most n swaps.
            loop {
                let d = dest.get(i).map_or(i, |&d| d as usize);
                if d == i || d >= rows.len() {
                    break;
                }
                rows.swap(i, d);
                dest.swap(i, d);
            }
        }
    }
    for w in starts.windows(2) {
        if let [a, b] = *w
            && let Some(bucket) = rows.get_mut(a..b)
            && !bucket.is_sorted_by(|a, b| {
                a.sort_key()
                    .cmp(&b.sort_key())
                    .then_with(|| a.tie_cmp(b))
                    .is_le()
            })
        {
            bucket.sort_by_cached_key(Row::sort_key);
            for run in bucket.chunk_by_mut(|a, b| a.sort_key() == b.sort_key()) {
                run.sort_by(Row::tie_cmp);
            }
        }
    }
    rows
}

/// A collection of trade flows in one currency, indexed for fast queries.
///
/// Build it from any iterator of flows ([`TradeData::from_flows`]) or read
/// it from a file ([`Reader`](crate::Reader)). Flows are stored in 48
/// bytes each, sorted by importer, exporter (both in UN Comtrade / BACI
/// numeric-code order), product and period, with an
/// index by exporter (4 bytes a flow): a BACI year of 11 million flows
/// takes about 570 MB, and building it needs 4 bytes a flow more (rows are
/// sorted in place).
///
/// Queries by importer, importer and exporter, and importer, exporter and
/// product are binary searches; queries by exporter use the exporter
/// index; other filters scan the candidates.
///
/// All values are in one currency ([`currency`](TradeData::currency));
/// mixing currencies is an error when the data is built, never a silent
/// conversion. Data that holds both sides of mirror statistics counts
/// the same goods twice in totals unless queries filter by
/// [`Query::direction`] or [`Query::provenance`].
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
///
/// let flow = |exp: &str, hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, exp.parse()?, Direction::Import, hs.parse()?,
///                    "2025".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     flow("CHN", "854110", "300 USD")?,
///     flow("CHN", "280530", "100 USD")?,
///     flow("USA", "854110", "200 USD")?,
/// ])?;
/// let jpn = "JPN".parse()?;
/// assert_eq!(data.total(&Query::new().importer(jpn))?.to_string(), "600 USD");
/// assert_eq!(data.total(&Query::new().exporter("CHN".parse()?).product("85".parse()?))?.to_string(), "300 USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct TradeData {
    currency: Currency,
    rows: Vec<Row>,
    importers: Vec<(Economy, u32)>,
    by_exporter: Vec<u32>,
    exporters: Vec<(Economy, u32)>,
    /// The HS levels and frequencies present, one bit each.
    levels: u8,
    frequencies: u8,
}

pub(crate) const LEVELS: [HsLevel; 4] = [
    HsLevel::Total,
    HsLevel::Chapter,
    HsLevel::Heading,
    HsLevel::Subheading,
];
pub(crate) const FREQUENCIES: [Frequency; 3] =
    [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual];

pub(crate) fn level_bit(l: HsLevel) -> u8 {
    1 << (l.digits() / 2)
}

pub(crate) fn frequency_bit(f: Frequency) -> u8 {
    match f {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 2,
        Frequency::Annual => 4,
    }
}

/// The HS levels and frequencies of a set of flows, one bit each, to
/// refuse sums that would count one trade at two levels of detail.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mix {
    levels: u8,
    frequencies: u8,
}

impl Mix {
    #[inline]
    pub(crate) fn note(&mut self, level: HsLevel, frequency: Frequency) {
        self.levels |= level_bit(level);
        self.frequencies |= frequency_bit(frequency);
    }

    pub(crate) fn merge(self, other: Mix) -> Mix {
        Mix {
            levels: self.levels | other.levels,
            frequencies: self.frequencies | other.frequencies,
        }
    }

    /// [`ErrorKind::Overlap`] when the flows are at two frequencies or two
    /// HS levels, with the fix to suggest for each.
    pub(crate) fn check(self, fix_frequency: &'static str, fix_level: &'static str) -> Result<()> {
        if let Some((first, second)) = first_two(self.frequencies, &FREQUENCIES, frequency_bit) {
            return Err(Error::new(ErrorKind::Overlap {
                what: "frequencies",
                first,
                second,
                fix: fix_frequency,
            }));
        }
        if let Some((first, second)) = first_two(self.levels, &LEVELS, level_bit) {
            return Err(Error::new(ErrorKind::Overlap {
                what: "HS levels",
                first,
                second,
                fix: fix_level,
            }));
        }
        Ok(())
    }
}

/// The names of the first two set bits of `mask`, from `all`.
fn first_two<T: Copy + std::fmt::Display>(
    mask: u8,
    all: &[T],
    bit: impl Fn(T) -> u8,
) -> Option<(String, String)> {
    let mut it = all.iter().filter(|x| mask & bit(**x) != 0);
    Some((it.next()?.to_string(), it.next()?.to_string()))
}

impl Default for TradeData {
    fn default() -> Self {
        TradeData::empty(Currency::USD)
    }
}

impl PartialEq for TradeData {
    /// Equal when both hold the same flows in the same currency.
    fn eq(&self, other: &Self) -> bool {
        self.currency == other.currency
            && self.rows.len() == other.rows.len()
            && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

/// Builds a [`TradeData`] one flow at a time.
#[derive(Debug, Clone, Default)]
pub struct TradeDataBuilder {
    currency: Option<Currency>,
    rows: Vec<Row>,
}

impl TradeDataBuilder {
    /// An empty builder; the currency is the first flow's.
    #[must_use]
    pub fn new() -> TradeDataBuilder {
        TradeDataBuilder::default()
    }

    /// An empty builder for values in `currency`.
    #[must_use]
    pub fn with_currency(currency: Currency) -> TradeDataBuilder {
        TradeDataBuilder {
            currency: Some(currency),
            rows: Vec::new(),
        }
    }

    /// Reserves room for `n` more flows.
    pub fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
    }

    /// Adds a flow.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] when its currency is not the data's.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        let c = flow.value().currency();
        match self.currency {
            None => self.currency = Some(c),
            Some(d) if d != c => {
                return Err(Error::new(ErrorKind::CurrencyMismatch {
                    op: "store",
                    left: d.to_string(),
                    right: c.to_string(),
                }));
            }
            Some(_) => {}
        }
        if self.rows.len() >= u32::MAX as usize {
            // Row ids are 32-bit: four billion flows (192 GB) is the limit.
            return Err(overflow("store more than 4,294,967,295 flows"));
        }
        self.rows.push(Row::from_flow(flow));
        Ok(())
    }

    /// The number of flows added so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no flow was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Sorts and indexes the flows.
    #[must_use]
    pub fn build(self) -> TradeData {
        let rows = sort_rows(self.rows);
        TradeData::index(self.currency.unwrap_or(Currency::USD), rows)
    }
}

impl TradeData {
    /// No flows, values in `currency`.
    #[must_use]
    pub fn empty(currency: Currency) -> TradeData {
        TradeData::index(currency, Vec::new())
    }

    /// Data from any collection of flows; the currency is the first
    /// flow's (USD when there is none).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] when flows are in two currencies.
    pub fn from_flows<I>(flows: I) -> Result<TradeData>
    where
        I: IntoIterator,
        I::Item: std::borrow::Borrow<TradeFlow>,
    {
        let mut b = TradeDataBuilder::new();
        for f in flows {
            b.push(std::borrow::Borrow::borrow(&f))?;
        }
        Ok(b.build())
    }

    #[expect(
        clippy::arithmetic_side_effects,
        reason = "row ids and counts of rows, at most u32::MAX (TradeDataBuilder::push refuses more)"
    )]
    fn index(currency: Currency, rows: Vec<Row>) -> TradeData {
        let mut importers: Vec<(Economy, u32)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if importers.last().is_none_or(|(e, _)| *e != r.importer) {
                importers.push((r.importer, i as u32));
            }
        }
        // A stable counting sort of row ids by exporter: within an
        // exporter, ids stay in importer order.
        let mut starts = bucket_starts(rows.iter().map(|r| r.exporter));
        let mut by_exporter: Vec<u32> = vec![0; rows.len()];
        for (i, r) in rows.iter().enumerate() {
            if let Some(next) = starts.get_mut(usize::from(economy_key(r.exporter)))
                && let Some(slot) = by_exporter.get_mut(*next)
            {
                *slot = i as u32;
                *next += 1;
            }
        }
        let mut exporters: Vec<(Economy, u32)> = Vec::new();
        for (pos, &i) in by_exporter.iter().enumerate() {
            if let Some(r) = rows.get(i as usize)
                && exporters.last().is_none_or(|(e, _)| *e != r.exporter)
            {
                exporters.push((r.exporter, pos as u32));
            }
        }
        let (mut levels, mut frequencies) = (0u8, 0u8);
        for r in &rows {
            levels |= level_bit(r.product.level());
            frequencies |= frequency_bit(r.period.frequency());
        }
        TradeData {
            currency,
            rows,
            importers,
            by_exporter,
            exporters,
            levels,
            frequencies,
        }
    }

    /// The HS levels of the data's products, coarsest first.
    #[must_use]
    pub fn hs_levels(&self) -> Vec<HsLevel> {
        LEVELS
            .into_iter()
            .filter(|l| self.levels & level_bit(*l) != 0)
            .collect()
    }

    /// The frequencies of the data's periods, shortest first.
    #[must_use]
    pub fn frequencies(&self) -> Vec<Frequency> {
        FREQUENCIES
            .into_iter()
            .filter(|f| self.frequencies & frequency_bit(*f) != 0)
            .collect()
    }

    /// The currency of every value.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The number of flows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there are no flows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every flow, sorted by importer, exporter (both by numeric trade
    /// code), product and period.
    pub fn iter(&self) -> impl Iterator<Item = TradeFlow> + '_ {
        let c = self.currency;
        self.rows.iter().map(move |r| r.to_flow(c))
    }

    #[expect(
        clippy::arithmetic_side_effects,
        reason = "a position within `index`, below its length"
    )]
    fn range_of(index: &[(Economy, u32)], len: usize, e: Economy) -> Range<usize> {
        match index.iter().position(|(x, _)| *x == e) {
            Some(i) => {
                let start = index.get(i).map_or(0, |x| x.1 as usize);
                let end = index.get(i + 1).map_or(len, |x| x.1 as usize);
                start..end
            }
            None => 0..0,
        }
    }

    /// The rows a query selects, always grouped by importer in storage
    /// order (by importer, then exporter, product and period), which the
    /// indicators rely on to merge split flows in one pass.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`] when the rows mix frequencies or HS levels
    /// that the query did not choose between: they would count the same
    /// trade twice.
    pub(crate) fn candidates<'a>(
        &'a self,
        q: &'a Query,
    ) -> Result<Box<dyn Iterator<Item = &'a Row> + 'a>> {
        self.check_overlap(q)?;
        Ok(self.scan(q))
    }

    /// Refuses a query whose rows mix frequencies or HS levels. Data of
    /// one frequency and one level (the usual case) needs no pass.
    fn check_overlap(&self, q: &Query) -> Result<()> {
        let check_f = q.frequency.is_none() && self.frequencies.count_ones() > 1;
        let check_l = q.hs_level.is_none() && self.levels.count_ones() > 1;
        if !check_f && !check_l {
            return Ok(());
        }
        let mut mix = Mix::default();
        for r in self.scan(q) {
            mix.note(r.product.level(), r.period.frequency());
        }
        if !check_f {
            mix.frequencies = 0;
        }
        if !check_l {
            mix.levels = 0;
        }
        mix.check(
            "pick one with Query::frequency",
            "pick one with Query::hs_level",
        )
    }

    fn scan<'a>(&'a self, q: &'a Query) -> Box<dyn Iterator<Item = &'a Row> + 'a> {
        if let Some(imp) = q.importer {
            let range = Self::range_of(&self.importers, self.rows.len(), imp);
            let mut slice = self.rows.get(range).unwrap_or(&[]);
            if let Some(exp) = q.exporter {
                let k = economy_key(exp);
                let a = slice.partition_point(|r| economy_key(r.exporter) < k);
                let b = slice.partition_point(|r| economy_key(r.exporter) <= k);
                slice = slice.get(a..b).unwrap_or(&[]);
                if let Some(p) = q.product {
                    let (lo, hi) = p.padded_range();
                    let a = slice.partition_point(|r| r.product.padded_digits() < lo);
                    let b = slice.partition_point(|r| r.product.padded_digits() <= hi);
                    slice = slice.get(a..b).unwrap_or(&[]);
                }
            }
            return Box::new(slice.iter().filter(move |r| q.matches(r)));
        }
        if let Some(exp) = q.exporter {
            let range = Self::range_of(&self.exporters, self.by_exporter.len(), exp);
            let ids = self.by_exporter.get(range).unwrap_or(&[]);
            return Box::new(
                ids.iter()
                    .filter_map(move |&i| self.rows.get(i as usize))
                    .filter(move |r| q.matches(r)),
            );
        }
        Box::new(self.rows.iter().filter(move |r| q.matches(r)))
    }

    /// The flows a query selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`] when they mix frequencies or HS levels the
    /// query did not choose between (see [`Query`]).
    pub fn select<'a>(&'a self, query: &'a Query) -> Result<impl Iterator<Item = TradeFlow> + 'a> {
        let c = self.currency;
        Ok(self.candidates(query)?.map(move |r| r.to_flow(c)))
    }

    /// The number of flows a query selects.
    ///
    /// # Errors
    ///
    /// As [`select`](Self::select).
    pub fn count(&self, query: &Query) -> Result<usize> {
        Ok(self.candidates(query)?.count())
    }

    /// The total value of the flows a query selects; zero when it selects
    /// none. Aggregates are never added to their parts (see [`Query`]):
    /// the World's rows count only in a query that names the World.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when the sum does not fit a `Decimal`;
    /// [`ErrorKind::Overlap`] as for [`select`](Self::select).
    pub fn total(&self, query: &Query) -> Result<Money> {
        let mut sum = Decimal::ZERO;
        for r in self.candidates(query)? {
            sum = sum.checked_add(r.value).ok_or_else(|| overflow("total"))?;
        }
        Ok(Money::new(sum, self.currency))
    }

    fn totals_by<K: Ord>(
        &self,
        query: &Query,
        key: impl Fn(&Row) -> K,
    ) -> Result<BTreeMap<K, Money>> {
        let mut out: BTreeMap<K, Decimal> = BTreeMap::new();
        for r in self.candidates(query)? {
            let slot = out.entry(key(r)).or_insert(Decimal::ZERO);
            *slot = slot.checked_add(r.value).ok_or_else(|| overflow("total"))?;
        }
        Ok(out
            .into_iter()
            .map(|(k, v)| (k, Money::new(v, self.currency)))
            .collect())
    }

    /// Total value by importer of the flows a query selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum does not fit a `Decimal`.
    pub fn totals_by_importer(&self, query: &Query) -> Result<BTreeMap<Economy, Money>> {
        self.totals_by(query, |r| r.importer)
    }

    /// Total value by exporter of the flows a query selects.
    ///
    /// # Errors
    ///
    /// As [`totals_by_importer`](Self::totals_by_importer).
    pub fn totals_by_exporter(&self, query: &Query) -> Result<BTreeMap<Economy, Money>> {
        self.totals_by(query, |r| r.exporter)
    }

    /// Total value by (importer, exporter) pair of the flows a query
    /// selects.
    ///
    /// # Errors
    ///
    /// As [`totals_by_importer`](Self::totals_by_importer).
    pub fn totals_by_pair(&self, query: &Query) -> Result<BTreeMap<(Economy, Economy), Money>> {
        self.totals_by(query, |r| (r.importer, r.exporter))
    }

    /// Total value by product at `level` (aggregating up the HS tree: at
    /// [`HsLevel::Chapter`], every subheading adds to its chapter). Codes
    /// coarser than `level` keep their own code; codes of two editions
    /// are two keys (`HS2022:850511` and `850511`).
    ///
    /// # Errors
    ///
    /// As [`totals_by_importer`](Self::totals_by_importer).
    pub fn totals_by_product(
        &self,
        query: &Query,
        level: HsLevel,
    ) -> Result<BTreeMap<HsCode, Money>> {
        self.totals_by(query, |r| r.product.truncate(level))
    }

    /// Total value by period of the flows a query selects.
    ///
    /// # Errors
    ///
    /// As [`totals_by_importer`](Self::totals_by_importer).
    pub fn totals_by_period(&self, query: &Query) -> Result<BTreeMap<Period, Money>> {
        self.totals_by(query, |r| r.period)
    }

    /// Every importer, in alpha-3 order.
    #[must_use]
    pub fn importers(&self) -> Vec<Economy> {
        let mut v: Vec<Economy> = self.importers.iter().map(|x| x.0).collect();
        v.sort_by_key(|e| e.alpha3());
        v
    }

    /// Every exporter, in alpha-3 order.
    #[must_use]
    pub fn exporters(&self) -> Vec<Economy> {
        let mut v: Vec<Economy> = self.exporters.iter().map(|x| x.0).collect();
        v.sort_by_key(|e| e.alpha3());
        v
    }

    /// Every product code, in order.
    #[must_use]
    pub fn products(&self) -> Vec<HsCode> {
        let mut v: Vec<HsCode> = self.rows.iter().map(|r| r.product).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Every period, in order.
    #[must_use]
    pub fn periods(&self) -> Vec<Period> {
        let mut v: Vec<Period> = self.rows.iter().map(|r| r.period).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Bytes of memory the store holds (rows and indexes), for capacity
    /// planning.
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        let index = self
            .importers
            .capacity()
            .saturating_add(self.exporters.capacity());
        self.rows
            .capacity()
            .saturating_mul(std::mem::size_of::<Row>())
            .saturating_add(self.by_exporter.capacity().saturating_mul(4))
            .saturating_add(index.saturating_mul(std::mem::size_of::<(Economy, u32)>()))
    }
}

impl<'a> IntoIterator for &'a TradeData {
    type Item = TradeFlow;
    type IntoIter = Box<dyn Iterator<Item = TradeFlow> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_48_bytes() {
        assert_eq!(std::mem::size_of::<Row>(), 48);
    }

    #[test]
    fn resident_memory_is_under_60_bytes_a_flow() {
        // 48 bytes a row and 4 of exporter index, plus two small indexes.
        let codes = [32u16, 152, 156, 392, 842, 276];
        let mut b = TradeDataBuilder::new();
        for n in 0..10_000u32 {
            let imp = Economy::from_trade_code(codes[(n % 6) as usize]).unwrap();
            let exp = Economy::from_trade_code(codes[((n / 6) % 6) as usize]).unwrap();
            let product = HsCode::new(10_000 + n, HsLevel::Subheading).unwrap();
            let value = Money::new(Decimal::new(i64::from(n), 3), Currency::USD);
            let flow = TradeFlow::new(
                imp,
                exp,
                Direction::Import,
                product,
                Period::annual(2024).unwrap(),
                value,
            )
            .unwrap();
            b.push(&flow).unwrap();
        }
        let data = b.build();
        assert_eq!(data.len(), 10_000);
        let per_row = data.memory_bytes() / data.len();
        assert!(per_row <= 60, "{per_row} bytes a flow");
        assert_eq!(per_row, 52);
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
