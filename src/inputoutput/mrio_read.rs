//! Reading multi-region tables: the labelled CSV layout, pymrio's text
//! layout and the OECD ICIO layout, without guessing.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::inputoutput::grid::{Grid, LabelColumns, read_grid};
use crate::inputoutput::icio;
use crate::inputoutput::labels::normalize;
use crate::inputoutput::mrio::Mrio;
use crate::inputoutput::mrio_builder::Tolerance;
use crate::inputoutput::sheet::{Account, Accounts, Sheet, SheetColumn, SheetRow};
use crate::inputoutput::table::io_error;

/// Reads multi-region tables ([`Mrio`]). Nothing is guessed: a row or
/// column is a region-sector, a final-demand category of a region, or an
/// account (output, value added, other primary input) by the rules of its
/// layout or as declared; any other label is an
/// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) error that
/// names it, and a cell that is not a number an
/// [`ErrorKind::Number`](crate::ErrorKind::Number) error with its line
/// and column.
///
/// # The labelled layout ([`read_labelled`](MrioReader::read_labelled))
///
/// One CSV (comma, semicolon or tab) holding `Z` and `Y` side by side:
///
/// ```text
/// region,sector,JPN,JPN,CHN,CHN,JPN,CHN,
/// ,,parts,cars,parts,cars,households,households,output
/// JPN,parts,0,20,0,0,0,0,20
/// JPN,cars,0,0,0,0,80,0,80
/// CHN,parts,10,0,0,30,0,0,40
/// CHN,cars,0,0,0,0,60,60,120
/// ,value added,10,60,40,90,,,
/// ```
///
/// - Two header lines: the column's region, then its sector or
///   final-demand category. The leading empty cells of the second line
///   mark the label columns (`region,sector`).
/// - A row with a region is a region-sector of `Z`; its sector is any
///   label. Every region must have every sector, each once.
/// - A column whose label is a sector of the rows is a column of `Z`;
///   any other label of a region's column is a final-demand category,
///   and every region must have every category (a misspelt sector would
///   otherwise pass as a category). A column's region must be a region
///   of the rows.
/// - Rows and columns without a region are accounts: `output` (`total
///   output`, `gross output`, `x`) as a row or a column (both must
///   agree); `value added` (`va`, `gva`, `gross value added`) and
///   `taxes less subsidies` (`tls`) rows; and the labels declared with
///   [`value_added`](MrioReader::value_added),
///   [`other_primary_input`](MrioReader::other_primary_input),
///   [`output`](MrioReader::output) and [`ignore`](MrioReader::ignore).
///   Account rows' cells under final-demand columns (taxes on final
///   products) are left out.
/// - Empty cells are 0. Without an output row or column, output is the
///   row sums (`Z 1 + Y 1`); with one, the rows must balance within the
///   [`tolerance`](MrioReader::tolerance).
///
/// # pymrio's layout ([`read_pymrio`](MrioReader::read_pymrio))
///
/// pymrio's text files (`Z.txt`, `Y.txt`, `F.txt` of an extension; tab-
/// or comma-separated): the two header lines above, or pandas' three as
/// `pymrio.save` writes them (each header line led by its level's name,
/// then a line naming the label columns); the raw files of pymrio's test
/// system carry the unit as a third label column. `Z`'s columns are
/// region-sectors, `Y`'s columns region-categories, and its rows the
/// same region-sectors as `Z`'s, each once. The factor-inputs file (rows
/// `stressor,unit`) gives value added: each of its rows is a component
/// of value added unless declared otherwise.
///
/// # The OECD ICIO layout ([`read_icio`](MrioReader::read_icio))
///
/// See [`read_icio`](MrioReader::read_icio).
///
/// # Example
///
/// ```
/// use tradedep::inputoutput::{MrioReader, Region};
///
/// let csv = "region,sector,JPN,JPN,CHN,CHN,JPN,CHN\n\
///            ,,parts,cars,parts,cars,households,households\n\
///            JPN,parts,0,20,0,0,0,0\n\
///            JPN,cars,0,0,0,0,80,0\n\
///            CHN,parts,10,0,0,30,0,0\n\
///            CHN,cars,0,0,0,0,60,60\n\
///            ,value added,10,60,40,90,,\n";
/// let t = MrioReader::new().read_labelled(csv.as_bytes())?;
/// assert_eq!(t.output(), &[20.0, 80.0, 40.0, 120.0]);
/// assert_eq!(t.balance().columns(), Some(0.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MrioReader {
    declared: Vec<(String, Account)>,
    tolerance: Tolerance,
    unit: Option<String>,
}

/// Account labels of the labelled and pymrio layouts (normalised).
const OUTPUT: [&str; 5] = [
    "output",
    "total output",
    "gross output",
    "x",
    "output at basic prices",
];
const VALUE_ADDED: [&str; 5] = [
    "value added",
    "va",
    "gva",
    "gross value added",
    "value added at basic prices",
];
const OTHER_PRIMARY: [&str; 3] = [
    "taxes less subsidies",
    "tls",
    "taxes less subsidies on products",
];

impl Accounts for MrioReader {
    fn declared(&self, label: &str) -> bool {
        self.declared_account(label).is_some()
    }

    fn account(&self, label: &str) -> Option<Account> {
        if let Some(a) = self.declared_account(label) {
            return Some(a);
        }
        let l = normalize(label);
        if OUTPUT.contains(&l.as_str()) {
            Some(Account::Output)
        } else if VALUE_ADDED.contains(&l.as_str()) {
            Some(Account::ValueAdded)
        } else if OTHER_PRIMARY.contains(&l.as_str()) {
            Some(Account::OtherPrimary)
        } else {
            None
        }
    }
}

impl MrioReader {
    /// A reader with the default tolerance and no declared label.
    #[must_use]
    pub fn new() -> MrioReader {
        MrioReader::default()
    }

    /// The account of a label as declared, if it was.
    pub(crate) fn declared_account(&self, label: &str) -> Option<Account> {
        let l = normalize(label);
        self.declared.iter().find(|(d, _)| *d == l).map(|(_, a)| *a)
    }

    fn declare(mut self, label: &str, account: Account) -> MrioReader {
        let l = normalize(label);
        self.declared.retain(|(d, _)| *d != l);
        self.declared.push((l, account));
        self
    }

    /// Reads the account rows labelled `label` as a component of value
    /// added.
    #[must_use]
    pub fn value_added(self, label: &str) -> MrioReader {
        self.declare(label, Account::ValueAdded)
    }

    /// Reads the account rows labelled `label` as a primary input that is
    /// not value added.
    #[must_use]
    pub fn other_primary_input(self, label: &str) -> MrioReader {
        self.declare(label, Account::OtherPrimary)
    }

    /// Reads the account row or column labelled `label` as output.
    #[must_use]
    pub fn output(self, label: &str) -> MrioReader {
        self.declare(label, Account::Output)
    }

    /// Leaves out the account rows or columns labelled `label` (totals,
    /// satellite rows).
    #[must_use]
    pub fn ignore(self, label: &str) -> MrioReader {
        self.declare(label, Account::Ignore)
    }

    /// How closely a given output must balance the rows.
    #[must_use]
    pub fn tolerance(mut self, tolerance: Tolerance) -> MrioReader {
        self.tolerance = tolerance;
        self
    }

    /// The unit of the values, for the record.
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> MrioReader {
        self.unit = Some(unit.into());
        self
    }

    /// Reads the labelled layout; see the type's documentation.
    ///
    /// # Errors
    ///
    /// As described there, and those of [`MrioBuilder::build`](crate::inputoutput::MrioBuilder::build).
    pub fn read_labelled<R: Read>(&self, reader: R) -> Result<Mrio> {
        let grid = read_grid(reader, 2, &LabelColumns::Leading)?;
        let sheet = sheet_of(grid, self.unit.clone())?;
        sheet.assemble(self, self.tolerance)
    }

    /// Reads pymrio's `Z` and `Y` files; see the type's documentation.
    ///
    /// # Errors
    ///
    /// As [`read_labelled`](Self::read_labelled), and for `Y` rows that
    /// are not `Z`'s.
    pub fn read_pymrio<Z: Read, Y: Read>(&self, z: Z, y: Y) -> Result<Mrio> {
        self.pymrio(z, y, None::<&[u8]>)
    }

    /// Reads pymrio's `Z` and `Y` files and a factor-inputs file (value
    /// added).
    ///
    /// # Errors
    ///
    /// As [`read_pymrio`](Self::read_pymrio), and for factor-input
    /// columns that are not `Z`'s.
    pub fn read_pymrio_with_value_added<Z: Read, Y: Read, F: Read>(
        &self,
        z: Z,
        y: Y,
        factor_inputs: F,
    ) -> Result<Mrio> {
        self.pymrio(z, y, Some(factor_inputs))
    }

    fn pymrio<Z: Read, Y: Read, F: Read>(&self, z: Z, y: Y, f: Option<F>) -> Result<Mrio> {
        let z = read_grid(z, 2, &LabelColumns::Leading)?;
        let y = read_grid(y, 2, &LabelColumns::Leading)?;
        let f = f
            .map(|f| read_grid(f, 2, &LabelColumns::Leading))
            .transpose()?;
        let mut sheet = sheet_of(z, self.unit.clone())?;
        // Y's rows joined to Z's, by label.
        let y_sheet = sheet_of(y, None)?;
        let width = y_sheet.columns.len();
        let mut by_label: std::collections::HashMap<(String, String), Vec<f64>> =
            std::collections::HashMap::with_capacity(y_sheet.rows.len());
        for r in y_sheet.rows {
            let line = r.line;
            if by_label
                .insert((r.region.clone(), r.label.clone()), r.values)
                .is_some()
            {
                return Err(crate::inputoutput::grid::at_line(
                    io_error(format!("Y gives the row {}/{} twice", r.region, r.label)),
                    line,
                ));
            }
        }
        if sheet.unit.is_none() {
            sheet.unit = y_sheet.unit;
        }
        let z_width = sheet.columns.len();
        for row in &mut sheet.rows {
            let key = (row.region.clone(), row.label.clone());
            let values = by_label.remove(&key).ok_or_else(|| {
                io_error(format!(
                    "Y has no row for {}/{}, a row of Z",
                    row.region, row.label
                ))
            })?;
            row.values.extend(values);
        }
        if let Some(((r, l), _)) = by_label.into_iter().next() {
            return Err(io_error(format!(
                "Y has a row for {r}/{l}, which Z has not"
            )));
        }
        sheet.columns.extend(y_sheet.columns);
        let mut reader = self.clone();
        if let Some(f) = f {
            let heads: Vec<(String, String)> = column_pairs(&f);
            let z_cols: Vec<(String, String)> = sheet
                .columns
                .iter()
                .take(z_width)
                .map(|c| (c.region.clone(), c.label.clone()))
                .collect();
            if heads != z_cols {
                return Err(io_error(
                    "the factor-inputs file's columns are not Z's region-sectors in Z's order",
                ));
            }
            for row in f.rows {
                let name = row.labels.first().cloned().unwrap_or_default();
                if let Some(u) = row.labels.get(1).filter(|u| !u.is_empty()) {
                    sheet.unit.get_or_insert_with(|| u.clone());
                }
                if reader.account(&name).is_none() {
                    reader = reader.value_added(&name);
                }
                let mut values = row.values;
                values.resize(z_width.saturating_add(width), 0.0);
                sheet.rows.push(SheetRow {
                    line: row.line,
                    region: String::new(),
                    label: name,
                    values,
                });
            }
        }
        sheet.assemble(&reader, reader.tolerance)
    }

    /// Reads a pymrio directory: `Z` and `Y` (`Z.txt`, `Z.csv`,
    /// `trade_flows_Z.txt`; `Y.txt`, `Y.csv`, `finald_demand_y.txt`), and
    /// value added where a factor-inputs file is found
    /// (`factor_inputs/F.txt`, `factor_inputs_F.csv`, `factor_input.txt`,
    /// `mrio_data/factor_input.txt`): the files `pymrio.save` writes, and
    /// the raw files of pymrio's test system.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when `Z` or `Y` is not
    /// found (naming the names tried), and as
    /// [`read_pymrio`](Self::read_pymrio), with the file in the error.
    pub fn read_pymrio_dir(&self, dir: impl AsRef<Path>) -> Result<Mrio> {
        let dir = dir.as_ref();
        let find = |names: &[&str]| -> Option<PathBuf> {
            names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
        };
        let need = |names: &[&str]| -> Result<PathBuf> {
            find(names).ok_or_else(|| {
                io_error(format!(
                    "{} has none of {}",
                    dir.display(),
                    names.join(", ")
                ))
            })
        };
        let z = need(&["Z.txt", "Z.csv", "trade_flows_Z.txt"])?;
        let y = need(&[
            "Y.txt",
            "Y.csv",
            "finald_demand_y.txt",
            "finald_demand_Y.txt",
        ])?;
        let f = find(&[
            "factor_inputs/F.txt",
            "factor_inputs/F.csv",
            "factor_inputs_F.csv",
            "factor_input.txt",
            "mrio_data/factor_input.txt",
        ]);
        let open = |p: &Path| std::fs::File::open(p).map_err(|e| Error::from(e).in_file(p));
        let result = match &f {
            Some(f) => self.read_pymrio_with_value_added(open(&z)?, open(&y)?, open(f)?),
            None => self.read_pymrio(open(&z)?, open(&y)?),
        };
        result.map_err(|e| e.in_file(dir))
    }

    /// Reads the OECD Inter-Country Input-Output table's CSV; see
    /// [`icio`](crate::inputoutput::MrioReader::read_icio) below.
    ///
    /// The layout, as the OECD distributes it (releases 2021 to 2025):
    /// one header line, the first cell a row-label name (`V1` from
    /// 2023, empty before); labels `REGION_CODE` split at the first `_`:
    ///
    /// - columns: region-industries (`AUS_01T02`, from 2023 `AUS_A01_02`),
    ///   then final demand by region (`AUS_HFCE`, `_NPISH`, `_GGFC`,
    ///   `_GFCF`, `_INVNT`, `_DPABR`; `_P33` in the 2018 release, `_DISC`
    ///   in 2016), then output (`OUT`, named `TOTAL` before 2023);
    /// - rows: region-industries, then taxes less subsidies on products
    ///   (`TLS`; before 2023 one `CCC_TAXSUB` row per country, summed
    ///   here into one `TLS` component), value added (`VA`, `VALU`
    ///   before 2023) and output (`OUT`, `OUTPUT` before 2023).
    ///
    /// Industries are the codes the rows use; a column code that is
    /// neither an industry nor a known final-demand code is an error that
    /// names it. Regions are economies where their code is ISO alpha-3;
    /// `ROW` is the rest of the world; the extended tables' `CN1`, `CN2`,
    /// `MX1`, `MX2` (China's and Mexico's processing-trade blocks) are
    /// named regions without final demand of their own (aggregate them
    /// into `CHN` and `MEX` with [`Mrio::aggregate`]). Values are million
    /// USD. Output is checked against the rows within the tolerance: the
    /// OECD's own checks allow `2e-4` relative and `0.1` absolute, which
    /// [`Tolerance::relative`] and [`Tolerance::absolute`] can set.
    ///
    /// # Errors
    ///
    /// As [`read_labelled`](Self::read_labelled).
    pub fn read_icio<R: Read>(&self, reader: R) -> Result<Mrio> {
        let grid = read_grid(reader, 1, &LabelColumns::Fixed(1))?;
        let sheet = icio::sheet(grid)?;
        sheet.assemble(&icio::Labels { reader: self }, self.tolerance)
    }

    /// [`read_icio`](Self::read_icio) from a file, with the path in every
    /// error.
    ///
    /// # Errors
    ///
    /// As [`read_icio`](Self::read_icio), and
    /// [`ErrorKind::Io`](crate::ErrorKind::Io).
    pub fn read_icio_path(&self, path: impl AsRef<Path>) -> Result<Mrio> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        self.read_icio(file).map_err(|e| e.in_file(path))
    }

    /// [`read_labelled`](Self::read_labelled) from a file, with the path
    /// in every error.
    ///
    /// # Errors
    ///
    /// As [`read_labelled`](Self::read_labelled), and
    /// [`ErrorKind::Io`](crate::ErrorKind::Io).
    pub fn read_labelled_path(&self, path: impl AsRef<Path>) -> Result<Mrio> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        self.read_labelled(file).map_err(|e| e.in_file(path))
    }
}

/// The columns of a two-line grid as (region, label) pairs.
fn column_pairs(grid: &Grid) -> Vec<(String, String)> {
    let first = grid.heads.first();
    let second = grid.heads.get(1);
    let width = grid.heads.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|j| {
            (
                first.and_then(|h| h.get(j)).cloned().unwrap_or_default(),
                second.and_then(|h| h.get(j)).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

/// A two-line grid as a sheet: rows labelled `region,sector` (an empty
/// region for accounts).
fn sheet_of(grid: Grid, mut unit: Option<String>) -> Result<Sheet> {
    // pymrio's raw files carry the unit as a third label column.
    let width = grid.label_names.len();
    if width != 2 && width != 3 {
        return Err(io_error(format!(
            "the layout has two label columns (region, sector), or three with the unit; this \
             file has {width}"
        )));
    }
    if width == 3 {
        let units: std::collections::BTreeSet<&str> = grid
            .rows
            .iter()
            .filter_map(|r| r.labels.get(2).map(String::as_str))
            .filter(|u| !u.is_empty())
            .collect();
        if units.len() > 1 {
            return Err(io_error(format!(
                "the rows give more than one unit ({}): a table has one",
                units.into_iter().collect::<Vec<_>>().join(", ")
            )));
        }
        if let Some(u) = units.into_iter().next() {
            unit.get_or_insert_with(|| u.to_owned());
        }
    }
    let columns = column_pairs(&grid)
        .into_iter()
        .map(|(region, label)| SheetColumn { region, label })
        .collect();
    let rows = grid
        .rows
        .into_iter()
        .map(|r| {
            let mut labels = r.labels.into_iter();
            SheetRow {
                line: r.line,
                region: labels.next().unwrap_or_default(),
                label: labels.next().unwrap_or_default(),
                values: r.values,
            }
        })
        .collect();
    Ok(Sheet {
        columns,
        rows,
        sparse_categories: false,
        unit,
    })
}
