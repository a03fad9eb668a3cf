//! The OECD Inter-Country Input-Output layout: one header line, labels
//! `REGION_CODE`, accounts `TLS`, `VA`, `OUT` (the 2021 release's
//! `CCC_TAXSUB`, `VALU`, `OUTPUT` and `TOTAL`). Documented on
//! [`MrioReader::read_icio`](crate::inputoutput::MrioReader::read_icio).

use std::collections::HashSet;

use crate::error::Result;
use crate::inputoutput::grid::{Grid, at_line};
use crate::inputoutput::mrio_read::MrioReader;
use crate::inputoutput::sheet::{Account, Accounts, Sheet, SheetColumn, SheetRow};
use crate::inputoutput::table::io_error;

/// Final-demand codes of the releases: household, non-profit and
/// government consumption, gross fixed capital formation, changes in
/// inventories, direct purchases abroad by residents (`P33` in 2018),
/// and the 2016 release's statistical discrepancy.
pub(crate) const FINAL_DEMAND: [&str; 8] = [
    "HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR", "P33", "DISC",
];

/// Account labels without a region.
const OUTPUT: [&str; 3] = ["OUT", "OUTPUT", "TOTAL"];
const VALUE_ADDED: [&str; 2] = ["VA", "VALU"];
const TAXES: &str = "TLS";

/// The ICIO's account rules, after the reader's declared labels.
pub(crate) struct Labels<'a> {
    pub(crate) reader: &'a MrioReader,
}

impl Accounts for Labels<'_> {
    fn declared(&self, label: &str) -> bool {
        self.reader.declared_account(label).is_some()
    }

    fn account(&self, label: &str) -> Option<Account> {
        if let Some(a) = self.reader.declared_account(label) {
            return Some(a);
        }
        let u = label.trim().to_ascii_uppercase();
        if OUTPUT.contains(&u.as_str()) {
            Some(Account::Output)
        } else if VALUE_ADDED.contains(&u.as_str()) {
            Some(Account::ValueAdded)
        } else if u == TAXES {
            Some(Account::OtherPrimary)
        } else {
            None
        }
    }
}

/// `REGION_CODE` split at the first `_`; `None` without one.
fn split(label: &str) -> Option<(&str, &str)> {
    label
        .split_once('_')
        .filter(|(r, c)| !r.is_empty() && !c.is_empty())
}

fn is_account(label: &str) -> bool {
    let u = label.trim().to_ascii_uppercase();
    OUTPUT.contains(&u.as_str()) || VALUE_ADDED.contains(&u.as_str()) || u == TAXES
}

/// The ICIO grid as a sheet.
pub(crate) fn sheet(grid: Grid) -> Result<Sheet> {
    let heads = grid.heads.into_iter().next().unwrap_or_default();
    let mut rows = Vec::with_capacity(grid.rows.len());
    for r in grid.rows {
        let label = r.labels.into_iter().next().unwrap_or_default();
        let (region, code) = match split(&label) {
            _ if is_account(&label) => (String::new(), label.clone()),
            // The 2021 release: one row of taxes less subsidies per country.
            Some((_, c)) if c.eq_ignore_ascii_case("TAXSUB") => (String::new(), TAXES.to_owned()),
            Some((reg, c)) => (reg.to_owned(), c.to_owned()),
            None => (String::new(), label.clone()),
        };
        rows.push(SheetRow {
            line: r.line,
            region,
            label: code,
            values: r.values,
        });
    }
    let industries: HashSet<&str> = rows
        .iter()
        .filter(|r| !r.region.is_empty())
        .map(|r| r.label.as_str())
        .collect();
    let mut columns = Vec::with_capacity(heads.len());
    for h in &heads {
        let column = match split(h) {
            _ if is_account(h) => SheetColumn {
                region: String::new(),
                label: h.clone(),
            },
            Some((reg, code)) => {
                if !industries.contains(code)
                    && !FINAL_DEMAND.iter().any(|f| f.eq_ignore_ascii_case(code))
                {
                    return Err(at_line(
                        io_error(format!(
                            "the column {h:?}: {code:?} is neither an industry of the rows nor a \
                             final-demand code of the OECD ICIO ({})",
                            FINAL_DEMAND.join(", ")
                        )),
                        1,
                    ));
                }
                SheetColumn {
                    region: reg.to_owned(),
                    label: code.to_owned(),
                }
            }
            None => SheetColumn {
                region: String::new(),
                label: h.clone(),
            },
        };
        columns.push(column);
    }
    Ok(Sheet {
        columns,
        rows,
        sparse_categories: true,
        unit: Some("million USD".to_owned()),
    })
}
