//! Time series of trade values: growth, index, "highest since".

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::table::{Cell, Table, money_column};
use crate::model::money::{Currency, Money};
use crate::model::period::{Frequency, Period};

/// A series of values by period, all of one frequency (monthly,
/// quarterly or annual) and one currency, with the time-series
/// indicators of DESIGN indicator 7:
///
/// - growth over the previous period, `V_t / V_(t-1) - 1`
///   ([`growth`](Self::growth)), and over the same period a year before
///   ([`year_on_year`](Self::year_on_year));
/// - cumulative growth `V_t / V_s - 1` ([`cumulative`](Self::cumulative))
///   and an index with base 100 ([`index`](Self::index));
/// - "highest since" ([`highest_since`](Self::highest_since)): the latest
///   earlier period whose value is at least the current one, as in "China's
///   imports from Japan in December 2025 were the highest since September
///   2022".
///
/// Periods absent from the series are unknown, not zero: growth over a
/// missing or zero value is `None`, and "highest since" looks only at the
/// periods present (with months missing, the answer is the latest *known*
/// month at least as high).
///
/// # Example
///
/// ```
/// use tradedep::metrics::{HighestSince, Series};
///
/// let m = |p: &str, v: &str| -> Result<_, tradedep::Error> { Ok((p.parse()?, v.parse()?)) };
/// let s = Series::new([
///     m("2025-01", "100 USD")?,
///     m("2025-02", "120 USD")?,
///     m("2025-03", "90 USD")?,
///     m("2025-04", "110 USD")?,
/// ])?;
/// assert_eq!(s.growth("2025-02".parse()?).unwrap().to_string(), "0.2");
/// assert_eq!(s.cumulative("2025-01".parse()?, "2025-04".parse()?).unwrap().to_string(), "0.1");
/// // 110 is the highest since February (120), the latest month at least as high.
/// assert_eq!(s.highest_since("2025-04".parse()?), Some(HighestSince::Period("2025-02".parse()?)));
/// assert_eq!(s.highest_since("2025-02".parse()?), Some(HighestSince::Start));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Series {
    currency: Currency,
    frequency: Frequency,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_map")
    )]
    points: BTreeMap<Period, Decimal>,
}

/// The answer to "highest since when?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum HighestSince {
    /// The latest earlier period with a value at least as high.
    Period(Period),
    /// No earlier period is as high: the highest since the series starts.
    Start,
}

impl Series {
    /// A series from (period, value) points.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Series`] for no points, two frequencies or a period
    /// given twice; [`ErrorKind::CurrencyMismatch`] for two currencies.
    pub fn new<I>(points: I) -> Result<Series>
    where
        I: IntoIterator<Item = (Period, Money)>,
    {
        let mut out: Option<Series> = None;
        for (p, m) in points {
            let s = out.get_or_insert_with(|| Series {
                currency: m.currency(),
                frequency: p.frequency(),
                points: BTreeMap::new(),
            });
            Money::zero(s.currency).same_currency(&m, "combine in one series")?;
            if p.frequency() != s.frequency {
                return Err(series_error(format!(
                    "period {p} is {} but the series is {}: build one series per frequency",
                    p.frequency(),
                    s.frequency
                )));
            }
            if s.points.insert(p, m.amount()).is_some() {
                return Err(series_error(format!("period {p} is given twice")));
            }
        }
        out.ok_or_else(|| series_error("no points: a series needs at least one".into()))
    }

    /// The totals by period of the flows `query` selects, keeping periods
    /// of `frequency` (a monthly series from data that also holds annual
    /// totals, say).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Series`] when no selected flow has a period of that
    /// frequency; [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn from_data(data: &TradeData, query: &Query, frequency: Frequency) -> Result<Series> {
        let query = query.clone().frequency(frequency);
        let totals = data.totals_by_period(&query)?;
        Series::new(totals).map_err(|_| series_error(format!("no flows match {query}")))
    }

    /// The frequency of every period.
    #[must_use]
    pub fn frequency(&self) -> Frequency {
        self.frequency
    }

    /// Every (period, value), in order.
    pub fn points(&self) -> impl Iterator<Item = (Period, Money)> + '_ {
        self.points
            .iter()
            .map(|(p, v)| (*p, Money::new(*v, self.currency)))
    }

    /// The value of `period`, if known.
    #[must_use]
    pub fn value(&self, period: Period) -> Option<Money> {
        self.points
            .get(&period)
            .map(|v| Money::new(*v, self.currency))
    }

    fn change(&self, from: Option<Period>, to: Period) -> Option<Decimal> {
        let base = *self.points.get(&from?)?;
        let now = *self.points.get(&to)?;
        if base.is_zero() {
            return None;
        }
        now.checked_div(base)
            .and_then(|r| r.checked_sub(Decimal::ONE))
            .map(|d| d.normalize())
    }

    /// Growth over the previous period, `V_t / V_(t-1) - 1`; `None` when
    /// either value is missing or the previous one is zero.
    #[must_use]
    pub fn growth(&self, period: Period) -> Option<Decimal> {
        self.change(period.previous(), period)
    }

    /// Growth over the same period a year before (for an annual series,
    /// the previous year); `None` as for [`growth`](Self::growth).
    #[must_use]
    pub fn year_on_year(&self, period: Period) -> Option<Decimal> {
        self.change(period.year_before(), period)
    }

    /// Cumulative growth from `from` to `to`, `V_to / V_from - 1`.
    #[must_use]
    pub fn cumulative(&self, from: Period, to: Period) -> Option<Decimal> {
        self.change(Some(from), to)
    }

    /// The series as an index, `100 * V_t / V_base`; `None` when the base
    /// period's value is missing or zero.
    #[must_use]
    pub fn index(&self, base: Period) -> Option<Vec<(Period, Decimal)>> {
        let b = *self.points.get(&base)?;
        if b.is_zero() {
            return None;
        }
        self.points
            .iter()
            .map(|(p, v)| {
                let x = v.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(b)?;
                Some((*p, x.normalize()))
            })
            .collect()
    }

    /// The latest period before `period` whose value is at least
    /// `period`'s, or [`HighestSince::Start`] when there is none; `None`
    /// when `period` is not in the series.
    #[must_use]
    pub fn highest_since(&self, period: Period) -> Option<HighestSince> {
        let now = *self.points.get(&period)?;
        Some(
            self.points
                .range(..period)
                .rev()
                .find(|(_, v)| **v >= now)
                .map_or(HighestSince::Start, |(p, _)| HighestSince::Period(*p)),
        )
    }
}

fn series_error(reason: String) -> Error {
    Error::new(ErrorKind::Series { reason })
}

impl fmt::Display for HighestSince {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HighestSince::Period(p) => write!(f, "{p}"),
            HighestSince::Start => f.write_str("start"),
        }
    }
}

impl Table for Series {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        vec![
            "period".into(),
            money_column("value", self.currency),
            "growth".into(),
            "year_on_year".into(),
            "highest_since".into(),
        ]
    }

    fn len(&self) -> usize {
        self.points.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let (p, v) = self.points.iter().nth(i)?;
        Some(vec![
            Cell::text(p),
            Cell::Money(*v),
            Cell::ratio(self.growth(*p)),
            Cell::ratio(self.year_on_year(*p)),
            self.highest_since(*p).map_or(Cell::Missing, Cell::text),
        ])
    }
}
