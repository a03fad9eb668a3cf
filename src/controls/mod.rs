//! Export controls: list entries, correlation tables linking them to HS
//! codes, and (in [`CorrelationTable`]'s views) the classifications that
//! exposure shares are measured under.
//!
//! # Control entries
//!
//! An export-control list entry such as `3A001.a.2` reads as category
//! (`3`, electronics), group (`A`, systems, equipment and components),
//! number (`001`) and sub-items (`.a.2`). [`ControlEntry`] keeps the list
//! it belongs to, its [`Issuer`]: the EU list (Regulation (EU) 2021/821,
//! Annex I, built on the Wassenaar Arrangement's), China's dual-use list
//! (with its own `9xx` entries, such as `1C902` for samarium items), the
//! US Commerce Control List, or a user-defined list.
//!
//! # Correlation tables
//!
//! Control lists describe goods by their technical properties; customs
//! codes by what they are. A [`CorrelationTable`] links entries to HS
//! codes, many to many, each link *full* (every good under the code is
//! controlled) or *partial* (the code also covers uncontrolled goods),
//! with an optional coverage weight. Exposure bounds follow: the lower
//! bound counts products linked only fully, the upper bound every linked
//! product (see [`Exposure`](crate::metrics::Exposure)).
//!
//! # Lists, measures and what they block
//!
//! - [`ControlList`]: published lists as their catalogues print them;
//!   China's dual-use export list of 2026 (754 entries, every link
//!   partial, links in doubt marked) and its import list.
//! - [`Catalogue::reference`]: real measures with their sources, on
//!   China's whole list, and the headline figures of Japan's dependence.
//! - [`HighPriorityList`]: the Common High Priority List of the US, the
//!   EU, the UK and Japan, as a product selector.
//! - [`Binding::blocked_share`]: the share of a flow the binding rules
//!   block, as a [`BlockedShare`] interval with its [`Uncertainty`]
//!   reasons; exposure by [`ControlClass`] through
//!   [`CorrelationTable::by_class`].

mod approval;
mod blocked;
mod catalogue;
mod chpl;
mod list;
mod measure;
mod minerals;
mod october;
mod rule;
mod ruleset;

pub use crate::classify::control::{
    ControlCategory, ControlEntry, ControlGroup, Issuer, UserIssuer,
};
pub use crate::classify::control_class::ControlClass;
pub use crate::classify::correlation::{CorrelationLink, CorrelationTable};
pub use approval::Approval;
pub use blocked::{BlockedShare, Uncertainty};
pub use catalogue::{Catalogue, ReferenceFigure};
pub use chpl::{HighPriorityList, PriorityTier};
pub use list::{ControlList, ListEntry, UnnumberedLink};
pub use measure::{ControlDirection, EndUse, Instrument, Measure, Targets, Window};
pub use rule::{Rule, RuleBuilder, RuleData};
pub use ruleset::{Binding, Change, ChangeKind, RuleSet};
