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
use crate::scenario::{settle, settle_up};

/// One (importer, exporter, product) of the baseline and what the
/// measures do to it: the value blocked as [`Bounds`] (best and worst
/// case, see [`Case`](crate::scenario::Case)), every binding rule, and
/// why the bounds differ.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "DirectRowData"))]
pub struct DirectRow {
    importer: Economy,
    exporter: Economy,
    product: HsCode,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    baseline: Decimal,
    blocked: Bounds,
    rules: Vec<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    uncertainty: Vec<Uncertainty>,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    tax_rate: Option<Decimal>,
}

/// The serde form of [`DirectRow`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct DirectRowData {
    importer: Economy,
    exporter: Economy,
    product: HsCode,
    #[serde(with = "crate::model::serde_decimal::exact")]
    baseline: Decimal,
    blocked: Bounds,
    rules: Vec<String>,
    #[serde(default)]
    uncertainty: Vec<Uncertainty>,
    #[serde(with = "crate::model::serde_decimal::exact_option")]
    tax_rate: Option<Decimal>,
}

#[cfg(feature = "serde")]
impl TryFrom<DirectRowData> for DirectRow {
    type Error = Error;

    fn try_from(d: DirectRowData) -> Result<DirectRow> {
        let row = DirectRow {
            importer: d.importer,
            exporter: d.exporter,
            product: d.product,
            baseline: d.baseline,
            blocked: d.blocked,
            rules: d.rules,
            uncertainty: d.uncertainty,
            tax_rate: d.tax_rate,
        };
        row.check()?;
        Ok(row)
    }
}

impl DirectRow {
    /// Checks a row: `0 <= lower <= upper <= baseline`; blocked value
    /// only where a rule binds; a reason for every gap between the
    /// bounds, each reason once, in order; no negative tax rate.
    fn check(&self) -> Result<()> {
        let bad = |why: &str| {
            Err(Error::new(ErrorKind::Scenario {
                reason: format!(
                    "{} -> {} {}: {why}",
                    self.exporter, self.importer, self.product
                ),
            }))
        };
        if self.baseline < Decimal::ZERO
            || self.blocked.lower() < Decimal::ZERO
            || self.blocked.upper() > self.baseline
        {
            return bad(&format!(
                "blocked {} is not between 0 and the baseline {}",
                self.blocked, self.baseline
            ));
        }
        if self.rules.is_empty() && !self.blocked.upper().is_zero() {
            return bad("value is blocked but no rule binds");
        }
        if !self.blocked.is_exact() && self.uncertainty.is_empty() {
            return bad("the blocked bounds differ and no reason is given");
        }
        if self.uncertainty.windows(2).any(|w| match w {
            [a, b] => a >= b,
            _ => false,
        }) {
            return bad("the reasons are not each once, in order");
        }
        if self.tax_rate.is_some_and(|t| t < Decimal::ZERO) {
            return bad("the tax rate is negative");
        }
        Ok(())
    }

    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The exporter.
    #[must_use]
    pub fn exporter(&self) -> Economy {
        self.exporter
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// The baseline value.
    #[must_use]
    pub fn baseline(&self) -> Decimal {
        self.baseline
    }

    /// The value blocked: what certainly binds, what may.
    #[must_use]
    pub fn blocked(&self) -> Bounds {
        self.blocked
    }

    /// The value retained in `case`, `baseline - blocked` (the most in
    /// the best case).
    #[must_use]
    pub fn retained(&self, case: Case) -> Decimal {
        // `blocked` lies within [0, baseline] (checked when made and read).
        self.baseline.saturating_sub(self.blocked.at(case))
    }

    /// Every binding rule, the most restrictive first
    /// ([`RuleSet::binding`]).
    #[must_use]
    pub fn rules(&self) -> &[String] {
        &self.rules
    }

    /// Why the blocked value's bounds differ, each reason once (empty
    /// when they meet).
    #[must_use]
    pub fn uncertainty(&self) -> &[Uncertainty] {
        &self.uncertainty
    }

    /// The highest rate of a tax among the binding rules (a price wedge,
    /// not a block), whether or not the tax certainly reaches the flow
    /// (see [`uncertainty`](Self::uncertainty) for why it may not).
    #[must_use]
    pub fn tax_rate(&self) -> Option<Decimal> {
        self.tax_rate
    }
}

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
type Sums = BTreeMap<(Economy, Economy, HsCode), (Decimal, Option<Decimal>, Option<crate::Unit>)>;

/// The shares of one row's rules, gathered before the caps are known.
#[derive(Debug, Default)]
struct Pending {
    /// The shares of rules other than caps, and of caps once known.
    shares: Vec<BlockedShare>,
    /// Why each share is not exact.
    why: Vec<Uncertainty>,
}

impl Pending {
    fn add(&mut self, share: BlockedShare, why: Vec<Uncertainty>) {
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

/// A row a cap reaches.
#[derive(Debug, Clone)]
struct CapMember {
    row: usize,
    /// The cap reaches the row certainly (every end user, certain link,
    /// not coarse).
    certain: bool,
    /// Another cap reaches it too.
    another_cap: bool,
    /// What the row's other rules (not caps) block together.
    others: BlockedShare,
    /// Why the cap's reach of the row is uncertain, if it is.
    why: Vec<Uncertainty>,
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

/// What the caps need to know of the baseline.
struct CapContext<'a> {
    rows: &'a [DirectRow],
    sums: &'a Sums,
    months: u32,
    currency: Currency,
}

/// What each cap may reach outside the baseline (the value, or the
/// quantity in the cap's unit, of the flows of the baseline's scope, all
/// importers and exporters, that it may bind and the baseline leaves
/// out): a cap counts all the trade it reaches, not only the importer
/// asked about.
fn outside_caps(
    data: &TradeData,
    query: &Query,
    rules: &RuleSet,
    caps: &BTreeMap<String, Vec<CapMember>>,
    sums: &Sums,
    as_of: NaiveDate,
) -> Result<BTreeMap<String, Decimal>> {
    let capped: Vec<&crate::controls::Rule> = caps.keys().filter_map(|id| rules.get(id)).collect();
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in data.select(&query.scope())? {
        if sums.contains_key(&(f.importer(), f.exporter(), f.product())) {
            continue;
        }
        for rule in &capped {
            if !rule.may_bind(f.exporter(), f.importer(), f.product(), as_of) {
                continue;
            }
            let size = match rule.measure() {
                Measure::QuantityCap { cap, .. } => match f.quantity() {
                    Some(q) if q.unit() == cap.unit() => q.amount(),
                    _ => {
                        return Err(no_quantity(
                            cap.unit(),
                            f.exporter(),
                            f.importer(),
                            f.product(),
                        ));
                    }
                },
                _ => f.value().amount(),
            };
            add_to(out.entry(rule.id().to_owned()).or_default(), size)?;
        }
    }
    Ok(out)
}

/// What a cap blocks of each row it reaches, added to the rows' pending
/// shares: the excess over the cap of all it reaches, pro rata. The worst
/// case counts every flow in full, those outside the baseline (`beyond`)
/// included (`c_hi = (T_hi - cap) / T_hi`); the best only what certainly
/// reaches the cap (`c_lo` from `T_lo`: the baseline's rows it certainly
/// reaches, less what other rules may block of them, none of a row
/// another cap reaches). On a row whose other rules block `[l, u]`, the
/// cap blocks `[(1 - u) c_lo, (1 - l) c_hi]` of it, nothing certain
/// where its reach is not.
fn cap_shares(
    measure: &Measure,
    members: &[CapMember],
    beyond: Decimal,
    ctx: &CapContext<'_>,
    pending: &mut [Pending],
) -> Result<()> {
    let scale = |cap: Decimal, per: crate::Frequency| -> Result<Decimal> {
        cap.checked_mul(Decimal::from(ctx.months))
            .and_then(|c| c.checked_div(Decimal::from(per.months())))
            .ok_or_else(|| overflow("cap"))
    };
    let row = |m: &CapMember| {
        ctx.rows.get(m.row).ok_or_else(|| {
            Error::new(ErrorKind::Scenario {
                reason: "a row a cap reaches is missing".into(),
            })
        })
    };
    // The measure of each member row that the cap counts: its value, or
    // its quantity; one per member, in order.
    let (cap, sizes): (Decimal, Vec<Decimal>) = match measure {
        Measure::ValueCap { cap, per } => {
            if cap.currency() != ctx.currency {
                return Err(Error::new(ErrorKind::Scenario {
                    reason: format!(
                        "a value cap in {} on data in {}: convert one of them first",
                        cap.currency(),
                        ctx.currency
                    ),
                }));
            }
            let sizes = members
                .iter()
                .map(|m| row(m).map(|r| r.baseline))
                .collect::<Result<_>>()?;
            (scale(cap.amount(), *per)?, sizes)
        }
        Measure::QuantityCap { cap, per } => {
            let sizes = members
                .iter()
                .map(|m| member_quantity(row(m)?, ctx.sums, cap.unit()))
                .collect::<Result<_>>()?;
            (scale(cap.amount(), *per)?, sizes)
        }
        _ => return Ok(()),
    };
    let worst_total = exact_add(
        checked_sum(sizes.iter().copied(), "cap total")?,
        beyond,
        "cap total",
    )?;
    let mut best_total = Decimal::ZERO;
    for (m, size) in members.iter().zip(&sizes) {
        if m.certain && !m.another_cap {
            let remaining = Decimal::ONE.saturating_sub(m.others.upper());
            add_to(
                &mut best_total,
                settle(
                    size.checked_mul(remaining)
                        .ok_or_else(|| overflow("cap total"))?,
                    *size,
                ),
            )?;
        }
    }
    let excess = |total: Decimal| -> Result<Decimal> {
        if total <= cap || total.is_zero() {
            return Ok(Decimal::ZERO);
        }
        total
            .checked_sub(cap)
            .and_then(|e| e.checked_div(total))
            .ok_or_else(|| overflow("cap share"))
    };
    let (c_lo, c_hi) = (excess(best_total)?, excess(worst_total)?);
    for m in members {
        let Some(p) = pending.get_mut(m.row) else {
            continue;
        };
        // Both factors lie in [0, 1].
        let lower = if m.certain {
            Decimal::ONE
                .saturating_sub(m.others.upper())
                .saturating_mul(c_lo)
        } else {
            Decimal::ZERO
        };
        let upper = Decimal::ONE
            .saturating_sub(m.others.lower())
            .saturating_mul(c_hi);
        let share = BlockedShare::new(lower, upper);
        let why = if share.is_exact() {
            Vec::new()
        } else {
            let mut why: Vec<Uncertainty> = m
                .why
                .iter()
                .copied()
                .filter(|w| *w != Uncertainty::Cap)
                .collect();
            if m.certain {
                why.push(Uncertainty::Cap);
            }
            why
        };
        p.add(share, why);
    }
    Ok(())
}

/// The quantity of a row in `unit`, for a quantity cap.
fn member_quantity(r: &DirectRow, sums: &Sums, unit: crate::Unit) -> Result<Decimal> {
    sums.get(&(r.importer, r.exporter, r.product))
        .and_then(|s| match (s.1, s.2) {
            (Some(q), Some(u)) if u == unit => Some(q),
            _ => None,
        })
        .ok_or_else(|| no_quantity(unit, r.exporter, r.importer, r.product))
}

fn no_quantity(unit: crate::Unit, exporter: Economy, importer: Economy, product: HsCode) -> Error {
    Error::new(ErrorKind::Scenario {
        reason: format!(
            "a quantity cap in {unit} needs quantities in that unit; {exporter} to {importer} in \
             {product} has none"
        ),
    })
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
