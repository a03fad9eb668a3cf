//! A multi-region table as its readers see it: labelled columns and
//! rows, before they are sorted into `Z`, `Y`, output and primary
//! inputs. Each layout (labelled CSV, pymrio, OECD ICIO) makes a sheet;
//! one assembly checks every label and builds the [`Mrio`].

use std::collections::HashMap;

use faer::Mat;

use crate::error::Result;
use crate::inputoutput::grid::at_line;
use crate::inputoutput::mrio::{Mrio, Parts, PrimaryInput};
use crate::inputoutput::mrio_builder::Tolerance;
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
    /// What an account label is, by the layout's rules or as declared.
    fn account(&self, label: &str) -> Option<Account>;

    /// True for a label the user declared (the layout's own labels for
    /// total value added are synonyms: two of them would count it twice).
    fn declared(&self, label: &str) -> bool;
}

/// What a column of the sheet is.
#[derive(Clone, Copy)]
enum Col {
    /// A column of `Z`.
    Z(usize),
    /// A column of `Y`: its position there.
    Y(usize),
    Output,
    Skip,
}

/// The regions and sectors of a sheet's rows, and the index of each
/// region-sector.
struct Labels {
    regions: Vec<String>,
    sectors: Vec<String>,
    region_at: HashMap<String, usize>,
    sector_at: HashMap<String, usize>,
}

impl Labels {
    /// From the region-sector rows, in the order they come.
    fn of(rows: &[SheetRow]) -> Result<Labels> {
        let mut labels = Labels {
            regions: Vec::new(),
            sectors: Vec::new(),
            region_at: HashMap::new(),
            sector_at: HashMap::new(),
        };
        for row in rows.iter().filter(|r| !r.region.is_empty()) {
            if !labels.region_at.contains_key(&row.region) {
                labels
                    .region_at
                    .insert(row.region.clone(), labels.regions.len());
                labels.regions.push(row.region.clone());
            }
            if !labels.sector_at.contains_key(&row.label) {
                labels
                    .sector_at
                    .insert(row.label.clone(), labels.sectors.len());
                labels.sectors.push(row.label.clone());
            }
        }
        if labels.regions.is_empty() {
            return Err(io_error(
                "no region-sector row: each row of Z starts with its region and sector",
            ));
        }
        Ok(labels)
    }

    fn len(&self) -> usize {
        self.regions.len().saturating_mul(self.sectors.len())
    }

    fn index(&self, region: &str, sector: &str) -> Option<usize> {
        self.region_at
            .get(region)?
            .checked_mul(self.sectors.len())?
            .checked_add(*self.sector_at.get(sector)?)
    }

    fn name(&self, i: usize) -> String {
        name(&self.regions, &self.sectors, i)
    }
}

/// Marks `i` seen, refusing a second time.
fn once(seen: &mut [bool], i: usize, what: impl FnOnce() -> String) -> Result<()> {
    let slot = seen
        .get_mut(i)
        .ok_or_else(|| io_error("a label out of range"))?;
    if *slot {
        return Err(io_error(format!("the {} is given twice", what())));
    }
    *slot = true;
    Ok(())
}

/// The columns sorted: what each is, and the final-demand categories.
struct Columns {
    kinds: Vec<Col>,
    categories: Vec<String>,
}

impl Sheet {
    /// Sorts the sheet into a table, refusing every label it cannot
    /// place.
    pub(crate) fn assemble(self, accounts: &dyn Accounts, tolerance: Tolerance) -> Result<Mrio> {
        let labels = Labels::of(&self.rows)?;
        let n = labels.len();
        self.check_size(&labels)?;
        let columns = self.columns(&labels, accounts)?;
        let fd_width = labels
            .regions
            .len()
            .saturating_mul(columns.categories.len());
        let mut z = Mat::<f64>::zeros(n, n);
        let mut y = Mat::<f64>::zeros(n, fd_width);
        let mut row_seen = vec![false; n];
        let mut x_col = vec![0.0; n];
        let mut x_row: Option<Vec<f64>> = None;
        let mut primary: Vec<PrimaryInput> = Vec::new();
        for row in &self.rows {
            if row.region.is_empty() {
                account_row(row, &columns.kinds, n, accounts, &mut x_row, &mut primary)?;
                continue;
            }
            let i = labels
                .index(&row.region, &row.label)
                .ok_or_else(|| at_line(io_error("a row out of range"), row.line))?;
            once(&mut row_seen, i, || {
                format!("row {}/{}", row.region, row.label)
            })
            .map_err(|e| at_line(e, row.line))?;
            for (kind, v) in columns.kinds.iter().zip(&row.values) {
                match kind {
                    Col::Z(j) => z[(i, *j)] = *v,
                    Col::Y(k) => y[(i, *k)] = *v,
                    Col::Output => {
                        if let Some(t) = x_col.get_mut(i) {
                            *t = *v;
                        }
                    }
                    Col::Skip => {}
                }
            }
        }
        if let Some(i) = row_seen.iter().position(|s| !s) {
            return Err(io_error(format!(
                "Z has no row for {}: every region has every sector",
                labels.name(i)
            )));
        }
        let has_x_col = check_accounts(&primary, &columns.kinds, accounts)?;
        let x = match (x_row, has_x_col) {
            (Some(r), true) => {
                agree(&r, &x_col, tolerance, &labels)?;
                Some(r)
            }
            (Some(r), false) => Some(r),
            (None, true) => Some(x_col),
            (None, false) => None,
        };
        let regions = labels
            .regions
            .iter()
            .map(|r| Region::new(r))
            .collect::<Result<Vec<_>>>()?;
        Mrio::assemble(Parts {
            regions,
            sectors: labels.sectors,
            categories: columns.categories,
            z,
            y,
            x,
            primary,
            unit: self.unit,
            tolerance,
        })
    }

    /// Every region has every sector, once, and the header has a column
    /// for each: checked before `Z` (n x n) is allocated, so that a few
    /// labels cannot ask for a huge matrix.
    fn check_size(&self, labels: &Labels) -> Result<()> {
        let n = labels.len();
        let body = self.rows.iter().filter(|r| !r.region.is_empty()).count();
        if body != n {
            let mut seen = vec![false; n.min(body.saturating_mul(2))];
            for r in self.rows.iter().filter(|r| !r.region.is_empty()) {
                if let Some(slot) = labels
                    .index(&r.region, &r.label)
                    .and_then(|i| seen.get_mut(i))
                {
                    *slot = true;
                }
            }
            let missing = seen
                .iter()
                .position(|s| !s)
                .map_or_else(|| "some region-sector".to_owned(), |i| labels.name(i));
            return Err(io_error(format!(
                "Z has {body} rows for {} regions x {} sectors: every region has every sector, \
                 once ({missing} has no row)",
                labels.regions.len(),
                labels.sectors.len()
            )));
        }
        if self.columns.len() < n {
            return Err(io_error(format!(
                "the header has {} columns; Z alone needs {n}, one per region-sector",
                self.columns.len()
            )));
        }
        Ok(())
    }

    /// What each column is: a column of `Z` (its label a sector of the
    /// rows), of `Y` (any other label of a region), or an account.
    fn columns(&self, labels: &Labels, accounts: &dyn Accounts) -> Result<Columns> {
        let mut categories: Vec<String> = Vec::new();
        let mut kinds = Vec::with_capacity(self.columns.len());
        let mut z_seen = vec![false; labels.len()];
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
            if !labels.region_at.contains_key(&c.region) {
                return Err(io_error(format!(
                    "the column {}/{} names the region {:?}, which no row has (the rows' \
                     regions are {})",
                    c.region,
                    c.label,
                    c.region,
                    labels.regions.join(", ")
                )));
            }
            if let Some(i) = labels.index(&c.region, &c.label) {
                once(&mut z_seen, i, || {
                    format!("column {}/{}", c.region, c.label)
                })?;
                kinds.push(Col::Z(i));
            } else {
                let k = categories
                    .iter()
                    .position(|x| *x == c.label)
                    .unwrap_or_else(|| {
                        categories.push(c.label.clone());
                        categories.len().saturating_sub(1)
                    });
                kinds.push(Col::Y(k));
            }
        }
        if let Some(i) = z_seen.iter().position(|s| !s) {
            return Err(io_error(format!(
                "Z has no column for {}: a multi-region table has a column for every \
                 region-sector of its rows",
                labels.name(i)
            )));
        }
        if categories.is_empty() {
            return Err(io_error(
                "no final-demand column: a column whose label is not a sector of the rows is a \
                 final-demand category of its region",
            ));
        }
        // Each category column's place in Y, checked for repeats and,
        // unless sparse, for completeness.
        let c = categories.len();
        let mut y_seen = vec![false; labels.regions.len().saturating_mul(c)];
        for (col, kind) in self.columns.iter().zip(kinds.iter_mut()) {
            if let Col::Y(k) = kind {
                let r = labels.region_at.get(&col.region).copied().unwrap_or(0);
                let at = r.saturating_mul(c).saturating_add(*k);
                once(&mut y_seen, at, || {
                    format!("column {}/{}", col.region, col.label)
                })?;
                *kind = Col::Y(at);
            }
        }
        if let Some(at) = y_seen
            .iter()
            .position(|s| !s)
            .filter(|_| !self.sparse_categories)
        {
            let r = at.checked_div(c).and_then(|r| labels.regions.get(r));
            let k = at.checked_rem(c).and_then(|k| categories.get(k));
            return Err(io_error(format!(
                "region {} has no column for the final-demand category {:?}, which other \
                 regions have: a misspelt sector, or a column missing (add it, with zeros)",
                r.map_or("?", String::as_str),
                k.map_or("?", String::as_str)
            )));
        }
        Ok(Columns { kinds, categories })
    }
}

/// At most one row of total value added by the layout's own labels, and
/// at most one output column; true when there is one.
fn check_accounts(
    primary: &[PrimaryInput],
    kinds: &[Col],
    accounts: &dyn Accounts,
) -> Result<bool> {
    let totals: Vec<&str> = primary
        .iter()
        .filter(|p| p.is_value_added() && !accounts.declared(p.name()))
        .map(PrimaryInput::name)
        .collect();
    if let [a, b, ..] = totals.as_slice() {
        return Err(io_error(format!(
            "the rows {a:?} and {b:?} both read as total value added, which would count it \
                 twice: ignore one (MrioReader::ignore), or declare each a component \
                 (MrioReader::value_added) to sum them"
        )));
    }
    let outputs = kinds.iter().filter(|k| matches!(k, Col::Output)).count();
    if outputs > 1 {
        return Err(io_error(
            "two output columns: keep one, or declare the other with MrioReader::ignore",
        ));
    }
    Ok(outputs == 1)
}

/// An account row: output, or a primary input (rows of the same name
/// add up), its cells under `Z`'s columns.
fn account_row(
    row: &SheetRow,
    kinds: &[Col],
    n: usize,
    accounts: &dyn Accounts,
    output: &mut Option<Vec<f64>>,
    primary: &mut Vec<PrimaryInput>,
) -> Result<()> {
    let account = accounts.account(&row.label).ok_or_else(|| {
        at_line(
            io_error(format!(
                "the row {:?} is not a known account (output, value added, taxes less \
                 subsidies): declare it with MrioReader::value_added, \
                 MrioReader::other_primary_input or MrioReader::ignore",
                row.label
            )),
            row.line,
        )
    })?;
    let mut by_z = vec![0.0; n];
    for (kind, v) in kinds.iter().zip(&row.values) {
        if let Col::Z(j) = kind
            && let Some(t) = by_z.get_mut(*j)
        {
            *t += v;
        }
    }
    match account {
        Account::Output => {
            if output.replace(by_z).is_some() {
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
    Ok(())
}

/// The output row and column agree.
fn agree(a: &[f64], b: &[f64], tolerance: Tolerance, labels: &Labels) -> Result<()> {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if !tolerance.accepts(*x, *y) {
            return Err(io_error(format!(
                "{}: the output row gives {x} and the output column {y}",
                labels.name(i)
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
