//! Screens year by year equal the screens of each year's flows: the EU
//! screen and the supplier concentrations of loaded years, the EU
//! screen's streaming builder, and partner shares of every pair.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::metrics::{EuScreen, PartnerShares, ProductConcentrations};
use tradedep::{Direction, EconomyGroup, HsLevel, Money, Period, Query, TradeData, TradeFlow};

fn flow(imp: &str, exp: &str, hs: &str, year: i32, v: i64) -> TradeFlow {
    TradeFlow::new(
        imp.parse().unwrap(),
        exp.parse().unwrap(),
        Direction::Import,
        hs.parse().unwrap(),
        Period::annual(year).unwrap(),
        Money::new(Decimal::new(v, 1), "USD".parse().unwrap()),
    )
    .unwrap()
}

/// Flows among EU members (DEU, FRA) and others (CHN, USA, JPN), three
/// products, four years, values with a decimal place.
fn flows() -> impl Strategy<Value = Vec<TradeFlow>> {
    let economies = ["DEU", "FRA", "CHN", "USA", "JPN"];
    let products = ["280530", "850511", "854231"];
    proptest::collection::vec(
        (0usize..5, 0usize..5, 0usize..3, 2021i32..2025, 0i64..10_000),
        1..50,
    )
    .prop_map(move |v| {
        v.into_iter()
            .filter(|(i, e, ..)| i != e)
            .map(|(i, e, p, y, x)| flow(economies[i], economies[e], products[p], y, x))
            .collect()
    })
}

fn year_of(year: i32) -> Query {
    Query::new().period(Period::annual(year).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_eu_screen_by_year_is_the_screen_of_each_year(flows in flows()) {
        let data = TradeData::from_flows(&flows).unwrap();
        let (screen, eu) = (EuScreen::swd_2021_352(), EconomyGroup::eu27());
        let by_year = screen.run_by_year(&data, &eu, &Query::new()).unwrap();
        let mut years: Vec<i32> = flows.iter().map(|f| f.period().year()).collect();
        years.sort_unstable();
        years.dedup();
        prop_assert_eq!(by_year.iter().map(|(y, _)| *y).collect::<Vec<_>>(), years);
        for (y, result) in &by_year {
            prop_assert_eq!(result, &screen.run(&data, &eu, &year_of(*y)).unwrap());
        }
        // The streaming builder, fed in two parts, gives the whole data's screen.
        let (a, b) = flows.split_at(flows.len() / 2);
        let (mut first, mut second) = (screen.builder(&eu), screen.builder(&eu));
        for f in a { first.push(f).unwrap(); }
        for f in b { second.push(f).unwrap(); }
        let streamed = first.merge(second).unwrap().build().unwrap();
        prop_assert_eq!(streamed, screen.run(&data, &eu, &Query::new()).unwrap());
    }

    #[test]
    fn concentrations_by_year_are_each_years_concentrations(flows in flows()) {
        let data = TradeData::from_flows(&flows).unwrap();
        for (y, table) in ProductConcentrations::by_year(&data, &Query::new(), HsLevel::Subheading).unwrap() {
            let one = ProductConcentrations::imports(&data, &year_of(y), HsLevel::Subheading).unwrap();
            prop_assert_eq!(table.rows(), one.rows());
        }
    }
}

#[test]
fn the_eu_screen_by_year_worked_by_hand() {
    // Germany's imports of 280530: 2023 from China 6.0 and the USA 4.0
    // (HHI 0.52), France selling it 2.0 to Germany (intra-EU, counted in
    // imports and exports); 2024 from China 9.0 and the USA 1.0 (0.82).
    let data = TradeData::from_flows([
        flow("DEU", "CHN", "280530", 2023, 60),
        flow("DEU", "USA", "280530", 2023, 40),
        flow("DEU", "FRA", "280530", 2023, 20),
        flow("DEU", "CHN", "280530", 2024, 90),
        flow("DEU", "USA", "280530", 2024, 10),
    ])
    .unwrap();
    let years = EuScreen::swd_2021_352()
        .run_by_year(&data, &EconomyGroup::eu27(), &Query::new())
        .unwrap();
    let r2023 = &years[0].1.rows()[0];
    assert_eq!(
        r2023.hhi().unwrap().value(),
        "0.52".parse::<Decimal>().unwrap()
    );
    // Extra-EU 10.0 of 12.0 imported; 10.0 against exports of 2.0: 5.
    assert_eq!(
        r2023.extra_share().unwrap().value().round_dp(6),
        "0.833333".parse::<Decimal>().unwrap()
    );
    assert_eq!(r2023.import_export_ratio(), Some("5".parse().unwrap()));
    let r2024 = &years[1].1.rows()[0];
    assert_eq!(
        r2024.hhi().unwrap().value(),
        "0.82".parse::<Decimal>().unwrap()
    );
    // No EU exports in 2024: the ratio is unbounded and criterion 3 holds.
    assert_eq!(r2024.import_export_ratio(), None);
    assert!(r2024.is_dependent());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn partner_share_series_are_each_years_partner_shares(flows in flows()) {
        use tradedep::metrics::{PartnerShareSeries, PartnerShares};
        use tradedep::Side;
        let data = TradeData::from_flows(&flows).unwrap();
        for (side, series) in [
            (Side::Importer, PartnerShareSeries::imports(&data, &Query::new()).unwrap()),
            (Side::Exporter, PartnerShareSeries::exports(&data, &Query::new()).unwrap()),
        ] {
            let mut years: Vec<i32> = flows.iter().map(|f| f.period().year()).collect();
            years.sort_unstable();
            years.dedup();
            let mut seen = 0;
            for y in years {
                let shares = match side {
                    Side::Importer => PartnerShares::imports(&data, &year_of(y)).unwrap(),
                    Side::Exporter => PartnerShares::exports(&data, &year_of(y)).unwrap(),
                };
                for s in shares.rows() {
                    let pair = series.of(s.economy(), s.partner());
                    let at = pair.iter().find(|p| p.year() == y).unwrap();
                    prop_assert_eq!(at.value(), s.value());
                    prop_assert_eq!(at.share(), s.share());
                    seen += 1;
                }
            }
            prop_assert_eq!(seen, series.rows().len());
            // Streamed in two parts, in reverse, it is the same.
            let (a, b) = flows.split_at(flows.len() / 2);
            let (mut first, mut second) = (PartnerShareSeries::builder(side), PartnerShareSeries::builder(side));
            for f in b.iter().rev() { first.push(f).unwrap(); }
            for f in a { second.push(f).unwrap(); }
            prop_assert_eq!(first.merge(second).unwrap().build().unwrap(), series);
        }
    }
}

#[test]
fn a_pairs_series_worked_by_hand() {
    use tradedep::metrics::PartnerShareSeries;
    // Japan's imports: 2023 China 6.0 of 10.0; 2024 China 7.5 of 10.0,
    // with 1.0 more from the World that is no partner.
    let mut flows = vec![
        flow("JPN", "CHN", "280530", 2023, 60),
        flow("JPN", "USA", "280530", 2023, 40),
        flow("JPN", "CHN", "850511", 2024, 75),
        flow("JPN", "USA", "280530", 2024, 25),
    ];
    flows.push(flow("JPN", "WLD", "280530", 2024, 10));
    let data = TradeData::from_flows(&flows).unwrap();
    let series = PartnerShareSeries::imports(&data, &Query::new()).unwrap();
    let china: Vec<(i32, Decimal)> = series
        .of("JPN".parse().unwrap(), "CHN".parse().unwrap())
        .iter()
        .map(|y| (y.year(), y.share().unwrap().value()))
        .collect();
    assert_eq!(
        china,
        [
            (2023, "0.6".parse().unwrap()),
            (2024, "0.75".parse().unwrap())
        ]
    );
    assert!(series.rows().iter().all(|r| r.partner().is_attributed()));
}

#[test]
fn the_series_builder_refuses_a_total_beside_its_parts() {
    use tradedep::metrics::PartnerShareSeries;
    use tradedep::{ErrorKind, Side};
    // China's TOTAL of 100 beside its 60 of 280530: summed they would
    // give China 0.8 of Japan's imports instead of 0.6.
    let total = TradeFlow::new(
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        Direction::Import,
        "TOTAL".parse().unwrap(),
        Period::annual(2024).unwrap(),
        Money::new(Decimal::from(100), "USD".parse().unwrap()),
    )
    .unwrap();
    let mut b = PartnerShareSeries::builder(Side::Importer);
    b.push(&total).unwrap();
    b.push(&flow("JPN", "CHN", "280530", 2024, 600)).unwrap();
    b.push(&flow("JPN", "USA", "280530", 2024, 400)).unwrap();
    let e = b.build().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Overlap { .. }), "{e}");
}

#[test]
fn rca_keeps_a_pair_whose_exports_sum_to_zero() {
    use tradedep::metrics::Rca;
    // China's exports of 2846 are 0 (written as a whole number): the row
    // is there, with an RCA of 0.
    let data = TradeData::from_flows([
        TradeFlow::new(
            "USA".parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            "284690".parse().unwrap(),
            Period::annual(2024).unwrap(),
            Money::new(Decimal::ZERO, "USD".parse().unwrap()),
        )
        .unwrap(),
        flow("USA", "CHN", "854110", 2024, 700),
        flow("USA", "JPN", "284690", 2024, 100),
    ])
    .unwrap();
    let rca = Rca::of_exports(&data, &Query::new(), HsLevel::Subheading).unwrap();
    let row = rca
        .get("CHN".parse().unwrap(), "284690".parse().unwrap())
        .unwrap();
    assert!(row.exports().is_zero());
    assert_eq!(row.rca(), Some(Decimal::ZERO));
    assert_eq!(rca.rows().len(), 3);
}

#[test]
fn an_economy_reporting_years_then_months_is_screened_year_by_year() {
    use tradedep::metrics::{GeoDepScreen, PartnerShareSeries};
    // Japan reports 2023 as a year and 2024 as two months: no year holds
    // the same trade twice, so every by-year indicator takes it; over
    // both years at once the mix is refused.
    let month = |exp: &str, m: &str, v: i64| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            exp.parse().unwrap(),
            Direction::Import,
            "280530".parse().unwrap(),
            m.parse().unwrap(),
            Money::new(Decimal::from(v), "USD".parse().unwrap()),
        )
        .unwrap()
    };
    let data = TradeData::from_flows([
        flow("JPN", "CHN", "280530", 2023, 600),
        flow("JPN", "USA", "280530", 2023, 400),
        month("CHN", "2024-01", 30),
        month("CHN", "2024-02", 45),
        month("USA", "2024-02", 25),
    ])
    .unwrap();
    assert!(PartnerShares::imports(&data, &Query::new()).is_err());
    let series = PartnerShareSeries::imports(&data, &Query::new()).unwrap();
    let china: Vec<(i32, Decimal)> = series
        .of("JPN".parse().unwrap(), "CHN".parse().unwrap())
        .iter()
        .map(|y| (y.year(), y.share().unwrap().value()))
        .collect();
    // 2023: 60 of 100; 2024: 75 of 100, months summed.
    assert_eq!(
        china,
        [
            (2023, "0.6".parse().unwrap()),
            (2024, "0.75".parse().unwrap())
        ]
    );
    let years = ProductConcentrations::by_year(&data, &Query::new(), HsLevel::Subheading).unwrap();
    assert_eq!(years.len(), 2);
    assert!(
        EuScreen::swd_2021_352()
            .run_by_year(&data, &EconomyGroup::eu27(), &Query::new())
            .is_ok()
    );
    let all = GeoDepScreen::cepii().run_all(&data, &Query::new()).unwrap();
    assert_eq!(all.len(), 2);
}
