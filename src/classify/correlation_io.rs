//! Correlation tables as CSV and JSON, read and written.

use std::io::{Read, Write};
use std::path::Path;

use rust_decimal::Decimal;

use crate::classify::control::{ControlEntry, Issuer};
use crate::classify::correlation::{CorrelationLink, CorrelationTable, Insert, link_text};
use crate::classify::links::Link;
use crate::csvutil::{self, Columns};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::hs::HsCode;
use crate::model::national_line::NationalLine;

impl CorrelationTable {
    /// Reads the CSV layout described above.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::MissingColumn`], [`ErrorKind::ControlEntry`],
    /// [`ErrorKind::Issuer`], [`ErrorKind::HsCode`], [`ErrorKind::Enum`]
    /// (link), [`ErrorKind::Number`] or [`ErrorKind::Parameter`] (weight),
    /// [`ErrorKind::Correlation`] (contradictory duplicates), each with
    /// the line and column in its [`Position`].
    pub fn read_csv<R: Read>(reader: R) -> Result<CorrelationTable> {
        let mut rdr = csvutil::limited_reader(reader);
        let cols = Columns::new(&mut rdr, &["entry", "hs", "link"])?;
        let issuer_col = cols.find("issuer");
        let weight_col = cols.find("weight");
        let reduced_col = cols.find("reduced");
        let doubtful_col = cols.find("doubtful");
        let mut table = CorrelationTable::new();
        let mut record = csvutil::Record::new();
        while rdr.read_string_record(&mut record)? {
            let pos = record.position().clone();
            let at = |column: &str| csvutil::position(&pos, column);
            let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
            let row = Row {
                issuer: issuer_col.map(|i| field(Some(i)).to_owned()),
                entry: field(Some(cols.index(0))).to_owned(),
                hs: field(Some(cols.index(1))).to_owned(),
                link: field(Some(cols.index(2))).to_owned(),
                weight: field(weight_col).to_owned(),
                reduced: field(reduced_col).to_owned(),
                doubtful: field(doubtful_col).to_owned(),
            };
            row.add_to(&mut table, at)?;
        }
        Ok(table)
    }

    /// Reads the CSV layout from the file at `path`, with the path in
    /// every error.
    ///
    /// # Errors
    ///
    /// As [`read_csv`](Self::read_csv), and [`ErrorKind::Io`].
    pub fn read_csv_path(path: impl AsRef<Path>) -> Result<CorrelationTable> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        CorrelationTable::read_csv(std::io::BufReader::new(file)).map_err(|e| e.in_file(path))
    }

    /// Writes the table in the CSV layout, one link a line, by entry then
    /// code; [`read_csv`](Self::read_csv) reads it back to an equal table.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    pub fn write_csv<W: Write>(&self, writer: W) -> Result<()> {
        let mut w = std::io::BufWriter::new(writer);
        writeln!(w, "issuer,entry,hs,link,weight,reduced,doubtful")?;
        for l in &self.links {
            for hs in row_codes(l) {
                writeln!(
                    w,
                    "{},{},{},{},{},{},{}",
                    l.entry.issuer(),
                    l.entry.code(),
                    hs,
                    link_text(l.link),
                    l.weight.map(|d| d.to_string()).unwrap_or_default(),
                    l.code.is_reduced(),
                    l.doubtful
                )?;
            }
        }
        w.flush()?;
        Ok(())
    }

    /// Reads a JSON array of objects with the CSV layout's fields
    /// (`issuer`, `entry`, `hs`, `link`, and optionally `weight`,
    /// `reduced`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Json`] for malformed JSON, and the errors of
    /// [`read_csv`](Self::read_csv), with the object's index (from 1) as
    /// the record of the [`Position`].
    #[cfg(feature = "json")]
    pub fn read_json<R: Read>(reader: R) -> Result<CorrelationTable> {
        let rows: Vec<JsonRow> = serde_json::from_reader(reader).map_err(|e| {
            Error::new(ErrorKind::Json {
                detail: e.to_string(),
            })
            .at(Position {
                line: Some(e.line() as u64),
                ..Position::default()
            })
        })?;
        let mut table = CorrelationTable::new();
        for (i, r) in (1u64..).zip(rows) {
            let row = Row {
                issuer: r.issuer,
                entry: r.entry,
                hs: r.hs,
                link: r.link,
                weight: r.weight.unwrap_or_default(),
                reduced: r.reduced.to_string(),
                doubtful: r.doubtful.to_string(),
            };
            let at = |column: &str| Position {
                record: Some(i),
                column: Some(column.to_owned()),
                ..Position::default()
            };
            row.add_to(&mut table, at)?;
        }
        Ok(table)
    }

    /// Writes the table as a JSON array of objects with the CSV layout's
    /// fields; [`read_json`](Self::read_json) reads it back to an equal
    /// table.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when writing fails.
    #[cfg(feature = "json")]
    pub fn write_json<W: Write>(&self, writer: W) -> Result<()> {
        let rows: Vec<JsonRow> = self
            .links
            .iter()
            .flat_map(|l| {
                row_codes(l).into_iter().map(move |hs| JsonRow {
                    issuer: Some(l.entry.issuer().to_string()),
                    entry: l.entry.code(),
                    hs,
                    link: link_text(l.link).to_owned(),
                    weight: l.weight.map(|d| d.to_string()),
                    reduced: l.code.is_reduced(),
                    doubtful: l.doubtful,
                })
            })
            .collect();
        let mut w = std::io::BufWriter::new(writer);
        serde_json::to_writer_pretty(&mut w, &rows).map_err(|e| {
            Error::new(ErrorKind::Json {
                detail: e.to_string(),
            })
        })?;
        w.write_all(b"\n")?;
        w.flush()?;
        Ok(())
    }
}

/// One row as read, before validation.
struct Row {
    issuer: Option<String>,
    entry: String,
    hs: String,
    link: String,
    weight: String,
    reduced: String,
    doubtful: String,
}

/// The `hs` of each row a link is written as: one per national line, or
/// the code itself.
fn row_codes(l: &CorrelationLink) -> Vec<String> {
    if l.lines().is_empty() {
        vec![l.code().to_string()]
    } else {
        l.lines().iter().map(ToString::to_string).collect()
    }
}

/// A `true`/`false`/empty column.
fn flag(text: &str, what: &'static str) -> std::result::Result<bool, Error> {
    match text.to_ascii_lowercase().as_str() {
        "" | "false" => Ok(false),
        "true" => Ok(true),
        _ => Err(Error::new(ErrorKind::Enum {
            what,
            input: text.to_owned(),
            expected: "true, false, or empty",
        })),
    }
}

impl Row {
    fn add_to(self, table: &mut CorrelationTable, at: impl Fn(&str) -> Position) -> Result<()> {
        let entry = match self.issuer.as_deref().filter(|s| !s.is_empty()) {
            Some(issuer) => {
                let issuer: Issuer = issuer.parse().map_err(|e: Error| e.at(at("issuer")))?;
                ControlEntry::parse_in(issuer, &self.entry)
            }
            None => self.entry.parse(),
        }
        .map_err(|e| e.at(at("entry")))?;
        let mut code = HsCode::special(&self.hs).map_err(|e: Error| e.at(at("hs")))?;
        let national = if code.is_reduced() {
            Some(
                self.hs
                    .parse::<NationalLine>()
                    .map_err(|e: Error| e.at(at("hs")))?,
            )
        } else {
            None
        };
        if flag(&self.reduced, "reduced flag").map_err(|e| e.at(at("reduced")))? {
            code = code.marked_reduced();
        }
        let doubtful = flag(&self.doubtful, "doubtful flag").map_err(|e| e.at(at("doubtful")))?;
        let link = match self.link.to_ascii_lowercase().as_str() {
            "full" => Link::Full,
            "partial" => Link::Partial,
            _ => {
                return Err(Error::new(ErrorKind::Enum {
                    what: "link",
                    input: self.link.clone(),
                    expected: "full, partial",
                })
                .at(at("link")));
            }
        };
        let mut ins = Insert::new(entry, code, link);
        ins.line = national;
        ins.doubtful = doubtful;
        let result = if self.weight.is_empty() {
            table.insert(ins)
        } else {
            let w: Decimal = self.weight.parse().map_err(|_| {
                Error::new(ErrorKind::Number {
                    input: self.weight.clone(),
                    reason: "expected a decimal weight between 0 and 1",
                })
                .at(at("weight"))
            })?;
            if link == Link::Full && w != Decimal::ONE {
                return Err(Error::new(ErrorKind::Correlation {
                    reason: format!(
                        "a full link covers all of the code's trade, so its weight is 1, not {w}"
                    ),
                })
                .at(at("weight")));
            }
            crate::classify::links::check_weight(w).map_err(|e| e.at(at("weight")))?;
            if link == Link::Partial {
                ins.weight = Some(w);
            }
            table.insert(ins)
        };
        result.map_err(|e| e.at(at("")))
    }
}

#[cfg(feature = "json")]
#[derive(serde::Serialize, serde::Deserialize)]
struct JsonRow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    entry: String,
    hs: String,
    link: String,
    #[serde(default)]
    weight: Option<String>,
    #[serde(default)]
    reduced: bool,
    #[serde(default)]
    doubtful: bool,
}
