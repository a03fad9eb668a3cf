//! The in-memory trade data store and its queries.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use crate::data::builder::TradeDataBuilder;
use crate::data::mix::Mix;
use crate::data::query::Query;
use crate::data::row::{Row, bucket_starts, economy_key};
use crate::error::Result;
use crate::model::economy::Economy;
use crate::model::flow::TradeFlow;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money, exact_add};
use crate::model::period::{Frequency, Period};

/// A collection of trade flows in one currency, indexed for fast queries.
///
/// Build it from any iterator of flows ([`TradeData::from_flows`]) or read
/// it from a file ([`Reader`](crate::Reader)). Flows are stored in 48
/// bytes each, sorted by importer, exporter (both in UN Comtrade / BACI
/// numeric-code order), product and period, with an
/// index by exporter (4 bytes a flow): a BACI year of 11 million flows
/// takes about 570 MB. Building it sorts the rows by importer out of
/// place where they do not come in that order (BACI's come by exporter):
/// for a moment the rows are held twice, about 1.1 GB for that year.
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
    /// The HS levels and frequencies present.
    mix: Mix,
    /// The HS editions present: bit 0 for codes without one, bits 1 to 7
    /// for HS1992 to HS2022.
    pub(crate) editions: u8,
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
    /// [`ErrorKind::CurrencyMismatch`](crate::ErrorKind::CurrencyMismatch) when flows are in two currencies.
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
    pub(super) fn index(currency: Currency, rows: Vec<Row>) -> TradeData {
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
        let mut mix = Mix::default();
        let mut editions = 0u8;
        for r in &rows {
            mix.note(r.product.level(), r.period.frequency());
            editions |= crate::data::editions::edition_bit(r.product);
        }
        TradeData {
            currency,
            rows,
            importers,
            by_exporter,
            exporters,
            mix,
            editions,
        }
    }

    /// The HS levels of the data's products, coarsest first.
    #[must_use]
    pub fn hs_levels(&self) -> Vec<HsLevel> {
        self.mix.levels()
    }

    /// The frequencies of the data's periods, shortest first.
    #[must_use]
    pub fn frequencies(&self) -> Vec<Frequency> {
        self.mix.frequencies()
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

    /// The stored rows of `range` (in storage order: by importer, then
    /// exporter, product and period); empty when out of range.
    pub(crate) fn rows_in(&self, range: Range<usize>) -> &[Row] {
        self.rows.get(range).unwrap_or_default()
    }

    /// Up to `parts` ranges of rows, in order, each of whole importers,
    /// of about equal size: for work shared among threads.
    pub(crate) fn importer_ranges(&self, parts: usize) -> Vec<Range<usize>> {
        let len = self.rows.len();
        let want = len.div_ceil(parts.max(1)).max(1);
        let mut out = Vec::new();
        let mut start = 0usize;
        for (_, at) in &self.importers {
            let at = *at as usize;
            if at.saturating_sub(start) >= want {
                out.push(start..at);
                start = at;
            }
        }
        if start < len || out.is_empty() {
            out.push(start..len);
        }
        out
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
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) when the rows mix frequencies or HS levels
    /// that the query did not choose between: they would count the same
    /// trade twice.
    pub(crate) fn candidates<'a>(
        &'a self,
        q: &'a Query,
    ) -> Result<Box<dyn Iterator<Item = &'a Row> + 'a>> {
        self.check_overlap(q)?;
        Ok(self.scan(q))
    }

    /// Refuses a query whose rows of one importer mix frequencies or HS
    /// levels: one economy's trade described twice (a year and its
    /// months, a chapter and its subheadings). Importers may differ (one
    /// reporting quarters, another years). Data of one frequency and one
    /// level (the usual case) needs no pass.
    fn check_overlap(&self, q: &Query) -> Result<()> {
        self.check_overlap_in(q, false)
    }

    /// As [`check_overlap`](Self::check_overlap), but each importer's
    /// years apart (for indicators computed year by year: an economy that
    /// reports years, then months, counts each year once).
    fn check_overlap_in(&self, q: &Query, by_year: bool) -> Result<()> {
        self.check_editions(q)?;
        let (levels, frequencies) = (q.hs_level.is_none(), q.frequency.is_none());
        if !self.mix.only(levels, frequencies).is_mixed() {
            return Ok(());
        }
        let check = |mix: &Mix| {
            mix.only(levels, frequencies).check(
                "pick one with Query::frequency",
                "pick one with Query::hs_level",
            )
        };
        // One importer's mixes, by year where asked (all in one otherwise).
        let mut current: Option<(Economy, Vec<(i32, Mix)>)> = None;
        for r in self.scan(q) {
            let year = if by_year { r.period.year() } else { 0 };
            if current.as_ref().is_none_or(|(e, _)| *e != r.importer) {
                if let Some((_, mixes)) = current.take() {
                    mixes.iter().try_for_each(|(_, m)| check(m))?;
                }
                current = Some((r.importer, Vec::new()));
            }
            if let Some((_, mixes)) = &mut current {
                if !mixes.iter().any(|(y, _)| *y == year) {
                    mixes.push((year, Mix::default()));
                }
                if let Some((_, mix)) = mixes.iter_mut().find(|(y, _)| *y == year) {
                    mix.note(r.product.level(), r.period.frequency());
                }
            }
        }
        current.map_or(Ok(()), |(_, mixes)| {
            mixes.iter().try_for_each(|(_, m)| check(m))
        })
    }

    /// The rows a query selects, as [`candidates`](Self::candidates), for
    /// indicators computed year by year: frequencies and HS levels are
    /// checked within each importer's year, not across its years.
    ///
    /// # Errors
    ///
    /// As [`candidates`](Self::candidates), year by year.
    pub(crate) fn candidates_by_year<'a>(
        &'a self,
        q: &'a Query,
        by_exporter: bool,
    ) -> Result<Box<dyn Iterator<Item = &'a Row> + 'a>> {
        self.check_overlap_in(q, true)?;
        Ok(if by_exporter {
            self.exporter_order(q)
        } else {
            self.scan(q)
        })
    }

    /// The rows a query selects, as [`candidates`](Self::candidates),
    /// but grouped by exporter (in the exporter index's order, by
    /// importer within an exporter) where the query names no importer:
    /// for sums per exporter and product, whose cells then stay in cache.
    ///
    /// # Errors
    ///
    /// As [`candidates`](Self::candidates).
    pub(crate) fn candidates_by_exporter<'a>(
        &'a self,
        q: &'a Query,
    ) -> Result<Box<dyn Iterator<Item = &'a Row> + 'a>> {
        self.check_overlap(q)?;
        Ok(self.exporter_order(q))
    }

    /// The rows of `q` in exporter order where it names no importer.
    fn exporter_order<'a>(&'a self, q: &'a Query) -> Box<dyn Iterator<Item = &'a Row> + 'a> {
        if q.importer.is_some() || q.exporter.is_some() {
            return self.scan(q);
        }
        Box::new(
            self.by_exporter
                .iter()
                .filter_map(move |&i| self.rows.get(i as usize))
                .filter(move |r| q.matches(r)),
        )
    }

    pub(crate) fn scan<'a>(&'a self, q: &'a Query) -> Box<dyn Iterator<Item = &'a Row> + 'a> {
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
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) when they mix frequencies or HS levels the
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
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the sum does not fit a `Decimal`;
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) as for [`select`](Self::select).
    pub fn total(&self, query: &Query) -> Result<Money> {
        let mut sum = Decimal::ZERO;
        for r in self.candidates(query)? {
            sum = exact_add(sum, r.value, "total")?;
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
            *slot = exact_add(*slot, r.value, "total")?;
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
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does not fit a `Decimal`.
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
    use crate::model::flow::Direction;

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
}
