//! Dependence indicators, each with its formula and its source.
//!
//! | indicator | formula | source | type |
//! | --- | --- | --- | --- |
//! | partner share | `s_ij = M_ij / M_i` | standard; DESIGN 1 | [`PartnerShares`] |
//! | supplier concentration | `HHI = sum_j s_j^2`, `1/n <= HHI <= 1` | Herfindahl-Hirschman; EU SWD(2021) 352, CEPII `GeoDep` | [`Concentration`], [`ProductConcentrations`] |
//! | import reliance | `IR = (M - X) / (P + M - X)`; `NIR = (M - X) / C` | EU CRM methodology (2017); USGS | [`ImportReliance`] |
//! | strategic dependence | HHI of extra-bloc imports > 0.4, extra-bloc / total imports > 0.5, extra-bloc imports / bloc exports > 1 | EU SWD(2021) 352 | [`EuScreen`] |
//! | strategic dependence | import HHI > 0.4, world export HHI > 0.4, M / X > 1 (X = 0 as 9999), 2 of 3 years | CEPII `GeoDep` | [`GeoDepScreen`] |
//! | revealed comparative advantage | `RCA_cp = (x_cp / sum_p x_cp) / (sum_c x_cp / sum_cp x_cp)` | Balassa (1965) | [`Rca`] |
//! | growth, index, highest since | `V_t / V_(t-1) - 1`; `100 V_t / V_base`; latest earlier `s` with `V_s >= V_t` | DESIGN 7 | [`Series`] |
//! | trade balance, mirror ratio | `X_ij - M_ij`; `M_ij (by i) / X_ji (by j)` | DESIGN 8 | [`Balance`], [`Mirror`] |
//! | exposure share | lower / point / upper = value of products linked only fully / weighted / at all, over `M_ij` | DESIGN 4 | [`Exposure`], [`SelectorExposure`] |
//!
//! Every ratio has a defined answer for a zero denominator: `None`, never
//! NaN and never a panic. Sums are exact (`Decimal`) and checked:
//! overflow is an [`ErrorKind::Overflow`](crate::ErrorKind::Overflow)
//! error. Every result implements [`Table`]: `Display` prints it as an
//! aligned table, [`Table::write_csv`] writes it as CSV, and with the
//! `serde` feature it serializes with exact decimal text. Ratios are
//! typed ([`Share`], [`Hhi`]), and [`Grouped`] writes any decimal with
//! thousands separators for a report.
//!
//! The indicators read [`TradeData`](crate::TradeData) through a
//! [`Query`](crate::Query): any importer, exporter, product (an HS prefix
//! or a [`ProductSelector`](crate::ProductSelector)) and period. Data that
//! holds both sides of mirror statistics counts the same goods twice;
//! filter by direction or provenance first.

mod balance;
mod by_year;
mod concentration;
mod dense;
mod exposure;
mod fixed;
mod geodep;
mod geodep_all;
mod markets;
mod product_concentration;
mod rca;
mod reliance;
mod screens;
mod series;
mod share;
mod share_series;
mod stream;
pub(crate) mod table;
#[cfg(feature = "parquet")]
mod table_parquet;
mod value;

pub use crate::classify::links::{Link, ProductLink, ProductLinks};
pub use balance::{Balance, Mirror};
pub use by_year::EuScreenBuilder;
pub use concentration::Concentration;
pub use exposure::{Exposure, ExposureBounds, PairExposure, SelectorExposure};
pub use geodep::{GeoDepResult, GeoDepRow, GeoDepScreen, GeoDepYear};
pub use geodep_all::{GeoDepAll, GeoDepEntry, GeoDepWindow, GeoDepYearBuilder};
pub use product_concentration::{ProductConcentration, ProductConcentrations};
pub use rca::{Rca, RcaRow};
pub use reliance::{ImportReliance, RelianceBase};
pub use screens::{EuScreen, EuScreenResult, EuScreenRow};
pub use series::{HighestSince, Series};
pub use share::{Denominator, PartnerShare, PartnerShares};
pub use share_series::{PairYear, PartnerShareSeries, PartnerShareSeriesBuilder};
pub use stream::{ProductConcentrationsBuilder, SelectorExposureBuilder};
pub use table::{Cell, DISPLAY_ROWS, Table, WriteOptions};
pub use value::{Grouped, Hhi, Share};

use rust_decimal::Decimal;

/// Adds `v` to a running sum, exactly: overflow and a sum that would be
/// rounded are errors, not a panic or a silent loss.
#[inline]
pub(crate) fn add_to(sum: &mut Decimal, v: Decimal) -> crate::Result<()> {
    *sum = crate::model::money::exact_add(*sum, v, "total")?;
    Ok(())
}

/// `Display` through [`Table::render`] (4 decimal places unless the
/// formatter gives a precision).
macro_rules! display_as_table {
    ($($ty:ident $(<$g:ident>)?),+ $(,)?) => {$(
        impl$(<$g: Ord + Clone + std::fmt::Display>)? std::fmt::Display for $ty$(<$g>)? {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::metrics::table::display(self, f)
            }
        }
    )+};
}

display_as_table!(
    Balance,
    Concentration,
    EuScreenResult,
    Exposure<C>,
    GeoDepAll,
    GeoDepResult,
    ImportReliance,
    Mirror,
    PartnerShareSeries,
    PartnerShares,
    ProductConcentrations,
    Rca,
    SelectorExposure,
    Series,
);
