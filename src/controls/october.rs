//! China's October 2025 export-control package, as rules of the
//! reference catalogue: the announcements of 9 October 2025 whose items
//! come with customs codes or imply them, each in force from 8 November
//! 2025 and suspended, before it took effect, by MOFCOM/GAC Announcement
//! No. 70 of 2025 (7 November 2025) until 10 November 2026.
//!
//! None of these items is on the 2026 list with a control number the
//! sources give, so each scope is the HS6 subheadings of the customs
//! codes the announcement cites (or its items imply), every link
//! partial: the codes also hold goods below the announcements'
//! technical thresholds.

use chrono::NaiveDate;

use crate::classify::selector::ProductSelector;
use crate::controls::measure::{ControlDirection, Instrument};
use crate::controls::minerals::{ASSUMPTION, licence};
use crate::controls::rule::Rule;
use crate::error::Result;
use crate::model::economy::Economy;

/// The suspension every rule of the package carries.
const SUSPENSION: &str = "Effective 8 November 2025; suspended by MOFCOM/GAC Announcement No. 70 \
                          of 2025 from 7 November 2025 until 10 November 2026 (Pillsbury, \
                          https://www.pillsburylaw.com/en/news-and-insights/china-suspends-export-controls-certain-critical-minerals-related-items.html).";

/// Nos. 55, 57 and 58 of 2025.
pub(super) fn rules(
    china: Economy,
    day: impl Fn(i32, u32, u32) -> Result<NaiveDate>,
) -> Result<Vec<Rule>> {
    let announced = day(2025, 10, 9)?;
    let rule = |id: &str, no: u32, title: &str, url: &str, scope: &str, items: &str| {
        Rule::builder(
            id,
            china,
            Instrument {
                id: format!("MOFCOM/GAC Announcement No. {no} of 2025"),
                title: title.into(),
                announced,
                url: url.into(),
            },
            ControlDirection::Export,
            scope.parse::<ProductSelector>()?,
            licence(),
            day(2025, 11, 8)?,
        )
        .suspend(day(2025, 11, 7)?, Some(day(2026, 11, 10)?))
        .certain(ProductSelector::new())
        .notes(format!("{items} {SUSPENSION} {ASSUMPTION}"))
        .build()
    };
    Ok(vec![
        rule(
            "cn-2025-55",
            55,
            "Decision to implement export controls on superhard material-related items",
            "https://www.gvw.com/en/news/blog/detail/china-export-control-update",
            "710510, 680421, 847989",
            "Synthetic diamond micropowder (mean particle size up to 50 um) and single crystals \
             (over 50 um, up to 500 um; gem and jewellery use excluded), customs code 7105.1020; \
             diamond grinding wheels, 6804.2110; DC-arc plasma-jet CVD equipment, 8479.8999; \
             diamond saw wire and the CVD process technology (no code). Scope: the HS6 of \
             those codes.",
        )?,
        rule(
            "cn-2025-57",
            57,
            "Decision to implement export controls on certain medium and heavy rare earth-related items",
            "https://www.pillsburylaw.com/en/news-and-insights/china-suspends-export-controls-certain-critical-minerals-related-items.html",
            "280530, 284690",
            "Holmium, erbium, thulium, europium and ytterbium items (metals, alloys, oxides, \
             compounds, mixtures, magnets). Scope: rare-earth metals and compounds (2805.30, \
             2846.90), implied by the items; no customs codes at hand.",
        )?,
        rule(
            "cn-2025-58",
            58,
            "Decision to implement export controls on lithium battery and artificial graphite anode material-related items",
            "https://news.metal.com/newscontent/103560601/",
            "850760, 847989, 284290, 285390",
            "Lithium-ion cells and packs of 300 Wh/kg or more, customs code 8507.6000; \
             cell-making equipment (winding, stacking, electrolyte filling), 8479.8999; lithium \
             iron phosphate cathode material (compaction 2.5 g/cm3 or more), 2842.9040; \
             nickel-cobalt-manganese and nickel-cobalt-aluminium hydroxide precursors, \
             2853.9030 and 2853.9050; artificial-graphite anode materials and their equipment \
             and technologies (no code at hand). Scope: the HS6 of those codes.",
        )?,
    ])
}
