//! Product selectors: sets of goods as users think of them.

use std::fmt;
use std::io::BufRead;
use std::str::FromStr;

use crate::error::{Error, Position, Result};
use crate::model::hs::{HsCode, HsLevel};

/// A set of goods given as HS prefixes: chapters, headings or
/// subheadings to include, and others to leave out.
///
/// A code is matched against the most specific listed prefix that
/// contains it (a subheading `854150` lies within `8541` and `85`): it is
/// selected when that prefix is an inclusion, and not when it is an
/// exclusion or when no listed prefix contains it. So `"85, -8541,
/// 854110"` selects chapter 85 except heading 8541, yet keeps subheading
/// 8541.10. A code coarser than every prefix that touches it (chapter
/// `85` against the prefix `8541`) is not selected: only part of it
/// would be. Unions, intersections and differences are exact
/// ([`union`](Self::union), [`intersection`](Self::intersection),
/// [`difference`](Self::difference)).
///
/// The text form lists the prefixes separated by commas, exclusions
/// marked with a leading `-`, in code order.
///
/// # Example
///
/// ```
/// use tradedep::ProductSelector;
///
/// let rare_earths: ProductSelector = "2805.30, 2846".parse()?;
/// assert!(rare_earths.matches("280530".parse()?));
/// assert!(rare_earths.matches("284690".parse()?));
/// assert!(!rare_earths.matches("2805".parse()?));
///
/// let chips = ProductSelector::new().with("8541".parse()?).without("854150".parse()?);
/// assert!(chips.matches("854110".parse()?));
/// assert!(!chips.matches("854150".parse()?));
/// assert_eq!(chips.to_string(), "8541, -854150");
/// assert_eq!(chips.union(&rare_earths).to_string(), "280530, 2846, 8541, -854150");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct ProductSelector {
    /// Listed prefixes, sorted by [`key`], each marked included (`true`)
    /// or excluded; never two entries for one code.
    rules: Vec<(HsCode, bool)>,
}

/// Sort key of a prefix: its padded digits, then its level, so that a
/// code sorts just before the codes within it.
fn key(code: HsCode) -> (u32, u8) {
    (code.padded_digits(), code.level().digits())
}

impl ProductSelector {
    /// A selector that selects nothing; add prefixes with
    /// [`with`](Self::with).
    #[must_use]
    pub fn new() -> ProductSelector {
        ProductSelector::default()
    }

    /// Also selects every code within `prefix` (unless a more specific
    /// exclusion is listed).
    #[must_use]
    pub fn with(self, prefix: HsCode) -> ProductSelector {
        self.set(prefix, true)
    }

    /// Leaves out every code within `prefix` (unless a more specific
    /// inclusion is listed).
    #[must_use]
    pub fn without(self, prefix: HsCode) -> ProductSelector {
        self.set(prefix, false)
    }

    fn set(self, prefix: HsCode, include: bool) -> ProductSelector {
        self.set_raw(prefix, include).simplified()
    }

    /// Lists `prefix` without dropping prefixes made redundant.
    fn set_raw(mut self, prefix: HsCode, include: bool) -> ProductSelector {
        let prefix = prefix.without_edition();
        let k = key(prefix);
        match self.rules.binary_search_by_key(&k, |(c, _)| key(*c)) {
            Ok(i) => {
                if let Some(rule) = self.rules.get_mut(i) {
                    rule.1 = include;
                }
            }
            Err(i) => self.rules.insert(i, (prefix, include)),
        }
        self
    }

    /// The most specific listed prefix containing `code`, with its mark.
    fn rule_for(&self, code: HsCode) -> Option<bool> {
        let code = code.without_edition();
        [HsLevel::Subheading, HsLevel::Heading, HsLevel::Chapter]
            .into_iter()
            .filter(|l| *l <= code.level())
            .find_map(|l| {
                let k = key(code.truncate(l));
                self.rules
                    .binary_search_by_key(&k, |(c, _)| key(*c))
                    .ok()
                    .and_then(|i| self.rules.get(i))
                    .map(|r| r.1)
            })
    }

    /// True when `code` is selected.
    #[must_use]
    pub fn matches(&self, code: HsCode) -> bool {
        self.rule_for(code).unwrap_or(false)
    }

    /// The rules, `(prefix, included)`, in key order.
    pub(crate) fn rules(&self) -> &[(HsCode, bool)] {
        &self.rules
    }

    /// True when some goods under `code` are selected: `code` itself is,
    /// or an included prefix lies strictly within it (a chapter `85`
    /// overlaps the selection `850511`). For trade recorded at a coarser
    /// level than the selector's prefixes.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::ProductSelector;
    ///
    /// let magnets: ProductSelector = "850511".parse()?;
    /// assert!(!magnets.matches("85".parse()?));
    /// assert!(magnets.overlaps("85".parse()?));
    /// assert!(!magnets.overlaps("84".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn overlaps(&self, code: HsCode) -> bool {
        self.matches(code) || self.strictly_within(code).any(|(_, inc)| inc)
    }

    /// True when every good under `code` is selected: `code` is, and no
    /// exclusion lies strictly within it (`"2805, -280530"` selects the
    /// heading `2805` but not all of it). For a subheading, the same as
    /// [`matches`](Self::matches).
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::ProductSelector;
    ///
    /// let s: ProductSelector = "2805, -280530".parse()?;
    /// assert!(s.matches("2805".parse()?));
    /// assert!(!s.matches_all("2805".parse()?));
    /// assert!(s.matches_all("280519".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn matches_all(&self, code: HsCode) -> bool {
        self.matches(code) && !self.strictly_within(code).any(|(_, inc)| !inc)
    }

    /// The listed prefixes strictly within `code`, found by binary
    /// search: the prefixes within a code are contiguous in key order,
    /// and a subheading has none.
    fn strictly_within(&self, code: HsCode) -> impl Iterator<Item = (HsCode, bool)> + '_ {
        let code = code.without_edition();
        let finest = code.level() == HsLevel::Subheading;
        let start = if finest {
            self.rules.len()
        } else {
            let k = key(code);
            self.rules.partition_point(|(c, _)| key(*c) <= k)
        };
        self.rules
            .get(start..)
            .unwrap_or_default()
            .iter()
            .copied()
            .take_while(move |(c, _)| code.contains(*c))
            .filter(move |(c, _)| c.level() > code.level())
    }

    /// Combines two selectors code by code. Every listed prefix of either
    /// decides, for the codes within it and not within a more specific
    /// prefix of either, what both selectors say; so evaluating `op` on
    /// each listed prefix gives the exact result.
    fn combine(&self, other: &ProductSelector, op: impl Fn(bool, bool) -> bool) -> ProductSelector {
        let mut rules: Vec<(HsCode, bool)> = self
            .rules
            .iter()
            .chain(&other.rules)
            .map(|(c, _)| (*c, op(self.matches(*c), other.matches(*c))))
            .collect();
        rules.sort_by_key(|(c, _)| key(*c));
        rules.dedup_by_key(|(c, _)| key(*c));
        ProductSelector { rules }.simplified()
    }

    /// The goods either selector selects.
    #[must_use]
    pub fn union(&self, other: &ProductSelector) -> ProductSelector {
        self.combine(other, |a, b| a || b)
    }

    /// The goods both selectors select.
    #[must_use]
    pub fn intersection(&self, other: &ProductSelector) -> ProductSelector {
        self.combine(other, |a, b| a && b)
    }

    /// The goods this selector selects and `other` does not.
    #[must_use]
    pub fn difference(&self, other: &ProductSelector) -> ProductSelector {
        self.combine(other, |a, b| a && !b)
    }

    /// Drops prefixes that change nothing: one marked as the prefix
    /// containing it already decides, or an exclusion no inclusion
    /// contains. Dropping them all at once is sound: a dropped prefix's
    /// mark is its parent's, so the prefixes below it see the same mark.
    fn simplified(mut self) -> ProductSelector {
        let keep: Vec<bool> = self
            .rules
            .iter()
            .map(|(c, inc)| {
                let parent = c.parent().and_then(|p| self.rule_for(p)).unwrap_or(false);
                parent != *inc
            })
            .collect();
        let mut flags = keep.into_iter();
        self.rules.retain(|_| flags.next().unwrap_or(true));
        self
    }

    /// The included prefixes, in code order.
    pub fn included(&self) -> impl Iterator<Item = HsCode> + '_ {
        self.rules.iter().filter(|r| r.1).map(|r| r.0)
    }

    /// The excluded prefixes, in code order.
    pub fn excluded(&self) -> impl Iterator<Item = HsCode> + '_ {
        self.rules.iter().filter(|r| !r.1).map(|r| r.0)
    }

    /// True when no prefix is included: the selector selects nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Reads prefixes one a line: `#` starts a comment, blank lines are
    /// skipped, a leading `-` excludes. This is the layout of lists such
    /// as the benchmark's `dual_use_prefixes.txt`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::HsCode`](crate::ErrorKind::HsCode) for a line that is not an HS code, with its
    /// line number in the error's [`Position`]; [`ErrorKind::Io`](crate::ErrorKind::Io) when
    /// reading fails.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::ProductSelector;
    ///
    /// let text = "# rare earths\n2805.30\n2846 # compounds\n\n-284610\n";
    /// let s = ProductSelector::read_lines(text.as_bytes())?;
    /// assert_eq!(s.to_string(), "280530, 2846, -284610");
    ///
    /// let err = ProductSelector::read_lines("2805\n28x\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.position().and_then(|p| p.line()), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_lines<R: BufRead>(reader: R) -> Result<ProductSelector> {
        let mut out = ProductSelector::new();
        for (n, line) in (1u64..).zip(crate::csvutil::limited_lines(reader)) {
            let line = line?;
            let text = line.split('#').next().unwrap_or("").trim();
            if text.is_empty() {
                continue;
            }
            out = out.with_item_raw(text).map_err(|e| {
                e.at(Position {
                    line: Some(n),
                    ..Position::default()
                })
            })?;
        }
        Ok(out.simplified())
    }

    /// As [`read_lines`](Self::read_lines), from the file at `path`, with
    /// the path in every error.
    ///
    /// # Errors
    ///
    /// As [`read_lines`](Self::read_lines).
    pub fn read_path(path: impl AsRef<std::path::Path>) -> Result<ProductSelector> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        ProductSelector::read_lines(std::io::BufReader::new(file)).map_err(|e| e.in_file(path))
    }

    fn with_item_raw(self, item: &str) -> Result<ProductSelector> {
        match item.strip_prefix('-') {
            Some(rest) => Ok(self.set_raw(HsCode::special(rest.trim())?, false)),
            None => Ok(self.set_raw(HsCode::special(item)?, true)),
        }
    }
}

impl FromIterator<HsCode> for ProductSelector {
    /// The selector of every code (each an included prefix): sorted once,
    /// so building one from n codes takes n log n steps.
    fn from_iter<I: IntoIterator<Item = HsCode>>(iter: I) -> Self {
        let mut codes: Vec<HsCode> = iter.into_iter().map(HsCode::without_edition).collect();
        codes.sort_by_key(|c| key(*c));
        codes.dedup_by_key(|c| key(*c));
        ProductSelector {
            rules: codes.into_iter().map(|c| (c, true)).collect(),
        }
        .simplified()
    }
}

impl fmt::Display for ProductSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (code, include) in &self.rules {
            let sign = if *include { "" } else { "-" };
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "{sign}{code}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ProductSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProductSelector({self})")
    }
}

impl FromStr for ProductSelector {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let mut out = ProductSelector::new();
        for item in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            out = out.with_item_raw(item)?;
        }
        Ok(out.simplified())
    }
}

impl TryFrom<&str> for ProductSelector {
    type Error = Error;

    fn try_from(s: &str) -> Result<Self> {
        s.parse()
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(ProductSelector, "HS prefixes separated by commas");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn code(s: &str) -> HsCode {
        s.parse().unwrap()
    }

    #[test]
    fn nested_prefixes_of_one_mark_collapse_to_the_widest() {
        let s: ProductSelector = "2805, 28, 280530".parse().unwrap();
        assert_eq!(s.to_string(), "28");
        assert!(s.matches(code("280530")));
        assert!(s.matches(code("28")));
        assert!(!s.matches(code("29")));
    }

    #[test]
    fn the_most_specific_prefix_decides() {
        let s: ProductSelector = "85, -8541, -854150, 854110".parse().unwrap();
        assert_eq!(s.to_string(), "85, -8541, 854110");
        assert!(s.matches(code("850110")));
        assert!(s.matches(code("854110")));
        assert!(!s.matches(code("854150")));
        assert!(!s.matches(code("8541")));
        // An exclusion nothing includes changes nothing.
        assert_eq!("-2805".parse::<ProductSelector>().unwrap().to_string(), "");
    }

    #[test]
    fn coarser_codes_are_not_selected() {
        let s: ProductSelector = "8541".parse().unwrap();
        assert!(!s.matches(code("85")));
        assert!(s.matches(code("8541")));
    }

    #[test]
    fn bad_items_are_typed_errors() {
        let e = "2805, 2x".parse::<ProductSelector>().unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::HsCode { .. }), "{e}");
        let e = "-".parse::<ProductSelector>().unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::HsCode { .. }), "{e}");
    }

    #[test]
    fn union_keeps_what_either_selects() {
        let a: ProductSelector = "85, -8541".parse().unwrap();
        let b: ProductSelector = "8541".parse().unwrap();
        let u = a.union(&b);
        assert_eq!(u.to_string(), "85");
        assert!(u.matches(code("854110")));
        let c: ProductSelector = "854110".parse().unwrap();
        let u = a.union(&c);
        assert_eq!(u.to_string(), "85, -8541, 854110");
        assert_eq!(a.intersection(&b).to_string(), "");
        assert_eq!(b.difference(&c).to_string(), "8541, -854110");
    }
}
