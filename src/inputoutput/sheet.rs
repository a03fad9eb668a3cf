//! A multi-region table as its readers see it: labelled columns and
//! rows, before they are sorted into `Z`, `Y`, output and primary
//! inputs. Each layout (labelled CSV, pymrio, OECD ICIO) makes a sheet;
//! one assembly checks every label and builds the [`Mrio`].

use std::collections::HashMap;

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::grid::at_line;
use crate::inputoutput::mrio::{Mrio, Parts, PrimaryInput, Tolerance};
use crate::inputoutput::region::Region;
use crate::inputoutput::table::io_error;

/// What an account row or column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Account {
    Output,
    ValueAdded,
    OtherPrimary,
    Ignore,
}

/// A column: a region and a label (a sector, a category), or an
/// account column (no region).
pub(crate) struct SheetColumn {
    pub(crate) region: String,
    pub(crate) label: String,
}

/// A row: a region-sector of `Z` (region not empty) or an account row.
pub(crate) struct SheetRow {
    pub(crate) line: u64,
    pub(crate) region: String,
    pub(crate) label: String,
    pub(crate) values: Vec<f64>,
}

/// The table before assembly.
pub(crate) struct Sheet {
    pub(crate) columns: Vec<SheetColumn>,
    pub(crate) rows: Vec<SheetRow>,
    /// Regions may lack final-demand columns (their `Y` is zero): true
    /// for the OECD ICIO's processing-trade blocks, false for the
    /// labelled layout, where a missing column is an error.
    pub(crate) sparse_categories: bool,
    pub(crate) unit: Option<String>,
}

/// How the assembly classifies account labels (rows or columns without
/// a region).
pub(crate) trait Accounts {
    fn account(&self, label: &str) -> Option<Account>;
}

/// What a column of the sheet is.
#[derive(Clone, Copy)]
enum Col {
    Z(usize),
    Y(usize),
    Output,
    Skip,
}

impl Sheet {
    /// Sorts the sheet into a table, refusing every label it cannot
    /// place.
    pub(crate) fn assemble(self, accounts: &dyn Accounts, tolerance: Tolerance) -> Result<Mrio> {
        // Regions and sectors from the region-sector rows, in order.
        let mut regions: Vec<String> = Vec::new();
        let mut sectors: Vec<String> = Vec::new();
        for r in self.rows.iter().filter(|r| !r.region.is_empty()) {
            if !regions.contains(&r.region) {
                regions.push(r.region.clone());
            }
            if !sectors.contains(&r.label) {
                sectors.push(r.label.clone());
            }
        }
        if regions.is_empty() {
            return Err(io_error(
                "no region-sector row: each row of Z starts with its region and sector",
            ));
        }
        let region_at: HashMap<&str, usize> =
            regions.iter().enumerate().map(|(i, r)| (r.as_str(), i)).collect();
        let sector_at: HashMap<&str, usize> =
            sectors.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
        let s = sectors.len();
        let n = regions.len().saturating_mul(s);
        let index = |region: &str, sector: &str| -> Option<usize> {
            region_at
                .get(region)?
                .checked_mul(s)?
                .checked_add(*sector_at.get(sector)?)
        };
        // Columns.
        let mut categories: Vec<String> = Vec::new();
        let mut kinds = Vec::with_capacity(self.columns.len());
        let mut z_seen = vec![false; n];
        for c in &self.columns {
            if c.region.is_empty() {
                kinds.push(match accounts.account(&c.label) {
                    Some(Account::Output) => Col::Output,
                    Some(Account::Ignore) => Col::Skip,
                    _ => {
                        return Err(io_error(format!(
                            "the column {:?} has no region and is not output: declare it \
                             with MrioReader::ignore, or give its region",
                            c.label
                        )));
                    }
                });
                continue;
            }
            if !region_at.contains_key(c.region.as_str()) {
                return Err(io_error(format!(
                    "the column {}/{} names the region {:?}, which no row has (the rows' \
                     regions are {})",
                    c.region,
                    c.label,
                    c.region,
                    regions.join(", ")
                )));
            }
            if let Some(i) = index(&c.region, &c.label) {
                let seen = z_seen.get_mut(i).ok_or_else(|| io_error("column out of range"))?;
                if *seen {
                    return Err(io_error(format!(
                        "the column {}/{} is given twice",
                        c.region, c.label
                    )));
                }
                *seen = true;
                kinds.push(Col::Z(i));
            } else {
                let k = match categories.iter().position(|x| *x == c.label) {
                    Some(k) => k,
                    None => {
                        categories.push(c.label.clone());
                        categories.len().saturating_sub(1)
                    }
                };
                kinds.push(Col::Y(k));
            }
        }
        if let Some(i) = z_seen.iter().position(|s| !s) {
            return Err(io_error(format!(
                "Z has no column for {}: a multi-region table has a column for every \
                 region-sector of its rows",
                name(&regions, &sectors, i)
            )));
        }
        if categories.is_empty() {
            return Err(io_error(
                "no final-demand column: a column whose label is not a sector of the rows is a \
                 final-demand category of its region",
            ));
        }
        let c = categories.len();
        let fd_width = regions.len().saturating_mul(c);
        // The final-demand column of each (region, category), checked
        // for repeats and, unless sparse, for completeness.
        let mut y_col = vec![None; self.columns.len()];
        let mut y_seen = vec![false; fd_width];
        for ((col, kind), slot) in self.columns.iter().zip(&kinds).zip(y_col.iter_mut()) {
            if let Col::Y(k) = kind {
                let r = region_at.get(col.region.as_str()).copied().unwrap_or(0);
                let at = r.saturating_mul(c).saturating_add(*k);
                let seen = y_seen.get_mut(at).ok_or_else(|| io_error("column out of range"))?;
                if *seen {
                    return Err(io_error(format!(
                        "the column {}/{} is given twice",
                        col.region, col.label
                    )));
                }
                *seen = true;
                *slot = Some(at);
            }
        }
        if !self.sparse_categories {
            if let Some(at) = y_seen.iter().position(|s| !s) {
                let r = at.checked_div(c).and_then(|r| regions.get(r));
                let k = at.checked_rem(c).and_then(|k| categories.get(k));
                return Err(io_error(format!(
                    "region {} has no column for the final-demand category {:?}, which other \
                     regions have: a misspelt sector, or a column missing (add it, with zeros)",
                    r.map_or("?", String::as_str),
                    k.map_or("?", String::as_str)
                )));
            }
        }
        // Rows.
        let mut z = Mat::<f64>::zeros(n, n);
        let mut y = Mat::<f64>::zeros(n, fd_width);
        let mut row_seen = vec![false; n];
        let mut x_col = vec![0.0; n];
        let has_x_col = kinds.iter().any(|k| matches!(k, Col::Output));
        let mut x_row: Option<Vec<f64>> = None;
        let mut primary: Vec<PrimaryInput> = Vec::new();
        for row in &self.rows {
            if row.region.is_empty() {
                let account = accounts.account(&row.label).ok_or_else(|| {
                    at_line(
                        io_error(format!(
                            "the row {:?} is not a known account (output, value added, taxes \
                             less subsidies): declare it with MrioReader::value_added, \
                             MrioReader::other_primary_input or MrioReader::ignore",
                            row.label
                        )),
                        row.line,
                    )
                })?;
                let mut by_z = vec![0.0; n];
                for (kind, v) in kinds.iter().zip(&row.values) {
                    if let Col::Z(j) = kind {
                        if let Some(t) = by_z.get_mut(*j) {
                            *t += v;
                        }
                    }
                }
                match account {
                    Account::Output => {
                        if x_row.replace(by_z).is_some() {
                            return Err(at_line(io_error("a second output row"), row.line));
                        }
                    }
                    Account::ValueAdded | Account::OtherPrimary => {
                        let va = account == Account::ValueAdded;
                        match primary.iter_mut().find(|p| p.name() == row.label) {
                            Some(p) => p.add(&by_z),
                            None => primary.push(PrimaryInput::new(row.label.clone(), va, by_z)),
                        }
                    }
                    Account::Ignore => {}
                }
                continue;
            }
            let i = index(&row.region, &row.label)
                .ok_or_else(|| at_line(io_error("row out of range"), row.line))?;
            let seen = row_seen.get_mut(i).ok_or_else(|| io_error("row out of range"))?;
            if *seen {
                return Err(at_line(
                    io_error(format!(
                        "the row {}/{} is given twice",
                        row.region, row.label
                    )),
                    row.line,
                ));
            }
            *seen = true;
            for ((kind, v), yc) in kinds.iter().zip(&row.values).zip(&y_col) {
                match (kind, yc) {
                    (Col::Z(j), _) => z[(i, *j)] = *v,
                    (Col::Y(_), Some(at)) => y[(i, *at)] = *v,
                    (Col::Output, _) => {
                        if let Some(t) = x_col.get_mut(i) {
                            *t = *v;
                        }
                    }
                    _ => {}
                }
            }
        }
        if let Some(i) = row_seen.iter().position(|s| !s) {
            return Err(io_error(format!(
                "Z has no row for {}: every region has every sector",
                name(&regions, &sectors, i)
            )));
        }
        let x = match (x_row, has_x_col) {
            (Some(r), true) => {
                agree(&r, &x_col, tolerance, &regions, &sectors)?;
                Some(r)
            }
            (Some(r), false) => Some(r),
            (None, true) => Some(x_col),
            (None, false) => None,
        };
        let regions = regions
            .iter()
            .map(|r| Region::new(r))
            .collect::<Result<Vec<_>>>()?;
        Mrio::assemble(Parts {
            regions,
            sectors,
            categories,
            z,
            y,
            x,
            primary,
            unit: self.unit,
            tolerance,
        })
    }
}

/// The output row and column agree.
fn agree(
    a: &[f64],
    b: &[f64],
    tolerance: Tolerance,
    regions: &[String],
    sectors: &[String],
) -> Result<()> {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if !tolerance.accepts(*x, *y) {
            return Err(io_error(format!(
                "{}: the output row gives {x} and the output column {y}",
                name(regions, sectors, i)
            )));
        }
    }
    Ok(())
}

fn name(regions: &[String], sectors: &[String], i: usize) -> String {
    let s = sectors.len().max(1);
    format!(
        "{}/{}",
        i.checked_div(s)
            .and_then(|r| regions.get(r))
            .map_or("?", String::as_str),
        i.checked_rem(s)
            .and_then(|k| sectors.get(k))
            .map_or("?", String::as_str)
    )
}
