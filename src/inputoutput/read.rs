//! Reading input-output tables from CSV, without guessing: every row and
//! column label is a sector, a known total, output, final-demand,
//! primary-input or satellite label, or a label the user declared; any
//! other is an error that names it.

use std::io::Read;
use std::path::Path;

use crate::csvutil::{self, CsvReader, DEFAULT_MAX_LINE_BYTES, LineLimit};
use crate::error::{Error, ErrorKind, Result};
use crate::inputoutput::labels::{
    EXTENSION, FINAL_DEMAND, INTERMEDIATE, IoLabel, OUTPUT, PRIMARY_INPUT, has, normalize,
};
use crate::inputoutput::table::{IoTable, io_error};

/// Reads input-output tables from CSV. Nothing is guessed: each label is
/// classified ([`IoLabel`]) by the rules below, or as declared with
/// [`label`](IoReader::label); a label that fits no rule is an
/// [`ErrorKind::InputOutput`] error that names it.
///
/// # The square layout ([`read_square`](IoReader::read_square))
///
/// The first column names the rows, the header names the columns, as in
/// the Eurostat manual's table
/// (`../shared/data/io/germany_1995_eurostat_manual.csv`) and the UK
/// ONS input-output analytical tables. Labels are compared in lower case,
/// with `_` and `-` read as spaces:
///
/// 1. declared labels first;
/// 2. output: `output`, `total output`, `gross output`, `output at basic
///    prices`; totals: any label that starts with `total` (total
///    intermediate demand or use, total demand, total use, total final
///    demand or use, total exports, ...) and `intermediate
///    consumption/use/demand/inputs`;
/// 3. sectors: labels that name both a row and a column;
/// 4. columns of final demand: labels with `household`, `npish`, `non
///    profit`, `government`, `capital formation`, `gfcf`, `inventor`,
///    `changes in stocks`, `valuables`, `export`, `final consumption`,
///    `final demand`, `final use`;
/// 5. rows of primary inputs: labels with `value added`, `gva`,
///    `compensation`, `wages`, `operating surplus`, `mixed income`, `tax`,
///    `subsid`, `consumption of fixed capital`, `depreciation`, `import`;
///    satellite rows: `employment`, `persons`, `hours worked`, `jobs`,
///    `emission`, `co2`.
///
/// Then `Z` is the sector rows by sector columns, `f` the sum of the
/// final-demand columns, and `x` the output row or column. With both
/// `x` and `f`, every sector must balance, `x_i = sum_j z_ij + f_i`,
/// within the [`tolerance`](IoReader::tolerance); with `x` only, `f` is
/// `x` less the row sums of `Z`; with `f` only, `x` is the row sums plus
/// `f`. Empty cells are 0; `#` lines are comments.
///
/// # Example
///
/// Miller & Blair's two-sector example in the ONS layout, with its total
/// rows and columns: the totals are recognised and left out, so the
/// output multipliers are the textbook's (1.5182 and 1.4521).
///
/// ```
/// use tradedep::inputoutput::{IoLabel, IoReader};
///
/// let csv = "\
/// ,sec1,sec2,Total intermediate demand,Households final consumption expenditure,Exports of goods and services,Total final demand,Total demand for products
/// sec1,150,500,650,300,50,350,1000
/// sec2,200,100,300,1500,200,1700,2000
/// Total intermediate consumption,350,600,950,,,,
/// Use of imported products,60,120,180,,,,
/// Gross value added,590,1280,1870,,,,
/// Total output,1000,2000,3000,,,,
/// ";
/// let t = IoReader::new().read_square(csv.as_bytes())?;
/// assert_eq!(t.final_demand(), [350.0, 1700.0]);
/// let m = t.model()?.multipliers();
/// assert!((m[0] - 1.5182).abs() < 1e-4 && (m[1] - 1.4521).abs() < 1e-4);
///
/// // A column it cannot classify is an error that names it...
/// let odd = csv.replace("Exports of goods and services", "Statistical discrepancy");
/// let err = IoReader::new().read_square(odd.as_bytes()).unwrap_err();
/// assert!(err.to_string().contains("\"Statistical discrepancy\""), "{err}");
/// // ...until it is declared.
/// let t = IoReader::new()
///     .label("Statistical discrepancy", IoLabel::FinalDemand)
///     .read_square(odd.as_bytes())?;
/// assert_eq!(t.final_demand(), [350.0, 1700.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct IoReader {
    declared: Vec<(String, IoLabel)>,
    tolerance: f64,
}

impl Default for IoReader {
    fn default() -> Self {
        IoReader::new()
    }
}

impl IoReader {
    /// A reader with no declared labels and a tolerance of 0.1%.
    #[must_use]
    pub fn new() -> IoReader {
        IoReader {
            declared: Vec::new(),
            tolerance: 1e-3,
        }
    }

    /// Declares what the row or column `label` is (compared as the rules
    /// compare labels: in lower case, `_` and `-` as spaces).
    #[must_use]
    pub fn label(mut self, label: &str, role: IoLabel) -> IoReader {
        self.declared.push((normalize(label), role));
        self
    }

    /// How far a sector's output may be from its row sum plus final
    /// demand, as a fraction of the output (published tables are rounded:
    /// 0.001, a tenth of a percent, unless set). A negative or non-finite
    /// value is read as 0.
    #[must_use]
    pub fn tolerance(mut self, relative: f64) -> IoReader {
        self.tolerance = if relative.is_finite() {
            relative.max(0.0)
        } else {
            0.0
        };
        self
    }

    /// What a label is by the rules (declared labels included), given
    /// whether it names a row, a column, or both; `None` when no rule
    /// fits.
    #[must_use]
    pub fn classify(&self, label: &str, row: bool, column: bool) -> Option<IoLabel> {
        let l = normalize(label);
        if let Some((_, role)) = self.declared.iter().find(|(d, _)| *d == l) {
            return Some(*role);
        }
        if OUTPUT.contains(&l.as_str()) {
            return Some(IoLabel::Output);
        }
        if l.starts_with("total") || INTERMEDIATE.contains(&l.as_str()) {
            return Some(IoLabel::Total);
        }
        if row && column {
            return Some(IoLabel::Sector);
        }
        if column && FINAL_DEMAND.iter().any(|w| has(&l, w)) {
            return Some(IoLabel::FinalDemand);
        }
        if row && PRIMARY_INPUT.iter().any(|w| has(&l, w)) {
            return Some(IoLabel::PrimaryInput);
        }
        if row && EXTENSION.iter().any(|w| has(&l, w)) {
            return Some(IoLabel::Extension);
        }
        None
    }

    /// Reads the square layout; see the type's documentation.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`] for a label no rule fits (named, with
    /// how to declare it), a label given twice, no sector, no output and
    /// no final demand, or a sector that does not balance;
    /// [`ErrorKind::Number`] with line and column for a cell that is not
    /// a number; and the errors of [`IoTable::new`].
    pub fn read_square<R: Read>(&self, reader: R) -> Result<IoTable> {
        let rows = read_rows(reader)?;
        let (header, body) = rows
            .split_first()
            .ok_or_else(|| Error::new(ErrorKind::EmptyInput))?;
        let columns: Vec<&str> = header.1.iter().skip(1).map(String::as_str).collect();
        let row_labels: Vec<&str> = body
            .iter()
            .map(|(_, r)| r.first().map_or("", String::as_str))
            .collect();
        // Labels in their normalized form, each looked up in a set: a
        // table of many labels is read in time proportional to them.
        let col_set = distinct(&columns, "column")?;
        let row_set = distinct(&row_labels, "row")?;
        let is_row = |l: &str| row_set.contains(&normalize(l));
        let is_col = |l: &str| col_set.contains(&normalize(l));
        let role = |l: &str, row: bool| -> Result<IoLabel> {
            self.classify(l, is_row(l), is_col(l))
                .ok_or_else(|| unclassified(l, row))
        };
        // Columns: (index in the line, role).
        let mut col_roles = Vec::with_capacity(columns.len());
        for (c, l) in columns.iter().enumerate() {
            col_roles.push((c.saturating_add(1), role(l, false)?));
        }
        let mut sector_rows = std::collections::HashMap::new();
        let mut output_row = None;
        for ((line, fields), l) in body.iter().zip(&row_labels) {
            match role(l, true)? {
                IoLabel::Sector => {
                    sector_rows.insert(normalize(l), (*line, fields));
                }
                IoLabel::Output => output_row = Some((*line, fields)),
                _ => {}
            }
        }
        let sector_cols: Vec<usize> = col_roles
            .iter()
            .filter(|(_, r)| *r == IoLabel::Sector)
            .map(|(c, _)| *c)
            .collect();
        let final_cols: Vec<usize> = col_roles
            .iter()
            .filter(|(_, r)| *r == IoLabel::FinalDemand)
            .map(|(c, _)| *c)
            .collect();
        let output_col = col_roles
            .iter()
            .find(|(_, r)| *r == IoLabel::Output)
            .map(|(c, _)| *c);
        if sector_cols.is_empty() {
            return Err(io_error(
                "no sector: a sector is a label that names both a row and a column",
            ));
        }
        let width = sector_cols.iter().max().map_or(0, |c| c.saturating_add(1));
        every_cell(
            body,
            &row_labels,
            |l| sector_rows.contains_key(&normalize(l)),
            width,
        )?;
        let mut sectors = Vec::with_capacity(sector_cols.len());
        let (mut z, mut f, mut rowsum) = (Vec::new(), Vec::new(), Vec::new());
        let mut x_col = Vec::new();
        for &c in &sector_cols {
            let name = header.1.get(c).map_or("", String::as_str);
            let Some((line, fields)) = sector_rows.get(&normalize(name)) else {
                return Err(io_error(format!("the sector {name:?} has no row")));
            };
            sectors.push(name.to_owned());
            let mut sum = 0.0;
            for &k in &sector_cols {
                let v = cell(fields, k, header, *line)?;
                sum += v;
                z.push(v);
            }
            rowsum.push(sum);
            let mut fd = 0.0;
            for &k in &final_cols {
                fd += cell(fields, k, header, *line)?;
            }
            f.push(fd);
            if let Some(k) = output_col {
                x_col.push(cell(fields, k, header, *line)?);
            }
        }
        let x_row = match output_row {
            Some((line, fields)) => Some(
                sector_cols
                    .iter()
                    .map(|&c| cell(fields, c, header, line))
                    .collect::<Result<Vec<f64>>>()?,
            ),
            None => None,
        };
        let x_col = output_col.map(|_| x_col);
        let final_demand = (!final_cols.is_empty()).then_some(f);
        let (f, x) = self.output_and_final(&sectors, &rowsum, final_demand, x_row, x_col)?;
        IoTable::new(sectors, z, f, x)
    }

    /// Final demand and output from what the table gives: the output row
    /// or column (which must agree), the final-demand columns' sums, and
    /// the row sums of `Z`.
    fn output_and_final(
        &self,
        sectors: &[String],
        rowsum: &[f64],
        final_demand: Option<Vec<f64>>,
        x_row: Option<Vec<f64>>,
        x_col: Option<Vec<f64>>,
    ) -> Result<(Vec<f64>, Vec<f64>)> {
        let x = match (x_row, x_col) {
            (Some(r), Some(c)) => {
                self.agree(sectors, &r, &c, "the output row", "the output column")?;
                Some(r)
            }
            (r, c) => r.or(c),
        };
        match (x, final_demand) {
            (Some(x), Some(f)) => {
                let sum: Vec<f64> = rowsum.iter().zip(&f).map(|(r, f)| r + f).collect();
                self.agree(
                    sectors,
                    &x,
                    &sum,
                    "output",
                    "intermediate plus final demand",
                )?;
                Ok((f, x))
            }
            (Some(x), None) => Ok((x.iter().zip(rowsum).map(|(x, s)| x - s).collect(), x)),
            (None, Some(f)) => {
                let x = rowsum.iter().zip(&f).map(|(r, f)| r + f).collect();
                Ok((f, x))
            }
            (None, None) => Err(io_error(
                "no output (a row or column labelled output or total output) and no \
                 final-demand column: declare one with IoReader::label",
            )),
        }
    }

    /// Two ways of the same output agree within the tolerance.
    fn agree(
        &self,
        sectors: &[String],
        a: &[f64],
        b: &[f64],
        what_a: &str,
        what_b: &str,
    ) -> Result<()> {
        for ((s, x), y) in sectors.iter().zip(a).zip(b) {
            let scale = x.abs().max(y.abs()).max(1.0);
            if (x - y).abs() > self.tolerance * scale {
                return Err(io_error(format!(
                    "sector {s:?} does not balance: {what_a} {x} but {what_b} {y}; \
                     a final-demand column may be missing (declare it with IoReader::label), \
                     or the table may need a wider IoReader::tolerance"
                )));
            }
        }
        Ok(())
    }

    /// Reads the layout of Miller & Blair's example as transcribed in
    /// `../shared/data/io/miller_blair_2009.csv`: a header with `row`,
    /// one `z_<sector>` column per sector, `f` and `x` (other columns
    /// ignored); one line per sector; `#` lines are comments.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingColumn`], [`ErrorKind::Number`] with line and
    /// column, and the errors of [`IoTable::new`].
    pub fn read_zfx<R: Read>(&self, reader: R) -> Result<IoTable> {
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

    /// As [`read_square`](Self::read_square) or
    /// [`read_zfx`](Self::read_zfx) (chosen by the header: a `z_` column
    /// means the latter), from a file, with the path in every error.
    ///
    /// # Errors
    ///
    /// As the readers, and [`ErrorKind::Io`].
    pub fn read_path(&self, path: impl AsRef<Path>) -> Result<IoTable> {
        let path = path.as_ref();
        // Through the line limit: a file that is one huge line fails at
        // the limit, not after it is read whole.
        let mut text = String::new();
        std::fs::File::open(path)
            .and_then(|f| LineLimit::new(f, DEFAULT_MAX_LINE_BYTES).read_to_string(&mut text))
            .map_err(|e| Error::from(e).in_file(path))?;
        let zfx = text
            .lines()
            .find(|l| !l.starts_with('#') && !l.trim().is_empty())
            .is_some_and(|h| h.split(',').any(|c| c.trim().starts_with("z_")));
        let t = if zfx {
            self.read_zfx(text.as_bytes())
        } else {
            self.read_square(text.as_bytes())
        };
        t.map_err(|e| e.in_file(path))
    }
}

impl IoTable {
    /// [`IoReader::read_square`] with no declared labels.
    ///
    /// # Errors
    ///
    /// As [`IoReader::read_square`].
    pub fn read_square_csv<R: Read>(reader: R) -> Result<IoTable> {
        IoReader::new().read_square(reader)
    }

    /// [`IoReader::read_zfx`].
    ///
    /// # Errors
    ///
    /// As [`IoReader::read_zfx`].
    pub fn read_zfx_csv<R: Read>(reader: R) -> Result<IoTable> {
        IoReader::new().read_zfx(reader)
    }

    /// [`IoReader::read_path`] with no declared labels.
    ///
    /// # Errors
    ///
    /// As [`IoReader::read_path`].
    pub fn read_path(path: impl AsRef<Path>) -> Result<IoTable> {
        IoReader::new().read_path(path)
    }
}

/// The error for a label no rule fits, with how to declare it.
fn unclassified(label: &str, row: bool) -> Error {
    io_error(format!(
        "the {} {label:?} is neither a sector (a label that names both a row and a column) \
         nor a known output, total, {} label; declare it with IoReader::label",
        if row { "row" } else { "column" },
        if row {
            "primary-input or satellite"
        } else {
            "final-demand"
        }
    ))
}

/// A square table has a cell for every pair of sectors (empty cells
/// count), so that `Z`'s n^2 entries are never more than the input's
/// fields: a few labels cannot make a huge allocation. The first sector
/// row (in file order) with fewer than `width` fields is an error.
fn every_cell(
    body: &[(u64, Vec<String>)],
    labels: &[&str],
    is_sector: impl Fn(&str) -> bool,
    width: usize,
) -> Result<()> {
    let short = body
        .iter()
        .zip(labels)
        .filter(|(_, l)| is_sector(l))
        .find(|((_, fields), _)| fields.len() < width);
    match short {
        Some(((line, fields), name)) => Err(io_error(format!(
            "the row of sector {name:?} (line {line}) has {} fields, where the sector columns need {width}: \
             a square table has a cell for every sector (an empty cell is 0)",
            fields.len()
        ))),
        None => Ok(()),
    }
}

/// The labels' normalized forms, refusing a label given twice.
fn distinct(labels: &[&str], what: &str) -> Result<std::collections::HashSet<String>> {
    let mut seen = std::collections::HashSet::with_capacity(labels.len());
    for l in labels {
        if !seen.insert(normalize(l)) {
            return Err(io_error(format!("the {what} {l:?} appears twice")));
        }
    }
    Ok(seen)
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
    let mut rdr = CsvReader::new(cleaned.as_bytes(), b',').flexible(true);
    let mut out = Vec::new();
    let mut record = csvutil::Record::new();
    while rdr.read_string_record(&mut record)? {
        let line = record.position().line();
        let fields: Vec<String> = (0..record.len())
            .map(|i| record.get(i).unwrap_or("").trim().to_owned())
            .collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        out.push((line, fields));
    }
    Ok(out)
}

fn number(fields: &[String], c: usize, header: &(u64, Vec<String>), line: u64) -> Result<f64> {
    let text = fields.get(c).map_or("", String::as_str);
    crate::inputoutput::grid::finite(text, line, header.1.get(c).cloned())
}

fn cell(fields: &[String], c: usize, header: &(u64, Vec<String>), line: u64) -> Result<f64> {
    if fields.get(c).is_none_or(String::is_empty) {
        return Ok(0.0);
    }
    number(fields, c, header, line)
}
