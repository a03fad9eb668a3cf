//! Stage 3: how long stockpiles last.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rust_decimal::Decimal;

use crate::classify::selector::ProductSelector;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::model::economy::Economy;
use crate::model::money::Money;
use crate::scenario::direct::DirectEffect;
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

/// One importer's inventory of one group, and its runway.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RunwayRow {
    /// The importer.
    pub importer: Economy,
    /// The inventory's name.
    pub group: String,
    /// The group's baseline imports per month.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub monthly_imports: Decimal,
    /// The group's shortfall per month (stage 2).
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub monthly_shortfall: Decimal,
    /// The inventory's value.
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub stock: Decimal,
    /// Months until the shortfall exhausts it: `stock /
    /// monthly_shortfall`.
    pub runway: Runway,
}

/// Stage 3: for each importer and inventory, the months until the
/// shortfall exhausts it, `stock / (shortfall / months of baseline)`;
/// [`Runway::Unlimited`] where there is no shortfall. A stock given in
/// months of imports is valued at the group's baseline imports per month.
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
    let mut sums: BTreeMap<(Economy, usize), (Decimal, Decimal)> = BTreeMap::new();
    for r in &direct.rows {
        for (k, inv) in inventories.iter().enumerate() {
            if inv.products.matches(r.product) {
                add_to(&mut sums.entry((r.importer, k)).or_default().0, r.baseline)?;
            }
        }
    }
    for r in &substitution.rows {
        for (k, inv) in inventories.iter().enumerate() {
            if inv.products.matches(r.product) {
                add_to(&mut sums.entry((r.importer, k)).or_default().1, r.shortfall)?;
            }
        }
    }
    let importers: BTreeSet<Economy> = direct.rows.iter().map(|r| r.importer).collect();
    let mut out = Vec::new();
    for importer in importers {
        for (k, inv) in inventories.iter().enumerate() {
            let (imports, shortfall) = sums.get(&(importer, k)).copied().unwrap_or_default();
            // `months` is at least 1.
            let monthly_imports = imports.checked_div(months).unwrap_or(imports);
            let monthly_shortfall = shortfall.checked_div(months).unwrap_or(shortfall);
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
            let runway = if monthly_shortfall.is_zero() {
                Runway::Unlimited
            } else {
                Runway::Months(
                    stock
                        .checked_div(monthly_shortfall)
                        .ok_or_else(|| Error::new(ErrorKind::Overflow { op: "runway" }))?,
                )
            };
            out.push(RunwayRow {
                importer,
                group: inv.name.clone(),
                monthly_imports,
                monthly_shortfall,
                stock,
                runway,
            });
        }
    }
    Ok(out)
}
