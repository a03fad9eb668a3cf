//! Multipliers and linkages of a multi-region model: output and value
//! added per unit of final demand, backward and forward linkages, key
//! sectors.

use std::fmt;

use crate::error::Result;
use crate::inputoutput::mrio_model::MrioModel;
use crate::inputoutput::region::Region;

/// Multipliers and linkages of every region-sector of an
/// [`Mrio`](crate::inputoutput::Mrio).
///
/// # Formulas (Miller & Blair 2009, ch. 6 and 12)
///
/// - output multiplier `m_j = sum_i l_ij` (`1' L`): the output of every
///   region-sector one more unit of final demand for `j` calls for;
/// - value-added multiplier `(v' L)_j`, with `v_i = va_i / x_i` (pymrio's
///   `M` for a value-added extension); in a table whose columns balance
///   it is 1 for every `j`, so its split by origin is what informs;
/// - downstream value-added multiplier `(G v)_j - v_j` with the Ghosh
///   inverse `G = x^-1 L x`, that is `(L va)_j / x_j - v_j` (pymrio's
///   `M_down`);
/// - backward linkage (Rasmussen's power of dispersion), normalised:
///   `BL_j = n m_j / sum_k m_k`;
/// - forward linkage from the Ghosh inverse, normalised: `FL_i = n g_i /
///   sum_k g_k` with `g_i = sum_j g_ij = (L x)_i / x_i` (1 for a
///   region-sector without output);
/// - key sectors: `BL > 1` and `FL > 1`.
///
/// All come from solves with the model's one factorisation (`1' L`, `v'
/// L`, `L x`, `L va`).
///
/// # Example
///
/// Miller & Blair's two-sector table as a one-region table: the output
/// multipliers are the textbook's 1.5182 and 1.4521 (table 2.4).
///
/// ```
/// use tradedep::inputoutput::{Mrio, Region};
///
/// let t = Mrio::builder([Region::new("US")?], ["sec1", "sec2"], ["f"])
///     .intermediate(vec![150.0, 500.0, 200.0, 100.0])
///     .final_demand(vec![350.0, 1700.0])
///     .build()?;
/// let m = t.model()?.multipliers()?;
/// let us = Region::new("US")?;
/// assert!((m.of(&us, "sec1").unwrap().output() - 1.5182).abs() < 1e-4);
/// assert!((m.of(&us, "sec2").unwrap().output() - 1.4521).abs() < 1e-4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Multipliers {
    regions: Vec<Region>,
    sectors: Vec<String>,
    output: Vec<f64>,
    value_added: Option<Vec<f64>>,
    downstream: Option<Vec<f64>>,
    ghosh: Vec<f64>,
}

/// One region-sector of [`Multipliers`].
#[derive(Debug, Clone, PartialEq)]
pub struct MultiplierRow {
    region: Region,
    sector: String,
    output: f64,
    value_added: Option<f64>,
    downstream_value_added: Option<f64>,
    backward: Option<f64>,
    forward: Option<f64>,
}

impl MultiplierRow {
    /// The region.
    #[must_use]
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The sector.
    #[must_use]
    pub fn sector(&self) -> &str {
        &self.sector
    }

    /// The output multiplier.
    #[must_use]
    pub fn output(&self) -> f64 {
        self.output
    }

    /// The value-added multiplier; `None` without value added.
    #[must_use]
    pub fn value_added(&self) -> Option<f64> {
        self.value_added
    }

    /// The downstream value-added multiplier; `None` without value added.
    #[must_use]
    pub fn downstream_value_added(&self) -> Option<f64> {
        self.downstream_value_added
    }

    /// The normalised backward linkage; `None` when every multiplier is 0.
    #[must_use]
    pub fn backward_linkage(&self) -> Option<f64> {
        self.backward
    }

    /// The normalised forward linkage; `None` when every row sum is 0.
    #[must_use]
    pub fn forward_linkage(&self) -> Option<f64> {
        self.forward
    }

    /// True for a key sector: both linkages above 1.
    #[must_use]
    pub fn is_key(&self) -> bool {
        self.backward.is_some_and(|b| b > 1.0) && self.forward.is_some_and(|f| f > 1.0)
    }
}

impl MrioModel<'_> {
    /// The multipliers and linkages of every region-sector; see
    /// [`Multipliers`].
    ///
    /// # Errors
    ///
    /// None today beyond those of the model; the `Result` is kept for
    /// tables whose value added cannot be read.
    pub fn multipliers(&self) -> Result<Multipliers> {
        let t = self.table();
        let n = t.len();
        let output = self.solve_row(&vec![1.0; n]);
        let x = t.output();
        let lx = self.output_for(x)?;
        let ghosh = lx
            .iter()
            .zip(x)
            .map(|(l, x)| if *x > 0.0 { l / x } else { 1.0 })
            .collect();
        let (value_added, downstream) = match (self.value_added_coefficients(), t.value_added()) {
            (Ok(v), Some(va)) => {
                let up = self.solve_row(&v);
                let lva = self.output_for(&va)?;
                let down = lva
                    .iter()
                    .zip(x)
                    .zip(&v)
                    .map(|((l, x), v)| if *x > 0.0 { l / x - v } else { 0.0 })
                    .collect();
                (Some(up), Some(down))
            }
            _ => (None, None),
        };
        Ok(Multipliers {
            regions: t.regions().to_vec(),
            sectors: t.sectors().to_vec(),
            output,
            value_added,
            downstream,
            ghosh,
        })
    }
}

impl Multipliers {
    /// Every region-sector, in table order.
    #[must_use]
    pub fn rows(&self) -> Vec<MultiplierRow> {
        let n = self.output.len();
        // A table's size is far below 2^52: exact as a float.
        #[allow(clippy::cast_precision_loss)]
        let size = n as f64;
        let norm = |v: &[f64], i: usize| {
            let sum = v.iter().sum::<f64>();
            (sum != 0.0).then(|| v.get(i).copied().unwrap_or(0.0) * size / sum)
        };
        let s = self.sectors.len().max(1);
        (0..n)
            .filter_map(|i| {
                Some(MultiplierRow {
                    region: self.regions.get(i.checked_div(s)?)?.clone(),
                    sector: self.sectors.get(i.checked_rem(s)?)?.clone(),
                    output: *self.output.get(i)?,
                    value_added: self.value_added.as_ref().and_then(|v| v.get(i).copied()),
                    downstream_value_added: self
                        .downstream
                        .as_ref()
                        .and_then(|v| v.get(i).copied()),
                    backward: norm(&self.output, i),
                    forward: norm(&self.ghosh, i),
                })
            })
            .collect()
    }

    /// The row of one region-sector.
    #[must_use]
    pub fn of(&self, region: &Region, sector: &str) -> Option<MultiplierRow> {
        self.rows()
            .into_iter()
            .find(|r| r.region() == region && r.sector() == sector)
    }

    /// The key sectors (both linkages above 1), in table order.
    #[must_use]
    pub fn key_sectors(&self) -> Vec<MultiplierRow> {
        self.rows()
            .into_iter()
            .filter(MultiplierRow::is_key)
            .collect()
    }
}

impl fmt::Display for Multipliers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  {:<8} {:<20} {:>8} {:>8} {:>8} key",
            "region", "sector", "output", "BL", "FL"
        )?;
        for r in self.rows() {
            writeln!(
                f,
                "  {:<8} {:<20} {:>8.4} {:>8.4} {:>8.4} {}",
                r.region().code(),
                r.sector(),
                r.output(),
                r.backward_linkage().unwrap_or(0.0),
                r.forward_linkage().unwrap_or(0.0),
                if r.is_key() { "yes" } else { "" }
            )?;
        }
        Ok(())
    }
}
