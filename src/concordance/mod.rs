//! HS editions: converting trade flows, product selectors and
//! correlation tables between HS1992 and HS2022, exactly, with every
//! split and merge reported.
//!
//! BACI and UN Comtrade publish each year in the HS edition of its time,
//! while control lists and analysts' product lists are written in
//! today's codes. A [`Concordance`] holds the links between two
//! editions' subheadings, read from a correlation table the user
//! supplies (UNSD publishes one for each consecutive pair; their terms
//! of use are not stated, so none is embedded here), reversed or chained
//! across editions, its groups ([`Group`]) computed from the links.
//!
//! - [`Concordance::convert`] moves a year of flows to another edition:
//!   one-to-one and many-to-one codes move whole, codes with several
//!   targets are split by [`Weights`] (equal, given, or trade-weighted
//!   from reference data in the target edition), each part exact to the
//!   value's last unit and the parts adding up (largest-remainder
//!   rounding); the [`EditionReport`] lists each group used with its
//!   value and weights, the share of value that went through a split, and
//!   every code without correspondence ([`Unmatched`]: skip and report,
//!   or error).
//! - [`Concordance::convert_selector`] and
//!   [`Concordance::convert_correlation`] move product lists and control
//!   lists: a code with several targets links to all of them, and a
//!   target only partly covered becomes partial, so exposure bounds
//!   widen honestly ([`SelectorConversion`]).
//! - [`TradeData`](crate::TradeData) knows its editions; a query over
//!   two is an error until the data is converted.
//!
//! # Example
//!
//! ```
//! use tradedep::concordance::{Concordance, Unmatched, Weights};
//! use tradedep::{HsEdition, Query, TradeData};
//!
//! // HS2017 8548.10 (waste batteries) went to HS2022 8549.11 to 8549.19.
//! let c = Concordance::new(HsEdition::Hs2017, HsEdition::Hs2022,
//!     ["854911", "854912", "854913", "854914", "854919"]
//!         .iter()
//!         .map(|t| Ok(("854810".parse()?, t.parse()?)))
//!         .collect::<Result<Vec<_>, tradedep::Error>>()?)?;
//! let csv = "reporter,partner,direction,product,period,value,currency\n\
//!            JPN,KOR,import,HS2017:854810,2019,100.01,USD\n";
//! let (data, _) = tradedep::Reader::tidy_csv().read(csv.as_bytes())?;
//! let out = c.convert(&data, &Weights::equal(), Unmatched::Error)?;
//! // Five parts of 20.002, rounded to the cent: 20.01 once, 20.00 four
//! // times; the total is kept to the cent.
//! let parts: Vec<String> = out.data().iter().map(|f| f.value().to_string()).collect();
//! assert_eq!(parts, ["20.01 USD", "20.00 USD", "20.00 USD", "20.00 USD", "20.00 USD"]);
//! assert_eq!(out.data().total(&Query::new())?, data.total(&Query::new())?);
//! assert_eq!(out.report().split_share(), Some(1.into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A layer with `data` and `classify`: it uses them and the model, and
//! nothing above.

mod convert;
mod groups;
mod plan;
mod read;
mod report;
mod selector;
mod split;
mod table;
mod weights;

pub use groups::{Group, GroupKind};
pub use report::{EditionConversion, EditionReport, GroupUse, Unmatched};
pub use selector::SelectorConversion;
pub use table::{ChainReport, Concordance};
pub use weights::Weights;
