//! The parts of a control rule: its legal instrument, direction,
//! targets, end-use scope, measure and windows.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::controls::approval::Approval;
use crate::model::economy::Economy;
use crate::model::group::EconomyGroup;
use crate::model::money::Money;
use crate::model::period::Frequency;
use crate::model::quantity::Quantity;

/// The legal instrument that enacts a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Instrument {
    /// Its identifier, as the issuer numbers it ("MOFCOM Announcement
    /// No. 1 of 2026").
    pub id: String,
    /// Its title.
    pub title: String,
    /// The day it was announced.
    pub announced: NaiveDate,
    /// Where it is published.
    pub url: String,
}

impl Instrument {
    /// An instrument by its identifier and the day it was announced,
    /// with no title or address yet ([`title`](Self::title),
    /// [`url`](Self::url) add them).
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::controls::Instrument;
    ///
    /// let no1 = Instrument::new("MOFCOM Announcement No. 1 of 2026", "2026-01-06".parse()?)
    ///     .title("Strengthening export controls on dual-use items to Japan")
    ///     .url("https://www.mofcom.gov.cn/");
    /// assert_eq!(no1.announced.to_string(), "2026-01-06");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(id: impl Into<String>, announced: NaiveDate) -> Instrument {
        Instrument {
            id: id.into(),
            title: String::new(),
            announced,
            url: String::new(),
        }
    }

    /// The same instrument with a title.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Instrument {
        self.title = title.into();
        self
    }

    /// The same instrument with the address where it is published.
    #[must_use]
    pub fn url(mut self, url: impl Into<String>) -> Instrument {
        self.url = url.into();
        self
    }
}

/// Whether a rule controls what leaves the issuing economy or what
/// enters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ControlDirection {
    /// An export control: the issuer is the exporter, targets are
    /// destinations.
    Export,
    /// An import control: the issuer is the importer, targets are
    /// origins.
    Import,
}

/// The partner economies a rule applies to: destinations of an export
/// control, origins of an import control.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Targets {
    /// Every partner.
    All,
    /// Only the members of the group.
    Only(EconomyGroup),
    /// Every partner except the members of the group.
    AllExcept(EconomyGroup),
}

impl Targets {
    /// True when `partner` is targeted.
    #[must_use]
    pub fn contains(&self, partner: Economy) -> bool {
        match self {
            Targets::All => true,
            Targets::Only(g) => g.contains(partner),
            Targets::AllExcept(g) => !g.contains(partner),
        }
    }
}

/// The end users or end uses a rule reaches.
///
/// Trade statistics record goods, partners and values, not who uses the
/// goods: a flow to a targeted economy cannot be split into military and
/// civilian end use. So a rule limited to some end users binds, as far as
/// this crate can tell, the whole flow, and the value it puts at risk is
/// an **upper bound**. [`Rule::is_upper_bound`](crate::controls::Rule::is_upper_bound) says when this applies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EndUse {
    /// Every end user and use.
    Any,
    /// Military end users and military end uses.
    Military,
    /// A listed entity (named in the text).
    Entity(String),
}

/// What a rule does to the goods it binds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Measure {
    /// No trade allowed.
    Ban,
    /// Trade needs a licence; `approval_rate` is the assumed share of the
    /// trade that is licensed: a rate, or a range where it is unknown.
    Licence {
        /// The assumed share licensed, within 0 to 1.
        approval_rate: Approval,
    },
    /// At most `cap` in value per period of the given frequency.
    ValueCap {
        /// The cap.
        cap: Money,
        /// The period the cap applies to.
        per: Frequency,
    },
    /// At most `cap` in quantity per period of the given frequency.
    QuantityCap {
        /// The cap.
        cap: Quantity,
        /// The period the cap applies to.
        per: Frequency,
    },
    /// An export (or import) tax at `rate` of the value (0.25 = 25%).
    Tax {
        /// The rate, 0 or more.
        #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
        rate: Decimal,
    },
}

impl Measure {
    /// The measure's rank for precedence, most restrictive highest: a ban;
    /// then caps; then licences, the lower the approval rate the higher;
    /// then taxes, the higher the rate the higher.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "negating a Decimal cannot overflow: its range is symmetric"
    )]
    fn severity(&self) -> (u8, Decimal) {
        match self {
            Measure::Ban => (4, Decimal::ZERO),
            Measure::ValueCap { .. } | Measure::QuantityCap { .. } => (3, Decimal::ZERO),
            // The lower the (lowest) approval rate, the stricter; a
            // Decimal's range is symmetric, so negation cannot overflow.
            Measure::Licence { approval_rate } => (2, -approval_rate.low()),
            Measure::Tax { rate } => (1, *rate),
        }
    }

    /// Compares by restrictiveness (see [`RuleSet::binding`](crate::controls::RuleSet::binding)).
    #[must_use]
    pub fn restrictiveness(&self, other: &Measure) -> Ordering {
        self.severity().cmp(&other.severity())
    }

    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        match self {
            Measure::Tax { rate } if *rate < Decimal::ZERO => {
                Err(format!("tax rate {rate} is negative"))
            }
            Measure::ValueCap { cap, .. } if cap.amount() < Decimal::ZERO => {
                Err(format!("the cap {cap} is negative"))
            }
            Measure::QuantityCap { cap, .. } if cap.amount() < Decimal::ZERO => {
                Err(format!("the cap {cap} is negative"))
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Measure::Ban => f.write_str("ban"),
            Measure::Licence { approval_rate } => {
                write!(f, "licence (approval rate {approval_rate})")
            }
            Measure::ValueCap { cap, per } => write!(f, "value cap {cap} per {per} period"),
            Measure::QuantityCap { cap, per } => write!(f, "quantity cap {cap} per {per} period"),
            Measure::Tax { rate } => write!(f, "tax at {rate}"),
        }
    }
}

/// A window of days `[from, until)`: `from` included, `until` excluded
/// (the first day the window is over); no `until` means open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Window {
    /// The first day in the window.
    pub from: NaiveDate,
    /// The first day after the window, if it ends.
    pub until: Option<NaiveDate>,
}

impl Window {
    /// True when `date` is in the window.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.from && self.until.is_none_or(|u| date < u)
    }
}
