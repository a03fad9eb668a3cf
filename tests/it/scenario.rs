//! Scenarios on a world small enough to check on paper.
//!
//! Two products, 850511 (magnets, "P1") and 284690 (rare-earth
//! compounds, "P2"); two exporters, China and Viet Nam; two importers,
//! Japan and the United States. USD, 2024:
//!
//! | flow | P1 | P2 |
//! | --- | --- | --- |
//! | CHN -> JPN | 100 | 50 |
//! | VNM -> JPN | 20 | - |
//! | VNM -> USA | 40 | 10 |
//! | CHN -> USA | - | 30 |
//!
//! Rules: China bans 8505 to Japan (military end users, from
//! 2026-01-06); China licenses 2846 to everyone with approval 0.6 (from
//! 2025-04-04). As of 2026-02-01, reallocation rate 0.5, each value as
//! best case / worst case (the ban reaches military end users only, so
//! it blocks nothing certain and up to all of its flow):
//!
//! - direct: JPN P1 0 / 100 (the ban); JPN P2 50 * 0.4 = 20; USA P2
//!   30 * 0.4 = 12; total 32 / 132 of 250.
//! - substitution: JPN P1: Viet Nam's spare 60 - 20 = 40, half is 20:
//!   0 / 20 replaced, shortfall 0 / 80. JPN P2: spare 10 - 0 = 10, half
//!   5; shortfall 15 (China's own spare is licensed, so it cannot
//!   replace). USA P2: spare 10 - 10 = 0; shortfall 12. In all 5 / 25
//!   replaced, 27 / 107 short.
//! - runway: Japan holds 6 months of 2846 imports (6 * 50 / 12 = 25)
//!   against 15 / 12 = 1.25 a month short: 20 months; and USD 200 of
//!   magnets against 0 / (80 / 12) a month: unlimited / 30 months. The
//!   United States: 6 months of 40 / 12 against 12 / 12: 20 months; no
//!   magnet shortfall.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tradedep::controls::{
    ControlDirection, EndUse, Instrument, Measure, Rule, RuleBuilder, RuleSet, Targets, Uncertainty,
};
use tradedep::metrics::{Link, ProductLinks};
use tradedep::scenario::{ApprovalAssumption, Bounds, Case, Inventory, Runway, Scenario, Stock};
use tradedep::{Direction, EconomyGroup, HsLevel, TradeData, TradeFlow};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn bounds(lower: &str, upper: &str) -> Bounds {
    Bounds::new(d(lower), d(upper)).unwrap()
}

pub(crate) fn world() -> TradeData {
    let f = |exp: &str, imp: &str, hs: &str, v: &str| {
        TradeFlow::new(
            imp.parse().unwrap(),
            exp.parse().unwrap(),
            Direction::Import,
            hs.parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    TradeData::from_flows([
        f("CHN", "JPN", "850511", "100 USD"),
        f("VNM", "JPN", "850511", "20 USD"),
        f("VNM", "USA", "850511", "40 USD"),
        f("CHN", "JPN", "284690", "50 USD"),
        f("VNM", "USA", "284690", "10 USD"),
        f("CHN", "USA", "284690", "30 USD"),
    ])
    .unwrap()
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

pub(crate) fn rules(approval: &str) -> RuleSet {
    RuleSet::new([
        rule("ban", "8505", Measure::Ban, "2026-01-06")
            .targets(Targets::Only(EconomyGroup::new("Japan", ["JPN"]).unwrap()))
            .end_use(EndUse::Military)
            .build()
            .unwrap(),
        rule(
            "licence",
            "2846",
            Measure::Licence {
                approval_rate: approval.parse().unwrap(),
            },
            "2025-04-04",
        )
        .build()
        .unwrap(),
    ])
    .unwrap()
}

fn inventories() -> [Inventory; 2] {
    [
        Inventory {
            name: "rare earths".into(),
            products: "2846".parse().unwrap(),
            stock: Stock::Months(d("6")),
        },
        Inventory {
            name: "magnets".into(),
            products: "8505".parse().unwrap(),
            stock: Stock::Value("200 USD".parse().unwrap()),
        },
    ]
}

#[test]
fn every_stage_matches_the_hand_calculation() {
    let data = world();
    let [rare, magnets] = inventories();
    let result = Scenario::new(&data, rules("0.6"), day("2026-02-01"))
        .reallocation_rate(d("0.5"))
        .unwrap()
        .inventory(rare)
        .inventory(magnets)
        .run()
        .unwrap();
    let direct = result.direct();
    assert_eq!(direct.baseline(), d("250"));
    assert_eq!(direct.blocked(), bounds("32", "132"));
    assert_eq!(direct.retained(Case::Best), d("218"));
    assert_eq!(direct.retained(Case::Worst), d("118"));
    assert_eq!(
        direct.uncertainty(),
        [(Uncertainty::EndUsers, d("100"))],
        "the gap is the military-only ban's flow"
    );
    let by_exporter = direct.by_exporter();
    let chn = "CHN".parse().unwrap();
    assert_eq!(
        by_exporter.get(&chn, Case::Best),
        Some([d("180"), d("148"), d("32")])
    );
    assert_eq!(
        by_exporter.get(&chn, Case::Worst),
        Some([d("180"), d("48"), d("132")])
    );
    assert_eq!(by_exporter.bounds(&chn, 2), Some(bounds("32", "132")));
    for case in Case::BOTH {
        assert_eq!(
            by_exporter.get(&"VNM".parse().unwrap(), case),
            Some([d("70"), d("70"), d("0")])
        );
        assert_eq!(
            direct.by_importer().get(&"USA".parse().unwrap(), case),
            Some([d("80"), d("68"), d("12")])
        );
    }

    let sub = result.substitution();
    assert_eq!(sub.substituted(Case::Best), d("5"));
    assert_eq!(sub.substituted(Case::Worst), d("25"));
    assert_eq!(sub.shortfall(), bounds("27", "107"));
    let by_product = sub.by_product(HsLevel::Subheading, direct.currency());
    let magnets_code = "850511".parse().unwrap();
    assert_eq!(
        by_product.get(&magnets_code, Case::Best),
        Some([d("0"), d("0"), d("0")])
    );
    assert_eq!(
        by_product.get(&magnets_code, Case::Worst),
        Some([d("100"), d("20"), d("80")])
    );
    for case in Case::BOTH {
        assert_eq!(
            by_product.get(&"284690".parse().unwrap(), case),
            Some([d("32"), d("5"), d("27")])
        );
    }
    assert!(
        sub.suppliers()
            .iter()
            .all(|x| x.supplier() == "VNM".parse().unwrap())
    );

    let runway = |imp: &str, group: &str, case: Case| {
        result
            .runways()
            .iter()
            .find(|x| x.importer() == imp.parse().unwrap() && x.group() == group)
            .unwrap()
            .runway(case)
    };
    for case in Case::BOTH {
        assert_eq!(runway("JPN", "rare earths", case), Runway::Months(d("20")));
        assert_eq!(runway("USA", "rare earths", case), Runway::Months(d("20")));
        assert_eq!(runway("USA", "magnets", case), Runway::Unlimited);
    }
    assert_eq!(runway("JPN", "magnets", Case::Best), Runway::Unlimited);
    match runway("JPN", "magnets", Case::Worst) {
        Runway::Months(m) => assert_eq!(m.round_dp(9), d("30")),
        Runway::Unlimited => panic!("the magnets run short in the worst case"),
    }
    // The report names the stages, the bounds and why they differ.
    let text = result.to_string();
    assert!(text.contains("[32.00, 132.00]"), "{text}");
    assert!(text.contains("limited to some end users"), "{text}");
    assert!(text.contains("licence: 0.6 (fixed)"), "{text}");
    assert!(text.contains("Stockpile runways"), "{text}");
}

#[test]
fn sweeps_give_one_result_per_value() {
    let data = world();
    let s = Scenario::new(&data, rules("0.6"), day("2026-02-01"));
    let swept = s.sweep_approval(&[d("0"), d("0.5"), d("1")]).unwrap();
    let blocked: Vec<Bounds> = swept.iter().map(|(_, r)| r.direct().blocked()).collect();
    // Up to 100 banned (military end users) plus (50 + 30) * (1 - a).
    assert_eq!(
        blocked,
        [bounds("80", "180"), bounds("40", "140"), bounds("0", "100")]
    );
    assert_eq!(
        swept[1].1.approval(),
        ApprovalAssumption::Swept("0.5".parse().unwrap())
    );
    assert!(swept[1].1.to_string().contains("swept; this run at 0.5"));
    let substituted: Vec<[Decimal; 2]> = s
        .sweep_reallocation(&[d("0"), d("1")])
        .unwrap()
        .iter()
        .map(|(_, r)| Case::BOTH.map(|c| r.substitution().substituted(c)))
        .collect();
    // r = 1: Japan gets min(100, 40) + min(20, 10) in the worst case,
    // min(0, 40) + 10 in the best; the US nothing.
    assert_eq!(substituted, [[d("0"), d("0")], [d("10"), d("50")]]);
    assert!(s.sweep_reallocation(&[d("1.1")]).is_err());
    assert!(s.sweep_approval(&[d("-0.1")]).is_err());
    // An approval range set for every licence: 2846 blocked at 1 - 0.8
    // to 1 - 0.2 of 80.
    let ranged = s
        .clone()
        .approval_rate("0.2..0.8".parse().unwrap())
        .run()
        .unwrap();
    assert_eq!(ranged.direct().blocked(), bounds("16", "164"));
    assert_eq!(
        ranged.licences(),
        [("licence".to_owned(), "0.2..0.8".parse().unwrap())]
    );
    assert!(
        ranged
            .to_string()
            .contains("set to 0.2..0.8 for every licence")
    );
}

#[test]
fn caps_block_the_excess_pro_rata_and_taxes_are_wedges() {
    let data = world();
    // A cap of 5 a month on 2846: 60 over the baseline year, against 80
    // bound: 20 blocked, a quarter of each flow (50 -> 12.5, 30 -> 7.5).
    let cap = RuleSet::new([rule(
        "cap",
        "2846",
        Measure::ValueCap {
            cap: "5 USD".parse().unwrap(),
            per: tradedep::Frequency::Monthly,
        },
        "2025-01-01",
    )
    .build()
    .unwrap()])
    .unwrap();
    let r = Scenario::new(&data, cap, day("2026-02-01")).run().unwrap();
    let by_importer = r.direct().by_importer();
    assert_eq!(
        by_importer.bounds(&"JPN".parse().unwrap(), 2),
        Some(bounds("12.5", "12.5"))
    );
    assert_eq!(
        by_importer.bounds(&"USA".parse().unwrap(), 2),
        Some(bounds("7.5", "7.5"))
    );

    let tax = RuleSet::new([rule(
        "tax",
        "2846",
        Measure::Tax { rate: d("0.25") },
        "2025-01-01",
    )
    .build()
    .unwrap()])
    .unwrap();
    let r = Scenario::new(&data, tax, day("2026-02-01")).run().unwrap();
    assert_eq!(r.direct().blocked(), bounds("0", "0"));
    let taxed: Vec<_> = r
        .direct()
        .rows()
        .iter()
        .filter_map(tradedep::scenario::DirectRow::tax_rate)
        .collect();
    assert_eq!(taxed, [d("0.25"), d("0.25")]);

    // A cap in another currency is an error, not a silent conversion.
    let yen = RuleSet::new([rule(
        "yen",
        "2846",
        Measure::ValueCap {
            cap: "5 JPY".parse().unwrap(),
            per: tradedep::Frequency::Monthly,
        },
        "2025-01-01",
    )
    .build()
    .unwrap()])
    .unwrap();
    let e = Scenario::new(&data, yen, day("2026-02-01"))
        .run()
        .unwrap_err();
    assert!(e.to_string().contains("convert"), "{e}");
}

#[test]
fn breakdowns_by_category_follow_the_classification() {
    let data = world();
    let r = Scenario::new(&data, rules("0.6"), day("2026-02-01"))
        .run()
        .unwrap();
    let mut links = ProductLinks::new();
    links.add("2846".parse().unwrap(), "1C", Link::Full);
    links.add("850511".parse().unwrap(), "1C", Link::Partial);
    links.add("850511".parse().unwrap(), "3A", Link::Partial);
    let by_cat = r.direct().by_category(&links);
    assert_eq!(
        by_cat.get(&"1C", Case::Best),
        Some([d("250"), d("218"), d("32")])
    );
    assert_eq!(
        by_cat.get(&"1C", Case::Worst),
        Some([d("250"), d("118"), d("132")])
    );
    assert_eq!(
        by_cat.get(&"3A", Case::Worst),
        Some([d("160"), d("60"), d("100")])
    );
    assert_eq!(by_cat.bounds(&"3A", 2), Some(bounds("0", "100")));
    let short = r.substitution().by_category(&links, r.direct().currency());
    assert_eq!(
        short.get(&"3A", Case::Worst),
        Some([d("100"), d("20"), d("80")])
    );
    assert_eq!(short.get(&"3A", Case::Best), Some([d("0"), d("0"), d("0")]));
}

#[cfg(feature = "json")]
#[test]
fn results_round_trip_through_json_and_write_csv() {
    use tradedep::metrics::Table;
    let data = world();
    let [a, b] = inventories();
    let r = Scenario::new(&data, rules("0.6"), day("2026-02-01"))
        .inventory(a)
        .inventory(b)
        .run()
        .unwrap();
    let json = serde_json::to_string(&r).unwrap();
    let back: tradedep::scenario::ScenarioResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    let mut csv = Vec::new();
    r.direct().by_exporter().write_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(
        csv,
        "exporter,baseline_usd,retained_best_usd,retained_worst_usd,blocked_best_usd,blocked_worst_usd\n\
         CHN,180,148,48,32,132\nVNM,70,70,70,0,0\n"
    );
}

#[test]
fn coarse_flows_are_blocked_whole_only_in_the_worst_case() {
    // Japan's imports of heading 2805 from China, 80; a ban on 280530
    // reaches part of the heading: nothing certain, up to all 80.
    let flow = TradeFlow::new(
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        Direction::Import,
        "2805".parse().unwrap(),
        "2024".parse().unwrap(),
        "80 USD".parse().unwrap(),
    )
    .unwrap();
    let data = TradeData::from_flows([flow]).unwrap();
    let rules = RuleSet::new([rule("ban", "280530", Measure::Ban, "2025-04-04")
        .build()
        .unwrap()])
    .unwrap();
    let r = Scenario::new(&data, rules, day("2026-02-01"))
        .run()
        .unwrap();
    assert_eq!(r.direct().blocked(), bounds("0", "80"));
    assert_eq!(
        r.direct().rows()[0].uncertainty(),
        [Uncertainty::CoarseFlow]
    );
}

#[test]
fn the_shortfall_spreads_through_sectors_by_hand() {
    // Japan's shortfall (80 of 850511, 15 of 284690) on Miller & Blair's
    // two-sector table, 85 -> sec1 and 28 -> sec2. With L =
    // [[1.2541254, 0.3300330], [0.2640264, 1.1221122]] the demand-driven
    // change is -L s = [-105.28053, -37.95380]; with G = (I - B)^-1 =
    // [[0.95, 0.5], [0.1, 0.85]] / 0.7575, the supply-driven change is
    // -s' G = [-102.31023, -69.63696]. That is the worst case; in the
    // best, the military-only ban blocks nothing and s = [0, 15]: -L s =
    // [-4.950_495, -16.831_683], -s' G = 15 [0.1, 0.85] / 0.7575 negated =
    // [-1.980_198, -16.831_683].
    let data = world();
    let r = Scenario::new(&data, rules("0.6"), day("2026-02-01"))
        .run()
        .unwrap();
    let table = tradedep::inputoutput::IoTable::new(
        vec!["sec1".into(), "sec2".into()],
        vec![150.0, 500.0, 200.0, 100.0],
        vec![350.0, 1700.0],
        vec![1000.0, 2000.0],
    )
    .unwrap();
    let model = table.model().unwrap();
    let map = tradedep::inputoutput::SectorMap::new()
        .with("85".parse().unwrap(), "sec1")
        .with("28".parse().unwrap(), "sec2");
    let e = r
        .sector_effects("JPN".parse().unwrap(), &model, &map, 1.0)
        .unwrap();
    assert_eq!(e.shock(Case::Worst), [80.0, 15.0]);
    assert_eq!(e.shock(Case::Best), [0.0, 15.0]);
    let close = |v: &[f64], want: [f64; 2]| {
        v.len() == 2 && v.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-4)
    };
    assert!(
        close(e.demand_driven(Case::Worst), [-105.28053, -37.95380]),
        "{e:?}"
    );
    assert!(
        close(e.supply_driven(Case::Worst), [-102.31023, -69.63696]),
        "{e:?}"
    );
    assert!(
        close(e.demand_driven(Case::Best), [-4.950_495, -16.831_683]),
        "{e:?}"
    );
    assert!(
        close(e.supply_driven(Case::Best), [-1.980_198, -16.831_683]),
        "{e:?}"
    );
    assert!(
        r.sector_effects("JPN".parse().unwrap(), &model, &map, 0.0)
            .is_err()
    );
}
