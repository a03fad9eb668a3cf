//! Filling a multi-region table: the builder, and the tolerance its
//! rows are checked against.

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::mrio::{Mrio, Parts, PrimaryInput, check_labels, size};
use crate::inputoutput::region::Region;
use crate::inputoutput::table::io_error;

/// How closely output must equal the row sums of `Z` and `Y`: a row
/// passes when `|x_i - sum_i| <= max(relative * |x_i|, absolute)`.
///
/// The default is `relative = 1e-6`, `absolute = 0`: tables stored with
/// full precision pass, and a missing final-demand column fails. Tables
/// published rounded need a wider one (the OECD ICIO's own checks use
/// `2e-4` relative and `0.1` million USD absolute).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    relative: f64,
    absolute: f64,
}

impl Default for Tolerance {
    fn default() -> Tolerance {
        Tolerance {
            relative: 1e-6,
            absolute: 0.0,
        }
    }
}

impl Tolerance {
    /// A relative tolerance, with no absolute part.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) unless
    /// `relative` is finite and non-negative.
    pub fn relative(relative: f64) -> Result<Tolerance> {
        check_tolerance(relative)?;
        Ok(Tolerance {
            relative,
            absolute: 0.0,
        })
    }

    /// With an absolute part, in the table's unit.
    ///
    /// # Errors
    ///
    /// As [`relative`](Tolerance::relative).
    pub fn absolute(self, absolute: f64) -> Result<Tolerance> {
        check_tolerance(absolute)?;
        Ok(Tolerance { absolute, ..self })
    }

    /// True when `a` and `b` agree, `a` being the stated value.
    pub(crate) fn accepts(self, a: f64, b: f64) -> bool {
        (a - b).abs() <= (self.relative * a.abs()).max(self.absolute)
    }
}

fn check_tolerance(v: f64) -> Result<()> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(io_error(format!(
            "a tolerance must be finite and non-negative; got {v}"
        )))
    }
}

/// Fills an [`Mrio`]: labels first, then the matrices (row by row), then
/// [`build`](MrioBuilder::build), which checks them.
#[derive(Debug, Clone)]
#[must_use]
pub struct MrioBuilder {
    regions: Vec<Region>,
    sectors: Vec<String>,
    categories: Vec<String>,
    z: Vec<f64>,
    y: Vec<f64>,
    x: Option<Vec<f64>>,
    primary: Vec<PrimaryInput>,
    unit: Option<String>,
    tolerance: Tolerance,
}

impl MrioBuilder {
    /// `Z`, row by row: `n * n` values.
    pub fn intermediate(mut self, z: Vec<f64>) -> MrioBuilder {
        self.z = z;
        self
    }

    /// `Y`, row by row: `n * regions * categories` values, the columns
    /// region-major (every category of the first region, then the next).
    pub fn final_demand(mut self, y: Vec<f64>) -> MrioBuilder {
        self.y = y;
        self
    }

    /// Output `x`, checked against the rows; without it, `x` is the row
    /// sums.
    pub fn output(mut self, x: Vec<f64>) -> MrioBuilder {
        self.x = Some(x);
        self
    }

    /// A component of value added by region-sector (compensation of
    /// employees, operating surplus, or value added as one row).
    pub fn value_added(mut self, name: impl Into<String>, values: Vec<f64>) -> MrioBuilder {
        self.primary
            .push(PrimaryInput::new(name.into(), true, values));
        self
    }

    /// A primary input that is not value added (taxes less subsidies on
    /// products, imports from outside the table).
    pub fn other_primary_input(mut self, name: impl Into<String>, values: Vec<f64>) -> MrioBuilder {
        self.primary
            .push(PrimaryInput::new(name.into(), false, values));
        self
    }

    /// The unit of the values, for the record (`million USD`).
    pub fn unit(mut self, unit: impl Into<String>) -> MrioBuilder {
        self.unit = Some(unit.into());
        self
    }

    /// How closely a given output must balance the rows.
    pub fn tolerance(mut self, tolerance: Tolerance) -> MrioBuilder {
        self.tolerance = tolerance;
        self
    }

    /// Checks and builds the table.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for no
    /// region, sector or category; a label given twice; a matrix of the
    /// wrong size; a value that is not finite; a negative output; or a
    /// row whose output does not balance (named, with its gap).
    pub fn build(self) -> Result<Mrio> {
        check_labels(&self.regions, &self.sectors, &self.categories)?;
        let n = size(self.regions.len(), self.sectors.len())?;
        let fd = size(self.regions.len(), self.categories.len())?;
        let z = from_rows(&self.z, n, n, "Z")?;
        let y = from_rows(&self.y, n, fd, "Y")?;
        Mrio::assemble(Parts {
            regions: self.regions,
            sectors: self.sectors,
            categories: self.categories,
            z,
            y,
            x: self.x,
            primary: self.primary,
            unit: self.unit,
            tolerance: self.tolerance,
        })
    }
}

/// A matrix from values row by row, checked for size.
fn from_rows(v: &[f64], rows: usize, cols: usize, what: &str) -> Result<Mat<f64>> {
    let cells = size(rows, cols)?;
    if v.len() != cells {
        return Err(io_error(format!(
            "{what} needs {rows} x {cols} = {cells} values, row by row; got {}",
            v.len()
        )));
    }
    Ok(Mat::from_fn(rows, cols, |i, j| {
        v.get(i.saturating_mul(cols).saturating_add(j))
            .copied()
            .unwrap_or(0.0)
    }))
}

impl Mrio {
    /// A builder for a table of these regions, sectors and final-demand
    /// categories.
    pub fn builder<R, S, C>(regions: R, sectors: S, categories: C) -> MrioBuilder
    where
        R: IntoIterator<Item = Region>,
        S: IntoIterator,
        S::Item: Into<String>,
        C: IntoIterator,
        C::Item: Into<String>,
    {
        MrioBuilder {
            regions: regions.into_iter().collect(),
            sectors: sectors.into_iter().map(Into::into).collect(),
            categories: categories.into_iter().map(Into::into).collect(),
            z: Vec::new(),
            y: Vec::new(),
            x: None,
            primary: Vec::new(),
            unit: None,
            tolerance: Tolerance::default(),
        }
    }
}
