//! China's 2026 dual-use export list (MOFCOM/GACC Announcement No. 91 of
//! 2025) as the crate embeds it: counts, and entries checked by hand
//! against the measures that cite their customs codes.

use std::collections::BTreeSet;

use tradedep::controls::{ControlEntry, ControlList};

fn list() -> ControlList {
    ControlList::china_dual_use_export_2026().unwrap()
}

/// The lines of a numbered entry, `?` marking a line in doubt.
fn lines(list: &ControlList, entry: &str) -> Vec<String> {
    let entry: ControlEntry = entry.parse().unwrap();
    let mut out: Vec<String> = list
        .correlation()
        .links()
        .iter()
        .filter(|l| *l.entry() == entry)
        .flat_map(|l| {
            l.lines()
                .iter()
                .map(move |n| format!("{n}{}", if l.is_doubtful() { "?" } else { "" }))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn counts_of_the_export_list() {
    let list = list();
    // The catalogue's README in ../shared/data counts 754 export entries,
    // 712 with a valid control number, 1,310 links over 702 lines and 409
    // HS6. Repairs move 122 links (six onto a link the target already
    // had) and restore three: 1,307 links, the same lines and HS6.
    assert_eq!(list.entries().len(), 754);
    assert_eq!(
        list.entries()
            .iter()
            .filter(|e| e.entry().is_some())
            .count(),
        712
    );
    let numbered: usize = list
        .correlation()
        .links()
        .iter()
        .map(|l| l.lines().len())
        .sum();
    assert_eq!(numbered + list.unnumbered_links().len(), 1307);
    assert_eq!(list.lines().len(), 702);
    let hs6: BTreeSet<String> = list
        .lines()
        .iter()
        .map(|l| l.subheading().to_string())
        .collect();
    assert_eq!(hs6.len(), 409);
    assert_eq!(list.products().included().count(), 409);
    let doubtful = list
        .correlation()
        .links()
        .iter()
        .filter(|l| l.is_doubtful())
        .map(|l| l.lines().len())
        .sum::<usize>()
        + list
            .unnumbered_links()
            .iter()
            .filter(|l| l.is_doubtful())
            .count();
    // 34 lines are in doubt; 6 of them share their entry and HS6 with a
    // line that is not (entry 95 under 701990, the carbonates of entries
    // 337, 345 and 368 under 284690), so those links are certain: 28
    // lines in doubt, on 24 links.
    assert_eq!(doubtful, 28);
    assert_eq!(
        list.correlation()
            .links()
            .iter()
            .filter(|l| l.is_doubtful())
            .count(),
        24
    );
    // Every link is partial: the catalogue cites national lines.
    assert!(
        list.correlation()
            .links()
            .iter()
            .all(|l| l.link() == tradedep::metrics::Link::Partial)
    );
    // Entries in catalogue order, positions 1 to 754.
    assert!(
        list.entries()
            .iter()
            .zip(1u16..)
            .all(|(e, p)| e.position() == p)
    );
}

#[test]
fn entries_checked_against_the_measures_that_cite_their_codes() {
    let list = list();
    // MOFCOM/GAC Announcement No. 18 of 2025 (Osenc Magnet's English text):
    // samarium metal 2805301910; samarium oxide 2846901940, 2846901993,
    // 3824999922.
    assert_eq!(lines(&list, "cn:1C902.a.1"), ["2805301910"]);
    assert_eq!(
        lines(&list, "cn:1C902.b"),
        ["2846901940", "2846901993", "3824999922"]
    );
    // No. 23 of 2023: gallium metal 8112929010, 8112929090, 8112999000
    // (3818009020 stays in doubt); germanium metal 8112921010,
    // 8112921090, 8112991000 (the optical lines printed in its row are in
    // doubt).
    assert_eq!(
        lines(&list, "cn:3C001.a"),
        ["3818009020?", "8112929010", "8112929090", "8112999000"]
    );
    assert_eq!(
        lines(&list, "cn:3C002.a"),
        [
            "8112921010",
            "8112921090",
            "8112991000",
            "9001909070?",
            "9002201010?",
            "9002209010?"
        ]
    );
    // No. 33 of 2024: antimony ores 2617101000, 2617109001, 2617109090,
    // 2830902000; antimony metal 8110101000, 8110102000, 8110200000,
    // 8110900000 (the extraction had shifted the first two of each).
    assert_eq!(
        lines(&list, "cn:3C003.a"),
        ["2617101000", "2617109001", "2617109090", "2830902000"]
    );
    assert_eq!(
        lines(&list, "cn:3C003.b"),
        ["8110101000", "8110102000", "8110200000", "8110900000"]
    );
    // No. 10 of 2025: ammonium paratungstate 2841801000 (1C117.d.1).
    assert_eq!(lines(&list, "cn:1C117.d.1"), ["2841801000", "3824999923"]);
    // No. 39 of 2023: natural flake graphite 2504101000, 2504109100 and
    // spherical graphite 3801901000 among 1C108.c's lines.
    let graphite = lines(&list, "cn:1C108.c");
    for l in ["2504101000", "2504109100", "3801901000"] {
        assert!(graphite.contains(&l.to_owned()), "{graphite:?}");
    }
    // The catalogue: thionyl chloride 2812170000 under 1C450.c.14, with
    // the lithium thionyl chloride battery line 8506500019.
    assert_eq!(lines(&list, "cn:1C450.c.14"), ["2812170000", "8506500019"]);
    // Bismuth's lines, printed under magnesium (1C228) by the extraction,
    // are bismuth's (1C229, HS 8106); magnesium lists none.
    assert!(lines(&list, "cn:1C228").is_empty());
    assert_eq!(lines(&list, "cn:1C229").len(), 7);
    // China's own entries: diamond window material (2C901.a) 7104911010.
    assert_eq!(lines(&list, "cn:2C901.a"), ["7104911010"]);
    // An entry without a valid number keeps what the catalogue printed.
    let precursor = list.entries().iter().find(|e| e.position() == 754).unwrap();
    assert!(precursor.entry().is_none());
    assert_eq!(precursor.printed_code(), "N");
}

#[test]
fn the_embedded_list_agrees_with_the_transcription_in_shared_data() {
    let Some(path) = super::shared("controls/cn_dual_use_2026/entries.csv") else {
        return;
    };
    // Every line of the transcription's export rows is in the embedded
    // list (repairs move links between entries, never drop one).
    let embedded: BTreeSet<String> = list().lines().iter().map(ToString::to_string).collect();
    let mut source = BTreeSet::new();
    let mut rdr = csv::Reader::from_path(path).unwrap();
    for row in rdr.records() {
        let row = row.unwrap();
        if &row[0] == "export" && !row[5].is_empty() {
            source.insert(row[5].to_owned());
        }
    }
    assert_eq!(source.len(), 702);
    assert_eq!(source, embedded);
}

#[test]
fn the_import_list_is_a_list_of_its_own() {
    let imports = ControlList::china_dual_use_import_2026().unwrap();
    // The catalogue's README: 152 import entries, none numbered, 185
    // links over 146 distinct lines; 718 lines in both lists together.
    assert_eq!(
        imports.direction(),
        tradedep::controls::ControlDirection::Import
    );
    assert_eq!(imports.entries().len(), 152);
    assert!(imports.entries().iter().all(|e| e.entry().is_none()));
    assert!(imports.correlation().is_empty());
    assert_eq!(imports.unnumbered_links().len(), 185);
    assert_eq!(imports.lines().len(), 146);
    let exports = list();
    assert_eq!(
        exports.direction(),
        tradedep::controls::ControlDirection::Export
    );
    let all: BTreeSet<_> = exports.lines().into_iter().chain(imports.lines()).collect();
    assert_eq!(all.len(), 718);
    // Parts, by position (README "Structure"): export 1-726 main, 727-736
    // the nuclear table, 737-754 precursors; import 755-828 CWC
    // schedules, 829-891 precursors, 892-902 nuclear, 903-906 encryption.
    let count =
        |l: &ControlList, part: &str| l.entries().iter().filter(|e| e.part() == part).count();
    assert_eq!(
        (
            count(&exports, "main"),
            count(&exports, "nuclear"),
            count(&exports, "precursors")
        ),
        (726, 10, 18)
    );
    assert_eq!(
        (
            count(&imports, "cwc"),
            count(&imports, "precursors"),
            count(&imports, "nuclear"),
            count(&imports, "encryption")
        ),
        (74, 63, 11, 4)
    );
}

/// Exposure of a small, hand-made import basket under the whole list, by
/// control class: germanium (8112.92: 3C001 and 3C002), bismuth (8106.10:
/// 1C229 above 99.99%, 6C001 the rest) and frozen fish (no link).
#[test]
fn exposure_by_class_under_the_whole_list() {
    use tradedep::controls::{ControlClass, Issuer};
    use tradedep::metrics::Exposure;
    use tradedep::{Direction, Query, TradeData, TradeFlow};
    let flow = |hs: &str, v: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            hs.parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let data = TradeData::from_flows([
        flow("811292", "30 USD"),
        flow("810610", "20 USD"),
        flow("030389", "50 USD"),
    ])
    .unwrap();
    let links = list().correlation().by_class(Issuer::China);
    let e = Exposure::between(
        &data,
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        &Query::new(),
        &links,
    )
    .unwrap();
    // Every link partial: lower 0; upper the 50 of linked goods of 100.
    assert_eq!(e.bounds().lower().to_string(), "0 USD");
    assert_eq!(e.bounds().upper().to_string(), "50 USD");
    assert_eq!(e.upper_share().unwrap().to_string(), "0.5");
    let class = |s: &str| s.parse::<ControlClass>().unwrap();
    let upper = |c: &str| e.category(&class(c)).map(|b| b.upper().to_string());
    assert_eq!(upper("3C").as_deref(), Some("30 USD"));
    assert_eq!(upper("1C").as_deref(), Some("20 USD"));
    assert_eq!(upper("6C").as_deref(), Some("20 USD"));
    assert_eq!(upper("2B"), None);
    let drivers: Vec<String> = e
        .upper_drivers()
        .iter()
        .map(|(p, v)| format!("{p} {v}"))
        .collect();
    assert_eq!(drivers, ["811292 30 USD", "810610 20 USD"]);
}
