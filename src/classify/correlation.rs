//! Correlation tables: many-to-many links between export-control list
//! entries and HS codes, each full or partial.

use rust_decimal::Decimal;

use crate::classify::control::{ControlCategory, ControlEntry, Issuer};
use crate::classify::control_class::ControlClass;
use crate::classify::links::{Link, ProductLinks, check_weight};
use crate::classify::selector::ProductSelector;
use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::HsCode;
use crate::model::national_line::NationalLine;

/// One link of a [`CorrelationTable`]: goods under `code` fall, fully or
/// partly, under `entry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrelationLink {
    pub(super) entry: ControlEntry,
    pub(super) code: HsCode,
    pub(super) link: Link,
    pub(super) weight: Option<Decimal>,
    /// The national lines the link was given as, sorted, each once.
    pub(super) lines: Vec<NationalLine>,
    pub(super) doubtful: bool,
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

    /// The national tariff lines the source gives for this link (China's
    /// 10-digit lines under [`code`](Self::code)), in order; empty where
    /// it gave the HS code itself.
    #[must_use]
    pub fn lines(&self) -> &[NationalLine] {
        &self.lines
    }

    /// True when the link itself is in doubt (a source defect that could
    /// not be checked, such as a code that may belong to the entry
    /// beside it): it counts towards upper bounds only, as a partial link
    /// does, and [`CorrelationTable::without_doubtful`] leaves it out.
    #[must_use]
    pub fn is_doubtful(&self) -> bool {
        self.doubtful
    }

    /// Full and not in doubt: the link a lower bound may count.
    pub(super) fn is_certain(&self) -> bool {
        self.link == Link::Full && !self.doubtful
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
/// and optionally `weight`, `reduced` and `doubtful`: `issuer` is `eu`,
/// `cn`, `us` or a user list (or left out, with entries written
/// `cn:1C902.a`); `hs` any HS code or national line (dots allowed; a
/// line is remembered, [`CorrelationLink::lines`], and several lines of
/// one HS6 make one link); `link` is `full` or `partial`; `weight` is
/// empty or a decimal between 0 and 1; `reduced` is `true` when `hs` was
/// a national line; `doubtful` is `true` for a link in doubt
/// ([`CorrelationLink::is_doubtful`]). JSON is an array of objects with
/// the same fields. [`write_csv`](Self::write_csv) and
/// [`write_json`](Self::write_json) write the same layouts back, a row
/// per national line.
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
    pub(super) links: Vec<CorrelationLink>,
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
        self.insert(Insert::new(entry, code, link))
    }

    /// Links the national tariff line `line` to `entry`: partially, on
    /// the line's HS6, which remembers the line
    /// ([`CorrelationLink::lines`]). Several lines of one HS6 make one
    /// link.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`] when the entry and the HS6 are already
    /// linked with a weight.
    pub fn add_line(&mut self, entry: ControlEntry, line: NationalLine) -> Result<()> {
        let mut ins = Insert::new(entry, line.subheading(), Link::Partial);
        ins.line = Some(line);
        self.insert(ins)
    }

    /// As [`add_line`](Self::add_line), the link marked in doubt
    /// ([`CorrelationLink::is_doubtful`]) unless another source of it
    /// is not.
    ///
    /// # Errors
    ///
    /// As [`add_line`](Self::add_line).
    pub fn add_doubtful_line(&mut self, entry: ControlEntry, line: NationalLine) -> Result<()> {
        let mut ins = Insert::new(entry, line.subheading(), Link::Partial);
        ins.line = Some(line);
        ins.doubtful = true;
        self.insert(ins)
    }

    /// The table without its doubtful links.
    #[must_use]
    pub fn without_doubtful(&self) -> CorrelationTable {
        CorrelationTable {
            links: self.links.iter().filter(|l| !l.doubtful).cloned().collect(),
        }
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
        let mut ins = Insert::new(entry, code, Link::Partial);
        ins.weight = Some(weight);
        self.insert(ins)
    }

    /// Adds a link converted from another edition (see
    /// `Concordance::convert_correlation`).
    pub(crate) fn add_converted(
        &mut self,
        entry: ControlEntry,
        code: HsCode,
        link: Link,
        doubtful: bool,
    ) -> Result<()> {
        let mut ins = Insert::new(entry, code, link);
        ins.doubtful = doubtful;
        self.insert(ins)
    }

    pub(super) fn insert(&mut self, ins: Insert) -> Result<()> {
        let code = ins.code.without_edition();
        let link = if code.is_reduced() {
            Link::Partial
        } else {
            ins.link
        };
        let new = CorrelationLink {
            entry: ins.entry,
            code,
            link,
            weight: ins.weight,
            lines: ins.line.into_iter().collect(),
            doubtful: ins.doubtful,
        };
        let key = |l: &CorrelationLink| (l.code.padded_digits(), l.code.level());
        let k = (&new.entry, key(&new));
        let at = self.links.partition_point(|l| (&l.entry, key(l)) < k);
        if let Some(old) = self.links.get_mut(at).filter(|l| (&l.entry, key(l)) == k) {
            if old.link == new.link && old.weight == new.weight {
                // One link, more sources: every line kept, in doubt only
                // while every source is.
                for line in new.lines {
                    if let Err(i) = old.lines.binary_search(&line) {
                        old.lines.insert(i, line);
                    }
                }
                old.doubtful = old.doubtful && new.doubtful;
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
        self.select_within(entry)
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

    /// The codes linked to `entry` or its sub-items: one run of the
    /// links, which are sorted by entry (sub-items sort right after their
    /// entry).
    pub(super) fn select_within(&self, entry: &ControlEntry) -> ProductSelector {
        let start = self.links.partition_point(|l| l.entry < *entry);
        self.links
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.entry.is_within(entry))
            .map(|l| l.code)
            .collect()
    }

    /// The codes of the links `pick` keeps, fully linked or not.
    pub(super) fn select(&self, pick: impl Fn(&CorrelationLink) -> bool) -> ProductSelector {
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
    pub(super) fn full_of(&self, pick: impl Fn(&CorrelationLink) -> bool) -> ProductSelector {
        let mine: Vec<&CorrelationLink> = self.links.iter().filter(|l| pick(l)).collect();
        let partial: Vec<HsCode> = mine
            .iter()
            .filter(|l| !l.is_certain())
            .map(|l| l.code)
            .collect();
        mine.iter()
            .filter(|l| {
                l.is_certain()
                    && !partial
                        .iter()
                        .any(|p| p.contains(l.code) || l.code.contains(*p))
            })
            .map(|l| l.code)
            .collect()
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

    /// The links of `issuer`'s list as a classification by control
    /// class (category and group, `1C`), for
    /// [`Exposure::between`](crate::metrics::Exposure::between).
    #[must_use]
    pub fn by_class(&self, issuer: Issuer) -> ProductLinks<ControlClass> {
        self.view(|e| e.issuer() == issuer, |e| Some(ControlClass::of(e)))
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
                // A full link in doubt counts as a partial one.
                (Link::Full, _) if l.doubtful => out.add(l.code, c, Link::Partial),
                (link, _) => out.add(l.code, c, link),
            }
        }
        out
    }
}

/// A link to add, with what its source says of it.
pub(super) struct Insert {
    pub(super) entry: ControlEntry,
    pub(super) code: HsCode,
    pub(super) link: Link,
    pub(super) weight: Option<Decimal>,
    pub(super) line: Option<NationalLine>,
    pub(super) doubtful: bool,
}

impl Insert {
    pub(super) fn new(entry: ControlEntry, code: HsCode, link: Link) -> Insert {
        Insert {
            entry,
            code,
            link,
            weight: None,
            line: None,
            doubtful: false,
        }
    }
}

fn describe(l: &CorrelationLink) -> String {
    match (l.link, l.weight) {
        (Link::Partial, Some(w)) => format!("partial (weight {w})"),
        (link, _) => link_text(link).to_owned(),
    }
}

pub(super) fn link_text(link: Link) -> &'static str {
    match link {
        Link::Full => "full",
        Link::Partial => "partial",
    }
}
