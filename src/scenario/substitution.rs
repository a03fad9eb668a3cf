//! Stage 2: other suppliers replace part of what is blocked.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::controls::RuleSet;
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::money::{bounded_sum, checked_sum, overflow};
use crate::scenario::bounds::{Bounds, Case};
use crate::scenario::direct::DirectEffect;
use crate::scenario::{settle, settle_up};

/// What an importer loses of one product and what others replace, in
/// the best and the worst case ([`Case`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SubstitutionRow {
    importer: Economy,
    product: HsCode,
    blocked: Bounds,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    substituted_best: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    substituted_worst: Decimal,
    shortfall: Bounds,
}

impl SubstitutionRow {
    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// Value blocked (stage 1), summed over exporters.
    #[must_use]
    pub fn blocked(&self) -> Bounds {
        self.blocked
    }

    /// Value other suppliers replace in `case`. Not ordered between the
    /// cases: more is blocked in the worst case, but fewer suppliers may
    /// replace it.
    #[must_use]
    pub fn substituted(&self, case: Case) -> Decimal {
        match case {
            Case::Best => self.substituted_best,
            Case::Worst => self.substituted_worst,
        }
    }

    /// What remains short, `blocked - substituted` in each case.
    #[must_use]
    pub fn shortfall(&self) -> Bounds {
        self.shortfall
    }
}

/// One supplier's part in replacing an importer's lost product.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SupplierRow {
    importer: Economy,
    product: HsCode,
    supplier: Economy,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    spare: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    substituted_best: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    substituted_worst: Decimal,
}

impl SupplierRow {
    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// The replacing supplier.
    #[must_use]
    pub fn supplier(&self) -> Economy {
        self.supplier
    }

    /// Its spare capacity: world exports of the product less what it
    /// already ships to the importer.
    #[must_use]
    pub fn spare(&self) -> Decimal {
        self.spare
    }

    /// What it replaces in `case` (nothing in the worst case where its
    /// own exports to the importer may be blocked).
    #[must_use]
    pub fn substituted(&self, case: Case) -> Decimal {
        match case {
            Case::Best => self.substituted_best,
            Case::Worst => self.substituted_worst,
        }
    }
}

/// Where the world's exports by supplier and product come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WorldExports {
    /// Summed from the data itself (all importers, all periods): right
    /// for a BACI year, which holds the world's trade.
    #[default]
    FromData,
    /// Given by the user, by (supplier, product).
    Given(BTreeMap<(Economy, HsCode), Decimal>),
}

/// Stage 2 of a scenario: other suppliers replace part of the blocked
/// value of each (importer, product), in the best and the worst case
/// ([`Case`]).
///
/// For an importer `i` and product `p` with blocked value `B` (in the
/// case at hand):
///
/// - each other supplier `s` has spare capacity `S_s = max(0, X_sp -
///   M_isp)`, its world exports of `p` less what it already ships to `i`;
///   an exporter whose own flow to `i` of `p` is blocked (stage 1)
///   cannot replace it and offers nothing in a case where it is blocked;
///   any other supplier whose new shipments to `i` of `p` rules on the
///   same date block by a share `[l, u]` (all for a ban, a licence's
///   refused share, anything for a cap) offers `(1 - l) S_s` in the best
///   case and `(1 - u) S_s` in the worst;
/// - the replaced value is `min(B, r * sum_s offer_s)`, with `r` the
///   reallocation rate (0 to 1): the share of spare capacity that can be
///   redirected in the period, a behavioural parameter in the spirit of
///   the substitution elasticity of the WITS SMART model (see
///   [`Scenario::reallocation_rate`](crate::scenario::Scenario::reallocation_rate)
///   for its default);
/// - it is allocated to suppliers in proportion to what they offer, so
///   no supplier gives more than `r * offer_s <= S_s` (up to a unit of
///   the last decimal place kept, which the last supplier takes so the
///   parts add up);
/// - the shortfall is `B - replaced`.
///
/// The shortfall is a lower bound in the best case and an upper bound in
/// the worst (`max(0, B - r sum S)` grows with `B` and shrinks with the
/// suppliers counted).
///
/// Importers are treated one at a time: two importers that lose the same
/// product may both count on the same supplier's spare capacity (a
/// partial-equilibrium simplification; for one importer it is exact).
///
/// Conservation, in each case: `blocked = substituted + shortfall` for
/// every row, and the suppliers' parts add up to `substituted` exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "SubstitutionData"))]
pub struct Substitution {
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub(crate) rate: Decimal,
    pub(crate) rows: Vec<SubstitutionRow>,
    pub(crate) suppliers: Vec<SupplierRow>,
}

/// The serde form of [`Substitution`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct SubstitutionData {
    #[serde(with = "crate::model::serde_decimal::exact")]
    rate: Decimal,
    rows: Vec<SubstitutionRow>,
    suppliers: Vec<SupplierRow>,
}

#[cfg(feature = "serde")]
impl TryFrom<SubstitutionData> for Substitution {
    type Error = Error;

    fn try_from(d: SubstitutionData) -> Result<Substitution> {
        Substitution {
            rate: d.rate,
            rows: d.rows,
            suppliers: d.suppliers,
        }
        .checked()
    }
}

impl Substitution {
    /// Runs stage 2 after `direct`, with world exports from `world`
    /// (the data's own flows or given) and reallocation rate `rate`.
    ///
    /// World exports from the data are those of the baseline's scope: the
    /// flows `baseline` selects once its importer and exporter filters are
    /// dropped (the same periods, frequency, HS level and products), so
    /// that a baseline year is never set against several years' exports.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`](crate::ErrorKind::Parameter) for a rate outside 0 to 1;
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does not fit;
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) when the scope's
    /// flows are at two frequencies or HS levels.
    pub fn run(
        data: &TradeData,
        baseline: &Query,
        direct: &DirectEffect,
        rules: &RuleSet,
        world: &WorldExports,
        rate: Decimal,
    ) -> Result<Substitution> {
        crate::scenario::check_unit("reallocation rate", rate)?;
        // Blocked value by (importer, product), in each case.
        let mut lost: Lost = BTreeMap::new();
        for r in direct
            .rows
            .iter()
            .filter(|r| !r.blocked().upper().is_zero())
        {
            let e = lost.entry((r.importer(), r.product())).or_default();
            add_to(&mut e.0, r.blocked().lower())?;
            add_to(&mut e.1, r.blocked().upper())?;
        }
        let (exports, shipped) = world_and_shipped(data, &baseline.scope(), world, &lost)?;

        let mut rows = Vec::with_capacity(lost.len());
        let mut suppliers = Vec::new();
        for ((importer, product), (lower, upper)) in lost {
            // Each supplier's spare capacity, and what of it it may offer
            // in the best and in the worst case.
            let mut spare: Vec<(Economy, Decimal, [Decimal; 2])> = Vec::new();
            for (s, x) in exports.get(&product).into_iter().flatten() {
                if *s == importer {
                    continue;
                }
                let already = shipped
                    .get(&(importer, *s, product))
                    .copied()
                    .unwrap_or_default();
                let free = x
                    .checked_sub(already)
                    .ok_or_else(|| overflow("spare capacity"))?
                    .max(Decimal::ZERO);
                if free.is_zero() {
                    continue;
                }
                let offers = offers(direct, rules, (*s, importer, product), free);
                if offers.iter().any(|o| !o.is_zero()) {
                    spare.push((*s, free, offers));
                }
            }
            let sizes = |case: usize| -> Vec<Decimal> {
                spare
                    .iter()
                    .map(|(_, _, o)| o.get(case).copied().unwrap_or_default())
                    .collect()
            };
            let blocked = Bounds::new(lower, upper)?;
            let (best, best_parts) = allocate(lower, &sizes(0), rate, true)?;
            let (worst, worst_parts) = allocate(upper, &sizes(1), rate, false)?;
            for (((s, free, _), b), w) in spare.into_iter().zip(best_parts).zip(worst_parts) {
                suppliers.push(SupplierRow {
                    importer,
                    product,
                    supplier: s,
                    spare: free,
                    substituted_best: b,
                    substituted_worst: w,
                });
            }
            rows.push(SubstitutionRow {
                importer,
                product,
                blocked,
                substituted_best: best,
                substituted_worst: worst,
                // Each substituted value is at most its case's blocked
                // value, both non-negative; see the type's docs for the
                // order.
                shortfall: Bounds::new(lower.saturating_sub(best), upper.saturating_sub(worst))?,
            });
        }
        Substitution {
            rate,
            rows,
            suppliers,
        }
        .checked()
    }

    /// Checks what the breakdowns and the runway rely on: the rate lies
    /// in [0, 1], no value is negative, `blocked = substituted +
    /// shortfall` in every row and case, and the totals fit a `Decimal`.
    fn checked(self) -> Result<Substitution> {
        let bad = |reason: String| Error::new(ErrorKind::Scenario { reason });
        if !(Decimal::ZERO..=Decimal::ONE).contains(&self.rate) {
            return Err(bad(format!(
                "the reallocation rate {} is not between 0 and 1",
                self.rate
            )));
        }
        for r in &self.rows {
            for case in Case::BOTH {
                let (sub, short) = (r.substituted(case), r.shortfall.at(case));
                let adds_up = sub.checked_add(short) == Some(r.blocked.at(case));
                if sub < Decimal::ZERO || short < Decimal::ZERO || !adds_up {
                    return Err(bad(format!(
                        "{} {} in the {case} case: substituted {sub} and shortfall {short} are not a split of the blocked {}",
                        r.importer,
                        r.product,
                        r.blocked.at(case)
                    )));
                }
            }
        }
        for s in &self.suppliers {
            let negative = Case::BOTH.iter().any(|c| s.substituted(*c) < Decimal::ZERO);
            if s.spare < Decimal::ZERO || negative {
                return Err(bad(format!(
                    "{} {} from {}: spare {} and what it substitutes must not be negative",
                    s.importer, s.product, s.supplier, s.spare
                )));
            }
        }
        checked_sum(self.rows.iter().map(|r| r.blocked.upper()), "blocked")?;
        for case in Case::BOTH {
            checked_sum(
                self.suppliers.iter().map(|s| s.substituted(case)),
                "substituted",
            )?;
        }
        self.check_parts()?;
        Ok(self)
    }

    /// Rows in (importer, product) order, each once; every supplier's
    /// part belongs to a row, gives no more than its spare capacity, and
    /// the parts add up to the row's substituted value in each case.
    fn check_parts(&self) -> Result<()> {
        let bad = |reason: String| Err(Error::new(ErrorKind::Scenario { reason }));
        let key = |r: &SubstitutionRow| (r.importer, r.product);
        if self.rows.windows(2).any(|w| match w {
            [a, b] => key(a) >= key(b),
            _ => false,
        }) {
            return bad("the rows are not in (importer, product) order, each once".into());
        }
        let mut given: BTreeMap<(Economy, HsCode), [Decimal; 2]> = BTreeMap::new();
        for s in &self.suppliers {
            if self
                .rows
                .binary_search_by_key(&(s.importer, s.product), key)
                .is_err()
            {
                return bad(format!(
                    "{} replaces {} {} that no row lost",
                    s.supplier, s.importer, s.product
                ));
            }
            if Case::BOTH.iter().any(|c| s.substituted(*c) > s.spare) {
                return bad(format!(
                    "{} gives {} {} more than its spare capacity {}",
                    s.supplier, s.importer, s.product, s.spare
                ));
            }
            let e = given.entry((s.importer, s.product)).or_default();
            for (slot, case) in e.iter_mut().zip(Case::BOTH) {
                // The totals were checked to fit.
                *slot = slot.saturating_add(s.substituted(case));
            }
        }
        for r in &self.rows {
            let [best, worst] = given.get(&key(r)).copied().unwrap_or_default();
            if best != r.substituted_best || worst != r.substituted_worst {
                return bad(format!(
                    "{} {}: the suppliers' parts ({best}, {worst}) do not add up to what is \
                     substituted ({}, {})",
                    r.importer, r.product, r.substituted_best, r.substituted_worst
                ));
            }
        }
        Ok(())
    }

    /// The reallocation rate used.
    #[must_use]
    pub fn rate(&self) -> Decimal {
        self.rate
    }

    /// Every (importer, product) that lost value.
    #[must_use]
    pub fn rows(&self) -> &[SubstitutionRow] {
        &self.rows
    }

    /// Every supplier's part.
    #[must_use]
    pub fn suppliers(&self) -> &[SupplierRow] {
        &self.suppliers
    }

    /// Total blocked value (stage 1), in each case.
    #[must_use]
    pub fn blocked(&self) -> Bounds {
        Bounds::spanning(
            bounded_sum(self.rows.iter().map(|r| r.blocked.lower())),
            bounded_sum(self.rows.iter().map(|r| r.blocked.upper())),
        )
    }

    /// Total substituted value in `case`.
    #[must_use]
    pub fn substituted(&self, case: Case) -> Decimal {
        bounded_sum(self.rows.iter().map(|r| r.substituted(case)))
    }

    /// Total shortfall, in each case.
    #[must_use]
    pub fn shortfall(&self) -> Bounds {
        Bounds::spanning(
            bounded_sum(self.rows.iter().map(|r| r.shortfall.lower())),
            bounded_sum(self.rows.iter().map(|r| r.shortfall.upper())),
        )
    }
}

/// Blocked value by (importer, product): best case, worst case.
type Lost = BTreeMap<(Economy, HsCode), (Decimal, Decimal)>;

/// What suppliers offering `sizes` replace of `blocked` at reallocation
/// rate `rate`: `min(blocked, r * sum)` (rounded up where `up`),
/// allocated pro rata to what they offer, the last supplier with any
/// taking the remainder so the parts add up exactly (so it may give a
/// unit of the last kept place more than its pro rata part).
fn allocate(
    blocked: Decimal,
    sizes: &[Decimal],
    rate: Decimal,
    up: bool,
) -> Result<(Decimal, Vec<Decimal>)> {
    let total_spare = checked_sum(sizes.iter().copied(), "spare capacity")?;
    let reallocated = total_spare
        .checked_mul(rate)
        .ok_or_else(|| overflow("spare capacity"))?;
    // Rounded up in the best case (the most replaced), down in the worst.
    let available = if up {
        settle_up(reallocated, total_spare)
    } else {
        settle(reallocated, total_spare)
    };
    let substituted = blocked.min(available);
    let last = sizes.iter().rposition(|s| !s.is_zero());
    let mut given = Decimal::ZERO;
    let mut parts = Vec::with_capacity(sizes.len());
    for (k, free) in sizes.iter().enumerate() {
        // `given` never exceeds `substituted`: each part is at most what
        // remains.
        let remaining = substituted
            .checked_sub(given)
            .ok_or_else(|| overflow("allocation"))?;
        let part = if free.is_zero() {
            Decimal::ZERO
        } else if Some(k) == last {
            remaining
        } else {
            settle(
                substituted
                    .checked_mul(*free)
                    .and_then(|v| v.checked_div(total_spare))
                    .ok_or_else(|| overflow("allocation"))?,
                substituted,
            )
            .min(remaining)
        };
        add_to(&mut given, part)?;
        parts.push(part);
    }
    Ok((substituted, parts))
}

/// What `supplier` may offer `importer` of `product` from spare
/// capacity `free`, in the best and the worst case. An exporter whose own
/// flow stage 1 blocks cannot replace it: it offers nothing in a case
/// where its flow is blocked. Any other supplier offers `(1 - l) free` in
/// the best case and `(1 - u) free` in the worst, where `[l, u]` is the
/// share of new shipments that rules block
/// ([`Binding::blocked_share`](crate::controls::Binding::blocked_share):
/// a licence's refused share, all for a ban, anything for a cap).
fn offers(
    direct: &DirectEffect,
    rules: &RuleSet,
    (supplier, importer, product): (Economy, Economy, HsCode),
    free: Decimal,
) -> [Decimal; 2] {
    let key = (importer, supplier, product);
    let own = direct
        .rows
        .binary_search_by_key(&key, |r| (r.importer(), r.exporter(), r.product()))
        .ok()
        .and_then(|i| direct.rows.get(i))
        .map(crate::scenario::direct::DirectRow::blocked);
    let share = rules
        .may_binding(supplier, importer, product, direct.as_of)
        .blocked_share();
    let offer = |share: Decimal, up: bool| {
        let v = free.saturating_mul(Decimal::ONE.saturating_sub(share));
        if up {
            settle_up(v, free).min(free)
        } else {
            settle(v, free)
        }
    };
    let best = if own.is_some_and(|b| !b.lower().is_zero()) {
        Decimal::ZERO
    } else {
        offer(share.lower(), true)
    };
    let worst = if own.is_some_and(|b| !b.upper().is_zero()) {
        Decimal::ZERO
    } else {
        offer(share.upper(), false)
    };
    [best, worst]
}

/// World exports by product, then supplier.
type Exports = BTreeMap<HsCode, BTreeMap<Economy, Decimal>>;
/// Current shipments by (importer, supplier, product).
type Shipped = BTreeMap<(Economy, Economy, HsCode), Decimal>;

/// World exports by product and supplier (from the data or given), and
/// what each supplier already ships to each importer concerned, in one
/// pass over the data.
fn world_and_shipped(
    data: &TradeData,
    scope: &Query,
    world: &WorldExports,
    lost: &Lost,
) -> Result<(Exports, Shipped)> {
    let products: BTreeSet<HsCode> = lost.keys().map(|k| k.1).collect();
    let importers: BTreeSet<Economy> = lost.keys().map(|k| k.0).collect();
    let mut exports = Exports::new();
    if let WorldExports::Given(m) = world {
        for ((s, p), x) in m {
            exports.entry(*p).or_default().insert(*s, *x);
        }
    }
    let mut shipped = Shipped::new();
    for f in data.select(scope)? {
        // The World and unspecified areas are no supplier.
        if !products.contains(&f.product()) || !f.exporter().is_attributed() {
            continue;
        }
        let v = f.value().amount();
        if matches!(world, WorldExports::FromData) {
            add_to(
                exports
                    .entry(f.product())
                    .or_default()
                    .entry(f.exporter())
                    .or_default(),
                v,
            )?;
        }
        if importers.contains(&f.importer()) {
            add_to(
                shipped
                    .entry((f.importer(), f.exporter(), f.product()))
                    .or_default(),
                v,
            )?;
        }
    }
    Ok((exports, shipped))
}
