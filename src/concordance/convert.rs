//! Converting trade data between editions: each flow's value moved to
//! its code's targets, split exactly where a code has several.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::concordance::groups::Group;
use crate::concordance::report::{EditionConversion, EditionReport, GroupUse, Unmatched};
use crate::concordance::split::{split_by_fractions, split_exact};
use crate::concordance::table::{Concordance, concordance_error};
use crate::concordance::weights::Weights;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::model::flow::TradeFlow;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::Money;
use crate::model::quantity::Quantity;

/// A source code's plan: its targets, their weights, its group.
struct Plan {
    targets: Vec<HsCode>,
    weights: Vec<Decimal>,
    /// The weights over their sum; `None` for equal weights (split in
    /// integers).
    fractions: Option<Vec<Decimal>>,
    /// The weights as integers, where they fit: exact splits without
    /// decimal division.
    integers: Option<crate::concordance::split::IntWeights>,
    group: usize,
    fallback: bool,
}

/// The plans made so far: subheadings looked up by their six digits in a
/// table (a flow a lookup, no hashing), coarser codes in a map.
#[derive(Default)]
struct Plans {
    /// Per subheading's digits: 0 not planned, 1 no correspondence, `i +
    /// 2` the plan `list[i]`.
    slots: Vec<u32>,
    coarse: HashMap<HsCode, u32>,
    list: Vec<(HsCode, Plan)>,
}

impl Plans {
    fn get(
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

/// What every part of a conversion shares.
struct Ctx<'a> {
    weights: &'a Weights,
    unmatched: Unmatched,
    groups: &'a [Group],
    group_of: &'a HashMap<HsCode, usize>,
    zero: Money,
}

/// One part's conversion: its flows out, sums and uses, merged after.
struct Part {
    rows: crate::data::store::TradeDataBuilder,
    moved: Money,
    split: Money,
    unchanged: Money,
    quantities_dropped: usize,
    uses: Vec<Option<GroupUse>>,
    skipped: HashMap<HsCode, Money>,
    plans: Plans,
}

/// The converted flows of one importer and exporter, merged by key
/// before they go out: a block of the input (which is sorted by importer
/// and exporter) converts into a block of the output.
struct Block {
    at: Option<(
        crate::model::economy::Economy,
        crate::model::economy::Economy,
    )>,
    parts: Vec<TradeFlow>,
}

impl Concordance {
    /// Converts trade data from this concordance's `from` edition to its
    /// `to` edition.
    ///
    /// Each flow at HS6 moves to its code's targets: whole where the code
    /// has one target (one-to-one, many-to-one), split by `weights` where
    /// it has several (one-to-many, many-to-many), each part exact to the
    /// value's last unit and the parts adding up to the flow's value
    /// (largest-remainder rounding); a quantity is split by the same
    /// weights. Flows that land on the same target (same importer,
    /// exporter, direction, period, valuation and provenance) are summed;
    /// their quantities too, where their units agree (otherwise the
    /// quantity is dropped and counted). A chapter or heading moves whole
    /// when all its subheadings' targets lie in one chapter or heading of
    /// the target edition; otherwise it cannot be converted without HS6
    /// detail and counts as unmatched. All-products flows
    /// ([`HsCode::TOTAL`]) are kept as they are.
    ///
    /// Codes are tagged with the target edition. The data's codes must be
    /// of the `from` edition or carry none (they are then read as `from`
    /// codes).
    ///
    /// Totals are conserved exactly: the converted data's total equals
    /// the input's less what [`Unmatched::Skip`] left out, which the
    /// report lists.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`](crate::ErrorKind::Correlation) for a
    /// code of another edition, an unmatched code under
    /// [`Unmatched::Error`], or weights that cannot split a code;
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a sum
    /// overflows.
    pub fn convert(
        &self,
        data: &TradeData,
        weights: &Weights,
        unmatched: Unmatched,
    ) -> Result<EditionConversion> {
        if let Some(e) = weights.reference_edition()
            && e != self.to_edition()
        {
            return Err(concordance_error(format!(
                "the trade weights come from {e} codes; the conversion is to {}",
                self.to_edition()
            )));
        }
        let currency = data.currency();
        let zero = Money::zero(currency);
        let groups = self.groups();
        let group_of: HashMap<HsCode, usize> = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.sources().iter().map(move |a| (*a, i)))
            .collect();
        let ctx = Ctx {
            weights,
            unmatched,
            groups: &groups,
            group_of: &group_of,
            zero,
        };
        // Whole importers to each core, converted apart, merged in order.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let ranges = data.importer_ranges(threads);
        let results: Vec<Result<Part>> = if ranges.len() < 2 {
            vec![self.convert_part(data.iter(), &ctx)]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = ranges
                    .iter()
                    .map(|r| {
                        let ctx = &ctx;
                        scope.spawn(move || self.convert_part(data.iter_rows(r.clone()), ctx))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(concordance_error("a conversion thread failed"))
                        })
                    })
                    .collect()
            })
        };
        let mut report = EditionReport {
            from: self.from_edition(),
            to: self.to_edition(),
            weights: weights.to_string(),
            groups: Vec::new(),
            moved: zero,
            split: zero,
            unchanged: zero,
            skipped: Vec::new(),
            fallback: Vec::new(),
            quantities_dropped: 0,
        };
        let mut out = crate::data::store::TradeDataBuilder::with_currency(currency);
        let mut uses: Vec<Option<GroupUse>> = vec![None; groups.len()];
        let mut skipped: HashMap<HsCode, Money> = HashMap::new();
        let mut plans: Vec<(HsCode, Plan)> = Vec::new();
        for part in results {
            let part = part?;
            report.moved = report.moved.checked_add(&part.moved)?;
            report.split = report.split.checked_add(&part.split)?;
            report.unchanged = report.unchanged.checked_add(&part.unchanged)?;
            report.quantities_dropped = report
                .quantities_dropped
                .saturating_add(part.quantities_dropped);
            out.append(part.rows);
            for (slot, u) in uses.iter_mut().zip(part.uses) {
                match (slot.as_mut(), u) {
                    (_, None) => {}
                    (None, Some(u)) => *slot = Some(u),
                    (Some(s), Some(u)) => {
                        s.value = s.value.checked_add(u.value).unwrap_or(s.value);
                        s.split = s.split.checked_add(u.split).unwrap_or(s.split);
                    }
                }
            }
            for (code, v) in part.skipped {
                let e = skipped.entry(code).or_insert(zero);
                *e = e.checked_add(&v)?;
            }
            plans.extend(part.plans.list);
        }
        plans.sort_unstable_by_key(|(c, _)| *c);
        plans.dedup_by_key(|(c, _)| *c);
        finish(&mut report, &plans, uses, skipped);
        Ok(EditionConversion {
            data: out.build(),
            report,
        })
    }

    /// Converts the flows of whole importers (a part of the data).
    fn convert_part(&self, flows: impl Iterator<Item = TradeFlow>, ctx: &Ctx<'_>) -> Result<Part> {
        let zero = ctx.zero;
        let mut part = Part {
            rows: crate::data::store::TradeDataBuilder::new(),
            moved: zero,
            split: zero,
            unchanged: zero,
            quantities_dropped: 0,
            uses: vec![None; ctx.groups.len()],
            skipped: HashMap::new(),
            plans: Plans::default(),
        };
        let mut block = Block {
            at: None,
            parts: Vec::new(),
        };
        for flow in flows {
            let pair = Some((flow.importer(), flow.exporter()));
            if block.at != pair {
                block.flush(&mut part.rows, &mut part.quantities_dropped)?;
                block.at = pair;
            }
            let product = flow.product();
            if let Some(e) = product.edition()
                && e != self.from_edition()
            {
                return Err(concordance_error(format!(
                    "a flow of {product} is in {e}; this concordance converts from {}",
                    self.from_edition()
                )));
            }
            if product.level() == HsLevel::Total {
                part.unchanged = part.unchanged.checked_add(&flow.value())?;
                block.parts.push(flow);
                continue;
            }
            let code = product.without_edition();
            let Some(plan) = part
                .plans
                .get(code, || self.plan(code, ctx.weights, ctx.group_of))?
            else {
                if ctx.unmatched == Unmatched::Error {
                    return Err(concordance_error(format!(
                        "{code} has no correspondence in the {} -> {} concordance{}",
                        self.from_edition(),
                        self.to_edition(),
                        if code.level() == HsLevel::Subheading {
                            ""
                        } else {
                            " (its subheadings go to more than one code: give HS6 data)"
                        }
                    )));
                }
                let e = part.skipped.entry(code).or_insert(zero);
                *e = e.checked_add(&flow.value())?;
                continue;
            };
            let mut totals = (part.moved, part.split);
            self.move_flow(
                &flow,
                plan,
                ctx.groups,
                &mut part.uses,
                &mut block.parts,
                &mut totals,
            )?;
            (part.moved, part.split) = totals;
        }
        block.flush(&mut part.rows, &mut part.quantities_dropped)?;
        Ok(part)
    }
    /// The plan of a source code, `None` when it has no correspondence.
    fn plan(
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
        let integers = fractions
            .as_ref()
            .and_then(|_| crate::concordance::split::IntWeights::new(&w.weights));
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

    /// Moves one flow by its plan into the merged output, noting its
    /// group's use.
    fn move_flow(
        &self,
        flow: &TradeFlow,
        plan: &Plan,
        groups: &[Group],
        uses: &mut [Option<GroupUse>],
        parts_out: &mut Vec<TradeFlow>,
        totals: &mut (Money, Money),
    ) -> Result<()> {
        let value = flow.value();
        let is_split = plan.targets.len() > 1;
        if let ([target], false) = (plan.targets.as_slice(), is_split) {
            // One target: the flow moves as it is.
            totals.0 = totals.0.checked_add(&value)?;
            if let (Some(slot), Some(g)) = (uses.get_mut(plan.group), groups.get(plan.group)) {
                let u = slot.get_or_insert_with(|| GroupUse::of(g));
                u.value = u.value.checked_add(value.amount()).unwrap_or(u.value);
            }
            parts_out.push(flow.with_product(target.with_edition(self.to_edition())));
            return Ok(());
        }
        let split = |t: Decimal| {
            if let Some(parts) = plan.integers.as_ref().and_then(|i| i.split(t)) {
                return Ok(parts);
            }
            match &plan.fractions {
                Some(f) => split_by_fractions(t, f),
                None => split_exact(t, &plan.weights),
            }
        };
        let parts = split(value.amount())?;
        let quantities = match flow.quantity() {
            Some(q) => Some((split(q.amount())?, q.unit())),
            None => None,
        };
        totals.0 = totals.0.checked_add(&value)?;
        if is_split {
            totals.1 = totals.1.checked_add(&value)?;
        }
        if let (Some(slot), Some(g)) = (uses.get_mut(plan.group), groups.get(plan.group)) {
            let u = slot.get_or_insert_with(|| GroupUse::of(g));
            u.value = u.value.checked_add(value.amount()).unwrap_or(u.value);
            if is_split {
                u.split = u.split.checked_add(value.amount()).unwrap_or(u.split);
            }
        }
        for (k, (target, amount)) in plan.targets.iter().zip(parts).enumerate() {
            let quantity = match &quantities {
                Some((qs, unit)) => qs.get(k).map(|a| Quantity::new(*a, *unit)).transpose()?,
                None => None,
            };
            // A part of no value and no quantity carries nothing: it is
            // not kept (totals are unchanged).
            if amount.is_zero() && quantity.is_none_or(|q| q.amount().is_zero()) {
                continue;
            }
            let moved = flow
                .with_product(target.with_edition(self.to_edition()))
                .with_value(Money::new(amount, value.currency()))
                .with_quantity(quantity);
            parts_out.push(moved);
        }
        Ok(())
    }
}

/// The report's lists: weights of the split sources the data had,
/// fallbacks, skipped codes, groups by value.
fn finish(
    report: &mut EditionReport,
    plans: &[(HsCode, Plan)],
    mut uses: Vec<Option<GroupUse>>,
    skipped: HashMap<HsCode, Money>,
) {
    // The weights of each split source the data had, normalised.
    let mut split_sources: Vec<(&HsCode, &Plan)> = plans
        .iter()
        .map(|(c, p)| (c, p))
        .filter(|(c, p)| p.targets.len() > 1 && c.level() == HsLevel::Subheading)
        .collect();
    split_sources.sort_unstable_by_key(|(c, _)| **c);
    for (source, plan) in split_sources {
        if let Some(Some(u)) = uses.get_mut(plan.group) {
            let total = plan
                .weights
                .iter()
                .try_fold(Decimal::ZERO, |s, w| s.checked_add(*w))
                .unwrap_or(Decimal::ONE);
            for (b, w) in plan.targets.iter().zip(&plan.weights) {
                let share = w.checked_div(total).unwrap_or(Decimal::ZERO);
                u.weights.push((*source, *b, share));
            }
        }
    }
    let mut fallback: Vec<HsCode> = plans
        .iter()
        .filter(|(_, p)| p.fallback)
        .map(|(c, _)| *c)
        .collect();
    fallback.sort_unstable();
    report.fallback = fallback;
    let mut skipped: Vec<(HsCode, Money)> = skipped.into_iter().collect();
    skipped.sort_unstable_by_key(|(c, _)| *c);
    report.skipped = skipped;
    let mut groups_used: Vec<GroupUse> = uses.into_iter().flatten().collect();
    groups_used.sort_by(|a, b| b.value.cmp(&a.value).then(a.sources.cmp(&b.sources)));
    report.groups = groups_used;
}

impl Block {
    /// Sends the block's flows out, those of one key (product, period,
    /// direction, reporter, valuation, provenance) summed: their values,
    /// and their quantities where their units agree.
    fn flush(
        &mut self,
        out: &mut crate::data::store::TradeDataBuilder,
        quantities_dropped: &mut usize,
    ) -> Result<()> {
        self.parts.sort_by_key(|f| (f.product(), f.period()));
        for run in self
            .parts
            .chunk_by(|a, b| (a.product(), a.period()) == (b.product(), b.period()))
        {
            if let [one] = run {
                out.push(one)?;
                continue;
            }
            let mut merged: Vec<(TradeFlow, Money, Option<Quantity>, bool)> = Vec::new();
            for f in run {
                let key = f
                    .with_value(Money::zero(f.value().currency()))
                    .with_quantity(None);
                match merged.iter_mut().find(|(k, ..)| *k == key) {
                    None => merged.push((key, f.value(), f.quantity(), false)),
                    Some((_, v, q, lost)) => {
                        *v = v.checked_add(&f.value())?;
                        *q = match (q.as_ref(), f.quantity()) {
                            (Some(a), Some(b)) if a.unit() == b.unit() => Some(a.checked_add(&b)?),
                            (None, None) => None,
                            _ => {
                                *lost = true;
                                None
                            }
                        };
                    }
                }
            }
            for (key, value, quantity, lost) in merged {
                if lost {
                    *quantities_dropped = quantities_dropped.saturating_add(1);
                }
                out.push(&key.with_value(value).with_quantity(quantity))?;
            }
        }
        self.parts.clear();
        Ok(())
    }
}

impl GroupUse {
    /// A group's use before any flow.
    fn of(g: &Group) -> GroupUse {
        GroupUse {
            kind: g.kind(),
            sources: g.sources().to_vec(),
            targets: g.targets().to_vec(),
            value: Decimal::ZERO,
            split: Decimal::ZERO,
            weights: Vec::new(),
        }
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
