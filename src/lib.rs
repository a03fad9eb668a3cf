//! tradedep
#![cfg_attr(docsrs, feature(doc_cfg))]

mod csvutil;
mod error;
mod model;

pub use error::{Error, ErrorKind, Position, Result};
pub use model::economy::{Economy, EconomyGroup, EconomyKind};
pub use model::flow::{Direction, Provenance, Side, TradeFlow, Valuation};
pub use model::hs::{HsCode, HsEdition, HsLevel};
pub use model::money::{Currency, ExchangeRates, Money};
pub use model::nomenclature::{Nomenclature, NomenclatureEntry, section_numeral};
pub use model::period::{Frequency, Period, PeriodRange};
pub use model::quantity::{Quantity, Unit};
