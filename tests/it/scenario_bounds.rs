//! Bounds through the scenario chain: the cases a new user met, and the
//! ones a review found, each worked out by hand.
//!
//! The world of `scenario.rs` where a test says so: CHN -> JPN 850511
//! 100 and 284690 50; VNM -> JPN 850511 20; VNM -> USA 850511 40 and
//! 284690 10; CHN -> USA 284690 30 (USD, 2024).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tradedep::controls::{
    ControlDirection, EndUse, Instrument, Measure, Rule, RuleBuilder, RuleSet, Targets, Uncertainty,
};
use tradedep::scenario::{Bounds, Case, Scenario, ScenarioResult};
use tradedep::{Direction, EconomyGroup, Query, TradeData, TradeFlow};

use super::scenario::world;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn bounds(lower: &str, upper: &str) -> Bounds {
    Bounds::new(d(lower), d(upper)).unwrap()
}

fn rule(id: &str, products: &str, measure: Measure, from: &str) -> RuleBuilder {
    Rule::builder(
        id,
        "CHN".parse().unwrap(),
        Instrument {
            id: id.into(),
            title: String::new(),
            announced: day(from),
            url: String::new(),
        },
        ControlDirection::Export,
        products.parse().unwrap(),
        measure,
        day(from),
    )
}

/// Flows from China, 2024, USD: `(importer, product, value)`.
fn from_china(flows: &[(&str, &str, &str)]) -> TradeData {
    TradeData::from_flows(flows.iter().map(|(imp, hs, v)| {
        TradeFlow::new(
            imp.parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            hs.parse().unwrap(),
            "2024".parse().unwrap(),
            format!("{v} USD").parse().unwrap(),
        )
        .unwrap()
    }))
    .unwrap()
}

fn run(data: &TradeData, rules: Vec<Rule>, baseline: Query) -> ScenarioResult {
    Scenario::new(data, RuleSet::new(rules).unwrap(), day("2026-02-01"))
        .baseline(baseline)
        .run()
        .unwrap()
}

fn licence(rate: &str) -> Measure {
    Measure::Licence {
        approval_rate: rate.parse().unwrap(),
    }
}

fn cap(usd: &str) -> Measure {
    Measure::ValueCap {
        cap: format!("{usd} USD").parse().unwrap(),
        per: tradedep::Frequency::Annual,
    }
}

/// The cases a new user met before bounds: each binding rule now counts
/// in the best case only where it certainly reaches the flow.
#[test]
fn overlapping_rules_and_partial_links_give_honest_bounds() {
    let one = |hs: &str, v: &str| {
        TradeData::from_flows([TradeFlow::new(
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            hs.parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()])
        .unwrap()
    };
    let run = |data: &TradeData, rules: Vec<Rule>| {
        Scenario::new(data, RuleSet::new(rules).unwrap(), day("2026-02-01"))
            .run()
            .unwrap()
            .direct()
            .blocked()
    };
    let data = one("284690", "100 USD");
    let military_ban = || {
        rule("military", "2846", Measure::Ban, "2026-01-06")
            .end_use(EndUse::Military)
            .build()
            .unwrap()
    };
    // A ban on everyone beside a "stricter-looking" military-only ban:
    // the ban on everyone decides, 100 certain.
    let everyone = rule("everyone", "2846", Measure::Ban, "2026-01-06")
        .build()
        .unwrap();
    assert_eq!(
        run(&data, vec![military_ban(), everyone]),
        bounds("100", "100")
    );
    // A military-only ban and a licence for everyone at 50%: half of the
    // flow certainly, all of it at most.
    let half = rule(
        "half",
        "2846",
        Measure::Licence {
            approval_rate: "0.5".parse().unwrap(),
        },
        "2025-04-04",
    )
    .build()
    .unwrap();
    assert_eq!(run(&data, vec![military_ban(), half]), bounds("50", "100"));

    // A rule over China's list entry 1C902 (rare-earth items), which
    // reaches 848690 only through a partial link (the 10-digit line
    // 8486909110): nothing certain, up to the whole flow.
    let catalogue = tradedep::controls::Catalogue::reference().unwrap();
    let table = catalogue.correlation();
    let scope = table.selector("cn:1C902").unwrap();
    assert!(scope.matches("848690".parse().unwrap()));
    let partial = Rule::builder(
        "1C902",
        "CHN".parse().unwrap(),
        Instrument {
            id: "a ban on 1C902".into(),
            title: String::new(),
            announced: day("2026-01-06"),
            url: String::new(),
        },
        ControlDirection::Export,
        scope,
        Measure::Ban,
        day("2026-01-06"),
    )
    .certain(table.fully_linked(tradedep::controls::Issuer::China))
    .build()
    .unwrap();
    let machines = one("848690", "1000000 USD");
    let r = Scenario::new(
        &machines,
        RuleSet::new([partial]).unwrap(),
        day("2026-02-01"),
    )
    .run()
    .unwrap();
    assert_eq!(r.direct().blocked(), bounds("0", "1000000"));
    assert_eq!(
        r.direct().rows()[0].uncertainty(),
        [Uncertainty::PartialLink]
    );
    assert_eq!(r.substitution().shortfall(), bounds("0", "1000000"));
}

/// Two caps on the same flows, and a cap beside a ban: the best case
/// counts only what certainly reaches a cap.
#[test]
fn caps_beside_other_rules_keep_their_bounds() {
    // CHN -> JPN 284690: 50; CHN -> USA 284690: 30 (the world above). A
    // cap of 40 a year on 2846, and a military-only ban on 2846 to Japan.
    // Worst case: the cap counts all 80, excess 40, half of each flow;
    // Japan's flow may also be banned outright: up to 50. Best case: the
    // ban may take all of Japan's 50 away from the cap, leaving the US's
    // 30 under a cap of 40: nothing certain.
    let data = world();
    let cap = rule(
        "cap",
        "2846",
        Measure::ValueCap {
            cap: "40 USD".parse().unwrap(),
            per: tradedep::Frequency::Annual,
        },
        "2025-01-01",
    )
    .build()
    .unwrap();
    let ban = rule("ban", "2846", Measure::Ban, "2026-01-06")
        .targets(Targets::Only(EconomyGroup::new("Japan", ["JPN"]).unwrap()))
        .end_use(EndUse::Military)
        .build()
        .unwrap();
    let r = Scenario::new(&data, RuleSet::new([cap, ban]).unwrap(), day("2026-02-01"))
        .run()
        .unwrap();
    let by = r.direct().by_importer();
    assert_eq!(
        by.bounds(&"JPN".parse().unwrap(), 2),
        Some(bounds("0", "50"))
    );
    assert_eq!(
        by.bounds(&"USA".parse().unwrap(), 2),
        Some(bounds("0", "15"))
    );
    let usa = r
        .direct()
        .rows()
        .iter()
        .find(|x| {
            x.importer() == "USA".parse().unwrap() && x.product() == "284690".parse().unwrap()
        })
        .unwrap();
    assert_eq!(usa.uncertainty(), [Uncertainty::Cap]);
}

/// A rule that reaches only part of a coarse flow counts in the worst
/// case even beside a rule that covers the whole flow; and a scope that
/// exempts part of a heading does not cover the heading certainly.
#[test]
fn rules_reaching_part_of_a_coarse_flow_widen_the_worst_case() {
    let data = from_china(&[("JPN", "2805", "100")]);
    // A licence at 0.5 on chapter 28 covers the heading; a ban on 280530
    // reaches part of it: [50, min(100, 50 + 100)].
    let r = run(
        &data,
        vec![
            rule("licence", "28", licence("0.5"), "2025-01-01")
                .build()
                .unwrap(),
            rule("ban", "280530", Measure::Ban, "2025-01-01")
                .build()
                .unwrap(),
        ],
        Query::new(),
    );
    assert_eq!(r.direct().blocked(), bounds("50", "100"));
    assert_eq!(
        r.direct().rows()[0].uncertainty(),
        [Uncertainty::CoarseFlow]
    );
    // A ban on 2805 but for 280530: the heading is not all in scope.
    let r = run(
        &data,
        vec![
            rule("ban", "2805, -280530", Measure::Ban, "2025-01-01")
                .build()
                .unwrap(),
        ],
        Query::new(),
    );
    assert_eq!(r.direct().blocked(), bounds("0", "100"));
    let r = run(
        &data,
        vec![
            rule("ban", "2805", Measure::Ban, "2025-01-01")
                .exempt(&"280530".parse().unwrap())
                .build()
                .unwrap(),
        ],
        Query::new(),
    );
    assert_eq!(r.direct().blocked(), bounds("0", "100"));
    assert_eq!(
        r.direct().rows()[0].uncertainty(),
        [Uncertainty::CoarseFlow]
    );
}

/// An approval range is a reason of its own.
#[test]
fn an_approval_range_is_named_as_the_reason() {
    let data = from_china(&[("JPN", "284690", "100")]);
    let r = run(
        &data,
        vec![
            rule("licence", "2846", licence("0.2..0.6"), "2025-01-01")
                .build()
                .unwrap(),
        ],
        Query::new(),
    );
    assert_eq!(r.direct().blocked(), bounds("40", "80"));
    assert_eq!(
        r.direct().rows()[0].uncertainty(),
        [Uncertainty::ApprovalRange]
    );
    assert_eq!(
        r.direct().uncertainty(),
        [(Uncertainty::ApprovalRange, d("40"))]
    );
}

/// An exporter whose own flow is blocked cannot replace it, whether a
/// cap or a coarse-flow ban blocks it.
#[test]
fn a_blocked_exporter_never_replaces_its_own_flow() {
    // A cap of 100 a year on China's 850511 to Japan only: Japan's 200
    // is capped to 100 (half blocked, certainly). China's spare capacity
    // (800 shipped to the US) cannot replace it.
    let data = from_china(&[("JPN", "850511", "200"), ("USA", "850511", "800")]);
    let japan = Targets::Only(EconomyGroup::new("Japan", ["JPN"]).unwrap());
    let r = run(
        &data,
        vec![
            rule("cap", "850511", cap("100"), "2025-01-01")
                .targets(japan)
                .build()
                .unwrap(),
        ],
        Query::new().importer("JPN".parse().unwrap()),
    );
    assert_eq!(r.direct().blocked(), bounds("100", "100"));
    assert_eq!(r.substitution().shortfall(), bounds("100", "100"));
    assert!(r.substitution().suppliers().is_empty());

    // A ban on 280530 against China's heading 2805 to Japan (80) and to
    // the US (100): Japan's flow may be all blocked. China's spare (100)
    // could replace in the best case, where nothing is blocked anyway;
    // in the worst it does not, so the whole 80 is short.
    let data = from_china(&[("JPN", "2805", "80"), ("USA", "2805", "100")]);
    let r = run(
        &data,
        vec![
            rule("ban", "280530", Measure::Ban, "2025-01-01")
                .build()
                .unwrap(),
        ],
        Query::new().importer("JPN".parse().unwrap()),
    );
    assert_eq!(r.direct().blocked(), bounds("0", "80"));
    assert_eq!(r.substitution().shortfall(), bounds("0", "80"));
    assert_eq!(r.substitution().substituted(Case::Worst), d("0"));
}

/// A cap counts all the trade it reaches, not only the baseline's
/// importer.
#[test]
fn a_cap_counts_the_flows_beyond_the_baseline_in_the_worst_case() {
    // A cap of 100 a year on China's 850511 to everyone; Japan 200, the
    // US 800. Worst case: 1,000 reach the cap, 0.9 of each flow blocked,
    // 180 of Japan's. Best case, from Japan's flow alone (all the
    // baseline certainly holds): 0.5 of it, 100.
    let data = from_china(&[("JPN", "850511", "200"), ("USA", "850511", "800")]);
    let r = run(
        &data,
        vec![
            rule("cap", "850511", cap("100"), "2025-01-01")
                .build()
                .unwrap(),
        ],
        Query::new().importer("JPN".parse().unwrap()),
    );
    assert_eq!(r.direct().blocked(), bounds("100", "180"));
    assert_eq!(r.direct().rows()[0].uncertainty(), [Uncertainty::Cap]);
    // With every importer in the baseline, both cases count 1,000: 0.9.
    let all = run(
        &data,
        vec![
            rule("cap", "850511", cap("100"), "2025-01-01")
                .build()
                .unwrap(),
        ],
        Query::new(),
    );
    assert_eq!(all.direct().blocked(), bounds("900", "900"));
}

/// Results read from JSON are checked: a stage that does not add up, or
/// two stages that disagree, are refused with a reason.
#[cfg(feature = "json")]
#[test]
fn tampered_results_are_refused_on_read() {
    let data = world();
    let r = Scenario::new(&data, super::scenario::rules("0.6"), day("2026-02-01"))
        .run()
        .unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<ScenarioResult>(&json).unwrap(), r);
    // The first row (JPN <- CHN 284690, baseline 50) blocks [20, 20]; as
    // [20, 60] it blocks more than its baseline.
    let more = json.replacen(r#""upper":"20.0""#, r#""upper":"60""#, 1);
    assert_ne!(more, json);
    let e = serde_json::from_str::<ScenarioResult>(&more).unwrap_err();
    assert!(
        e.to_string().contains("not between 0 and the baseline"),
        "{e}"
    );
    // As [20, 30]: within the baseline, but no reason is given for the
    // gap.
    let gap = json.replacen(r#""upper":"20.0""#, r#""upper":"30""#, 1);
    let e = serde_json::from_str::<ScenarioResult>(&gap).unwrap_err();
    assert!(e.to_string().contains("no reason"), "{e}");
    // Stage 1 blocking up to 90 of Japan's magnets (a reason given),
    // while stage 2 still splits 100: the stages disagree.
    let apart = json.replacen(r#""upper":"100""#, r#""upper":"90""#, 1);
    assert_ne!(apart, json);
    let e = serde_json::from_str::<ScenarioResult>(&apart).unwrap_err();
    assert!(e.to_string().contains("stage 2 does not split"), "{e}");
    // A supplier's part that does not add up to its row.
    let parts = json.replacen(
        r#""substituted_best":"5.0","substituted_worst":"5.0"}"#,
        r#""substituted_best":"4.0","substituted_worst":"5.0"}"#,
        1,
    );
    assert_ne!(parts, json);
    let e = serde_json::from_str::<ScenarioResult>(&parts).unwrap_err();
    assert!(e.to_string().contains("do not add up"), "{e}");
    // A blocked share outside [0, 1].
    let e = serde_json::from_str::<tradedep::controls::BlockedShare>(
        r#"{"lower":"0.5","upper":"1.5"}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("blocked share"), "{e}");
}
