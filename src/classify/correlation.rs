//! Correlation tables: many-to-many links between export-control list
//! entries and HS codes, each full or partial.

use std::io::{Read, Write};
use std::path::Path;

use rust_decimal::Decimal;

use crate::classify::control::{ControlCategory, ControlEntry, Issuer};
use crate::classify::links::{Link, ProductLinks, check_weight};
use crate::classify::selector::ProductSelector;
use crate::csvutil::{self, Columns};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::hs::HsCode;

/// One link of a [`CorrelationTable`]: goods under `code` fall, fully or
/// partly, under `entry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrelationLink {
    entry: ControlEntry,
    code: HsCode,
    link: Link,
    weight: Option<Decimal>,
}

impl CorrelationLink {
    /// The control entry.
    #[must_use]
    pub fn entry(&self) -> &ControlEntry {
        &self.entry
    }

    /// The HS code (any level; a national line is kept as its HS6, with
    /// [`HsCode::is_reduced`] true).
    #[must_use]
    pub fn code(&self) -> HsCode {
        self.code
    }

    /// Full or partial.
    #[must_use]
    pub fn link(&self) -> Link {
        self.link
    }

    /// The coverage weight of a partial link (the share of the code's
    /// trade the entry covers), if given; 1 for a full link.
    #[must_use]
    pub fn weight(&self) -> Option<Decimal> {
        match self.link {
            Link::Full => Some(Decimal::ONE),
            Link::Partial => self.weight,
        }
    }
}

/// Links between export-control list entries and HS codes, many to many,
/// each *full* (every good under the code is controlled) or *partial*
/// (the code also covers goods the entry does not), with an optional
/// coverage weight for partial links.
///
/// - A link given on a national tariff line (8 to 10 digits, as China's
///   announcements cite them: `2805301910`) is kept on its HS6
///   subheading, which remembers the reduction
///   ([`HsCode::is_reduced`]), and is **partial** even when given as full:
///   the subheading also covers the other national lines under it.
/// - The same (entry, code) given twice with the same link is kept once;
///   with different links or weights it is an error
///   ([`ErrorKind::Correlation`]).
///
/// Queries go both ways: the entries that reach a product
/// ([`entries_for`](Self::entries_for)), the products of an entry or a
/// whole category ([`products_for`](Self::products_for),
/// [`products_for_category`](Self::products_for_category)); and views as
/// [`ProductLinks`] for [`Exposure`](crate::metrics::Exposure) by entry
/// or by category.
///
/// # CSV and JSON
///
/// The CSV layout has a header and the columns `issuer,entry,hs,link`,
/// and optionally `weight` and `reduced`: `issuer` is `eu`, `cn`, `us` or
/// a user list (or left out, with entries written `cn:1C902.a`); `hs` any
/// HS code or national line (dots allowed); `link` is `full` or
/// `partial`; `weight` is empty or a decimal between 0 and 1; `reduced`
/// is `true` when `hs` was a national line. JSON is an array of objects
/// with the same fields. [`write_csv`](Self::write_csv) and
/// [`write_json`](Self::write_json) write the same layouts back.
///
/// # Example
///
/// ```
/// use tradedep::controls::{ControlCategory, CorrelationTable, Issuer};
/// use tradedep::metrics::Link;
///
/// let csv = "issuer,entry,hs,link,weight\n\
///            cn,1C902.a,2805301910,full,\n\
///            cn,1C902.b,2846901940,partial,\n\
///            eu,3A001.a.1,854231,partial,0.1\n";
/// let table = CorrelationTable::read_csv(csv.as_bytes())?;
/// assert_eq!(table.len(), 3);
/// // The national line 2805.30.19.10 is kept as 280530, partially.
/// let found = table.entries_for("280530".parse()?);
/// assert_eq!(found[0].entry().to_string(), "cn:1C902.a");
/// assert_eq!(found[0].link(), Link::Partial);
/// assert!(found[0].code().is_reduced());
/// let materials = table.products_for_category(Issuer::China, ControlCategory::new(1)?);
/// assert_eq!(materials.to_string(), "280530, 284690");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorrelationTable {
    /// Sorted by entry, then code.
    links: Vec<CorrelationLink>,
}

impl CorrelationTable {
    /// An empty table.
    #[must_use]
    pub fn new() -> CorrelationTable {
        CorrelationTable::default()
    }

    /// Links `code` to `entry`, fully or partly (a national line is kept
    /// on its HS6, partially).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`] when the pair is already linked
    /// differently.
    pub fn add(&mut self, entry: ControlEntry, code: HsCode, link: Link) -> Result<()> {
        self.insert(entry, code, link, None)
    }

    /// Links `code` to `entry` partially, covering `weight` of the code's
    /// trade.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a weight outside 0 to 1;
    /// [`ErrorKind::Correlation`] when the pair is already linked
    /// differently.
    pub fn add_weighted(
        &mut self,
        entry: ControlEntry,
        code: HsCode,
        weight: Decimal,
    ) -> Result<()> {
        check_weight(weight)?;
        self.insert(entry, code, Link::Partial, Some(weight))
    }

    fn insert(
        &mut self,
        entry: ControlEntry,
        code: HsCode,
        link: Link,
        weight: Option<Decimal>,
    ) -> Result<()> {
        let code = code.without_edition();
        let link = if code.is_reduced() {
            Link::Partial
        } else {
            link
        };
        let new = CorrelationLink {
            entry,
            code,
            link,
            weight,
        };
        let key = |l: &CorrelationLink| (l.code.padded_digits(), l.code.level());
        let k = (&new.entry, key(&new));
        let at = self.links.partition_point(|l| (&l.entry, key(l)) < k);
        if let Some(old) = self.links.get(at).filter(|l| (&l.entry, key(l)) == k) {
            if old.link == new.link && old.weight == new.weight {
                return Ok(());
            }
            return Err(Error::new(ErrorKind::Correlation {
                reason: format!(
                    "{} and {} are linked twice, {} and {}",
                    new.entry,
                    new.code,
                    describe(old),
                    describe(&new)
                ),
            }));
        }
        self.links.insert(at, new);
        Ok(())
    }

    /// Every link, by entry then code.
    #[must_use]
    pub fn links(&self) -> &[CorrelationLink] {
        &self.links
    }

    /// The number of links.
    #[must_use]
    pub fn len(&self) -> usize {
        self.links.len()
    }

    /// True when the table has no link.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// The links that reach `product`: those on the product's code or on
    /// a code containing it (its heading or chapter), and, for a product
    /// coarser than HS6, those on codes within it. By entry.
    #[must_use]
    pub fn entries_for(&self, product: HsCode) -> Vec<&CorrelationLink> {
        self.links
            .iter()
            .filter(|l| l.code.contains(product) || product.contains(l.code))
            .collect()
    }

    /// The products linked to `entry` or to any of its sub-items
    /// (`3A001` reaches the codes of `3A001.a.1`).
    #[must_use]
    pub fn products_for(&self, entry: &ControlEntry) -> ProductSelector {
        self.select(|l| l.entry.is_within(entry))
    }

    /// The products linked to any entry of `category` on `issuer`'s list.
    #[must_use]
    pub fn products_for_category(
        &self,
        issuer: Issuer,
        category: ControlCategory,
    ) -> ProductSelector {
        self.select(|l| l.entry.issuer() == issuer && l.entry.category() == category)
    }

    /// The products linked to any entry of `issuer`'s list.
    #[must_use]
    pub fn products_for_issuer(&self, issuer: Issuer) -> ProductSelector {
        self.select(|l| l.entry.issuer() == issuer)
    }

    /// The codes of the links `pick` keeps, fully linked or not.
    fn select(&self, pick: impl Fn(&CorrelationLink) -> bool) -> ProductSelector {
        self.links
            .iter()
            .filter(|l| pick(l))
            .map(|l| l.code)
            .collect()
    }

    /// The codes that `issuer`'s entries link fully and no entry of that
    /// list links partially: the products the lower exposure bound
    /// counts.
    #[must_use]
    pub fn fully_linked(&self, issuer: Issuer) -> ProductSelector {
        self.full_of(|l| l.entry.issuer() == issuer)
    }

    /// The codes fully linked by the links `pick` keeps and partially by
    /// none of them (on the code itself or a code containing it or
    /// within it).
    fn full_of(&self, pick: impl Fn(&CorrelationLink) -> bool) -> ProductSelector {
        let mine: Vec<&CorrelationLink> = self.links.iter().filter(|l| pick(l)).collect();
        let partial: Vec<HsCode> = mine
            .iter()
            .filter(|l| l.link == Link::Partial)
            .map(|l| l.code)
            .collect();
        mine.iter()
            .filter(|l| {
                l.link == Link::Full
                    && !partial
                        .iter()
                        .any(|p| p.contains(l.code) || l.code.contains(*p))
            })
            .map(|l| l.code)
            .collect()
    }

    /// Reads a product-selector expression that may name control-list
    /// entries and categories, resolved against this table.
    ///
    /// Grammar (items separated by commas, applied left to right, each
    /// adding its products to the selection or, with a leading `-`,
    /// removing them):
    ///
    /// ```text
    /// EXPR  = ITEM { "," ITEM }
    /// ITEM  = [ "-" ] PART { "&" PART }   "&" intersects
    /// PART  = TERM [ "=full" ]
    /// TERM  = HS-CODE                 a chapter, heading or subheading (dots allowed)
    ///       | ISSUER ":" ENTRY        products linked to the entry or its sub-items
    ///       | ISSUER ":" DIGIT        products linked to any entry of that category
    ///       | ISSUER ":*"             products linked to any entry of the list
    /// ```
    ///
    /// `=full` keeps only products that the term's entries link fully and
    /// none links partially (the lower-bound products); without it every
    /// linked product counts (the upper bound). For a list of plain HS
    /// prefixes written from the widest to the narrowest, the result is
    /// the same as [`ProductSelector`]'s own text form.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Selector`] with the character where the bad item
    /// starts and what is wrong with it.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::controls::CorrelationTable;
    ///
    /// let table = CorrelationTable::read_csv(
    ///     "entry,hs,link\ncn:1C902.a,280530,partial\ncn:3A001,854231,full\n".as_bytes(),
    /// )?;
    /// assert_eq!(table.selector("cn:1, 8541")?.to_string(), "280530, 8541");
    /// assert_eq!(table.selector("cn:*=full")?.to_string(), "854231");
    /// assert_eq!(table.selector("cn:*, -2805")?.to_string(), "854231");
    /// assert_eq!(table.selector("cn:* & 85")?.to_string(), "854231");
    /// let e = table.selector("cn:1, cn:1X902").unwrap_err();
    /// assert!(e.to_string().contains("at character 7"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "character positions within `expr`, bounded by its length"
    )]
    pub fn selector(&self, expr: &str) -> Result<ProductSelector> {
        let mut out = ProductSelector::new();
        let mut offset = 0;
        for raw in expr.split(',') {
            let start = offset + 1 + (raw.chars().count() - raw.trim_start().chars().count());
            offset += raw.chars().count() + 1;
            let item = raw.trim();
            let bad = |reason: String| {
                Error::new(ErrorKind::Selector {
                    input: crate::error::quote(expr),
                    at: start,
                    reason,
                })
            };
            if item.is_empty() {
                return Err(bad("empty item".into()));
            }
            let (exclude, terms) = match item.strip_prefix('-') {
                Some(rest) => (true, rest.trim()),
                None => (false, item),
            };
            let mut set: Option<ProductSelector> = None;
            for term in terms.split('&') {
                let this = self.term(term.trim()).map_err(bad)?;
                set = Some(match set {
                    Some(s) => s.intersection(&this),
                    None => this,
                });
            }
            let set = set.unwrap_or_default();
            out = if exclude {
                out.difference(&set)
            } else {
                out.union(&set)
            };
        }
        Ok(out)
    }

    /// Reads a selector expression from lines: one item a line (items as
    /// in [`selector`](Self::selector)), `#` starting a comment, blank
    /// lines skipped.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Selector`] with the line number in the error's
    /// [`Position`]; [`ErrorKind::Io`] when reading fails.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::controls::CorrelationTable;
    ///
    /// let table = CorrelationTable::read_csv("entry,hs,link\ncn:1C902.a,280530,partial\n".as_bytes())?;
    /// let text = "# samarium, but not its metal\ncn:1C902\n-280530\n8505\n";
    /// assert_eq!(table.selector_lines(text.as_bytes())?.to_string(), "8505");
    /// let e = table.selector_lines("2805\ncn:1C9\n".as_bytes()).unwrap_err();
    /// assert_eq!(e.position().and_then(|p| p.line()), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn selector_lines<R: std::io::BufRead>(&self, reader: R) -> Result<ProductSelector> {
        let mut out = ProductSelector::new();
        for (n, line) in (1u64..).zip(csvutil::limited_lines(reader)) {
            let line = line?;
            let item = line.split('#').next().unwrap_or("").trim();
            if item.is_empty() {
                continue;
            }
            let at = Position {
                line: Some(n),
                ..Position::default()
            };
            let (exclude, rest) = match item.strip_prefix('-') {
                Some(rest) => (true, rest.trim()),
                None => (false, item),
            };
            let set = self.selector(rest).map_err(|e| e.at(at))?;
            out = if exclude {
                out.difference(&set)
            } else {
                out.union(&set)
            };
        }
        Ok(out)
    }

    /// One term of a selector expression, with its `=full` suffix.
    fn term(&self, term: &str) -> std::result::Result<ProductSelector, String> {
        let (term, full_only) = match term.strip_suffix("=full") {
            Some(rest) => (rest.trim(), true),
            None => (term, false),
        };
        if term.is_empty() {
            return Err("empty term".into());
        }
        let Some((issuer, what)) = term.split_once(':') else {
            if full_only {
                return Err("=full applies to control-list terms, not HS codes".into());
            }
            let code = HsCode::special(term).map_err(|e: Error| e.to_string())?;
            return Ok(ProductSelector::new().with(code));
        };
        let issuer: Issuer = issuer.parse().map_err(|e: Error| e.to_string())?;
        let what = what.trim();
        let pick: Box<dyn Fn(&ControlEntry) -> bool> = if what == "*" {
            Box::new(move |e: &ControlEntry| e.issuer() == issuer)
        } else if let Ok(cat) = what.parse::<ControlCategory>() {
            Box::new(move |e: &ControlEntry| e.issuer() == issuer && e.category() == cat)
        } else {
            let entry = ControlEntry::parse_in(issuer, what).map_err(|e| e.to_string())?;
            Box::new(move |e: &ControlEntry| e.is_within(&entry))
        };
        Ok(if full_only {
            self.full_of(|l| pick(&l.entry))
        } else {
            self.select(|l| pick(&l.entry))
        })
    }

    /// The table as a classification by entry, for
    /// [`Exposure::between`](crate::metrics::Exposure::between).
    #[must_use]
    pub fn by_entry(&self) -> ProductLinks<ControlEntry> {
        self.view(|_| true, |e| Some(e.clone()))
    }

    /// The links of `issuer`'s list as a classification by control
    /// category, for [`Exposure::between`](crate::metrics::Exposure::between).
    #[must_use]
    pub fn by_category(&self, issuer: Issuer) -> ProductLinks<ControlCategory> {
        self.view(|e| e.issuer() == issuer, |e| Some(e.category()))
    }

    fn view<C>(
        &self,
        keep: impl Fn(&ControlEntry) -> bool,
        category: impl Fn(&ControlEntry) -> Option<C>,
    ) -> ProductLinks<C> {
        let mut out = ProductLinks::new();
        for l in self.links.iter().filter(|l| keep(&l.entry)) {
            let Some(c) = category(&l.entry) else {
                continue;
            };
            match (l.link, l.weight) {
                (Link::Partial, Some(w)) => {
                    // Weights were checked when the link was added.
                    let _ = out.add_weighted(l.code, c, w);
                }
                (link, _) => out.add(l.code, c, link),
            }
        }
        out
    }

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
        let mut table = CorrelationTable::new();
        let mut record = csv::StringRecord::new();
        while csvutil::read_string_record(&mut rdr, &mut record)? {
            let pos = record
                .position()
                .cloned()
                .unwrap_or_else(csv::Position::new);
            let at = |column: &str| csvutil::position(&pos, column);
            let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
            let row = Row {
                issuer: issuer_col.map(|i| field(Some(i)).to_owned()),
                entry: field(Some(cols.index(0))).to_owned(),
                hs: field(Some(cols.index(1))).to_owned(),
                link: field(Some(cols.index(2))).to_owned(),
                weight: field(weight_col).to_owned(),
                reduced: field(reduced_col).to_owned(),
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
        writeln!(w, "issuer,entry,hs,link,weight,reduced")?;
        for l in &self.links {
            writeln!(
                w,
                "{},{},{},{},{},{}",
                l.entry.issuer(),
                l.entry.code(),
                l.code,
                link_text(l.link),
                l.weight.map(|d| d.to_string()).unwrap_or_default(),
                l.code.is_reduced()
            )?;
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
            .map(|l| JsonRow {
                issuer: Some(l.entry.issuer().to_string()),
                entry: l.entry.code(),
                hs: l.code.to_string(),
                link: link_text(l.link).to_owned(),
                weight: l.weight.map(|d| d.to_string()),
                reduced: l.code.is_reduced(),
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
        match self.reduced.to_ascii_lowercase().as_str() {
            "" | "false" => {}
            "true" => code = code.marked_reduced(),
            _ => {
                return Err(Error::new(ErrorKind::Enum {
                    what: "reduced flag",
                    input: self.reduced.clone(),
                    expected: "true, false, or empty",
                })
                .at(at("reduced")));
            }
        }
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
        let result = if self.weight.is_empty() {
            table.add(entry, code, link)
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
            if link == Link::Full {
                table.add(entry, code, link)
            } else {
                table.add_weighted(entry, code, w)
            }
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
}

fn link_text(link: Link) -> &'static str {
    match link {
        Link::Full => "full",
        Link::Partial => "partial",
    }
}

fn describe(l: &CorrelationLink) -> String {
    match (l.link, l.weight) {
        (Link::Partial, Some(w)) => format!("partial (weight {w})"),
        (link, _) => link_text(link).to_owned(),
    }
}
