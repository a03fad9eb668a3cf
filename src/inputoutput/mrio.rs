//! The multi-region input-output table: labelled regions and sectors,
//! intermediate flows `Z`, final demand `Y` by destination region and
//! category, output `x` and primary inputs.

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::mrio_builder::Tolerance;
use crate::inputoutput::region::Region;
use crate::inputoutput::table::io_error;

/// A multi-region input-output (MRIO) table.
///
/// `n = regions x sectors` region-sectors, region-major (the index of a
/// region-sector is `region * sectors + sector`), as in WIOD, OECD ICIO,
/// EXIOBASE and pymrio:
///
/// - `Z` (`n x n`): intermediate flows, `z_ij` from region-sector `i` to
///   region-sector `j`;
/// - `Y` (`n x regions * categories`): final demand for the output of
///   region-sector `i` by the region and category of the column
///   (households, government, investment, ...);
/// - `x` (`n`): output. Given, it is checked: every row must balance,
///   `x_i = sum_j z_ij + sum_k y_ik`, within the [`Tolerance`];
///   otherwise it is computed so, as pymrio does;
/// - primary inputs (rows of `n`): value added by component where the
///   table gives it, and other primary inputs (taxes less subsidies on
///   products, as the OECD ICIO's `TLS`) kept apart from value added.
///
/// A region-sector whose output is zero (WIOD 2011 has 22) is accepted:
/// its coefficients are zero, its row and column of the inverses are the
/// identity's, and it takes no part in the propagation, as numpy and
/// pymrio users set it.
///
/// Columns need not balance (`x_j = sum_i z_ij + primary_j`): pymrio's
/// test table does not; [`balance`](Mrio::balance) reports the largest
/// gap both ways.
///
/// Values are `f64` in the table's unit ([`unit`](Mrio::unit), such as
/// million USD): input-output algebra is numeric by nature.
///
/// # Example
///
/// Two regions (`JPN`, `CHN`), one sector each, one category:
///
/// ```
/// use tradedep::inputoutput::{Mrio, Region};
///
/// let t = Mrio::builder(
///     ["JPN".parse::<Region>()?, "CHN".parse()?],
///     ["goods"],
///     ["households"],
/// )
/// .intermediate(vec![20.0, 10.0, 5.0, 40.0]) // Z, row by row
/// .final_demand(vec![60.0, 10.0, 15.0, 40.0]) // Y: JPN, CHN households
/// .unit("million USD")
/// .build()?;
/// assert_eq!(t.output(), &[100.0, 100.0]);
/// assert_eq!(t.final_demand_of(&"JPN".parse()?)?, vec![60.0, 15.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mrio {
    regions: Vec<Region>,
    sectors: Vec<String>,
    categories: Vec<String>,
    z: Mat<f64>,
    y: Mat<f64>,
    x: Vec<f64>,
    primary: Vec<PrimaryInput>,
    unit: Option<String>,
}

/// A row of primary inputs of an [`Mrio`]: a component of value added,
/// or another primary input (taxes less subsidies on products).
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryInput {
    name: String,
    value_added: bool,
    values: Vec<f64>,
}

impl PrimaryInput {
    /// The component's name, as the table gives it.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True for a component of value added; false for other primary
    /// inputs, which [`Mrio::value_added`] leaves out.
    #[must_use]
    pub fn is_value_added(&self) -> bool {
        self.value_added
    }

    /// The values by region-sector.
    #[must_use]
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

/// The largest relative gaps of a table's accounts
/// ([`Mrio::balance`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    rows: f64,
    columns: Option<f64>,
}

impl Balance {
    /// The largest `|x_i - sum_j z_ij - sum_k y_ik| / x_i` over
    /// region-sectors with output (0 when `x` was computed).
    #[must_use]
    pub fn rows(&self) -> f64 {
        self.rows
    }

    /// The largest `|x_j - sum_i z_ij - primary_j| / x_j`, where the table
    /// gives primary inputs; `None` otherwise.
    #[must_use]
    pub fn columns(&self) -> Option<f64> {
        self.columns
    }
}

/// `a * b` for sizes, refusing overflow.
pub(crate) fn size(a: usize, b: usize) -> Result<usize> {
    a.checked_mul(b)
        .ok_or_else(|| io_error("the table is too large for this machine"))
}

/// The pieces of a table before checks (from the builder, a reader or an
/// aggregation).
pub(crate) struct Parts {
    pub(crate) regions: Vec<Region>,
    pub(crate) sectors: Vec<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) z: Mat<f64>,
    pub(crate) y: Mat<f64>,
    pub(crate) x: Option<Vec<f64>>,
    pub(crate) primary: Vec<PrimaryInput>,
    pub(crate) unit: Option<String>,
    pub(crate) tolerance: Tolerance,
}

impl PrimaryInput {
    pub(crate) fn new(name: String, value_added: bool, values: Vec<f64>) -> PrimaryInput {
        PrimaryInput {
            name,
            value_added,
            values,
        }
    }

    /// Adds another row of the same component (the OECD ICIO 2021's
    /// taxes less subsidies, one row per country).
    pub(crate) fn add(&mut self, values: &[f64]) {
        for (t, v) in self.values.iter_mut().zip(values) {
            *t += v;
        }
    }
}

impl Mrio {
    /// Checks the pieces and builds the table.
    pub(crate) fn assemble(p: Parts) -> Result<Mrio> {
        check_labels(&p.regions, &p.sectors, &p.categories)?;
        distinct(p.primary.iter().map(|c| c.name.as_str()), "primary input")?;
        let n = size(p.regions.len(), p.sectors.len())?;
        let fd = size(p.regions.len(), p.categories.len())?;
        if p.z.nrows() != n || p.z.ncols() != n || p.y.nrows() != n || p.y.ncols() != fd {
            return Err(io_error(format!(
                "Z must be {n} x {n} and Y {n} x {fd}; they are {} x {} and {} x {}",
                p.z.nrows(),
                p.z.ncols(),
                p.y.nrows(),
                p.y.ncols()
            )));
        }
        let label = |i: usize| label_of(&p.regions, &p.sectors, i);
        check_finite(&p.z, "Z", &label)?;
        check_finite(&p.y, "Y", &label)?;
        for c in &p.primary {
            if c.values.len() != n {
                return Err(io_error(format!(
                    "the primary input {:?} has {} values; the table has {n} region-sectors",
                    c.name,
                    c.values.len()
                )));
            }
            if let Some((i, v)) = c.values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(io_error(format!(
                    "the primary input {:?} of {} is {v}, not a finite number",
                    c.name,
                    label(i)
                )));
            }
        }
        let sums = row_sums(&p.z, &p.y);
        let x = match p.x {
            Some(x) => {
                if x.len() != n {
                    return Err(io_error(format!(
                        "output has {} values; the table has {n} region-sectors",
                        x.len()
                    )));
                }
                for (i, (given, sum)) in x.iter().zip(&sums).enumerate() {
                    if !given.is_finite() {
                        return Err(io_error(format!(
                            "the output of {} is {given}, not a finite number",
                            label(i)
                        )));
                    }
                    if !p.tolerance.accepts(*given, *sum) {
                        return Err(io_error(format!(
                            "{} does not balance: output {given} but intermediate plus final \
                             demand {sum} (gap {:.3e}); a final-demand column may be missing, \
                             or the table needs a wider tolerance",
                            label(i),
                            given - sum
                        )));
                    }
                }
                x
            }
            None => sums,
        };
        if let Some((i, v)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(io_error(format!(
                "{} has output {v}: its row sums beyond the range of a number",
                label(i)
            )));
        }
        if let Some((i, v)) = x.iter().enumerate().find(|(_, v)| **v < 0.0) {
            return Err(io_error(format!(
                "{} has output {v}: output cannot be negative",
                label(i)
            )));
        }
        Ok(Mrio {
            regions: p.regions,
            sectors: p.sectors,
            categories: p.categories,
            z: p.z,
            y: p.y,
            x,
            primary: p.primary,
            unit: p.unit,
        })
    }

    /// The regions, in order.
    #[must_use]
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The sectors (the same in every region), in order.
    #[must_use]
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// The final-demand categories (the same for every region), in order.
    #[must_use]
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// The number of region-sectors, `n`.
    #[must_use]
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Never true: a table has at least one region-sector.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The unit of the values, where known.
    #[must_use]
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    /// The position of a region.
    #[must_use]
    pub fn region_index(&self, region: &Region) -> Option<usize> {
        self.regions.iter().position(|r| r == region)
    }

    /// The position of a sector.
    #[must_use]
    pub fn sector_index(&self, sector: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s == sector)
    }

    /// The index of a region-sector in `Z`, `Y`'s rows and `x`.
    #[must_use]
    pub fn index(&self, region: &Region, sector: &str) -> Option<usize> {
        let r = self.region_index(region)?;
        let s = self.sector_index(sector)?;
        r.checked_mul(self.sectors.len())?.checked_add(s)
    }

    /// The region and sector of index `i`.
    #[must_use]
    pub fn label(&self, i: usize) -> Option<(&Region, &str)> {
        let s = self.sectors.len();
        let region = self.regions.get(i.checked_div(s)?)?;
        let sector = self.sectors.get(i.checked_rem(s)?)?;
        Some((region, sector))
    }

    /// The intermediate flow from region-sector `i` to `j`; `None` out of
    /// range.
    #[must_use]
    pub fn flow(&self, i: usize, j: usize) -> Option<f64> {
        (i < self.z.nrows() && j < self.z.ncols()).then(|| self.z[(i, j)])
    }

    /// The final demand of `region`'s category `category` for the output
    /// of region-sector `i`; `None` out of range.
    #[must_use]
    pub fn final_demand(&self, i: usize, region: usize, category: usize) -> Option<f64> {
        if category >= self.categories.len() {
            return None;
        }
        let col = region
            .checked_mul(self.categories.len())?
            .checked_add(category)?;
        (i < self.y.nrows() && col < self.y.ncols()).then(|| self.y[(i, col)])
    }

    /// Output `x` by region-sector.
    #[must_use]
    pub fn output(&self) -> &[f64] {
        &self.x
    }

    /// The primary-input rows, as given.
    #[must_use]
    pub fn primary_inputs(&self) -> &[PrimaryInput] {
        &self.primary
    }

    /// Value added by region-sector: the sum of the components that are
    /// value added; `None` when the table gives none.
    #[must_use]
    pub fn value_added(&self) -> Option<Vec<f64>> {
        let mut parts = self.primary.iter().filter(|c| c.value_added).peekable();
        parts.peek()?;
        let mut v = vec![0.0; self.len()];
        for c in parts {
            for (t, a) in v.iter_mut().zip(&c.values) {
                *t += a;
            }
        }
        Some(v)
    }

    /// The table with value added computed as the residual of each
    /// column, `x_j - sum_i z_ij`, named `value added (residual)`: for
    /// tables that give no value added and balance by construction. Any
    /// other primary input is kept and subtracted too.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) when the
    /// table gives value added already (the residual would count it
    /// twice).
    pub fn with_value_added_residual(mut self) -> Result<Mrio> {
        if self.primary.iter().any(|c| c.value_added) {
            return Err(io_error(
                "the table gives value added already; a residual would count it twice",
            ));
        }
        let mut v = self.x.clone();
        for j in 0..self.len() {
            let used: f64 = (0..self.len()).map(|i| self.z[(i, j)]).sum::<f64>();
            let other: f64 = self
                .primary
                .iter()
                .map(|c| c.values.get(j).copied().unwrap_or(0.0))
                .sum::<f64>();
            if let Some(slot) = v.get_mut(j) {
                *slot -= used + other;
            }
        }
        self.primary.push(PrimaryInput::new(
            "value added (residual)".to_owned(),
            true,
            v,
        ));
        Ok(self)
    }

    /// Final demand of `region` by region-sector: `y_r`, the sum of its
    /// categories' columns.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for a
    /// region the table does not have.
    pub fn final_demand_of(&self, region: &Region) -> Result<Vec<f64>> {
        let r = self.require_region(region)?;
        Ok(self.final_demand_columns(r))
    }

    pub(crate) fn final_demand_columns(&self, r: usize) -> Vec<f64> {
        let c = self.categories.len();
        let start = r.saturating_mul(c);
        (0..self.len())
            .map(|i| {
                (start..start.saturating_add(c))
                    .map(|k| self.y[(i, k)])
                    .sum::<f64>()
            })
            .collect()
    }

    /// Final demand by region-sector, every region and category: `Y 1`.
    pub(crate) fn final_demand_by_row(&self) -> Vec<f64> {
        let mut v = vec![0.0; self.len()];
        for k in 0..self.y.ncols() {
            for (i, t) in v.iter_mut().enumerate() {
                *t += self.y[(i, k)];
            }
        }
        v
    }

    pub(crate) fn require_region(&self, region: &Region) -> Result<usize> {
        self.region_index(region).ok_or_else(|| {
            io_error(format!(
                "the table has no region {region} (it has {})",
                self.regions
                    .iter()
                    .map(Region::code)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }

    pub(crate) fn require_sector(&self, sector: &str) -> Result<usize> {
        self.sector_index(sector).ok_or_else(|| {
            io_error(format!(
                "the table has no sector {sector:?} (it has {})",
                self.sectors.join(", ")
            ))
        })
    }

    /// The sum of every intermediate flow.
    #[must_use]
    pub fn intermediate_total(&self) -> f64 {
        total(&self.z)
    }

    /// The sum of every final demand.
    #[must_use]
    pub fn final_demand_total(&self) -> f64 {
        total(&self.y)
    }

    /// The largest relative gaps of the row and column accounts.
    #[must_use]
    pub fn balance(&self) -> Balance {
        let sums = row_sums(&self.z, &self.y);
        let rows = gap(&self.x, &sums);
        let columns = (!self.primary.is_empty()).then(|| {
            let inputs: Vec<f64> = (0..self.len())
                .map(|j| {
                    let z: f64 = (0..self.len()).map(|i| self.z[(i, j)]).sum::<f64>();
                    let p: f64 = self
                        .primary
                        .iter()
                        .map(|c| c.values.get(j).copied().unwrap_or(0.0))
                        .sum::<f64>();
                    z + p
                })
                .collect();
            gap(&self.x, &inputs)
        });
        Balance { rows, columns }
    }

    /// `Z`, for the model and the measures.
    pub(crate) fn z(&self) -> &Mat<f64> {
        &self.z
    }

    /// `Y`, for the model and the measures.
    pub(crate) fn y(&self) -> &Mat<f64> {
        &self.y
    }
}

fn label_of(regions: &[Region], sectors: &[String], i: usize) -> String {
    let s = sectors.len().max(1);
    match (
        regions.get(i.checked_div(s).unwrap_or(0)),
        sectors.get(i.checked_rem(s).unwrap_or(0)),
    ) {
        (Some(r), Some(sec)) => format!("{r}/{sec}"),
        _ => format!("region-sector {i}"),
    }
}

fn row_sums(z: &Mat<f64>, y: &Mat<f64>) -> Vec<f64> {
    let mut s = vec![0.0; z.nrows()];
    for m in [z, y] {
        for j in 0..m.ncols() {
            for (i, t) in s.iter_mut().enumerate() {
                *t += m[(i, j)];
            }
        }
    }
    s
}

fn total(m: &Mat<f64>) -> f64 {
    let mut t = 0.0;
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            t += m[(i, j)];
        }
    }
    t
}

fn gap(x: &[f64], sums: &[f64]) -> f64 {
    x.iter()
        .zip(sums)
        .filter(|(x, _)| **x > 0.0)
        .map(|(x, s)| (x - s).abs() / x)
        .fold(0.0, f64::max)
}

fn check_finite(m: &Mat<f64>, what: &str, label: &dyn Fn(usize) -> String) -> Result<()> {
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            let v = m[(i, j)];
            if !v.is_finite() {
                return Err(io_error(format!(
                    "{what} has {v} in the row of {} (column {j}), not a finite number",
                    label(i)
                )));
            }
        }
    }
    Ok(())
}

/// Labels are distinct, and there is at least one of each.
pub(crate) fn check_labels(
    regions: &[Region],
    sectors: &[String],
    categories: &[String],
) -> Result<()> {
    distinct(regions.iter().map(Region::code), "region")?;
    distinct(sectors.iter().map(String::as_str), "sector")?;
    distinct(
        categories.iter().map(String::as_str),
        "final-demand category",
    )?;
    if regions.is_empty() || sectors.is_empty() || categories.is_empty() {
        return Err(io_error(
            "a multi-region table needs at least one region, one sector and one final-demand \
             category",
        ));
    }
    Ok(())
}

fn distinct<'a>(labels: impl Iterator<Item = &'a str>, what: &str) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for l in labels {
        if !seen.insert(l) {
            return Err(io_error(format!("the {what} {l:?} is given twice")));
        }
    }
    Ok(())
}
