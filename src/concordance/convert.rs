//! Converting trade data between editions: each flow's value moved to
//! its code's targets, split exactly where a code has several.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::concordance::groups::Group;
use crate::concordance::report::{EditionConversion, EditionReport, GroupUse, Unmatched};
use crate::concordance::split::split_exact;
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
    group: usize,
    fallback: bool,
}

/// The converted flows, merged by key (the flow with no value or
/// quantity), with whether a quantity was lost to mixed units.
type Merged = HashMap<TradeFlow, (Money, Option<Quantity>, bool)>;

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
        let mut uses: Vec<Option<GroupUse>> = vec![None; groups.len()];
        let group_of: HashMap<HsCode, usize> = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.sources().iter().map(move |a| (*a, i)))
            .collect();
        let mut plans: HashMap<HsCode, Option<Plan>> = HashMap::new();
        let mut merged: Merged = HashMap::with_capacity(data.len());
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
        let mut skipped: HashMap<HsCode, Money> = HashMap::new();
        for flow in data.iter() {
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
                report.unchanged = report.unchanged.checked_add(&flow.value())?;
                add(&mut merged, flow)?;
                continue;
            }
            let code = product.without_edition();
            if let std::collections::hash_map::Entry::Vacant(slot) = plans.entry(code) {
                slot.insert(self.plan(code, weights, &group_of)?);
            }
            let Some(plan) = plans.get(&code).and_then(Option::as_ref) else {
                if unmatched == Unmatched::Error {
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
                let e = skipped.entry(code).or_insert(zero);
                *e = e.checked_add(&flow.value())?;
                continue;
            };
            self.move_flow(&flow, plan, &groups, &mut uses, &mut merged, &mut report)?;
        }
        let mut fallback: Vec<HsCode> = plans
            .iter()
            .filter_map(|(c, p)| p.as_ref().filter(|p| p.fallback).map(|_| *c))
            .collect();
        fallback.sort_unstable();
        report.fallback = fallback;
        let mut skipped: Vec<(HsCode, Money)> = skipped.into_iter().collect();
        skipped.sort_unstable_by_key(|(c, _)| *c);
        report.skipped = skipped;
        let mut groups_used: Vec<GroupUse> = uses.into_iter().flatten().collect();
        groups_used.sort_by(|a, b| b.value.cmp(&a.value).then(a.sources.cmp(&b.sources)));
        report.groups = groups_used;
        let mut out = crate::data::store::TradeDataBuilder::with_currency(currency);
        out.reserve(merged.len());
        for (key, (value, quantity, lost)) in merged {
            if lost {
                report.quantities_dropped = report.quantities_dropped.saturating_add(1);
            }
            out.push(&key.with_value(value).with_quantity(quantity))?;
        }
        Ok(EditionConversion {
            data: out.build(),
            report,
        })
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
        Ok(Some(Plan {
            targets: links.iter().map(|(_, b)| *b).collect(),
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
        merged: &mut Merged,
        report: &mut EditionReport,
    ) -> Result<()> {
        let value = flow.value();
        let parts = split_exact(value.amount(), &plan.weights)?;
        let quantities = match flow.quantity() {
            Some(q) => Some((split_exact(q.amount(), &plan.weights)?, q.unit())),
            None => None,
        };
        let is_split = plan.targets.len() > 1;
        report.moved = report.moved.checked_add(&value)?;
        if is_split {
            report.split = report.split.checked_add(&value)?;
        }
        if let (Some(slot), Some(g)) = (uses.get_mut(plan.group), groups.get(plan.group)) {
            let u = slot.get_or_insert_with(|| GroupUse {
                kind: g.kind(),
                sources: g.sources().to_vec(),
                targets: g.targets().to_vec(),
                value: Decimal::ZERO,
                split: Decimal::ZERO,
                weights: Vec::new(),
            });
            u.value = u.value.checked_add(value.amount()).unwrap_or(u.value);
            if is_split {
                u.split = u.split.checked_add(value.amount()).unwrap_or(u.split);
                let source = flow.product().without_edition();
                if !u.weights.iter().any(|(a, _, _)| *a == source) {
                    let total = plan
                        .weights
                        .iter()
                        .try_fold(Decimal::ZERO, |s, w| s.checked_add(*w))
                        .unwrap_or(Decimal::ONE);
                    for (b, w) in plan.targets.iter().zip(&plan.weights) {
                        let share = w.checked_div(total).unwrap_or(Decimal::ZERO);
                        u.weights.push((source, *b, share));
                    }
                }
            }
        }
        for (k, (target, amount)) in plan.targets.iter().zip(parts).enumerate() {
            let quantity = match &quantities {
                Some((qs, unit)) => qs.get(k).map(|a| Quantity::new(*a, *unit)).transpose()?,
                None => None,
            };
            let moved = flow
                .with_product(target.with_edition(self.to_edition()))
                .with_value(Money::new(amount, value.currency()))
                .with_quantity(quantity);
            add(merged, moved)?;
        }
        Ok(())
    }
}

/// Adds a flow into the merged output.
fn add(merged: &mut Merged, flow: TradeFlow) -> Result<()> {
    let value = flow.value();
    let quantity = flow.quantity();
    let key = flow
        .with_value(Money::zero(value.currency()))
        .with_quantity(None);
    match merged.get_mut(&key) {
        None => {
            merged.insert(key, (value, quantity, false));
        }
        Some((v, q, lost)) => {
            *v = v.checked_add(&value)?;
            *q = match (q.as_ref(), quantity) {
                (Some(a), Some(b)) if a.unit() == b.unit() => Some(a.checked_add(&b)?),
                (None, None) => None,
                _ => {
                    *lost = true;
                    None
                }
            };
        }
    }
    Ok(())
}
