//! Scenarios: what happens to an importer when an exporter's measures
//! bind, from the direct effect to substitution and stockpile runways.
//!
//! A [`Scenario`] is a baseline (trade data for a period), a
//! [`RuleSet`] and an "as of" date, plus
//! assumptions. It runs in stages, each a typed, serde-able result whose
//! parts add up exactly (decimal arithmetic), each worked out in two
//! cases ([`Case`]): the best counts only what certainly binds, the worst
//! everything that may (rules limited to some end users, partial links of
//! a control list, flows coarser than a rule's scope, the low end of a
//! licence's approval range). Blocked values and shortfalls are
//! [`Bounds`].
//!
//! 1. [`DirectEffect`]: what the binding measures block; `baseline =
//!    retained + blocked` in each case.
//! 2. [`Substitution`]: what other suppliers replace, up to their spare
//!    capacity times a reallocation rate; `blocked = substituted +
//!    shortfall` in each case.
//! 3. [`runways`]: how many months inventories last against the
//!    shortfall, longest in the best case, shortest in the worst.
//! 4. [`SectorEffects`]: the shortfall's spread through an economy's
//!    sectors, demand-driven (Leontief) and supply-driven (Ghosh), on an
//!    input-output model of [`inputoutput`](crate::inputoutput), products
//!    mapped to sectors by a [`SectorMap`]; or, on a multi-region model
//!    ([`Mrio`](crate::inputoutput::Mrio)), [`MrioEffects`]: the cut of
//!    one supplier's sales spread across every country's sectors, as a
//!    partial extraction (demand side) and a Ghosh shock (supply side).
//!
//! # Example
//!
//! A two-supplier world: Japan buys 100 of magnets (850511) from China and
//! 20 from Viet Nam, which exports 60 in all. China bans the exports.
//!
//! ```
//! use tradedep::scenario::{Case, Inventory, Runway, Scenario, Stock};
//! use tradedep::controls::{ControlDirection, Instrument, Measure, Rule, RuleSet};
//! use tradedep::{Direction, TradeData, TradeFlow};
//!
//! let flow = |exp: &str, imp: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
//!     TradeFlow::new(imp.parse()?, exp.parse()?, Direction::Import, "850511".parse()?,
//!                    "2024".parse()?, v.parse()?)
//! };
//! let data = TradeData::from_flows([
//!     flow("CHN", "JPN", "100 USD")?,
//!     flow("VNM", "JPN", "20 USD")?,
//!     flow("VNM", "USA", "40 USD")?,
//! ])?;
//! let day = "2026-01-06".parse()?;
//! let ban = Rule::builder("ban", "CHN".parse()?,
//!     Instrument { id: "a ban".into(), title: String::new(), announced: day, url: String::new() },
//!     ControlDirection::Export, "8505".parse()?, Measure::Ban, day).build()?;
//! let result = Scenario::new(&data, RuleSet::new([ban])?, day)
//!     .reallocation_rate("0.5".parse()?)?
//!     .inventory(Inventory { name: "magnets".into(), products: "8505".parse()?,
//!                            stock: Stock::Months("3".parse()?) })
//!     .run()?;
//! // A ban on every end user over a scope written in HS codes: certain,
//! // so the best and the worst case agree.
//! assert_eq!(result.direct().blocked().to_string(), "[100, 100]");
//! // Viet Nam's spare capacity: 60 - 20 = 40; half of it can be redirected.
//! assert_eq!(result.substitution().substituted(Case::Worst).to_string(), "20.0");
//! assert_eq!(result.substitution().shortfall().to_string(), "[80.0, 80.0]");
//! // 3 months of imports (120 / 12 a month = 30) against 80 / 12 a month short.
//! assert_eq!(result.runways()[0].runway(Case::Worst), Runway::Months("4.5".parse()?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bounds;
mod caps;
mod direct;
mod direct_row;
mod mrio_effects;
mod report;
mod runway;
mod sectors;
mod substitution;

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use bounds::{Bounds, Case};
pub use direct::{DirectEffect, DirectRow};
pub use mrio_effects::{Basis, MrioEffects};
pub use report::{Breakdown, RunwayTable};
pub use runway::{Inventory, Runway, RunwayRow, Stock, runways};
pub use sectors::SectorEffects;
pub use substitution::{Substitution, SubstitutionRow, SupplierRow, WorldExports};

use crate::controls::{Approval, Measure, Rule, RuleSet};
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::inputoutput::{IoModel, SectorMap};

/// A scenario, set up and ready to run.
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    data: &'a TradeData,
    baseline: Query,
    rules: RuleSet,
    as_of: NaiveDate,
    rate: Decimal,
    world: WorldExports,
    inventories: Vec<Inventory>,
    approval: ApprovalAssumption,
}

/// The default reallocation rate, 0.5: half of the other suppliers'
/// spare capacity can be redirected within the baseline's period.
///
/// No published figure gives this rate directly: the WITS SMART model
/// works with a substitution elasticity (1.5 by default) between
/// sources, not with a share of capacity. The midpoint of the range is an
/// assumption to be swept ([`Scenario::sweep_reallocation`]), not an
/// estimate.
pub const DEFAULT_REALLOCATION_RATE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// How a run gave its licence requirements their approval rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ApprovalAssumption {
    /// Each licence at the rate or range its rule states.
    AsRuled,
    /// Every licence set to this rate or range for the run
    /// ([`Scenario::approval_rate`]).
    Set(Approval),
    /// One run of a sweep ([`Scenario::sweep_approval`]): every licence
    /// at this rate.
    Swept(Approval),
}

impl fmt::Display for ApprovalAssumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApprovalAssumption::AsRuled => f.write_str("as each rule states"),
            ApprovalAssumption::Set(a) => write!(f, "set to {a} for every licence"),
            ApprovalAssumption::Swept(a) => {
                write!(f, "swept; this run at {a} for every licence")
            }
        }
    }
}

/// Everything a scenario run produced.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "ScenarioResultData"))]
pub struct ScenarioResult {
    direct: DirectEffect,
    substitution: Substitution,
    runways: Vec<RunwayRow>,
    approval: ApprovalAssumption,
    /// Every licence requirement of the rule set with the approval used.
    licences: Vec<(String, Approval)>,
}

/// The serde form of [`ScenarioResult`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct ScenarioResultData {
    direct: DirectEffect,
    substitution: Substitution,
    runways: Vec<RunwayRow>,
    approval: ApprovalAssumption,
    licences: Vec<(String, Approval)>,
}

#[cfg(feature = "serde")]
impl TryFrom<ScenarioResultData> for ScenarioResult {
    type Error = Error;

    /// The stages must agree: what stage 2 splits is what stage 1
    /// blocked, by importer and product, in each case.
    fn try_from(d: ScenarioResultData) -> Result<ScenarioResult> {
        let mut lost: std::collections::BTreeMap<(crate::Economy, crate::HsCode), [Decimal; 2]> =
            std::collections::BTreeMap::new();
        for r in d.direct.rows() {
            if r.blocked().upper().is_zero() {
                continue;
            }
            let e = lost.entry((r.importer(), r.product())).or_default();
            // Sums of a checked stage fit.
            e[0] = e[0].saturating_add(r.blocked().lower());
            e[1] = e[1].saturating_add(r.blocked().upper());
        }
        let split: std::collections::BTreeMap<_, _> = d
            .substitution
            .rows()
            .iter()
            .map(|r| {
                (
                    (r.importer(), r.product()),
                    [r.blocked().lower(), r.blocked().upper()],
                )
            })
            .collect();
        if lost != split {
            return Err(Error::new(ErrorKind::Scenario {
                reason: "stage 2 does not split what stage 1 blocked".into(),
            }));
        }
        Ok(ScenarioResult {
            direct: d.direct,
            substitution: d.substitution,
            runways: d.runways,
            approval: d.approval,
            licences: d.licences,
        })
    }
}

impl ScenarioResult {
    /// Stage 1.
    #[must_use]
    pub fn direct(&self) -> &DirectEffect {
        &self.direct
    }

    /// Stage 2.
    #[must_use]
    pub fn substitution(&self) -> &Substitution {
        &self.substitution
    }

    /// Stage 3, by importer and inventory.
    #[must_use]
    pub fn runways(&self) -> &[RunwayRow] {
        &self.runways
    }

    /// How the run set licence approval rates.
    #[must_use]
    pub fn approval(&self) -> ApprovalAssumption {
        self.approval
    }

    /// Every licence requirement of the rule set, by id, with the
    /// approval rate or range the run used.
    #[must_use]
    pub fn licences(&self) -> &[(String, Approval)] {
        &self.licences
    }

    /// Stage 4: how `importer`'s shortfall spreads through the sectors of
    /// an input-output model, products mapped to sectors by `map`, in the
    /// best and the worst case. The
    /// shortfall is converted to `f64` and divided by `scale` (1 000 000
    /// for a table in millions when the data is in units, say).
    ///
    /// # Errors
    ///
    /// As [`SectorEffects::of_bounds`], and [`ErrorKind::Parameter`] for a
    /// scale that is not positive.
    pub fn sector_effects(
        &self,
        importer: crate::Economy,
        model: &IoModel,
        map: &SectorMap,
        scale: f64,
    ) -> Result<SectorEffects> {
        if !(scale.is_finite() && scale > 0.0) {
            return Err(Error::new(ErrorKind::Parameter {
                name: "scale",
                value: scale.to_string(),
                expected: "a positive number",
            }));
        }
        let shortfall = self
            .substitution
            .rows
            .iter()
            .filter(|r| r.importer() == importer)
            .map(|r| {
                let s = r.shortfall();
                (
                    r.product(),
                    decimal_to_f64(s.lower()) / scale,
                    decimal_to_f64(s.upper()) / scale,
                )
            });
        SectorEffects::of_bounds(model, map, shortfall)
    }
}

impl<'a> Scenario<'a> {
    /// A scenario on all of `data`, reading `rules` on `as_of`, with the
    /// default reallocation rate and world exports from the data.
    #[must_use]
    pub fn new(data: &'a TradeData, rules: RuleSet, as_of: NaiveDate) -> Scenario<'a> {
        Scenario {
            data,
            baseline: Query::new(),
            rules,
            as_of,
            rate: DEFAULT_REALLOCATION_RATE,
            world: WorldExports::FromData,
            inventories: Vec::new(),
            approval: ApprovalAssumption::AsRuled,
        }
    }

    /// Restricts the baseline to the flows `query` selects (one importer,
    /// one year, ...). Substitution still reads world exports from all of
    /// the data.
    #[must_use]
    pub fn baseline(mut self, query: Query) -> Scenario<'a> {
        self.baseline = query;
        self
    }

    /// Sets the reallocation rate (see [`DEFAULT_REALLOCATION_RATE`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a rate outside 0 to 1.
    pub fn reallocation_rate(mut self, rate: Decimal) -> Result<Scenario<'a>> {
        check_unit("reallocation rate", rate)?;
        self.rate = rate;
        Ok(self)
    }

    /// Gives the world's exports by (supplier, product) instead of
    /// summing them from the data.
    #[must_use]
    pub fn world_exports(mut self, world: WorldExports) -> Scenario<'a> {
        self.world = world;
        self
    }

    /// Sets every licence requirement's approval rate, fixed (`"0.5"`) or
    /// a range (`"0.2..0.6"`), in place of what each rule states; the
    /// result says so ([`ScenarioResult::approval`]).
    #[must_use]
    pub fn approval_rate(mut self, approval: Approval) -> Scenario<'a> {
        self.approval = ApprovalAssumption::Set(approval);
        self
    }

    /// Adds an inventory for stage 3.
    #[must_use]
    pub fn inventory(mut self, inventory: Inventory) -> Scenario<'a> {
        self.inventories.push(inventory);
        self
    }

    /// Runs the three stages.
    ///
    /// # Errors
    ///
    /// As [`DirectEffect::run`], [`Substitution::run`] and [`runways`].
    pub fn run(&self) -> Result<ScenarioResult> {
        let owned;
        let rules = match self.approval {
            ApprovalAssumption::AsRuled => &self.rules,
            ApprovalAssumption::Set(a) | ApprovalAssumption::Swept(a) => {
                owned = with_approval(&self.rules, a)?;
                &owned
            }
        };
        let direct = DirectEffect::run(self.data, &self.baseline, rules, self.as_of)?;
        let substitution = Substitution::run(
            self.data,
            &self.baseline,
            &direct,
            rules,
            &self.world,
            self.rate,
        )?;
        let runways = runways(&direct, &substitution, &self.inventories)?;
        let licences = rules
            .rules()
            .iter()
            .filter_map(|r| match r.measure() {
                Measure::Licence { approval_rate } => Some((r.id().to_owned(), *approval_rate)),
                _ => None,
            })
            .collect();
        Ok(ScenarioResult {
            direct,
            substitution,
            runways,
            approval: self.approval,
            licences,
        })
    }

    /// Runs once per reallocation rate, for sensitivity analysis.
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run), and [`ErrorKind::Parameter`] for a rate
    /// outside 0 to 1.
    pub fn sweep_reallocation(&self, rates: &[Decimal]) -> Result<Vec<(Decimal, ScenarioResult)>> {
        rates
            .iter()
            .map(|&r| Ok((r, self.clone().reallocation_rate(r)?.run()?)))
            .collect()
    }

    /// Runs once per licence approval rate, every licence requirement of
    /// the rule set assumed to approve that share, for sensitivity
    /// analysis; each result says which rate it ran at
    /// ([`ApprovalAssumption::Swept`]).
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run), and [`ErrorKind::Parameter`] for a rate
    /// outside 0 to 1.
    pub fn sweep_approval(&self, rates: &[Decimal]) -> Result<Vec<(Decimal, ScenarioResult)>> {
        rates
            .iter()
            .map(|&a| {
                let mut s = self.clone();
                s.approval = ApprovalAssumption::Swept(Approval::fixed(a)?);
                Ok((a, s.run()?))
            })
            .collect()
    }
}

/// The rule set with every licence's approval rate set to `approval`.
fn with_approval(rules: &RuleSet, approval: Approval) -> Result<RuleSet> {
    RuleSet::new(
        rules
            .rules()
            .iter()
            .map(|r| {
                let mut data = r.data().clone();
                if let Measure::Licence { approval_rate } = &mut data.measure {
                    *approval_rate = approval;
                }
                Rule::new(data)
            })
            .collect::<Result<Vec<Rule>>>()?,
    )
}

/// Decimal places that values a scenario derives by a ratio keep beyond
/// those of the value they derive from (a licence's refused share of a
/// flow, a cap's excess share, a supplier's part of spare capacity).
pub const DERIVED_EXTRA_PLACES: u32 = 6;

/// A value derived from `like` by a ratio, kept to `like`'s decimal
/// places plus [`DERIVED_EXTRA_PLACES`] (at most 28), rounded toward zero
/// so that a part never exceeds its whole. Quotients have 28 significant
/// digits, and sums of them would not fit a `Decimal`: settled, they add
/// exactly, and every stage's parts still add up to the last digit.
pub(crate) fn settle(v: Decimal, like: Decimal) -> Decimal {
    v.round_dp_with_strategy(
        like.scale().saturating_add(DERIVED_EXTRA_PLACES).min(28),
        rust_decimal::RoundingStrategy::ToZero,
    )
}

/// As [`settle`], rounded away from zero: for an upper bound, which
/// rounding must never lower.
pub(crate) fn settle_up(v: Decimal, like: Decimal) -> Decimal {
    v.round_dp_with_strategy(
        like.scale().saturating_add(DERIVED_EXTRA_PLACES).min(28),
        rust_decimal::RoundingStrategy::AwayFromZero,
    )
}

/// The nearest `f64` (input-output algebra is in floating point).
fn decimal_to_f64(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(f64::NAN)
}

pub(crate) fn check_unit(name: &'static str, v: Decimal) -> Result<()> {
    if (Decimal::ZERO..=Decimal::ONE).contains(&v) {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Parameter {
            name,
            value: v.to_string(),
            expected: "a share between 0 and 1",
        }))
    }
}
