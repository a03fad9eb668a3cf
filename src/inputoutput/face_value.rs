//! Face-value dependence: what a region buys from each other region,
//! intermediate and final, as the table records it (the first tier
//! only).

use crate::error::Result;
use crate::inputoutput::linalg::block_sum;
use crate::inputoutput::look_through::ratio;
use crate::inputoutput::mrio::Mrio;
use crate::inputoutput::region::Region;

/// What region `r` buys from each region, directly: intermediate inputs
/// (the rows of `Z` into `r`'s columns) and final goods (the rows of `Y`
/// into `r`'s categories).
///
/// # Formulas
///
/// For origin `s` and product sector `i`: `m_int(s,i) = sum_(j in r)
/// z_(s,i),(r,j)` and `m_fin(s,i) = sum_(c of r) y_(s,i),(r,c)`.
///
/// - face-value dependence ([`share`](FaceValue::share)): `s`'s part of
///   `r`'s imports, `sum_i (m_int + m_fin)(s,i) / sum_(s' != r, i) (m_int +
///   m_fin)(s',i)`; by product sector `i`
///   ([`share_in_product`](FaceValue::share_in_product)), and for the
///   intermediate or final part alone;
/// - by `r`'s using sector `j` ([`input_share`](FaceValue::input_share)):
///   `s`'s part of the foreign intermediate inputs of `(r,j)`, the
///   face-value exposure of Baldwin, Freeman and Theodorakopoulos (NBER
///   w30525, 2022);
/// - [`share_of_total`](FaceValue::share_of_total): `s`'s part of all of
///   `r`'s purchases, domestic included (comparable with
///   [`LookThrough`](crate::inputoutput::LookThrough)'s share of the
///   total output `r`'s final demand needs).
///
/// A share whose denominator is zero is `None`, never NaN.
///
/// # Example
///
/// ```
/// use tradedep::inputoutput::{Mrio, Region};
///
/// let t = Mrio::builder(["JPN".parse::<Region>()?, "CHN".parse()?], ["parts", "cars"], ["hh"])
///     .intermediate(vec![
///         0.0, 20.0, 0.0, 0.0,
///         0.0, 0.0, 0.0, 0.0,
///         10.0, 0.0, 0.0, 30.0,
///         0.0, 0.0, 0.0, 0.0,
///     ])
///     .final_demand(vec![0.0, 0.0, 80.0, 0.0, 0.0, 0.0, 60.0, 60.0])
///     .build()?;
/// let fv = t.face_value(&"JPN".parse()?)?;
/// // Japan buys 30 of inputs (10 Chinese) and 140 of final goods (60 Chinese).
/// assert_eq!(fv.imports(), 70.0);
/// assert_eq!(fv.total(), 170.0);
/// assert_eq!(fv.share_of_total(&"CHN".parse()?), Some(70.0 / 170.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FaceValue {
    regions: Vec<Region>,
    sectors: Vec<String>,
    importer: Region,
    at: usize,
    /// By origin region-sector.
    intermediate: Vec<f64>,
    /// By origin region-sector.
    final_goods: Vec<f64>,
    /// Origin region by the importer's using sector, origin-major.
    inputs: Vec<f64>,
}

impl Mrio {
    /// What `importer` buys from every region; see [`FaceValue`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// region the table does not have.
    pub fn face_value(&self, importer: &Region) -> Result<FaceValue> {
        let r = self.require_region(importer)?;
        let (n, s) = (self.len(), self.sectors().len());
        let first = r.saturating_mul(s);
        let z = self.z();
        let mut intermediate = vec![0.0; n];
        let mut inputs = vec![0.0; self.regions().len().saturating_mul(s)];
        for j in 0..s {
            let col = first.saturating_add(j);
            for i in 0..n {
                let v = z[(i, col)];
                if let Some(slot) = intermediate.get_mut(i) {
                    *slot += v;
                }
                let origin = i.checked_div(s).unwrap_or(0);
                if let Some(slot) = inputs.get_mut(origin.saturating_mul(s).saturating_add(j)) {
                    *slot += v;
                }
            }
        }
        let final_goods = self.final_demand_columns(r);
        Ok(FaceValue {
            regions: self.regions().to_vec(),
            sectors: self.sectors().to_vec(),
            importer: importer.clone(),
            at: r,
            intermediate,
            final_goods,
            inputs,
        })
    }
}

impl FaceValue {
    /// The importer.
    #[must_use]
    pub fn importer(&self) -> &Region {
        &self.importer
    }

    fn s(&self) -> usize {
        self.sectors.len()
    }

    fn region_of(&self, region: &Region) -> Option<usize> {
        self.regions.iter().position(|r| r == region)
    }

    fn foreign(&self, v: &[f64]) -> f64 {
        (0..self.regions.len())
            .filter(|r| *r != self.at)
            .map(|r| block_sum(v, r, self.s()))
            .sum::<f64>()
    }

    /// Intermediate inputs bought from `origin` (from the importer
    /// itself: its domestic inputs); `None` for a region the table does
    /// not have.
    #[must_use]
    pub fn intermediate_from(&self, origin: &Region) -> Option<f64> {
        let r = self.region_of(origin)?;
        Some(block_sum(&self.intermediate, r, self.s()))
    }

    /// Final goods bought from `origin`.
    #[must_use]
    pub fn final_from(&self, origin: &Region) -> Option<f64> {
        let r = self.region_of(origin)?;
        Some(block_sum(&self.final_goods, r, self.s()))
    }

    /// Everything bought from `origin`, intermediate and final.
    #[must_use]
    pub fn purchases_from(&self, origin: &Region) -> Option<f64> {
        Some(self.intermediate_from(origin)? + self.final_from(origin)?)
    }

    /// Imports: purchases from every other region.
    #[must_use]
    pub fn imports(&self) -> f64 {
        self.foreign(&self.intermediate) + self.foreign(&self.final_goods)
    }

    /// Every purchase, domestic included.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.intermediate.iter().sum::<f64>() + self.final_goods.iter().sum::<f64>()
    }

    /// Imports as a part of every purchase.
    #[must_use]
    pub fn foreign_share(&self) -> Option<f64> {
        ratio(self.imports(), self.total())
    }

    /// The face-value dependence on `origin`: its part of the imports;
    /// `None` for the importer itself, an unknown region, or no imports.
    #[must_use]
    pub fn share(&self, origin: &Region) -> Option<f64> {
        let r = self.region_of(origin)?;
        if r == self.at {
            return None;
        }
        ratio(self.purchases_from(origin)?, self.imports())
    }

    /// `origin`'s part of the intermediate imports alone.
    #[must_use]
    pub fn intermediate_share(&self, origin: &Region) -> Option<f64> {
        let r = self.region_of(origin)?;
        if r == self.at {
            return None;
        }
        ratio(
            self.intermediate_from(origin)?,
            self.foreign(&self.intermediate),
        )
    }

    /// `origin`'s part of the final-goods imports alone.
    #[must_use]
    pub fn final_share(&self, origin: &Region) -> Option<f64> {
        let r = self.region_of(origin)?;
        if r == self.at {
            return None;
        }
        ratio(self.final_from(origin)?, self.foreign(&self.final_goods))
    }

    /// `origin`'s part of every purchase, domestic included (for the
    /// importer itself: the domestic part).
    #[must_use]
    pub fn share_of_total(&self, origin: &Region) -> Option<f64> {
        ratio(self.purchases_from(origin)?, self.total())
    }

    /// `origin`'s part of the imports of products of `sector`.
    #[must_use]
    pub fn share_in_product(&self, origin: &Region, sector: &str) -> Option<f64> {
        let r = self.region_of(origin)?;
        let k = self.sectors.iter().position(|s| s == sector)?;
        if r == self.at {
            return None;
        }
        let s = self.s();
        let cell = |r: usize| {
            let i = r.saturating_mul(s).saturating_add(k);
            self.intermediate.get(i).copied().unwrap_or(0.0)
                + self.final_goods.get(i).copied().unwrap_or(0.0)
        };
        let foreign = (0..self.regions.len())
            .filter(|x| *x != self.at)
            .map(cell)
            .sum::<f64>();
        ratio(cell(r), foreign)
    }

    /// `origin`'s part of the foreign intermediate inputs of the
    /// importer's sector `using` (Baldwin et al.'s face-value exposure).
    #[must_use]
    pub fn input_share(&self, origin: &Region, using: &str) -> Option<f64> {
        let r = self.region_of(origin)?;
        let j = self.sectors.iter().position(|s| s == using)?;
        if r == self.at {
            return None;
        }
        let s = self.s();
        let cell = |r: usize| {
            self.inputs
                .get(r.saturating_mul(s).saturating_add(j))
                .copied()
                .unwrap_or(0.0)
        };
        let foreign = (0..self.regions.len())
            .filter(|x| *x != self.at)
            .map(cell)
            .sum::<f64>();
        ratio(cell(r), foreign)
    }
}
