//! Control rules and rule sets: dates, scope, precedence, validation.

use chrono::NaiveDate;
use tradedep::controls::{
    ChangeKind, ControlDirection, EndUse, Instrument, Measure, Rule, RuleBuilder, RuleSet, Targets,
};
use tradedep::{Economy, EconomyGroup, ErrorKind, HsCode, ProductSelector};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn eco(s: &str) -> Economy {
    s.parse().unwrap()
}

fn hs(s: &str) -> HsCode {
    s.parse().unwrap()
}

fn instrument(id: &str, announced: &str) -> Instrument {
    Instrument {
        id: id.into(),
        title: String::new(),
        announced: day(announced),
        url: String::new(),
    }
}

fn rule(id: &str, products: &str, measure: Measure, from: &str) -> RuleBuilder {
    Rule::builder(
        id,
        eco("CHN"),
        instrument(id, from),
        ControlDirection::Export,
        products.parse::<ProductSelector>().unwrap(),
        measure,
        day(from),
    )
}

/// A rule in force from 2025-11-08, suspended over [2025-11-10,
/// 2026-11-10).
fn suspended() -> Rule {
    let licence = Measure::Licence {
        approval_rate: "0.5".parse().unwrap(),
    };
    rule("oct-2025", "2805, 2846", licence, "2025-11-08")
        .suspend(day("2025-11-10"), Some(day("2026-11-10")))
        .build()
        .unwrap()
}

/// MOFCOM/GAC Announcement No. 57 of 2025 (9 October 2025; five more
/// medium and heavy rare earths, holmium among them) was to take effect
/// on 8 November 2025, but Announcement No. 70 of 2025 suspended it from
/// 7 November 2025 until 10 November 2026 (MOFCOM, as reported by
/// Resilinc, <https://resilinc.ai/blog/chinas-export-pause-reveals-trade-policy-supply-chain-risk>,
/// and Pillsbury, <https://www.pillsburylaw.com/en/news-and-insights/china-suspends-export-controls-certain-critical-minerals-related-items.html>).
#[test]
fn a_measure_suspended_before_its_first_day_starts_when_the_suspension_ends() {
    let licence = Measure::Licence {
        approval_rate: "0.5".parse().unwrap(),
    };
    let r = rule("no-57", "2805, 2846", licence, "2025-11-08")
        .suspend(day("2025-11-07"), Some(day("2026-11-10")))
        .build()
        .unwrap();
    assert!(!r.in_force(day("2025-11-08")));
    assert!(!r.in_force(day("2026-11-09")));
    assert!(r.in_force(day("2026-11-10")));
    let set = RuleSet::new([r]).unwrap();
    let changes: Vec<_> = set
        .changes(day("2025-01-01"), day("2027-01-01"))
        .iter()
        .map(|c| (c.date().to_string(), c.kind()))
        .collect();
    assert_eq!(changes, [("2026-11-10".to_owned(), ChangeKind::Started)]);
}

#[test]
fn a_rule_binds_from_its_first_day_not_before() {
    let r = rule("r", "2805", Measure::Ban, "2026-01-06")
        .build()
        .unwrap();
    let binds = |d: &str| r.binds(eco("CHN"), eco("JPN"), hs("280530"), day(d));
    assert!(!binds("2026-01-05"));
    assert!(binds("2026-01-06"));
    assert!(binds("2030-01-01"));
}

#[test]
fn the_end_date_is_the_first_day_without_the_rule() {
    let r = rule("r", "2805", Measure::Ban, "2026-01-06")
        .until(day("2026-03-01"))
        .build()
        .unwrap();
    assert!(r.in_force(day("2026-02-28")));
    assert!(!r.in_force(day("2026-03-01")));
}

#[test]
fn a_suspension_lifts_the_rule_and_it_binds_again_after() {
    let r = suspended();
    assert!(r.in_force(day("2025-11-08")));
    assert!(r.in_force(day("2025-11-09")));
    assert!(!r.in_force(day("2025-11-10")));
    assert!(!r.in_force(day("2026-11-09")));
    assert!(r.in_force(day("2026-11-10")));
}

#[test]
fn scope_targets_and_direction_decide_what_binds() {
    let japan = EconomyGroup::new("Japan", ["JPN"]).unwrap();
    let r = rule("r", "28, -2804", Measure::Ban, "2026-01-06")
        .targets(Targets::Only(japan.clone()))
        .end_use(EndUse::Military)
        .exempt(&"280530".parse().unwrap())
        .build()
        .unwrap();
    let d = day("2026-02-01");
    assert!(r.binds(eco("CHN"), eco("JPN"), hs("284690"), d));
    assert!(!r.binds(eco("CHN"), eco("JPN"), hs("280530"), d)); // exempt
    assert!(!r.binds(eco("CHN"), eco("JPN"), hs("280440"), d)); // excluded
    assert!(!r.binds(eco("CHN"), eco("KOR"), hs("284690"), d)); // not targeted
    assert!(!r.binds(eco("JPN"), eco("CHN"), hs("284690"), d)); // wrong way
    assert!(r.is_upper_bound());

    // An import control (China's suspension of Japanese seafood imports,
    // 24 August 2023): the issuer is the importer, targets are origins.
    let seafood = Rule::builder(
        "seafood",
        eco("CHN"),
        instrument("GAC announcement, 24 August 2023", "2023-08-24"),
        ControlDirection::Import,
        "03".parse().unwrap(),
        Measure::Ban,
        day("2023-08-24"),
    )
    .targets(Targets::Only(japan))
    .build()
    .unwrap();
    assert!(seafood.binds(eco("JPN"), eco("CHN"), hs("030617"), d));
    assert!(!seafood.binds(eco("CHN"), eco("JPN"), hs("030617"), d));
    assert!(!seafood.is_upper_bound());

    let except = rule("x", "28", Measure::Ban, "2026-01-06")
        .targets(Targets::AllExcept(
            EconomyGroup::new("US", ["USA"]).unwrap(),
        ))
        .build()
        .unwrap();
    assert!(except.binds(eco("CHN"), eco("JPN"), hs("284690"), d));
    assert!(!except.binds(eco("CHN"), eco("USA"), hs("284690"), d));
}

#[test]
fn the_most_restrictive_rule_decides_and_all_are_listed() {
    let set = RuleSet::new([
        rule(
            "tax",
            "28",
            Measure::Tax {
                rate: "0.25".parse().unwrap(),
            },
            "2025-01-01",
        )
        .build()
        .unwrap(),
        rule(
            "licence-90",
            "28",
            Measure::Licence {
                approval_rate: "0.9".parse().unwrap(),
            },
            "2025-01-01",
        )
        .build()
        .unwrap(),
        rule(
            "licence-10",
            "28",
            Measure::Licence {
                approval_rate: "0.1".parse().unwrap(),
            },
            "2025-01-01",
        )
        .build()
        .unwrap(),
        rule("ban", "2805", Measure::Ban, "2026-01-06")
            .build()
            .unwrap(),
    ])
    .unwrap();
    let ids = |d: &str, p: &str| -> Vec<String> {
        set.binding(eco("CHN"), eco("JPN"), hs(p), day(d))
            .rules()
            .iter()
            .map(|r| r.id().to_owned())
            .collect()
    };
    assert_eq!(
        ids("2025-06-01", "280530"),
        ["licence-10", "licence-90", "tax"]
    );
    assert_eq!(
        ids("2026-06-01", "280530"),
        ["ban", "licence-10", "licence-90", "tax"]
    );
    assert_eq!(
        ids("2026-06-01", "284690"),
        ["licence-10", "licence-90", "tax"]
    );
    assert!(
        set.binding(eco("CHN"), eco("JPN"), hs("850511"), day("2026-06-01"))
            .is_free()
    );
}

#[test]
fn changes_between_two_dates() {
    let set = RuleSet::new([
        suspended(),
        rule("ban", "2805", Measure::Ban, "2026-01-06")
            .build()
            .unwrap(),
    ])
    .unwrap();
    let changes: Vec<(String, String, ChangeKind)> = set
        .changes(day("2025-11-08"), day("2026-12-31"))
        .iter()
        .map(|c| (c.date().to_string(), c.rule().id().to_owned(), c.kind()))
        .collect();
    // The start on 2025-11-08 itself is not after `from`, so not listed.
    assert_eq!(
        changes,
        [
            (
                "2025-11-10".into(),
                "oct-2025".into(),
                ChangeKind::Suspended
            ),
            ("2026-01-06".into(), "ban".into(), ChangeKind::Started),
            ("2026-11-10".into(), "oct-2025".into(), ChangeKind::Resumed),
        ]
    );
}

#[test]
fn inconsistent_rules_are_errors_that_name_the_rule() {
    let cases: Vec<(RuleBuilder, &str)> = vec![
        (
            rule("a", "28", Measure::Ban, "2026-01-06").until(day("2026-01-06")),
            "not after it starts",
        ),
        (
            rule("b", "28", Measure::Ban, "2026-01-06")
                .suspend(day("2025-12-01"), Some(day("2026-01-06"))),
            "outside the rule's life",
        ),
        (
            rule("c", "28", Measure::Ban, "2026-01-06")
                .until(day("2026-06-01"))
                .suspend(day("2026-06-01"), None),
            "outside the rule's life",
        ),
        (
            rule("d", "28", Measure::Ban, "2026-01-06")
                .suspend(day("2026-03-01"), Some(day("2026-02-01"))),
            "ends before it starts",
        ),
        (
            rule(
                "f",
                "28",
                Measure::Tax {
                    rate: "-0.1".parse().unwrap(),
                },
                "2026-01-06",
            ),
            "negative",
        ),
        (
            rule("g", "28", Measure::Ban, "2026-01-06").targets(Targets::Only(
                EconomyGroup::new("none", Vec::<&str>::new()).unwrap(),
            )),
            "empty group",
        ),
    ];
    for (builder, says) in cases {
        let e = builder.build().unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Rule { .. }), "{e}");
        assert!(e.to_string().contains(says), "{e}");
    }
    let empty = Rule::builder(
        "h",
        eco("CHN"),
        instrument("h", "2026-01-06"),
        ControlDirection::Export,
        ProductSelector::new(),
        Measure::Ban,
        day("2026-01-06"),
    )
    .build()
    .unwrap_err();
    assert!(empty.to_string().contains("product scope is empty"));
    let twice = RuleSet::new([
        rule("same", "28", Measure::Ban, "2026-01-06")
            .build()
            .unwrap(),
        rule("same", "85", Measure::Ban, "2026-01-06")
            .build()
            .unwrap(),
    ])
    .unwrap_err();
    assert!(twice.to_string().contains("already in the set"));
}

#[cfg(feature = "json")]
#[test]
fn rule_sets_round_trip_through_json_and_are_validated_on_read() {
    let set = RuleSet::new([
        suspended(),
        rule("ban", "2805, -280530", Measure::Ban, "2026-01-06")
            .targets(Targets::Only(EconomyGroup::new("Japan", ["JPN"]).unwrap()))
            .end_use(EndUse::Military)
            .notes("military end users")
            .build()
            .unwrap(),
    ])
    .unwrap();
    let json = set.to_json().unwrap();
    assert_eq!(RuleSet::from_json(&json).unwrap(), set);
    // An edited file with an end before the start is rejected on read.
    let broken = json.replacen("\"until\": null", "\"until\": \"2020-01-01\"", 1);
    let e = RuleSet::from_json(&broken).unwrap_err();
    assert!(e.to_string().contains("not after it starts"), "{e}");
}

/// An approval rate outside 0 to 1, or a range upside down, cannot be
/// made or read; a range survives JSON as its text.
#[cfg(feature = "json")]
#[test]
fn approval_rates_are_checked_where_made_and_read() {
    use tradedep::controls::Approval;
    for bad in ["1.2", "-0.1", "0.7..0.6", "0.2..1.5", "half"] {
        assert!(bad.parse::<Approval>().is_err(), "{bad}");
    }
    let e = "1.2".parse::<Approval>().unwrap_err();
    assert!(e.to_string().contains("approval rate"), "{e}");
    let set = RuleSet::new([rule(
        "licence",
        "2846",
        Measure::Licence {
            approval_rate: "0.2..0.6".parse().unwrap(),
        },
        "2025-04-04",
    )
    .build()
    .unwrap()])
    .unwrap();
    let json = set.to_json().unwrap();
    assert!(json.contains("\"approval_rate\": \"0.2..0.6\""), "{json}");
    assert_eq!(RuleSet::from_json(&json).unwrap(), set);
    let broken = json.replace("0.2..0.6", "1.2");
    let e = RuleSet::from_json(&broken).unwrap_err();
    assert!(e.to_string().contains("approval rate"), "{e}");
}

/// The three overlapping-rule cases a new user met: each rule's share
/// and the combined interval.
#[test]
fn overlapping_rules_combine_as_honest_intervals() {
    use rust_decimal::Decimal;
    use tradedep::EconomyGroup;
    use tradedep::controls::{
        ControlDirection, EndUse, Instrument, Measure, Rule, RuleSet, Targets, Uncertainty,
    };
    let day: chrono::NaiveDate = "2026-01-06".parse().unwrap();
    let japan = EconomyGroup::new("Japan", ["JPN"]).unwrap();
    let rule = |id: &str, scope: &str, measure: Measure, military: bool| {
        let mut b = Rule::builder(
            id,
            "CHN".parse().unwrap(),
            Instrument {
                id: id.into(),
                title: String::new(),
                announced: day,
                url: String::new(),
            },
            ControlDirection::Export,
            scope.parse().unwrap(),
            measure,
            day,
        )
        .targets(Targets::Only(japan.clone()));
        if military {
            b = b.end_use(EndUse::Military);
        }
        b.build().unwrap()
    };
    let (chn, jpn) = ("CHN".parse().unwrap(), "JPN".parse().unwrap());
    let share = |set: &RuleSet| {
        let s = set
            .binding(chn, jpn, "280530".parse().unwrap(), day)
            .blocked_share();
        (s.lower().to_string(), s.upper().to_string())
    };
    // A ban on everyone beside a ban on military users only: the ban on
    // everyone decides the lower bound, whatever the order of precedence.
    let bans = RuleSet::new([
        rule("military", "2805", Measure::Ban, true),
        rule("all", "2805", Measure::Ban, false),
    ])
    .unwrap();
    assert_eq!(share(&bans), ("1".into(), "1".into()));
    // A military-only ban and a licence for everyone at 50% approval:
    // [0.5, 1].
    let half = Measure::Licence {
        approval_rate: tradedep::controls::Approval::fixed(Decimal::new(5, 1)).unwrap(),
    };
    let mixed = RuleSet::new([
        rule("military", "2805", Measure::Ban, true),
        rule("licence", "2805", half, false),
    ])
    .unwrap();
    assert_eq!(share(&mixed), ("0.5".into(), "1".into()));
    let b = mixed.binding(chn, jpn, "280530".parse().unwrap(), day);
    let why: Vec<(&str, String, Vec<Uncertainty>)> = b
        .rule_shares()
        .map(|(r, s, why)| (r.id(), s.to_string(), why))
        .collect();
    assert_eq!(
        why,
        [
            ("military", "[0, 1]".to_owned(), vec![Uncertainty::EndUsers]),
            ("licence", "[0.5, 0.5]".to_owned(), vec![]),
        ]
    );
    // A ban whose scope comes from a partial link (China's list links
    // 2805301910, a national line, to cn:1C902.a.1): lower 0.
    let list = tradedep::controls::ControlList::china_dual_use_export_2026().unwrap();
    let scope = list.correlation().selector("cn:1C902").unwrap();
    let partial = Rule::builder(
        "partial",
        chn,
        Instrument {
            id: "partial".into(),
            title: String::new(),
            announced: day,
            url: String::new(),
        },
        ControlDirection::Export,
        scope,
        Measure::Ban,
        day,
    )
    .certain(
        list.correlation()
            .fully_linked(tradedep::controls::Issuer::China),
    )
    .build()
    .unwrap();
    let set = RuleSet::new([partial]).unwrap();
    let b = set.binding(chn, jpn, "848690".parse().unwrap(), day);
    assert_eq!(b.blocked_share().to_string(), "[0, 1]");
    assert_eq!(
        b.rule_shares().next().unwrap().2,
        [Uncertainty::PartialLink]
    );
}
