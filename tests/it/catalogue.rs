//! The reference catalogue: every measure sourced, dated as published.

use chrono::NaiveDate;
use tradedep::controls::{Catalogue, ChangeKind, Issuer};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_rule_and_figure_names_its_source() {
    let cat = Catalogue::reference().unwrap();
    assert_eq!(cat.rules().rules().len(), 12);
    for r in cat.rules().rules() {
        let i = &r.data().instrument;
        assert!(i.url.starts_with("https://"), "{}", r.id());
        assert!(!i.id.is_empty() && !r.data().notes.is_empty(), "{}", r.id());
    }
    for (key, f) in cat.figures() {
        assert!(f.url().starts_with("https://"), "{key}");
        assert!(f.value() > rust_decimal::Decimal::ZERO && f.value() < rust_decimal::Decimal::ONE);
    }
    // NRI: JPY 10.7 of 25.3 trillion, about 42%.
    let nri = cat.figure("dual_use_share_of_imports_from_china").unwrap();
    assert_eq!(nri.value().to_string(), "0.42");
}

#[test]
fn announcement_18_entries_reach_the_codes_it_cites() {
    let cat = Catalogue::reference().unwrap();
    let t = cat.correlation();
    // Samarium: metal 2805.30.19.10, targets 3824.99.99.22 and
    // 8486.90.91.10, oxide and compounds under 2846.90 (the 2026
    // catalogue and Announcement No. 18 of 2025), magnets (implied)
    // 8505.11.
    assert_eq!(
        t.products_for(&"cn:1C902".parse().unwrap()).to_string(),
        "280530, 284690, 382499, 848690, 850511"
    );
    // Gadolinium: the same, its sputtering targets (1C903.a.3) under
    // 8486.90.91.10 as the 2026 catalogue lists them, no magnets.
    assert_eq!(
        t.products_for(&"cn:1C903".parse().unwrap()).to_string(),
        "280530, 284690, 382499, 848690"
    );
    // Every link is partial: the lower exposure bound is empty.
    assert!(t.fully_linked(Issuer::China).is_empty());
}

#[test]
fn the_2026_ban_reaches_the_whole_list() {
    let cat = Catalogue::reference().unwrap();
    let ban = cat.rules().get("cn-2026-1").unwrap();
    // Every HS6 the list links (409), and the implied 8505.11 of
    // samarium-cobalt magnets.
    let scope = &ban.data().products;
    let list = cat.china_export_list().products();
    assert_eq!(scope.difference(&list).to_string(), "850511");
    assert!(list.difference(scope).is_empty());
    assert_eq!(scope.included().count(), 410);
    let (chn, jpn) = ("CHN".parse().unwrap(), "JPN".parse().unwrap());
    let on = day("2026-02-01");
    // Germanium metal (8112.92, 3C002.a), bismuth (8106.10, 1C229),
    // samarium-cobalt magnets (8505.11).
    assert!(ban.binds(chn, jpn, "811292".parse().unwrap(), on));
    assert!(ban.binds(chn, jpn, "810610".parse().unwrap(), on));
    assert!(ban.binds(chn, jpn, "850511".parse().unwrap(), on));
    // Frozen fish is no dual-use item.
    assert!(!ban.binds(chn, jpn, "030389".parse().unwrap(), on));
}

#[test]
fn the_measures_bind_on_their_published_dates() {
    let cat = Catalogue::reference().unwrap();
    let rules = cat.rules();
    let (chn, jpn, kor) = (
        "CHN".parse().unwrap(),
        "JPN".parse().unwrap(),
        "KOR".parse().unwrap(),
    );
    let ids = |exp, imp, p: &str, d: &str| -> Vec<String> {
        rules
            .binding(exp, imp, p.parse().unwrap(), day(d))
            .rules()
            .iter()
            .map(|r| r.id().to_owned())
            .collect()
    };
    assert!(ids(chn, jpn, "280530", "2025-04-03").is_empty());
    assert_eq!(ids(chn, jpn, "280530", "2025-04-04"), ["cn-2025-18"]);
    assert_eq!(ids(chn, kor, "280530", "2026-02-01"), ["cn-2025-18"]);
    assert_eq!(
        ids(chn, jpn, "280530", "2026-01-06"),
        ["cn-2026-1", "cn-2025-18"]
    );
    // No. 57 binds only once its suspension ends.
    assert_eq!(
        ids(chn, kor, "280530", "2026-11-10"),
        ["cn-2025-18", "cn-2025-57"]
    );
    // Nos. 55 and 58 (superhard materials; lithium-ion batteries) were
    // suspended before they took effect, until 10 November 2026.
    assert!(ids(chn, kor, "850760", "2026-11-09").is_empty());
    assert_eq!(ids(chn, kor, "850760", "2026-11-10"), ["cn-2025-58"]);
    assert_eq!(ids(chn, kor, "710510", "2026-11-10"), ["cn-2025-55"]);
    // The aquatic import ban: Japan to China, chapter 03.
    assert_eq!(ids(jpn, chn, "030617", "2023-08-24"), ["cn-2023-aquatic"]);
    assert!(ids(jpn, chn, "030617", "2023-08-23").is_empty());
    assert!(rules.get("cn-2026-1").unwrap().is_upper_bound());
    let pair: Vec<&str> = rules
        .for_pair(chn, jpn, day("2026-02-01"))
        .rules()
        .iter()
        .map(|r| r.id())
        .collect();
    // The ban on Japan's military users first, then the licence regimes
    // for every destination, by id.
    assert_eq!(
        pair,
        [
            "cn-2026-1",
            "cn-2023-23",
            "cn-2023-39",
            "cn-2024-33",
            "cn-2025-10",
            "cn-2025-18"
        ]
    );
    let pair: Vec<&str> = rules
        .for_pair(jpn, chn, day("2026-02-01"))
        .rules()
        .iter()
        .map(|r| r.id())
        .collect();
    assert_eq!(pair, ["cn-2023-aquatic"]);
}

#[test]
fn the_changes_come_by_date_as_announced() {
    let cat = Catalogue::reference().unwrap();
    let rules = cat.rules();
    let changes: Vec<(String, String, ChangeKind)> = rules
        .changes(day("2025-01-01"), day("2026-12-31"))
        .iter()
        .map(|c| (c.date().to_string(), c.rule().id().to_owned(), c.kind()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "2025-02-04".into(),
                "cn-2025-10".into(),
                ChangeKind::Started
            ),
            (
                "2025-04-04".into(),
                "cn-2025-18".into(),
                ChangeKind::Started
            ),
            (
                "2025-11-09".into(),
                "cn-2024-46-minerals".into(),
                ChangeKind::Suspended
            ),
            ("2026-01-06".into(), "cn-2026-1".into(), ChangeKind::Started),
            (
                "2026-11-10".into(),
                "cn-2025-55".into(),
                ChangeKind::Started
            ),
            (
                "2026-11-10".into(),
                "cn-2025-57".into(),
                ChangeKind::Started
            ),
            (
                "2026-11-10".into(),
                "cn-2025-58".into(),
                ChangeKind::Started
            ),
            (
                "2026-11-27".into(),
                "cn-2024-46-minerals".into(),
                ChangeKind::Resumed
            ),
        ]
    );
}

#[cfg(feature = "json")]
#[test]
fn the_catalogue_round_trips_through_json() {
    let cat = Catalogue::reference().unwrap();
    let json = cat.rules().to_json().unwrap();
    assert_eq!(
        &tradedep::controls::RuleSet::from_json(&json).unwrap(),
        cat.rules()
    );
}

#[test]
fn the_mineral_measures_bind_as_announced() {
    let cat = Catalogue::reference().unwrap();
    let rules = cat.rules();
    let (chn, jpn, usa) = (
        "CHN".parse().unwrap(),
        "JPN".parse().unwrap(),
        "USA".parse().unwrap(),
    );
    let ids = |imp, p: &str, d: &str| -> Vec<String> {
        rules
            .binding(chn, imp, p.parse().unwrap(), day(d))
            .rules()
            .iter()
            .map(|r| r.id().to_owned())
            .collect()
    };
    // Germanium metal (8112.92): No. 23 of 2023 from 1 August 2023.
    assert!(ids(jpn, "811292", "2023-07-31").is_empty());
    assert_eq!(ids(jpn, "811292", "2023-08-01"), ["cn-2023-23"]);
    // To the United States from 3 December 2024: both clauses of No. 46
    // (bans, by id), then the licence.
    assert_eq!(
        ids(usa, "811292", "2024-12-03"),
        ["cn-2024-46-military", "cn-2024-46-minerals", "cn-2023-23"]
    );
    // Clause 2 suspended by No. 72 of 2025 from 9 November 2025 until 27
    // November 2026; clause 1 stays.
    assert_eq!(
        ids(usa, "811292", "2025-11-09"),
        ["cn-2024-46-military", "cn-2023-23"]
    );
    assert_eq!(
        ids(usa, "811292", "2026-11-27"),
        ["cn-2024-46-military", "cn-2024-46-minerals", "cn-2023-23"]
    );
    // Antimony metal (8110.10): No. 33 of 2024 from 15 September 2024;
    // graphite (2504.10): No. 39 of 2023 from 1 December 2023; bismuth
    // (8106.10): No. 10 of 2025 from 4 February 2025 (and its 1C229
    // high-purity lines are not in No. 10's scope, but 6C001's are).
    assert!(ids(jpn, "811010", "2024-09-14").is_empty());
    assert_eq!(ids(jpn, "811010", "2024-09-15"), ["cn-2024-33"]);
    assert_eq!(ids(jpn, "250410", "2023-12-01"), ["cn-2023-39"]);
    assert!(ids(jpn, "250410", "2023-11-30").is_empty());
    assert_eq!(ids(jpn, "810690", "2025-02-04"), ["cn-2025-10"]);
}
