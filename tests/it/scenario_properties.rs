//! Property tests of scenarios: conservation in both cases, ordered
//! bounds and monotonicity.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::controls::{
    Approval, ControlDirection, EndUse, Instrument, Measure, Rule, RuleBuilder, RuleSet,
};
use tradedep::scenario::{Case, DirectEffect, Inventory, Runway, Scenario, Stock};
use tradedep::{Direction, ProductSelector, Query, TradeData, TradeFlow};

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
    builder(id, products, measure).build().unwrap()
}

fn builder(id: &str, products: &ProductSelector, measure: Measure) -> RuleBuilder {
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
}

fn scope() -> impl Strategy<Value = ProductSelector> {
    proptest::sample::subsequence(vec!["8505", "2846", "280530", "62"], 1..=4)
        .prop_map(|v| v.join(", ").parse().unwrap())
}

fn share() -> impl Strategy<Value = Decimal> {
    (0u32..=100).prop_map(|p| Decimal::new(i64::from(p), 2))
}

fn approval() -> impl Strategy<Value = Approval> {
    (share(), share()).prop_map(|(a, b)| Approval::range(a.min(b), a.max(b)).unwrap())
}

/// A rule that is not a cap: a ban, a licence or a tax, for every end
/// user or military ones only, its scope certain or reached only through
/// partial links.
#[derive(Debug, Clone)]
struct Spec {
    scope: ProductSelector,
    measure: Measure,
    military: bool,
    partial: bool,
}

impl Spec {
    fn build(&self, id: &str) -> Rule {
        let mut b = builder(id, &self.scope, self.measure.clone());
        if self.military {
            b = b.end_use(EndUse::Military);
        }
        if self.partial {
            b = b.certain(ProductSelector::new());
        }
        b.build().unwrap()
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    let measure = prop_oneof![
        Just(Measure::Ban),
        approval().prop_map(|a| Measure::Licence { approval_rate: a }),
        share().prop_map(|rate| Measure::Tax { rate }),
    ];
    (scope(), measure, any::<bool>(), any::<bool>()).prop_map(
        |(scope, measure, military, partial)| Spec {
            scope,
            measure,
            military,
            partial,
        },
    )
}

fn rule_set(specs: &[Spec]) -> RuleSet {
    RuleSet::new(
        specs
            .iter()
            .enumerate()
            .map(|(i, s)| s.build(&format!("r{i}"))),
    )
    .unwrap()
}

fn direct(data: &TradeData, rules: &RuleSet) -> DirectEffect {
    DirectEffect::run(data, &Query::new(), rules, day("2026-02-01")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_stage_conserves_value_in_both_cases(data in world(), specs in proptest::collection::vec(spec(), 1..4), r in share()) {
        let res = Scenario::new(&data, rule_set(&specs), day("2026-02-01"))
            .reallocation_rate(r).unwrap().run().unwrap();
        let direct = res.direct();
        for row in direct.rows() {
            let b = row.blocked();
            prop_assert!(Decimal::ZERO <= b.lower() && b.lower() <= b.upper() && b.upper() <= row.baseline());
            // A gap between the bounds always has a reason.
            prop_assert!(b.is_exact() || !row.uncertainty().is_empty());
            for case in Case::BOTH {
                prop_assert_eq!(row.retained(case) + b.at(case), row.baseline());
            }
        }
        let sub = res.substitution();
        prop_assert_eq!(sub.blocked(), direct.blocked());
        for case in Case::BOTH {
            prop_assert_eq!(sub.substituted(case) + sub.shortfall().at(case), direct.blocked().at(case));
        }
        for row in sub.rows() {
            prop_assert!(row.shortfall().lower() >= Decimal::ZERO);
            prop_assert!(row.shortfall().lower() <= row.shortfall().upper());
            for case in Case::BOTH {
                prop_assert_eq!(row.substituted(case) + row.shortfall().at(case), row.blocked().at(case));
                let given: Decimal = sub.suppliers().iter()
                    .filter(|x| x.importer() == row.importer() && x.product() == row.product())
                    .map(|x| x.substituted(case)).sum();
                prop_assert_eq!(given, row.substituted(case));
            }
        }
        for x in sub.suppliers() {
            for case in Case::BOTH {
                // Never more than the reallocated share of spare capacity.
                prop_assert!(x.substituted(case) >= Decimal::ZERO);
                prop_assert!(x.substituted(case) <= x.spare() * r + Decimal::new(1, 20));
            }
        }
    }

    #[test]
    fn more_rules_or_wider_scopes_never_lower_a_bound(data in world(), specs in proptest::collection::vec(spec(), 1..4), extra in spec(), more in scope()) {
        let base = direct(&data, &rule_set(&specs)).blocked();
        // Adding a rule.
        let mut added = specs.clone();
        added.push(extra);
        let with_rule = direct(&data, &rule_set(&added)).blocked();
        prop_assert!(with_rule.lower() >= base.lower() && with_rule.upper() >= base.upper());
        // Widening the first rule's scope.
        let mut wider = specs.clone();
        wider[0].scope = wider[0].scope.union(&more);
        let widened = direct(&data, &rule_set(&wider)).blocked();
        prop_assert!(widened.lower() >= base.lower() && widened.upper() >= base.upper());
    }

    #[test]
    fn best_case_never_exceeds_an_all_users_ban_over_full_links(data in world(), specs in proptest::collection::vec(spec(), 1..4)) {
        let scope = specs.iter().fold(ProductSelector::new(), |s, x| s.union(&x.scope));
        let ban = RuleSet::new([rule("ban", &scope, Measure::Ban)]).unwrap();
        let most = direct(&data, &ban).blocked();
        prop_assert!(most.is_exact());
        let got = direct(&data, &rule_set(&specs)).blocked();
        prop_assert!(got.lower() <= most.lower());
        prop_assert!(got.upper() <= most.upper());
    }

    #[test]
    fn stricter_settings_never_block_less(data in world(), s in scope(), more in scope(), a1 in share(), a2 in share(), r1 in share(), r2 in share()) {
        let (lo, hi) = if a1 <= a2 { (a1, a2) } else { (a2, a1) };
        let run = |products: &ProductSelector, a: Decimal, r: Decimal| {
            let approval_rate = Approval::fixed(a).unwrap();
            let rules = RuleSet::new([rule("licence", products, Measure::Licence { approval_rate })]).unwrap();
            Scenario::new(&data, rules, day("2026-02-01")).reallocation_rate(r).unwrap().run().unwrap()
        };
        // A fixed rate gives bounds that meet.
        prop_assert!(run(&s, lo, r1).direct().blocked().is_exact());
        // A higher approval rate never blocks more.
        prop_assert!(run(&s, hi, r1).direct().blocked().upper() <= run(&s, lo, r1).direct().blocked().lower());
        // A wider scope never blocks less.
        prop_assert!(run(&s.union(&more), lo, r1).direct().blocked().lower() >= run(&s, lo, r1).direct().blocked().lower());
        // A higher reallocation rate never leaves a larger shortfall.
        let (rl, rh) = if r1 <= r2 { (r1, r2) } else { (r2, r1) };
        prop_assert!(run(&s, lo, rh).substitution().shortfall().upper() <= run(&s, lo, rl).substitution().shortfall().upper());
        // A range of approval rates spans the runs at its ends.
        let range = RuleSet::new([rule("licence", &s, Measure::Licence { approval_rate: Approval::range(lo, hi).unwrap() })]).unwrap();
        let b = Scenario::new(&data, range, day("2026-02-01")).run().unwrap();
        prop_assert_eq!(b.direct().blocked().lower(), run(&s, hi, r1).direct().blocked().lower());
        prop_assert_eq!(b.direct().blocked().upper(), run(&s, lo, r1).direct().blocked().upper());
    }

    #[test]
    fn runways_fall_as_inventories_fall(data in world(), specs in proptest::collection::vec(spec(), 1..3), m1 in 0u32..24, m2 in 0u32..24) {
        let (lo, hi) = if m1 <= m2 { (m1, m2) } else { (m2, m1) };
        let rules = rule_set(&specs);
        let run = |m: u32| {
            Scenario::new(&data, rules.clone(), day("2026-02-01"))
                .inventory(Inventory { name: "all".into(), products: "28, 85".parse().unwrap(), stock: Stock::Months(Decimal::from(m)) })
                .run().unwrap()
        };
        let (a, b) = (run(lo), run(hi));
        for (x, y) in a.runways().iter().zip(b.runways()) {
            for case in Case::BOTH {
                prop_assert!(x.runway(case) <= y.runway(case));
            }
            // The worst case's larger shortfall never lasts longer.
            prop_assert!(x.runway(Case::Worst) <= x.runway(Case::Best));
            if x.monthly_shortfall().upper().is_zero() {
                prop_assert_eq!(x.runway(Case::Worst), Runway::Unlimited);
            }
        }
    }
}
