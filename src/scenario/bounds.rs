//! Values known only within bounds, and the two cases a scenario is run
//! at.

use std::fmt;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};

/// One end of a scenario's results: every stage is worked out twice,
/// once for each case, and each case's values add up exactly.
///
/// - [`Case::Best`] counts only what certainly binds: rules that reach
///   every end user, over certain links, at the most generous approval
///   rate of a licence's range; and every supplier that may substitute
///   does.
/// - [`Case::Worst`] counts everything that may bind: rules limited to
///   some end users applied to the whole flow, partial and doubtful
///   links and coarse flows taken as wholly in scope, the least
///   generous approval rate; and a supplier whose own exports may be
///   blocked does not substitute.
///
/// So blocked values and shortfalls are lower bounds in the best case
/// and upper bounds in the worst ([`Bounds`]); what other suppliers
/// replace is given for each case, as it need not be ordered (more is
/// blocked in the worst case, but fewer suppliers can replace it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Case {
    /// The least damage: only what certainly binds.
    Best,
    /// The most damage: everything that may bind.
    Worst,
}

impl Case {
    /// Both cases, best first.
    pub const BOTH: [Case; 2] = [Case::Best, Case::Worst];

    /// The case's name, as in table columns (`best`, `worst`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Case::Best => "best",
            Case::Worst => "worst",
        }
    }
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value known to lie in `[lower, upper]`: a blocked value, a
/// shortfall. `lower <= upper` always holds.
///
/// # Example
///
/// ```
/// use tradedep::scenario::{Bounds, Case};
///
/// let blocked = Bounds::new("50".parse()?, "100".parse()?)?;
/// assert_eq!(blocked.at(Case::Worst).to_string(), "100");
/// assert_eq!(blocked.to_string(), "[50, 100]");
/// assert!(Bounds::new("2".parse()?, "1".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BoundsData"))]
pub struct Bounds {
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    lower: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    upper: Decimal,
}

/// The serde form of [`Bounds`], checked when read.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct BoundsData {
    #[serde(with = "crate::model::serde_decimal::exact")]
    lower: Decimal,
    #[serde(with = "crate::model::serde_decimal::exact")]
    upper: Decimal,
}

#[cfg(feature = "serde")]
impl TryFrom<BoundsData> for Bounds {
    type Error = Error;

    fn try_from(d: BoundsData) -> Result<Bounds> {
        Bounds::new(d.lower, d.upper)
    }
}

impl Bounds {
    /// The bounds `[lower, upper]`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] when `lower > upper`.
    pub fn new(lower: Decimal, upper: Decimal) -> Result<Bounds> {
        if lower > upper {
            return Err(Error::new(ErrorKind::Parameter {
                name: "bounds",
                value: format!("[{lower}, {upper}]"),
                expected: "a lower bound no greater than the upper bound",
            }));
        }
        Ok(Bounds { lower, upper })
    }

    /// A value known exactly.
    #[must_use]
    pub fn exact(value: Decimal) -> Bounds {
        Bounds {
            lower: value,
            upper: value,
        }
    }

    /// The bounds of two values in either order.
    pub(crate) fn spanning(a: Decimal, b: Decimal) -> Bounds {
        Bounds {
            lower: a.min(b),
            upper: a.max(b),
        }
    }

    /// The lower bound: the best case's value of a quantity that grows
    /// with the damage (a blocked value, a shortfall).
    #[must_use]
    pub fn lower(self) -> Decimal {
        self.lower
    }

    /// The upper bound: the worst case's value of such a quantity.
    #[must_use]
    pub fn upper(self) -> Decimal {
        self.upper
    }

    /// The value in `case` of a quantity that grows with the damage: the
    /// lower bound in the best case, the upper in the worst.
    #[must_use]
    pub fn at(self, case: Case) -> Decimal {
        match case {
            Case::Best => self.lower,
            Case::Worst => self.upper,
        }
    }

    /// True when the bounds meet.
    #[must_use]
    pub fn is_exact(self) -> bool {
        self.lower == self.upper
    }

    /// `upper - lower`, saturated at the bounds of a `Decimal`.
    #[must_use]
    pub fn width(self) -> Decimal {
        self.upper.saturating_sub(self.lower)
    }
}

impl fmt::Display for Bounds {
    /// `[lower, upper]`, each as given; with a precision (`{:.2}`), the
    /// lower bound rounded down and the upper up, so that rounding never
    /// narrows the interval (`[0.996, 1]` shows as `[0.99, 1.00]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match f.precision() {
            Some(p) => {
                let dp = u32::try_from(p).unwrap_or(u32::MAX).min(28);
                let down = self
                    .lower
                    .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToNegativeInfinity);
                let up = self
                    .upper
                    .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::ToPositiveInfinity);
                write!(f, "[{down:.p$}, {up:.p$}]")
            }
            None => write!(f, "[{}, {}]", self.lower, self.upper),
        }
    }
}
