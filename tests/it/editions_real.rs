//! UNSD's correlation and conversion tables between consecutive HS
//! editions (`../shared/data/hs_concordance/restricted-tests-only/`, test
//! data only: their licence is not stated). Counts from its README.

use tradedep::HsEdition;
use tradedep::concordance::{Concordance, GroupKind};

use super::shared;

pub(crate) fn table(name: &str) -> Option<Concordance> {
    let p = shared(&format!("hs_concordance/restricted-tests-only/{name}.csv"))?;
    Some(Concordance::read_csv_path(p).unwrap())
}

#[test]
fn the_tables_read_with_the_readme_counts() {
    // README: rows, from codes, to codes of each table.
    let counts = [
        ("hs1996_to_hs1992", 5_426, 5_113, 5_020),
        ("hs2002_to_hs1996", 5_611, 5_224, 5_113),
        ("hs2007_to_hs2002", 5_664, 5_052, 5_224),
        ("hs2012_to_hs2007", 5_364, 5_205, 5_051),
        ("hs2017_to_hs2012", 6_141, 5_388, 5_206),
        ("hs2022_to_hs2017", 15_657, 5_613, 5_387),
    ];
    for (name, rows, from, to) in counts {
        let Some(c) = table(name) else { return };
        assert_eq!(c.len(), rows, "{name}");
        assert_eq!(c.source_codes().len(), from, "{name}");
        assert_eq!(c.target_codes().len(), to, "{name}");
        assert!(!c.is_conversion());
        let conv = table(&format!("{name}_conversion")).unwrap();
        assert!(conv.is_conversion(), "{name}");
    }
    let c = table("hs2022_to_hs2017").unwrap();
    assert_eq!(c.from_edition(), HsEdition::Hs2022);
    assert_eq!(c.to_edition(), HsEdition::Hs2017);
}

#[test]
fn the_largest_group_of_2022_is_the_one_8524_and_8549_make() {
    let Some(c) = table("hs2022_to_hs2017") else {
        return;
    };
    let groups = c.groups();
    let largest = groups.iter().max_by_key(|g| g.links()).unwrap();
    // README: one huge group of 11,090 links, 1,167 HS2022 codes and 1,091
    // HS2017 codes, pulled together by 8549 (six codes, each to 1,019
    // HS2017 codes) and 8524 (six codes, each to 483).
    assert_eq!(largest.links(), 11_090);
    assert_eq!(largest.sources().len(), 1_167);
    assert_eq!(largest.targets().len(), 1_091);
    assert_eq!(largest.kind(), GroupKind::ManyToMany);
    assert!(largest.sources().contains(&"854921".parse().unwrap()));
    assert!(largest.sources().contains(&"852411".parse().unwrap()));
    assert_eq!(c.targets("854921".parse().unwrap()).len(), 1_019);
    assert_eq!(c.targets("852411".parse().unwrap()).len(), 483);
    // Every link is in exactly one group.
    assert_eq!(
        groups
            .iter()
            .map(tradedep::concordance::Group::links)
            .sum::<usize>(),
        c.len()
    );
}

#[test]
fn chains_report_the_unsd_gaps() {
    let names = [
        "hs1996_to_hs1992",
        "hs2002_to_hs1996",
        "hs2007_to_hs2002",
        "hs2012_to_hs2007",
        "hs2017_to_hs2012",
        "hs2022_to_hs2017",
    ];
    let Some(steps) = names
        .iter()
        .rev()
        .map(|n| table(n))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    // HS2022 -> HS1992, newest first.
    let (down, report) = Concordance::chain(&steps).unwrap();
    assert_eq!(down.from_edition(), HsEdition::Hs2022);
    assert_eq!(down.to_edition(), HsEdition::Hs1992);
    // The one dead end: 999999 (commodities not specified), which only the
    // 2017 and 2022 tables carry (README), stops at HS2012.
    assert_eq!(
        report.dead_ends(),
        &[(
            HsEdition::Hs2012,
            tradedep::HsCode::special("999999").unwrap()
        )]
    );
    // HS1992 -> HS2022, oldest first: reversed steps. HS2007 291636 has no
    // link in the 2012 table, and HS2017 300219 none in the 2022 one
    // (README: UNSD gaps).
    let up: Vec<Concordance> = steps.iter().rev().map(Concordance::reverse).collect();
    let (c, report) = Concordance::chain(&up).unwrap();
    assert_eq!(c.from_edition(), HsEdition::Hs1992);
    assert_eq!(c.to_edition(), HsEdition::Hs2022);
    let dead: Vec<String> = report
        .dead_ends()
        .iter()
        .map(|(e, c)| format!("{e}:{c}"))
        .collect();
    assert!(dead.contains(&"HS2007:291636".to_owned()), "{dead:?}");
    assert!(dead.contains(&"HS2017:300219".to_owned()), "{dead:?}");
}

fn hs2022_subheadings() -> Option<Vec<tradedep::HsCode>> {
    let p = shared("hs2022/harmonized-system.csv")?;
    let text = std::fs::read_to_string(p).unwrap();
    Some(
        text.lines()
            .skip(1)
            .filter(|l| l.ends_with(",6"))
            .map(|l| {
                let code = l.split(',').nth(1).unwrap();
                tradedep::HsCode::subheading_lenient(code).unwrap()
            })
            .collect(),
    )
}

fn one_of_each(codes: &[tradedep::HsCode], edition: HsEdition) -> tradedep::TradeData {
    tradedep::TradeData::from_flows(codes.iter().map(|c| {
        tradedep::TradeFlow::new(
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            tradedep::Direction::Import,
            c.with_edition(edition),
            "2024".parse().unwrap(),
            "1000.001 USD".parse().unwrap(),
        )
        .unwrap()
    }))
    .unwrap()
}

#[test]
fn every_hs2022_subheading_converts_to_hs2017_and_back_conserving_the_total() {
    use tradedep::concordance::{Unmatched, Weights};
    let (Some(down), Some(codes)) = (table("hs2022_to_hs2017"), hs2022_subheadings()) else {
        return;
    };
    // README: the table's HS2022 side is exactly the nomenclature's 5,613
    // subheadings (999999 included, which the nomenclature lists).
    assert_eq!(codes.len(), 5_613);
    let data = one_of_each(&codes, HsEdition::Hs2022);
    let total = data.total(&tradedep::Query::new()).unwrap();
    let there = down
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap();
    assert!(there.report().skipped().is_empty());
    assert_eq!(there.data().total(&tradedep::Query::new()).unwrap(), total);
    assert_eq!(there.data().editions(), [Some(HsEdition::Hs2017)]);
    let back = down
        .reverse()
        .convert(there.data(), &Weights::equal(), Unmatched::Error)
        .unwrap();
    assert_eq!(back.data().total(&tradedep::Query::new()).unwrap(), total);
    // 124 of the 5,613 HS2022 codes have more than one HS2017 target
    // (counted from the table's rows): their value, all of the same size
    // here, is the split's share.
    let share = there.report().split_share().unwrap();
    let want = rust_decimal::Decimal::from(124) / rust_decimal::Decimal::from(5_613);
    assert!((share - want).abs() < "1e-20".parse().unwrap(), "{share}");
}

#[test]
fn one_to_one_codes_round_trip_to_themselves() {
    use tradedep::concordance::{GroupKind, Unmatched, Weights};
    let Some(c) = table("hs2022_to_hs2017") else {
        return;
    };
    let ones: Vec<tradedep::HsCode> = c
        .groups()
        .iter()
        .filter(|g| g.kind() == GroupKind::OneToOne && g.sources() == g.targets())
        .map(|g| g.sources()[0])
        .collect();
    // README: 4,097 links are labelled 1:1; codes unchanged by the edition.
    assert!(ones.len() > 3_500, "{}", ones.len());
    let up = c.reverse();
    let data = one_of_each(&ones, HsEdition::Hs2017);
    let there = up
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap();
    let back = c
        .convert(there.data(), &Weights::equal(), Unmatched::Error)
        .unwrap();
    assert_eq!(back.data(), &data);
    assert_eq!(there.report().split().to_string(), "0 USD");
}

/// A synthetic HS2017 year: every HS2017 code of `down`'s targets, from
/// China and the United States to Japan and Korea, of values that differ
/// from flow to flow.
fn synthetic_2017_year(down: &Concordance) -> tradedep::TradeData {
    let pairs = [
        ("JPN", "CHN"),
        ("JPN", "USA"),
        ("KOR", "CHN"),
        ("KOR", "USA"),
    ];
    let codes = down.target_codes();
    tradedep::TradeData::from_flows(codes.iter().enumerate().flat_map(|(i, c)| {
        pairs.iter().enumerate().map(move |(k, (m, x))| {
            tradedep::TradeFlow::new(
                m.parse().unwrap(),
                x.parse().unwrap(),
                tradedep::Direction::Import,
                c.with_edition(HsEdition::Hs2017),
                "2019".parse().unwrap(),
                format!("{}.5 USD", 100 + (i * 7 + k * 13) % 97)
                    .parse()
                    .unwrap(),
            )
            .unwrap()
        })
    }))
    .unwrap()
}

#[test]
fn screen_and_exposure_bounds_from_the_converted_list_contain_the_converted_year() {
    use tradedep::Query;
    use tradedep::concordance::{Unmatched, Weights};
    use tradedep::controls::ControlList;
    use tradedep::metrics::{Exposure, SelectorExposure};
    let Some(down) = table("hs2022_to_hs2017") else {
        return;
    };
    // China's 2026 list, in HS2022 codes: as a selector and as links.
    let list = ControlList::china_dual_use_export_2026().unwrap();
    let s2022 = list.products();
    let l2022 = list.correlation().by_entry();
    let data = synthetic_2017_year(&down);
    // The list converted to HS2017 gives bounds on the HS2017 year.
    let s2017 = down.convert_selector(&s2022, Unmatched::Skip).unwrap();
    assert!(!s2017.partial().is_empty());
    let l2017 = down
        .convert_correlation(list.correlation(), Unmatched::Skip)
        .unwrap()
        .by_entry();
    let all = Query::new();
    let lower = SelectorExposure::by_pair(&data, &all, s2017.certain()).unwrap();
    let upper = SelectorExposure::by_pair(&data, &all, s2017.possible()).unwrap();
    // The year converted to HS2022 (by any weights) lands between them,
    // pair by pair: in the screen's selected value and in the exposure's
    // lower and upper bounds.
    let up = down.reverse();
    let reference = up
        .convert(&data, &Weights::equal(), Unmatched::Skip)
        .unwrap();
    let trade = Weights::trade(reference.data(), &all).unwrap();
    let mut strict = 0;
    for w in [Weights::equal(), trade] {
        let y2022 = up.convert(&data, &w, Unmatched::Skip).unwrap();
        let exact = SelectorExposure::by_pair(y2022.data(), &all, &s2022).unwrap();
        assert_eq!(exact.rows().len(), 4);
        for row in exact.rows() {
            let (im, ex) = (row.importer(), row.exporter());
            let (lo, hi) = (lower.get(im, ex).unwrap(), upper.get(im, ex).unwrap());
            let (s_lo, sel, s_hi) = (
                lo.selected().amount(),
                row.selected().amount(),
                hi.selected().amount(),
            );
            // Every flow converts: the pair's trade is the same in both.
            assert_eq!(row.value(), lo.value());
            assert!(
                s_lo <= sel && sel <= s_hi,
                "{im} {ex}: {s_lo} <= {sel} <= {s_hi}"
            );
            strict += usize::from(s_lo < s_hi);
            let inner = Exposure::between(y2022.data(), im, ex, &all, &l2022).unwrap();
            let outer = Exposure::between(&data, im, ex, &all, &l2017).unwrap();
            let (inb, outb) = (inner.bounds(), outer.bounds());
            let (il, iu, ol, ou) = (
                inb.lower().amount(),
                inb.upper().amount(),
                outb.lower().amount(),
                outb.upper().amount(),
            );
            assert!(ol <= il, "{im} {ex}: {ol} <= {il}");
            assert!(iu <= ou, "{im} {ex}: {iu} <= {ou}");
            // The list's product scope also holds the lines no entry
            // number claims (`unnumbered_links`), which the correlation
            // table leaves out: the screen's selection covers the
            // exposure's upper bound, in both editions.
            assert!(
                iu <= sel && ou <= s_hi,
                "{im} {ex}: {iu} <= {sel}, {ou} <= {s_hi}"
            );
        }
    }
    // The bounds are not all degenerate: the conversion's splits widen them.
    assert_eq!(strict, 8);
}
