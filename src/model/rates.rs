//! Exchange-rate tables: explicit conversion between currencies, by
//! period.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::money::{Currency, Money, overflow};
use crate::model::period::Period;

/// A table of exchange rates keyed by period, for explicit conversion.
///
/// A rate `r` from `A` to `B` for a period means one unit of `A` buys `r`
/// units of `B` in that period (an average rate, typically). Conversion
/// looks up the exact period asked for; it never falls back to another
/// period and never converts silently. Where only the reverse rate is in
/// the table, it is used as `1 / r`, rounded to 28 significant digits.
///
/// With the `serde` feature the table serializes as a list of
/// `{"from", "to", "period", "rate"}` records, the rate as exact decimal
/// text, so a year of rates can be kept in a JSON file beside the data.
///
/// # Example
///
/// ```
/// use rust_decimal::Decimal;
/// use tradedep::{Currency, ExchangeRates, Money, Period};
///
/// let y2024: Period = "2024".parse()?;
/// let mut fx = ExchangeRates::new();
/// // Bank of Japan, 2024 average: about 151.48 JPY per USD.
/// fx.insert(Currency::USD, Currency::JPY, y2024, "151.48".parse()?)?;
///
/// let usd: Money = "1000 USD".parse()?;
/// assert_eq!(fx.convert(&usd, Currency::JPY, y2024)?.to_string(), "151480.00 JPY");
/// assert!(fx.convert(&usd, Currency::JPY, "2023".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeRates {
    rates: BTreeMap<(Currency, Currency, Period), Decimal>,
}

fn rate_key(from: Currency, to: Currency, period: Period) -> (Currency, Currency, Period) {
    (from, to, period)
}

impl ExchangeRates {
    /// An empty table.
    #[must_use]
    pub fn new() -> ExchangeRates {
        ExchangeRates::default()
    }

    /// Sets the rate from `from` to `to` for `period`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidRate`] when `rate` is not positive, or when
    /// `from` and `to` are one currency and `rate` is not 1 (a rate from a
    /// currency to itself is 1 by definition; another value is a mistake
    /// in the table).
    ///
    /// # Example
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use tradedep::{Currency, ErrorKind, ExchangeRates};
    ///
    /// let mut rates = ExchangeRates::new();
    /// let err = rates.insert(Currency::USD, Currency::USD, "2024".parse()?, Decimal::TWO).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::InvalidRate { .. }));
    /// rates.insert(Currency::USD, Currency::USD, "2024".parse()?, Decimal::ONE)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn insert(
        &mut self,
        from: Currency,
        to: Currency,
        period: Period,
        rate: Decimal,
    ) -> Result<()> {
        if rate <= Decimal::ZERO {
            return Err(Error::new(ErrorKind::InvalidRate {
                rate: rate.to_string(),
                reason: "a rate must be positive",
            }));
        }
        if from == to && rate != Decimal::ONE {
            return Err(Error::new(ErrorKind::InvalidRate {
                rate: rate.to_string(),
                reason: "a rate from a currency to itself is 1",
            }));
        }
        self.rates.insert(rate_key(from, to, period), rate);
        Ok(())
    }

    /// The rate from `from` to `to` for `period`: 1 for one currency, the
    /// stored rate, or the inverse of the stored reverse rate.
    #[must_use]
    pub fn rate(&self, from: Currency, to: Currency, period: Period) -> Option<Decimal> {
        if from == to {
            return Some(Decimal::ONE);
        }
        if let Some(r) = self.rates.get(&rate_key(from, to, period)) {
            return Some(*r);
        }
        self.rates
            .get(&rate_key(to, from, period))
            .and_then(|r| Decimal::ONE.checked_div(*r))
    }

    /// Converts `money` into `to` at the rate of `period`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingRate`] when the table has no rate for that pair
    /// and period; [`ErrorKind::Overflow`] when the result does not fit.
    pub fn convert(&self, money: &Money, to: Currency, period: Period) -> Result<Money> {
        let rate = self.rate(money.currency(), to, period).ok_or_else(|| {
            Error::new(ErrorKind::MissingRate {
                from: money.currency().to_string(),
                to: to.to_string(),
                period: period.to_string(),
            })
        })?;
        money
            .amount()
            .checked_mul(rate)
            .map(|a| Money::new(a, to))
            .ok_or_else(|| overflow("convert"))
    }

    /// True when the table stores a rate from `from` to `to` for
    /// `period` itself (not its inverse).
    pub(crate) fn rate_stored(&self, from: Currency, to: Currency, period: Period) -> bool {
        self.rates.contains_key(&rate_key(from, to, period))
    }

    /// The number of rates stored.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// True when no rate is stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    /// The stored rates as `(from, to, period, rate)`, ordered by `from`,
    /// then `to`, then period. Inverse rates that [`rate`](Self::rate)
    /// derives are not listed.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Currency, ExchangeRates};
    ///
    /// let mut fx = ExchangeRates::new();
    /// fx.insert(Currency::USD, Currency::JPY, "2024".parse()?, "151.48".parse()?)?;
    /// fx.insert(Currency::EUR, Currency::USD, "2024".parse()?, "1.0824".parse()?)?;
    /// let from: Vec<String> = fx.iter().map(|(from, ..)| from.to_string()).collect();
    /// assert_eq!(from, ["EUR", "USD"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Currency, Currency, Period, Decimal)> + '_ {
        self.rates
            .iter()
            .map(|(&(from, to, period), &rate)| (from, to, period, rate))
    }
}

/// One stored rate as serde sees it: `{"from": "USD", "to": "JPY",
/// "period": "2024", "rate": "151.48"}`, the rate as exact decimal text.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RateRecord {
    from: Currency,
    to: Currency,
    period: Period,
    #[serde(with = "crate::model::serde_decimal::exact")]
    rate: Decimal,
}

/// Serialized as a list of rates in the order of [`ExchangeRates::iter`],
/// each `{"from", "to", "period", "rate"}` with the rate as decimal text.
#[cfg(feature = "serde")]
impl serde::Serialize for ExchangeRates {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(|(from, to, period, rate)| RateRecord {
            from,
            to,
            period,
            rate,
        }))
    }
}

/// Read back from the list form; a rate that is not positive, or a second
/// rate for the same currencies and period, is an error naming it.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for ExchangeRates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let records = Vec::<RateRecord>::deserialize(d)?;
        let mut fx = ExchangeRates::new();
        for r in records {
            if fx.rates.contains_key(&rate_key(r.from, r.to, r.period)) {
                return Err(D::Error::custom(format_args!(
                    "two rates from {} to {} for {}",
                    r.from, r.to, r.period
                )));
            }
            fx.insert(r.from, r.to, r.period, r.rate)
                .map_err(D::Error::custom)?;
        }
        Ok(fx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn exchange_rates() {
        let p: Period = "2024".parse().unwrap();
        let mut fx = ExchangeRates::new();
        fx.insert(Currency::EUR, Currency::USD, p, dec!(1.25))
            .unwrap();
        let eur = Money::new(dec!(100), Currency::EUR);
        assert_eq!(
            fx.convert(&eur, Currency::USD, p).unwrap().amount(),
            dec!(125.00)
        );
        let usd = Money::new(dec!(125), Currency::USD);
        assert_eq!(
            fx.convert(&usd, Currency::EUR, p).unwrap().amount(),
            dec!(100)
        );
        assert_eq!(fx.convert(&usd, Currency::USD, p).unwrap(), usd);
        assert!(fx.insert(Currency::EUR, Currency::USD, p, dec!(0)).is_err());
        let e = fx.convert(&usd, Currency::JPY, p).unwrap_err();
        assert!(
            e.to_string()
                .contains("no exchange rate from USD to JPY for 2024"),
            "{e}"
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn exchange_rates_serde() {
        let mut fx = ExchangeRates::new();
        fx.insert(
            Currency::USD,
            Currency::JPY,
            "2024".parse().unwrap(),
            dec!(151.48),
        )
        .unwrap();
        fx.insert(
            Currency::EUR,
            Currency::USD,
            "2024-Q1".parse().unwrap(),
            dec!(1.0858),
        )
        .unwrap();
        let json = serde_json::to_string(&fx).unwrap();
        assert_eq!(
            json,
            r#"[{"from":"EUR","to":"USD","period":"2024-Q1","rate":"1.0858"},{"from":"USD","to":"JPY","period":"2024","rate":"151.48"}]"#
        );
        assert_eq!(serde_json::from_str::<ExchangeRates>(&json).unwrap(), fx);

        let zero = r#"[{"from":"EUR","to":"USD","period":"2024","rate":"0"}]"#;
        let e = serde_json::from_str::<ExchangeRates>(zero).unwrap_err();
        assert!(
            e.to_string()
                .contains("exchange rate 0: a rate must be positive"),
            "{e}"
        );
        let twice = r#"[{"from":"EUR","to":"USD","period":"2024","rate":"1.08"},
                        {"from":"EUR","to":"USD","period":"2024","rate":"1.09"}]"#;
        let e = serde_json::from_str::<ExchangeRates>(twice).unwrap_err();
        assert!(
            e.to_string().contains("two rates from EUR to USD for 2024"),
            "{e}"
        );
        let extra = r#"[{"from":"EUR","to":"USD","period":"2024","rate":"1.08","note":"x"}]"#;
        assert!(serde_json::from_str::<ExchangeRates>(extra).is_err());
    }
}
