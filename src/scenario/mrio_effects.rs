//! A scenario's shortfall carried into a multi-region input-output
//! model: output and value added lost by every region and sector, in the
//! best and the worst case.

use std::fmt;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::inputoutput::{Extracted, MrioModel, Region, SectorMap};
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::scenario::ScenarioResult;
use crate::scenario::bounds::Case;

/// Which amount of a scenario the model is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Basis {
    /// What stage 1 blocks of the supplier's sales to the importer (no
    /// substitution: the upper reach of the shock).
    Blocked,
    /// What stays short after stage 2's substitution, by product, put on
    /// the supplier in proportion to its part of what was blocked. The
    /// other suppliers' extra sales are not added to the table, so third
    /// countries' gains are left out.
    Shortfall,
}

/// How a scenario's cut of `importer`'s imports from `supplier` spreads
/// through a multi-region model, in the best and the worst case
/// ([`Case`]).
///
/// # Method
///
/// 1. The amount of each product (by [`Basis`], converted from exact
///    decimals to `f64` and divided by `scale` into the table's unit) is
///    sent to a sector by a [`SectorMap`]; products no rule maps are kept
///    apart ([`unmapped`](MrioEffects::unmapped)).
/// 2. Each of the supplier's sectors `i` is cut by the fraction `phi_i` of
///    its sales to the importer, `amount_i / (sum_j z_(s,i),(r,j) + sum_c
///    y_(s,i),(r,c))`, at most 1; an amount beyond the table's flow is
///    reported ([`beyond_table`](MrioEffects::beyond_table)), never
///    spread. The flow is net: a negative category (changes in
///    inventories) lowers it, and every entry of the row is scaled by `1 -
///    phi`, so exactly the amount is removed; a net flow that is not
///    positive takes no cut and the whole amount is beyond the table.
/// 3. Demand side (a partial hypothetical extraction, Miller & Blair 2009
///    ch. 12; see [`Extracted`]): those sales stop, and the output every
///    region-sector loses by feeding them is `x - x-bar`.
/// 4. Supply side (Ghosh): the importer's sectors lose the inputs cut,
///    `dv_(r,j) = -sum_i phi_i z_(s,i),(r,j)`, and the loss runs
///    downstream, `dx' = dv' G`, to the importer's sectors and their
///    customers everywhere. Value added lost is `v * dx`.
///
/// Both models are linear with non-negative multipliers, so the worst
/// case's larger amounts give losses at least as large in every
/// region-sector: the two cases bound the effect.
///
/// # Example
///
/// China bans its magnets (8505) to every user; Japan bought 20 of them.
/// In a two-region table where China's parts sell 10 to Japan's parts
/// and 10 to Japan's cars (and 30 at home), and magnets are parts:
///
/// ```
/// use tradedep::controls::{ControlDirection, Instrument, Measure, Rule, RuleSet};
/// use tradedep::inputoutput::{Mrio, Region, SectorMap};
/// use tradedep::scenario::{Basis, Case, Scenario};
/// use tradedep::{Direction, TradeData, TradeFlow};
///
/// let data = TradeData::from_flows([TradeFlow::new(
///     "JPN".parse()?, "CHN".parse()?, Direction::Import, "850511".parse()?,
///     "2024".parse()?, "20 USD".parse()?,
/// )?])?;
/// let day = "2026-01-06".parse()?;
/// let ban = Rule::builder("ban", "CHN".parse()?,
///     Instrument { id: "a ban".into(), title: String::new(), announced: day, url: String::new() },
///     ControlDirection::Export, "8505".parse()?, Measure::Ban, day).build()?;
/// let result = Scenario::new(&data, RuleSet::new([ban])?, day).run()?;
///
/// let t = Mrio::builder(["JPN".parse::<Region>()?, "CHN".parse()?], ["parts", "cars"], ["hh"])
///     .intermediate(vec![
///         0.0, 20.0, 0.0, 0.0,
///         0.0, 0.0, 0.0, 0.0,
///         10.0, 10.0, 0.0, 30.0,
///         0.0, 0.0, 0.0, 0.0,
///     ])
///     .final_demand(vec![0.0, 0.0, 80.0, 0.0, 0.0, 0.0, 60.0, 60.0])
///     .value_added("va", vec![10.0, 50.0, 50.0, 90.0])
///     .build()?;
/// let m = t.model()?;
/// let map = SectorMap::new().with("85".parse()?, "parts");
/// let e = result.mrio_effects("JPN".parse()?, "CHN".parse()?, &m, &map, 1.0, Basis::Blocked)?;
/// let (jpn, chn): (Region, Region) = ("JPN".parse()?, "CHN".parse()?);
/// // All of China's parts sales to Japan are cut: China loses 20 of
/// // output (demand side); Japan's parts lose 10 and its cars, which take
/// // all of its parts, 20 (supply side).
/// assert_eq!(e.fraction(Case::Worst, "parts"), Some(1.0));
/// assert!((e.demand_side(Case::Worst).lost_in(&chn).unwrap() - 20.0).abs() < 1e-9);
/// assert!((e.supply_side_lost_in(Case::Worst, &jpn).unwrap() - 30.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MrioEffects {
    importer: Region,
    supplier: Region,
    basis: Basis,
    regions: Vec<Region>,
    sectors: Vec<String>,
    best: MrioCase,
    worst: MrioCase,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct MrioCase {
    /// By the supplier's sector.
    fractions: Vec<f64>,
    beyond: f64,
    unmapped: f64,
    demand: Extracted,
    /// Output lost, supply side, by region-sector (positive).
    supply: Vec<f64>,
    supply_value_added: Option<Vec<f64>>,
}

impl ScenarioResult {
    /// Stage 4 on a multi-region model: how the cut of `importer`'s
    /// imports from `supplier` spreads across every country's sectors;
    /// see [`MrioEffects`]. `scale` divides the scenario's amounts into
    /// the table's unit (1 000 000 for a table in millions of the
    /// data's currency unit).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a scale that is not positive;
    /// [`ErrorKind::InputOutput`] when the model has no region of the
    /// importer or the supplier, or the map names a sector the model does
    /// not have.
    pub fn mrio_effects(
        &self,
        importer: Economy,
        supplier: Economy,
        model: &MrioModel<'_>,
        map: &SectorMap,
        scale: f64,
        basis: Basis,
    ) -> Result<MrioEffects> {
        if !(scale.is_finite() && scale > 0.0) {
            return Err(Error::new(ErrorKind::Parameter {
                name: "scale",
                value: scale.to_string(),
                expected: "a positive number",
            }));
        }
        let t = model.table();
        map.check_sectors(t.sectors())?;
        let (r, s) = (Region::from(importer), Region::from(supplier));
        let ri = t.require_region(&r)?;
        let si = t.require_region(&s)?;
        let amounts = self.amounts(importer, supplier, basis);
        let case = |c: Case| -> Result<MrioCase> {
            let per_product = amounts.iter().map(|(p, b)| {
                (
                    *p,
                    match c {
                        Case::Best => b[0],
                        Case::Worst => b[1],
                    } / scale,
                )
            });
            MrioCase::of(model, map, ri, si, &r, per_product)
        };
        Ok(MrioEffects {
            importer: r.clone(),
            supplier: s,
            basis,
            regions: t.regions().to_vec(),
            sectors: t.sectors().to_vec(),
            best: case(Case::Best)?,
            worst: case(Case::Worst)?,
        })
    }

    /// The amounts by product, `[best, worst]`.
    fn amounts(
        &self,
        importer: Economy,
        supplier: Economy,
        basis: Basis,
    ) -> Vec<(HsCode, [f64; 2])> {
        let mut by: std::collections::BTreeMap<HsCode, [Decimal; 2]> =
            std::collections::BTreeMap::new();
        let mut all: std::collections::BTreeMap<HsCode, [Decimal; 2]> =
            std::collections::BTreeMap::new();
        for row in self
            .direct()
            .rows()
            .iter()
            .filter(|r| r.importer() == importer)
        {
            let b = row.blocked();
            let e = all.entry(row.product()).or_default();
            e[0] = e[0].saturating_add(b.lower());
            e[1] = e[1].saturating_add(b.upper());
            if row.exporter() == supplier {
                let e = by.entry(row.product()).or_default();
                e[0] = e[0].saturating_add(b.lower());
                e[1] = e[1].saturating_add(b.upper());
            }
        }
        let f = super::decimal_to_f64;
        match basis {
            Basis::Blocked => by
                .into_iter()
                .map(|(p, b)| (p, [f(b[0]), f(b[1])]))
                .collect(),
            Basis::Shortfall => self
                .substitution()
                .rows()
                .iter()
                .filter(|row| row.importer() == importer)
                .filter_map(|row| {
                    let mine = by.get(&row.product())?;
                    let total = all.get(&row.product())?;
                    let part = |total: Decimal, mine: Decimal, short: Decimal| -> f64 {
                        let t = f(total);
                        if t > 0.0 { f(short) * f(mine) / t } else { 0.0 }
                    };
                    let sh = row.shortfall();
                    let [total_best, total_worst] = *total;
                    let [mine_best, mine_worst] = *mine;
                    Some((
                        row.product(),
                        [
                            part(total_best, mine_best, sh.lower()),
                            part(total_worst, mine_worst, sh.upper()),
                        ],
                    ))
                })
                .collect(),
        }
    }
}

impl MrioCase {
    fn of<I>(
        model: &MrioModel<'_>,
        map: &SectorMap,
        ri: usize,
        si: usize,
        importer: &Region,
        amounts: I,
    ) -> Result<MrioCase>
    where
        I: IntoIterator<Item = (HsCode, f64)>,
    {
        let t = model.table();
        let width = t.sectors().len();
        let mut by_sector = vec![0.0; width];
        let mut unmapped = 0.0;
        for (p, v) in amounts {
            match map.sector_of(p).and_then(|name| t.sector_index(name)) {
                Some(k) => {
                    if let Some(slot) = by_sector.get_mut(k) {
                        *slot += v;
                    }
                }
                None => unmapped += v,
            }
        }
        let own = ri.saturating_mul(width)..ri.saturating_mul(width).saturating_add(width);
        let y_own = t.final_demand_columns(ri);
        let mut fractions = vec![0.0; width];
        let mut beyond = 0.0;
        let mut rows = Vec::new();
        let mut dv = vec![0.0; t.len()];
        for (k, amount) in by_sector.iter().enumerate() {
            let i = si.saturating_mul(width).saturating_add(k);
            let inputs: f64 = own.clone().filter_map(|j| t.flow(i, j)).sum::<f64>();
            let flow = inputs + y_own.get(i).copied().unwrap_or(0.0);
            let phi = if flow > 0.0 {
                (amount / flow).min(1.0)
            } else {
                0.0
            };
            beyond += (amount - phi * flow).max(0.0);
            if let Some(slot) = fractions.get_mut(k) {
                *slot = phi;
            }
            if phi > 0.0 {
                rows.push((i, phi));
                for j in own.clone() {
                    if let (Some(slot), Some(z)) = (dv.get_mut(j), t.flow(i, j)) {
                        *slot -= phi * z;
                    }
                }
            }
        }
        let demand = model.extract_rows(importer, &rows)?;
        let supply: Vec<f64> = model.supply_effect(&dv)?.iter().map(|d| -d).collect();
        let supply_value_added = model
            .value_added_coefficients()
            .ok()
            .map(|v| supply.iter().zip(&v).map(|(x, v)| x * v).collect());
        Ok(MrioCase {
            fractions,
            beyond,
            unmapped,
            demand,
            supply,
            supply_value_added,
        })
    }
}

impl MrioEffects {
    fn case(&self, case: Case) -> &MrioCase {
        match case {
            Case::Best => &self.best,
            Case::Worst => &self.worst,
        }
    }

    /// The importer.
    #[must_use]
    pub fn importer(&self) -> &Region {
        &self.importer
    }

    /// The supplier whose sales are cut.
    #[must_use]
    pub fn supplier(&self) -> &Region {
        &self.supplier
    }

    /// What the model was given.
    #[must_use]
    pub fn basis(&self) -> Basis {
        self.basis
    }

    /// The fraction of the supplier's sales of `sector` to the importer
    /// that is cut; `None` for a sector the table does not have.
    #[must_use]
    pub fn fraction(&self, case: Case, sector: &str) -> Option<f64> {
        let k = self.sectors.iter().position(|s| s == sector)?;
        self.case(case).fractions.get(k).copied()
    }

    /// The amount beyond the table's flows (not spread), in the table's
    /// unit.
    #[must_use]
    pub fn beyond_table(&self, case: Case) -> f64 {
        self.case(case).beyond
    }

    /// The amount of products no rule of the map sends to a sector.
    #[must_use]
    pub fn unmapped(&self, case: Case) -> f64 {
        self.case(case).unmapped
    }

    /// The demand side: the partial extraction of the sales cut.
    #[must_use]
    pub fn demand_side(&self, case: Case) -> &Extracted {
        &self.case(case).demand
    }

    /// Output lost on the supply side by every region-sector, in table
    /// order (positive for losses).
    #[must_use]
    pub fn supply_side(&self, case: Case) -> &[f64] {
        &self.case(case).supply
    }

    fn region_sum(&self, v: &[f64], region: &Region) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == region)?;
        Some(crate::inputoutput::block_sum(v, r, self.sectors.len()))
    }

    /// Output lost on the supply side by a region.
    #[must_use]
    pub fn supply_side_lost_in(&self, case: Case, region: &Region) -> Option<f64> {
        self.region_sum(&self.case(case).supply, region)
    }

    /// Value added lost on the supply side by a region; `None` without
    /// value added in the table.
    #[must_use]
    pub fn supply_side_value_added_lost_in(&self, case: Case, region: &Region) -> Option<f64> {
        self.region_sum(self.case(case).supply_value_added.as_ref()?, region)
    }
}

impl fmt::Display for MrioEffects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}'s imports from {} cut ({:?}): output lost, best .. worst case",
            self.importer, self.supplier, self.basis
        )?;
        writeln!(
            f,
            "  {:<8} {:>23} {:>23}",
            "region", "demand side", "supply side"
        )?;
        for r in &self.regions {
            let d = |c: Case| self.demand_side(c).lost_in(r).unwrap_or(0.0);
            let s = |c: Case| self.supply_side_lost_in(c, r).unwrap_or(0.0);
            writeln!(
                f,
                "  {:<8} {:>10.2} .. {:>10.2} {:>10.2} .. {:>10.2}",
                r.code(),
                d(Case::Best),
                d(Case::Worst),
                s(Case::Best),
                s(Case::Worst)
            )?;
        }
        let (b, w) = (
            self.beyond_table(Case::Best),
            self.beyond_table(Case::Worst),
        );
        if w > 0.0 {
            writeln!(
                f,
                "  note: {b:.2} .. {w:.2} of the cut exceeds the table's flows and is not spread"
            )?;
        }
        let (b, w) = (self.unmapped(Case::Best), self.unmapped(Case::Worst));
        if w > 0.0 {
            writeln!(f, "  note: {b:.2} .. {w:.2} of products map to no sector")?;
        }
        Ok(())
    }
}
