//! A concordance between two HS editions: links between their
//! subheadings, reversible and composable, and the groups the links
//! make.

use crate::concordance::groups::{Group, groups_of};
use crate::error::{Error, ErrorKind, Result};
use crate::model::edition::HsEdition;
use crate::model::hs::{HsCode, HsLevel};

/// The links between the subheadings of two HS editions, as a
/// correlation table gives them: `a -> b` when goods classified `a` in
/// the `from` edition are classified, in whole or in part, `b` in the
/// `to` edition.
///
/// Relationship labels (`1:1`, `1:n`, ...) are never trusted: UNSD's own
/// tables label them inconsistently. Groups are computed from the links
/// ([`groups`](Concordance::groups)), as the connected components of the
/// graph of links: one-to-one, one-to-many (a split), many-to-one (a
/// merge) or many-to-many.
///
/// A concordance is read from a correlation table
/// ([`read_csv`](Concordance::read_csv), in this crate's tidy layout or
/// UNSD's), reversed ([`reverse`](Concordance::reverse): older to newer
/// by swapping the sides) and composed along a chain of editions
/// ([`then`](Concordance::then), [`chain`](Concordance::chain)), the
/// groups recomputed on the composed links.
///
/// UNSD's conversion tables (one target per code) read the same way and
/// give a concordance in which every code has one target
/// ([`is_conversion`](Concordance::is_conversion)).
///
/// # Example
///
/// ```
/// use tradedep::concordance::{Concordance, GroupKind};
/// use tradedep::HsEdition;
///
/// // HS2022 854231 came from HS2017 854231 and part of 854239 (a merge
/// // and a split together: many-to-many), 010121 is unchanged.
/// let c = Concordance::new(HsEdition::Hs2022, HsEdition::Hs2017, [
///     ("010121".parse()?, "010121".parse()?),
///     ("854231".parse()?, "854231".parse()?),
///     ("854231".parse()?, "854239".parse()?),
///     ("854239".parse()?, "854239".parse()?),
/// ])?;
/// let groups = c.groups();
/// assert_eq!(groups.len(), 2);
/// assert_eq!(groups[1].kind(), GroupKind::ManyToMany);
/// let back = c.reverse();
/// assert_eq!(back.from_edition(), HsEdition::Hs2017);
/// assert_eq!(back.targets("854239".parse()?).len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concordance {
    from: HsEdition,
    to: HsEdition,
    /// Sorted by source, then target; each link once.
    links: Vec<(HsCode, HsCode)>,
    /// Sorted by target, then source.
    back: Vec<(HsCode, HsCode)>,
}

/// What composing two concordances left behind
/// ([`Concordance::then`]): codes of the middle edition that the first
/// concordance reaches and the second has no link for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainReport {
    dead_ends: Vec<(HsEdition, HsCode)>,
    lost: Vec<(HsEdition, HsCode)>,
}

impl ChainReport {
    /// Middle codes with no onward link (UNSD's tables miss HS2017
    /// `300219` in the 2022 table and HS2007 `291636` in the 2012 one),
    /// with their edition.
    #[must_use]
    pub fn dead_ends(&self) -> &[(HsEdition, HsCode)] {
        &self.dead_ends
    }

    /// Source codes that lost every link through those dead ends: they
    /// have no correspondence in the composed concordance.
    #[must_use]
    pub fn lost(&self) -> &[(HsEdition, HsCode)] {
        &self.lost
    }

    /// True when nothing was left behind.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.dead_ends.is_empty()
    }

    fn merge(&mut self, other: ChainReport) {
        self.dead_ends.extend(other.dead_ends);
        self.lost.extend(other.lost);
    }
}

pub(crate) fn concordance_error(reason: impl Into<String>) -> Error {
    Error::new(ErrorKind::Correlation {
        reason: reason.into(),
    })
}

/// A code as a subheading without edition, or an error.
fn subheading(code: HsCode, edition: HsEdition) -> Result<HsCode> {
    if code.level() != HsLevel::Subheading {
        return Err(concordance_error(format!(
            "{code} is not a subheading: a concordance links 6-digit codes"
        )));
    }
    if let Some(e) = code.edition()
        && e != edition
    {
        return Err(concordance_error(format!(
            "{code} is an {e} code where the concordance's side is {edition}"
        )));
    }
    Ok(code.without_edition())
}

impl Concordance {
    /// A concordance from its links, `(from code, to code)`, in any
    /// order; a link given twice counts once.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`] for a code that is not a subheading, one
    /// tagged with another edition, or no link at all.
    pub fn new<I>(from: HsEdition, to: HsEdition, links: I) -> Result<Concordance>
    where
        I: IntoIterator<Item = (HsCode, HsCode)>,
    {
        let mut v = Vec::new();
        for (a, b) in links {
            v.push((subheading(a, from)?, subheading(b, to)?));
        }
        if v.is_empty() {
            return Err(concordance_error("a concordance needs at least one link"));
        }
        Ok(Concordance::from_links(from, to, v))
    }

    pub(crate) fn from_links(
        from: HsEdition,
        to: HsEdition,
        mut links: Vec<(HsCode, HsCode)>,
    ) -> Concordance {
        links.sort_unstable();
        links.dedup();
        let mut back: Vec<(HsCode, HsCode)> = links.iter().map(|(a, b)| (*b, *a)).collect();
        back.sort_unstable();
        Concordance {
            from,
            to,
            links,
            back,
        }
    }

    /// The edition converted from.
    #[must_use]
    pub fn from_edition(&self) -> HsEdition {
        self.from
    }

    /// The edition converted to.
    #[must_use]
    pub fn to_edition(&self) -> HsEdition {
        self.to
    }

    /// Every link, sorted by source then target.
    #[must_use]
    pub fn links(&self) -> &[(HsCode, HsCode)] {
        &self.links
    }

    /// The number of links.
    #[must_use]
    pub fn len(&self) -> usize {
        self.links.len()
    }

    /// Never true: a concordance has a link.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    fn range(v: &[(HsCode, HsCode)], code: HsCode) -> &[(HsCode, HsCode)] {
        let code = code.without_edition();
        let start = v.partition_point(|(a, _)| *a < code);
        let end = v.partition_point(|(a, _)| *a <= code);
        v.get(start..end).unwrap_or_default()
    }

    /// The targets of a source code (empty when it has no
    /// correspondence), sorted.
    #[must_use]
    pub fn targets(&self, code: HsCode) -> Vec<HsCode> {
        Self::range(&self.links, code)
            .iter()
            .map(|(_, b)| *b)
            .collect()
    }

    /// The sources of a target code, sorted.
    #[must_use]
    pub fn sources(&self, code: HsCode) -> Vec<HsCode> {
        Self::range(&self.back, code)
            .iter()
            .map(|(_, a)| *a)
            .collect()
    }

    /// The links of a source code, as a slice of `(source, target)`.
    pub(crate) fn links_of(&self, code: HsCode) -> &[(HsCode, HsCode)] {
        Self::range(&self.links, code)
    }

    /// The links into a target code, as `(target, source)`.
    pub(crate) fn links_into(&self, code: HsCode) -> &[(HsCode, HsCode)] {
        Self::range(&self.back, code)
    }

    /// Every source code, sorted, each once.
    #[must_use]
    pub fn source_codes(&self) -> Vec<HsCode> {
        let mut v: Vec<HsCode> = self.links.iter().map(|(a, _)| *a).collect();
        v.dedup();
        v
    }

    /// Every target code, sorted, each once.
    #[must_use]
    pub fn target_codes(&self) -> Vec<HsCode> {
        let mut v: Vec<HsCode> = self.back.iter().map(|(b, _)| *b).collect();
        v.dedup();
        v
    }

    /// True when every source code has exactly one target: a conversion
    /// table, which moves values without splitting them.
    #[must_use]
    pub fn is_conversion(&self) -> bool {
        self.links.windows(2).all(|w| match w {
            [x, y] => x.0 != y.0,
            _ => true,
        })
    }

    /// The same links the other way (older to newer for UNSD's tables).
    #[must_use]
    pub fn reverse(&self) -> Concordance {
        Concordance {
            from: self.to,
            to: self.from,
            links: self.back.clone(),
            back: self.links.clone(),
        }
    }

    /// This concordance followed by `next` (`A -> B` then `B -> C` gives
    /// `A -> C`): `a -> c` when some `b` has `a -> b` and `b -> c`. Codes
    /// of `B` that `next` has no link for are reported, with the source
    /// codes that lost every link through them.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`] when `next` does not start from this
    /// concordance's `to` edition, or nothing links through.
    pub fn then(&self, next: &Concordance) -> Result<(Concordance, ChainReport)> {
        if next.from != self.to {
            return Err(concordance_error(format!(
                "a {} -> {} concordance cannot follow a {} -> {} one",
                next.from, next.to, self.from, self.to
            )));
        }
        let mut links = Vec::new();
        let mut dead: std::collections::BTreeSet<HsCode> = std::collections::BTreeSet::new();
        let mut lost = Vec::new();
        for a in self.source_codes() {
            let mut any = false;
            for (_, b) in self.links_of(a) {
                let onward = next.links_of(*b);
                if onward.is_empty() {
                    dead.insert(*b);
                }
                for (_, c) in onward {
                    links.push((a, *c));
                    any = true;
                }
            }
            if !any {
                lost.push((self.from, a));
            }
        }
        if links.is_empty() {
            return Err(concordance_error(format!(
                "no link of the {} -> {} concordance continues in the {} -> {} one",
                self.from, self.to, next.from, next.to
            )));
        }
        let report = ChainReport {
            dead_ends: dead.into_iter().map(|b| (self.to, b)).collect(),
            lost,
        };
        Ok((Concordance::from_links(self.from, next.to, links), report))
    }

    /// The concordances composed in order (`HS1992 -> HS1996`, ...,
    /// `HS2017 -> HS2022`), with everything left behind on the way.
    ///
    /// # Errors
    ///
    /// As [`then`](Self::then), and for an empty chain.
    pub fn chain<'a, I>(steps: I) -> Result<(Concordance, ChainReport)>
    where
        I: IntoIterator<Item = &'a Concordance>,
    {
        let mut steps = steps.into_iter();
        let first = steps
            .next()
            .ok_or_else(|| concordance_error("a chain needs at least one concordance"))?;
        let mut acc = first.clone();
        let mut report = ChainReport::default();
        for next in steps {
            let (c, r) = acc.then(next)?;
            acc = c;
            report.merge(r);
        }
        Ok((acc, report))
    }

    /// The groups of the links: connected components, each with its
    /// source and target codes, sorted by their first source code.
    #[must_use]
    pub fn groups(&self) -> Vec<Group> {
        groups_of(&self.links)
    }

    /// The group of a source code; `None` when it has no
    /// correspondence.
    #[must_use]
    pub fn group_of(&self, code: HsCode) -> Option<Group> {
        let code = code.without_edition();
        self.groups()
            .into_iter()
            .find(|g| g.sources().binary_search(&code).is_ok())
    }
}
