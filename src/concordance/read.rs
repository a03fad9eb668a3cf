//! Reading concordances from correlation and conversion tables: this
//! crate's tidy layout and UNSD's own.

use std::io::Read;
use std::path::Path;

use crate::concordance::table::{Concordance, concordance_error};
use crate::csvutil::{self, Record};
use crate::error::{Error, Result};
use crate::model::edition::HsEdition;
use crate::model::hs::HsCode;

/// Which column is what, from the header.
enum Layout {
    /// `from_edition,from_code,to_edition,to_code[,relationship]`.
    Tidy {
        from_edition: usize,
        from_code: usize,
        to_edition: usize,
        to_code: usize,
    },
    /// Two columns named by their editions (`HS 2022`, `HS 2017`).
    Unsd {
        from: (usize, HsEdition),
        to: (usize, HsEdition),
    },
}

/// The edition a UNSD column name gives: `HS 2022`, `HS2022`, `HS22`,
/// `From HS 2022`, `HS 2017 Code`, `H6` (letter case and spaces ignored).
fn edition_of_column(name: &str) -> Option<HsEdition> {
    let compact: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    let core = compact
        .trim_start_matches("FROM")
        .trim_start_matches("TO")
        .trim_end_matches("CODES")
        .trim_end_matches("CODE");
    if let Ok(e) = core.parse::<HsEdition>() {
        return Some(e);
    }
    let digits = core.strip_prefix("HS")?;
    let year: u16 = match digits.len() {
        4 => digits.parse().ok()?,
        2 => {
            let y: u16 = digits.parse().ok()?;
            if y >= 88 {
                y.checked_add(1900)?
            } else {
                y.checked_add(2000)?
            }
        }
        _ => return None,
    };
    format!("HS{year}").parse().ok()
}

fn layout(header: &[String]) -> Result<Layout> {
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    if let (Some(fe), Some(fc), Some(te), Some(tc)) = (
        find("from_edition"),
        find("from_code"),
        find("to_edition"),
        find("to_code"),
    ) {
        return Ok(Layout::Tidy {
            from_edition: fe,
            from_code: fc,
            to_edition: te,
            to_code: tc,
        });
    }
    let named: Vec<(usize, HsEdition)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| edition_of_column(h).map(|e| (i, e)))
        .collect();
    match named.as_slice() {
        [from, to] if from.1 != to.1 => Ok(Layout::Unsd {
            from: *from,
            to: *to,
        }),
        _ => Err(concordance_error(format!(
            "the header ({}) is neither the tidy layout (from_edition, from_code, to_edition, \
             to_code) nor UNSD's (two columns named by their editions, such as \"HS 2022\" and \
             \"HS 2017\")",
            header.join(",")
        ))),
    }
}

/// A code cell: 6 digits, or 5 that lost a leading zero to a spreadsheet,
/// dots allowed (`0101.21`).
fn code(text: &str) -> Result<HsCode> {
    let plain: String = text.trim().chars().filter(|c| *c != '.').collect();
    HsCode::subheading_lenient(&plain)
}

impl Concordance {
    /// Reads a correlation or conversion table from CSV.
    ///
    /// Two layouts, told apart by the header:
    ///
    /// - the tidy layout: columns `from_edition,from_code,to_edition,
    ///   to_code`, any others (such as `relationship`) ignored; every row
    ///   must name the same two editions;
    /// - UNSD's: the first two columns whose names give an edition (`HS
    ///   2022`, `HS2017`, `HS 17`, `From HS 2022`, `H6`) are the from and
    ///   to sides, in that order; others (`Relationship`, `ex`) are
    ///   ignored. Title lines above the header are skipped: the header is
    ///   the first line that is one of the two layouts' headers.
    ///
    /// Codes are 6 digits; 5 digits are read as having lost a leading
    /// zero (a spreadsheet's), dots are dropped (`0101.21`). Relationship
    /// labels are never used: groups come from the links. Blank lines
    /// and lines whose code cells are both empty are skipped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`](crate::ErrorKind::Correlation) for a header of neither layout, rows
    /// naming other editions, or no link; [`ErrorKind::HsCode`](crate::ErrorKind::HsCode) with line
    /// and column for a code that is not a subheading.
    pub fn read_csv<R: Read>(reader: R) -> Result<Concordance> {
        let mut rdr = csvutil::limited_reader(reader).flexible(true);
        let mut record = Record::new();
        let mut layout_found = None;
        while rdr.read_string_record(&mut record)? {
            let header: Vec<String> = (0..record.len())
                .map(|i| {
                    let f = record.get(i).unwrap_or("");
                    f.trim_start_matches('\u{feff}').trim().to_owned()
                })
                .collect();
            if let Ok(l) = layout(&header) {
                layout_found = Some((l, header));
                break;
            }
        }
        let Some((layout, header)) = layout_found else {
            return Err(concordance_error(
                "no header line of the tidy layout (from_edition, from_code, to_edition, to_code) \
                 or UNSD's (two columns named by their editions, such as \"HS 2022\" and \"HS \
                 2017\")",
            ));
        };
        let name = |i: usize| header.get(i).cloned().unwrap_or_default();
        let mut editions: Option<(HsEdition, HsEdition)> = match layout {
            Layout::Unsd { from, to } => Some((from.1, to.1)),
            Layout::Tidy { .. } => None,
        };
        let (fc, tc) = match layout {
            Layout::Tidy {
                from_code, to_code, ..
            } => (from_code, to_code),
            Layout::Unsd { from, to } => (from.0, to.0),
        };
        let mut links = Vec::new();
        while rdr.read_string_record(&mut record)? {
            let pos = record.position().clone();
            let at = |column: &str| csvutil::position(&pos, column);
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            if field(fc).is_empty() && field(tc).is_empty() {
                continue;
            }
            if let Layout::Tidy {
                from_edition,
                to_edition,
                ..
            } = layout
            {
                let e = |i: usize| -> Result<HsEdition> {
                    field(i).parse().map_err(|e: Error| e.at(at(&name(i))))
                };
                let pair = (e(from_edition)?, e(to_edition)?);
                match editions {
                    None => editions = Some(pair),
                    Some(p) if p != pair => {
                        return Err(concordance_error(format!(
                            "this row links {} to {}, an earlier one {} to {}: one table, one \
                             pair of editions",
                            pair.0, pair.1, p.0, p.1
                        ))
                        .at(at("")));
                    }
                    Some(_) => {}
                }
            }
            let a = code(field(fc)).map_err(|e| e.at(at(&name(fc))))?;
            let b = code(field(tc)).map_err(|e| e.at(at(&name(tc))))?;
            links.push((a, b));
        }
        let (from, to) = editions.ok_or_else(|| concordance_error("the table has no link"))?;
        if from == to {
            return Err(concordance_error(format!(
                "the table links {from} to itself"
            )));
        }
        if links.is_empty() {
            return Err(concordance_error("the table has no link"));
        }
        Ok(Concordance::from_links(from, to, links))
    }

    /// [`read_csv`](Self::read_csv) from a file, with the path in every
    /// error.
    ///
    /// # Errors
    ///
    /// As [`read_csv`](Self::read_csv), and [`ErrorKind::Io`](crate::ErrorKind::Io).
    pub fn read_csv_path(path: impl AsRef<Path>) -> Result<Concordance> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        Concordance::read_csv(file).map_err(|e| e.in_file(path))
    }
}
