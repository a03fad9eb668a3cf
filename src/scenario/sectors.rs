//! The shortfall of a scenario spread through an input-output model.

use crate::error::Result;
use crate::inputoutput::table::io_error;
use crate::inputoutput::{IoModel, SectorMap};
use crate::model::hs::HsCode;
use crate::scenario::bounds::Case;

/// How an importer's shortfall spreads through its economy's sectors, in
/// the best and the worst case ([`Case`]).
///
/// The shortfall of each product (stage 2, converted from exact decimals
/// to `f64` here) is sent to a sector by a [`SectorMap`] and read two
/// ways (Miller & Blair 2009, ch. 12):
///
/// - supply-driven (Ghosh): the lost imports are lost primary inputs of
///   the sectors that use them, `dx' = -s' G`;
/// - demand-driven (Leontief): as if the sectors' final demand fell by
///   the shortfall, `dx = -L s`; a bound on the knock-on effect, as the
///   Ghosh model's plausibility is debated.
///
/// Both are changes in output (negative for losses), in the table's
/// units; give the table and the shortfall in the same units and scale.
/// Both models are linear with non-negative multipliers, so the worst
/// case's larger shortfall gives losses at least as large in every
/// sector.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SectorEffects {
    sectors: Vec<String>,
    best: Effects,
    worst: Effects,
}

/// One case's effects.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Effects {
    shock: Vec<f64>,
    supply_driven: Vec<f64>,
    demand_driven: Vec<f64>,
    unmapped: f64,
}

impl Effects {
    fn of<I>(model: &IoModel, map: &SectorMap, shortfall: I) -> Result<Effects>
    where
        I: IntoIterator<Item = (HsCode, f64)>,
    {
        let (shock, unmapped) = map.to_sectors(model, shortfall)?;
        let neg: Vec<f64> = shock.iter().map(|v| -v).collect();
        Ok(Effects {
            supply_driven: model.supply_effect(&neg)?,
            demand_driven: model.demand_effect(&neg)?,
            shock,
            unmapped,
        })
    }
}

impl SectorEffects {
    /// The effects of one shortfall given by product (the same in both
    /// cases).
    ///
    /// # Errors
    ///
    /// As [`SectorMap::to_sectors`].
    pub fn of<I>(model: &IoModel, map: &SectorMap, shortfall: I) -> Result<SectorEffects>
    where
        I: IntoIterator<Item = (HsCode, f64)>,
    {
        let best = Effects::of(model, map, shortfall)?;
        Ok(SectorEffects {
            sectors: model.sectors().to_vec(),
            worst: best.clone(),
            best,
        })
    }

    /// The effects of a shortfall known within bounds, given by product
    /// as `(product, lower, upper)`.
    ///
    /// # Errors
    ///
    /// As [`SectorMap::to_sectors`], and
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// product whose bounds are not finite with `lower <= upper`.
    pub fn of_bounds<I>(model: &IoModel, map: &SectorMap, shortfall: I) -> Result<SectorEffects>
    where
        I: IntoIterator<Item = (HsCode, f64, f64)>,
    {
        let items: Vec<(HsCode, f64, f64)> = shortfall.into_iter().collect();
        if let Some((p, lo, hi)) = items
            .iter()
            .find(|(_, lo, hi)| !(lo.is_finite() && hi.is_finite() && lo <= hi))
        {
            return Err(io_error(format!(
                "the shortfall of {p} is given as [{lo}, {hi}]: bounds must be finite, the lower \
                 no greater than the upper"
            )));
        }
        Ok(SectorEffects {
            sectors: model.sectors().to_vec(),
            best: Effects::of(model, map, items.iter().map(|(p, lo, _)| (*p, *lo)))?,
            worst: Effects::of(model, map, items.iter().map(|(p, _, hi)| (*p, *hi)))?,
        })
    }

    fn case(&self, case: Case) -> &Effects {
        match case {
            Case::Best => &self.best,
            Case::Worst => &self.worst,
        }
    }

    /// The sectors, in order.
    #[must_use]
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// The shortfall sent to each sector in `case`.
    #[must_use]
    pub fn shock(&self, case: Case) -> &[f64] {
        &self.case(case).shock
    }

    /// Supply-driven change in output by sector in `case`.
    #[must_use]
    pub fn supply_driven(&self, case: Case) -> &[f64] {
        &self.case(case).supply_driven
    }

    /// Demand-driven change in output by sector in `case`.
    #[must_use]
    pub fn demand_driven(&self, case: Case) -> &[f64] {
        &self.case(case).demand_driven
    }

    /// Shortfall of products the map sends to no sector, in `case`.
    #[must_use]
    pub fn unmapped(&self, case: Case) -> f64 {
        self.case(case).unmapped
    }
}

impl std::fmt::Display for SectorEffects {
    /// One line per sector: the shortfall and each model's change in
    /// output, each as best case .. worst case.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = self
            .sectors
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(6)
            .max(6);
        writeln!(
            f,
            "{:<w$}  {:>26}  {:>26}  {:>26}",
            "sector", "shortfall", "supply-driven", "demand-driven"
        )?;
        let pair = |b: &[f64], x: &[f64], i: usize| {
            let get = |v: &[f64]| v.get(i).copied().unwrap_or(0.0) + 0.0;
            format!("{:.2} .. {:.2}", get(b), get(x))
        };
        for (i, s) in self.sectors.iter().enumerate() {
            writeln!(
                f,
                "{s:<w$}  {:>26}  {:>26}  {:>26}",
                pair(&self.best.shock, &self.worst.shock, i),
                pair(&self.best.supply_driven, &self.worst.supply_driven, i),
                pair(&self.best.demand_driven, &self.worst.demand_driven, i)
            )?;
        }
        if self.best.unmapped != 0.0 || self.worst.unmapped != 0.0 {
            writeln!(
                f,
                "(shortfall of unmapped products: {:.2} .. {:.2})",
                self.best.unmapped, self.worst.unmapped
            )?;
        }
        writeln!(f, "(each column: best case .. worst case)")
    }
}
