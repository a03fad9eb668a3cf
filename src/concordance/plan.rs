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

/// Every source subheading's plan, made once per conversion and shared
/// by its threads, in the order of the codes' digits: rows come in
/// product order within each importer and exporter, so each lookup
/// searches forward from the last one, in a table that stays in cache.
pub(super) struct PlanTable {
    digits: Vec<u32>,
    codes: Vec<HsCode>,
    /// Each code's plan, or why it cannot be made (an error only when
    /// the data has the code: given weights may leave out codes the data
    /// does not hold).
    plans: Vec<std::result::Result<Plan, String>>,
}

impl PlanTable {
    /// The plans of every source subheading of `c`.
    pub(super) fn new(
        c: &Concordance,
        weights: &Weights,
        group_of: &HashMap<HsCode, usize>,
    ) -> PlanTable {
        let mut t = PlanTable {
            digits: Vec::new(),
            codes: Vec::new(),
            plans: Vec::new(),
        };
        let mut sources = c.source_codes();
        sources.sort_unstable_by_key(|a| a.digits());
        for code in sources {
            let plan = match c.plan(code, weights, group_of) {
                Ok(Some(p)) => Ok(p),
                Ok(None) => continue,
                Err(e) => Err(match e.kind() {
                    crate::error::ErrorKind::Correlation { reason } => reason.clone(),
                    _ => e.to_string(),
                }),
            };
            t.digits.push(code.digits());
            t.codes.push(code);
            t.plans.push(plan);
        }
        t
    }

    /// The position of the plan of the subheading of `digits`, searching
    /// forward from `*hint` where the digits lie after it (then `*hint`
    /// moves there).
    fn find(&self, digits: u32, hint: &mut usize) -> Option<usize> {
        let len = self.digits.len();
        let from = if self.digits.get(*hint).is_some_and(|&d| d <= digits) {
            *hint
        } else {
            0
        };
        // Gallop forward, then search the last step.
        let (mut lo, mut step) = (from, 1usize);
        let mut hi = from;
        while hi < len && self.digits.get(hi).is_some_and(|&d| d < digits) {
            lo = hi;
            hi = hi.saturating_add(step).min(len);
            step = step.saturating_mul(2);
        }
        let i = lo.saturating_add(
            self.digits
                .get(lo..hi.min(len))
                .unwrap_or_default()
                .partition_point(|&d| d < digits),
        );
        *hint = i;
        (self.digits.get(i) == Some(&digits)).then_some(i)
    }
}

/// One thread's plans: subheadings from the shared [`PlanTable`] (and
/// which of them the data had), coarser codes made as they come.
pub(super) struct Plans<'t> {
    table: &'t PlanTable,
    hint: usize,
    /// Per plan of the table: whether the data had its code.
    used: Vec<bool>,
    coarse: HashMap<HsCode, Option<usize>>,
    list: Vec<(HsCode, Plan)>,
}

impl<'t> Plans<'t> {
    pub(super) fn new(table: &'t PlanTable) -> Plans<'t> {
        Plans {
            table,
            hint: 0,
            used: vec![false; table.plans.len()],
            coarse: HashMap::new(),
            list: Vec::new(),
        }
    }

    /// The plan of `code` (a coarser code's made by `make` the first time
    /// it is asked for); `None` when the code has no correspondence.
    pub(super) fn get(
        &mut self,
        code: HsCode,
        make: impl FnOnce() -> Result<Option<Plan>>,
    ) -> Result<Option<&Plan>> {
        if code.level() == HsLevel::Subheading {
            let Some(i) = self.table.find(code.digits(), &mut self.hint) else {
                return Ok(None);
            };
            if let Some(u) = self.used.get_mut(i) {
                *u = true;
            }
            return match self.table.plans.get(i) {
                Some(Ok(p)) => Ok(Some(p)),
                Some(Err(reason)) => Err(concordance_error(reason.clone())),
                None => Ok(None),
            };
        }
        let at = if let Some(at) = self.coarse.get(&code) {
            *at
        } else {
            let at = make()?.map(|p| {
                self.list.push((code, p));
                self.list.len().saturating_sub(1)
            });
            self.coarse.insert(code, at);
            at
        };
        Ok(at.and_then(|i| self.list.get(i)).map(|(_, p)| p))
    }

    /// The plans the data had, with their codes: the table's it used,
    /// then the coarser codes'.
    pub(super) fn into_used(self, also: &mut Vec<bool>) -> Vec<(HsCode, Plan)> {
        if also.is_empty() {
            *also = self.used;
        } else {
            for (a, u) in also.iter_mut().zip(self.used) {
                *a |= u;
            }
        }
        self.list
    }
}

/// The plans of a table that the data had (`used`), with their codes.
pub(super) fn used_plans<'a>(table: &'a PlanTable, used: &[bool]) -> Vec<(HsCode, &'a Plan)> {
    table
        .codes
        .iter()
        .zip(&table.plans)
        .zip(used)
        .filter_map(|((c, p), u)| match (u, p) {
            (true, Ok(p)) => Some((*c, p)),
            _ => None,
        })
        .collect()
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
