mod aggregates;
mod baci_paths;
mod bad_inputs;
mod by_year;
mod catalogue;
mod charts;
mod china_list;
mod comfort;
mod compressed;
mod comtrade;
#[cfg(feature = "json")]
mod control_properties;
mod controls;
mod conversion;
mod determinism;
mod edition_properties;
mod editions;
mod editions_real;
#[cfg(feature = "json")]
mod exactness;
mod geodep_all;
mod hostile;
mod house;
mod io;
mod metric_properties;
mod metrics;
mod mrio;
mod mrio_layouts;
mod mrio_properties;
mod mrio_real;
mod mrio_scenario;
mod outputs;
mod panel;
#[cfg(feature = "parquet")]
mod parquet;
mod properties;
mod real_data;
#[cfg(feature = "json")]
mod round_trips;
mod rules;
mod scenario;
mod scenario_bounds;
mod scenario_properties;
mod streaming;

use std::path::PathBuf;

/// The shared data directory beside the checkout, or `None` (with a note
/// printed) where it is absent.
pub(crate) fn shared(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("note: {} is absent; skipping this test", p.display());
        None
    }
}
