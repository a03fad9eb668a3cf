//! How a conversion moves each source code: its targets, its weights as
//! fractions or integers, its group; made once per code and looked up
//! per flow.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::concordance::split::{IntWeights, split_by_fractions, split_exact};
use crate::concordance::table::{Concordance, concordance_error};
use crate::concordance::weights::Weights;
use crate::error::Result;
use crate::model::hs::{HsCode, HsLevel};

/// A source code's plan: its targets, their weights, its group.
pub(super) struct Plan {
    pub(super) targets: Vec<HsCode>,
    pub(super) weights: Vec<Decimal>,
    /// The weights over their sum; `None` for equal weights (split in
    /// integers).
    fractions: Option<Vec<Decimal>>,
    /// The weights as integers, where they fit: exact splits without
    /// decimal division.
    integers: Option<IntWeights>,
    pub(super) group: usize,
    pub(super) fallback: bool,
}

impl Plan {
    /// `total` split by the plan's weights, exactly (the parts add up to
    /// it, largest-remainder rounding at its scale).
    pub(super) fn split(&self, total: Decimal) -> Result<Vec<Decimal>> {
        if let Some(parts) = self.integers.as_ref().and_then(|i| i.split(total)) {
            return Ok(parts);
        }
        match &self.fractions {
            Some(f) => split_by_fractions(total, f),
            None => split_exact(total, &self.weights),
        }
    }
}

/// The plans made so far: subheadings looked up by their six digits in a
/// table (a flow a lookup, no hashing), coarser codes in a map.
#[derive(Default)]
pub(super) struct Plans {
    /// Per subheading's digits: 0 not planned, 1 no correspondence, `i +
    /// 2` the plan `list[i]`.
    slots: Vec<u32>,
    coarse: HashMap<HsCode, u32>,
    pub(super) list: Vec<(HsCode, Plan)>,
}

impl Plans {
    /// The plan of `code`, made by `make` the first time it is asked
    /// for; `None` when the code has no correspondence.
    pub(super) fn get(
        &mut self,
        code: HsCode,
        make: impl FnOnce() -> Result<Option<Plan>>,
    ) -> Result<Option<&Plan>> {
        let sub = code.level() == HsLevel::Subheading;
        if sub && self.slots.is_empty() {
            self.slots = vec![0; 1_000_000];
        }
        let slot = if sub {
            usize::try_from(code.digits())
                .ok()
                .and_then(|d| self.slots.get(d).copied())
                .unwrap_or(0)
        } else {
            self.coarse.get(&code).copied().unwrap_or(0)
        };
        let slot = if slot == 0 {
            let s = match make()? {
                None => 1,
                Some(p) => {
                    self.list.push((code, p));
                    u32::try_from(self.list.len())
                        .unwrap_or(u32::MAX)
                        .saturating_add(1)
                }
            };
            if sub {
                if let Some(x) = usize::try_from(code.digits())
                    .ok()
                    .and_then(|d| self.slots.get_mut(d))
                {
                    *x = s;
                }
            } else {
                self.coarse.insert(code, s);
            }
            s
        } else {
            slot
        };
        Ok(slot
            .checked_sub(2)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.list.get(i))
            .map(|(_, p)| p))
    }
}

impl Concordance {
    /// The plan of a source code, `None` when it has no correspondence.
    pub(super) fn plan(
        &self,
        code: HsCode,
        weights: &Weights,
        group_of: &HashMap<HsCode, usize>,
    ) -> Result<Option<Plan>> {
        if code.level() != HsLevel::Subheading {
            return Ok(self.coarse_plan(code, group_of));
        }
        let links = self.links_of(code);
        let Some(group) = group_of.get(&code).copied() else {
            return Ok(None);
        };
        let w = weights.of(links)?;
        let fractions = fractions_of(&w.weights)?;
        let integers = fractions.as_ref().and_then(|_| IntWeights::new(&w.weights));
        Ok(Some(Plan {
            targets: links.iter().map(|(_, b)| *b).collect(),
            fractions,
            integers,
            weights: w.weights,
            group,
            fallback: w.fallback,
        }))
    }

    /// A chapter or heading moves whole when its subheadings' targets
    /// all lie in one code of its level.
    fn coarse_plan(&self, code: HsCode, group_of: &HashMap<HsCode, usize>) -> Option<Plan> {
        let level = code.level();
        let mut target: Option<HsCode> = None;
        let mut group = None;
        for (a, b) in self.links().iter().filter(|(a, _)| code.contains(*a)) {
            let t = b.truncate(level);
            if target.is_some_and(|x| x != t) {
                return None;
            }
            target = Some(t);
            group = group.or_else(|| group_of.get(a).copied());
        }
        Some(Plan {
            targets: vec![target?],
            weights: vec![Decimal::ONE],
            fractions: None,
            integers: None,
            group: group?,
            fallback: false,
        })
    }
}

/// The weights over their sum, or `None` when they are all equal (or
/// one): those are split in integers.
fn fractions_of(weights: &[Decimal]) -> Result<Option<Vec<Decimal>>> {
    let Some(first) = weights.first() else {
        return Ok(None);
    };
    if weights.len() == 1 || weights.iter().all(|w| w == first) {
        return Ok(None);
    }
    let sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |s, w| s.checked_add(*w))
        .ok_or_else(|| concordance_error("split weights overflow"))?;
    if sum.is_zero() {
        return Err(concordance_error("split weights sum to 0"));
    }
    weights
        .iter()
        .map(|w| {
            w.checked_div(sum)
                .ok_or_else(|| concordance_error("a split overflows"))
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}
