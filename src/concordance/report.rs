//! What a conversion between editions did: every group used, the value
//! it moved and split, and every code it could not convert.

use std::fmt;

use rust_decimal::Decimal;

use crate::concordance::groups::GroupKind;
use crate::data::store::TradeData;
use crate::model::edition::HsEdition;
use crate::model::hs::HsCode;
use crate::model::money::Money;

/// What to do with a code the concordance has no link for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unmatched {
    /// Stop with an error naming the first such code.
    Error,
    /// Leave its flows out, and report each code with its value.
    Skip,
}

/// One group of a concordance as a conversion used it.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupUse {
    pub(crate) kind: GroupKind,
    pub(crate) sources: Vec<HsCode>,
    pub(crate) targets: Vec<HsCode>,
    pub(crate) value: Decimal,
    pub(crate) split: Decimal,
    /// `(source, target, weight)` of the split sources present, the
    /// weights normalised to sum to 1 over each source's targets.
    pub(crate) weights: Vec<(HsCode, HsCode, Decimal)>,
}

impl GroupUse {
    /// One-to-one, one-to-many, many-to-one or many-to-many.
    #[must_use]
    pub fn kind(&self) -> GroupKind {
        self.kind
    }

    /// The group's source codes.
    #[must_use]
    pub fn sources(&self) -> &[HsCode] {
        &self.sources
    }

    /// The group's target codes.
    #[must_use]
    pub fn targets(&self) -> &[HsCode] {
        &self.targets
    }

    /// The value the data had in the group's sources, all moved to its
    /// targets.
    #[must_use]
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The part of [`value`](Self::value) that was split (its sources
    /// had several targets).
    #[must_use]
    pub fn split(&self) -> Decimal {
        self.split
    }

    /// The weights used for the group's split sources, `(source, target,
    /// weight)`, normalised over each source's targets.
    #[must_use]
    pub fn weights(&self) -> &[(HsCode, HsCode, Decimal)] {
        &self.weights
    }
}

/// The result of converting trade data between editions: the data in
/// the target edition and the [`EditionReport`].
#[derive(Debug, Clone)]
pub struct EditionConversion {
    pub(crate) data: TradeData,
    pub(crate) report: EditionReport,
}

impl EditionConversion {
    /// The converted data, its codes tagged with the target edition.
    #[must_use]
    pub fn data(&self) -> &TradeData {
        &self.data
    }

    /// The converted data, taken.
    #[must_use]
    pub fn into_data(self) -> TradeData {
        self.data
    }

    /// What the conversion did.
    #[must_use]
    pub fn report(&self) -> &EditionReport {
        &self.report
    }
}

/// What a conversion did: the groups it used, the value it moved and
/// split, and what it could not convert.
#[derive(Debug, Clone, PartialEq)]
pub struct EditionReport {
    pub(crate) from: HsEdition,
    pub(crate) to: HsEdition,
    pub(crate) weights: String,
    pub(crate) groups: Vec<GroupUse>,
    pub(crate) moved: Money,
    pub(crate) split: Money,
    pub(crate) unchanged: Money,
    pub(crate) skipped: Vec<(HsCode, Money)>,
    pub(crate) fallback: Vec<HsCode>,
    pub(crate) quantities_dropped: usize,
}

impl EditionReport {
    /// The edition converted from.
    #[must_use]
    pub fn from_edition(&self) -> HsEdition {
        self.from
    }

    /// The edition converted to.
    #[must_use]
    pub fn to_edition(&self) -> HsEdition {
        self.to
    }

    /// The weights used, in words (for trade weights: which flows).
    #[must_use]
    pub fn weights(&self) -> &str {
        &self.weights
    }

    /// Every group the data's codes fell in, largest value first.
    #[must_use]
    pub fn groups(&self) -> &[GroupUse] {
        &self.groups
    }

    /// The value converted through the concordance.
    #[must_use]
    pub fn moved(&self) -> Money {
        self.moved
    }

    /// The part of [`moved`](Self::moved) that went through a split.
    #[must_use]
    pub fn split(&self) -> Money {
        self.split
    }

    /// The split's share of the value moved; `None` when nothing moved.
    #[must_use]
    pub fn split_share(&self) -> Option<Decimal> {
        if self.moved.is_zero() {
            None
        } else {
            self.split.ratio(&self.moved).ok()
        }
    }

    /// The value of flows that need no concordance (all products,
    /// [`HsCode::TOTAL`]).
    #[must_use]
    pub fn unchanged(&self) -> Money {
        self.unchanged
    }

    /// Codes with no correspondence, left out ([`Unmatched::Skip`]), with
    /// their value; chapters and headings that the editions split are
    /// among them (give HS6 data to convert those).
    #[must_use]
    pub fn skipped(&self) -> &[(HsCode, Money)] {
        &self.skipped
    }

    /// Codes split equally because none of their targets has trade in the
    /// reference of trade weights.
    #[must_use]
    pub fn fallback(&self) -> &[HsCode] {
        &self.fallback
    }

    /// Flows whose quantity was dropped when merged with a flow of the
    /// same target in another unit.
    #[must_use]
    pub fn quantities_dropped(&self) -> usize {
        self.quantities_dropped
    }
}

impl fmt::Display for EditionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} -> {} ({}): {} moved, {} of it split ({}); {} groups used",
            self.from,
            self.to,
            self.weights,
            self.moved,
            self.split,
            self.split_share()
                .and_then(|s| s.checked_mul(Decimal::ONE_HUNDRED))
                .map_or_else(|| "-".to_owned(), |s| format!("{s:.1}%")),
            self.groups.len()
        )?;
        if !self.skipped.is_empty() {
            writeln!(
                f,
                "  {} codes without correspondence left out",
                self.skipped.len()
            )?;
        }
        if !self.fallback.is_empty() {
            writeln!(
                f,
                "  {} codes split equally: their targets have no reference trade",
                self.fallback.len()
            )?;
        }
        Ok(())
    }
}
