//! Stage 4: input-output propagation (Leontief and Ghosh models).
//!
//! Floating point (`f64`) is used here, and only here: input-output
//! algebra inverts matrices, which is numeric by nature. The inversion
//! uses `faer` (LU with partial pivoting). On a 1,435-sector table, the
//! size of the world input-output table, `faer` inverted `I - A` in about
//! 0.11 s against `nalgebra`'s 0.83 s on the project's 2-core machine,
//! with the same results; hence the choice.

use std::io::Read;
use std::path::Path;

use faer::Mat;
use faer::linalg::solvers::DenseSolveCore;

use crate::classify::selector::ProductSelector;
use crate::csvutil::{self, DEFAULT_MAX_LINE_BYTES, LineLimit};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::hs::HsCode;

/// An input-output table: intermediate flows `Z` (row sector sells to
/// column sector), final demand `f` and output `x` by sector, and value
/// added where known.
///
/// # Formulas (Miller & Blair 2009, ch. 2 and 12)
///
/// - technical coefficients `A = Z x^-1` (`a_ij = z_ij / x_j`);
/// - Leontief inverse `L = (I - A)^-1`; demand-driven `dx = L df`;
/// - output multipliers: column sums of `L`;
/// - allocation coefficients `B = x^-1 Z` (`b_ij = z_ij / x_i`); Ghosh
///   inverse `G = (I - B)^-1`; supply-driven `dx' = dv' G`.
///
/// # Example
///
/// Miller & Blair (2009), ch. 2, the two-sector example:
///
/// ```
/// use tradedep::scenario::IoTable;
///
/// let t = IoTable::new(
///     vec!["sec1".into(), "sec2".into()],
///     vec![150.0, 500.0, 200.0, 100.0], // Z, row by row
///     vec![350.0, 1700.0],
///     vec![1000.0, 2000.0],
/// )?;
/// let m = t.model()?;
/// assert!((m.leontief(0, 0) - 1.2541).abs() < 1e-4);
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

fn io_error(reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Scenario {
        reason: reason.into(),
    })
}

impl IoTable {
    /// A table of `n` sectors: `z` has `n * n` entries row by row, `f`
    /// and `x` have `n`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Scenario`] for mismatched sizes, a value that is not
    /// finite, or a sector whose output is not positive.
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
        if let Some((s, v)) = sectors.iter().zip(&x).find(|(_, v)| **v <= 0.0) {
            return Err(io_error(format!(
                "sector {s:?} has output {v}: coefficients divide by output, which must be positive"
            )));
        }
        Ok(IoTable { sectors, z, f, x })
    }

    /// Reads the layout of Miller & Blair's example as transcribed in
    /// `../shared/data/io/miller_blair_2009.csv`: a header with `row`,
    /// one `z_<sector>` column per sector, `f` and `x` (other columns
    /// ignored); one line per sector; `#` lines are comments.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingColumn`], [`ErrorKind::Number`] with line and
    /// column, and the errors of [`new`](Self::new).
    pub fn read_zfx_csv<R: Read>(reader: R) -> Result<IoTable> {
        let rows = read_rows(reader)?;
        let (header, body) = rows
            .split_first()
            .ok_or_else(|| Error::new(ErrorKind::EmptyInput))?;
        let col = |name: &str| header.1.iter().position(|h| h.eq_ignore_ascii_case(name));
        let missing = |name: &'static str| {
            Error::new(ErrorKind::MissingColumn {
                name,
                found: header.1.join(","),
            })
        };
        let z_cols: Vec<usize> = header
            .1
            .iter()
            .enumerate()
            .filter(|(_, h)| h.starts_with("z_"))
            .map(|(i, _)| i)
            .collect();
        let (fc, xc) = (
            col("f").ok_or_else(|| missing("f"))?,
            col("x").ok_or_else(|| missing("x"))?,
        );
        let mut sectors = Vec::new();
        let (mut z, mut f, mut x) = (Vec::new(), Vec::new(), Vec::new());
        for (line, fields) in body {
            sectors.push(fields.first().cloned().unwrap_or_default());
            for &c in &z_cols {
                z.push(number(fields, c, header, *line)?);
            }
            f.push(number(fields, fc, header, *line)?);
            x.push(number(fields, xc, header, *line)?);
        }
        IoTable::new(sectors, z, f, x)
    }

    /// Reads a square table with labelled rows and columns, as the
    /// Eurostat manual's (`../shared/data/io/germany_1995_eurostat_manual.csv`):
    /// the first column names the rows, the header the columns.
    ///
    /// - sectors: the labels that name both a row and a column, except
    ///   the totals (`total`, `total_use`, `total_final_use`, `output`);
    /// - `Z`: the sector rows by sector columns;
    /// - output `x`: the row `output` where there is one, else row sums
    ///   of `Z` plus final demand;
    /// - final demand `f`: `x` less the row sums of `Z`, so that
    ///   `x = Z 1 + f` holds; in a balanced table this equals the sum of
    ///   the final-use columns.
    ///
    /// Empty cells are 0; `#` lines are comments.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Number`] with line and column for a cell that is not a
    /// number, and the errors of [`new`](Self::new).
    pub fn read_square_csv<R: Read>(reader: R) -> Result<IoTable> {
        const TOTALS: [&str; 4] = ["total", "total_use", "total_final_use", "output"];
        let rows = read_rows(reader)?;
        let (header, body) = rows
            .split_first()
            .ok_or_else(|| Error::new(ErrorKind::EmptyInput))?;
        let is_total = |s: &str| TOTALS.iter().any(|t| t.eq_ignore_ascii_case(s));
        let sector_cols: Vec<(usize, &String)> = header
            .1
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, h)| !is_total(h) && body.iter().any(|(_, r)| r.first() == Some(*h)))
            .collect();
        let row_of = |name: &str| {
            body.iter()
                .find(|(_, r)| r.first().is_some_and(|l| l == name))
        };
        let final_cols: Vec<usize> = header
            .1
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(i, h)| !is_total(h) && !sector_cols.iter().any(|(j, _)| j == i))
            .map(|(i, _)| i)
            .collect();
        let mut sectors = Vec::new();
        let (mut z, mut x) = (Vec::new(), Vec::new());
        let mut rowsum = Vec::new();
        let mut fd = Vec::new();
        let output = row_of("output");
        for (_, name) in &sector_cols {
            let Some((line, fields)) = row_of(name) else {
                continue;
            };
            sectors.push((*name).clone());
            let mut sum = 0.0;
            for (c, _) in &sector_cols {
                let v = cell(fields, *c, header, *line)?;
                sum += v;
                z.push(v);
            }
            rowsum.push(sum);
            let mut f = 0.0;
            for &c in &final_cols {
                f += cell(fields, c, header, *line)?;
            }
            fd.push(f);
        }
        for (k, (c, _)) in sector_cols.iter().enumerate() {
            let v = match output {
                Some((line, fields)) => cell(fields, *c, header, *line)?,
                None => rowsum.get(k).copied().unwrap_or(0.0) + fd.get(k).copied().unwrap_or(0.0),
            };
            x.push(v);
        }
        let f = x.iter().zip(&rowsum).map(|(x, s)| x - s).collect();
        IoTable::new(sectors, z, f, x)
    }

    /// As [`read_square_csv`](Self::read_square_csv) or
    /// [`read_zfx_csv`](Self::read_zfx_csv) (chosen by the header: a
    /// `z_` column means the latter), from a file, with the path in every
    /// error.
    ///
    /// # Errors
    ///
    /// As the readers, and [`ErrorKind::Io`].
    pub fn read_path(path: impl AsRef<Path>) -> Result<IoTable> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::from(e).in_file(path))?;
        let zfx = text
            .lines()
            .find(|l| !l.starts_with('#') && !l.trim().is_empty())
            .is_some_and(|h| h.split(',').any(|c| c.trim().starts_with("z_")));
        let t = if zfx {
            IoTable::read_zfx_csv(text.as_bytes())
        } else {
            IoTable::read_square_csv(text.as_bytes())
        };
        t.map_err(|e| e.in_file(path))
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

    /// The intermediate flow from sector `i` to sector `j`.
    #[must_use]
    pub fn flow(&self, i: usize, j: usize) -> f64 {
        i.checked_mul(self.sectors.len())
            .and_then(|row| row.checked_add(j))
            .and_then(|k| self.z.get(k))
            .copied()
            .unwrap_or(0.0)
    }

    /// The index of a sector by name.
    #[must_use]
    pub fn sector(&self, name: &str) -> Option<usize> {
        self.sectors.iter().position(|s| s == name)
    }

    /// Computes the Leontief and Ghosh inverses.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Scenario`] when `I - A` (or `I - B`) is singular, or
    /// when the table is not productive (the inverse has a negative
    /// entry, so no non-negative output meets every non-negative final
    /// demand: Hawkins-Simon).
    pub fn model(&self) -> Result<IoModel> {
        let size = self.sectors.len();
        // Outputs are positive (checked by `new`); floating point division
        // does not panic.
        let output = |k: usize| self.x.get(k).copied().unwrap_or(f64::NAN);
        let technical = Mat::<f64>::from_fn(size, size, |i, j| self.flow(i, j) / output(j));
        let allocation = Mat::<f64>::from_fn(size, size, |i, j| self.flow(i, j) / output(i));
        // The two inverses are independent: on two cores at once.
        let (leontief, ghosh) = std::thread::scope(|s| {
            let ghosh = s.spawn(|| invert_productive(&allocation, "Ghosh"));
            let leontief = invert_productive(&technical, "Leontief");
            let ghosh = ghosh
                .join()
                .unwrap_or_else(|_| Err(io_error("the thread inverting I - B stopped")));
            (leontief, ghosh)
        });
        let (leontief, ghosh) = (leontief?, ghosh?);
        Ok(IoModel {
            sectors: self.sectors.clone(),
            a: technical,
            l: leontief,
            g: ghosh,
        })
    }
}

/// `(I - M)^-1`, checked to exist and to be non-negative.
fn invert_productive(m: &Mat<f64>, name: &str) -> Result<Mat<f64>> {
    let n = m.nrows();
    let i_minus = Mat::<f64>::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - m[(i, j)]);
    let inv = i_minus.partial_piv_lu().inverse();
    let mut worst = 0.0f64;
    for j in 0..n {
        for i in 0..n {
            let v = inv[(i, j)];
            if !v.is_finite() {
                return Err(io_error(format!(
                    "I - A is singular: the {name} inverse does not exist"
                )));
            }
            worst = worst.min(v);
        }
    }
    if worst < -1e-9 {
        return Err(io_error(format!(
            "the table is not productive: the {name} inverse has a negative entry ({worst:.3e})"
        )));
    }
    Ok(inv)
}

/// The inverses of an [`IoTable`] and the effects they give.
#[derive(Debug, Clone)]
pub struct IoModel {
    sectors: Vec<String>,
    a: Mat<f64>,
    l: Mat<f64>,
    g: Mat<f64>,
}

impl IoModel {
    /// The sectors, in order.
    #[must_use]
    pub fn sectors(&self) -> &[String] {
        &self.sectors
    }

    /// Technical coefficient `a_ij`.
    #[must_use]
    pub fn coefficient(&self, i: usize, j: usize) -> f64 {
        Self::get(&self.a, i, j)
    }

    /// Leontief inverse entry `l_ij`.
    #[must_use]
    pub fn leontief(&self, i: usize, j: usize) -> f64 {
        Self::get(&self.l, i, j)
    }

    /// Ghosh inverse entry `g_ij`.
    #[must_use]
    pub fn ghosh(&self, i: usize, j: usize) -> f64 {
        Self::get(&self.g, i, j)
    }

    fn get(m: &Mat<f64>, i: usize, j: usize) -> f64 {
        if i < m.nrows() && j < m.ncols() {
            m[(i, j)]
        } else {
            f64::NAN
        }
    }

    /// Output multipliers: the column sums of `L`, the output of all
    /// sectors that one more unit of final demand for a sector calls
    /// for.
    #[must_use]
    pub fn multipliers(&self) -> Vec<f64> {
        let n = self.l.ncols();
        (0..n)
            .map(|j| (0..n).map(|i| self.l[(i, j)]).sum())
            .collect()
    }

    /// Demand-driven output change `dx = L df`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Scenario`] when `df` has not one entry per sector.
    pub fn demand_effect(&self, df: &[f64]) -> Result<Vec<f64>> {
        self.check(df)?;
        let n = self.l.nrows();
        Ok((0..n)
            .map(|i| df.iter().enumerate().map(|(j, d)| self.l[(i, j)] * d).sum())
            .collect())
    }

    /// Supply-driven output change `dx' = dv' G`: a change of primary
    /// inputs (value added, or imported inputs) `dv` by sector.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Scenario`] when `dv` has not one entry per sector.
    pub fn supply_effect(&self, dv: &[f64]) -> Result<Vec<f64>> {
        self.check(dv)?;
        let n = self.g.nrows();
        Ok((0..n)
            .map(|j| dv.iter().enumerate().map(|(i, d)| d * self.g[(i, j)]).sum())
            .collect())
    }

    fn check(&self, v: &[f64]) -> Result<()> {
        if v.len() != self.sectors.len() {
            return Err(io_error(format!(
                "a change vector needs {} entries, one per sector; got {}",
                self.sectors.len(),
                v.len()
            )));
        }
        if let Some(bad) = v.iter().find(|v| !v.is_finite()) {
            return Err(io_error(format!("{bad} is not a finite number")));
        }
        Ok(())
    }
}

/// Which sector of an input-output table each product goes to: a list of
/// product selectors, each with a sector; the first that matches wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectorMap {
    rules: Vec<(ProductSelector, String)>,
}

impl SectorMap {
    /// An empty map.
    #[must_use]
    pub fn new() -> SectorMap {
        SectorMap::default()
    }

    /// Sends the products `selector` selects to `sector`.
    #[must_use]
    pub fn with(mut self, selector: ProductSelector, sector: impl Into<String>) -> SectorMap {
        self.rules.push((selector, sector.into()));
        self
    }

    /// The sector of `product`, if any rule matches.
    #[must_use]
    pub fn sector_of(&self, product: HsCode) -> Option<&str> {
        self.rules
            .iter()
            .find(|(s, _)| s.matches(product))
            .map(|(_, name)| name.as_str())
    }

    /// Sums `values` by product into a vector by the sectors of `model`;
    /// products no rule maps are returned apart, summed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Scenario`] when a rule names a sector the table does
    /// not have.
    pub fn to_sectors<I>(&self, model: &IoModel, values: I) -> Result<(Vec<f64>, f64)>
    where
        I: IntoIterator<Item = (HsCode, f64)>,
    {
        for (_, s) in &self.rules {
            if !model.sectors.iter().any(|m| m == s) {
                return Err(io_error(format!(
                    "the sector map names {s:?}, which the table does not have (it has {})",
                    model.sectors.join(", ")
                )));
            }
        }
        let mut v = vec![0.0; model.sectors.len()];
        let mut unmapped = 0.0;
        for (p, x) in values {
            match self
                .sector_of(p)
                .and_then(|s| model.sectors.iter().position(|m| m == s))
            {
                Some(i) => {
                    if let Some(slot) = v.get_mut(i) {
                        *slot += x;
                    }
                }
                None => unmapped += x,
            }
        }
        Ok((v, unmapped))
    }
}

/// The lines of a CSV, `#` comments and blank lines skipped, with their
/// line numbers.
fn read_rows<R: Read>(reader: R) -> Result<Vec<(u64, Vec<String>)>> {
    let mut text = String::new();
    LineLimit::new(reader, DEFAULT_MAX_LINE_BYTES).read_to_string(&mut text)?;
    let cleaned: String = text
        .lines()
        .map(|l| if l.starts_with('#') { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(cleaned.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    while csvutil::read_string_record(&mut rdr, &mut record)? {
        let line = record.position().map_or(0, csv::Position::line);
        let fields: Vec<String> = record.iter().map(|f| f.trim().to_owned()).collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        out.push((line, fields));
    }
    Ok(out)
}

fn number(fields: &[String], c: usize, header: &(u64, Vec<String>), line: u64) -> Result<f64> {
    let text = fields.get(c).map_or("", String::as_str);
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            Error::new(ErrorKind::Number {
                input: crate::error::quote(text),
                reason: "expected a finite number",
            })
            .at(Position {
                line: Some(line),
                column: header.1.get(c).cloned(),
                ..Position::default()
            })
        })
}

fn cell(fields: &[String], c: usize, header: &(u64, Vec<String>), line: u64) -> Result<f64> {
    if fields.get(c).is_none_or(String::is_empty) {
        return Ok(0.0);
    }
    number(fields, c, header, line)
}

/// How an importer's shortfall spreads through its economy's sectors.
///
/// The shortfall of each product (stage 2, converted from exact decimals
/// to `f64` here) is sent to a sector by a [`SectorMap`] and read two
/// ways (Miller & Blair 2009, ch. 12):
///
/// - supply-driven (Ghosh): the lost imports are lost primary inputs of
///   the sectors that use them, `dx' = -s' G`;
/// - demand-driven (Leontief): as if the sectors' final demand fell by
///   the shortfall, `dx = -L s`; a bound on the knock-on effect, as the
///   Ghosh model's plausibility is debated.
///
/// Both are changes in output (negative for losses), in the table's
/// units; give the table and the shortfall in the same units and scale.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SectorEffects {
    /// The sectors, in order.
    pub sectors: Vec<String>,
    /// The shortfall sent to each sector.
    pub shock: Vec<f64>,
    /// Supply-driven change in output by sector.
    pub supply_driven: Vec<f64>,
    /// Demand-driven change in output by sector.
    pub demand_driven: Vec<f64>,
    /// Shortfall of products the map sends to no sector.
    pub unmapped: f64,
}

impl SectorEffects {
    /// Computes the effects of a shortfall given by product.
    ///
    /// # Errors
    ///
    /// As [`SectorMap::to_sectors`].
    pub fn of<I>(model: &IoModel, map: &SectorMap, shortfall: I) -> Result<SectorEffects>
    where
        I: IntoIterator<Item = (HsCode, f64)>,
    {
        let (shock, unmapped) = map.to_sectors(model, shortfall)?;
        let neg: Vec<f64> = shock.iter().map(|v| -v).collect();
        Ok(SectorEffects {
            sectors: model.sectors.clone(),
            supply_driven: model.supply_effect(&neg)?,
            demand_driven: model.demand_effect(&neg)?,
            shock,
            unmapped,
        })
    }
}

impl std::fmt::Display for SectorEffects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = self
            .sectors
            .iter()
            .map(String::len)
            .max()
            .unwrap_or(6)
            .max(6);
        writeln!(
            f,
            "{:<w$}  {:>16}  {:>16}  {:>16}",
            "sector", "shortfall", "supply-driven", "demand-driven"
        )?;
        for (i, s) in self.sectors.iter().enumerate() {
            let get = |v: &[f64]| v.get(i).copied().unwrap_or(0.0) + 0.0;
            writeln!(
                f,
                "{s:<w$}  {:>16.2}  {:>16.2}  {:>16.2}",
                get(&self.shock),
                get(&self.supply_driven),
                get(&self.demand_driven)
            )?;
        }
        if self.unmapped != 0.0 {
            writeln!(f, "(shortfall of unmapped products: {:.2})", self.unmapped)?;
        }
        Ok(())
    }
}
