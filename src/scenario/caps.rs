//! Caps in stage 1: the excess over a cap of all the flows it reaches,
//! shared among them, in the best and the worst case.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::controls::{BlockedShare, Measure, RuleSet, Uncertainty};
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::money::{Currency, checked_sum, exact_add, overflow};
use crate::scenario::direct::{Pending, Sums};
use crate::scenario::direct_row::DirectRow;
use crate::scenario::settle;

/// A row a cap reaches.
#[derive(Debug, Clone)]
pub(super) struct CapMember {
    pub(super) row: usize,
    /// The cap reaches the row certainly (every end user, certain link,
    /// not coarse).
    pub(super) certain: bool,
    /// Another cap reaches it too.
    pub(super) another_cap: bool,
    /// What the row's other rules (not caps) block together.
    pub(super) others: BlockedShare,
    /// Why the cap's reach of the row is uncertain, if it is.
    pub(super) why: Vec<Uncertainty>,
}

/// What the caps need to know of the baseline.
pub(super) struct CapContext<'a> {
    pub(super) rows: &'a [DirectRow],
    pub(super) sums: &'a Sums,
    pub(super) months: u32,
    pub(super) currency: Currency,
}

/// What each cap may reach outside the baseline (the value, or the
/// quantity in the cap's unit, of the flows of the baseline's scope, all
/// importers and exporters, that it may bind and the baseline leaves
/// out): a cap counts all the trade it reaches, not only the importer
/// asked about.
pub(super) fn outside_caps(
    data: &TradeData,
    query: &Query,
    rules: &RuleSet,
    caps: &BTreeMap<String, Vec<CapMember>>,
    sums: &Sums,
    as_of: NaiveDate,
) -> Result<BTreeMap<String, Decimal>> {
    let capped: Vec<&crate::controls::Rule> = caps.keys().filter_map(|id| rules.get(id)).collect();
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    for f in data.select(&query.scope())? {
        if sums.contains_key(&(f.importer(), f.exporter(), f.product())) {
            continue;
        }
        for rule in &capped {
            if !rule.may_bind(f.exporter(), f.importer(), f.product(), as_of) {
                continue;
            }
            let size = match rule.measure() {
                Measure::QuantityCap { cap, .. } => match f.quantity() {
                    Some(q) if q.unit() == cap.unit() => q.amount(),
                    _ => {
                        return Err(no_quantity(
                            cap.unit(),
                            f.exporter(),
                            f.importer(),
                            f.product(),
                        ));
                    }
                },
                _ => f.value().amount(),
            };
            add_to(out.entry(rule.id().to_owned()).or_default(), size)?;
        }
    }
    Ok(out)
}

/// What a cap blocks of each row it reaches, added to the rows' pending
/// shares: the excess over the cap of all it reaches, pro rata. The worst
/// case counts every flow in full, those outside the baseline (`beyond`)
/// included (`c_hi = (T_hi - cap) / T_hi`); the best only what certainly
/// reaches the cap (`c_lo` from `T_lo`: the baseline's rows it certainly
/// reaches, less what other rules may block of them, none of a row
/// another cap reaches). On a row whose other rules block `[l, u]`, the
/// cap blocks `[(1 - u) c_lo, (1 - l) c_hi]` of it, nothing certain
/// where its reach is not.
pub(super) fn cap_shares(
    measure: &Measure,
    members: &[CapMember],
    beyond: Decimal,
    ctx: &CapContext<'_>,
    pending: &mut [Pending],
) -> Result<()> {
    let scale = |cap: Decimal, per: crate::Frequency| -> Result<Decimal> {
        cap.checked_mul(Decimal::from(ctx.months))
            .and_then(|c| c.checked_div(Decimal::from(per.months())))
            .ok_or_else(|| overflow("cap"))
    };
    let row = |m: &CapMember| {
        ctx.rows.get(m.row).ok_or_else(|| {
            Error::new(ErrorKind::Scenario {
                reason: "a row a cap reaches is missing".into(),
            })
        })
    };
    // The measure of each member row that the cap counts: its value, or
    // its quantity; one per member, in order.
    let (cap, sizes): (Decimal, Vec<Decimal>) = match measure {
        Measure::ValueCap { cap, per } => {
            if cap.currency() != ctx.currency {
                return Err(Error::new(ErrorKind::Scenario {
                    reason: format!(
                        "a value cap in {} on data in {}: convert one of them first",
                        cap.currency(),
                        ctx.currency
                    ),
                }));
            }
            let sizes = members
                .iter()
                .map(|m| row(m).map(|r| r.baseline))
                .collect::<Result<_>>()?;
            (scale(cap.amount(), *per)?, sizes)
        }
        Measure::QuantityCap { cap, per } => {
            let sizes = members
                .iter()
                .map(|m| member_quantity(row(m)?, ctx.sums, cap.unit()))
                .collect::<Result<_>>()?;
            (scale(cap.amount(), *per)?, sizes)
        }
        _ => return Ok(()),
    };
    let worst_total = exact_add(
        checked_sum(sizes.iter().copied(), "cap total")?,
        beyond,
        "cap total",
    )?;
    let mut best_total = Decimal::ZERO;
    for (m, size) in members.iter().zip(&sizes) {
        if m.certain && !m.another_cap {
            let remaining = Decimal::ONE.saturating_sub(m.others.upper());
            add_to(
                &mut best_total,
                settle(
                    size.checked_mul(remaining)
                        .ok_or_else(|| overflow("cap total"))?,
                    *size,
                ),
            )?;
        }
    }
    let excess = |total: Decimal| -> Result<Decimal> {
        if total <= cap || total.is_zero() {
            return Ok(Decimal::ZERO);
        }
        total
            .checked_sub(cap)
            .and_then(|e| e.checked_div(total))
            .ok_or_else(|| overflow("cap share"))
    };
    let (c_lo, c_hi) = (excess(best_total)?, excess(worst_total)?);
    for m in members {
        let Some(p) = pending.get_mut(m.row) else {
            continue;
        };
        // Both factors lie in [0, 1].
        let lower = if m.certain {
            Decimal::ONE
                .saturating_sub(m.others.upper())
                .saturating_mul(c_lo)
        } else {
            Decimal::ZERO
        };
        let upper = Decimal::ONE
            .saturating_sub(m.others.lower())
            .saturating_mul(c_hi);
        let share = BlockedShare::new(lower, upper);
        let why = if share.is_exact() {
            Vec::new()
        } else {
            let mut why: Vec<Uncertainty> = m
                .why
                .iter()
                .copied()
                .filter(|w| *w != Uncertainty::Cap)
                .collect();
            if m.certain {
                why.push(Uncertainty::Cap);
            }
            why
        };
        p.add(share, why);
    }
    Ok(())
}

/// The quantity of a row in `unit`, for a quantity cap.
fn member_quantity(r: &DirectRow, sums: &Sums, unit: crate::Unit) -> Result<Decimal> {
    sums.get(&(r.importer, r.exporter, r.product))
        .and_then(|s| match (s.1, s.2) {
            (Some(q), Some(u)) if u == unit => Some(q),
            _ => None,
        })
        .ok_or_else(|| no_quantity(unit, r.exporter, r.importer, r.product))
}

fn no_quantity(unit: crate::Unit, exporter: Economy, importer: Economy, product: HsCode) -> Error {
    Error::new(ErrorKind::Scenario {
        reason: format!(
            "a quantity cap in {unit} needs quantities in that unit; {exporter} to {importer} in \
             {product} has none"
        ),
    })
}
