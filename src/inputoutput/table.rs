//! Input-output tables and their models: the Leontief and Ghosh
//! inverses.
//!
//! Floating point (`f64`) is used here, and only here: input-output
//! algebra inverts matrices, which is numeric by nature. The inversion
//! uses `faer` (LU with partial pivoting). On a 1,435-sector table, the
//! size of the world input-output table, `faer` inverted `I - A` in about
//! 0.11 s against `nalgebra`'s 0.83 s on the project's 2-core machine,
//! with the same results; hence the choice.

use std::sync::OnceLock;

use faer::Mat;

use crate::error::{Error, ErrorKind, Result};
use crate::inputoutput::linalg::Factored;

/// An input-output table: intermediate flows `Z` (row sector sells to
/// column sector), final demand `f` and output `x` by sector.
///
/// # Formulas (Miller & Blair 2009, ch. 2 and 12)
///
/// - technical coefficients `A = Z x^-1` (`a_ij = z_ij / x_j`);
/// - Leontief inverse `L = (I - A)^-1`; demand-driven `dx = L df`;
/// - output multipliers: column sums of `L`;
/// - allocation coefficients `B = x^-1 Z` (`b_ij = z_ij / x_i`); Ghosh
///   inverse `G = (I - B)^-1`; supply-driven `dx' = dv' G`.
///
/// A sector whose output is zero (world tables have some: WIOD 2011 has
/// 22) has zero coefficients, `a_ij = 0` in its column and `b_ij = 0` in
/// its row, as numpy and `pymrio` users set them; it takes no part in
/// the propagation.
///
/// Tables are read from CSV by [`IoReader`](crate::inputoutput::IoReader),
/// which never guesses what a row or column is.
///
/// # Example
///
/// Miller & Blair (2009), ch. 2, the two-sector example:
///
/// ```
/// use tradedep::inputoutput::IoTable;
///
/// let t = IoTable::new(
///     vec!["sec1".into(), "sec2".into()],
///     vec![150.0, 500.0, 200.0, 100.0], // Z, row by row
///     vec![350.0, 1700.0],
///     vec![1000.0, 2000.0],
/// )?;
/// let m = t.model()?;
/// assert!((m.leontief().get(0, 0).unwrap() - 1.2541).abs() < 1e-4);
/// assert_eq!(m.leontief().get(2, 0), None); // no third sector
/// let dx = m.demand_effect(&[600.0 - 350.0, 1500.0 - 1700.0])?;
/// assert!((1000.0 + dx[0] - 1247.5).abs() < 0.1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct IoTable {
    sectors: Vec<String>,
    z: Vec<f64>,
    f: Vec<f64>,
    x: Vec<f64>,
}

pub(crate) fn io_error(reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::InputOutput {
        reason: reason.into(),
    })
}

impl IoTable {
    /// A table of `n` sectors: `z` has `n * n` entries row by row, `f`
    /// and `x` have `n`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`] for mismatched sizes, a value that is
    /// not finite, or a negative output.
    pub fn new(sectors: Vec<String>, z: Vec<f64>, f: Vec<f64>, x: Vec<f64>) -> Result<IoTable> {
        let n = sectors.len();
        if n == 0 {
            return Err(io_error("an input-output table needs at least one sector"));
        }
        let cells = n
            .checked_mul(n)
            .ok_or_else(|| io_error("too many sectors"))?;
        if z.len() != cells || f.len() != n || x.len() != n {
            return Err(io_error(format!(
                "{n} sectors need {cells} intermediate flows and {n} final demands and outputs; got {}, {} and {}",
                z.len(),
                f.len(),
                x.len()
            )));
        }
        if let Some(v) = z.iter().chain(&f).chain(&x).find(|v| !v.is_finite()) {
            return Err(io_error(format!("{v} is not a finite number")));
        }
        if let Some((s, v)) = sectors.iter().zip(&x).find(|(_, v)| **v < 0.0) {
            return Err(io_error(format!(
                "sector {s:?} has output {v}: output cannot be negative"
            )));
        }
        Ok(IoTable { sectors, z, f, x })
    }

    /// The sectors, in order.
    #[must_use]
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// Output by sector.
    #[must_use]
    pub fn output(&self) -> &[f64] {
        &self.x
    }

    /// Final demand by sector.
    #[must_use]
    pub fn final_demand(&self) -> &[f64] {
        &self.f
    }

    /// The intermediate flow from sector `i` to sector `j`; `None` out of
    /// range.
    #[must_use]
    pub fn flow(&self, i: usize, j: usize) -> Option<f64> {
        let n = self.sectors.len();
        if i >= n || j >= n {
            return None;
        }
        i.checked_mul(n)
            .and_then(|row| row.checked_add(j))
            .and_then(|k| self.z.get(k))
            .copied()
    }

    /// The index of a sector by name.
    #[must_use]
    pub fn sector(&self, name: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s == name)
    }

    /// Computes the Leontief inverse (the Ghosh inverse is computed when
    /// first asked for, by [`IoModel::ghosh`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`] when `I - A` is singular, or when the
    /// table is not productive (the inverse has a negative entry, so no
    /// non-negative output meets every non-negative final demand:
    /// Hawkins-Simon).
    pub fn model(&self) -> Result<IoModel> {
        let size = self.sectors.len();
        let technical = Mat::<f64>::from_fn(size, size, |i, j| self.coefficient(i, j, j));
        let i_minus = Mat::<f64>::from_fn(size, size, |i, j| {
            f64::from(u8::from(i == j)) - technical[(i, j)]
        });
        let factored = Factored::new(i_minus, "Leontief")?;
        factored.check_productive("Leontief")?;
        let leontief = factored.inverse();
        Ok(IoModel {
            table: self.clone(),
            a: Matrix::from_mat(&technical),
            l: Matrix::from_mat(&leontief),
            g: OnceLock::new(),
        })
    }

    /// The table as the one-region case of a multi-region table: region
    /// `region`, one final-demand category `final demand`, output as
    /// given. Its model is the same LU core (`Mrio::model`), so every
    /// look-through measure, extraction and multiplier applies.
    ///
    /// ```
    /// use tradedep::inputoutput::{IoTable, Region};
    ///
    /// let t = IoTable::new(
    ///     vec!["sec1".into(), "sec2".into()],
    ///     vec![150.0, 500.0, 200.0, 100.0],
    ///     vec![350.0, 1700.0],
    ///     vec![1000.0, 2000.0],
    /// )?;
    /// let m = t.to_mrio(Region::new("US")?)?;
    /// let mult = m.model()?.multipliers()?;
    /// // Miller & Blair (2009), table 2.4: output multipliers 1.5182, 1.4521.
    /// assert!((mult.rows()[0].output() - 1.5182).abs() < 1e-4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`MrioBuilder::build`](crate::inputoutput::MrioBuilder::build):
    /// the output must balance the rows within the default tolerance.
    pub fn to_mrio(&self, region: crate::inputoutput::Region) -> Result<crate::inputoutput::Mrio> {
        crate::inputoutput::Mrio::builder([region], self.sectors.clone(), ["final demand"])
            .intermediate(self.z.clone())
            .final_demand(self.f.clone())
            .output(self.x.clone())
            .build()
    }

    /// `z_ij / x_k`, or 0 where `x_k` is zero.
    fn coefficient(&self, i: usize, j: usize, k: usize) -> f64 {
        let x = self.x.get(k).copied().unwrap_or(0.0);
        if x == 0.0 {
            0.0
        } else {
            self.flow(i, j).unwrap_or(0.0) / x
        }
    }
}

/// A square matrix of an input-output model (coefficients or an
/// inverse), sectors in the table's order; entries out of range are
/// `None`, never NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    n: usize,
    /// Row by row.
    values: Vec<f64>,
}

impl Matrix {
    pub(crate) fn from_mat(m: &Mat<f64>) -> Matrix {
        let n = m.nrows();
        let mut values = Vec::with_capacity(n.saturating_mul(n));
        for i in 0..n {
            for j in 0..n {
                values.push(m[(i, j)]);
            }
        }
        Matrix { n, values }
    }

    /// The number of rows (and columns): one per sector.
    #[must_use]
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for a matrix of no sector.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The entry of row `i` and column `j`; `None` out of range.
    #[must_use]
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        if i >= self.n || j >= self.n {
            return None;
        }
        self.values
            .get(i.checked_mul(self.n)?.checked_add(j)?)
            .copied()
    }

    /// Row `i`; `None` out of range.
    #[must_use]
    pub fn row(&self, i: usize) -> Option<&[f64]> {
        let start = i.checked_mul(self.n)?;
        self.values.get(start..start.checked_add(self.n)?)
    }

    /// Every row, in order.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> + '_ {
        self.values.chunks(self.n.max(1))
    }

    /// The sum of each column.
    #[must_use]
    pub fn column_sums(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.n];
        for row in self.rows() {
            for (s, v) in sums.iter_mut().zip(row) {
                *s += v;
            }
        }
        sums
    }
}

/// The inverses of an [`IoTable`] and the effects they give.
#[derive(Debug, Clone)]
pub struct IoModel {
    table: IoTable,
    a: Matrix,
    l: Matrix,
    /// The Ghosh inverse, computed when first asked for.
    g: OnceLock<Matrix>,
}

impl IoModel {
    /// The sectors, in order.
    #[must_use]
    pub fn sectors(&self) -> &[String] {
        &self.table.sectors
    }

    /// The technical coefficients `A` (`a_ij = z_ij / x_j`).
    #[must_use]
    pub fn coefficients(&self) -> &Matrix {
        &self.a
    }

    /// The Leontief inverse `L = (I - A)^-1`.
    #[must_use]
    pub fn leontief(&self) -> &Matrix {
        &self.l
    }

    /// The Ghosh inverse `G = (I - B)^-1` with `B = x^-1 Z`, computed on
    /// first use and kept.
    ///
    /// `B` is similar to `A` on the sectors with output, `B = x^-1 A x`,
    /// so `G = x^-1 L x` (`g_ij = l_ij x_j / x_i`): it is derived from the
    /// Leontief inverse, not inverted again (Miller & Blair 2009, eq.
    /// 12.9). A sector without output has a zero row and column in `B`
    /// (its inputs, if a table gives any, are left out as in `A`), so its
    /// row and column of `G` are the identity's.
    ///
    /// # Errors
    ///
    /// None today: the `Result` is kept so that a model whose Ghosh
    /// inverse cannot be formed can say so.
    pub fn ghosh(&self) -> Result<&Matrix> {
        if let Some(g) = self.g.get() {
            return Ok(g);
        }
        let g = Matrix::from_mat(&ghosh_of(self.l.values.as_slice(), &self.table.x));
        Ok(self.g.get_or_init(|| g))
    }

    /// Output multipliers: the column sums of `L`, the output of all
    /// sectors that one more unit of final demand for a sector calls
    /// for.
    #[must_use]
    pub fn multipliers(&self) -> Vec<f64> {
        self.l.column_sums()
    }

    /// Demand-driven output change `dx = L df`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`] when `df` has not one entry per sector.
    pub fn demand_effect(&self, df: &[f64]) -> Result<Vec<f64>> {
        self.check(df)?;
        Ok(self
            .l
            .rows()
            .map(|row| row.iter().zip(df).map(|(l, d)| l * d).sum::<f64>())
            .collect())
    }

    /// Supply-driven output change `dx' = dv' G`: a change of primary
    /// inputs (value added, or imported inputs) `dv` by sector.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`] when `dv` has not one entry per sector,
    /// and as [`ghosh`](Self::ghosh).
    pub fn supply_effect(&self, dv: &[f64]) -> Result<Vec<f64>> {
        self.check(dv)?;
        let g = self.ghosh()?;
        let mut out = vec![0.0; g.len()];
        for (row, d) in g.rows().zip(dv) {
            for (o, v) in out.iter_mut().zip(row) {
                *o += d * v;
            }
        }
        Ok(out)
    }

    fn check(&self, v: &[f64]) -> Result<()> {
        crate::inputoutput::linalg::check_vector(v, self.table.sectors.len(), "sector")
    }
}

/// `G = x^-1 L x` from `L` given row by row, with the identity's row and
/// column for sectors without output.
pub(crate) fn ghosh_of(l: &[f64], x: &[f64]) -> Mat<f64> {
    let n = x.len();
    Mat::<f64>::from_fn(n, n, |i, j| {
        let (xi, xj) = (
            x.get(i).copied().unwrap_or(0.0),
            x.get(j).copied().unwrap_or(0.0),
        );
        if xi > 0.0 && xj > 0.0 {
            let lij = i
                .checked_mul(n)
                .and_then(|r| r.checked_add(j))
                .and_then(|k| l.get(k))
                .copied()
                .unwrap_or(0.0);
            lij * xj / xi
        } else {
            f64::from(u8::from(i == j))
        }
    })
}
