//! The Leontief model of a multi-region table: `I - A` factored once,
//! and the solves every measure is made of.

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::linalg::{Factored, check_vector};
use crate::inputoutput::mrio::Mrio;
use crate::inputoutput::table::{Matrix, io_error};

/// The Leontief model of an [`Mrio`]: `A = Z x^-1` and `I - A` factored
/// (LU with partial pivoting), borrowed from its table.
///
/// # Formulas (Miller & Blair 2009, ch. 2, 3 and 12)
///
/// - technical coefficients `a_ij = z_ij / x_j` (0 where `x_j = 0`);
/// - Leontief inverse `L = (I - A)^-1`; output for a final demand `y`,
///   `x = L y`, is a solve, not a product with `L`;
/// - Ghosh inverse `G = (I - B)^-1` with `B = x^-1 Z`: on the
///   region-sectors with output `G = x^-1 L x`, so it comes from the same
///   factorisation (a region-sector without output has the identity's
///   row and column);
/// - value-added coefficients `v_j = va_j / x_j`.
///
/// The model holds one `n x n` matrix (the factors) beside its table's
/// `Z`: at EXIOBASE's 9,800 region-products that is 768 MB each. The
/// explicit inverse is formed only by [`leontief`](MrioModel::leontief).
///
/// # Example
///
/// ```
/// use tradedep::inputoutput::{Mrio, Region};
///
/// let t = Mrio::builder(["JPN".parse::<Region>()?, "CHN".parse()?], ["goods"], ["hh"])
///     .intermediate(vec![20.0, 10.0, 5.0, 40.0])
///     .final_demand(vec![60.0, 10.0, 15.0, 40.0])
///     .build()?;
/// let m = t.model()?;
/// // x = L y closes on the table's own final demand.
/// let x = m.output_for(&[70.0, 55.0])?;
/// assert!((x[0] - 100.0).abs() < 1e-9 && (x[1] - 100.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct MrioModel<'t> {
    table: &'t Mrio,
    factored: Factored,
}

impl Mrio {
    /// Factors `I - A` and checks that the table is productive.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) when
    /// `I - A` is singular, or when the table is not productive (`L 1`
    /// has an entry that is not positive: Hawkins-Simon).
    pub fn model(&self) -> Result<MrioModel<'_>> {
        let n = self.len();
        let z = self.z();
        let x = self.output();
        let inv: Vec<f64> = x
            .iter()
            .map(|x| if *x > 0.0 { 1.0 / x } else { 0.0 })
            .collect();
        let i_minus = Mat::<f64>::from_fn(n, n, |i, j| {
            let a = z[(i, j)] * inv.get(j).copied().unwrap_or(0.0);
            f64::from(u8::from(i == j)) - a
        });
        let factored = Factored::new(i_minus, "Leontief")?;
        factored.check_productive("Leontief")?;
        Ok(MrioModel {
            table: self,
            factored,
        })
    }
}

impl MrioModel<'_> {
    /// The table.
    #[must_use]
    pub fn table(&self) -> &Mrio {
        self.table
    }

    /// The technical coefficient `a_ij = z_ij / x_j`; `None` out of range.
    #[must_use]
    pub fn coefficient(&self, i: usize, j: usize) -> Option<f64> {
        let x = *self.table.output().get(j)?;
        let z = self.table.flow(i, j)?;
        Some(if x > 0.0 { z / x } else { 0.0 })
    }

    /// Output `x = L y` for a final demand `y` by region-sector.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) when `y`
    /// has not one finite entry per region-sector.
    pub fn output_for(&self, y: &[f64]) -> Result<Vec<f64>> {
        self.check(y)?;
        Ok(self.factored.solve_vec(y))
    }

    /// `L M` for the columns of `m` (one row per region-sector).
    pub(crate) fn solve(&self, m: &mut Mat<f64>) {
        self.factored.solve(m.as_mut());
    }

    /// `w' L` for a row vector `w`.
    pub(crate) fn solve_row(&self, w: &[f64]) -> Vec<f64> {
        self.factored.solve_transpose_vec(w)
    }

    /// The explicit Leontief inverse, row by row: `n^2` values (16 MB at
    /// WIOD's 1,435 region-sectors, 768 MB at EXIOBASE's 9,800). The
    /// measures never form it.
    #[must_use]
    pub fn leontief(&self) -> Matrix {
        Matrix::from_mat(&self.factored.inverse())
    }

    /// Value-added coefficients `v_j = va_j / x_j` (0 where `x_j = 0`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) when the
    /// table gives no value added
    /// ([`Mrio::with_value_added_residual`] makes it the residual).
    pub fn value_added_coefficients(&self) -> Result<Vec<f64>> {
        let va = self.table.value_added().ok_or_else(|| {
            io_error(
                "the table gives no value added: read it with its value-added rows, or use \
                 Mrio::with_value_added_residual for a table that balances by construction",
            )
        })?;
        Ok(va
            .iter()
            .zip(self.table.output())
            .map(|(v, x)| if *x > 0.0 { v / x } else { 0.0 })
            .collect())
    }

    /// Supply-driven (Ghosh) output change `dx' = dv' G` for a change of
    /// primary inputs `dv` by region-sector, through `G = x^-1 L x`:
    /// `dx_j = x_j (L' w)_j` with `w_i = dv_i / x_i`, and `dx_j = dv_j` for
    /// a region-sector without output.
    ///
    /// # Errors
    ///
    /// As [`output_for`](Self::output_for).
    pub fn supply_effect(&self, dv: &[f64]) -> Result<Vec<f64>> {
        self.check(dv)?;
        let x = self.table.output();
        let w: Vec<f64> = dv
            .iter()
            .zip(x)
            .map(|(d, x)| if *x > 0.0 { d / x } else { 0.0 })
            .collect();
        let lw = self.solve_row(&w);
        Ok(lw
            .iter()
            .zip(x)
            .zip(dv)
            .map(|((l, x), d)| if *x > 0.0 { l * x } else { *d })
            .collect())
    }

    /// Several right-hand sides as the columns of one matrix.
    pub(crate) fn columns(&self, cols: &[Vec<f64>]) -> Mat<f64> {
        let n = self.table.len();
        Mat::from_fn(n, cols.len(), |i, j| {
            cols.get(j).and_then(|c| c.get(i)).copied().unwrap_or(0.0)
        })
    }

    fn check(&self, v: &[f64]) -> Result<()> {
        check_vector(v, self.table.len(), "region-sector")
    }
}

/// `L e` columns for the given indices, as `n`-vectors.
pub(crate) fn unit_columns(n: usize, at: &[usize]) -> Vec<Vec<f64>> {
    at.iter()
        .map(|&i| {
            let mut e = vec![0.0; n];
            if let Some(slot) = e.get_mut(i) {
                *slot = 1.0;
            }
            e
        })
        .collect()
}

/// The column `j` of `m`, as a vector.
pub(crate) fn col(m: &Mat<f64>, j: usize) -> Vec<f64> {
    (0..m.nrows()).map(|i| m[(i, j)]).collect()
}
