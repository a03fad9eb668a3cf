//! The vocabulary: economies, HS codes, money, quantities, periods, flows.
//! Nothing here knows about the rest of the crate.

pub(crate) mod decimal_text;
pub(crate) mod economy;
mod economy_names;
pub(crate) mod edition;
pub(crate) mod flow;
pub(crate) mod group;
pub(crate) mod hs;
pub(crate) mod hs_text;
pub(crate) mod iso_3166;
pub(crate) mod iso_4217;
pub(crate) mod money;
pub(crate) mod national_line;
pub(crate) mod nomenclature;
pub(crate) mod period;
pub(crate) mod presets;
pub(crate) mod quantity;
pub(crate) mod rates;
mod rates_csv;
#[cfg(feature = "serde")]
pub(crate) mod serde_decimal;
#[cfg(feature = "serde")]
pub(crate) mod serde_str;
pub(crate) mod sum;
pub(crate) mod wide;
