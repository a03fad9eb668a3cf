//! Converting trade data between editions: each flow's value moved to
//! its code's targets, split exactly where a code has several.
//!
//! The work is on stored rows: whole importers to each core, each
//! importer-exporter block of the input converted into a block of the
//! output already in storage order, the parts concatenated in order.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::concordance::groups::Group;
use crate::concordance::plan::{Plan, PlanTable, Plans, used_plans};
use crate::concordance::report::{EditionConversion, EditionReport, GroupUse, Unmatched};
use crate::concordance::table::{Concordance, concordance_error};
use crate::concordance::weights::Weights;
use crate::data::row::{Row, in_stored_order};
use crate::data::store::TradeData;
use crate::error::Result;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money, exact_add};
use crate::model::sum::Sum;

/// What every part of a conversion shares.
struct Ctx<'a> {
    weights: &'a Weights,
    table: &'a PlanTable,
    unmatched: Unmatched,
    groups: &'a [Group],
    group_of: &'a HashMap<HsCode, usize>,
}

/// One part's conversion: its rows out, sums and uses, merged after.
struct Part<'t> {
    rows: Vec<Row>,
    /// Whether `rows` came out in storage order (checked on the part's
    /// own core).
    in_order: bool,
    /// The value of all-products rows, kept as they are.
    unchanged: Decimal,
    quantities_dropped: usize,
    /// Per group, its use so far (its value moved and split are summed
    /// in `sums`, and set when the parts are merged).
    uses: Vec<Option<GroupUse>>,
    /// Per group, the value moved and the value split: exact sums, whole
    /// numbers in `i128`.
    sums: Vec<(Sum, Sum)>,
    skipped: HashMap<HsCode, Decimal>,
    plans: Plans<'t>,
}

/// The converted rows of one importer and exporter, merged by key when
/// the block ends: a block of the input (which is sorted by importer and
/// exporter) converts into a block of the output, in place at the end of
/// the part's rows.
#[derive(Default)]
struct Block {
    at: Option<(
        crate::model::economy::Economy,
        crate::model::economy::Economy,
    )>,
    /// Where the block starts in the part's rows.
    start: usize,
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
        let groups = self.groups();
        let group_of: HashMap<HsCode, usize> = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.sources().iter().map(move |a| (*a, i)))
            .collect();
        let table = PlanTable::new(self, weights, &group_of);
        let ctx = Ctx {
            weights,
            table: &table,
            unmatched,
            groups: &groups,
            group_of: &group_of,
        };
        // Whole importers to each core, converted apart, merged in order.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let ranges = data.importer_ranges(threads);
        let results: Vec<Result<Part<'_>>> = if ranges.len() < 2 {
            vec![self.convert_part(data.rows_in(0..data.len()), &ctx)]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = ranges
                    .iter()
                    .map(|r| {
                        let ctx = &ctx;
                        scope.spawn(move || self.convert_part(data.rows_in(r.clone()), ctx))
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
        let parts = results.into_iter().collect::<Result<Vec<Part<'_>>>>()?;
        // Each part checked its own order; where the parts meet is
        // checked here.
        let ends: Vec<Row> = parts
            .iter()
            .filter_map(|p| Some([*p.rows.first()?, *p.rows.last()?]))
            .flatten()
            .collect();
        let in_order = parts.iter().all(|p| p.in_order) && in_stored_order(&ends);
        let (rows, mut report, (had, coarse), uses, skipped) =
            self.merge(parts, weights, currency)?;
        // The plans the data had: its subheadings', its coarser codes'.
        let mut plans: Vec<(HsCode, &Plan)> = used_plans(&table, &had);
        plans.extend(coarse.iter().map(|(c, p)| (*c, p)));
        plans.sort_unstable_by_key(|(c, _)| *c);
        plans.dedup_by_key(|(c, _)| *c);
        finish(&mut report, &plans, uses, skipped, currency)?;
        let data = if in_order {
            TradeData::from_stored_rows(currency, rows)?
        } else {
            TradeData::from_rows(currency, rows)?
        };
        Ok(EditionConversion { data, report })
    }

    /// The parts' rows concatenated in order, their sums, plans and uses
    /// merged.
    #[expect(
        clippy::type_complexity,
        reason = "the merged pieces, each consumed once by the caller"
    )]
    fn merge(
        &self,
        parts: Vec<Part<'_>>,
        weights: &Weights,
        currency: Currency,
    ) -> Result<(
        Vec<Row>,
        EditionReport,
        (Vec<bool>, Vec<(HsCode, Plan)>),
        Vec<Option<GroupUse>>,
        HashMap<HsCode, Decimal>,
    )> {
        let mut report = EditionReport {
            from: self.from_edition(),
            to: self.to_edition(),
            weights: weights.to_string(),
            groups: Vec::new(),
            // Set from the groups' sums by `finish`.
            moved: Money::zero(currency),
            split: Money::zero(currency),
            unchanged: Money::zero(currency),
            skipped: Vec::new(),
            fallback: Vec::new(),
            quantities_dropped: 0,
        };
        let n = parts
            .iter()
            .map(|p| p.rows.len())
            .fold(0usize, usize::saturating_add);
        let mut rows: Vec<Row> = Vec::new();
        let mut uses: Vec<Option<GroupUse>> = Vec::new();
        let mut sums: Vec<(Sum, Sum)> = Vec::new();
        let mut skipped: HashMap<HsCode, Decimal> = HashMap::new();
        let mut coarse: Vec<(HsCode, Plan)> = Vec::new();
        let mut had: Vec<bool> = Vec::new();
        let mut unchanged = Decimal::ZERO;
        for mut part in parts {
            if rows.is_empty() {
                // The first part's rows are the start: no copy.
                rows = std::mem::take(&mut part.rows);
                rows.reserve(n.saturating_sub(rows.len()));
            } else {
                rows.append(&mut part.rows);
            }
            unchanged = exact_add(unchanged, part.unchanged, "sum converted values")?;
            report.quantities_dropped = report
                .quantities_dropped
                .saturating_add(part.quantities_dropped);
            if uses.is_empty() {
                uses = part.uses;
                sums = part.sums;
            } else {
                for (slot, u) in uses.iter_mut().zip(part.uses) {
                    if slot.is_none() {
                        *slot = u;
                    }
                }
                for (mine, theirs) in sums.iter_mut().zip(part.sums) {
                    mine.0.merge(theirs.0)?;
                    mine.1.merge(theirs.1)?;
                }
            }
            for (code, v) in part.skipped {
                let e = skipped.entry(code).or_insert(Decimal::ZERO);
                *e = exact_add(*e, v, "sum skipped values")?;
            }
            coarse.extend(part.plans.into_used(&mut had));
        }
        report.unchanged = Money::new(unchanged, currency);
        // Each group's sums, exact or an error.
        for (slot, (value, split)) in uses.iter_mut().zip(sums) {
            if let Some(u) = slot.as_mut() {
                u.value = value.value()?;
                u.split = split.value()?;
            }
        }
        Ok((rows, report, (had, coarse), uses, skipped))
    }

    /// Converts the rows of whole importers (a part of the data).
    fn convert_part<'t>(&self, rows: &[Row], ctx: &Ctx<'t>) -> Result<Part<'t>> {
        let mut part = Part {
            rows: Vec::with_capacity(rows.len()),
            in_order: false,
            unchanged: Decimal::ZERO,
            quantities_dropped: 0,
            uses: vec![None; ctx.groups.len()],
            sums: vec![(Sum::default(), Sum::default()); ctx.groups.len()],
            skipped: HashMap::new(),
            plans: Plans::new(ctx.table),
        };
        let mut block = Block::default();
        for row in rows {
            let pair = Some((row.importer, row.exporter));
            if block.at != pair {
                block.flush(&mut part.rows, &mut part.quantities_dropped)?;
                block.at = pair;
            }
            let product = row.product;
            if let Some(e) = product.edition()
                && e != self.from_edition()
            {
                return Err(concordance_error(format!(
                    "a flow of {product} is in {e}; this concordance converts from {}",
                    self.from_edition()
                )));
            }
            if product.level() == HsLevel::Total {
                part.unchanged = exact_add(part.unchanged, row.value, "sum converted values")?;
                part.rows.push(*row);
                continue;
            }
            let code = product.without_edition();
            let Some(plan) = part
                .plans
                .get(code, || self.plan(code, ctx.weights, ctx.group_of))?
            else {
                if ctx.unmatched == Unmatched::Error {
                    return Err(self.no_correspondence(code));
                }
                let e = part.skipped.entry(code).or_insert(Decimal::ZERO);
                *e = exact_add(*e, row.value, "sum skipped values")?;
                continue;
            };
            let slot = part
                .uses
                .get_mut(plan.group)
                .ok_or_else(|| concordance_error("a plan names no group"))?;
            let group = ctx
                .groups
                .get(plan.group)
                .ok_or_else(|| concordance_error("a plan names no group"))?;
            slot.get_or_insert_with(|| GroupUse::of(group));
            let sums = part
                .sums
                .get_mut(plan.group)
                .ok_or_else(|| concordance_error("a plan names no group"))?;
            self.move_row(row, plan, sums, &mut part.rows)?;
        }
        block.flush(&mut part.rows, &mut part.quantities_dropped)?;
        part.in_order = in_stored_order(&part.rows);
        Ok(part)
    }

    /// The error for a code with no correspondence.
    fn no_correspondence(&self, code: HsCode) -> crate::Error {
        concordance_error(format!(
            "{code} has no correspondence in the {} -> {} concordance{}",
            self.from_edition(),
            self.to_edition(),
            if code.level() == HsLevel::Subheading {
                ""
            } else {
                " (its subheadings go to more than one code: give HS6 data)"
            }
        ))
    }

    /// Moves one row by its plan into the block, adding its value to its
    /// group's sums (moved, split).
    fn move_row(
        &self,
        row: &Row,
        plan: &Plan,
        sums: &mut (Sum, Sum),
        out: &mut Vec<Row>,
    ) -> Result<()> {
        let value = row.value;
        sums.0.add(value)?;
        if let [target] = plan.targets.as_slice() {
            // One target: the flow moves as it is.
            out.push(Row {
                product: target.with_edition(self.to_edition()),
                ..*row
            });
            return Ok(());
        }
        sums.1.add(value)?;
        let parts = plan.split(value)?;
        let quantities = match row.unit {
            Some(_) => Some(plan.split(row.qty)?),
            None => None,
        };
        for (k, (target, amount)) in plan.targets.iter().zip(parts).enumerate() {
            let qty = quantities
                .as_ref()
                .and_then(|q| q.get(k).copied())
                .unwrap_or(Decimal::ZERO);
            // A part of no value and no quantity carries nothing: it is
            // not kept (totals are unchanged).
            if amount.is_zero() && qty.is_zero() {
                continue;
            }
            out.push(Row {
                product: target.with_edition(self.to_edition()),
                value: amount,
                qty,
                ..*row
            });
        }
        Ok(())
    }
}

/// The report's sums and lists: value moved and split (from the groups'
/// sums), weights of the split sources the data had, fallbacks, skipped
/// codes, groups by value.
fn finish(
    report: &mut EditionReport,
    plans: &[(HsCode, &Plan)],
    mut uses: Vec<Option<GroupUse>>,
    skipped: HashMap<HsCode, Decimal>,
    currency: Currency,
) -> Result<()> {
    let (mut moved, mut split) = (Decimal::ZERO, Decimal::ZERO);
    for u in uses.iter().flatten() {
        moved = exact_add(moved, u.value, "sum converted values")?;
        split = exact_add(split, u.split, "sum converted values")?;
    }
    report.moved = Money::new(moved, currency);
    report.split = Money::new(split, currency);
    // The weights of each split source the data had, normalised.
    let mut split_sources: Vec<(&HsCode, &Plan)> = plans
        .iter()
        .map(|(c, p)| (c, *p))
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
    let mut skipped: Vec<(HsCode, Money)> = skipped
        .into_iter()
        .map(|(c, v)| (c, Money::new(v, currency)))
        .collect();
    skipped.sort_unstable_by_key(|(c, _)| *c);
    report.skipped = skipped;
    let mut groups_used: Vec<GroupUse> = uses.into_iter().flatten().collect();
    groups_used.sort_by(|a, b| b.value.cmp(&a.value).then(a.sources.cmp(&b.sources)));
    report.groups = groups_used;
    Ok(())
}

impl Block {
    /// Puts the block's rows (those of `rows` from the block's start) in
    /// storage order, those of one key (product, period, direction,
    /// valuation, provenance) summed: their values, and their quantities
    /// where their units agree.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "positions within the rows, below their length"
    )]
    fn flush(&mut self, rows: &mut Vec<Row>, quantities_dropped: &mut usize) -> Result<()> {
        let same = |a: &Row, b: &Row| a.pair_key() == b.pair_key() && a.product == b.product;
        let start = self.start.min(rows.len());
        let block = rows.get_mut(start..).unwrap_or_default();
        // One importer and exporter: the pair's key orders the block as
        // the store does (its products are all of the target edition).
        if !block.is_sorted_by_key(Row::pair_key) {
            block.sort_by_key(Row::pair_key);
        }
        if block.windows(2).any(|w| matches!(w, [a, b] if same(a, b))) {
            // Runs of one key merged in place, written from the start.
            let (mut read, mut write) = (start, start);
            while let Some(first) = rows.get(read).copied() {
                let mut merged = first;
                let mut lost = false;
                read += 1;
                while let Some(r) = rows.get(read).copied().filter(|r| same(&merged, r)) {
                    merged.value = exact_add(merged.value, r.value, "sum converted values")?;
                    match (merged.unit, r.unit) {
                        (Some(a), Some(b)) if a == b => {
                            merged.qty = exact_add(merged.qty, r.qty, "sum converted quantities")?;
                        }
                        (None, None) => {}
                        _ => {
                            lost = true;
                            merged.unit = None;
                            merged.qty = Decimal::ZERO;
                        }
                    }
                    read += 1;
                }
                if lost {
                    // Once lost, a quantity stays lost for the whole run.
                    merged.unit = None;
                    merged.qty = Decimal::ZERO;
                    *quantities_dropped = quantities_dropped.saturating_add(1);
                }
                if let Some(slot) = rows.get_mut(write) {
                    *slot = merged;
                }
                write += 1;
            }
            rows.truncate(write);
        }
        self.start = rows.len();
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
