//! Property tests of scenarios: conservation and monotonicity.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::controls::{ControlDirection, Instrument, Measure, Rule, RuleSet};
use tradedep::scenario::{Inventory, Runway, Scenario, Stock};
use tradedep::{Direction, ProductSelector, TradeData, TradeFlow};

const ECONOMIES: [&str; 5] = ["CHN", "JPN", "VNM", "USA", "KOR"];
const PRODUCTS: [&str; 4] = ["850511", "284690", "280530", "620342"];

fn world() -> impl Strategy<Value = TradeData> {
    proptest::collection::vec((0usize..5, 0usize..5, 0usize..4, 1u32..1_000_000), 1..30).prop_map(
        |flows| {
            let flows = flows
                .into_iter()
                .filter(|(e, i, _, _)| e != i)
                .map(|(e, i, p, v)| {
                    TradeFlow::new(
                        ECONOMIES[i].parse().unwrap(),
                        ECONOMIES[e].parse().unwrap(),
                        Direction::Import,
                        PRODUCTS[p].parse().unwrap(),
                        "2024".parse().unwrap(),
                        tradedep::Money::new(
                            Decimal::new(i64::from(v), 2),
                            tradedep::Currency::USD,
                        ),
                    )
                    .unwrap()
                });
            TradeData::from_flows(flows)
                .unwrap_or_else(|_| TradeData::empty(tradedep::Currency::USD))
        },
    )
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rule(id: &str, products: &ProductSelector, measure: Measure) -> Rule {
    Rule::builder(
        id,
        "CHN".parse().unwrap(),
        Instrument {
            id: id.into(),
            title: String::new(),
            announced: day("2026-01-06"),
            url: String::new(),
        },
        ControlDirection::Export,
        products.clone(),
        measure,
        day("2026-01-06"),
    )
    .build()
    .unwrap()
}

fn scope() -> impl Strategy<Value = ProductSelector> {
    proptest::sample::subsequence(vec!["8505", "2846", "280530", "62"], 1..=4)
        .prop_map(|v| v.join(", ").parse().unwrap())
}

fn share() -> impl Strategy<Value = Decimal> {
    (0u32..=100).prop_map(|p| Decimal::new(i64::from(p), 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_stage_conserves_value(data in world(), s in scope(), a in share(), r in share()) {
        let rules = RuleSet::new([
            rule("ban", &"8505".parse().unwrap(), Measure::Ban),
            rule("licence", &s, Measure::Licence { approval_rate: a }),
        ]).unwrap();
        let res = Scenario::new(&data, rules, day("2026-02-01"))
            .reallocation_rate(r).unwrap().run().unwrap();
        let direct = res.direct();
        for row in direct.rows() {
            prop_assert!(row.blocked >= Decimal::ZERO && row.blocked <= row.baseline);
            prop_assert_eq!(row.retained() + row.blocked, row.baseline);
        }
        let sub = res.substitution();
        prop_assert_eq!(sub.substituted() + sub.shortfall(), direct.blocked());
        for row in sub.rows() {
            prop_assert!(row.shortfall >= Decimal::ZERO);
            prop_assert_eq!(row.substituted + row.shortfall, row.blocked);
            let given: Decimal = sub.suppliers().iter()
                .filter(|x| x.importer == row.importer && x.product == row.product)
                .map(|x| x.substituted).sum();
            prop_assert_eq!(given, row.substituted);
        }
        for x in sub.suppliers() {
            // Never more than the reallocated share of spare capacity.
            prop_assert!(x.substituted >= Decimal::ZERO);
            prop_assert!(x.substituted <= x.spare * r + Decimal::new(1, 20));
            prop_assert!(x.supplier != "CHN".parse().unwrap() || !sub.rows().is_empty());
        }
    }

    #[test]
    fn stricter_settings_never_block_less(data in world(), s in scope(), more in scope(), a1 in share(), a2 in share(), r1 in share(), r2 in share()) {
        let (lo, hi) = if a1 <= a2 { (a1, a2) } else { (a2, a1) };
        let run = |products: &ProductSelector, a: Decimal, r: Decimal| {
            let rules = RuleSet::new([rule("licence", products, Measure::Licence { approval_rate: a })]).unwrap();
            Scenario::new(&data, rules, day("2026-02-01")).reallocation_rate(r).unwrap().run().unwrap()
        };
        // A higher approval rate never blocks more.
        prop_assert!(run(&s, hi, r1).direct().blocked() <= run(&s, lo, r1).direct().blocked());
        // A wider scope never blocks less.
        prop_assert!(run(&s.union(&more), lo, r1).direct().blocked() >= run(&s, lo, r1).direct().blocked());
        // A higher reallocation rate never leaves a larger shortfall.
        let (rl, rh) = if r1 <= r2 { (r1, r2) } else { (r2, r1) };
        prop_assert!(run(&s, lo, rh).substitution().shortfall() <= run(&s, lo, rl).substitution().shortfall());
    }

    #[test]
    fn runways_fall_as_inventories_fall(data in world(), m1 in 0u32..24, m2 in 0u32..24) {
        let (lo, hi) = if m1 <= m2 { (m1, m2) } else { (m2, m1) };
        let rules = RuleSet::new([rule("ban", &"2846, 8505".parse().unwrap(), Measure::Ban)]).unwrap();
        let run = |m: u32| {
            Scenario::new(&data, rules.clone(), day("2026-02-01"))
                .inventory(Inventory { name: "all".into(), products: "28, 85".parse().unwrap(), stock: Stock::Months(Decimal::from(m)) })
                .run().unwrap()
        };
        let (a, b) = (run(lo), run(hi));
        for (x, y) in a.runways().iter().zip(b.runways()) {
            prop_assert!(x.runway <= y.runway);
            if x.monthly_shortfall.is_zero() {
                prop_assert_eq!(x.runway, Runway::Unlimited);
            }
        }
    }
}
