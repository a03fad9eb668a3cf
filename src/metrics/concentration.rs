//! Supplier concentration: the Herfindahl-Hirschman index.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::{Hhi, Share};
use crate::model::economy::Economy;
use crate::model::money::{Currency, Money, checked_sum};
use crate::model::sum::Sum;

/// How concentrated one market's suppliers are: `HHI = sum_j s_j^2` over
/// suppliers `j` with shares `s_j = v_j / sum v`, the number of
/// suppliers, and the largest ones' shares (DESIGN indicator 2; the
/// concentration criterion of EU SWD(2021) 352 and CEPII `GeoDep`, both
/// on the 0-1 scale with a 0.4 threshold).
///
/// Values of one supplier given in several pieces (Comtrade splits flows
/// by customs procedure and transport mode) are summed first, so the
/// index is that of suppliers, not of records. A supplier with a zero
/// value counts as a supplier with share 0. Where the total is zero, the
/// index and shares are `None`.
///
/// # Example
///
/// ```
/// use tradedep::metrics::Concentration;
///
/// // Japan's imports of a product from three suppliers, the first split
/// // in two records: shares 0.6, 0.3, 0.1, HHI 0.36 + 0.09 + 0.01 = 0.46.
/// let c = Concentration::from_values([
///     ("CHN".parse()?, "40 USD".parse()?),
///     ("VNM".parse()?, "30 USD".parse()?),
///     ("CHN".parse()?, "20 USD".parse()?),
///     ("USA".parse()?, "10 USD".parse()?),
/// ])?;
/// assert_eq!(c.suppliers(), 3);
/// assert_eq!(c.hhi().unwrap().to_string(), "0.46");
/// assert_eq!(c.hhi().unwrap().points().to_string(), "4600");
/// assert_eq!(c.top_share(2).unwrap().to_string(), "0.9");
/// assert_eq!(c.largest().unwrap().0.to_string(), "CHN");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Concentration {
    total: Money,
    /// Suppliers by value, largest first (ties: smaller trade code).
    suppliers: Vec<(Economy, Money)>,
    hhi: Option<Hhi>,
}

impl Concentration {
    /// The concentration of suppliers' values, summing repeated
    /// suppliers first.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for no values (the currency is unknown)
    /// and for a supplier that is the World or an unspecified area
    /// ([`Economy::is_attributed`]);
    /// [`ErrorKind::CurrencyMismatch`] for two currencies;
    /// [`ErrorKind::Negative`] for a negative value;
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn from_values<I>(values: I) -> Result<Concentration>
    where
        I: IntoIterator<Item = (Economy, Money)>,
    {
        let mut sums: BTreeMap<Economy, Money> = BTreeMap::new();
        let mut currency: Option<Currency> = None;
        for (e, m) in values {
            if !e.is_attributed() {
                return Err(Error::new(ErrorKind::Parameter {
                    name: "supplier",
                    value: e.to_string(),
                    expected: "an economy: the World and unspecified areas are no supplier",
                }));
            }
            if m.amount().is_sign_negative() && !m.amount().is_zero() {
                return Err(Error::new(ErrorKind::Negative {
                    what: "supplier value",
                    value: m.to_string(),
                }));
            }
            let c = *currency.get_or_insert(m.currency());
            let slot = sums.entry(e).or_insert(Money::zero(c));
            *slot = slot.checked_add(&m)?;
        }
        let currency = currency.ok_or_else(|| {
            Error::new(ErrorKind::Parameter {
                name: "supplier values",
                value: "none".to_owned(),
                expected: "at least one (supplier, value) pair, whose value gives the currency",
            })
        })?;
        Concentration::from_sums(currency, sums.into_iter().map(|(e, m)| (e, m.amount())))
    }

    /// From per-supplier sums (each supplier once).
    fn from_sums(
        currency: Currency,
        sums: impl Iterator<Item = (Economy, Decimal)>,
    ) -> Result<Concentration> {
        let mut suppliers: Vec<(Economy, Decimal)> = sums.collect();
        let (mut sum, mut squares) = (Sum::default(), Sum::default());
        for (_, v) in &suppliers {
            sum.add(*v)?;
            squares.add_square(*v)?;
        }
        let total = sum.value()?;
        suppliers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.trade_code().cmp(&b.0.trade_code())));
        Ok(Concentration {
            total: Money::new(total, currency),
            suppliers: suppliers
                .into_iter()
                .map(|(e, v)| (e, Money::new(v, currency)))
                .collect(),
            hhi: squares.hhi(total),
        })
    }

    /// The concentration of `importer`'s suppliers in the flows `query`
    /// selects (the query's own importer filter is replaced).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Direction, Query, TradeData, TradeFlow};
    /// use tradedep::metrics::Concentration;
    ///
    /// let flow = |exp: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
    ///     TradeFlow::new("JPN".parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
    ///                    "2025".parse()?, v.parse()?)
    /// };
    /// let data = TradeData::from_flows([flow("CHN", "75 USD")?, flow("VNM", "25 USD")?])?;
    /// let c = Concentration::of_imports(&data, "JPN".parse()?, &Query::new().product("2805".parse()?))?;
    /// // 0.75^2 + 0.25^2 = 0.625
    /// assert_eq!(c.hhi().unwrap().to_string(), "0.625");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of_imports(data: &TradeData, importer: Economy, query: &Query) -> Result<Concentration> {
        let q = query.clone().importer(importer);
        let mut sums: BTreeMap<Economy, Decimal> = BTreeMap::new();
        for r in data.candidates(&q)?.filter(|r| r.exporter.is_attributed()) {
            let slot = sums.entry(r.exporter).or_insert(Decimal::ZERO);
            add_to(slot, r.value)?;
        }
        Concentration::from_sums(data.currency(), sums.into_iter())
    }

    /// The total over all suppliers.
    #[must_use]
    pub fn total(&self) -> Money {
        self.total
    }

    /// The number of suppliers.
    #[must_use]
    pub fn suppliers(&self) -> usize {
        self.suppliers.len()
    }

    /// The index on the 0-1 scale; `None` when the total is zero.
    #[must_use]
    pub fn hhi(&self) -> Option<Hhi> {
        self.hhi
    }

    /// Suppliers with their values, largest first (ties: the smaller UN
    /// Comtrade code first).
    #[must_use]
    pub fn ranked(&self) -> &[(Economy, Money)] {
        &self.suppliers
    }

    /// The largest supplier, its value and its share (`None` for a zero
    /// total).
    #[must_use]
    pub fn largest(&self) -> Option<(Economy, Money, Option<Share>)> {
        let (e, m) = *self.suppliers.first()?;
        Some((e, m, Share::ratio(m.amount(), self.total.amount())))
    }

    /// The share of the `k` largest suppliers together; `None` when the
    /// total is zero (or, for a value read back through serde, when its
    /// values do not add up to a sum a `Decimal` holds).
    #[must_use]
    pub fn top_share(&self, k: usize) -> Option<Share> {
        // Checked: a deserialized value may hold anything.
        let top = checked_sum(
            self.suppliers.iter().take(k).map(|s| s.1.amount()),
            "top share",
        )
        .ok()?;
        Share::ratio(top, self.total.amount())
    }
}

impl Table for Concentration {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.total.currency())
    }

    fn header(&self) -> Vec<String> {
        vec![
            "supplier".into(),
            money_column("value", self.total.currency()),
            "share".into(),
        ]
    }

    fn len(&self) -> usize {
        self.suppliers.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let (e, m) = self.suppliers.get(i)?;
        Some(vec![
            Cell::text(e),
            Cell::Money(m.amount()),
            Cell::ratio(Share::ratio(m.amount(), self.total.amount()).map(Share::value)),
        ])
    }
}
