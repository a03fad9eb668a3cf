//! Stage 1: the value that binding measures block.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::controls::{Measure, RuleSet};
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::money::Currency;
use crate::model::money::{bounded_sum, checked_sum, exact_add, overflow};
use crate::scenario::settle;

/// One (importer, exporter, product) of the baseline and what the
/// measures do to it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DirectRow {
    /// The importer.
    pub importer: Economy,
    /// The exporter.
    pub exporter: Economy,
    /// The product.
    pub product: HsCode,
    /// Baseline value.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub baseline: Decimal,
    /// Value blocked; `baseline - blocked` is retained.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub blocked: Decimal,
    /// Every binding rule, the deciding (most restrictive) one first; see
    /// [`rule`](Self::rule).
    pub rules: Vec<String>,
    /// True when the deciding rule reaches only some end users, so the
    /// blocked value is an upper bound.
    pub upper_bound: bool,
    /// The tax rate of a binding tax (a price wedge, not a block).
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    pub tax_rate: Option<Decimal>,
}

impl DirectRow {
    /// The rule that decides, if any: the first of
    /// [`rules`](Self::rules).
    #[must_use]
    pub fn rule(&self) -> Option<&str> {
        self.rules.first().map(String::as_str)
    }

    /// The value retained, `baseline - blocked`. Exact for the rows of a
    /// run; for a row made by hand whose difference does not fit a
    /// `Decimal`, saturated at its bounds.
    #[must_use]
    pub fn retained(&self) -> Decimal {
        self.baseline.saturating_sub(self.blocked)
    }
}

/// Stage 1 of a scenario: for each (importer, exporter, product) of the
/// baseline, the value that the measures binding on the as-of date block.
///
/// The deciding measure is the most restrictive binding rule's
/// ([`RuleSet::binding`]):
///
/// - a ban blocks all of the value;
/// - a licence requirement blocks `1 - approval rate` of it;
/// - a value or quantity cap blocks the excess of all the flows the rule
///   decides over the cap, the cap scaled to the baseline's length (a
///   monthly cap of 10 is 120 over a baseline year), the excess shared
///   among the flows pro rata to their value (quantity);
/// - a tax blocks nothing and is reported as a price wedge
///   ([`DirectRow::tax_rate`]).
///
/// A rule limited to some end users (trade statistics cannot see end
/// users) is applied to the whole flow and the row is marked
/// [`upper_bound`](DirectRow::upper_bound); so is a rule reaching only
/// part of a flow recorded at a coarser HS level than its scope (a
/// heading `2805` under a rule on `280530`: [`Rule::may_bind`]).
///
/// [`Rule::may_bind`]: crate::controls::Rule::may_bind
///
/// Conservation: for every row and every breakdown, `baseline =
/// retained + blocked`, exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "DirectEffectData"))]
pub struct DirectEffect {
    pub(crate) currency: Currency,
    pub(crate) as_of: NaiveDate,
    /// The months the baseline spans (12 for a year).
    pub(crate) months: u32,
    pub(crate) rows: Vec<DirectRow>,
}

/// The serde form of [`DirectEffect`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct DirectEffectData {
    currency: Currency,
    as_of: NaiveDate,
    months: u32,
    rows: Vec<DirectRow>,
}

#[cfg(feature = "serde")]
impl TryFrom<DirectEffectData> for DirectEffect {
    type Error = Error;

    fn try_from(d: DirectEffectData) -> Result<DirectEffect> {
        DirectEffect {
            currency: d.currency,
            as_of: d.as_of,
            months: d.months,
            rows: d.rows,
        }
        .checked()
    }
}

impl DirectEffect {
    /// Runs stage 1 on the flows `query` selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Scenario`] when a cap is in another currency than the
    /// data, or a quantity cap meets flows without quantities in its
    /// unit; [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn run(
        data: &TradeData,
        query: &Query,
        rules: &RuleSet,
        as_of: NaiveDate,
    ) -> Result<DirectEffect> {
        let currency = data.currency();
        // Sum the baseline by (importer, exporter, product), with
        // quantities for quantity caps, and note the months it spans.
        let mut sums: Sums = BTreeMap::new();
        let mut periods = BTreeSet::new();
        for f in data.select(query)? {
            periods.insert(f.period());
            let e = sums
                .entry((f.importer(), f.exporter(), f.product()))
                .or_insert((Decimal::ZERO, Some(Decimal::ZERO), None));
            add_to(&mut e.0, f.value().amount())?;
            match (f.quantity(), e.1) {
                (Some(q), Some(sum)) if e.2.is_none_or(|u| u == q.unit()) => {
                    e.1 = Some(exact_add(sum, q.amount(), "quantity")?);
                    e.2 = Some(q.unit());
                }
                _ => e.1 = None,
            }
        }
        let months = months_covered(&periods);

        let mut rows = Vec::with_capacity(sums.len());
        let mut capped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for ((importer, exporter, product), (baseline, _, _)) in &sums {
            let exact = rules.binding(*exporter, *importer, *product, as_of);
            // Trade recorded above the rules' level (a heading whose
            // subheadings are in scope): the whole flow is reached, an
            // upper bound.
            let coarse = exact.is_free();
            let binding = if coarse {
                rules.may_binding(*exporter, *importer, *product, as_of)
            } else {
                exact
            };
            let deciding = binding.strictest();
            let mut blocked = Decimal::ZERO;
            let mut tax_rate = None;
            if let Some(rule) = deciding {
                match rule.measure() {
                    Measure::Ban => blocked = *baseline,
                    Measure::Licence { approval_rate } => {
                        // Rules check that the rate lies in [0, 1].
                        blocked = Decimal::ONE
                            .checked_sub(*approval_rate)
                            .and_then(|refused| baseline.checked_mul(refused))
                            .map(|b| settle(b, *baseline))
                            .ok_or_else(|| overflow("licence block"))?;
                    }
                    Measure::ValueCap { .. } | Measure::QuantityCap { .. } => {
                        capped
                            .entry(rule.id().to_owned())
                            .or_default()
                            .push(rows.len());
                    }
                    Measure::Tax { rate } => tax_rate = Some(*rate),
                }
            }
            rows.push(DirectRow {
                importer: *importer,
                exporter: *exporter,
                product: *product,
                baseline: *baseline,
                blocked,
                rules: binding.rules().iter().map(|r| r.id().to_owned()).collect(),
                upper_bound: deciding.is_some_and(|r| coarse || r.is_upper_bound()),
                tax_rate,
            });
        }
        for (id, members) in capped {
            let Some(rule) = rules.get(&id) else { continue };
            apply_cap(rule.measure(), &members, &mut rows, &sums, months, currency)?;
        }
        DirectEffect {
            currency,
            as_of,
            months,
            rows,
        }
        .checked()
    }

    /// Checks what every stage after this one relies on: values are not
    /// negative, no row blocks more than its baseline, and the total
    /// baseline fits a `Decimal` (so every breakdown's sums do too).
    fn checked(self) -> Result<DirectEffect> {
        let bad = |reason: String| Error::new(ErrorKind::Scenario { reason });
        for r in &self.rows {
            if r.baseline < Decimal::ZERO || r.blocked < Decimal::ZERO || r.blocked > r.baseline {
                return Err(bad(format!(
                    "{} -> {} {}: blocked {} is not between 0 and the baseline {}",
                    r.exporter, r.importer, r.product, r.blocked, r.baseline
                )));
            }
        }
        checked_sum(self.rows.iter().map(|r| r.baseline), "baseline")?;
        Ok(self)
    }

    /// The currency of every value.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The date the rules were read on.
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The calendar months the baseline's periods cover, each counted
    /// once (12 for a year, whether given as a year, four quarters or
    /// twelve months, and for one importer's quarters beside another's
    /// annual figure). Caps per month or quarter scale by it.
    #[must_use]
    pub fn months(&self) -> u32 {
        self.months
    }

    /// Every (importer, exporter, product), in that order.
    #[must_use]
    pub fn rows(&self) -> &[DirectRow] {
        &self.rows
    }

    /// Total baseline value.
    #[must_use]
    pub fn baseline(&self) -> Decimal {
        bounded_sum(self.rows.iter().map(|r| r.baseline))
    }

    /// Total blocked value.
    #[must_use]
    pub fn blocked(&self) -> Decimal {
        bounded_sum(self.rows.iter().map(|r| r.blocked))
    }

    /// True when some blocked value comes from a rule limited to some end
    /// users: the blocked total is then an upper bound.
    #[must_use]
    pub fn is_upper_bound(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.upper_bound && !r.blocked.is_zero())
    }
}

/// The baseline by (importer, exporter, product): value, and quantity
/// with its unit where every flow has one in the same unit.
type Sums = BTreeMap<(Economy, Economy, HsCode), (Decimal, Option<Decimal>, Option<crate::Unit>)>;

/// Blocks the excess over a cap among the rows it decides, pro rata.
fn apply_cap(
    measure: &Measure,
    members: &[usize],
    rows: &mut [DirectRow],
    sums: &Sums,
    months: u32,
    currency: Currency,
) -> Result<()> {
    let scale = |cap: Decimal, per: crate::Frequency| -> Result<Decimal> {
        cap.checked_mul(Decimal::from(months))
            .and_then(|c| c.checked_div(Decimal::from(per.months())))
            .ok_or_else(|| overflow("cap"))
    };
    // The measure of each member row that the cap counts: its value, or
    // its quantity.
    let (cap, sizes): (Decimal, Vec<Decimal>) = match measure {
        Measure::ValueCap { cap, per } => {
            if cap.currency() != currency {
                return Err(Error::new(ErrorKind::Scenario {
                    reason: format!(
                        "a value cap in {} on data in {currency}: convert one of them first",
                        cap.currency()
                    ),
                }));
            }
            let sizes = members
                .iter()
                .filter_map(|&i| rows.get(i).map(|r| r.baseline))
                .collect();
            (scale(cap.amount(), *per)?, sizes)
        }
        Measure::QuantityCap { cap, per } => {
            let mut sizes = Vec::with_capacity(members.len());
            for &i in members {
                let Some(r) = rows.get(i) else { continue };
                let q = sums
                    .get(&(r.importer, r.exporter, r.product))
                    .and_then(|s| match (s.1, s.2) {
                        (Some(q), Some(u)) if u == cap.unit() => Some(q),
                        _ => None,
                    });
                let Some(q) = q else {
                    return Err(Error::new(ErrorKind::Scenario {
                        reason: format!(
                            "a quantity cap in {} needs quantities in that unit; {} to {} in {} has none",
                            cap.unit(),
                            r.exporter,
                            r.importer,
                            r.product
                        ),
                    }));
                };
                sizes.push(q);
            }
            (scale(cap.amount(), *per)?, sizes)
        }
        _ => return Ok(()),
    };
    let total = checked_sum(sizes.iter().copied(), "cap total")?;
    if total <= cap || total.is_zero() {
        return Ok(());
    }
    // The blocked share of each row: (total - cap) / total.
    let share = total
        .checked_sub(cap)
        .and_then(|excess| excess.checked_div(total))
        .ok_or_else(|| overflow("cap share"))?;
    for &i in members {
        if let Some(r) = rows.get_mut(i) {
            r.blocked = settle(
                r.baseline
                    .checked_mul(share)
                    .ok_or_else(|| overflow("cap block"))?,
                r.baseline,
            )
            .min(r.baseline);
        }
    }
    Ok(())
}

/// The calendar months the periods cover, each counted once: a year of
/// one importer's quarters and another's annual figure cover 12, not 24.
fn months_covered(periods: &BTreeSet<crate::model::period::Period>) -> u32 {
    let mut months: BTreeSet<(i32, u32)> = BTreeSet::new();
    for p in periods {
        let (start, end) = (p.start(), p.end());
        let mut d = start;
        while d <= end {
            months.insert((chrono::Datelike::year(&d), chrono::Datelike::month(&d)));
            match d.checked_add_months(chrono::Months::new(1)) {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    u32::try_from(months.len()).unwrap_or(u32::MAX)
}
