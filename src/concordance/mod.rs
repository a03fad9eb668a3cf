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
//! A layer with `data` and `classify`: it uses them and the model, and
//! nothing above.

mod convert;
mod groups;
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
