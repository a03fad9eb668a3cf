//! How much of a flow binding rules block: an interval, with the reasons
//! it is not a single number.

use std::fmt;

use rust_decimal::Decimal;

use crate::controls::measure::Measure;

/// Why a rule's lower bound on a flow is below its upper bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Uncertainty {
    /// The rule reaches only some end users or uses, which trade
    /// statistics cannot see.
    EndUsers,
    /// The rule's scope reaches the product through a partial (or
    /// doubtful) link: the code also covers goods the rule does not.
    PartialLink,
    /// The flow is recorded at a coarser HS level than the rule's scope,
    /// so only some of its goods are in scope.
    CoarseFlow,
    /// A cap: what it blocks depends on every flow it reaches, not on
    /// this one alone.
    Cap,
    /// Several rules bind the flow and how the parts they block overlap
    /// is unknown: together they block at least the most any one blocks,
    /// at most the sum.
    Overlap,
    /// A licence's approval rate is given as a range, not one rate.
    ApprovalRange,
}

impl fmt::Display for Uncertainty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Uncertainty::EndUsers => "limited to some end users",
            Uncertainty::PartialLink => "reaches the product through a partial link",
            Uncertainty::CoarseFlow => "the flow is coarser than the rule's scope",
            Uncertainty::Cap => "a cap, decided over all the flows it reaches",
            Uncertainty::Overlap => "several rules bind, their overlap unknown",
            Uncertainty::ApprovalRange => "a licence's approval rate is a range",
        })
    }
}

/// The share of a flow's value that binding rules block, as an interval
/// `[lower, upper]` within `[0, 1]`: `lower` counts what certainly binds
/// (a rule that reaches every end user, over a certain link, at the
/// stated approval assumption), `upper` what may bind.
///
/// Rules combine as the bounds of a union of events (each rule blocks
/// some of the flow; how those parts overlap is unknown): the lower bound
/// is the largest of the rules' lower bounds, the upper bound the sum of
/// their upper bounds, at most 1. So a ban on everyone decides the lower
/// bound even beside a "stricter" rule on military users only, and a
/// military-only ban beside a licence for everyone at 50% approval gives
/// `[0.5, 1]`.
///
/// # Example
///
/// ```
/// use tradedep::controls::BlockedShare;
///
/// let military_ban = BlockedShare::new("0".parse()?, "1".parse()?);
/// let half_licensed = BlockedShare::new("0.5".parse()?, "0.5".parse()?);
/// let both = BlockedShare::combine([military_ban, half_licensed]);
/// assert_eq!((both.lower().to_string(), both.upper().to_string()), ("0.5".into(), "1".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BlockedShareData"))]
pub struct BlockedShare {
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    lower: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    upper: Decimal,
}

/// The serde form of [`BlockedShare`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct BlockedShareData {
    #[serde(with = "crate::model::serde_decimal::exact")]
    lower: Decimal,
    #[serde(with = "crate::model::serde_decimal::exact")]
    upper: Decimal,
}

#[cfg(feature = "serde")]
impl TryFrom<BlockedShareData> for BlockedShare {
    type Error = crate::error::Error;

    /// `0 <= lower <= upper <= 1`, or an error (where
    /// [`new`](BlockedShare::new) clamps).
    fn try_from(d: BlockedShareData) -> crate::error::Result<BlockedShare> {
        let unit = Decimal::ZERO..=Decimal::ONE;
        if unit.contains(&d.lower) && unit.contains(&d.upper) && d.lower <= d.upper {
            Ok(BlockedShare {
                lower: d.lower,
                upper: d.upper,
            })
        } else {
            Err(crate::error::Error::new(
                crate::error::ErrorKind::Parameter {
                    name: "blocked share",
                    value: format!("[{}, {}]", d.lower, d.upper),
                    expected: "0 <= lower <= upper <= 1",
                },
            ))
        }
    }
}

impl BlockedShare {
    /// Nothing blocked.
    pub const NONE: BlockedShare = BlockedShare {
        lower: Decimal::ZERO,
        upper: Decimal::ZERO,
    };

    /// The interval `[lower, upper]`, each clamped to `[0, 1]` and the
    /// upper bound raised to the lower where given below it.
    #[must_use]
    pub fn new(lower: Decimal, upper: Decimal) -> BlockedShare {
        let clamp = |d: Decimal| d.clamp(Decimal::ZERO, Decimal::ONE);
        let lower = clamp(lower);
        BlockedShare {
            lower,
            upper: clamp(upper).max(lower),
        }
    }

    /// The share that certainly binds.
    #[must_use]
    pub fn lower(self) -> Decimal {
        self.lower
    }

    /// The share that may bind.
    #[must_use]
    pub fn upper(self) -> Decimal {
        self.upper
    }

    /// True when the bounds meet.
    #[must_use]
    pub fn is_exact(self) -> bool {
        self.lower == self.upper
    }

    /// Several rules' shares on one flow, combined as described on the
    /// type; no rule blocks nothing.
    #[must_use]
    pub fn combine(shares: impl IntoIterator<Item = BlockedShare>) -> BlockedShare {
        let mut lower = Decimal::ZERO;
        let mut upper = Decimal::ZERO;
        for s in shares {
            lower = lower.max(s.lower);
            // Each upper bound is at most 1, so the sum stays small.
            upper = upper.saturating_add(s.upper).min(Decimal::ONE);
        }
        BlockedShare::new(lower, upper)
    }

    /// The share `measure` blocks of a flow it certainly reaches: all for
    /// a ban, `[1 - high, 1 - low]` for a licence approved at a rate in
    /// `[low, high]`, nothing for a tax, and anything from nothing to all
    /// for a cap (on one flow alone).
    pub(crate) fn of_measure(measure: &Measure) -> BlockedShare {
        match measure {
            Measure::Ban => BlockedShare::new(Decimal::ONE, Decimal::ONE),
            // Both bounds lie in [0, 1].
            Measure::Licence { approval_rate } => BlockedShare::new(
                Decimal::ONE.saturating_sub(approval_rate.high()),
                Decimal::ONE.saturating_sub(approval_rate.low()),
            ),
            Measure::ValueCap { .. } | Measure::QuantityCap { .. } => {
                BlockedShare::new(Decimal::ZERO, Decimal::ONE)
            }
            Measure::Tax { .. } => BlockedShare::NONE,
        }
    }

    /// This share where the rule's reach is uncertain: nothing certain,
    /// the same upper bound.
    pub(crate) fn uncertain(self) -> BlockedShare {
        BlockedShare::new(Decimal::ZERO, self.upper)
    }
}

impl fmt::Display for BlockedShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}, {}]",
            self.lower.normalize(),
            self.upper.normalize()
        )
    }
}
