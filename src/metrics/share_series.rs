//! Each partner's share of each economy's trade, year by year, for
//! every pair: [`PartnerShareSeries`].

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::stream::{
    FIX_FREQUENCY, FIX_LEVEL, Mixes, counted, merged_currency, same_currency,
};
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::Share;
use crate::model::economy::Economy;
use crate::model::flow::{Side, TradeFlow};
use crate::model::money::{Currency, Money};
use crate::model::sum::Sum;

/// One pair in one year of a [`PartnerShareSeries`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PairYear {
    economy: Economy,
    partner: Economy,
    year: i32,
    value: Money,
    share: Option<Share>,
}

impl PairYear {
    /// The economy whose trade is shared out.
    #[must_use]
    pub fn economy(&self) -> Economy {
        self.economy
    }

    /// The partner.
    #[must_use]
    pub fn partner(&self) -> Economy {
        self.partner
    }

    /// The calendar year.
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The trade between them that year.
    #[must_use]
    pub fn value(&self) -> Money {
        self.value
    }

    /// The partner's share of the economy's trade with all its partners
    /// that year; `None` where that total is zero.
    #[must_use]
    pub fn share(&self) -> Option<Share> {
        self.share
    }
}

/// Each partner's share of each economy's imports (or exports), year by
/// year, for every pair: `share(e, p, t) = x(e, p, t) / Σ_q x(e, q, t)`,
/// the sum over the partners the flows attribute (the World and areas
/// not elsewhere specified are no partner, as in [`PartnerShares`] with
/// its default denominator), each year from the flows of that calendar
/// year (of any frequency). Rows by economy, partner and year; a pair's
/// years are those with trade between them.
///
/// From loaded data ([`imports`](Self::imports),
/// [`exports`](Self::exports)) in one pass, or streamed from a panel of
/// any size with [`builder`](Self::builder) (memory for the pairs and
/// years only).
///
/// [`PartnerShares`]: crate::metrics::PartnerShares
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
/// use tradedep::metrics::PartnerShareSeries;
///
/// let f = |exp: &str, y: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
///                    y.parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     f("CHN", "2023", "60 USD")?, f("USA", "2023", "40 USD")?,
///     f("CHN", "2024", "75 USD")?, f("USA", "2024", "25 USD")?,
/// ])?;
/// let series = PartnerShareSeries::imports(&data, &Query::new())?;
/// let china: Vec<String> = series
///     .of("JPN".parse()?, "CHN".parse()?)
///     .iter()
///     .map(|y| format!("{} {}", y.year(), y.share().unwrap()))
///     .collect();
/// assert_eq!(china, ["2023 0.6", "2024 0.75"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PartnerShareSeries {
    side: Side,
    currency: Currency,
    rows: Vec<PairYear>,
}

/// One pair's sums, by year.
type Years = Vec<(i32, Sum)>;

/// Sums per (economy, partner), each by year.
type PairYears = HashMap<(Economy, Economy), Years>;

/// Adds `v` to `year`'s sum of a pair.
fn add_in(years: &mut Years, year: i32, v: Decimal) -> Result<()> {
    if let Some((_, s)) = years.iter_mut().find(|(y, _)| *y == year) {
        return s.add(v);
    }
    let mut s = Sum::default();
    s.add(v)?;
    years.push((year, s));
    Ok(())
}

impl PartnerShareSeries {
    /// The series of each partner's share of each economy's imports, over
    /// the flows `query` selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) where an
    /// importer's flows of one year mix frequencies or HS levels (an
    /// economy may report years, then months);
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum
    /// does not fit.
    pub fn imports(data: &TradeData, query: &Query) -> Result<PartnerShareSeries> {
        Self::of_data(data, query, Side::Importer)
    }

    /// The same of each economy's exports.
    ///
    /// # Errors
    ///
    /// As [`imports`](Self::imports).
    pub fn exports(data: &TradeData, query: &Query) -> Result<PartnerShareSeries> {
        Self::of_data(data, query, Side::Exporter)
    }

    fn of_data(data: &TradeData, query: &Query, side: Side) -> Result<PartnerShareSeries> {
        let mut sums = PairYears::new();
        // Rows come pair by pair (by importer, or by exporter through the
        // exporter index): the pair's entry is looked up once a run.
        let rows = match side {
            Side::Importer => data.candidates_by_year(query, false)?,
            Side::Exporter => data.candidates_by_year(query, true)?,
        };
        let mut run: Option<((Economy, Economy), Years)> = None;
        for r in rows {
            let key = match side {
                Side::Importer => (r.importer, r.exporter),
                Side::Exporter => (r.exporter, r.importer),
            };
            if run.as_ref().is_none_or(|(k, _)| *k != key) {
                if let Some((k, years)) = run.take() {
                    for (y, s) in years {
                        add_sum(&mut sums, k, y, s)?;
                    }
                }
                run = Some((key, Vec::new()));
            }
            if let Some((_, years)) = &mut run {
                add_in(years, r.period.year(), r.value)?;
            }
        }
        if let Some((k, years)) = run {
            for (y, s) in years {
                add_sum(&mut sums, k, y, s)?;
            }
        }
        finish(side, data.currency(), sums)
    }

    /// A streaming builder of the series of `side` (imports by importer,
    /// or exports by exporter), for flows of any years in any order.
    #[must_use]
    pub fn builder(side: Side) -> PartnerShareSeriesBuilder {
        PartnerShareSeriesBuilder {
            side,
            currency: None,
            sums: PairYears::new(),
            mix: Mixes::default(),
        }
    }

    /// Every row, by economy, partner and year.
    #[must_use]
    pub fn rows(&self) -> &[PairYear] {
        &self.rows
    }

    /// The series of one pair, oldest year first.
    #[must_use]
    pub fn of(&self, economy: Economy, partner: Economy) -> &[PairYear] {
        let key = (economy, partner);
        let from = self.rows.partition_point(|r| (r.economy, r.partner) < key);
        let to = self.rows.partition_point(|r| (r.economy, r.partner) <= key);
        self.rows.get(from..to).unwrap_or_default()
    }

    /// Whose trade is shared out: importers' imports or exporters'
    /// exports.
    #[must_use]
    pub fn side(&self) -> Side {
        self.side
    }
}

fn add_sum(sums: &mut PairYears, key: (Economy, Economy), year: i32, s: Sum) -> Result<()> {
    let years = sums.entry(key).or_default();
    if let Some((_, mine)) = years.iter_mut().find(|(y, _)| *y == year) {
        return mine.merge(s);
    }
    years.push((year, s));
    Ok(())
}

/// The rows of the sums: each economy's attributed partners, their
/// totals by year, and the shares.
fn finish(side: Side, currency: Currency, sums: PairYears) -> Result<PartnerShareSeries> {
    let mut totals: HashMap<(Economy, i32), Sum> = HashMap::new();
    let mut cells: Vec<(Economy, Economy, i32, Decimal)> = Vec::new();
    for ((economy, partner), years) in sums {
        if !economy.is_attributed() || !partner.is_attributed() {
            continue;
        }
        for (year, s) in years {
            let v = s.value()?;
            totals.entry((economy, year)).or_default().add(v)?;
            cells.push((economy, partner, year, v));
        }
    }
    let totals: HashMap<(Economy, i32), Decimal> = totals
        .into_iter()
        .map(|(k, s)| s.value().map(|v| (k, v)))
        .collect::<Result<_>>()?;
    cells.sort_unstable_by_key(|(e, p, y, _)| (*e, *p, *y));
    let rows = cells
        .into_iter()
        .map(|(economy, partner, year, v)| PairYear {
            economy,
            partner,
            year,
            value: Money::new(v, currency),
            share: totals
                .get(&(economy, year))
                .and_then(|t| Share::ratio(v, *t)),
        })
        .collect();
    Ok(PartnerShareSeries {
        side,
        currency,
        rows,
    })
}

/// Builds a [`PartnerShareSeries`] from flows one at a time: see
/// [`PartnerShareSeries::builder`]. Builders of parts of the flows
/// [`merge`](Self::merge) in any order; the result equals
/// [`PartnerShareSeries::imports`] (or `exports`) over the same flows.
pub struct PartnerShareSeriesBuilder {
    side: Side,
    currency: Option<Currency>,
    sums: PairYears,
    /// Levels and frequencies seen, by importer.
    mix: Mixes,
}

impl fmt::Debug for PartnerShareSeriesBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerShareSeriesBuilder")
            .field("side", &self.side)
            .field("currency", &self.currency)
            .field("pairs", &self.sums.len())
            .finish_non_exhaustive()
    }
}

impl PartnerShareSeriesBuilder {
    /// Adds one flow; breakdown flows (re-imports, re-exports, ...) are
    /// passed over, as a [`Query`] passes them over.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`](crate::ErrorKind::CurrencyMismatch)
    /// for a flow in another currency than the first.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        same_currency(&mut self.currency, flow.value().currency())?;
        if flow.direction().is_breakdown() {
            return Ok(());
        }
        if counted(flow) {
            self.mix.note(flow);
        }
        let key = match self.side {
            Side::Importer => (flow.importer(), flow.exporter()),
            Side::Exporter => (flow.exporter(), flow.importer()),
        };
        add_in(
            self.sums.entry(key).or_default(),
            flow.period().year(),
            flow.value().amount(),
        )
    }

    /// The builder of both builders' flows.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`](crate::ErrorKind::CurrencyMismatch)
    /// for builders in two currencies.
    pub fn merge(mut self, other: PartnerShareSeriesBuilder) -> Result<Self> {
        self.currency = merged_currency(self.currency, other.currency)?;
        self.mix.merge(&other.mix);
        for (k, years) in other.sums {
            for (y, s) in years {
                add_sum(&mut self.sums, k, y, s)?;
            }
        }
        Ok(self)
    }

    /// The series (USD when no flow was added).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) when an
    /// importer's flows are at two frequencies or two HS levels (a year
    /// and its months, a chapter and its subheadings: the same trade
    /// twice); [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) or
    /// [`ErrorKind::Inexact`](crate::ErrorKind::Inexact) when a total
    /// does not fit.
    pub fn build(self) -> Result<PartnerShareSeries> {
        self.mix.check(FIX_FREQUENCY, FIX_LEVEL)?;
        finish(self.side, self.currency.unwrap_or(Currency::USD), self.sums)
    }
}

impl Table for PartnerShareSeries {
    fn currency(&self) -> Option<Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        vec![
            "economy".into(),
            "partner".into(),
            "year".into(),
            money_column("value", self.currency),
            "share".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.economy),
            Cell::text(r.partner),
            Cell::Count(u64::try_from(r.year).unwrap_or(0)),
            Cell::Money(r.value.amount()),
            Cell::ratio(r.share.map(Share::value)),
        ])
    }
}
