//! Trade data converted as a whole to one currency, with a report of the
//! rates used.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::data::builder::TradeDataBuilder;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::flow::TradeFlow;
use crate::model::money::{Currency, Money, overflow};
use crate::model::period::{Frequency, Period};
use crate::model::rates::ExchangeRates;

/// Which rate a flow is converted at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RatePeriod {
    /// The rate of the flow's own period (a month's for a monthly flow),
    /// or an error naming the rate missing.
    #[default]
    Exact,
    /// The rate of the flow's own period where the table has one, else
    /// the annual rate of its year (a monthly flow at the year's average
    /// rate); an error where neither is there. The report counts the
    /// flows converted so.
    AnnualWhereMissing,
}

/// One rate a conversion used, with the flows converted at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateUse {
    period: Period,
    rate: Decimal,
    flows: u64,
    fallback: u64,
}

impl RateUse {
    /// The period of the rate (a year for an annual rate).
    #[must_use]
    pub fn period(&self) -> Period {
        self.period
    }

    /// The rate: units of the target currency per unit of the data's.
    #[must_use]
    pub fn rate(&self) -> Decimal {
        self.rate
    }

    /// Flows converted at it.
    #[must_use]
    pub fn flows(&self) -> u64 {
        self.flows
    }

    /// Of those, flows of a shorter period converted at this annual rate
    /// ([`RatePeriod::AnnualWhereMissing`]).
    #[must_use]
    pub fn fallback(&self) -> u64 {
        self.fallback
    }
}

/// What [`TradeData::convert`] did: from and to which currency, and
/// every rate it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionReport {
    from: Currency,
    to: Currency,
    rates: Vec<RateUse>,
}

impl ConversionReport {
    /// The data's currency before.
    #[must_use]
    pub fn from(&self) -> Currency {
        self.from
    }

    /// The currency after.
    #[must_use]
    pub fn to(&self) -> Currency {
        self.to
    }

    /// Every rate used, by period.
    #[must_use]
    pub fn rates(&self) -> &[RateUse] {
        &self.rates
    }

    /// Flows converted at their year's rate for want of their own
    /// period's.
    #[must_use]
    pub fn fallbacks(&self) -> u64 {
        self.rates
            .iter()
            .fold(0u64, |n, r| n.saturating_add(r.fallback))
    }
}

impl fmt::Display for ConversionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            return write!(f, "already in {}: nothing converted", self.to);
        }
        write!(f, "{} to {} at", self.from, self.to)?;
        for (i, r) in self.rates.iter().enumerate() {
            let sep = if i == 0 { " " } else { "; " };
            write!(f, "{sep}{} {} ({} flows", r.period, r.rate, r.flows)?;
            if r.fallback > 0 {
                write!(f, ", {} of a shorter period", r.fallback)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl TradeData {
    /// The same flows in `to`, each value times the rate of its period
    /// from `rates` ([`RatePeriod`] says which period's), quantities,
    /// valuation and provenance as they are; and a report of the rates
    /// used.
    ///
    /// Each converted value is value times rate, rounded half to even at
    /// [`CONVERTED_EXTRA_PLACES`] more decimal places than the value has
    /// (at most 28): a converted value is no more exact than its rate, an
    /// average, and a rate used the other way is `1 / r` to 28 digits
    /// ([`ExchangeRates::rate`]). Sums of converted values are exact sums
    /// of those. Data already in `to` comes back unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Currency, Direction, ExchangeRates, RatePeriod, TradeData, TradeFlow};
    ///
    /// let flow = |period: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
    ///     TradeFlow::new("JPN".parse()?, "CHN".parse()?, Direction::Import, "850511".parse()?,
    ///                    period.parse()?, v.parse()?)
    /// };
    /// let data = TradeData::from_flows([flow("2024-01", "1514800 JPY")?, flow("2024-02", "151480 JPY")?])?;
    /// // Only an annual rate for 2024: 151.48 yen a dollar.
    /// let fx = ExchangeRates::read_csv("from,to,period,rate\nUSD,JPY,2024,151.48\n".as_bytes())?;
    /// assert!(data.convert(Currency::USD, &fx, RatePeriod::Exact).is_err());
    /// let (usd, report) = data.convert(Currency::USD, &fx, RatePeriod::AnnualWhereMissing)?;
    /// assert_eq!(usd.currency(), Currency::USD);
    /// assert_eq!(usd.total(&tradedep::Query::new())?.to_string(), "11000.000000 USD");
    /// assert_eq!(report.fallbacks(), 2);
    /// assert_eq!(report.to_string(), "JPY to USD at 2024 0.0066015315553208344335885926 (2 flows, 2 of a shorter period)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingRate`] naming the currencies and the period
    /// where the table has no rate; [`ErrorKind::Overflow`] where a
    /// product does not fit or would be rounded.
    pub fn convert(
        &self,
        to: Currency,
        rates: &ExchangeRates,
        policy: RatePeriod,
    ) -> Result<(TradeData, ConversionReport)> {
        let from = self.currency();
        let mut used: BTreeMap<Period, RateUse> = BTreeMap::new();
        if from == to {
            return Ok((
                self.clone(),
                ConversionReport {
                    from,
                    to,
                    rates: Vec::new(),
                },
            ));
        }
        let mut out = TradeDataBuilder::with_currency(to);
        out.reserve(self.len());
        for flow in self.iter() {
            let (rate, period, fallback) = rate_for(rates, from, to, flow.period(), policy)?;
            let converted = convert_flow(&flow, rate, to)?;
            let e = used.entry(period).or_insert(RateUse {
                period,
                rate,
                flows: 0,
                fallback: 0,
            });
            e.flows = e.flows.saturating_add(1);
            if fallback {
                e.fallback = e.fallback.saturating_add(1);
            }
            out.push(&converted)?;
        }
        Ok((
            out.build(),
            ConversionReport {
                from,
                to,
                rates: used.into_values().collect(),
            },
        ))
    }
}

impl ExchangeRates {
    /// One flow in `to`, converted as [`TradeData::convert`] converts
    /// each of its flows: for a stream of flows
    /// ([`Reader::flows`](crate::Reader::flows)) converted as it is read.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Currency, ExchangeRates, RatePeriod, Reader};
    ///
    /// let fx = ExchangeRates::read_csv("from,to,period,rate\nUSD,JPY,2024,151.48\n".as_bytes())?;
    /// let csv = "t,i,j,k,v,q\n2024,156,392,850511,1.5,NA\n";
    /// for flow in Reader::baci().flows(csv.as_bytes())? {
    ///     let yen = fx.convert_flow(&flow?, Currency::JPY, RatePeriod::Exact)?;
    ///     assert_eq!(yen.value().to_string(), "227220.00 JPY");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`TradeData::convert`].
    pub fn convert_flow(
        &self,
        flow: &TradeFlow,
        to: Currency,
        policy: RatePeriod,
    ) -> Result<TradeFlow> {
        let from = flow.value().currency();
        if from == to {
            return Ok(*flow);
        }
        let (rate, _, _) = rate_for(self, from, to, flow.period(), policy)?;
        convert_flow(flow, rate, to)
    }
}

/// The rate for a flow of `period`, the period it is the rate of, and
/// whether that is the year's rate standing in for a shorter period's.
fn rate_for(
    rates: &ExchangeRates,
    from: Currency,
    to: Currency,
    period: Period,
    policy: RatePeriod,
) -> Result<(Decimal, Period, bool)> {
    if let Some(r) = rates.rate(from, to, period) {
        return Ok((r, period, false));
    }
    let year = Period::annual(period.year())?;
    if policy == RatePeriod::AnnualWhereMissing
        && period.frequency() != Frequency::Annual
        && let Some(r) = rates.rate(from, to, year)
    {
        return Ok((r, year, true));
    }
    Err(Error::new(ErrorKind::MissingRate {
        from: from.to_string(),
        to: to.to_string(),
        period: period.to_string(),
    }))
}

/// Decimal places a converted value keeps beyond those of the value it
/// converts ([`TradeData::convert`]).
pub const CONVERTED_EXTRA_PLACES: u32 = 6;

/// `flow` with its value times `rate`, in `to`, rounded as
/// [`TradeData::convert`] says.
fn convert_flow(flow: &TradeFlow, rate: Decimal, to: Currency) -> Result<TradeFlow> {
    let v = flow.value().amount();
    let product = v.checked_mul(rate).ok_or_else(|| overflow("convert"))?;
    let places = v.scale().saturating_add(CONVERTED_EXTRA_PLACES).min(28);
    let rounded =
        product.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointNearestEven);
    Ok((*flow).with_value(Money::new(rounded, to)))
}
