//! Property tests of control entries, correlation tables and rules.

use std::fmt::Write as _;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::controls::{
    ControlDirection, ControlEntry, CorrelationTable, EndUse, Instrument, Issuer, Measure, Rule,
    RuleSet, Targets,
};
use tradedep::metrics::Link;
use tradedep::{EconomyGroup, HsCode, ProductSelector};

use super::properties::{economy, hs_code};

fn issuer() -> impl Strategy<Value = Issuer> {
    prop_oneof![
        Just(Issuer::Eu),
        Just(Issuer::China),
        Just(Issuer::Us),
        "[a-z][a-z0-9-]{0,14}".prop_map(|s| s.parse::<Issuer>().unwrap()),
    ]
}

fn entry() -> impl Strategy<Value = ControlEntry> {
    (
        issuer(),
        0u8..10,
        0usize..5,
        0u16..1000,
        proptest::collection::vec((0u8..26, 1u16..200), 0..3),
        any::<bool>(),
    )
        .prop_map(|(issuer, cat, group, number, items, trailing)| {
            // Keep the number valid in the namespace.
            let number = match issuer {
                Issuer::Eu => number % 500,
                Issuer::China if (500..900).contains(&number) => number - 500,
                _ => number,
            };
            let mut text = format!("{cat}{}{number:03}", ['A', 'B', 'C', 'D', 'E'][group]);
            for (i, (l, n)) in items.iter().enumerate() {
                let _ = write!(text, ".{}", char::from(b'a' + l));
                if i + 1 < items.len() || trailing {
                    let _ = write!(text, ".{n}");
                }
            }
            ControlEntry::parse_in(issuer, &text).unwrap()
        })
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..3000).prop_map(|d| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d))
}

fn selector() -> impl Strategy<Value = ProductSelector> {
    proptest::collection::vec((hs_code(), any::<bool>()), 1..5).prop_map(|v| {
        let s = v.iter().fold(ProductSelector::new(), |s, (c, inc)| {
            if *inc { s.with(*c) } else { s.without(*c) }
        });
        if s.is_empty() { s.with(v[0].0) } else { s }
    })
}

fn measure() -> impl Strategy<Value = Measure> {
    prop_oneof![
        Just(Measure::Ban),
        (0u32..=100, 0u32..=100).prop_map(|(p, q)| Measure::Licence {
            approval_rate: tradedep::controls::Approval::range(
                rust_decimal::Decimal::new(i64::from(p.min(q)), 2),
                rust_decimal::Decimal::new(i64::from(p.max(q)), 2)
            )
            .unwrap()
        }),
        (0u32..=300).prop_map(|p| Measure::Tax {
            rate: rust_decimal::Decimal::new(i64::from(p), 2)
        }),
    ]
}

fn rule(id: usize) -> impl Strategy<Value = Rule> {
    (
        economy(),
        selector(),
        measure(),
        date(),
        proptest::option::of(1u64..800),
        proptest::option::of((0u64..400, 1u64..400)),
        proptest::collection::vec(economy(), 0..3),
        any::<bool>(),
    )
        .prop_map(
            move |(issuer, products, measure, from, len, pause, targets, military)| {
                let mut b = Rule::builder(
                    format!("r{id}"),
                    issuer,
                    Instrument {
                        id: format!("instrument {id}"),
                        title: "a title, with \"quotes\"".into(),
                        announced: from,
                        url: "https://example.org/".into(),
                    },
                    ControlDirection::Export,
                    products,
                    measure,
                    from,
                );
                if let Some(len) = len {
                    b = b.until(from + chrono::Days::new(len));
                }
                if let Some((start, n)) = pause {
                    let s = from + chrono::Days::new(start % len.unwrap_or(1000));
                    b = b.suspend(s, Some(s + chrono::Days::new(n)));
                }
                if !targets.is_empty() {
                    b = b.targets(Targets::Only(EconomyGroup::new("t", targets).unwrap()));
                }
                if military {
                    b = b.end_use(EndUse::Military);
                }
                b.build().unwrap()
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn approval_rates_round_trip_as_text_and_serde(p in 0u32..=1000, q in 0u32..=1000) {
        use tradedep::controls::Approval;
        let (lo, hi) = (rust_decimal::Decimal::new(i64::from(p.min(q)), 3), rust_decimal::Decimal::new(i64::from(p.max(q)), 3));
        let a = Approval::range(lo, hi).unwrap();
        prop_assert_eq!(a.to_string().parse::<Approval>().unwrap(), a);
        prop_assert_eq!(a.is_fixed(), p == q);
        #[cfg(feature = "json")]
        {
            let json = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(serde_json::from_str::<Approval>(&json).unwrap(), a);
        }
        // A licence at this range blocks [1 - high, 1 - low] of a flow it
        // certainly reaches.
        let day = "2026-01-06".parse().unwrap();
        let rule = tradedep::controls::Rule::builder(
            "licence", "CHN".parse().unwrap(),
            tradedep::controls::Instrument { id: "l".into(), title: String::new(), announced: day, url: String::new() },
            tradedep::controls::ControlDirection::Export, "2846".parse().unwrap(),
            tradedep::controls::Measure::Licence { approval_rate: a }, day,
        ).build().unwrap();
        let (share, why) = rule.blocked_share("284690".parse().unwrap());
        prop_assert_eq!(share.lower(), rust_decimal::Decimal::ONE - hi);
        prop_assert_eq!(share.upper(), rust_decimal::Decimal::ONE - lo);
        prop_assert_eq!(why.is_empty(), p == q);
    }

    #[test]
    fn entries_round_trip_as_text_and_serde(e in entry()) {
        let back: ControlEntry = e.to_string().parse().unwrap();
        prop_assert_eq!(&back, &e);
        prop_assert!(e.is_within(&e.base()));
        if let Some(p) = e.parent() {
            prop_assert!(e.is_within(&p));
            prop_assert!(p < e);
        }
        let json = serde_json::to_string(&e).unwrap();
        prop_assert_eq!(serde_json::from_str::<ControlEntry>(&json).unwrap(), e);
    }

    #[test]
    fn correlation_tables_round_trip_as_csv_and_json(
        links in proptest::collection::vec((entry(), hs_code(), any::<bool>(), proptest::option::of(0u32..=100)), 0..12),
        lines in proptest::collection::vec((entry(), 1u32..=97, 0u32..100_000_000, any::<bool>()), 0..8),
    ) {
        let mut t = CorrelationTable::new();
        for (e, code, full, weight) in links {
            let _ = match (full, weight) {
                (true, _) => t.add(e, code, Link::Full),
                (false, Some(w)) => t.add_weighted(e, code, rust_decimal::Decimal::new(i64::from(w), 2)),
                (false, None) => t.add(e, code, Link::Partial),
            };
        }
        // National lines (chapter 77 left out: no edition has it), some
        // in doubt.
        for (e, chapter, rest, doubtful) in lines {
            let chapter = if chapter == 77 { 78 } else { chapter };
            let line: tradedep::NationalLine = format!("{chapter:02}{rest:08}").parse().unwrap();
            let _ = if doubtful { t.add_doubtful_line(e, line) } else { t.add_line(e, line) };
        }
        let mut csv = Vec::new();
        t.write_csv(&mut csv).unwrap();
        prop_assert_eq!(&CorrelationTable::read_csv(csv.as_slice()).unwrap(), &t);
        let mut json = Vec::new();
        t.write_json(&mut json).unwrap();
        prop_assert_eq!(&CorrelationTable::read_json(json.as_slice()).unwrap(), &t);
        // Lower-bound products are a subset of the upper-bound ones.
        for issuer in [Issuer::Eu, Issuer::China, Issuer::Us] {
            let upper = t.products_for_issuer(issuer);
            let lower = t.fully_linked(issuer);
            prop_assert!(lower.difference(&upper).is_empty());
            // A link in doubt never counts towards the lower bound, and
            // leaving doubtful links out never widens the upper one.
            for l in t.links().iter().filter(|l| l.is_doubtful() && l.entry().issuer() == issuer) {
                prop_assert!(!lower.matches(l.code()), "{}", l.code());
            }
            let sure = t.without_doubtful();
            prop_assert!(sure.products_for_issuer(issuer).difference(&upper).is_empty());
            prop_assert!(sure.links().iter().all(|l| !l.is_doubtful()));
        }
        // An entry's products are those of every link within it (the
        // table's runs by entry), for each entry, its base and parent.
        for l in t.links() {
            let e = l.entry();
            for probe in [Some(e.clone()), Some(e.base()), e.parent()].into_iter().flatten() {
                let by_scan: ProductSelector = t
                    .links()
                    .iter()
                    .filter(|x| x.entry().is_within(&probe))
                    .map(tradedep::controls::CorrelationLink::code)
                    .collect();
                prop_assert_eq!(t.products_for(&probe), by_scan);
            }
        }
        // Every national line is kept, under its HS6.
        for l in t.links() {
            for line in l.lines() {
                prop_assert_eq!(line.subheading().to_string(), l.code().to_string());
            }
        }
    }

    #[test]
    fn widening_a_rule_never_binds_fewer_flows(
        r in rule(0),
        more in selector(),
        probes in proptest::collection::vec((economy(), economy(), hs_code(), date()), 1..30),
    ) {
        let mut data = r.data().clone();
        data.products = data.products.union(&more);
        let wider = Rule::new(data.clone()).unwrap();
        data.targets = Targets::All;
        let widest = Rule::new(data).unwrap();
        for (exp, imp, p, d) in probes {
            let issued = r.data().issuer;
            for exporter in [exp, issued] {
                if r.binds(exporter, imp, p, d) {
                    prop_assert!(wider.binds(exporter, imp, p, d));
                }
                if wider.binds(exporter, imp, p, d) {
                    prop_assert!(widest.binds(exporter, imp, p, d));
                }
            }
        }
    }

    #[test]
    fn blocked_shares_are_honest_intervals(
        rules in (rule(0), rule(1), rule(2)),
        uncertain in any::<bool>(),
        more in selector(),
        probes in proptest::collection::vec((economy(), hs_code(), date()), 1..20),
    ) {
        // Optionally, the third rule's scope comes from partial links.
        let third = if uncertain {
            let mut d = rules.2.data().clone();
            d.certain = Some(ProductSelector::new());
            Rule::new(d).unwrap()
        } else {
            rules.2.clone()
        };
        let two = RuleSet::new([rules.0.clone(), rules.1.clone()]).unwrap();
        let three = RuleSet::new([rules.0.clone(), rules.1.clone(), third.clone()]).unwrap();
        let mut wider = rules.0.data().clone();
        wider.products = wider.products.union(&more);
        let widened = RuleSet::new([Rule::new(wider).unwrap(), rules.1.clone(), third]).unwrap();
        for (imp, p, d) in probes {
            for exp in [rules.0.data().issuer, rules.1.data().issuer, rules.2.data().issuer] {
                let b3 = three.binding(exp, imp, p, d);
                let s3 = b3.blocked_share();
                prop_assert!(Decimal::ZERO <= s3.lower() && s3.lower() <= s3.upper() && s3.upper() <= Decimal::ONE);
                // A lower bound above 0 needs a rule that reaches every end
                // user over a certain scope (its only doubt, if any, the
                // range of a licence's approval rate).
                if s3.lower() > Decimal::ZERO {
                    let certain_reach = |why: &[tradedep::controls::Uncertainty]| {
                        why.iter().all(|w| *w == tradedep::controls::Uncertainty::ApprovalRange)
                    };
                    prop_assert!(b3.rule_shares().any(|(r, s, why)| certain_reach(&why) && s.lower() > Decimal::ZERO && r.data().end_use == tradedep::controls::EndUse::Any));
                }
                // Adding a rule or widening a scope never lowers a bound.
                let s2 = two.binding(exp, imp, p, d).blocked_share();
                prop_assert!(s2.lower() <= s3.lower() && s2.upper() <= s3.upper());
                let sw = widened.binding(exp, imp, p, d).blocked_share();
                prop_assert!(s3.lower() <= sw.lower() && s3.upper() <= sw.upper());
            }
        }
    }

    #[test]
    fn rule_sets_round_trip_through_json(
        rules in (rule(0), rule(1), rule(2)),
        probes in proptest::collection::vec((economy(), hs_code(), date()), 1..20),
    ) {
        let set = RuleSet::new([rules.0, rules.1, rules.2]).unwrap();
        let json = set.to_json().unwrap();
        let back = RuleSet::from_json(&json).unwrap();
        prop_assert_eq!(&back, &set);
        for (imp, p, d) in probes {
            for r in set.rules() {
                let exporter = r.data().issuer;
                let b = set.binding(exporter, imp, p, d);
                // Every binding rule is in force, and the strictest is at
                // least as restrictive as every other.
                for x in b.rules() {
                    prop_assert!(x.in_force(d));
                    if let Some(s) = b.strictest() {
                        prop_assert!(s.measure().restrictiveness(x.measure()).is_ge());
                    }
                }
            }
        }
    }

    #[test]
    fn selector_expressions_agree_with_set_operations(
        a in hs_code(), b in hs_code(), probes in proptest::collection::vec(hs_code(), 1..20),
    ) {
        let t = CorrelationTable::new();
        let text = format!("{a}, -{b}");
        let expr = t.selector(&text).unwrap();
        let direct = ProductSelector::new().with(a).difference(&ProductSelector::new().with(b));
        let both = t.selector(&format!("{a} & {b}")).unwrap();
        let (sa, sb) = (ProductSelector::new().with(a), ProductSelector::new().with(b));
        for &p in &probes {
            prop_assert_eq!(both.matches(p), sa.matches(p) && sb.matches(p));
        }
        for p in probes {
            prop_assert_eq!(expr.matches(p), direct.matches(p));
            prop_assert!(!(expr.matches(p) && ProductSelector::new().with(b).matches(p)));
        }
    }
}

#[test]
fn codes_of_a_national_line_stay_partial_whatever_the_input_says() {
    let mut t = CorrelationTable::new();
    let national: HsCode = "2805301910".parse().unwrap();
    t.add("cn:1C902.a".parse().unwrap(), national, Link::Full)
        .unwrap();
    assert_eq!(t.links()[0].link(), Link::Partial);
}
