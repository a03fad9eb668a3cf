//! Groups of a concordance: the connected components of its links.

use std::collections::HashMap;
use std::fmt;

use crate::model::hs::HsCode;

/// What a group of linked codes is, by how many codes each side has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum GroupKind {
    /// One code on each side: the value moves as it is.
    OneToOne,
    /// One source split into several targets: the value is split.
    OneToMany,
    /// Several sources merged into one target: the values move and add.
    ManyToOne,
    /// Several on each side: sources with several targets are split.
    ManyToMany,
}

impl GroupKind {
    /// `1:1`, `1:n`, `n:1` or `n:n`.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::OneToOne => "1:1",
            GroupKind::OneToMany => "1:n",
            GroupKind::ManyToOne => "n:1",
            GroupKind::ManyToMany => "n:n",
        }
    }

    /// True when some source of such a group is split.
    #[must_use]
    pub fn splits(self) -> bool {
        matches!(self, GroupKind::OneToMany | GroupKind::ManyToMany)
    }
}

impl fmt::Display for GroupKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A connected component of a concordance's links: every source and
/// target code linked to each other through some chain of links.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Group {
    sources: Vec<HsCode>,
    targets: Vec<HsCode>,
    links: usize,
}

impl Group {
    /// The source codes, sorted.
    #[must_use]
    pub fn sources(&self) -> &[HsCode] {
        &self.sources
    }

    /// The target codes, sorted.
    #[must_use]
    pub fn targets(&self) -> &[HsCode] {
        &self.targets
    }

    /// The number of links in the group.
    #[must_use]
    pub fn links(&self) -> usize {
        self.links
    }

    /// One-to-one, one-to-many, many-to-one or many-to-many.
    #[must_use]
    pub fn kind(&self) -> GroupKind {
        match (self.sources.len() > 1, self.targets.len() > 1) {
            (false, false) => GroupKind::OneToOne,
            (false, true) => GroupKind::OneToMany,
            (true, false) => GroupKind::ManyToOne,
            (true, true) => GroupKind::ManyToMany,
        }
    }
}

/// Union-find with path halving.
fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let grand = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = grand;
        }
        i = grand;
    }
    i
}

/// The groups of links sorted by source: sources are nodes `0..s`,
/// targets `s..`, joined by each link.
pub(crate) fn groups_of(links: &[(HsCode, HsCode)]) -> Vec<Group> {
    let mut sources: Vec<HsCode> = links.iter().map(|(a, _)| *a).collect();
    sources.dedup();
    let mut targets: Vec<HsCode> = links.iter().map(|(_, b)| *b).collect();
    targets.sort_unstable();
    targets.dedup();
    let s = sources.len();
    let t_at: HashMap<HsCode, usize> = targets
        .iter()
        .enumerate()
        .map(|(i, b)| (*b, s.saturating_add(i)))
        .collect();
    let s_at: HashMap<HsCode, usize> = sources.iter().enumerate().map(|(i, a)| (*a, i)).collect();
    let mut parent: Vec<usize> = (0..s.saturating_add(targets.len())).collect();
    for (a, b) in links {
        let (Some(&i), Some(&j)) = (s_at.get(a), t_at.get(b)) else {
            continue;
        };
        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
        if ri != rj
            && let Some(slot) = parent.get_mut(ri.max(rj))
        {
            *slot = ri.min(rj);
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Group> = std::collections::BTreeMap::new();
    for (i, a) in sources.iter().enumerate() {
        let r = find(&mut parent, i);
        by_root
            .entry(r)
            .or_insert_with(|| Group {
                sources: Vec::new(),
                targets: Vec::new(),
                links: 0,
            })
            .sources
            .push(*a);
    }
    for (k, b) in targets.iter().enumerate() {
        let r = find(&mut parent, s.saturating_add(k));
        if let Some(g) = by_root.get_mut(&r) {
            g.targets.push(*b);
        }
    }
    for (a, _) in links {
        if let Some(&i) = s_at.get(a) {
            let r = find(&mut parent, i);
            if let Some(g) = by_root.get_mut(&r) {
                g.links = g.links.saturating_add(1);
            }
        }
    }
    // Roots are the smallest node of each group: a source, as every
    // target has a source; so groups come in their first source's order.
    by_root.into_values().collect()
}
