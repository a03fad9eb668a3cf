//! The wide CSV grids of multi-region tables: header lines of column
//! labels, then rows of labels and numbers. Shared by the labelled,
//! pymrio and OECD ICIO layouts.

use std::io::{BufRead, BufReader, Read};

use crate::csvutil::{self, CsvReader, DEFAULT_MAX_LINE_BYTES, LineLimit, Record};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::inputoutput::table::io_error;

/// A grid read whole: header lines, then rows (labels, then values).
pub(crate) struct Grid {
    /// The header lines' cells after the label columns.
    pub(crate) heads: Vec<Vec<String>>,
    /// The label columns' names (the first header line's first cells).
    pub(crate) label_names: Vec<String>,
    pub(crate) rows: Vec<GridRow>,
}

/// One row of a grid.
pub(crate) struct GridRow {
    pub(crate) line: u64,
    pub(crate) labels: Vec<String>,
    pub(crate) values: Vec<f64>,
}

/// How many label columns a grid has.
pub(crate) enum LabelColumns {
    /// As many as the last header line's leading empty cells (pymrio's
    /// and the labelled layout: `region,sector` under two header lines).
    Leading,
    /// Exactly this many (the OECD ICIO: one).
    Fixed(usize),
}

/// Reads a grid with `header_lines` header lines. The separator is
/// sniffed from the first line (comma, semicolon or tab: pymrio writes
/// tabs). Empty cells are 0; lines of empty cells are skipped; a row with
/// more or fewer fields than the header is an error (a file cut short
/// never reads as zeros).
///
/// Every value must be a finite number: an error names its line and
/// column (the last header line's label of it).
pub(crate) fn read_grid<R: Read>(
    reader: R,
    header_lines: usize,
    labels: &LabelColumns,
) -> Result<Grid> {
    let mut input =
        BufReader::with_capacity(64 << 10, LineLimit::new(reader, DEFAULT_MAX_LINE_BYTES));
    let delimiter = csvutil::sniff_delimiter(input.fill_buf()?);
    let mut rdr = CsvReader::new(input, delimiter).flexible(true);
    let (heads_raw, width, label_names) = read_header(&mut rdr, header_lines, labels)?;
    let mut record = Record::new();
    let heads: Vec<Vec<String>> = heads_raw
        .into_iter()
        .map(|h| h.into_iter().skip(width).collect())
        .collect();
    let cols = heads.iter().map(Vec::len).max().unwrap_or(0);
    let col_name = |j: usize| -> String {
        heads
            .iter()
            .filter_map(|h| h.get(j))
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut rows = Vec::new();
    while rdr.read_string_record(&mut record)? {
        let line = record.position().line();
        let fields: Vec<&str> = (0..record.len())
            .map(|i| record.get(i).unwrap_or("").trim())
            .collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        if fields.len() != width.saturating_add(cols) {
            return Err(io_error(format!(
                "line {line} has {} fields; the header names {} columns (a row cut short, \
                 or a cell too many: an empty cell is written as nothing between separators)",
                fields.len(),
                width.saturating_add(cols)
            ))
            .at(Position {
                line: Some(line),
                ..Position::default()
            }));
        }
        let labels_of: Vec<String> = (0..width)
            .map(|i| fields.get(i).copied().unwrap_or("").to_owned())
            .collect();
        let mut values = Vec::with_capacity(cols);
        for j in 0..cols {
            let text = fields.get(width.saturating_add(j)).copied().unwrap_or("");
            values.push(number(text, line, || col_name(j))?);
        }
        rows.push(GridRow {
            line,
            labels: labels_of,
            values,
        });
    }
    Ok(Grid {
        heads,
        label_names,
        rows,
    })
}

/// The header lines: their cells, the number of label columns, and the
/// label columns' names.
fn read_header<B: BufRead>(
    rdr: &mut CsvReader<B>,
    header_lines: usize,
    labels: &LabelColumns,
) -> Result<(Vec<Vec<String>>, usize, Vec<String>)> {
    let mut record = Record::new();
    let mut heads_raw: Vec<Vec<String>> = Vec::new();
    let mut next_line = |rdr: &mut CsvReader<B>| -> Result<Vec<String>> {
        if !rdr.read_string_record(&mut record)? {
            return Err(Error::new(ErrorKind::EmptyInput));
        }
        Ok((0..record.len())
            .map(|i| record.get(i).unwrap_or("").trim().to_owned())
            .collect())
    };
    while heads_raw.len() < header_lines {
        heads_raw.push(next_line(rdr)?);
    }
    let last = heads_raw.last().cloned().unwrap_or_default();
    let mut index_names = None;
    let width = match labels {
        LabelColumns::Leading if last.first().is_some_and(|c| !c.is_empty()) => {
            // pandas' layout (`pymrio.save`): each header line starts with
            // the name of its column level, and one more line names the
            // label columns, its other cells empty.
            let names = next_line(rdr)?;
            let k = names.iter().take_while(|c| !c.is_empty()).count();
            if k == 0 || names.iter().skip(k).any(|c| !c.is_empty()) {
                return Err(io_error(
                    "the header is neither the crate's layout (the last header line starts with \
                     an empty cell for each label column) nor pandas' (a line naming the label \
                     columns, its other cells empty)",
                ));
            }
            index_names = Some(names.into_iter().take(k).collect::<Vec<_>>());
            k
        }
        LabelColumns::Leading => last.iter().take_while(|c| c.is_empty()).count(),
        LabelColumns::Fixed(k) => *k,
    };
    if width == 0 {
        return Err(io_error(
            "the header has no label column: the last header line must start with an empty \
             cell for each label column (region, sector)",
        ));
    }
    let label_names: Vec<String> = index_names.unwrap_or_else(|| {
        heads_raw
            .first()
            .map(|h| h.iter().take(width).cloned().collect())
            .unwrap_or_default()
    });
    Ok((heads_raw, width, label_names))
}

/// A cell as a number: empty is 0; anything else must be finite.
fn number(text: &str, line: u64, column: impl Fn() -> String) -> Result<f64> {
    if text.is_empty() {
        return Ok(0.0);
    }
    finite(text, line, Some(column()))
}

/// A finite number, or an error with its line and column: the one parse
/// of the input-output readers' cells.
pub(crate) fn finite(text: &str, line: u64, column: Option<String>) -> Result<f64> {
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
                column,
                ..Position::default()
            })
        })
}

/// The error for a row, with its line.
pub(crate) fn at_line(e: Error, line: u64) -> Error {
    e.at(Position {
        line: Some(line),
        ..Position::default()
    })
}
