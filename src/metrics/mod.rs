//! Dependence indicators, each with its formula and its source.
//!
//! | indicator | formula | source | type |
//! | --- | --- | --- | --- |
//! | partner share | `s_ij = M_ij / M_i` | standard; DESIGN 1 | [`PartnerShares`] |
//! | supplier concentration | `HHI = sum_j s_j^2`, `1/n <= HHI <= 1` | Herfindahl-Hirschman; EU SWD(2021) 352, CEPII `GeoDep` | [`Concentration`], [`ProductConcentrations`] |
//! | exposure share | lower / point / upper = value of products linked only fully / weighted / at all, over `M_ij` | DESIGN 4 | [`Exposure`], [`SelectorExposure`] |
//!
//! Every ratio has a defined answer for a zero denominator: `None`, never
//! NaN and never a panic. Sums are exact (`Decimal`) and checked:
//! overflow is an [`ErrorKind::Overflow`](crate::ErrorKind::Overflow)
//! error. Every result implements [`Table`]: `Display` prints it as an
//! aligned table, [`Table::write_csv`] writes it as CSV, and with the
//! `serde` feature it serializes with exact decimal text.
//!
//! The indicators read [`TradeData`](crate::TradeData) through a
//! [`Query`](crate::Query): any importer, exporter, product (an HS prefix
//! or a [`ProductSelector`](crate::ProductSelector)) and period. Data that
//! holds both sides of mirror statistics counts the same goods twice;
//! filter by direction or provenance first.

mod concentration;
mod dense;
mod exposure;
mod share;
mod table;
mod value;

pub use concentration::{Concentration, ProductConcentration, ProductConcentrations};
pub use exposure::{
    Exposure, ExposureBounds, Link, PairExposure, ProductLink, ProductLinks, SelectorExposure,
};
pub use share::{PartnerShare, PartnerShares};
pub use table::{Cell, Table};
pub use value::{Hhi, Share};
