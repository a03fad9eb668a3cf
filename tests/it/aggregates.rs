//! Aggregates beside their parts: the World, unspecified areas, `TOTAL`,
//! breakdown flows, coarser HS levels and overlapping frequencies are
//! never added to their parts. Each case has its expected value worked
//! out by hand (or from the published figures cited).

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::metrics::{
    Concentration, Denominator, Mirror, PartnerShares, ProductConcentrations, SelectorExposure,
};
use tradedep::scenario::Scenario;
use tradedep::{
    Currency, Direction, Economy, EconomyKind, ErrorKind, ExchangeRates, Frequency, HsCode,
    HsLevel, Money, ProductSelector, Query, Reader, TradeData, TradeFlow,
};

use super::properties::{economy, subheading};

fn e(code: &str) -> Economy {
    code.parse().unwrap()
}

fn flow(
    reporter: Economy,
    partner: Economy,
    d: Direction,
    hs: &str,
    period: &str,
    v: &str,
) -> TradeFlow {
    TradeFlow::new(
        reporter,
        partner,
        d,
        HsCode::special(hs).unwrap(),
        period.parse().unwrap(),
        v.parse().unwrap(),
    )
    .unwrap()
}

fn import(importer: &str, exporter: &str, hs: &str, v: &str) -> TradeFlow {
    flow(e(importer), e(exporter), Direction::Import, hs, "2025", v)
}

fn overlap(e: &tradedep::Error) -> bool {
    matches!(e.kind(), ErrorKind::Overlap { .. })
}

#[test]
fn the_world_is_a_reported_total_not_a_supplier() {
    // Japan's imports in 2025, Ministry of Finance preliminary figures
    // (released 22 January 2026, as reported by Jiji Press): from China
    // JPY 26,694.2 billion, from the World JPY 113,098.7 billion.
    let data = TradeData::from_flows([
        import("JPN", "CHN", "TOTAL", "26694200000000 JPY"),
        import("JPN", "WLD", "TOTAL", "113098700000000 JPY"),
    ])
    .unwrap();
    let (jpn, chn) = (e("JPN"), e("CHN"));
    // Against the reported total: 26,694.2 / 113,098.7 = 0.23603.
    let shares =
        PartnerShares::imports_with(&data, &Query::new(), Denominator::ReportedTotal).unwrap();
    assert_eq!(shares.denominator(), Denominator::ReportedTotal);
    assert_eq!(format!("{:.4}", shares.share(jpn, chn).unwrap()), "0.2360");
    assert_eq!(
        shares.total(jpn).unwrap().to_string(),
        "113098700000000 JPY"
    );
    // Counting the World as a supplier gave 26,694.2 / 139,792.9 = 0.1910;
    // over the partners listed, China is the only one.
    let over_partners = PartnerShares::imports(&data, &Query::new()).unwrap();
    assert_eq!(over_partners.of(jpn).len(), 1);
    assert_eq!(over_partners.share(jpn, chn).unwrap().to_string(), "1");
    let c = Concentration::of_imports(&data, jpn, &Query::new()).unwrap();
    assert_eq!(c.suppliers(), 1);
    assert_eq!(
        data.total(&Query::new().importer(jpn)).unwrap().to_string(),
        "26694200000000 JPY"
    );
    let hhi = ProductConcentrations::imports(&data, &Query::new(), HsLevel::Subheading).unwrap();
    assert_eq!(hhi.rows().len(), 1);
    assert_eq!(hhi.rows()[0].suppliers(), 1);
    assert_eq!(hhi.rows()[0].product(), HsCode::TOTAL);
}

/// A source that lists three partners (sum 1000), an unspecified area
/// and its reported total (1036).
fn listed() -> TradeData {
    TradeData::from_flows([
        import("JPN", "CHN", "TOTAL", "244 USD"),
        import("JPN", "USA", "TOTAL", "300 USD"),
        import("JPN", "AUS", "TOTAL", "456 USD"),
        import("JPN", "XAN", "TOTAL", "10 USD"),
        import("JPN", "WLD", "TOTAL", "1036 USD"),
    ])
    .unwrap()
}

#[test]
fn shares_say_which_denominator_they_used() {
    let data = listed();
    let (jpn, chn) = (e("JPN"), e("CHN"));
    let partners = PartnerShares::imports(&data, &Query::new()).unwrap();
    assert_eq!(partners.denominator(), Denominator::PartnerSum);
    // 244 / (244 + 300 + 456): Areas n.e.s. is no partner.
    assert_eq!(partners.share(jpn, chn).unwrap().to_string(), "0.244");
    assert_eq!(partners.total(jpn).unwrap().to_string(), "1000 USD");
    assert_eq!(partners.unattributed(jpn).unwrap().to_string(), "10 USD");
    assert_eq!(partners.of(jpn).len(), 3);
    // 244 / 1036 = 0.235521...
    let total =
        PartnerShares::imports_with(&data, &Query::new(), Denominator::ReportedTotal).unwrap();
    assert_eq!(format!("{:.4}", total.share(jpn, chn).unwrap()), "0.2355");
    // A reported total is needed for every economy asked about.
    let no_world = TradeData::from_flows([import("JPN", "CHN", "TOTAL", "1 USD")]).unwrap();
    let err = PartnerShares::imports_with(&no_world, &Query::new(), Denominator::ReportedTotal)
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingTotal { .. }),
        "{err}"
    );
}

#[test]
fn unspecified_areas_are_trade_but_no_supplier() {
    let data = listed();
    let jpn = e("JPN");
    // HHI over the three suppliers: 0.244^2 + 0.3^2 + 0.456^2 = 0.357472.
    let c = Concentration::of_imports(&data, jpn, &Query::new()).unwrap();
    assert_eq!(c.suppliers(), 3);
    assert_eq!(c.hhi().unwrap().to_string(), "0.357472");
    assert_eq!(c.top_share(1).unwrap().to_string(), "0.456");
    let p = ProductConcentrations::imports(&data, &Query::new(), HsLevel::Chapter).unwrap();
    assert_eq!(p.rows()[0].suppliers(), 3);
    assert_eq!(p.rows()[0].hhi().unwrap().to_string(), "0.357472");
    // A total counts the area's trade (it is trade), never the World's.
    assert_eq!(
        data.total(&Query::new().importer(jpn)).unwrap().to_string(),
        "1010 USD"
    );
    let attributed = Query::new()
        .importer(jpn)
        .exclude_kind(EconomyKind::Unspecified);
    assert_eq!(data.total(&attributed).unwrap().to_string(), "1000 USD");
    // Excluding a partner: 244 / (244 + 456) = 0.348571...
    let shares = PartnerShares::imports(&data, &Query::new().exclude(e("USA"))).unwrap();
    assert_eq!(
        format!("{:.4}", shares.share(jpn, e("CHN")).unwrap()),
        "0.3486"
    );
    assert_eq!(shares.share(jpn, e("USA")).unwrap().to_string(), "0");
    // No pair with an unspecified area or the World in an exposure.
    let all: ProductSelector = "TOTAL".parse().unwrap();
    let x = SelectorExposure::by_pair(&data, &Query::new(), &all).unwrap();
    let exporters: Vec<String> = x.rows().iter().map(|r| r.exporter().to_string()).collect();
    assert_eq!(exporters, ["AUS", "CHN", "USA"]);
    // The World and unspecified areas are refused as suppliers.
    let usd = |v: i64| Money::new(Decimal::from(v), Currency::USD);
    assert!(Concentration::from_values([(Economy::WORLD, usd(5))]).is_err());
    let none = Concentration::from_values(std::iter::empty()).unwrap_err();
    assert!(none.to_string().contains("at least one"), "{none}");
}

/// The data written as JSON and read back (none without the feature).
#[cfg(feature = "json")]
fn json_copies(data: &TradeData) -> Vec<TradeData> {
    let mut json = Vec::new();
    data.write_json(&mut json).unwrap();
    vec![Reader::json().read(json.as_slice()).unwrap().0]
}

#[cfg(not(feature = "json"))]
fn json_copies(_: &TradeData) -> Vec<TradeData> {
    Vec::new()
}

#[test]
fn breakdowns_never_add_to_their_totals_in_any_form() {
    let (jpn, chn, usa) = (e("JPN"), e("CHN"), e("USA"));
    // M 1000 + RM 100 from China, M 1000 from the USA: China's share is
    // 1000 / 2000 = 0.5, not 1100 / 2100 = 0.5238.
    let flows = [
        flow(jpn, chn, Direction::Import, "854110", "2024", "1000 USD"),
        flow(jpn, chn, Direction::ReImport, "854110", "2024", "100 USD"),
        flow(jpn, usa, Direction::Import, "854110", "2024", "1000 USD"),
        flow(
            jpn,
            usa,
            Direction::ForeignImport,
            "854110",
            "2024",
            "990 USD",
        ),
        // China's exports to Japan and their re-export and domestic parts.
        flow(chn, jpn, Direction::Export, "854110", "2024", "800 USD"),
        flow(chn, jpn, Direction::ReExport, "854110", "2024", "30 USD"),
        flow(
            chn,
            jpn,
            Direction::DomesticExport,
            "854110",
            "2024",
            "770 USD",
        ),
    ];
    let from_flows = TradeData::from_flows(flows).unwrap();
    // The same flows through the tidy CSV, and through JSON.
    let mut csv = Vec::new();
    from_flows.write_csv(&mut csv).unwrap();
    let (from_csv, _) = Reader::tidy_csv().read(csv.as_slice()).unwrap();
    let mut all = json_copies(&from_flows);
    all.extend([from_flows, from_csv]);
    for data in &all {
        let imports = Query::new().direction(Direction::Import);
        let shares = PartnerShares::imports(data, &imports).unwrap();
        assert_eq!(shares.share(jpn, chn).unwrap().to_string(), "0.5");
        assert_eq!(
            data.total(&Query::new().exporter(chn)).unwrap().to_string(),
            "1800 USD"
        );
        assert_eq!(
            data.total(&Query::new().direction(Direction::ReExport))
                .unwrap()
                .to_string(),
            "30 USD"
        );
    }
    let text: Vec<String> = Direction::ALL
        .iter()
        .map(|d| d.comtrade_code().to_owned())
        .collect();
    assert_eq!(text, ["M", "X", "RM", "RX", "FM", "DX"]);
}

#[test]
fn a_year_and_its_months_are_never_summed() {
    // Period 2024 (12,000) and 202401 (1,000): the month is inside the
    // year's figure; 13,000 would count January twice.
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n\
               392,156,M,850511,2024,12000\n\
               392,156,M,850511,202401,1000\n";
    let (data, report) = Reader::comtrade().read(csv.as_bytes()).unwrap();
    assert_eq!(
        report.frequencies(),
        [Frequency::Monthly, Frequency::Annual]
    );
    assert!(
        report.to_string().contains("frequencies: monthly, annual"),
        "{report}"
    );
    let year = Query::new().period("2024".parse().unwrap());
    let err = data.total(&year).unwrap_err();
    assert!(overlap(&err), "{err}");
    assert!(err.to_string().contains("monthly and annual"), "{err}");
    assert!(err.to_string().contains("Query::frequency"), "{err}");
    assert_eq!(
        data.total(&year.clone().frequency(Frequency::Annual))
            .unwrap()
            .to_string(),
        "12000 USD"
    );
    // A scenario on it: an error, not 13 months; on the annual figure,
    // 12 months.
    let rules = tradedep::controls::Catalogue::reference()
        .unwrap()
        .rules()
        .clone();
    let on = "2026-02-01".parse().unwrap();
    let err = Scenario::new(&data, rules.clone(), on).run().unwrap_err();
    assert!(overlap(&err), "{err}");
    let annual = Scenario::new(&data, rules, on)
        .baseline(Query::new().frequency(Frequency::Annual))
        .run()
        .unwrap();
    assert_eq!(annual.direct().months(), 12);
    assert_eq!(annual.direct().baseline(), Decimal::from(12_000));
}

#[test]
fn a_chapter_and_its_subheadings_are_never_summed() {
    let csv = "reporter,partner,direction,product,period,value,currency\n\
               JPN,CHN,import,85,2024,100,USD\n\
               JPN,CHN,import,850511,2024,40,USD\n";
    let (data, report) = Reader::tidy_csv().read(csv.as_bytes()).unwrap();
    assert_eq!(report.hs_levels(), [HsLevel::Chapter, HsLevel::Subheading]);
    // 140 would count 850511's 40 twice.
    let err = data.total(&Query::new()).unwrap_err();
    assert!(
        overlap(&err) && err.to_string().contains("Query::hs_level"),
        "{err}"
    );
    let at = |l| data.total(&Query::new().hs_level(l)).unwrap().to_string();
    assert_eq!(at(HsLevel::Chapter), "100 USD");
    assert_eq!(at(HsLevel::Subheading), "40 USD");
    // Every indicator refuses it the same way.
    assert!(overlap(
        &PartnerShares::imports(&data, &Query::new()).unwrap_err()
    ));
    assert!(overlap(
        &ProductConcentrations::imports(&data, &Query::new(), HsLevel::Chapter).unwrap_err()
    ));
    // Reading one level only.
    let (hs6, report) = Reader::tidy_csv()
        .hs_level(HsLevel::Subheading)
        .read(csv.as_bytes())
        .unwrap();
    assert_eq!((report.flows(), report.left_out()), (1, 1));
    assert_eq!(hs6.total(&Query::new()).unwrap().to_string(), "40 USD");
}

#[test]
fn one_query_never_mixes_editions() {
    let data = TradeData::from_flows([
        import("JPN", "CHN", "HS2022:850511", "30 USD"),
        import("JPN", "USA", "850511", "20 USD"),
    ])
    .unwrap();
    assert_eq!(data.editions(), [None, Some(tradedep::HsEdition::Hs2022)]);
    // HS2022 850511 and a code read without an edition are not known to
    // be the same goods: a query over both is refused, naming both.
    let e = data
        .totals_by_product(&Query::new(), HsLevel::Subheading)
        .unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Overlap {
                what: "HS editions",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("no edition") && e.to_string().contains("HS2022"),
        "{e}"
    );
    assert!(ProductConcentrations::imports(&data, &Query::new(), HsLevel::Subheading).is_err());
    // A query whose rows are of one edition is fine.
    let chn = Query::new().exporter(e_("CHN"));
    assert_eq!(data.total(&chn).unwrap().to_string(), "30 USD");
    // Tagged as HS2022, the data is one edition.
    let tagged = data.with_edition(tradedep::HsEdition::Hs2022).unwrap();
    let by = tagged
        .totals_by_product(&Query::new(), HsLevel::Subheading)
        .unwrap();
    let keys: Vec<String> = by.keys().map(ToString::to_string).collect();
    assert_eq!(keys, ["HS2022:850511"]);
    let p = ProductConcentrations::imports(&tagged, &Query::new(), HsLevel::Subheading).unwrap();
    let row = p.get(e_("JPN"), "HS2022:850511".parse().unwrap()).unwrap();
    assert_eq!(
        (row.suppliers(), row.largest().to_string()),
        (2, "CHN".to_owned())
    );
    // Tagging refuses codes of another edition.
    assert!(tagged.with_edition(tradedep::HsEdition::Hs2017).is_err());
}

fn e_(code: &str) -> tradedep::Economy {
    code.parse().unwrap()
}

#[test]
fn all_products_is_a_code_and_chapters_must_exist() {
    let total: HsCode = "TOTAL".parse().unwrap();
    assert_eq!((total, total.level()), (HsCode::TOTAL, HsLevel::Total));
    assert!(total.contains("010121".parse().unwrap()));
    // A source's "Grand Total" row, with the World as partner.
    let csv = "reporter,partner,direction,product,period,value,currency\n\
               JPN,WLD,import,TOTAL,2025,113098700000000,JPY\n\
               JPN,CHN,import,TOTAL,2025,26694200000000,JPY\n";
    let (data, _) = Reader::tidy_csv().read(csv.as_bytes()).unwrap();
    assert_eq!(
        data.total(&Query::new()).unwrap().to_string(),
        "26694200000000 JPY"
    );
    // Chapters no edition has are refused by every parser.
    for bad in ["00", "0000", "000000", "77", "7701", "770100"] {
        assert!(bad.parse::<HsCode>().is_err(), "{bad}");
        assert!(HsCode::special(bad).is_err(), "{bad}");
    }
    // Chapters 98 and 99 only through the escape.
    for special in ["98", "9801", "99", "9999", "999999"] {
        let err = special.parse::<HsCode>().unwrap_err();
        assert!(err.to_string().contains("HsCode::special"), "{err}");
        assert!(HsCode::special(special).unwrap().is_special());
    }
    let letters = HsCode::special("9999AA").unwrap_err();
    assert!(letters.to_string().contains("letters"), "{letters}");
}

#[test]
fn small_answers_that_misled() {
    let (jpn, chn) = (e("JPN"), e("CHN"));
    // Mirror: Japan reports chapter 85 (350), China subheading 854110
    // (100). The old ratio 350 / 100 = 3.5 compared unlike things.
    let data = TradeData::from_flows([
        flow(jpn, chn, Direction::Import, "85", "2024", "350 USD"),
        flow(chn, jpn, Direction::Export, "854110", "2024", "100 USD"),
    ])
    .unwrap();
    assert!(overlap(
        &Mirror::between(&data, jpn, chn, &Query::new()).unwrap_err()
    ));
    let m = Mirror::between(&data, jpn, chn, &Query::new().hs_level(HsLevel::Chapter)).unwrap();
    assert_eq!(m.ratio(), None);
    assert_eq!(m.unmatched_imports().to_string(), "350 USD");
    // Like with like: 105 / 100 over the code both report, 7 apart.
    let data = TradeData::from_flows([
        flow(jpn, chn, Direction::Import, "854110", "2024", "105 USD"),
        flow(jpn, chn, Direction::Import, "854190", "2024", "7 USD"),
        flow(chn, jpn, Direction::Export, "854110", "2024", "100 USD"),
    ])
    .unwrap();
    let m = Mirror::between(&data, jpn, chn, &Query::new()).unwrap();
    assert_eq!(m.ratio().unwrap().to_string(), "1.05");
    assert_eq!(m.unmatched_imports().to_string(), "7 USD");
    // A rate from a currency to itself is 1.
    let mut fx = ExchangeRates::new();
    let year = "2024".parse().unwrap();
    assert!(
        fx.insert(Currency::USD, Currency::USD, year, Decimal::TWO)
            .is_err()
    );
    // The top 0 suppliers hold 0, in both types.
    let shares = PartnerShares::imports(&data, &Query::new()).unwrap();
    assert_eq!(shares.top_share(jpn, 0).unwrap().to_string(), "0");
    let c = Concentration::of_imports(&data, jpn, &Query::new()).unwrap();
    assert_eq!(c.top_share(0).unwrap().to_string(), "0");
    // Data without Japan: no share, not a division by zero.
    let none = PartnerShares::imports(&data, &Query::new().importer(e("KOR"))).unwrap();
    assert_eq!(none.share(e("KOR"), chn), None);
}

/// A base of imports at HS6 in one year, and the rows a source may carry
/// beside them.
fn base_and_extras() -> impl Strategy<Value = (Vec<TradeFlow>, Vec<TradeFlow>)> {
    let row = (
        economy().prop_filter("an economy", |e| e.is_attributed()),
        economy(),
        subheading(),
        1i64..1_000_000_000,
        0u8..6,
        1i64..1_000_000_000,
    );
    proptest::collection::vec(row, 1..40).prop_map(|rows| {
        let mut base = Vec::new();
        let mut extras = Vec::new();
        for (importer, exporter, product, v, extra, w) in rows {
            let money = |x: i64| Money::new(Decimal::new(x, 2), Currency::USD);
            let year = "2024".parse().unwrap();
            let mk = |rep, par, d, p, x| TradeFlow::new(rep, par, d, p, year, money(x)).unwrap();
            base.push(mk(importer, exporter, Direction::Import, product, v));
            extras.push(match extra {
                // The importer's reported total from the World.
                0 => mk(importer, Economy::WORLD, Direction::Import, product, w),
                // An aggregate over all products.
                1 => mk(importer, exporter, Direction::Import, HsCode::TOTAL, w),
                // A breakdown of the import, and of the mirror export.
                2 => mk(importer, exporter, Direction::ReImport, product, w),
                3 => mk(exporter, importer, Direction::ReExport, product, w),
                4 => mk(importer, exporter, Direction::ForeignImport, product, w),
                // The same trade one level up.
                _ => mk(importer, exporter, Direction::Import, product.chapter(), w),
            });
        }
        (base, extras)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Adding a World row, an aggregate row, a breakdown flow or a
    /// coarser-level duplicate never changes a share, HHI or total over
    /// partners and products: at the level of the parts it is left out,
    /// and a query that does not pick a level is an error, never another
    /// number.
    #[test]
    fn aggregates_never_change_a_result((base, extras) in base_and_extras()) {
        let before = TradeData::from_flows(&base).unwrap();
        let after = TradeData::from_flows(base.iter().chain(&extras)).unwrap();
        let q = Query::new().hs_level(HsLevel::Subheading).frequency(Frequency::Annual);
        prop_assert_eq!(before.total(&q).unwrap(), after.total(&q).unwrap());
        prop_assert_eq!(
            before.totals_by_pair(&q).unwrap(),
            after.totals_by_pair(&q).unwrap()
        );
        prop_assert_eq!(
            PartnerShares::imports(&before, &q).unwrap(),
            PartnerShares::imports(&after, &q).unwrap()
        );
        prop_assert_eq!(
            ProductConcentrations::imports(&before, &q, HsLevel::Subheading).unwrap(),
            ProductConcentrations::imports(&after, &q, HsLevel::Subheading).unwrap()
        );
        let chapter_level = ProductConcentrations::imports(&before, &q, HsLevel::Chapter).unwrap();
        prop_assert_eq!(
            chapter_level,
            ProductConcentrations::imports(&after, &q, HsLevel::Chapter).unwrap()
        );
        let selector: ProductSelector = "28, 85".parse().unwrap();
        prop_assert_eq!(
            SelectorExposure::by_pair(&before, &q, &selector).unwrap(),
            SelectorExposure::by_pair(&after, &q, &selector).unwrap()
        );
        // Without a level, the same query over several levels is an error.
        // (The World's rows are left out before levels are compared.)
        let mixed = extras.iter().any(|f| {
            f.product().level() != HsLevel::Subheading
                && f.importer() != Economy::WORLD
                && f.exporter() != Economy::WORLD
        });
        match after.total(&Query::new()) {
            Ok(t) => {
                prop_assert!(!mixed);
                prop_assert_eq!(t, before.total(&Query::new()).unwrap());
            }
            Err(e) => prop_assert!(mixed && overlap(&e), "{}", e),
        }
    }
}

#[test]
fn spare_capacity_comes_from_the_baseline_years_only() {
    // China ships Japan magnets (850511) worth 100 in 2023 and in 2024;
    // Viet Nam exports 1000 in 2023 and 50 in 2024. China bans them.
    // With 2024 as the baseline, Viet Nam can replace at most its 2024
    // exports: 50 (rate 1), leaving 50 short. Counting 2023's exports too
    // (1050 spare) made the shortfall vanish.
    let (jpn, chn, vnm, usa) = (e("JPN"), e("CHN"), e("VNM"), e("USA"));
    let data = TradeData::from_flows([
        flow(chn, jpn, Direction::Export, "850511", "2023", "100 USD"),
        flow(chn, jpn, Direction::Export, "850511", "2024", "100 USD"),
        flow(vnm, usa, Direction::Export, "850511", "2023", "1000 USD"),
        flow(vnm, usa, Direction::Export, "850511", "2024", "50 USD"),
    ])
    .unwrap();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let ban = tradedep::controls::Rule::builder(
        "ban",
        chn,
        tradedep::controls::Instrument {
            id: "ban".into(),
            title: String::new(),
            announced: day("2026-01-06"),
            url: String::new(),
        },
        tradedep::controls::ControlDirection::Export,
        "8505".parse().unwrap(),
        tradedep::controls::Measure::Ban,
        day("2026-01-06"),
    )
    .build()
    .unwrap();
    let rules = tradedep::controls::RuleSet::new([ban]).unwrap();
    let result = Scenario::new(&data, rules, day("2026-02-01"))
        .baseline(Query::new().importer(jpn).period("2024".parse().unwrap()))
        .reallocation_rate(Decimal::ONE)
        .unwrap()
        .run()
        .unwrap();
    let exact = |v: i64| tradedep::scenario::Bounds::exact(Decimal::from(v));
    assert_eq!(result.direct().blocked(), exact(100));
    for case in tradedep::scenario::Case::BOTH {
        assert_eq!(result.substitution().substituted(case), Decimal::from(50));
    }
    assert_eq!(result.substitution().shortfall(), exact(50));
}

#[test]
fn baci_codes_of_chapters_no_edition_has_are_refused_with_the_reason() {
    let csv = "t,i,j,k,v,q\n2024,156,392,770510,1.5,NA\n";
    let e = Reader::baci().read(csv.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("chapter 77"), "{e}");
    assert_eq!(e.position().and_then(tradedep::Position::column), Some("k"));
    // Chapter 99 is read: Comtrade's 999999 "commodities not specified".
    let csv = "t,i,j,k,v,q\n2024,156,392,999999,1.5,NA\n";
    let (data, _) = Reader::baci().read(csv.as_bytes()).unwrap();
    assert!(data.products()[0].is_special());
}

#[test]
fn baci_files_hold_totals_only() {
    // A re-export written as a BACI row would read back as total trade.
    let data = TradeData::from_flows([flow(
        e("CHN"),
        e("JPN"),
        Direction::ReExport,
        "850511",
        "2024",
        "30 USD",
    )])
    .unwrap();
    let e = data.write_baci(Vec::new()).unwrap_err();
    assert!(e.to_string().contains("re-export"), "{e}");
}
