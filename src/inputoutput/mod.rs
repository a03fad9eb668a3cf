//! Input-output analysis: single- and multi-region tables of
//! inter-industry flows, their Leontief and Ghosh models, look-through
//! dependence, and the map from HS products to a table's sectors.
//!
//! A layer of its own, below [`scenario`](crate::scenario), which spreads
//! a shortfall through these models
//! ([`ScenarioResult::sector_effects`](crate::scenario::ScenarioResult::sector_effects),
//! [`ScenarioResult::mrio_effects`](crate::scenario::ScenarioResult::mrio_effects));
//! it uses nothing from `scenario` or [`metrics`](crate::metrics).
//!
//! # Multi-region tables: looking through supply chains
//!
//! Direct trade shows the first tier only: Japan may buy a part from Viet
//! Nam that was made with Chinese inputs. A multi-region table
//! ([`Mrio`]: WIOD, OECD ICIO, EXIOBASE, pymrio's systems) follows every
//! tier:
//!
//! - [`Mrio`] (built with [`MrioBuilder`] or read by [`MrioReader`] from
//!   the labelled CSV layout, pymrio's text files or the OECD ICIO CSV):
//!   labelled [`Region`]s and sectors, `Z`, `Y` by destination region and
//!   category, output and primary inputs, checked; aggregated by an
//!   [`Aggregation`];
//! - [`MrioModel`]: `I - A` factored once; every measure is solves with
//!   it, never an explicit inverse:
//!   1. face-value dependence, [`FaceValue`];
//!   2. look-through output, `L y_r`, and
//!   3. value added by origin in final demand, `diag(v) L y_r`
//!      ([`LookThrough`]);
//!   4. the hidden part between them, [`HiddenExposure`];
//!   5. hypothetical extraction of one region's sales to another,
//!      [`Extraction`] and [`Extracted`];
//!   6. multipliers, linkages and key sectors, [`Multipliers`];
//!   7. a scenario's cut carried through the model in its best and worst
//!      case, [`scenario::MrioEffects`](crate::scenario::MrioEffects).
//!
//! ```
//! use tradedep::inputoutput::{Extraction, MrioReader, Region};
//!
//! // Japan, China, Viet Nam; Japan buys Vietnamese parts made with
//! // Chinese materials (an illustrative table, not statistics).
//! let csv = "region,sector,JPN,JPN,CHN,CHN,VNM,VNM,JPN,CHN,VNM\n\
//!            ,,parts,goods,parts,goods,parts,goods,hh,hh,hh\n\
//!            JPN,parts,0,20,0,0,0,0,0,0,0\n\
//!            JPN,goods,0,0,0,0,0,0,100,0,0\n\
//!            CHN,parts,0,10,0,20,30,0,0,0,0\n\
//!            CHN,goods,0,0,0,0,0,0,10,50,0\n\
//!            VNM,parts,0,30,0,0,0,10,0,0,0\n\
//!            VNM,goods,0,0,0,0,0,0,0,0,20\n";
//! let t = MrioReader::new().read_labelled(csv.as_bytes())?;
//! let m = t.model()?;
//! let (jpn, chn): (Region, Region) = ("JPN".parse()?, "CHN".parse()?);
//! let h = m.hidden_exposure(&jpn)?;
//! let row = h.row(&chn).unwrap();
//! // Face value: China is 20 of Japan's 50 of imports (10 of parts, 10 of
//! // goods); looked through, Vietnamese parts carry Chinese parts too.
//! assert!((row.face_value().unwrap() - 0.4).abs() < 1e-12);
//! assert!(row.look_through().unwrap() > 0.4);
//! // If China's sales to Japan stop, Chinese output falls by more than
//! // the sales removed (20): the parts in the goods go too.
//! let cut = m.extract(&Extraction::sales(chn.clone(), jpn))?;
//! assert!(cut.lost_in(&chn).unwrap() > 20.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Single-region tables
//!
//! - [`IoTable`]: a single-region table, intermediate flows `Z`, final
//!   demand and output, checked for consistency; [`IoModel`] its
//!   technical and allocation coefficients, the Leontief inverse `L =
//!   (I - A)^-1` and the Ghosh inverse `G = x^-1 L x` (from the same LU
//!   factorisation as the multi-region model), with output multipliers
//!   and the demand- and supply-driven effects of a shock;
//!   [`IoTable::to_mrio`] makes it the one-region case of [`Mrio`].
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
pub(crate) use linalg::block_sum;
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
