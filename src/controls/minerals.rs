//! China's export controls on critical minerals, 2023 to 2025, as rules
//! of the reference catalogue: each with its announcement, dates and
//! source, its product scope the entries of China's 2026 list that carry
//! its items. The list's links are partial, so none of these rules
//! reaches a product certainly ([`RuleData::certain`](crate::controls::RuleData::certain)
//! is the table's full links: none).

use crate::controls::approval::Approval;
use chrono::NaiveDate;

use crate::classify::control::Issuer;
use crate::classify::correlation::CorrelationTable;
use crate::classify::selector::ProductSelector;
use crate::controls::measure::{ControlDirection, EndUse, Instrument, Measure, Targets};
use crate::controls::rule::Rule;
use crate::error::Result;
use crate::model::economy::Economy;
use crate::model::group::EconomyGroup;

/// A licence requirement whose approval rate is unknown (anything from
/// none to all: MOFCOM publishes no approval rates), so it blocks nothing
/// in the best case and everything in the worst.
pub(crate) fn licence() -> Measure {
    Measure::Licence {
        approval_rate: Approval::UNKNOWN,
    }
}

fn instrument(id: &str, title: &str, announced: NaiveDate, url: &str) -> Instrument {
    Instrument {
        id: id.into(),
        title: title.into(),
        announced,
        url: url.into(),
    }
}

/// The approval assumption every licence regime of the catalogue states.
pub(crate) const ASSUMPTION: &str = "Approval rate unknown (0..1: MOFCOM publishes none), so the \
                                     licence blocks nothing in the best case and everything in the worst.";

/// The licence regimes on gallium and germanium (No. 23 of 2023),
/// graphite (No. 39 of 2023), antimony and superhard materials (No. 33
/// of 2024), and tungsten, tellurium, bismuth, molybdenum and indium
/// (No. 10 of 2025), each for every destination and end user; and the
/// United States measures of No. 46 of 2024: a ban on dual-use items
/// for US military users (in force), and a ban on gallium, germanium,
/// antimony and superhard materials to the US, suspended by No. 72 of
/// 2025 from 9 November 2025 until 27 November 2026.
pub(super) fn rules(
    correlation: &CorrelationTable,
    whole_list: &ProductSelector,
    china: Economy,
    day: impl Fn(i32, u32, u32) -> Result<NaiveDate>,
) -> Result<Vec<Rule>> {
    let mut rules = licence_rules(correlation, china, &day)?;
    rules.extend(us_rules(correlation, whole_list, china, &day)?);
    Ok(rules)
}

/// The list's entries of No. 23 of 2023 (gallium, germanium).
const GALLIUM_GERMANIUM: &str = "cn:3C001, cn:3C002";

/// The list's entries of No. 33 of 2024 (antimony, superhard materials).
const ANTIMONY_SUPERHARD: &str = "cn:3C003, cn:2A901, cn:2B901, cn:2C901";

/// A licence regime for every destination and end user, on the list's
/// entries `entries`; its notes say what the items are, then the scope
/// and the approval assumption.
fn licence_rule(
    correlation: &CorrelationTable,
    china: Economy,
    (id, instrument): (&str, Instrument),
    entries: &str,
    from: NaiveDate,
    items: &str,
) -> Result<Rule> {
    Rule::builder(
        id,
        china,
        instrument,
        ControlDirection::Export,
        correlation.selector(entries)?,
        licence(),
        from,
    )
    .notes(format!(
        "{items} Scope: the 2026 list's entries {entries}, which carry these items. {ASSUMPTION}"
    ))
    .certain(correlation.fully_linked(Issuer::China))
    .build()
}

/// The licence regimes for every destination.
fn licence_rules(
    correlation: &CorrelationTable,
    china: Economy,
    day: &impl Fn(i32, u32, u32) -> Result<NaiveDate>,
) -> Result<Vec<Rule>> {
    let rule = |id, instrument, entries, from, items| {
        licence_rule(correlation, china, (id, instrument), entries, from, items)
    };
    Ok(vec![
        rule(
            "cn-2023-23",
            self::instrument(
                "MOFCOM/GAC Announcement No. 23 of 2023",
                "Announcement on implementing export control on gallium- and germanium-related items",
                day(2023, 7, 3)?,
                "https://www.mondaq.com/china/export-controls--trade--investment-sanctions/1350848/china-releases-latest-export-control-measures-on-gallium-and-germanium",
            ),
            GALLIUM_GERMANIUM,
            day(2023, 8, 1)?,
            "Gallium metal, nitride, oxide, phosphide, arsenide, indium gallium arsenide, \
             selenide, antimonide; germanium metal, zone-refined ingots, zinc germanium \
             phosphide, epitaxial substrates, dioxide, tetrachloride: export licence, all \
             destinations, from 1 August 2023.",
        )?,
        rule(
            "cn-2023-39",
            self::instrument(
                "MOFCOM/GAC Announcement No. 39 of 2023",
                "Announcement on optimising and adjusting temporary export control measures for graphite items",
                day(2023, 10, 20)?,
                "https://www.interos.ai/resources/chinas-graphite-controls-full-text-translation/",
            ),
            "cn:1C108",
            day(2023, 12, 1)?,
            "High-purity, high-strength, high-density artificial graphite and natural flake \
             graphite and its products (spherical, expanded): export licence, all destinations, \
             from 1 December 2023.",
        )?,
        rule(
            "cn-2024-33",
            self::instrument(
                "MOFCOM/GAC Announcement No. 33 of 2024",
                "Announcement on implementing export control on antimony and other items",
                day(2024, 8, 15)?,
                "https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/august/china-to-impose-export-controls-on-materials-used-to-make-weapons",
            ),
            ANTIMONY_SUPERHARD,
            day(2024, 9, 15)?,
            "Antimony ores, metal, oxides and compounds, and superhard-material equipment and \
             materials (cubic presses and their parts, MPCVD equipment, diamond window \
             material): export licence, all destinations, from 15 September 2024.",
        )?,
        rule(
            "cn-2025-10",
            self::instrument(
                "MOFCOM/GAC Announcement No. 10 of 2025",
                "Decision to implement export control on tungsten, tellurium, bismuth, molybdenum and indium-related items",
                day(2025, 2, 4)?,
                "https://bignewsnetwork.com/news/275019500/1st-ld-writethru-china-announces-export-controls-on-items-related-to-tungsten-tellurium-bismuth-molybdenum-indium",
            ),
            "cn:1C117.b, cn:1C117.c, cn:1C117.d, cn:6C001, cn:6C002, cn:3C004",
            day(2025, 2, 4)?,
            "Tungsten (solid tungsten, ammonium paratungstate, oxide, carbide), tellurium and its \
             compounds, bismuth and its compounds, molybdenum powder, indium compounds: export \
             licence, all destinations, in force on publication.",
        )?,
    ])
}

/// The two clauses of No. 46 of 2024, on the United States.
fn us_rules(
    correlation: &CorrelationTable,
    whole_list: &ProductSelector,
    china: Economy,
    day: &impl Fn(i32, u32, u32) -> Result<NaiveDate>,
) -> Result<Vec<Rule>> {
    let export = ControlDirection::Export;
    let usa = EconomyGroup::new("United States", ["USA"])?;
    let us_instrument = || -> Result<Instrument> {
        Ok(instrument(
            "MOFCOM Announcement No. 46 of 2024",
            "Announcement on strengthening export control of relevant dual-use items to the United States",
            day(2024, 12, 3)?,
            "https://www.fastmarkets.com/insights/china-suspends-export-prohibition-on-superhard-materials-us",
        ))
    };
    let us_military = Rule::builder(
        "cn-2024-46-military",
        china,
        us_instrument()?,
        export,
        whole_list.clone(),
        Measure::Ban,
        day(2024, 12, 3)?,
    )
    .targets(Targets::Only(usa.clone()))
    .end_use(EndUse::Military)
    .notes(
        "Clause 1: no dual-use items to US military users or for military uses, from 3 December \
         2024; not suspended by No. 72 of 2025 (Fastmarkets, 9 November 2025). Scope: the whole \
         2026 list; the end-use scope makes the value bound an upper bound.",
    )
    .certain(correlation.fully_linked(Issuer::China))
    .build()?;
    let us_minerals = Rule::builder(
        "cn-2024-46-minerals",
        china,
        us_instrument()?,
        export,
        correlation.selector(&format!("{GALLIUM_GERMANIUM}, {ANTIMONY_SUPERHARD}"))?,
        Measure::Ban,
        day(2024, 12, 3)?,
    )
    .targets(Targets::Only(usa))
    .suspend(day(2025, 11, 9)?, Some(day(2026, 11, 27)?))
    .notes(
        "Clause 2: gallium, germanium, antimony and superhard-material items in principle not \
         licensed for export to the United States (read as a ban), graphite under stricter \
         end-user review (not modelled), from 3 December 2024; suspended by MOFCOM \
         Announcement No. 72 of 2025 from 9 November 2025 until 27 November 2026 (Business \
         Times, https://www.businesstimes.com.sg/international/china-suspends-ban-exports-gallium-germanium-antimony-us). \
         Scope: the 2026 list's entries of Nos. 23 of 2023 and 33 of 2024.",
    )
    .certain(correlation.fully_linked(Issuer::China))
    .build()?;

    Ok(vec![us_military, us_minerals])
}
