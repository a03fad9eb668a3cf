//! Input-output analysis: tables of inter-industry flows, their
//! Leontief and Ghosh models, and the map from HS products to a table's
//! sectors.
//!
//! A layer of its own, below [`scenario`](crate::scenario), which spreads
//! a shortfall through these models
//! ([`ScenarioResult::sector_effects`](crate::scenario::ScenarioResult::sector_effects));
//! it uses nothing from `scenario` or [`metrics`](crate::metrics).
//!
//! - [`IoTable`]: a single-region table, intermediate flows `Z`, final
//!   demand and output, checked for consistency; [`IoModel`] its
//!   technical and allocation coefficients, the Leontief inverse `L =
//!   (I - A)^-1` and the Ghosh inverse `G = (I - B)^-1`, with output
//!   multipliers and the demand- and supply-driven effects of a shock.
//! - [`IoReader`]: reads a table from CSV without guessing: every row and
//!   column label is a sector, a known total, output, final demand,
//!   primary input or satellite ([`IoLabel`]), or an error that names it
//!   until it is declared.
//! - [`SectorMap`]: which sector each HS product goes to.
//!
//! Floating point (`f64`) is used here, and only here: input-output
//! algebra inverts matrices, which is numeric by nature.

// The formulas' names (x, y, z, v, n, s for output, final demand, flows,
// value added and sizes) are kept in the code that computes them.
#![allow(clippy::many_single_char_names)]

mod aggregate;
mod extraction;
mod face_value;
mod grid;
mod hidden;
mod icio;
mod labels;
mod linalg;
mod look_through;
mod mrio;
mod mrio_builder;
mod mrio_model;
mod mrio_read;
mod multipliers;
mod read;
mod region;
mod sector_map;
mod sheet;
pub(crate) mod table;

pub use aggregate::Aggregation;
pub use extraction::{Extracted, Extraction};
pub use face_value::FaceValue;
pub use hidden::{HiddenExposure, HiddenRow, SectorRow};
pub use labels::IoLabel;
pub use look_through::{Embodied, LookThrough};
pub use mrio::{Balance, Mrio, PrimaryInput};
pub use mrio_builder::{MrioBuilder, Tolerance};
pub use mrio_model::MrioModel;
pub use mrio_read::MrioReader;
pub use multipliers::{MultiplierRow, Multipliers};
pub use read::IoReader;
pub use region::Region;
pub use sector_map::SectorMap;
pub use table::{IoModel, IoTable, Matrix};
