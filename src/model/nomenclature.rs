//! The HS nomenclature: valid codes, their descriptions and sections.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::csvutil::{self, Columns};
use crate::error::{Error, ErrorKind, Result};
use crate::model::edition::HsEdition;
use crate::model::hs::{HsCode, HsLevel};

/// One code of a [`Nomenclature`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NomenclatureEntry {
    code: HsCode,
    description: String,
    section: Option<u8>,
}

impl NomenclatureEntry {
    /// The code.
    #[must_use]
    pub fn code(&self) -> HsCode {
        self.code
    }

    /// The description, as the file gives it.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The HS section (1 to 21, written I to XXI); `None` for chapter 99
    /// and its codes, which the HS leaves outside every section.
    #[must_use]
    pub fn section(&self) -> Option<u8> {
        self.section
    }
}

/// The set of valid HS codes of one edition, with descriptions.
///
/// Loaded from the UN Comtrade reference layout
/// `section,hscode,description,parent,level`, as the
/// `datasets/harmonized-system` package publishes it. How each kind of row
/// of that file is treated:
///
/// - chapters (level 2, parent `TOTAL`), headings (4) and subheadings (6)
///   are loaded; the parent column must name the code one level up, and
///   the level column must match the number of digits;
/// - the single row with code `TOTAL` (level 5, "Total of all HS2022
///   commodities") is the root of the tree, not a code: its description
///   is kept as [`total_description`](Nomenclature::total_description);
/// - chapter 99, heading 9999 and subheading 999999 ("commodities not
///   specified according to kind") carry section `TOTAL` in the file: they
///   are loaded as codes with no section;
/// - sections are Roman numerals I to XXI; anything else is an error.
///
/// # Example
///
/// ```
/// use tradedep::{HsEdition, Nomenclature};
///
/// let csv = "section,hscode,description,parent,level\n\
///            I,01,Animals; live,TOTAL,2\n\
///            I,0101,\"Horses, asses, mules and hinnies; live\",01,4\n\
///            I,010121,\"Horses; live, pure-bred breeding animals\",0101,6\n";
/// let hs = Nomenclature::from_reader(csv.as_bytes(), Some(HsEdition::Hs2022))?;
/// assert_eq!(hs.len(), 3);
/// assert_eq!(hs.description("0101".parse()?), Some("Horses, asses, mules and hinnies; live"));
/// assert!(hs.is_valid("010121".parse()?));
/// assert!(!hs.is_valid("010129".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Nomenclature {
    edition: Option<HsEdition>,
    entries: BTreeMap<HsCode, NomenclatureEntry>,
    total: Option<String>,
}

const ROMAN: [&str; 21] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX", "XXI",
];

/// The Roman numeral of an HS section (1 to 21).
#[must_use]
pub fn section_numeral(section: u8) -> Option<&'static str> {
    ROMAN.get(usize::from(section).checked_sub(1)?).copied()
}

impl Nomenclature {
    /// The Harmonized System, 2022 edition, embedded (feature
    /// `nomenclature`): 97 chapters, 1,229 headings and 5,613
    /// subheadings with their English descriptions and sections, so that
    /// reports can name products without a file. The source is the UN
    /// Comtrade reference table as the `datasets/harmonized-system`
    /// project packages it (ODC-PDDL-1.0, public domain), written by
    /// `scripts/gen_hs2022.py`.
    ///
    /// # Example
    ///
    /// ```
    /// # #[cfg(feature = "nomenclature")] {
    /// use tradedep::{HsCode, Nomenclature};
    ///
    /// let hs = Nomenclature::hs2022()?;
    /// let magnets: HsCode = "850511".parse()?;
    /// assert_eq!(hs.description(magnets), Some("Magnets; permanent magnets and articles intended to become permanent magnets after magnetisation, of metal"));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// None in practice: the embedded table is checked by the crate's
    /// tests. The `Result` keeps a mistake in it from ever panicking.
    #[cfg(feature = "nomenclature")]
    pub fn hs2022() -> Result<Nomenclature> {
        Nomenclature::from_reader(
            include_str!("data/hs2022.csv").as_bytes(),
            Some(HsEdition::Hs2022),
        )
    }

    /// Reads the nomenclature from a file.
    ///
    /// # Errors
    ///
    /// As [`from_reader`](Self::from_reader), with the file's path in the
    /// error's position; [`ErrorKind::Io`] when the file cannot be opened.
    pub fn from_path(path: impl AsRef<Path>, edition: Option<HsEdition>) -> Result<Nomenclature> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        Nomenclature::from_reader(file, edition).map_err(|e| e.in_file(path))
    }

    /// Reads the nomenclature from any reader of CSV text.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyInput`], [`ErrorKind::MissingColumn`],
    /// [`ErrorKind::HsCode`], [`ErrorKind::Nomenclature`] for a row whose
    /// parent, level or section is inconsistent, each with its position.
    pub fn from_reader<R: Read>(reader: R, edition: Option<HsEdition>) -> Result<Nomenclature> {
        let mut rdr = csvutil::limited_reader(reader);
        let cols = Columns::new(
            &mut rdr,
            &["section", "hscode", "description", "parent", "level"],
        )?;
        let mut out = Nomenclature {
            edition,
            ..Nomenclature::default()
        };
        let mut parents: Vec<(HsCode, String, csv::Position)> = Vec::new();
        let mut record = csvutil::Record::new();
        while rdr.read_string_record(&mut record)? {
            let pos = record.position().clone();
            let field = |i: usize| record.get(cols.index(i)).unwrap_or("");
            let at = |col: usize| csvutil::position(&pos, cols.name(col));
            let (section, code, description, parent, level) =
                (field(0), field(1), field(2), field(3), field(4));
            if code == "TOTAL" {
                out.total = Some(description.to_owned());
                continue;
            }
            // Chapter 99 ("commodities not specified") is in the file.
            let hs = HsCode::special(code).map_err(|e: Error| e.at(at(1)))?;
            let want_level = hs.level().digits().to_string();
            if level != want_level {
                return Err(nomenclature_error(format!(
                    "level {level:?} for the {want_level}-digit code {code}"
                ))
                .at(at(4)));
            }
            let section = match section {
                "TOTAL" => None,
                s => Some(
                    ROMAN
                        .iter()
                        .zip(1u8..)
                        .find_map(|(r, i)| (*r == s).then_some(i))
                        .ok_or_else(|| {
                            nomenclature_error(format!("section {s:?} is not I to XXI")).at(at(0))
                        })?,
                ),
            };
            let expected_parent = hs
                .parent()
                .map_or_else(|| "TOTAL".to_owned(), |p| p.to_string());
            if parent != expected_parent {
                return Err(nomenclature_error(format!(
                    "parent {parent:?} of {code}, expected {expected_parent:?}"
                ))
                .at(at(3)));
            }
            let hs = match edition {
                Some(e) => hs.with_edition(e),
                None => hs,
            };
            if let Some(p) = hs.parent().filter(|p| p.level() != HsLevel::Total) {
                parents.push((p, code.to_owned(), pos.clone()));
            }
            let entry = NomenclatureEntry {
                code: hs,
                description: description.to_owned(),
                section,
            };
            if out.entries.insert(hs, entry).is_some() {
                return Err(nomenclature_error(format!("{code} appears twice")).at(at(1)));
            }
        }
        for (parent, code, pos) in parents {
            if !out.entries.contains_key(&parent) {
                return Err(nomenclature_error(format!(
                    "{code} has parent {parent}, which the file does not list"
                ))
                .at(csvutil::position(&pos, "parent")));
            }
        }
        Ok(out)
    }

    /// The edition, where given.
    #[must_use]
    pub fn edition(&self) -> Option<HsEdition> {
        self.edition
    }

    /// The description of the root row (`TOTAL`), where the file had one.
    #[must_use]
    pub fn total_description(&self) -> Option<&str> {
        self.total.as_deref()
    }

    fn key(&self, code: HsCode) -> HsCode {
        match (self.edition, code.edition()) {
            (Some(e), None) => code.with_edition(e),
            _ => code,
        }
    }

    /// The entry of a code; a code without an edition matches this
    /// nomenclature's edition.
    #[must_use]
    pub fn get(&self, code: HsCode) -> Option<&NomenclatureEntry> {
        self.entries.get(&self.key(code))
    }

    /// The description of a code.
    #[must_use]
    pub fn description(&self, code: HsCode) -> Option<&str> {
        self.get(code).map(NomenclatureEntry::description)
    }

    /// Is the code in this nomenclature?
    #[must_use]
    pub fn is_valid(&self, code: HsCode) -> bool {
        self.get(code).is_some()
    }

    /// The codes one level below `code`, in order.
    pub fn children(&self, code: HsCode) -> impl Iterator<Item = &NomenclatureEntry> + '_ {
        let key = self.key(code);
        self.entries
            .range(key..)
            .skip(1)
            .take_while(move |(c, _)| key.contains(**c))
            .filter_map(move |(c, e)| (c.parent() == Some(key)).then_some(e))
    }

    /// Every entry at one level, in order.
    pub fn level(&self, level: HsLevel) -> impl Iterator<Item = &NomenclatureEntry> + '_ {
        self.entries
            .values()
            .filter(move |e| e.code.level() == level)
    }

    /// Every entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = &NomenclatureEntry> + '_ {
        self.entries.values()
    }

    /// The number of codes (the `TOTAL` root not counted).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no code was loaded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn nomenclature_error(reason: String) -> Error {
    Error::new(ErrorKind::Nomenclature { reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "section,hscode,description,parent,level\n";

    fn load(body: &str) -> Result<Nomenclature> {
        Nomenclature::from_reader(format!("{HEADER}{body}").as_bytes(), None)
    }

    #[test]
    fn quirks_of_the_comtrade_layout() {
        let n = load(
            "TOTAL,TOTAL,Total of all HS2022 commodities,TOTAL,5\n\
             I,01,Animals; live,TOTAL,2\n\
             I,0101,Horses,01,4\n\
             I,010121,Pure-bred,0101,6\n\
             TOTAL,99,Commodities not specified according to kind,TOTAL,2\n",
        )
        .unwrap();
        assert_eq!(n.len(), 4);
        assert_eq!(
            n.total_description(),
            Some("Total of all HS2022 commodities")
        );
        assert_eq!(
            n.get(HsCode::special("99").unwrap()).unwrap().section(),
            None
        );
        assert_eq!(n.get("01".parse().unwrap()).unwrap().section(), Some(1));
        let kids: Vec<String> = n
            .children("01".parse().unwrap())
            .map(|e| e.code().to_string())
            .collect();
        assert_eq!(kids, ["0101"]);
    }

    #[test]
    fn inconsistent_rows_are_errors_with_positions() {
        let e = load("I,01,x,TOTAL,4\n").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(e.to_string().contains("level"), "{e}");
        let e = load("I,0101,x,02,4\n").unwrap_err();
        assert!(e.to_string().contains("expected \"01\""), "{e}");
        let e = load("XXII,01,x,TOTAL,2\n").unwrap_err();
        assert!(e.to_string().contains("section"), "{e}");
        let e = load("I,0101,x,01,4\n").unwrap_err();
        assert!(e.to_string().contains("does not list"), "{e}");
        let e = load("I,01,x,TOTAL,2\nI,01,y,TOTAL,2\n").unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        let e = load("I,1,x,TOTAL,2\n").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::HsCode { .. }), "{e}");
        assert_eq!(e.position().and_then(|p| p.column()), Some("hscode"));
    }

    #[test]
    fn section_numerals() {
        assert_eq!(section_numeral(1), Some("I"));
        assert_eq!(section_numeral(21), Some("XXI"));
        assert_eq!(section_numeral(0), None);
        assert_eq!(section_numeral(22), None);
    }
}
