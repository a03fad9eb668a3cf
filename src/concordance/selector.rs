//! Converting product selectors and correlation tables between editions:
//! a code that maps to several targets links to all of them, and a
//! target reached only in part becomes partial.

use std::collections::{BTreeMap, BTreeSet};

use crate::classify::correlation::CorrelationTable;
use crate::classify::links::Link;
use crate::classify::selector::ProductSelector;
use crate::concordance::report::Unmatched;
use crate::concordance::table::{Concordance, concordance_error};
use crate::error::Result;
use crate::model::hs::{HsCode, HsLevel};

/// A [`ProductSelector`] converted to another edition, as bounds: the
/// target codes all of whose goods were selected ([`certain`]), and those
/// some of whose goods were ([`possible`]); the difference is
/// [`partial`].
///
/// [`certain`]: SelectorConversion::certain
/// [`possible`]: SelectorConversion::possible
/// [`partial`]: SelectorConversion::partial
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorConversion {
    certain: ProductSelector,
    possible: ProductSelector,
    partial: Vec<HsCode>,
    unmatched: Vec<HsCode>,
}

impl SelectorConversion {
    /// Targets every source of which is selected: all their goods are.
    #[must_use]
    pub fn certain(&self) -> &ProductSelector {
        &self.certain
    }

    /// Targets some source of which is selected: some of their goods are.
    #[must_use]
    pub fn possible(&self) -> &ProductSelector {
        &self.possible
    }

    /// Targets reached through a split or a merge with unselected codes:
    /// in [`possible`](Self::possible), not in
    /// [`certain`](Self::certain).
    #[must_use]
    pub fn partial(&self) -> &[HsCode] {
        &self.partial
    }

    /// Included prefixes of the selector under which the concordance has
    /// no source code ([`Unmatched::Skip`]).
    #[must_use]
    pub fn unmatched(&self) -> &[HsCode] {
        &self.unmatched
    }
}

/// A selector of exactly these subheadings.
fn selector_of(codes: &BTreeSet<HsCode>) -> ProductSelector {
    codes.iter().fold(ProductSelector::new(), |s, c| s.with(*c))
}

impl Concordance {
    /// The source subheadings `selector` selects, and the included
    /// prefixes under which the concordance has none.
    fn selected(&self, selector: &ProductSelector) -> (BTreeSet<HsCode>, Vec<HsCode>) {
        let sources = self.source_codes();
        let chosen: BTreeSet<HsCode> = sources
            .iter()
            .copied()
            .filter(|a| selector.matches(*a))
            .collect();
        let unmatched = selector
            .rules()
            .iter()
            .filter(|(p, inc)| *inc && p.level() != HsLevel::Total)
            .filter(|(p, _)| !sources.iter().any(|a| p.without_edition().contains(*a)))
            .map(|(p, _)| *p)
            .collect();
        (chosen, unmatched)
    }

    /// Converts a selector written in the `from` edition to the `to`
    /// edition; see [`SelectorConversion`]. A target is certain when all
    /// its sources are selected, partial when only some are (a split of
    /// a selected code, or a merge with unselected ones).
    ///
    /// ```
    /// use tradedep::concordance::{Concordance, Unmatched};
    /// use tradedep::{HsEdition, ProductSelector};
    ///
    /// // HS2017 -> HS2022: 854231 splits into 854231 and part of 854239,
    /// // which also takes 854239.
    /// let c = Concordance::new(HsEdition::Hs2017, HsEdition::Hs2022, [
    ///     ("854231".parse()?, "854231".parse()?),
    ///     ("854231".parse()?, "854239".parse()?),
    ///     ("854239".parse()?, "854239".parse()?),
    /// ])?;
    /// let s = c.convert_selector(&"854231".parse()?, Unmatched::Error)?;
    /// assert_eq!(s.certain().to_string(), "854231");
    /// assert_eq!(s.possible().to_string(), "854231, 854239");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`](crate::ErrorKind::Correlation) under
    /// [`Unmatched::Error`] for an included prefix with no source code
    /// under it.
    pub fn convert_selector(
        &self,
        selector: &ProductSelector,
        unmatched: Unmatched,
    ) -> Result<SelectorConversion> {
        let (chosen, missing) = self.selected(selector);
        if let (Unmatched::Error, Some(p)) = (unmatched, missing.first()) {
            return Err(concordance_error(format!(
                "the selector includes {p}, under which the {} -> {} concordance has no code",
                self.from_edition(),
                self.to_edition()
            )));
        }
        let mut possible = BTreeSet::new();
        for a in &chosen {
            possible.extend(self.targets(*a));
        }
        let (certain, partial): (BTreeSet<HsCode>, BTreeSet<HsCode>) = possible
            .iter()
            .partition(|b| self.sources(**b).iter().all(|a| chosen.contains(a)));
        Ok(SelectorConversion {
            certain: selector_of(&certain),
            possible: selector_of(&possible),
            partial: partial.into_iter().collect(),
            unmatched: missing,
        })
    }

    /// Converts a correlation table (entries to HS codes in the `from`
    /// edition) to the `to` edition. Each entry's codes (a heading links
    /// every subheading under it) go to all their targets. A target's
    /// link is full when the entry linked every one of the target's
    /// sources fully, partial otherwise: a split or a merge with goods
    /// outside the entry widens the bounds, never narrows them. Weights
    /// and national lines do not survive a change of edition (the link
    /// stays, partial); doubtful links stay doubtful.
    ///
    /// # Errors
    ///
    /// As [`convert_selector`](Self::convert_selector), for an entry's
    /// code with no source code under it.
    pub fn convert_correlation(
        &self,
        table: &CorrelationTable,
        unmatched: Unmatched,
    ) -> Result<CorrelationTable> {
        let sources = self.source_codes();
        // Per entry: each source subheading's link, the firmest kept.
        let mut by_entry: BTreeMap<_, (BTreeMap<HsCode, Link>, bool)> = BTreeMap::new();
        for l in table.links() {
            let code = l.code().without_edition();
            let under: Vec<HsCode> = sources
                .iter()
                .copied()
                .filter(|a| code.contains(*a))
                .collect();
            if under.is_empty() && unmatched == Unmatched::Error {
                return Err(concordance_error(format!(
                    "{code} (of {}) has no code under it in the {} -> {} concordance",
                    l.entry(),
                    self.from_edition(),
                    self.to_edition()
                )));
            }
            let firm = if l.weight().is_some_and(|w| w < rust_decimal::Decimal::ONE)
                || !l.lines().is_empty()
            {
                Link::Partial
            } else {
                l.link()
            };
            let e = by_entry.entry(l.entry().clone()).or_default();
            e.1 |= l.is_doubtful();
            for a in under {
                let slot = e.0.entry(a).or_insert(firm);
                if firm == Link::Full {
                    *slot = Link::Full;
                }
            }
        }
        let mut out = CorrelationTable::new();
        for (entry, (codes, doubtful)) in by_entry {
            let mut targets: BTreeMap<HsCode, Link> = BTreeMap::new();
            for a in codes.keys() {
                for b in self.targets(*a) {
                    let full = self
                        .links_into(b)
                        .iter()
                        .all(|(_, s)| codes.get(s) == Some(&Link::Full));
                    targets.insert(b, if full { Link::Full } else { Link::Partial });
                }
            }
            for (b, link) in targets {
                out.add_converted(entry.clone(), b, link, doubtful)?;
            }
        }
        Ok(out)
    }
}
