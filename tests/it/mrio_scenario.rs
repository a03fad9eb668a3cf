//! Stage 4 on a multi-region model: the scenario of `scenario.rs` (China
//! bans magnets to Japan's military, licenses rare earths at 0.6) on the
//! hand-worked two-region table of `mrio.rs`.

// Values here are sums of small integers or binary fractions, exact in
// floating point, and the formulas' one-letter names are kept.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use tradedep::inputoutput::SectorMap;
use tradedep::scenario::{Basis, Case, Scenario};

use super::mrio::hand;
use super::scenario::{rules, world};

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn the_cut_spreads_across_both_countries_by_hand() {
    let data = world();
    let r = Scenario::new(&data, rules("0.6"), "2026-02-01".parse().unwrap())
        .run()
        .unwrap();
    let t = hand();
    let m = t.model().unwrap();
    // Magnets (8505) are parts, rare earths (2846) go to cars.
    let map = SectorMap::new()
        .with("85".parse().unwrap(), "parts")
        .with("28".parse().unwrap(), "cars");
    let (jpn, chn) = ("JPN".parse().unwrap(), "CHN".parse().unwrap());
    let e = r
        .mrio_effects(jpn, chn, &m, &map, 1.0, Basis::Blocked)
        .unwrap();
    // Blocked from China to Japan: magnets 0 .. 100 (military end users
    // only), rare earths 20 (40% of 50) in both cases. China's sales to
    // Japan: parts 10 + 10 = 20, cars 60 (final). So parts are cut by
    // 0 .. 1 (80 beyond the table in the worst case), cars by 1/3.
    assert_eq!(e.fraction(Case::Best, "parts"), Some(0.0));
    assert_eq!(e.fraction(Case::Worst, "parts"), Some(1.0));
    assert!(near(e.fraction(Case::Worst, "cars").unwrap(), 1.0 / 3.0));
    assert_eq!(e.beyond_table(Case::Best), 0.0);
    assert!(near(e.beyond_table(Case::Worst), 80.0));
    // Demand side, worst: x-bar = [20, 80, 25, 100] against [20, 80, 50,
    // 120], China loses 25 of parts and 20 of cars; best: 20 of cars and
    // 0.25 * 20 = 5 of parts.
    let chn_r = "CHN".parse().unwrap();
    let jpn_r = "JPN".parse().unwrap();
    assert!(near(
        e.demand_side(Case::Worst).lost_in(&chn_r).unwrap(),
        45.0
    ));
    assert!(near(
        e.demand_side(Case::Best).lost_in(&chn_r).unwrap(),
        25.0
    ));
    assert!(near(
        e.demand_side(Case::Worst).lost_in(&jpn_r).unwrap(),
        0.0
    ));
    // Supply side, worst: Japan's parts and cars lose their 10 + 10 of
    // Chinese parts; through G, parts lose 10 and cars 20 (cars take all
    // of parts' output). Value added lost 0.5 * 10 + 0.625 * 20 = 17.5.
    // Best: no input is cut.
    let s = e.supply_side(Case::Worst);
    for (a, b) in s.iter().zip([10.0, 20.0, 0.0, 0.0]) {
        assert!(near(*a, b), "{s:?}");
    }
    assert!(near(
        e.supply_side_value_added_lost_in(Case::Worst, &jpn_r)
            .unwrap(),
        17.5
    ));
    assert_eq!(e.supply_side_lost_in(Case::Best, &jpn_r), Some(0.0));
    let shown = e.to_string();
    assert!(shown.contains("exceeds the table"), "{shown}");
    // After substitution, never more than blocked, in either case.
    let short = r
        .mrio_effects(jpn, chn, &m, &map, 1.0, Basis::Shortfall)
        .unwrap();
    for c in [Case::Best, Case::Worst] {
        assert!(short.demand_side(c).total_lost() <= e.demand_side(c).total_lost() + 1e-9);
        // The worst case bounds the best.
        assert!(e.demand_side(Case::Best).total_lost() <= e.demand_side(Case::Worst).total_lost());
    }
    // The worst case bounds the best in every region-sector, both sides.
    for (b, w) in e
        .demand_side(Case::Best)
        .lost_by_sector()
        .iter()
        .zip(e.demand_side(Case::Worst).lost_by_sector())
        .chain(
            e.supply_side(Case::Best)
                .iter()
                .zip(e.supply_side(Case::Worst)),
        )
    {
        assert!(*b <= w + 1e-12, "{b} > {w}");
    }
    // Scale and regions are checked.
    assert!(
        r.mrio_effects(jpn, chn, &m, &map, 0.0, Basis::Blocked)
            .is_err()
    );
    let usa = "USA".parse().unwrap();
    assert!(
        r.mrio_effects(usa, chn, &m, &map, 1.0, Basis::Blocked)
            .is_err()
    );
    let bad = SectorMap::new().with("85".parse().unwrap(), "steel");
    assert!(
        r.mrio_effects(jpn, chn, &m, &bad, 1.0, Basis::Blocked)
            .is_err()
    );
}
