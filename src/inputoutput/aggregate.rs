//! Aggregation of a multi-region table's regions and sectors by a
//! mapping, conserving every total.

use std::collections::HashMap;

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::mrio::{Mrio, Parts, PrimaryInput};
use crate::inputoutput::mrio_builder::Tolerance;
use crate::inputoutput::region::Region;
use crate::inputoutput::table::io_error;

/// Which regions and sectors of an [`Mrio`] to merge, and into what.
///
/// Each `from` label must be one of the table's; labels not mentioned
/// keep their own. A target may be an existing region's code (the OECD
/// ICIO's `CN1` and `CN2` into `CHN`). Targets come in the order of their
/// first member in the table.
///
/// Every flow is added into its merged cell, so totals are kept: `Z`,
/// `Y` by category, output and every primary input (to floating-point
/// rounding, about 1e-15 relative).
///
/// ```
/// use tradedep::inputoutput::{Aggregation, Mrio, Region};
///
/// let t = Mrio::builder(
///     ["JPN".parse::<Region>()?, "KOR".parse()?, "CHN".parse()?],
///     ["goods"],
///     ["hh"],
/// )
/// .intermediate(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
/// .final_demand(vec![10.0; 9])
/// .build()?;
/// let a = t.aggregate(&Aggregation::new().region("JPN", "EAS").region("KOR", "EAS"))?;
/// assert_eq!(a.regions().len(), 2);
/// assert_eq!(a.flow(0, 0), Some(1.0 + 2.0 + 4.0 + 5.0));
/// assert_eq!(a.output(), &[36.0 + 45.0, 54.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct Aggregation {
    regions: Vec<(String, String)>,
    sectors: Vec<(String, String)>,
}

impl Aggregation {
    /// An empty mapping (every label keeps its own).
    pub fn new() -> Aggregation {
        Aggregation::default()
    }

    /// Merges region `from` into `to`.
    pub fn region(mut self, from: impl Into<String>, to: impl Into<String>) -> Aggregation {
        self.regions.push((from.into(), to.into()));
        self
    }

    /// Merges sector `from` into `to` (in every region).
    pub fn sector(mut self, from: impl Into<String>, to: impl Into<String>) -> Aggregation {
        self.sectors.push((from.into(), to.into()));
        self
    }
}

/// Each old label's new position, and the new labels in order.
fn mapping(
    old: &[String],
    pairs: &[(String, String)],
    what: &str,
) -> Result<(Vec<usize>, Vec<String>)> {
    let mut to: HashMap<&str, &str> = HashMap::new();
    for (f, t) in pairs {
        if !old.iter().any(|o| o == f) {
            return Err(io_error(format!(
                "the aggregation names the {what} {f:?}, which the table does not have"
            )));
        }
        if let Some(prev) = to.insert(f, t)
            && prev != t
        {
            return Err(io_error(format!(
                "the aggregation sends the {what} {f:?} to both {prev:?} and {t:?}"
            )));
        }
    }
    let mut labels: Vec<String> = Vec::new();
    let mut at = Vec::with_capacity(old.len());
    for o in old {
        let target = to.get(o.as_str()).copied().unwrap_or(o.as_str());
        let k = labels.iter().position(|l| l == target).unwrap_or_else(|| {
            labels.push(target.to_owned());
            labels.len().saturating_sub(1)
        });
        at.push(k);
    }
    Ok((at, labels))
}

impl Mrio {
    /// The table with regions and sectors merged as `map` says; see
    /// [`Aggregation`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// label the table does not have, or one sent to two targets.
    pub fn aggregate(&self, map: &Aggregation) -> Result<Mrio> {
        let codes: Vec<String> = self.regions().iter().map(|r| r.code().to_owned()).collect();
        let (r_at, r_new) = mapping(&codes, &map.regions, "region")?;
        let (s_at, s_new) = mapping(self.sectors(), &map.sectors, "sector")?;
        let (s_old, s2) = (self.sectors().len(), s_new.len());
        let c = self.categories().len();
        let n2 = r_new.len().saturating_mul(s2);
        let to = |i: usize| -> usize {
            let r = i
                .checked_div(s_old)
                .and_then(|r| r_at.get(r))
                .copied()
                .unwrap_or(0);
            let s = i
                .checked_rem(s_old)
                .and_then(|s| s_at.get(s))
                .copied()
                .unwrap_or(0);
            r.saturating_mul(s2).saturating_add(s)
        };
        let index: Vec<usize> = (0..self.len()).map(to).collect();
        let z = self.z();
        let y = self.y();
        let mut z2 = Mat::<f64>::zeros(n2, n2);
        let mut y2 = Mat::<f64>::zeros(n2, r_new.len().saturating_mul(c));
        for (j, &jj) in index.iter().enumerate() {
            for (i, &ii) in index.iter().enumerate() {
                z2[(ii, jj)] += z[(i, j)];
            }
        }
        for k in 0..y.ncols() {
            let r = k
                .checked_div(c)
                .and_then(|r| r_at.get(r))
                .copied()
                .unwrap_or(0);
            let kk = r
                .saturating_mul(c)
                .saturating_add(k.checked_rem(c).unwrap_or(0));
            for (i, &ii) in index.iter().enumerate() {
                y2[(ii, kk)] += y[(i, k)];
            }
        }
        let add = |v: &[f64]| {
            let mut out = vec![0.0; n2];
            for (a, &i) in v.iter().zip(&index) {
                if let Some(t) = out.get_mut(i) {
                    *t += a;
                }
            }
            out
        };
        let primary = self
            .primary_inputs()
            .iter()
            .map(|p| PrimaryInput::new(p.name().to_owned(), p.is_value_added(), add(p.values())))
            .collect();
        // Merged rows keep the gaps their members had, no wider.
        let tolerance = Tolerance::relative(self.balance().rows().mul_add(1.000_001, 1e-12))?;
        Mrio::assemble(Parts {
            regions: r_new
                .iter()
                .map(|r| Region::new(r))
                .collect::<Result<Vec<_>>>()?,
            sectors: s_new,
            categories: self.categories().to_vec(),
            z: z2,
            y: y2,
            x: Some(add(self.output())),
            primary,
            unit: self.unit().map(str::to_owned),
            tolerance,
        })
    }
}
