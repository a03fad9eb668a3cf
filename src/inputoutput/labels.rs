//! The labels of input-output tables: what a row or column is, and the
//! words that say so.

/// What a row or column label of an input-output table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IoLabel {
    /// A sector: a label that names both a row and a column of `Z`.
    Sector,
    /// A column of final demand: household, government or non-profit
    /// consumption, capital formation, changes in inventories, exports.
    /// Final demand `f` is the sum of these columns.
    FinalDemand,
    /// A row of primary inputs: value added and its parts (compensation
    /// of employees, operating surplus, taxes less subsidies), imports.
    /// Not part of `Z`; left out of the computation.
    PrimaryInput,
    /// Output `x`, as a row (by sector column) or a column (by sector
    /// row).
    Output,
    /// A total or subtotal (total intermediate demand, total final
    /// demand, total use, ...): left out, as it adds up other columns.
    Total,
    /// A satellite row that is not money (employment, emissions): left
    /// out.
    Extension,
    /// Left out, as declared.
    Ignore,
}

/// Labels of output, exactly (after [`normalize`]).
pub(crate) const OUTPUT: [&str; 6] = [
    "output",
    "total output",
    "gross output",
    "output at basic prices",
    "total output at basic prices",
    "x",
];

/// Labels of intermediate totals that do not start with "total".
pub(crate) const INTERMEDIATE: [&str; 4] = [
    "intermediate consumption",
    "intermediate use",
    "intermediate demand",
    "intermediate inputs",
];

/// Words of final-demand columns.
pub(crate) const FINAL_DEMAND: [&str; 17] = [
    "household",
    "hfce",
    "npish",
    "non profit",
    "government",
    "ggfc",
    "capital formation",
    "gfcf",
    "gcf",
    "inventor",
    "changes in stocks",
    "valuables",
    "export",
    "final consumption",
    "final demand",
    "final use",
    "f",
];

/// Words of primary-input rows.
pub(crate) const PRIMARY_INPUT: [&str; 14] = [
    "value added",
    "gva",
    "compensation",
    "wages",
    "operating surplus",
    "mixed income",
    "tax",
    "subsid",
    "consumption of fixed capital",
    "consumption fixed capital",
    "depreciation",
    "import",
    "primary input",
    "va",
];

/// Words of satellite rows.
pub(crate) const EXTENSION: [&str; 6] = [
    "employment",
    "persons",
    "hours worked",
    "jobs",
    "emission",
    "co2",
];

/// A label in one form: lower case, `_` and `-` as spaces, one space
/// between words.
pub(crate) fn normalize(label: &str) -> String {
    label
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when `label` is `word`, or holds it as a whole-word prefix (`f`
/// and `va` only as the whole label).
pub(crate) fn has(label: &str, word: &str) -> bool {
    if word.len() <= 2 {
        return label == word;
    }
    label == word || label.starts_with(word) || label.contains(&format!(" {word}"))
}
