//! Stage 1: the value that binding measures block.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::controls::{BlockedShare, Measure, RuleSet, Uncertainty};
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::money::Currency;
use crate::model::money::{bounded_sum, checked_sum, exact_add, overflow};
use crate::scenario::bounds::{Bounds, Case};
use crate::scenario::caps::{CapContext, CapMember, cap_shares, outside_caps};
pub use crate::scenario::direct_row::DirectRow;
use crate::scenario::{settle, settle_up};

/// Stage 1 of a scenario: for each (importer, exporter, product) of the
/// baseline, the value that the measures binding on the as-of date
/// block, as bounds.
///
/// Each binding rule blocks a share of the flow, an interval
/// ([`Rule::blocked_share`], [`BlockedShare`]):
///
/// - a ban blocks all of it;
/// - a licence requirement approved at a rate in `[low, high]` blocks
///   `1 - high` in the best case and `1 - low` in the worst;
/// - a value or quantity cap blocks the excess over the cap of all the
///   flows it reaches, shared among them pro rata to their value
///   (quantity), the cap scaled to the baseline's length (a monthly cap
///   of 10 is 120 over a baseline year). In the worst case every flow it
///   reaches counts in full; in the best only those it certainly
///   reaches, less what other rules may block of them (and nothing of a
///   flow another cap also reaches);
/// - a tax blocks nothing and is reported as a price wedge
///   ([`DirectRow::tax_rate`]).
///
/// A rule counts in the best case only where it certainly reaches the
/// flow: every end user (trade statistics cannot see end users), over a
/// certain scope ([`RuleData::certain`]: not a partial or doubtful link
/// of a control list), for a flow no coarser than its scope (a heading
/// `2805` under a rule on `280530`: [`Rule::may_bind`]). Where several
/// rules bind, they block together at least the most any one blocks, at
/// most the sum of what each may block, capped at the flow
/// ([`BlockedShare::combine`]). So a ban on everyone decides the best
/// case beside a military-only ban; a military-only ban and a licence for
/// everyone at 50% approval block `[50%, 100%]`.
///
/// The blocked value of a row is its baseline times the share, the
/// lower bound rounded down and the upper bound up to the places
/// [`DERIVED_EXTRA_PLACES`](crate::scenario::DERIVED_EXTRA_PLACES) keep,
/// so the bounds never narrow by rounding.
///
/// [`Rule::blocked_share`]: crate::controls::Rule::blocked_share
/// [`Rule::may_bind`]: crate::controls::Rule::may_bind
/// [`RuleData::certain`]: crate::controls::RuleData::certain
///
/// Conservation: for every row and every breakdown, in each case,
/// `baseline = retained + blocked`, exactly.
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
        let mut pending = Vec::with_capacity(sums.len());
        let mut caps: BTreeMap<String, Vec<CapMember>> = BTreeMap::new();
        for ((importer, exporter, product), (baseline, _, _)) in &sums {
            // Every rule that reaches some goods of the flow: those that
            // reach only part of it (a heading whose subheadings are in
            // scope) count in the worst case only.
            let binding = rules.may_binding(*exporter, *importer, *product, as_of);
            let mut p = Pending::default();
            let mut tax_rate: Option<Decimal> = None;
            let mut capped = Vec::new();
            for (rule, share, why) in binding.rule_shares() {
                match rule.measure() {
                    Measure::ValueCap { .. } | Measure::QuantityCap { .. } => {
                        let certain = why.iter().all(|w| *w == Uncertainty::Cap);
                        capped.push((rule.id().to_owned(), certain, why));
                    }
                    measure => {
                        if let Measure::Tax { rate } = measure {
                            tax_rate = Some(tax_rate.map_or(*rate, |t| t.max(*rate)));
                        }
                        p.add(share, why);
                    }
                }
            }
            let others = BlockedShare::combine(p.shares.iter().copied());
            let another_cap = capped.len() > 1;
            for (id, certain, why) in capped {
                caps.entry(id).or_default().push(CapMember {
                    row: rows.len(),
                    certain,
                    another_cap,
                    others,
                    why,
                });
            }
            pending.push(p);
            rows.push(DirectRow {
                importer: *importer,
                exporter: *exporter,
                product: *product,
                baseline: *baseline,
                blocked: Bounds::default(),
                rules: binding.rules().iter().map(|r| r.id().to_owned()).collect(),
                uncertainty: Vec::new(),
                tax_rate,
            });
        }
        if !caps.is_empty() {
            let ctx = CapContext {
                rows: &rows,
                sums: &sums,
                months,
                currency,
            };
            let outside = outside_caps(data, query, rules, &caps, &sums, as_of)?;
            for (id, members) in &caps {
                let Some(rule) = rules.get(id) else { continue };
                let beyond = outside.get(id).copied().unwrap_or_default();
                cap_shares(rule.measure(), members, beyond, &ctx, &mut pending)?;
            }
        }
        for (row, p) in rows.iter_mut().zip(pending) {
            let (share, why) = p.finish();
            row.blocked = block(row.baseline, share)?;
            row.uncertainty = why;
        }
        DirectEffect {
            currency,
            as_of,
            months,
            rows,
        }
        .checked()
    }

    /// Checks what every stage after this one relies on, and what a
    /// result read from JSON must hold to be one this crate made: each
    /// row checked as [`DirectRow`] is, rows in (importer, exporter,
    /// product) order without repeats, a baseline of at least one month
    /// when there are rows, and a total baseline that fits a `Decimal`
    /// (so every breakdown's sums do too).
    fn checked(self) -> Result<DirectEffect> {
        let bad = |reason: String| Error::new(ErrorKind::Scenario { reason });
        for r in &self.rows {
            r.check()?;
        }
        let key = |r: &DirectRow| (r.importer, r.exporter, r.product);
        if self.rows.windows(2).any(|w| match w {
            [a, b] => key(a) >= key(b),
            _ => false,
        }) {
            return Err(bad(
                "the rows are not in (importer, exporter, product) order, each once".into(),
            ));
        }
        if self.months == 0 && !self.rows.is_empty() {
            return Err(bad("a baseline with rows spans no month".into()));
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

    /// Total blocked value, in the best and the worst case.
    #[must_use]
    pub fn blocked(&self) -> Bounds {
        Bounds::spanning(
            bounded_sum(self.rows.iter().map(|r| r.blocked.lower())),
            bounded_sum(self.rows.iter().map(|r| r.blocked.upper())),
        )
    }

    /// Total retained value in `case`, `baseline - blocked`.
    #[must_use]
    pub fn retained(&self, case: Case) -> Decimal {
        self.baseline().saturating_sub(self.blocked().at(case))
    }

    /// Why the blocked total's bounds differ: each reason with the part of
    /// the gap (`upper - lower`) of the rows that give it. A row with two
    /// reasons counts under both, so the parts may add up to more than
    /// the gap.
    #[must_use]
    pub fn uncertainty(&self) -> Vec<(Uncertainty, Decimal)> {
        let mut by: BTreeMap<Uncertainty, Decimal> = BTreeMap::new();
        for r in &self.rows {
            for w in &r.uncertainty {
                let e = by.entry(*w).or_default();
                // Each part is a sum of some rows' gaps, each at most the
                // baseline, whose total fits.
                *e = e.saturating_add(r.blocked.width());
            }
        }
        by.into_iter().collect()
    }
}

/// The baseline by (importer, exporter, product): value, and quantity
/// with its unit where every flow has one in the same unit.
pub(super) type Sums =
    BTreeMap<(Economy, Economy, HsCode), (Decimal, Option<Decimal>, Option<crate::Unit>)>;

/// The shares of one row's rules, gathered before the caps are known.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// The shares of rules other than caps, and of caps once known.
    shares: Vec<BlockedShare>,
    /// Why each share is not exact.
    why: Vec<Uncertainty>,
}

impl Pending {
    pub(super) fn add(&mut self, share: BlockedShare, why: Vec<Uncertainty>) {
        if !share.is_exact() {
            self.why.extend(why);
        }
        self.shares.push(share);
    }

    /// The combined share and every reason its bounds differ.
    fn finish(mut self) -> (BlockedShare, Vec<Uncertainty>) {
        let share = BlockedShare::combine(self.shares.iter().copied());
        let widest = self
            .shares
            .iter()
            .map(|s| s.upper())
            .max()
            .unwrap_or_default();
        if share.upper() > widest && !share.is_exact() {
            self.why.push(Uncertainty::Overlap);
        }
        if share.is_exact() {
            self.why.clear();
        }
        self.why.sort();
        self.why.dedup();
        (share, self.why)
    }
}

/// `baseline * share`, the lower bound rounded down and the upper up (an
/// exact share rounded down, so that its bounds meet).
fn block(baseline: Decimal, share: BlockedShare) -> Result<Bounds> {
    let times = |s: Decimal| baseline.checked_mul(s).ok_or_else(|| overflow("block"));
    let lower = settle(times(share.lower())?, baseline);
    if share.is_exact() {
        return Ok(Bounds::exact(lower));
    }
    let upper = settle_up(times(share.upper())?, baseline).min(baseline);
    Ok(Bounds::spanning(lower, upper.max(lower)))
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
