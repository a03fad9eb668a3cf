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
