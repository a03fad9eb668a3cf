//! Look-through dependence: the output, or the value added, of every
//! region-sector that a region's final demand calls for, by origin.

use std::fmt;

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::linalg::block_sum;
use crate::inputoutput::mrio_model::MrioModel;
use crate::inputoutput::region::Region;

/// What a [`LookThrough`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Embodied {
    /// Gross output, `L y_r`.
    Output,
    /// Value added, `diag(v) L y_r`.
    ValueAdded,
}

/// The output or value added of every region-sector that one region's
/// final demand calls for, by origin, and by the product (sector) of the
/// final demand.
///
/// # Formulas
///
/// For the importer `r` with final demand `y_r` (the sum of its
/// categories' columns of `Y`, goods of every origin), and `y_r^(k)` its
/// part for products of sector `k`:
///
/// - output ([`MrioModel::look_through`]): `x(r) = L y_r`, the gross
///   output of every region-sector needed for `r`'s final demand, in the
///   spirit of the foreign production exposure of Baldwin, Freeman and
///   Theodorakopoulos (NBER w30525, 2022), who show that face-value
///   measures understate exposure to China several times;
/// - value added ([`MrioModel::value_added_origin`]): `va(r) = diag(v) L
///   y_r`, the value added by origin in `r`'s final demand, as the OECD's
///   `TiVA` indicator "origin of value added in final demand" (and
///   pymrio's `D_cba` for a value-added extension: its columns are
///   [`for_product`](LookThrough::for_product), their foreign part
///   `D_imp`).
///
/// The look-through share of `s` is its part of the *foreign* amount,
/// `share(s) = sum_i x(r)_(s,i) / sum_(s' != r, i) x(r)_(s',i)`: shares of
/// the foreign origins sum to 1, and the domestic part is
/// [`foreign_share`](LookThrough::foreign_share)'s complement.
///
/// # Example
///
/// The two-region, two-sector table of the crate's tests (worked by
/// hand in `tests/it/mrio.rs`):
///
/// ```
/// use tradedep::inputoutput::{Mrio, Region};
///
/// // JPN and CHN; sectors parts and cars; one category.
/// let t = Mrio::builder(["JPN".parse::<Region>()?, "CHN".parse()?], ["parts", "cars"], ["hh"])
///     .intermediate(vec![
///         0.0, 20.0, 0.0, 0.0, // JPN parts sells to JPN cars
///         0.0, 0.0, 0.0, 0.0,
///         10.0, 0.0, 0.0, 30.0, // CHN parts sells to JPN parts and CHN cars
///         0.0, 0.0, 0.0, 0.0,
///     ])
///     .final_demand(vec![0.0, 0.0, 80.0, 0.0, 0.0, 0.0, 60.0, 60.0])
///     .value_added("va", vec![10.0, 60.0, 40.0, 90.0])
///     .build()?;
/// let m = t.model()?;
/// let chn: Region = "CHN".parse()?;
/// // Japan's final demand: 80 of Japanese cars and 60 of Chinese cars.
/// // It needs 80 + 20 of Japanese output (the parts of its cars) and
/// // 60 + 25 of Chinese output (parts for Japanese parts and Chinese cars).
/// let lt = m.look_through(&"JPN".parse()?)?;
/// assert!((lt.total() - 185.0).abs() < 1e-9);
/// assert!((lt.foreign_share().unwrap() - 85.0 / 185.0).abs() < 1e-12);
/// assert_eq!(lt.share(&chn), Some(1.0)); // the only foreign origin
/// // Value added: 140 in all, as Japan's final demand; half of it Chinese.
/// let va = m.value_added_origin(&"JPN".parse()?)?;
/// assert!((va.total() - 140.0).abs() < 1e-9);
/// assert!((va.from_region(&chn).unwrap() - 70.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LookThrough {
    embodied: Embodied,
    regions: Vec<Region>,
    sectors: Vec<String>,
    importer: Region,
    /// The importer's position in `regions`.
    at: usize,
    /// By origin region-sector, every product.
    by_origin: Vec<f64>,
    /// Origin region by product sector, origin-major.
    by_product: Vec<f64>,
}

impl MrioModel<'_> {
    /// The gross output of every region-sector that `importer`'s final
    /// demand calls for, `L y_r`; see [`LookThrough`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// region the table does not have.
    pub fn look_through(&self, importer: &Region) -> Result<LookThrough> {
        self.embodied(importer, Embodied::Output)
    }

    /// The value added by origin in `importer`'s final demand, `diag(v) L
    /// y_r`; see [`LookThrough`].
    ///
    /// # Errors
    ///
    /// As [`look_through`](Self::look_through), and as
    /// [`value_added_coefficients`](Self::value_added_coefficients) when
    /// the table gives no value added.
    pub fn value_added_origin(&self, importer: &Region) -> Result<LookThrough> {
        self.embodied(importer, Embodied::ValueAdded)
    }

    fn embodied(&self, importer: &Region, embodied: Embodied) -> Result<LookThrough> {
        let mut v = self.embodied_all(importer, &[embodied])?;
        v.pop()
            .ok_or_else(|| crate::inputoutput::table::io_error("no measure asked for"))
    }

    /// Each of `kinds` for `importer`, from one solve `L Y_r` (value added
    /// is the output scaled by `v`).
    pub(crate) fn embodied_all(
        &self,
        importer: &Region,
        kinds: &[Embodied],
    ) -> Result<Vec<LookThrough>> {
        let t = self.table();
        let r = t.require_region(importer)?;
        let v = if kinds.contains(&Embodied::ValueAdded) {
            Some(self.value_added_coefficients()?)
        } else {
            None
        };
        let (n, s) = (t.len(), t.sectors().len());
        let y = t.final_demand_columns(r);
        // Column k: the final demand for products of sector k.
        let mut m = Mat::<f64>::from_fn(n, s, |i, k| {
            if i.checked_rem(s) == Some(k) {
                y.get(i).copied().unwrap_or(0.0)
            } else {
                0.0
            }
        });
        self.solve(&mut m);
        let regions = t.regions().len();
        let mut out = Vec::with_capacity(kinds.len());
        for &embodied in kinds {
            let mut by_origin = vec![0.0; n];
            let mut by_product = vec![0.0; regions.saturating_mul(s)];
            for i in 0..n {
                let scale = match (embodied, &v) {
                    (Embodied::ValueAdded, Some(v)) => v.get(i).copied().unwrap_or(0.0),
                    _ => 1.0,
                };
                let origin = i.checked_div(s).unwrap_or(0);
                for k in 0..s {
                    let a = m[(i, k)] * scale;
                    if let Some(slot) = by_origin.get_mut(i) {
                        *slot += a;
                    }
                    if let Some(slot) =
                        by_product.get_mut(origin.saturating_mul(s).saturating_add(k))
                    {
                        *slot += a;
                    }
                }
            }
            out.push(LookThrough {
                embodied,
                regions: t.regions().to_vec(),
                sectors: t.sectors().to_vec(),
                importer: importer.clone(),
                at: r,
                by_origin,
                by_product,
            });
        }
        Ok(out)
    }
}

impl LookThrough {
    /// What is counted: output or value added.
    #[must_use]
    pub fn embodied(&self) -> Embodied {
        self.embodied
    }

    /// The region whose final demand is looked through.
    #[must_use]
    pub fn importer(&self) -> &Region {
        &self.importer
    }

    fn s(&self) -> usize {
        self.sectors.len()
    }

    fn region_amount(&self, r: usize) -> f64 {
        block_sum(&self.by_origin, r, self.s())
    }

    /// The amount of every origin, domestic included.
    #[must_use]
    pub fn total(&self) -> f64 {
        self.by_origin.iter().sum::<f64>()
    }

    /// The amount of the importer's own region-sectors.
    #[must_use]
    pub fn domestic(&self) -> f64 {
        self.region_amount(self.at)
    }

    /// The amount of every other region.
    #[must_use]
    pub fn foreign(&self) -> f64 {
        (0..self.regions.len())
            .filter(|r| *r != self.at)
            .map(|r| self.region_amount(r))
            .sum::<f64>()
    }

    /// The foreign part of the total; `None` when the total is zero.
    #[must_use]
    pub fn foreign_share(&self) -> Option<f64> {
        ratio(self.foreign(), self.total())
    }

    /// The amount from region `origin`, every sector; `None` for a region
    /// the table does not have.
    #[must_use]
    pub fn from_region(&self, origin: &Region) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == origin)?;
        Some(self.region_amount(r))
    }

    /// The amount from one region-sector.
    #[must_use]
    pub fn from_sector(&self, origin: &Region, sector: &str) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == origin)?;
        let k = self.sectors.iter().position(|x| x == sector)?;
        self.by_origin
            .get(r.checked_mul(self.s())?.checked_add(k)?)
            .copied()
    }

    /// The share of `origin` in the foreign amount (see the type's
    /// formulas); `None` for the importer itself, a region the table does
    /// not have, or a zero foreign amount.
    #[must_use]
    pub fn share(&self, origin: &Region) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == origin)?;
        if r == self.at {
            return None;
        }
        ratio(self.region_amount(r), self.foreign())
    }

    /// Every foreign origin's share, in the table's region order (empty
    /// when the foreign amount is zero).
    #[must_use]
    pub fn shares(&self) -> Vec<(Region, f64)> {
        self.regions
            .iter()
            .filter_map(|r| self.share(r).map(|s| (r.clone(), s)))
            .collect()
    }

    /// The amount that the importer's final demand for products of
    /// `sector` calls for, every origin (pymrio's `D_cba` column for a
    /// value-added extension); `None` for a sector the table does not
    /// have.
    #[must_use]
    pub fn for_product(&self, sector: &str) -> Option<f64> {
        let k = self.sectors.iter().position(|x| x == sector)?;
        Some(
            (0..self.regions.len())
                .map(|r| self.product_cell(r, k))
                .sum::<f64>(),
        )
    }

    /// The foreign part of [`for_product`](Self::for_product) (pymrio's
    /// `D_imp`).
    #[must_use]
    pub fn foreign_for_product(&self, sector: &str) -> Option<f64> {
        let k = self.sectors.iter().position(|x| x == sector)?;
        Some(
            (0..self.regions.len())
                .filter(|r| *r != self.at)
                .map(|r| self.product_cell(r, k))
                .sum::<f64>(),
        )
    }

    /// The share of `origin` in the foreign amount behind the importer's
    /// final demand for products of `sector`; `None` as
    /// [`share`](Self::share).
    #[must_use]
    pub fn share_for_product(&self, origin: &Region, sector: &str) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == origin)?;
        let k = self.sectors.iter().position(|x| x == sector)?;
        if r == self.at {
            return None;
        }
        ratio(self.product_cell(r, k), self.foreign_for_product(sector)?)
    }

    fn product_cell(&self, r: usize, k: usize) -> f64 {
        self.by_product
            .get(r.saturating_mul(self.s()).saturating_add(k))
            .copied()
            .unwrap_or(0.0)
    }

    /// The `count` foreign region-sectors with the largest amounts,
    /// largest first (ties in table order).
    #[must_use]
    pub fn top_origins(&self, count: usize) -> Vec<(Region, String, f64)> {
        let s = self.s().max(1);
        let mut rows: Vec<(usize, f64)> = self
            .by_origin
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, _)| i.checked_div(s) != Some(self.at))
            .collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        rows.into_iter()
            .take(count)
            .filter_map(|(i, v)| {
                let r = self.regions.get(i.checked_div(s)?)?;
                let k = self.sectors.get(i.checked_rem(s)?)?;
                Some((r.clone(), k.clone(), v))
            })
            .collect()
    }
}

/// `a / b`, `None` when `b` is zero (never NaN).
pub(crate) fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

impl fmt::Display for LookThrough {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.embodied {
            Embodied::Output => "output",
            Embodied::ValueAdded => "value added",
        };
        writeln!(
            f,
            "{what} behind {}'s final demand: {:.2} ({:.1}% foreign)",
            self.importer(),
            self.total(),
            self.foreign_share().unwrap_or(0.0) * 100.0
        )?;
        for (r, s) in self.shares() {
            writeln!(f, "  {r:<8} {:>6.2}% of the foreign part", s * 100.0)?;
        }
        Ok(())
    }
}
