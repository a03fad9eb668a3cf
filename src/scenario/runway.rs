//! Stage 3: how long stockpiles last.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rust_decimal::Decimal;

use crate::classify::selector::ProductSelector;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::money::Money;
use crate::scenario::bounds::{Bounds, Case};
use crate::scenario::direct::{DirectEffect, DirectRow};
use crate::scenario::substitution::Substitution;

/// An inventory held against a group of products.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Inventory {
    /// A name for the group ("rare earths").
    pub name: String,
    /// The products it covers.
    pub products: ProductSelector,
    /// How much is held.
    pub stock: Stock,
}

impl Inventory {
    /// An inventory of `stock` held against `products`, named `name`.
    #[must_use]
    pub fn new(name: impl Into<String>, products: ProductSelector, stock: Stock) -> Inventory {
        Inventory {
            name: name.into(),
            products,
            stock,
        }
    }
}

/// The size of an inventory.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Stock {
    /// Months of the group's baseline imports.
    Months(
        #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))] Decimal,
    ),
    /// A value, in the data's currency.
    Value(Money),
}

/// How long an inventory lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Runway {
    /// This many months until the shortfall exhausts it.
    Months(
        #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))] Decimal,
    ),
    /// No shortfall: it is never drawn down.
    Unlimited,
}

impl fmt::Display for Runway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Runway::Months(m) => write!(f, "{} months", m.round_dp(1).normalize()),
            Runway::Unlimited => f.write_str("unlimited"),
        }
    }
}

/// One importer's inventory of one group, and its runway in the best
/// and the worst case ([`Case`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RunwayRowData"))]
pub struct RunwayRow {
    importer: Economy,
    group: String,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    monthly_imports: Decimal,
    monthly_shortfall: Bounds,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    stock: Decimal,
    runway_best: Runway,
    runway_worst: Runway,
}

/// The serde form of [`RunwayRow`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct RunwayRowData {
    importer: Economy,
    group: String,
    #[serde(with = "crate::model::serde_decimal::exact")]
    monthly_imports: Decimal,
    monthly_shortfall: Bounds,
    #[serde(with = "crate::model::serde_decimal::exact")]
    stock: Decimal,
    runway_best: Runway,
    runway_worst: Runway,
}

#[cfg(feature = "serde")]
impl TryFrom<RunwayRowData> for RunwayRow {
    type Error = Error;

    /// Values are not negative, and the worst case's runway is no longer
    /// than the best case's.
    fn try_from(d: RunwayRowData) -> Result<RunwayRow> {
        let negative = d.monthly_imports < Decimal::ZERO
            || d.monthly_shortfall.lower() < Decimal::ZERO
            || d.stock < Decimal::ZERO
            || [d.runway_best, d.runway_worst]
                .iter()
                .any(|r| matches!(r, Runway::Months(m) if *m < Decimal::ZERO));
        if negative || d.runway_worst > d.runway_best {
            return Err(Error::new(ErrorKind::Scenario {
                reason: format!(
                    "the {} runway of {}: negative values, or a worst case that lasts longer \
                     than the best",
                    d.group, d.importer
                ),
            }));
        }
        Ok(RunwayRow {
            importer: d.importer,
            group: d.group,
            monthly_imports: d.monthly_imports,
            monthly_shortfall: d.monthly_shortfall,
            stock: d.stock,
            runway_best: d.runway_best,
            runway_worst: d.runway_worst,
        })
    }
}

impl RunwayRow {
    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The inventory's name.
    #[must_use]
    pub fn group(&self) -> &str {
        &self.group
    }

    /// The group's baseline imports per month.
    #[must_use]
    pub fn monthly_imports(&self) -> Decimal {
        self.monthly_imports
    }

    /// The group's shortfall per month (stage 2), in each case.
    #[must_use]
    pub fn monthly_shortfall(&self) -> Bounds {
        self.monthly_shortfall
    }

    /// The inventory's value.
    #[must_use]
    pub fn stock(&self) -> Decimal {
        self.stock
    }

    /// Months until the shortfall exhausts the inventory in `case`,
    /// `stock / monthly shortfall`: the longest runway in the best case,
    /// the shortest in the worst.
    #[must_use]
    pub fn runway(&self, case: Case) -> Runway {
        match case {
            Case::Best => self.runway_best,
            Case::Worst => self.runway_worst,
        }
    }
}

/// Stage 3: for each importer and inventory, the months until the
/// shortfall exhausts it, `stock / (shortfall / months of baseline)`, in
/// each case (the worst case's larger shortfall gives the shorter
/// runway); [`Runway::Unlimited`] where there is no shortfall. A stock
/// given in months of imports is valued at the group's baseline imports
/// per month.
///
/// # Errors
///
/// [`ErrorKind::Scenario`] for a negative stock or a value stock in
/// another currency than the data; [`ErrorKind::Overflow`] when a sum
/// does not fit.
pub fn runways(
    direct: &DirectEffect,
    substitution: &Substitution,
    inventories: &[Inventory],
) -> Result<Vec<RunwayRow>> {
    let months = Decimal::from(direct.months.max(1));
    // One pass over each stage: baseline imports and shortfall by
    // (importer, inventory).
    let mut sums: BTreeMap<(Economy, usize), [Decimal; 3]> = BTreeMap::new();
    for r in &direct.rows {
        for (k, inv) in inventories.iter().enumerate() {
            if inv.products.matches(r.product()) {
                add_to(
                    &mut sums.entry((r.importer(), k)).or_default()[0],
                    r.baseline(),
                )?;
            }
        }
    }
    for r in &substitution.rows {
        for (k, inv) in inventories.iter().enumerate() {
            if inv.products.matches(r.product()) {
                let e = sums.entry((r.importer(), k)).or_default();
                add_to(&mut e[1], r.shortfall().lower())?;
                add_to(&mut e[2], r.shortfall().upper())?;
            }
        }
    }
    let importers: BTreeSet<Economy> = direct.rows.iter().map(DirectRow::importer).collect();
    let mut out = Vec::new();
    for importer in importers {
        for (k, inv) in inventories.iter().enumerate() {
            let [imports, best, worst] = sums.get(&(importer, k)).copied().unwrap_or_default();
            // `months` is at least 1.
            let per_month = |v: Decimal| v.checked_div(months).unwrap_or(v);
            let monthly_imports = per_month(imports);
            let monthly_shortfall = Bounds::spanning(per_month(best), per_month(worst));
            let stock = stock_value(inv, monthly_imports, direct)?;
            out.push(RunwayRow {
                importer,
                group: inv.name.clone(),
                monthly_imports,
                monthly_shortfall,
                stock,
                runway_best: runway(stock, monthly_shortfall.lower())?,
                runway_worst: runway(stock, monthly_shortfall.upper())?,
            });
        }
    }
    Ok(out)
}

/// The value of an inventory: its stock, or months of imports valued at
/// the group's baseline imports per month.
fn stock_value(
    inv: &Inventory,
    monthly_imports: Decimal,
    direct: &DirectEffect,
) -> Result<Decimal> {
    let stock = match &inv.stock {
        Stock::Months(m) => monthly_imports
            .checked_mul(*m)
            .ok_or_else(|| Error::new(ErrorKind::Overflow { op: "stock" }))?,
        Stock::Value(v) => {
            if v.currency() != direct.currency {
                return Err(Error::new(ErrorKind::Scenario {
                    reason: format!(
                        "the {} inventory is in {}, the data in {}",
                        inv.name,
                        v.currency(),
                        direct.currency
                    ),
                }));
            }
            v.amount()
        }
    };
    if stock < Decimal::ZERO {
        return Err(Error::new(ErrorKind::Scenario {
            reason: format!("the {} inventory is negative", inv.name),
        }));
    }
    Ok(stock)
}

/// `stock / monthly_shortfall` months, unlimited without a shortfall.
fn runway(stock: Decimal, monthly_shortfall: Decimal) -> Result<Runway> {
    if monthly_shortfall.is_zero() {
        return Ok(Runway::Unlimited);
    }
    stock
        .checked_div(monthly_shortfall)
        .map(Runway::Months)
        .ok_or_else(|| Error::new(ErrorKind::Overflow { op: "runway" }))
}
