//! Hypothetical extraction: the output every region-sector loses when
//! one region's sales to another stop, in full or in part.

use std::fmt;

use crate::error::Result;
use crate::inputoutput::linalg::{Factored, block_sum};
use crate::inputoutput::mrio_model::{MrioModel, col, unit_columns};
use crate::inputoutput::region::Region;
use crate::inputoutput::table::io_error;

/// Which sales an extraction removes: those of `seller` to `buyer`, of
/// every sector of the seller or of the sectors given, in full or by a
/// fraction.
///
/// ```
/// use tradedep::inputoutput::{Extraction, Region};
///
/// let chn: Region = "CHN".parse()?;
/// let jpn: Region = "JPN".parse()?;
/// let all = Extraction::sales(chn.clone(), jpn.clone());
/// let parts = Extraction::sales(chn.clone(), jpn.clone()).only(["parts"]);
/// let half = Extraction::sales(chn, jpn).partly("parts", 0.5)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    seller: Region,
    buyer: Region,
    /// `None`: every sector in full.
    cuts: Option<Vec<(String, f64)>>,
}

impl Extraction {
    /// Every sale of `seller` to `buyer`, intermediate and final.
    #[must_use]
    pub fn sales(seller: Region, buyer: Region) -> Extraction {
        Extraction {
            seller,
            buyer,
            cuts: None,
        }
    }

    /// Only the seller's sales of these sectors, in full (an empty list
    /// extracts nothing; a sector named twice is cut once).
    #[must_use]
    pub fn only<I>(mut self, sectors: I) -> Extraction
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let mut cuts: Vec<(String, f64)> = Vec::new();
        for s in sectors {
            let s = s.into();
            if !cuts.iter().any(|(c, _)| *c == s) {
                cuts.push((s, 1.0));
            }
        }
        self.cuts = Some(cuts);
        self
    }

    /// The seller's sales of `sector` cut by `fraction` (in `[0, 1]`); the
    /// first call restricts the extraction to the sectors named this way.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// fraction outside `[0, 1]` or not finite.
    pub fn partly(mut self, sector: impl Into<String>, fraction: f64) -> Result<Extraction> {
        if !(0.0..=1.0).contains(&fraction) {
            return Err(io_error(format!(
                "an extraction cuts a fraction of sales in [0, 1]; got {fraction}"
            )));
        }
        let sector = sector.into();
        let cuts = self.cuts.get_or_insert_with(Vec::new);
        cuts.retain(|(s, _)| *s != sector);
        cuts.push((sector, fraction));
        Ok(self)
    }

    /// The seller.
    #[must_use]
    pub fn seller(&self) -> &Region {
        &self.seller
    }

    /// The buyer.
    #[must_use]
    pub fn buyer(&self) -> &Region {
        &self.buyer
    }
}

/// The effect of an [`Extraction`]: output (and value added) lost by
/// every region-sector, third countries included.
///
/// # Formula (Miller & Blair 2009, ch. 12; Dietzenbacher, van der Linden
/// and Steenge 1993 for extractions of links between regions)
///
/// With `phi_i` the fraction cut of the seller's sector `i`, the
/// extracted table has `z_(s,i),(r,j) (1 - phi_i)` and `y_(s,i),(r,c) (1 -
/// phi_i)`; `A-bar` its coefficients (output kept as in the table) and
/// `y-bar` its final demand. The output lost is `x - x-bar` with `x = L y`
/// and `x-bar = (I - A-bar)^-1 y-bar`: the buyer no longer gets those
/// goods and nothing replaces them (no substitution), so every
/// region-sector that fed them, directly or through others, loses
/// output. Value added lost is `v_j (x - x-bar)_j`.
///
/// `I - A-bar` differs from `I - A` in the seller's cut rows only, so
/// `x-bar` comes from the one factorisation of the model through the
/// Sherman-Morrison-Woodbury identity, with as many extra solves as
/// sectors cut: no second factorisation.
///
/// # Example
///
/// China sells parts to Japan (10) and to Viet Nam (20); Viet Nam's goods
/// (40) use those parts and go to Japan (30) and Viet Nam (10). If
/// China's sales to Japan stop, China loses the 10 of parts; if Viet
/// Nam's sales to Japan stop, Viet Nam loses 30 of goods and China, a
/// third country, 15 of the parts in them.
///
/// ```
/// use tradedep::inputoutput::{Extraction, Mrio, Region};
///
/// let regions: Vec<Region> = vec!["JPN".parse()?, "CHN".parse()?, "VNM".parse()?];
/// let t = Mrio::builder(regions, ["parts", "goods"], ["hh"])
///     .intermediate(vec![
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
///         0.0, 10.0, 0.0, 0.0, 0.0, 20.0,
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
///     ])
///     .final_demand(vec![
///         0.0, 0.0, 0.0, 90.0, 0.0, 0.0, 0.0, 0.0, 0.0,
///         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 30.0, 0.0, 10.0,
///     ])
///     .build()?;
/// let m = t.model()?;
/// let (jpn, chn, vnm): (Region, Region, Region) =
///     ("JPN".parse()?, "CHN".parse()?, "VNM".parse()?);
/// let direct = m.extract(&Extraction::sales(chn.clone(), jpn.clone()))?;
/// assert!((direct.lost_in(&chn).unwrap() - 10.0).abs() < 1e-9);
/// let via = m.extract(&Extraction::sales(vnm.clone(), jpn))?;
/// assert!((via.lost_in(&vnm).unwrap() - 30.0).abs() < 1e-9);
/// assert!((via.lost_in(&chn).unwrap() - 15.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Extracted {
    regions: Vec<Region>,
    sectors: Vec<String>,
    lost: Vec<f64>,
    value_added_lost: Option<Vec<f64>>,
    removed: f64,
}

impl MrioModel<'_> {
    /// The output lost when the sales `extraction` names stop; see
    /// [`Extracted`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// region or sector the table does not have, or when the extracted
    /// table cannot be solved.
    pub fn extract(&self, extraction: &Extraction) -> Result<Extracted> {
        let t = self.table();
        let s = t.require_region(&extraction.seller)?;
        t.require_region(&extraction.buyer)?;
        let width = t.sectors().len();
        let cuts: Vec<(usize, f64)> = match &extraction.cuts {
            None => (0..width).map(|k| (k, 1.0)).collect(),
            Some(list) => list
                .iter()
                .map(|(name, f)| t.require_sector(name).map(|k| (k, *f)))
                .collect::<Result<_>>()?,
        };
        let rows: Vec<(usize, f64)> = cuts
            .into_iter()
            .filter(|(_, f)| *f > 0.0)
            .map(|(k, f)| (s.saturating_mul(width).saturating_add(k), f))
            .collect();
        self.extract_rows(&extraction.buyer, &rows)
    }

    /// The extraction of the rows `(index, fraction)` of sales to
    /// `buyer`.
    pub(crate) fn extract_rows(&self, buyer: &Region, rows: &[(usize, f64)]) -> Result<Extracted> {
        let t = self.table();
        let n = t.len();
        let r = t.require_region(buyer)?;
        let width = t.sectors().len();
        let own = r.saturating_mul(width)..r.saturating_mul(width).saturating_add(width);
        let y_own = t.final_demand_columns(r);
        // Right-hand sides: the cut final demand, then one unit column per
        // cut row.
        let mut dy = vec![0.0; n];
        let mut removed = 0.0;
        for &(i, f) in rows {
            let cut = f * y_own.get(i).copied().unwrap_or(0.0);
            if let Some(slot) = dy.get_mut(i) {
                *slot += cut;
            }
            removed += cut + f * own.clone().map(|j| t.z()[(i, j)]).sum::<f64>();
        }
        let mut cols = vec![t.final_demand_by_row(), dy];
        cols.extend(unit_columns(
            n,
            &rows.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        ));
        let mut m = self.columns(&cols);
        self.solve(&mut m);
        let x0 = col(&m, 0);
        let l_dy = col(&m, 1);
        let w: Vec<Vec<f64>> = (0..rows.len())
            .map(|k| col(&m, k.saturating_add(2)))
            .collect();
        // D' rows: phi_k a_(k, j) on the buyer's columns.
        let d: Vec<Vec<(usize, f64)>> = rows
            .iter()
            .map(|&(i, f)| {
                own.clone()
                    .filter_map(|j| Some((j, f * self.coefficient(i, j)?)))
                    .collect()
            })
            .collect();
        let b: Vec<f64> = x0.iter().zip(&l_dy).map(|(x, l)| x - l).collect();
        let dot = |dk: &[(usize, f64)], v: &[f64]| {
            dk.iter()
                .map(|(j, a)| a * v.get(*j).copied().unwrap_or(0.0))
                .sum::<f64>()
        };
        let k = rows.len();
        let mut lost = l_dy;
        if k > 0 {
            let small = faer::Mat::<f64>::from_fn(k, k, |p, q| {
                let own = f64::from(u8::from(p == q));
                match (d.get(p), w.get(q)) {
                    (Some(dp), Some(wq)) => own + dot(dp, wq),
                    _ => own,
                }
            });
            let rhs: Vec<f64> = d.iter().map(|dk| dot(dk, &b)).collect();
            let u = Factored::new(small, "extraction")
                .map_err(|_| {
                    io_error("the extracted table cannot be solved: its I - A is singular")
                })?
                .solve_vec(&rhs);
            for (wk, uk) in w.iter().zip(&u) {
                for (l, wi) in lost.iter_mut().zip(wk) {
                    *l += wi * uk;
                }
            }
        }
        let value_added_lost = match self.value_added_coefficients() {
            Ok(v) => Some(lost.iter().zip(&v).map(|(l, v)| l * v).collect()),
            Err(_) => None,
        };
        Ok(Extracted {
            regions: t.regions().to_vec(),
            sectors: t.sectors().to_vec(),
            lost,
            value_added_lost,
            removed,
        })
    }
}

impl Extracted {
    /// The output lost by one region-sector; `None` for labels the table
    /// does not have.
    #[must_use]
    pub fn lost(&self, region: &Region, sector: &str) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == region)?;
        let k = self.sectors.iter().position(|x| x == sector)?;
        self.lost
            .get(r.checked_mul(self.sectors.len())?.checked_add(k)?)
            .copied()
    }

    /// The output lost by every region-sector, in table order.
    #[must_use]
    pub fn lost_by_sector(&self) -> &[f64] {
        &self.lost
    }

    /// The output lost by a region, every sector.
    #[must_use]
    pub fn lost_in(&self, region: &Region) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == region)?;
        Some(block_sum(&self.lost, r, self.sectors.len()))
    }

    /// Output lost by region, in table order.
    #[must_use]
    pub fn lost_by_region(&self) -> Vec<(Region, f64)> {
        self.regions
            .iter()
            .enumerate()
            .map(|(r, x)| (x.clone(), block_sum(&self.lost, r, self.sectors.len())))
            .collect()
    }

    /// All the output lost.
    #[must_use]
    pub fn total_lost(&self) -> f64 {
        self.lost.iter().sum::<f64>()
    }

    /// The value added lost by a region; `None` when the table gives no
    /// value added or the region is unknown.
    #[must_use]
    pub fn value_added_lost_in(&self, region: &Region) -> Option<f64> {
        let r = self.regions.iter().position(|x| x == region)?;
        let v = self.value_added_lost.as_ref()?;
        Some(block_sum(v, r, self.sectors.len()))
    }

    /// All the value added lost; `None` when the table gives none.
    #[must_use]
    pub fn total_value_added_lost(&self) -> Option<f64> {
        self.value_added_lost
            .as_ref()
            .map(|v| v.iter().sum::<f64>())
    }

    /// The sales removed, intermediate and final: the direct cut.
    #[must_use]
    pub fn removed(&self) -> f64 {
        self.removed
    }

    /// The `count` region-sectors that lose most, largest first.
    #[must_use]
    pub fn top(&self, count: usize) -> Vec<(Region, String, f64)> {
        let s = self.sectors.len().max(1);
        let mut rows: Vec<(usize, f64)> = self.lost.iter().copied().enumerate().collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        rows.into_iter()
            .take(count)
            .filter_map(|(i, v)| {
                Some((
                    self.regions.get(i.checked_div(s)?)?.clone(),
                    self.sectors.get(i.checked_rem(s)?)?.clone(),
                    v,
                ))
            })
            .collect()
    }
}

impl fmt::Display for Extracted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "sales removed {:.2}; output lost {:.2}",
            self.removed,
            self.total_lost()
        )?;
        for (r, v) in self.lost_by_region() {
            writeln!(f, "  {:<8} {v:>14.2}", r.code())?;
        }
        Ok(())
    }
}
