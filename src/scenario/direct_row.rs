//! One row of stage 1: a flow of the baseline and what the measures
//! block of it.

use rust_decimal::Decimal;

#[cfg(doc)]
use crate::controls::RuleSet;
use crate::controls::Uncertainty;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::scenario::bounds::{Bounds, Case};

/// One (importer, exporter, product) of the baseline and what the
/// measures do to it: the value blocked as [`Bounds`] (best and worst
/// case, see [`Case`](crate::scenario::Case)), every binding rule, and
/// why the bounds differ.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "DirectRowData"))]
pub struct DirectRow {
    pub(super) importer: Economy,
    pub(super) exporter: Economy,
    pub(super) product: HsCode,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    pub(super) baseline: Decimal,
    pub(super) blocked: Bounds,
    pub(super) rules: Vec<String>,
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) uncertainty: Vec<Uncertainty>,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    pub(super) tax_rate: Option<Decimal>,
}

/// The serde form of [`DirectRow`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct DirectRowData {
    importer: Economy,
    exporter: Economy,
    product: HsCode,
    #[serde(with = "crate::model::serde_decimal::exact")]
    baseline: Decimal,
    blocked: Bounds,
    rules: Vec<String>,
    #[serde(default)]
    uncertainty: Vec<Uncertainty>,
    #[serde(with = "crate::model::serde_decimal::exact_option")]
    tax_rate: Option<Decimal>,
}

#[cfg(feature = "serde")]
impl TryFrom<DirectRowData> for DirectRow {
    type Error = Error;

    fn try_from(d: DirectRowData) -> Result<DirectRow> {
        let row = DirectRow {
            importer: d.importer,
            exporter: d.exporter,
            product: d.product,
            baseline: d.baseline,
            blocked: d.blocked,
            rules: d.rules,
            uncertainty: d.uncertainty,
            tax_rate: d.tax_rate,
        };
        row.check()?;
        Ok(row)
    }
}

impl DirectRow {
    /// Checks a row: `0 <= lower <= upper <= baseline`; blocked value
    /// only where a rule binds; a reason for every gap between the
    /// bounds, each reason once, in order; no negative tax rate.
    pub(super) fn check(&self) -> Result<()> {
        let bad = |why: &str| {
            Err(Error::new(ErrorKind::Scenario {
                reason: format!(
                    "{} -> {} {}: {why}",
                    self.exporter, self.importer, self.product
                ),
            }))
        };
        if self.baseline < Decimal::ZERO
            || self.blocked.lower() < Decimal::ZERO
            || self.blocked.upper() > self.baseline
        {
            return bad(&format!(
                "blocked {} is not between 0 and the baseline {}",
                self.blocked, self.baseline
            ));
        }
        if self.rules.is_empty() && !self.blocked.upper().is_zero() {
            return bad("value is blocked but no rule binds");
        }
        if !self.blocked.is_exact() && self.uncertainty.is_empty() {
            return bad("the blocked bounds differ and no reason is given");
        }
        if self.uncertainty.windows(2).any(|w| match w {
            [a, b] => a >= b,
            _ => false,
        }) {
            return bad("the reasons are not each once, in order");
        }
        if self.tax_rate.is_some_and(|t| t < Decimal::ZERO) {
            return bad("the tax rate is negative");
        }
        Ok(())
    }

    /// The importer.
    #[must_use]
    pub fn importer(&self) -> Economy {
        self.importer
    }

    /// The exporter.
    #[must_use]
    pub fn exporter(&self) -> Economy {
        self.exporter
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// The baseline value.
    #[must_use]
    pub fn baseline(&self) -> Decimal {
        self.baseline
    }

    /// The value blocked: what certainly binds, what may.
    #[must_use]
    pub fn blocked(&self) -> Bounds {
        self.blocked
    }

    /// The value retained in `case`, `baseline - blocked` (the most in
    /// the best case).
    #[must_use]
    pub fn retained(&self, case: Case) -> Decimal {
        // `blocked` lies within [0, baseline] (checked when made and read).
        self.baseline.saturating_sub(self.blocked.at(case))
    }

    /// Every binding rule, the most restrictive first
    /// ([`RuleSet::binding`]).
    #[must_use]
    pub fn rules(&self) -> &[String] {
        &self.rules
    }

    /// Why the blocked value's bounds differ, each reason once (empty
    /// when they meet).
    #[must_use]
    pub fn uncertainty(&self) -> &[Uncertainty] {
        &self.uncertainty
    }

    /// The highest rate of a tax among the binding rules (a price wedge,
    /// not a block), whether or not the tax certainly reaches the flow
    /// (see [`uncertainty`](Self::uncertainty) for why it may not).
    #[must_use]
    pub fn tax_rate(&self) -> Option<Decimal> {
        self.tax_rate
    }
}
