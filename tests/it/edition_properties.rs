//! Property tests of conversions between editions: any data along any
//! chain keeps its total exactly; splits conserve every unit.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::concordance::{Concordance, Unmatched, Weights};
use tradedep::{Direction, HsCode, HsEdition, Query, TradeData, TradeFlow};

/// Codes 010101 + k.
fn code(k: u32) -> HsCode {
    HsCode::new(10_101 + k, tradedep::HsLevel::Subheading).unwrap()
}

/// A concordance on codes 0..n each side where every source has a link.
fn concordance(from: HsEdition, to: HsEdition) -> impl Strategy<Value = Concordance> {
    (
        2u32..8,
        proptest::collection::vec((0u32..8, 0u32..8), 0..16),
    )
        .prop_map(move |(n, extra)| {
            let mut links: Vec<(HsCode, HsCode)> = (0..n).map(|k| (code(k), code(k % 5))).collect();
            links.extend(extra.into_iter().map(|(a, b)| (code(a % n), code(b))));
            Concordance::new(from, to, links).unwrap()
        })
}

fn data(n: usize) -> impl Strategy<Value = TradeData> {
    proptest::collection::vec((0u32..8, 0i64..10_000_000, 0u32..4, 0usize..3), 1..n).prop_map(|v| {
        let exporters = ["CHN", "VNM", "USA"];
        TradeData::from_flows(v.into_iter().map(|(k, units, scale, e)| {
            TradeFlow::new(
                "JPN".parse().unwrap(),
                exporters[e].parse().unwrap(),
                Direction::Import,
                code(k % 2),
                "2024".parse().unwrap(),
                tradedep::Money::new(Decimal::new(units, scale), tradedep::Currency::USD),
            )
            .unwrap()
        }))
        .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_chain_conserves_the_total_exactly(
        a in concordance(HsEdition::Hs2012, HsEdition::Hs2017),
        b in concordance(HsEdition::Hs2017, HsEdition::Hs2022),
        d in data(40),
        weighted in any::<bool>(),
    ) {
        let total = d.total(&Query::new()).unwrap();
        let w = if weighted {
            let links = a.links().iter().enumerate().map(|(i, (x, y))| (*x, *y, Decimal::from(i as u64 % 3 + 1)));
            Weights::given(links).unwrap()
        } else {
            Weights::equal()
        };
        // Step by step, skipping what has no link, and reporting it.
        let one = a.convert(&d, &w, Unmatched::Skip).unwrap();
        let skipped: Decimal = one.report().skipped().iter().map(|(_, m)| m.amount()).sum();
        let got = one.data().total(&Query::new()).unwrap().amount();
        prop_assert_eq!(got + skipped, total.amount());
        let two = b.convert(one.data(), &Weights::equal(), Unmatched::Skip).unwrap();
        let skipped2: Decimal = two.report().skipped().iter().map(|(_, m)| m.amount()).sum();
        prop_assert_eq!(two.data().total(&Query::new()).unwrap().amount() + skipped2, got);
        // Composed in one step.
        let (ab, _) = a.then(&b).unwrap();
        let direct = ab.convert(&d, &Weights::equal(), Unmatched::Skip).unwrap();
        let skipped3: Decimal = direct.report().skipped().iter().map(|(_, m)| m.amount()).sum();
        prop_assert_eq!(direct.data().total(&Query::new()).unwrap().amount() + skipped3, total.amount());
        // Every group's links are counted once; the report's moved value
        // is what was converted.
        prop_assert_eq!(a.groups().iter().map(tradedep::concordance::Group::links).sum::<usize>(), a.len());
        prop_assert_eq!(one.report().moved().amount(), got);
    }

    #[test]
    fn reversing_twice_is_the_identity(a in concordance(HsEdition::Hs2017, HsEdition::Hs2022)) {
        prop_assert_eq!(a.reverse().reverse(), a);
    }
}
