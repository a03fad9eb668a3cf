//! Hand-worked examples of every indicator: small tables checked on
//! paper, the working in the comments.

use rust_decimal::Decimal;
use rust_decimal::prelude::FromStr;
use tradedep::metrics::{
    Balance, Concentration, EuScreen, Exposure, GeoDepScreen, HighestSince, ImportReliance, Link,
    Mirror, PartnerShares, ProductConcentrations, ProductLinks, Rca, SelectorExposure, Series,
    Table,
};
use tradedep::{
    Direction, EconomyGroup, Frequency, HsLevel, ProductSelector, Query, TradeData, TradeFlow,
};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn flow(imp: &str, exp: &str, hs: &str, period: &str, v: &str) -> TradeFlow {
    TradeFlow::new(
        imp.parse().unwrap(),
        exp.parse().unwrap(),
        Direction::Import,
        hs.parse().unwrap(),
        period.parse().unwrap(),
        v.parse().unwrap(),
    )
    .unwrap()
}

fn data(flows: &[TradeFlow]) -> TradeData {
    TradeData::from_flows(flows).unwrap()
}

#[test]
fn partner_shares_of_imports_and_exports() {
    // Japan imports 236 from China, 100 from the US, 664 from Australia:
    // M_JPN = 1000, so shares 0.236, 0.1, 0.664. China exports 236 to
    // Japan and 59 to Korea: X_CHN = 295, shares 0.8 and 0.2.
    let t = data(&[
        flow("JPN", "CHN", "85", "2025", "236 USD"),
        flow("JPN", "USA", "85", "2025", "100 USD"),
        flow("JPN", "AUS", "26", "2025", "664 USD"),
        flow("KOR", "CHN", "85", "2025", "59 USD"),
    ]);
    let jpn = "JPN".parse().unwrap();
    let chn = "CHN".parse().unwrap();
    let m = PartnerShares::imports(&t, &Query::new()).unwrap();
    assert_eq!(m.share(jpn, chn).unwrap().value(), d("0.236"));
    assert_eq!(
        m.share(jpn, "AUS".parse().unwrap()).unwrap().value(),
        d("0.664")
    );
    assert_eq!(
        m.share(jpn, "KOR".parse().unwrap()).unwrap().value(),
        d("0")
    );
    assert_eq!(m.top_share(jpn, 2).unwrap().value(), d("0.9"));
    let x = PartnerShares::exports(&t, &Query::new()).unwrap();
    assert_eq!(x.share(chn, jpn).unwrap().value(), d("0.8"));
    assert_eq!(x.of(chn).len(), 2);
    // A product aggregate: chapter 85 only, M_JPN = 336.
    let ch85 = PartnerShares::imports(&t, &Query::new().product("85".parse().unwrap())).unwrap();
    assert_eq!(ch85.total(jpn).unwrap().to_string(), "336 USD");
    // A table: header and one row per pair.
    let mut csv = Vec::new();
    m.write_csv(&mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(
        text.starts_with("importer,exporter,value_usd,share\nJPN,AUS,664,0.664\n"),
        "{text}"
    );
}

#[test]
fn zero_totals_give_no_share() {
    let t = data(&[flow("JPN", "CHN", "85", "2025", "0 USD")]);
    let jpn = "JPN".parse().unwrap();
    let m = PartnerShares::imports(&t, &Query::new()).unwrap();
    assert_eq!(m.share(jpn, "CHN".parse().unwrap()), None);
    let c = ProductConcentrations::imports(&t, &Query::new(), HsLevel::Chapter).unwrap();
    assert_eq!(c.rows()[0].hhi(), None);
    assert_eq!(c.rows()[0].suppliers(), 1);
    assert!(m.to_string().contains('-'), "missing shares print as -");
}

#[test]
fn concentration_sums_split_flows_per_supplier_first() {
    // Comtrade splits Japan's imports from China of 280530 in two records
    // (40 + 20, two periods of one year here). Per supplier: CHN 60,
    // VNM 30, USA 10 of 100: HHI = 0.36 + 0.09 + 0.01 = 0.46, three
    // suppliers, not four. Records counted separately would give
    // 0.16 + 0.04 + 0.09 + 0.01 = 0.30.
    let t = data(&[
        flow("JPN", "CHN", "280530", "2025-Q1", "40 USD"),
        flow("JPN", "CHN", "280530", "2025-Q2", "20 USD"),
        flow("JPN", "VNM", "280530", "2025-Q1", "30 USD"),
        flow("JPN", "USA", "280530", "2025-Q1", "10 USD"),
        flow("JPN", "USA", "854110", "2025-Q1", "10 USD"),
    ]);
    let jpn = "JPN".parse().unwrap();
    let table = ProductConcentrations::imports(&t, &Query::new(), HsLevel::Subheading).unwrap();
    let r = table.get(jpn, "280530".parse().unwrap()).unwrap();
    assert_eq!(r.hhi().unwrap().value(), d("0.46"));
    assert_eq!(r.suppliers(), 3);
    assert_eq!(r.largest().to_string(), "CHN");
    assert_eq!(r.largest_share().unwrap().value(), d("0.6"));
    let one = table.get(jpn, "854110".parse().unwrap()).unwrap();
    assert_eq!(one.hhi().unwrap().value(), d("1"));
    // The same from Concentration, and on the 0-10,000 scale.
    let c =
        Concentration::of_imports(&t, jpn, &Query::new().product("2805".parse().unwrap())).unwrap();
    assert_eq!(c.hhi().unwrap().points(), d("4600"));
    assert_eq!(c.top_share(1).unwrap().value(), d("0.6"));
    // At chapter level, chapter 28 and 85 are separate markets.
    let ch = ProductConcentrations::imports(&t, &Query::new(), HsLevel::Chapter).unwrap();
    assert_eq!(ch.rows().len(), 2);
}

#[test]
fn ties_for_largest_supplier_go_to_the_smaller_trade_code() {
    // USA (842) and CHN (156) tie at 50: China, the smaller code.
    let t = data(&[
        flow("JPN", "USA", "280530", "2025", "50 USD"),
        flow("JPN", "CHN", "280530", "2025", "50 USD"),
    ]);
    let table = ProductConcentrations::imports(&t, &Query::new(), HsLevel::Subheading).unwrap();
    assert_eq!(table.rows()[0].largest().to_string(), "CHN");
    assert_eq!(table.rows()[0].hhi().unwrap().value(), d("0.5"));
}

#[test]
fn import_reliance_is_negative_for_net_exporters() {
    // (10 - 30) / (50 + 10 - 30) = -20 / 30.
    let ir = ImportReliance::eu_crm(
        "10 USD".parse().unwrap(),
        "30 USD".parse().unwrap(),
        "50 USD".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(ir.value().unwrap(), d("-0.6666666666666666666666666667"));
    // P + M - X = 0 + 5 - 5 = 0: undefined.
    let ir = ImportReliance::eu_crm(
        "5 USD".parse().unwrap(),
        "5 USD".parse().unwrap(),
        "0 USD".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(ir.value(), None);
    // Rare earths in the EU CRM 2023 style: no production, imports 100,
    // exports 2: (100 - 2) / (0 + 100 - 2) = 1.
    let ir = ImportReliance::eu_crm(
        "100 EUR".parse().unwrap(),
        "2 EUR".parse().unwrap(),
        "0 EUR".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(ir.value().unwrap(), d("1"));
    // Two currencies are an error, not a silent mix.
    assert!(
        ImportReliance::net(
            "1 USD".parse().unwrap(),
            "0 USD".parse().unwrap(),
            "1 EUR".parse().unwrap()
        )
        .is_err()
    );
}

#[test]
fn exposure_bounds_under_full_and_partial_links() {
    // Japan from China: 280530 (full link to 1C) 20, 854110 (partial,
    // weight 0.25, to 3A) 40, 854150 (full to 3A and partial to 5A,
    // no weight) 10, 620342 (no link) 30. M_ij = 100.
    // lower = 20 (only 280530 is linked by full links only) -> 0.2
    // upper = 20 + 40 + 10 = 70 -> 0.7
    // point: 854150 has a full link, weight 1, so 20 + 0.25 * 40 + 10 = 40 -> 0.4
    let t = data(&[
        flow("JPN", "CHN", "280530", "2024", "20 USD"),
        flow("JPN", "CHN", "854110", "2024", "40 USD"),
        flow("JPN", "CHN", "854150", "2024", "10 USD"),
        flow("JPN", "CHN", "620342", "2024", "30 USD"),
    ]);
    let mut links = ProductLinks::new();
    links.add("2805".parse().unwrap(), "1C", Link::Full);
    links
        .add_weighted("854110".parse().unwrap(), "3A", d("0.25"))
        .unwrap();
    links.add("854150".parse().unwrap(), "3A", Link::Full);
    links.add("8541".parse().unwrap(), "5A", Link::Partial);
    let e = Exposure::between(
        &t,
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        &Query::new(),
        &links,
    )
    .unwrap();
    assert_eq!(e.lower_share().unwrap().value(), d("0.2"));
    // 5A's partial link on 8541 has no weight: 854110's weight is unknown.
    assert_eq!(e.point_share(), None);
    assert_eq!(e.upper_share().unwrap().value(), d("0.7"));
    // By category: 3A has 854110 (partial, 0.25) and 854150 (full):
    // lower 10, point 0.25 * 40 + 10 = 20, upper 50.
    let cat = e.category(&"3A").unwrap();
    assert_eq!(cat.lower().amount(), d("10"));
    assert_eq!(cat.point().unwrap().amount(), d("20"));
    assert_eq!(cat.upper().amount(), d("50"));
    assert_eq!(e.category(&"5A").unwrap().upper().amount(), d("50"));
    assert!(e.category(&"9A").is_none());
    assert_eq!(e.len(), 4, "all, 1C, 3A, 5A");
}

#[test]
fn selector_exposure_sums_selected_codes() {
    // 2805 and 8541 selected: 20 + 40 + 10 = 70 of 100.
    let t = data(&[
        flow("JPN", "CHN", "280530", "2024", "20 USD"),
        flow("JPN", "CHN", "854110", "2024", "40 USD"),
        flow("JPN", "CHN", "854150", "2024", "10 USD"),
        flow("JPN", "CHN", "620342", "2024", "30 USD"),
    ]);
    let s: ProductSelector = "2805, 8541".parse().unwrap();
    let e = SelectorExposure::by_pair(&t, &Query::new(), &s).unwrap();
    let p = e
        .get("JPN".parse().unwrap(), "CHN".parse().unwrap())
        .unwrap();
    assert_eq!(p.selected().amount(), d("70"));
    assert_eq!(p.share().unwrap().value(), d("0.7"));
    // The same through a query filter.
    assert_eq!(
        t.total(&Query::new().products(s)).unwrap().amount(),
        d("70")
    );
}

#[test]
fn eu_screen_reports_each_criterion() {
    // 280530: extra-EU imports CHN 90 + USA 10 = 100 (HHI 0.82), intra 20,
    // total imports 120 (share 0.8333), EU exports 20 + 200 = 220
    // (ratio 100 / 220 = 0.4545): criterion 3 fails, not dependent.
    let t = data(&[
        flow("DEU", "CHN", "280530", "2024", "90 USD"),
        flow("FRA", "USA", "280530", "2024", "10 USD"),
        flow("FRA", "DEU", "280530", "2024", "20 USD"),
        flow("USA", "FRA", "280530", "2024", "200 USD"),
        flow("JPN", "CHN", "280530", "2024", "999 USD"),
    ]);
    let s = EuScreen::swd_2021_352()
        .run(&t, &EconomyGroup::eu27(), &Query::new())
        .unwrap();
    let r = &s.rows()[0];
    assert_eq!(r.hhi().unwrap().value(), d("0.82"));
    assert_eq!(r.total_imports().amount(), d("120"));
    assert_eq!(r.bloc_exports().amount(), d("220"));
    assert_eq!(r.import_export_ratio().unwrap().round_dp(4), d("0.4545"));
    assert_eq!(r.criteria(), [true, true, false]);
    assert!(!r.is_dependent());
    assert_eq!(s.dependent().count(), 0);
    // With a lower ratio threshold it is flagged.
    let loose = EuScreen::swd_2021_352()
        .with_thresholds(d("0.4"), d("0.5"), d("0.4"))
        .unwrap()
        .run(&t, &EconomyGroup::eu27(), &Query::new())
        .unwrap();
    assert_eq!(loose.dependent().count(), 1);
    assert!(
        EuScreen::swd_2021_352()
            .with_thresholds(d("-1"), d("0"), d("0"))
            .is_err()
    );
}

#[test]
fn geodep_needs_two_years_of_three() {
    // Japan's imports of 280530 from China and Viet Nam:
    // 2022: 50/50 -> HHI 0.5, world export HHI 0.5 (CHN 50 + VNM 50), ratio 9999: holds.
    // 2023: 70/30 -> 0.58; but Japan exports 200 to Korea: world HHI
    //       (70^2 + 30^2 + 200^2) / 300^2 = 45800 / 90000 = 0.5089, ratio 100 / 200 = 0.5: fails.
    // 2024: 40/30/30 -> 0.34: fails.
    // One year of three: not dependent.
    let t = data(&[
        flow("JPN", "CHN", "280530", "2022", "50 USD"),
        flow("JPN", "VNM", "280530", "2022", "50 USD"),
        flow("JPN", "CHN", "280530", "2023", "70 USD"),
        flow("JPN", "VNM", "280530", "2023", "30 USD"),
        flow("KOR", "JPN", "280530", "2023", "200 USD"),
        flow("JPN", "CHN", "280530", "2024", "40 USD"),
        flow("JPN", "VNM", "280530", "2024", "30 USD"),
        flow("JPN", "USA", "280530", "2024", "30 USD"),
    ]);
    let s = GeoDepScreen::cepii()
        .run(&t, "JPN".parse().unwrap(), 2024, &Query::new())
        .unwrap();
    let r = &s.rows()[0];
    let holds: Vec<bool> = r
        .years()
        .iter()
        .map(tradedep::metrics::GeoDepYear::holds)
        .collect();
    assert_eq!(holds, [true, false, false]);
    assert_eq!(r.years()[0].ratio().unwrap(), d("9999"));
    assert_eq!(r.years()[1].ratio().unwrap(), d("0.5"));
    assert_eq!(
        r.years()[1].export_hhi().unwrap().value().round_dp(4),
        d("0.5089")
    );
    assert_eq!(r.years()[2].import_hhi().unwrap().value(), d("0.34"));
    assert!(!r.is_dependent());
    // One year of three is enough under a looser rule.
    let loose = GeoDepScreen::cepii().with_persistence(3, 1).unwrap();
    assert!(
        loose
            .run(&t, "JPN".parse().unwrap(), 2024, &Query::new())
            .unwrap()
            .rows()[0]
            .is_dependent()
    );
    assert!(GeoDepScreen::cepii().with_persistence(2, 3).is_err());
}

#[test]
fn balassa_rca_of_two_economies_and_two_products() {
    // Exports: CHN 2846 30, 8541 70; JPN 2846 10, 8541 90; world 200.
    // RCA CHN 2846 = (30/100) / (40/200) = 1.5; CHN 8541 = 0.7 / 0.8 = 0.875;
    // JPN 2846 = 0.1 / 0.2 = 0.5; JPN 8541 = 0.9 / 0.8 = 1.125.
    let t = data(&[
        flow("USA", "CHN", "284610", "2024", "30 USD"),
        flow("USA", "CHN", "854110", "2024", "70 USD"),
        flow("USA", "JPN", "284690", "2024", "10 USD"),
        flow("USA", "JPN", "854110", "2024", "90 USD"),
    ]);
    let rca = Rca::of_exports(&t, &Query::new(), HsLevel::Heading).unwrap();
    let get = |e: &str, p: &str| {
        rca.get(e.parse().unwrap(), p.parse().unwrap())
            .unwrap()
            .rca()
            .unwrap()
    };
    assert_eq!(get("CHN", "2846"), d("1.5"));
    assert_eq!(get("CHN", "8541"), d("0.875"));
    assert_eq!(get("JPN", "2846"), d("0.5"));
    assert_eq!(get("JPN", "8541"), d("1.125"));
}

#[test]
fn monthly_quarterly_and_annual_series() {
    // Monthly: 100, 120, 90, 110, 130. Growth Feb 0.2, Mar -0.25,
    // cumulative Jan->May 0.3, index (base Jan) 130 in May; Apr's 110 is
    // the highest since Feb (120); May's 130 the highest since the start.
    let m = |p: &str, v: &str| (p.parse().unwrap(), v.parse().unwrap());
    let monthly = Series::new([
        m("2025-01", "100 USD"),
        m("2025-02", "120 USD"),
        m("2025-03", "90 USD"),
        m("2025-04", "110 USD"),
        m("2025-05", "130 USD"),
    ])
    .unwrap();
    assert_eq!(
        monthly.growth("2025-03".parse().unwrap()).unwrap(),
        d("-0.25")
    );
    assert_eq!(monthly.growth("2025-01".parse().unwrap()), None);
    assert_eq!(
        monthly
            .cumulative("2025-01".parse().unwrap(), "2025-05".parse().unwrap())
            .unwrap(),
        d("0.3")
    );
    let index = monthly.index("2025-01".parse().unwrap()).unwrap();
    assert_eq!(index.last().unwrap().1, d("130"));
    assert_eq!(
        monthly.highest_since("2025-04".parse().unwrap()),
        Some(HighestSince::Period("2025-02".parse().unwrap()))
    );
    assert_eq!(
        monthly.highest_since("2025-05".parse().unwrap()),
        Some(HighestSince::Start)
    );
    // Quarterly year on year: 2025-Q1 150 over 2024-Q1 120 = 0.25.
    let quarterly = Series::new([
        m("2024-Q1", "120 USD"),
        m("2024-Q2", "80 USD"),
        m("2025-Q1", "150 USD"),
    ])
    .unwrap();
    assert_eq!(
        quarterly.year_on_year("2025-Q1".parse().unwrap()).unwrap(),
        d("0.25")
    );
    assert_eq!(
        quarterly.growth("2025-Q1".parse().unwrap()),
        None,
        "2024-Q4 is missing"
    );
    // Annual, from trade data; a monthly flow in the data is left out.
    let t = data(&[
        flow("CHN", "JPN", "85", "2024", "80 USD"),
        flow("CHN", "JPN", "85", "2025", "100 USD"),
        flow("CHN", "JPN", "85", "2025-12", "9 USD"),
    ]);
    let annual = Series::from_data(&t, &Query::new(), Frequency::Annual).unwrap();
    assert_eq!(
        annual.year_on_year("2025".parse().unwrap()).unwrap(),
        d("0.25")
    );
    // Mixed frequencies and repeated periods are errors.
    assert!(Series::new([m("2025", "1 USD"), m("2025-01", "1 USD")]).is_err());
    assert!(Series::new([m("2025", "1 USD"), m("2025", "2 USD")]).is_err());
    assert!(Series::new(Vec::new()).is_err());
}

#[test]
fn balance_and_mirror_of_a_pair() {
    // Japan reports imports from China of 105 (CIF); China reports
    // exports to Japan of 100 (FOB): mirror ratio 1.05, gap 5. Japan's
    // balance with China: exports 60 - imports 105 = -45.
    let r = |rep: &str, par: &str, dir: Direction, v: &str| {
        TradeFlow::new(
            rep.parse().unwrap(),
            par.parse().unwrap(),
            dir,
            "85".parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let t = data(&[
        r("JPN", "CHN", Direction::Import, "105 USD"),
        r("CHN", "JPN", Direction::Export, "100 USD"),
        r("CHN", "JPN", Direction::Import, "60 USD"),
    ]);
    let jpn = "JPN".parse().unwrap();
    let chn = "CHN".parse().unwrap();
    let m = Mirror::between(&t, jpn, chn, &Query::new()).unwrap();
    assert_eq!(m.ratio().unwrap(), d("1.05"));
    assert_eq!(m.gap().unwrap().amount(), d("5"));
    let b = Balance::between(&t, jpn, chn, &Query::new().direction(Direction::Import)).unwrap();
    assert_eq!(b.balance().unwrap().amount(), d("-45"));
    // No exporter report: no ratio.
    let none = Mirror::between(&t, chn, jpn, &Query::new()).unwrap();
    assert_eq!(none.ratio(), None);
}
