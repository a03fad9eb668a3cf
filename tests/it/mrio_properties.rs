//! Property tests of the multi-region measures: shares in [0, 1] that sum
//! to 1, value added by origin summing to final demand, extraction
//! monotone, aggregation conserving totals, text and serde round trips.

// Values here are sums of small integers or binary fractions, exact in
// floating point, and the formulas' one-letter names are kept.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use proptest::prelude::*;
use tradedep::inputoutput::{Aggregation, Extraction, Mrio, Region};

/// A productive table with non-negative value added: `Z` in [0, 1], each
/// row's final demand at least 12 (more than any row or column sum of `Z`
/// for n <= 12), so `x_j - sum_i z_ij >= 0`; value added is that
/// residual, so the columns balance.
fn table() -> impl Strategy<Value = Mrio> {
    (2usize..=4, 1usize..=3, 1usize..=2)
        .prop_flat_map(|(r, s, c)| {
            let n = r * s;
            (
                Just((r, s, c)),
                proptest::collection::vec(0.0f64..1.0, n * n),
                proptest::collection::vec(12.0f64..30.0, n * r * c),
            )
        })
        .prop_map(|((r, s, c), z, y)| {
            let regions: Vec<Region> = (0..r)
                .map(|i| Region::new(&format!("reg{i}")).unwrap())
                .collect();
            let sectors: Vec<String> = (0..s).map(|i| format!("s{i}")).collect();
            let cats: Vec<String> = (0..c).map(|i| format!("c{i}")).collect();
            Mrio::builder(regions, sectors, cats)
                .intermediate(z)
                .final_demand(y)
                .build()
                .unwrap()
                .with_value_added_residual()
                .unwrap()
        })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn look_through_and_face_value_shares_are_in_0_1_and_sum_to_1(t in table()) {
        let m = t.model().unwrap();
        for r in t.regions() {
            let lt = m.look_through(r).unwrap();
            let va = m.value_added_origin(r).unwrap();
            let fv = t.face_value(r).unwrap();
            for shares in [lt.shares(), va.shares()] {
                prop_assert!(shares.iter().all(|(_, s)| (0.0..=1.0 + 1e-12).contains(s)));
                let sum: f64 = shares.iter().map(|(_, s)| s).sum();
                prop_assert!(close(sum, 1.0), "{sum}");
            }
            let sum: f64 = t.regions().iter().filter_map(|s| fv.share(s)).sum();
            prop_assert!(close(sum, 1.0), "{sum}");
            // Hidden = look-through less face value, for every partner.
            let h = m.hidden_exposure(r).unwrap();
            for row in h.rows() {
                let want = row.look_through().unwrap() - row.face_value().unwrap();
                prop_assert!(close(row.hidden().unwrap(), want));
            }
        }
    }

    #[test]
    fn value_added_by_origin_sums_to_final_demand(t in table()) {
        let m = t.model().unwrap();
        let mut all = 0.0;
        for r in t.regions() {
            let va = m.value_added_origin(r).unwrap();
            let y: f64 = t.final_demand_of(r).unwrap().iter().sum();
            // v' L = 1' when the columns balance.
            prop_assert!(close(va.total(), y), "{} vs {y}", va.total());
            all += va.total();
        }
        let total: f64 = t.value_added().unwrap().iter().sum();
        prop_assert!(close(all, total));
        // x = L y.
        let y: Vec<f64> = (0..t.len())
            .map(|i| t.regions().iter().map(|r| t.final_demand_of(r).unwrap()[i]).sum())
            .collect();
        let x = m.output_for(&y).unwrap();
        for (a, b) in x.iter().zip(t.output()) {
            prop_assert!(close(*a, *b));
        }
    }

    #[test]
    fn extracting_more_never_loses_less(t in table(), f in 0.0f64..=1.0, g in 0.0f64..=1.0) {
        let m = t.model().unwrap();
        let (lo, hi) = if f <= g { (f, g) } else { (g, f) };
        let seller = t.regions()[1].clone();
        let buyer = t.regions()[0].clone();
        let cut = |x: f64| {
            let mut e = Extraction::sales(seller.clone(), buyer.clone());
            for s in t.sectors() {
                e = e.partly(s.clone(), x).unwrap();
            }
            m.extract(&e).unwrap()
        };
        let none = cut(0.0);
        prop_assert_eq!(none.total_lost(), 0.0);
        let (a, b) = (cut(lo), cut(hi));
        for (x, y) in a.lost_by_sector().iter().zip(b.lost_by_sector()) {
            prop_assert!(*x >= -1e-9 && *x <= y + 1e-9, "{x} > {y}");
        }
        // Extracting everything loses at least the final sales removed.
        let full = m.extract(&Extraction::sales(seller.clone(), buyer.clone())).unwrap();
        prop_assert!(full.total_lost() + 1e-9 >= b.total_lost());
        prop_assert!(full.removed() > 0.0);
    }

    #[test]
    fn aggregation_conserves_every_total(t in table()) {
        let map = Aggregation::new().region("reg0", "bloc").region("reg1", "bloc").sector("s0", "all");
        let a = t.aggregate(&map).unwrap();
        prop_assert!(close(a.intermediate_total(), t.intermediate_total()));
        prop_assert!(close(a.final_demand_total(), t.final_demand_total()));
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        prop_assert!(close(sum(a.output()), sum(t.output())));
        prop_assert!(close(sum(&a.value_added().unwrap()), sum(&t.value_added().unwrap())));
        prop_assert_eq!(a.regions().len(), t.regions().len() - 1);
    }

    #[test]
    fn region_codes_round_trip(code in "[A-Za-z][A-Za-z0-9_]{0,7}") {
        let r = Region::new(&code).unwrap();
        let back: Region = r.to_string().parse().unwrap();
        prop_assert_eq!(&back, &r);
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&r).unwrap();
            let again: Region = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(again, r);
        }
    }
}

#[test]
fn region_codes_that_are_economies() {
    let jpn = Region::new("JPN").unwrap();
    assert_eq!(jpn.economy().map(tradedep::Economy::alpha3), Some("JPN"));
    assert!(Region::new("row").unwrap().is_rest_of_world());
    assert_eq!(Region::new("reg1").unwrap().economy(), None);
    assert!(Region::new("").is_err());
    assert!(Region::new("a,b").is_err());
}
