//! The share of licence applications assumed approved: one rate, or a
//! range when the rate is unknown.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::decimal_text::parse_decimal;

/// The assumed share of a licensed trade that is approved: a fixed rate,
/// or a range `[low, high]` within `[0, 1]` when the rate is unknown (no
/// authority publishes its approval rates: MOFCOM says only that it
/// approves "compliant" applications).
///
/// A licence then blocks `1 - high` of a flow in the best case and `1 -
/// low` in the worst ([`BlockedShare`](crate::controls::BlockedShare)).
///
/// # Text form
///
/// `0.5` for a fixed rate, `0.2..0.6` for a range; serde uses the same
/// text, so a rule written with `"approval_rate": "0.5"` reads as before.
///
/// # Example
///
/// ```
/// use tradedep::controls::Approval;
///
/// let unknown: Approval = "0.2..0.6".parse()?;
/// assert_eq!((unknown.low().to_string(), unknown.high().to_string()), ("0.2".into(), "0.6".into()));
/// assert!(!unknown.is_fixed());
/// assert_eq!(unknown.to_string(), "0.2..0.6");
/// assert!("0.7..0.6".parse::<Approval>().is_err());
/// assert!("1.5".parse::<Approval>().is_err());
/// # Ok::<(), tradedep::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Approval {
    low: Decimal,
    high: Decimal,
}

impl Approval {
    /// Every application approved.
    pub const ALL: Approval = Approval {
        low: Decimal::ONE,
        high: Decimal::ONE,
    };

    /// Unknown: anything from none to all.
    pub const UNKNOWN: Approval = Approval {
        low: Decimal::ZERO,
        high: Decimal::ONE,
    };

    /// A fixed rate.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a rate outside 0 to 1.
    pub fn fixed(rate: Decimal) -> Result<Approval> {
        Approval::range(rate, rate)
    }

    /// A range of rates.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a bound outside 0 to 1, or `low`
    /// above `high`.
    pub fn range(low: Decimal, high: Decimal) -> Result<Approval> {
        let unit = Decimal::ZERO..=Decimal::ONE;
        if !unit.contains(&low) || !unit.contains(&high) || low > high {
            return Err(Error::new(ErrorKind::Parameter {
                name: "approval rate",
                value: Approval { low, high }.to_string(),
                expected: "a rate, or a range low..high, within 0 to 1 with low <= high",
            }));
        }
        Ok(Approval { low, high })
    }

    /// The lowest rate assumed (the worst case for the importer).
    #[must_use]
    pub fn low(self) -> Decimal {
        self.low
    }

    /// The highest rate assumed (the best case).
    #[must_use]
    pub fn high(self) -> Decimal {
        self.high
    }

    /// True for a single rate.
    #[must_use]
    pub fn is_fixed(self) -> bool {
        self.low == self.high
    }
}

impl fmt::Display for Approval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_fixed() {
            write!(f, "{}", self.low)
        } else {
            write!(f, "{}..{}", self.low, self.high)
        }
    }
}

impl FromStr for Approval {
    type Err = Error;

    /// Reads `0.5` or `0.2..0.6` (spaces around the parts allowed).
    fn from_str(s: &str) -> Result<Approval> {
        match s.split_once("..") {
            Some((low, high)) => {
                Approval::range(parse_decimal(low.trim())?, parse_decimal(high.trim())?)
            }
            None => Approval::fixed(parse_decimal(s.trim())?),
        }
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Approval, "an approval rate such as \"0.5\" or \"0.2..0.6\"");
