//! The one linear-algebra core of every input-output model, single- or
//! multi-region: `I - A` factored once (LU with partial pivoting, `faer`)
//! and solved against as many right-hand sides as a measure needs.
//!
//! Where a measure needs only `L y` (or `v' L`), it is a solve, never a
//! product with an explicit inverse: the inverse costs three times the
//! factorisation and a second `n x n` matrix. The factorisation is done
//! in place, so a model holds one `n x n` matrix beside its table's `Z`.
//!
//! Floating point is used here because the method is numeric by nature;
//! results agree with numpy's and pymrio's to about 1e-12 relative on
//! the tables tested.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse, solve};
use faer::perm::PermRef;
use faer::{Mat, MatMut, Par, Spec};

use crate::error::Result;
use crate::inputoutput::table::io_error;

/// `I - A` in LU form, `P (I - A) = L U`, with the unit lower and the
/// upper factor in one matrix.
#[derive(Debug, Clone)]
pub(crate) struct Factored {
    lu: Mat<f64>,
    forward: Vec<usize>,
    inverse: Vec<usize>,
}

/// The parallelism of the solves: `faer`'s global setting (every core,
/// through rayon, unless the user set it otherwise).
fn par() -> Par {
    faer::get_global_parallelism()
}

impl Factored {
    /// Factors `m = I - A` in place (`m` is consumed: no copy is made).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) when a
    /// pivot is zero or not finite: `I - A` is singular and the Leontief
    /// inverse does not exist.
    pub(crate) fn new(mut m: Mat<f64>, name: &str) -> Result<Factored> {
        let n = m.nrows();
        let mut forward = vec![0usize; n];
        let mut inverse = vec![0usize; n];
        let par = par();
        let mut buffer = MemBuffer::new(factor::lu_in_place_scratch::<usize, f64>(
            n,
            n,
            par,
            Spec::default(),
        ));
        let _ = factor::lu_in_place(
            m.as_mut(),
            &mut forward,
            &mut inverse,
            par,
            MemStack::new(&mut buffer),
            Spec::default(),
        );
        let singular = (0..n).any(|i| {
            let p = m.get(i, i);
            !p.is_finite() || *p == 0.0
        });
        if singular {
            return Err(io_error(format!(
                "I - A is singular: the {name} inverse does not exist (a sector whose own use \
                 equals its output, or a block of sectors that only feed each other)"
            )));
        }
        Ok(Factored {
            lu: m,
            forward,
            inverse,
        })
    }

    /// The order of the matrix.
    pub(crate) fn len(&self) -> usize {
        self.lu.nrows()
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.forward, &self.inverse, self.len())
    }

    /// `rhs <- (I - A)^-1 rhs`, that is `L rhs`, for every column of
    /// `rhs` (which must have one row per sector).
    pub(crate) fn solve(&self, rhs: MatMut<'_, f64>) {
        let par = par();
        let mut buffer = MemBuffer::new(solve::solve_in_place_scratch::<usize, f64>(
            self.len(),
            rhs.ncols(),
            par,
        ));
        solve::solve_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs,
            par,
            MemStack::new(&mut buffer),
        );
    }

    /// `rhs <- L' rhs`: the rows `v' L` as columns.
    pub(crate) fn solve_transpose(&self, rhs: MatMut<'_, f64>) {
        let par = par();
        let mut buffer = MemBuffer::new(solve::solve_transpose_in_place_scratch::<usize, f64>(
            self.len(),
            rhs.ncols(),
            par,
        ));
        solve::solve_transpose_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs,
            par,
            MemStack::new(&mut buffer),
        );
    }

    /// `L v` for one vector.
    pub(crate) fn solve_vec(&self, v: &[f64]) -> Vec<f64> {
        let mut m = column(v);
        self.solve(m.as_mut());
        (0..m.nrows()).map(|i| m[(i, 0)]).collect()
    }

    /// `v' L` for one vector.
    pub(crate) fn solve_transpose_vec(&self, v: &[f64]) -> Vec<f64> {
        let mut m = column(v);
        self.solve_transpose(m.as_mut());
        (0..m.nrows()).map(|i| m[(i, 0)]).collect()
    }

    /// The explicit inverse `L`: for small tables and for users who ask
    /// for it.
    pub(crate) fn inverse(&self) -> Mat<f64> {
        let n = self.len();
        let par = par();
        let mut out = Mat::<f64>::zeros(n, n);
        let mut buffer = MemBuffer::new(inverse::inverse_scratch::<usize, f64>(n, par));
        inverse::inverse(
            out.as_mut(),
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            par,
            MemStack::new(&mut buffer),
        );
        out
    }

    /// Checks that the model is productive: `u = L 1` is finite and
    /// positive. When `A >= 0` this is exact (Hawkins-Simon: `I - A` is a
    /// Z-matrix, and a Z-matrix with a positive `u` such that
    /// `(I - A) u > 0` is a non-singular M-matrix, whose inverse is
    /// non-negative); with negative coefficients it is a necessary check.
    pub(crate) fn check_productive(&self, name: &str) -> Result<()> {
        let u = self.solve_vec(&vec![1.0; self.len()]);
        if let Some((i, v)) = u
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite() || **v <= 0.0)
        {
            return Err(io_error(format!(
                "the table is not productive: the {name} inverse's row {i} sums to {v:.3e}, \
                 so no non-negative output meets every final demand (Hawkins-Simon)"
            )));
        }
        Ok(())
    }
}

/// One vector as an `n x 1` matrix.
pub(crate) fn column(v: &[f64]) -> Mat<f64> {
    Mat::from_fn(v.len(), 1, |i, _| v.get(i).copied().unwrap_or(0.0))
}

/// The sum of region `r`'s block of a vector by region-sector (`s`
/// sectors a region); 0 out of range.
pub(crate) fn block_sum(v: &[f64], r: usize, s: usize) -> f64 {
    let start = r.saturating_mul(s);
    v.get(start..start.saturating_add(s))
        .map_or(0.0, |v| v.iter().sum::<f64>())
}

/// A vector for a model: one finite entry per sector (`what` names the
/// sector kind in the error).
pub(crate) fn check_vector(v: &[f64], n: usize, what: &str) -> Result<()> {
    if v.len() != n {
        return Err(io_error(format!(
            "a vector of the model needs {n} entries, one per {what}; got {}",
            v.len()
        )));
    }
    if let Some(bad) = v.iter().find(|v| !v.is_finite()) {
        return Err(io_error(format!("{bad} is not a finite number")));
    }
    Ok(())
}
