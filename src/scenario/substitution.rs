//! Stage 2: other suppliers replace part of what is blocked.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::controls::{Measure, RuleSet};
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::money::{bounded_sum, checked_sum, overflow};
use crate::scenario::direct::DirectEffect;
use crate::scenario::settle;

/// What an importer loses of one product and what others replace.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SubstitutionRow {
    /// The importer.
    pub importer: Economy,
    /// The product.
    pub product: HsCode,
    /// Value blocked (stage 1), summed over exporters.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub blocked: Decimal,
    /// Value other suppliers replace.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub substituted: Decimal,
    /// What remains short: `blocked - substituted`.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub shortfall: Decimal,
    /// True when the blocked value is an upper bound (stage 1).
    pub upper_bound: bool,
}

/// One supplier's part in replacing an importer's lost product.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SupplierRow {
    /// The importer.
    pub importer: Economy,
    /// The product.
    pub product: HsCode,
    /// The replacing supplier.
    pub supplier: Economy,
    /// Its spare capacity: world exports of the product less what it
    /// already ships to the importer.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub spare: Decimal,
    /// What it replaces.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub substituted: Decimal,
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
/// value of each (importer, product).
///
/// For an importer `i` and product `p` with blocked value `B`:
///
/// - each other supplier `s` has spare capacity `S_s = max(0, X_sp -
///   M_isp)`, its world exports of `p` less what it already ships to `i`;
///   suppliers whose own exports to `i` of `p` are blocked by a rule on
///   the same date (a ban, a licence with approval below 1, a cap) cannot
///   substitute;
/// - the replaced value is `min(B, r * sum_s S_s)`, with `r` the
///   reallocation rate (0 to 1): the share of spare capacity that can be
///   redirected in the period, a behavioural parameter in the spirit of
///   the substitution elasticity of the WITS SMART model (see
///   [`Scenario::reallocation_rate`](crate::scenario::Scenario::reallocation_rate)
///   for its default);
/// - it is allocated to suppliers in proportion to spare capacity, so no
///   supplier gives more than `r * S_s <= S_s`;
/// - the shortfall is `B - replaced`.
///
/// Importers are treated one at a time: two importers that lose the same
/// product may both count on the same supplier's spare capacity (a
/// partial-equilibrium simplification; for one importer it is exact).
///
/// Conservation: `blocked = substituted + shortfall` for every row, and
/// the suppliers' parts add up to `substituted` exactly.
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
        // Blocked value by (importer, product).
        let mut lost: BTreeMap<(Economy, HsCode), (Decimal, bool)> = BTreeMap::new();
        for r in direct.rows.iter().filter(|r| !r.blocked.is_zero()) {
            let e = lost
                .entry((r.importer, r.product))
                .or_insert((Decimal::ZERO, false));
            add_to(&mut e.0, r.blocked)?;
            e.1 |= r.upper_bound;
        }
        let (exports, shipped) = world_and_shipped(data, &baseline.scope(), world, &lost)?;

        let mut rows = Vec::with_capacity(lost.len());
        let mut suppliers = Vec::new();
        for ((importer, product), (blocked, upper_bound)) in lost {
            let mut spare: Vec<(Economy, Decimal)> = Vec::new();
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
                    .ok_or_else(|| overflow("spare capacity"))?;
                let free = free.max(Decimal::ZERO);
                if free.is_zero() || blocks(rules, *s, importer, product, direct.as_of) {
                    continue;
                }
                spare.push((*s, free));
            }
            let total_spare = checked_sum(spare.iter().map(|s| s.1), "spare capacity")?;
            let available = settle(
                total_spare
                    .checked_mul(rate)
                    .ok_or_else(|| overflow("spare capacity"))?,
                total_spare,
            );
            let substituted = blocked.min(available);
            // Allocate pro rata to spare capacity; the last supplier takes
            // the remainder so the parts add up exactly.
            // `given` never exceeds `substituted`: each part is at most
            // what remains.
            let mut given = Decimal::ZERO;
            let n = spare.len();
            for (k, (s, free)) in (1usize..).zip(spare) {
                let remaining = substituted
                    .checked_sub(given)
                    .ok_or_else(|| overflow("allocation"))?;
                let part = if k == n {
                    remaining
                } else {
                    settle(
                        substituted
                            .checked_mul(free)
                            .and_then(|v| v.checked_div(total_spare))
                            .ok_or_else(|| overflow("allocation"))?,
                        substituted,
                    )
                    .min(remaining)
                };
                add_to(&mut given, part)?;
                suppliers.push(SupplierRow {
                    importer,
                    product,
                    supplier: s,
                    spare: free,
                    substituted: part,
                });
            }
            rows.push(SubstitutionRow {
                importer,
                product,
                blocked,
                substituted,
                // `substituted` is at most `blocked`, both non-negative.
                shortfall: blocked.saturating_sub(substituted),
                upper_bound,
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
    /// shortfall` in every row, and the totals fit a `Decimal`.
    fn checked(self) -> Result<Substitution> {
        let bad = |reason: String| Error::new(ErrorKind::Scenario { reason });
        if !(Decimal::ZERO..=Decimal::ONE).contains(&self.rate) {
            return Err(bad(format!(
                "the reallocation rate {} is not between 0 and 1",
                self.rate
            )));
        }
        for r in &self.rows {
            let adds_up = r.substituted.checked_add(r.shortfall) == Some(r.blocked);
            if r.substituted < Decimal::ZERO || r.shortfall < Decimal::ZERO || !adds_up {
                return Err(bad(format!(
                    "{} {}: substituted {} and shortfall {} are not a split of the blocked {}",
                    r.importer, r.product, r.substituted, r.shortfall, r.blocked
                )));
            }
        }
        for s in &self.suppliers {
            if s.spare < Decimal::ZERO || s.substituted < Decimal::ZERO {
                return Err(bad(format!(
                    "{} {} from {}: spare {} and substituted {} must not be negative",
                    s.importer, s.product, s.supplier, s.spare, s.substituted
                )));
            }
        }
        checked_sum(self.rows.iter().map(|r| r.blocked), "blocked")?;
        checked_sum(self.suppliers.iter().map(|s| s.substituted), "substituted")?;
        Ok(self)
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

    /// Total substituted value.
    #[must_use]
    pub fn substituted(&self) -> Decimal {
        bounded_sum(self.rows.iter().map(|r| r.substituted))
    }

    /// Total shortfall.
    #[must_use]
    pub fn shortfall(&self) -> Decimal {
        bounded_sum(self.rows.iter().map(|r| r.shortfall))
    }
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
    lost: &BTreeMap<(Economy, HsCode), (Decimal, bool)>,
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

/// True when a rule on `date` blocks some of `supplier`'s exports of
/// `product` to `importer` (anything but a tax or a licence approved in
/// full).
fn blocks(
    rules: &RuleSet,
    supplier: Economy,
    importer: Economy,
    product: HsCode,
    date: chrono::NaiveDate,
) -> bool {
    rules
        .binding(supplier, importer, product, date)
        .rules()
        .iter()
        .any(|r| match r.measure() {
            Measure::Tax { .. } => false,
            Measure::Licence { approval_rate } => *approval_rate < Decimal::ONE,
            _ => true,
        })
}
