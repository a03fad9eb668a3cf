//! Property tests of the indicators' invariants.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::metrics::{
    Exposure, Grouped, Hhi, HighestSince, Link, PartnerShares, ProductConcentrations, ProductLinks,
    Rca, Series, Share,
};
use tradedep::{
    Direction, Economy, HsCode, HsLevel, Money, Period, ProductSelector, Query, TradeData,
    TradeFlow,
};

use super::properties::{economy, hs_code, subheading};

fn usd(v: i64) -> Money {
    Money::new(Decimal::new(v, 2), "USD".parse().unwrap())
}

fn import(imp: Economy, exp: Economy, hs: HsCode, v: i64) -> TradeFlow {
    TradeFlow::new(
        imp,
        exp,
        Direction::Import,
        hs,
        Period::annual(2024).unwrap(),
        usd(v),
    )
    .unwrap()
}

fn imports() -> impl Strategy<Value = Vec<TradeFlow>> {
    proptest::collection::vec(
        (economy(), economy(), subheading(), 0i64..1_000_000_000),
        1..60,
    )
    .prop_map(|v| {
        v.into_iter()
            .map(|(i, e, h, x)| import(i, e, h, x))
            .collect()
    })
}

proptest! {
    #[test]
    fn partner_shares_sum_to_one(flows in imports()) {
        let data = TradeData::from_flows(&flows).unwrap();
        let shares = PartnerShares::imports(&data, &Query::new()).unwrap();
        for e in shares.economies().collect::<Vec<_>>() {
            let parts: Vec<Option<Share>> = shares.of(e).iter().map(tradedep::metrics::PartnerShare::share).collect();
            if parts.iter().all(Option::is_some) {
                let sum: Decimal = parts.iter().flatten().map(|s| s.value()).sum();
                // Each share is rounded at the 28th digit: n of them within n * 1e-27.
                prop_assert!((sum - Decimal::ONE).abs() <= Decimal::new(1, 25), "{sum}");
            } else {
                prop_assert!(shares.total(e).unwrap().is_zero());
            }
        }
    }

    #[test]
    fn hhi_lies_between_one_over_n_and_one(flows in imports()) {
        let data = TradeData::from_flows(&flows).unwrap();
        let t = ProductConcentrations::imports(&data, &Query::new(), HsLevel::Chapter).unwrap();
        for r in t.rows() {
            if let Some(h) = r.hhi() {
                let n = Decimal::from(r.suppliers());
                let lower = Decimal::ONE / n;
                prop_assert!(h.value() <= Decimal::ONE);
                prop_assert!(h.value() >= lower - Decimal::new(1, 26), "{} < 1/{}", h, n);
            }
        }
    }

    #[test]
    fn exposure_point_lies_between_the_bounds(
        flows in imports(),
        links in proptest::collection::vec((hs_code(), 0u8..3, proptest::option::of(0u32..=100)), 0..20),
    ) {
        let data = TradeData::from_flows(&flows).unwrap();
        let mut table = ProductLinks::new();
        for (code, cat, w) in links {
            match w {
                Some(w) => table.add_weighted(code, cat, Decimal::new(i64::from(w), 2)).unwrap(),
                None if cat == 0 => table.add(code, cat, Link::Full),
                None => table.add(code, cat, Link::Partial),
            }
        }
        for f in flows.iter().take(3) {
            let e = Exposure::between(&data, f.importer(), f.exporter(), &Query::new(), &table).unwrap();
            let (lo, up) = (e.bounds().lower().amount(), e.bounds().upper().amount());
            prop_assert!(lo <= up);
            prop_assert!(up <= e.total().amount());
            if let Some(p) = e.bounds().point() {
                prop_assert!(lo <= p.amount() && p.amount() <= up, "{lo} {p} {up}");
            }
            // The upper bound is exactly the sum of its drivers, largest
            // first.
            let drivers = e.upper_drivers();
            let sum = drivers.iter().fold(Decimal::ZERO, |a, (_, v)| a + v.amount());
            prop_assert_eq!(sum, up);
            prop_assert!(drivers.windows(2).all(|w| w[0].1.amount() >= w[1].1.amount()));
        }
    }

    #[test]
    fn rca_of_a_one_product_world_is_one(
        values in proptest::collection::vec((economy(), economy(), 1i64..1_000_000_000), 1..30),
    ) {
        let code: HsCode = "280530".parse().unwrap();
        let flows: Vec<TradeFlow> = values.into_iter().map(|(i, e, v)| import(i, e, code, v)).collect();
        let data = TradeData::from_flows(&flows).unwrap();
        let rca = Rca::of_exports(&data, &Query::new(), HsLevel::Subheading).unwrap();
        for r in rca.rows() {
            prop_assert_eq!(r.rca(), Some(Decimal::ONE));
        }
    }

    #[test]
    fn growth_of_a_constant_series_is_zero(v in 1i64..1_000_000_000_000, months in 2u8..=12) {
        let s = Series::new((1..=months).map(|m| (Period::monthly(2025, m).unwrap(), usd(v)))).unwrap();
        for m in 2..=months {
            let p = Period::monthly(2025, m).unwrap();
            prop_assert_eq!(s.growth(p), Some(Decimal::ZERO));
            prop_assert_eq!(s.highest_since(p), Some(HighestSince::Period(p.previous().unwrap())));
        }
        prop_assert_eq!(s.cumulative(Period::monthly(2025, 1).unwrap(), Period::monthly(2025, months).unwrap()), Some(Decimal::ZERO));
    }

    #[test]
    fn highest_since_agrees_with_a_brute_force_scan(values in proptest::collection::vec(0i64..50, 1..40)) {
        let periods: Vec<Period> = (0..values.len())
            .map(|i| Period::monthly(2020 + i32::try_from(i / 12).unwrap(), (i % 12) as u8 + 1).unwrap())
            .collect();
        let s = Series::new(periods.iter().copied().zip(values.iter().map(|v| usd(*v)))).unwrap();
        for (i, p) in periods.iter().enumerate() {
            let mut expected = HighestSince::Start;
            for j in (0..i).rev() {
                if values[j] >= values[i] {
                    expected = HighestSince::Period(periods[j]);
                    break;
                }
            }
            prop_assert_eq!(s.highest_since(*p), Some(expected));
        }
    }

    #[test]
    fn shares_hhi_and_selectors_round_trip_as_text(
        m in 0i64..=10_000_000_000, s in 0u32..=10,
        codes in proptest::collection::vec((hs_code(), any::<bool>()), 0..8),
    ) {
        let share = Share::new(Decimal::new(m, s));
        prop_assert_eq!(share.to_string().parse::<Share>().unwrap(), share);
        if let Ok(h) = Hhi::new(Decimal::new(m, s)) {
            prop_assert_eq!(h.to_string().parse::<Hhi>().unwrap(), h);
        }
        let mut sel = ProductSelector::new();
        for (c, inc) in codes {
            sel = if inc { sel.with(c) } else { sel.without(c) };
        }
        let back: ProductSelector = sel.to_string().parse().unwrap();
        prop_assert_eq!(&back, &sel);
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&sel).unwrap();
            prop_assert_eq!(serde_json::from_str::<ProductSelector>(&json).unwrap(), sel);
            let json = serde_json::to_string(&share).unwrap();
            prop_assert_eq!(serde_json::from_str::<Share>(&json).unwrap(), share);
        }
    }

    #[test]
    fn grouping_only_adds_separators(
        lo in any::<u64>(), hi in any::<u32>(), negative in any::<bool>(),
        scale in 0u32..=28, places in proptest::option::of(0usize..8),
    ) {
        let d = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, negative, scale);
        // Without a precision the text is Decimal's; with one, the
        // rounded text Share writes (half away from zero).
        let (grouped, plain) = match places {
            Some(p) => (format!("{:.p$}", Grouped(d)), format!("{:.p$}", Share::new(d))),
            None => (Grouped(d).to_string(), d.to_string()),
        };
        let plain = plain.strip_prefix("-0").map_or(plain.clone(), |rest| {
            // Decimal writes a negative zero as -0: Grouped writes no sign.
            if rest.bytes().all(|b| b == b'0' || b == b'.') { format!("0{rest}") } else { plain.clone() }
        });
        prop_assert_eq!(grouped.replace(',', ""), plain);
        // Groups of three whole digits, the first of one to three.
        let whole = grouped.trim_start_matches('-').split('.').next().unwrap_or_default();
        let groups: Vec<&str> = whole.split(',').collect();
        prop_assert!((1..=3).contains(&groups[0].len()), "{}", grouped);
        prop_assert!(groups[1..].iter().all(|g| g.len() == 3), "{}", grouped);
    }

    #[test]
    fn selector_set_operations_are_exact(
        a in proptest::collection::vec((hs_code(), any::<bool>()), 0..6),
        b in proptest::collection::vec((hs_code(), any::<bool>()), 0..6),
        probes in proptest::collection::vec(hs_code(), 1..20),
    ) {
        let build = |v: &[(HsCode, bool)]| v.iter().fold(ProductSelector::new(), |s, (c, inc)| if *inc { s.with(*c) } else { s.without(*c) });
        let (a, b) = (build(&a), build(&b));
        let (u, i, d) = (a.union(&b), a.intersection(&b), a.difference(&b));
        for p in probes {
            prop_assert_eq!(u.matches(p), a.matches(p) || b.matches(p));
            prop_assert_eq!(i.matches(p), a.matches(p) && b.matches(p));
            prop_assert_eq!(d.matches(p), a.matches(p) && !b.matches(p));
        }
    }
}
