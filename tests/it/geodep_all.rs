//! CEPII's `GeoDep` screen of every economy at once: `run_all` on loaded
//! years and `GeoDepWindow` one year at a time agree with the screen of
//! one economy, and a panel on disk gives the same.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::metrics::{GeoDepAll, GeoDepScreen};
use tradedep::{Direction, Economy, HsCode, Money, Period, Query, Reader, TradeData, TradeFlow};

fn flow(imp: &str, exp: &str, hs: &str, year: i32, v: i64) -> TradeFlow {
    TradeFlow::new(
        imp.parse().unwrap(),
        exp.parse().unwrap(),
        Direction::Import,
        hs.parse().unwrap(),
        Period::annual(year).unwrap(),
        Money::new(Decimal::from(v), "USD".parse().unwrap()),
    )
    .unwrap()
}

/// Checks every economy's rows of every year against `run`.
fn agrees_with_run(data: &TradeData, all: &[GeoDepAll]) -> Result<(), TestCaseError> {
    let screen = GeoDepScreen::cepii();
    for year in all {
        let economies: std::collections::BTreeSet<Economy> = year
            .rows()
            .iter()
            .map(tradedep::metrics::GeoDepEntry::economy)
            .collect();
        for e in economies {
            let one = screen.run(data, e, year.year(), &Query::new()).unwrap();
            let rows = year.of(e);
            prop_assert_eq!(one.rows().len(), rows.len(), "{} in {}", e, year.year());
            for (a, b) in one.rows().iter().zip(rows) {
                prop_assert_eq!(a.product(), b.product());
                prop_assert_eq!(a.years_holding(), b.years_holding());
                prop_assert_eq!(a.is_dependent(), b.is_dependent());
                prop_assert_eq!(a.years().last(), Some(b.criteria()));
            }
        }
    }
    Ok(())
}

#[test]
fn every_economy_in_every_year_worked_by_hand() {
    // Japan buys 280530 from China and Viet Nam; in 2024 Korea buys it
    // from China and exports it to the USA.
    let data = TradeData::from_flows([
        flow("JPN", "CHN", "280530", 2022, 90),
        flow("JPN", "VNM", "280530", 2022, 10),
        flow("JPN", "CHN", "280530", 2023, 50),
        flow("JPN", "VNM", "280530", 2023, 50),
        flow("JPN", "CHN", "280530", 2024, 95),
        flow("JPN", "VNM", "280530", 2024, 5),
        flow("KOR", "CHN", "280530", 2024, 20),
        flow("USA", "KOR", "280530", 2024, 40),
    ])
    .unwrap();
    let all = GeoDepScreen::cepii().run_all(&data, &Query::new()).unwrap();
    let years: Vec<i32> = all.iter().map(GeoDepAll::year).collect();
    assert_eq!(years, [2022, 2023, 2024]);
    let (jpn, kor): (Economy, Economy) = ("JPN".parse().unwrap(), "KOR".parse().unwrap());
    let p: HsCode = "280530".parse().unwrap();
    let y2024 = &all[2];
    // World exports in 2024: China 115, Viet Nam 5, Korea 40 of 160:
    // HHI (13225 + 25 + 1600) / 25600 = 0.580078125.
    let j = y2024.get(jpn, p).unwrap();
    assert_eq!(
        j.criteria().export_hhi().unwrap().value(),
        "0.580078125".parse::<Decimal>().unwrap()
    );
    // Japan: 0.95^2 + 0.05^2 = 0.905; no exports, so 9999; holds in
    // 2022 (0.82; world 0.82) and 2023 (0.5; world 0.5) and 2024.
    assert_eq!(
        j.criteria().import_hhi().unwrap().value(),
        "0.905".parse::<Decimal>().unwrap()
    );
    assert_eq!(j.years_holding(), 3);
    assert!(j.is_dependent());
    // Korea: one supplier (HHI 1), but it exports 40 against 20 imported:
    // a ratio of 0.5, not above 1. Not dependent.
    let k = y2024.get(kor, p).unwrap();
    assert_eq!(k.criteria().ratio(), Some("0.5".parse().unwrap()));
    assert_eq!(k.years_holding(), 0);
    assert!(!k.is_dependent());
    assert_eq!(y2024.dependent().count(), 1);
    // The USA imports 40 from Korea alone, and exports none: holds.
    assert!(
        y2024
            .get("USA".parse().unwrap(), p)
            .unwrap()
            .criteria()
            .holds()
    );
    agrees_with_run(&data, &all).unwrap();
}

#[test]
fn a_product_imported_only_earlier_in_the_window_keeps_its_row() {
    // Japan imports 850511 in 2022 only: in 2023 its row has imports of 0,
    // no ratio, and the 2022 year still counts towards persistence.
    let data = TradeData::from_flows([
        flow("JPN", "CHN", "850511", 2022, 10),
        flow("JPN", "CHN", "280530", 2023, 10),
    ])
    .unwrap();
    let all = GeoDepScreen::cepii()
        .with_persistence(3, 1)
        .unwrap()
        .run_all(&data, &Query::new())
        .unwrap();
    let row = all[1]
        .get("JPN".parse().unwrap(), "850511".parse().unwrap())
        .unwrap();
    assert!(row.criteria().imports().is_zero());
    assert_eq!(row.criteria().ratio(), None);
    assert_eq!(row.years_holding(), 1);
    assert!(row.is_dependent());
}

#[test]
fn years_must_come_in_order_and_a_builder_holds_one_year() {
    let screen = GeoDepScreen::cepii();
    let mut window = screen.window();
    let mut b = screen.year_builder();
    b.push(&flow("JPN", "CHN", "280530", 2023, 1)).unwrap();
    let e = b.push(&flow("JPN", "CHN", "280530", 2024, 1)).unwrap_err();
    assert!(e.to_string().contains("2024 after 2023"), "{e}");
    window.push(2023, b).unwrap();
    let e = window.push(2022, screen.year_builder()).unwrap_err();
    assert!(e.to_string().contains("years in increasing order"), "{e}");
}

#[test]
fn a_panel_on_disk_screened_year_by_year_equals_run_all() {
    let dir = std::env::temp_dir().join(format!("tradedep-geodep-panel-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Three BACI years: Japan (392) from China (156) and Viet Nam (704),
    // Korea (410) exporting to the USA (842); thousands of USD.
    let years = [
        (
            2022,
            "2022,156,392,280530,90,NA\n2022,704,392,280530,10,NA\n",
        ),
        (
            2023,
            "2023,156,392,280530,50,NA\n2023,704,392,280530,50,NA\n",
        ),
        (
            2024,
            "2024,156,392,280530,95,NA\n2024,704,392,280530,5,NA\n2024,410,842,280530,40,NA\n",
        ),
    ];
    let mut all_csv = String::from("t,i,j,k,v,q\n");
    for (y, rows) in years {
        std::fs::write(
            dir.join(format!("BACI_HS92_Y{y}_V202401.csv")),
            format!("t,i,j,k,v,q\n{rows}"),
        )
        .unwrap();
        all_csv.push_str(rows);
    }
    let screen = GeoDepScreen::cepii();
    let mut window = screen.window();
    let mut streamed = Vec::new();
    Reader::baci()
        .panel(&dir)
        .unwrap()
        .fold_years(
            || screen.year_builder(),
            |b, f| b.push(&f),
            tradedep::metrics::GeoDepYearBuilder::merge,
            |year, b, _| {
                streamed.push(window.push(year, b)?);
                Ok(())
            },
        )
        .unwrap();
    let (data, _) = Reader::baci().read(all_csv.as_bytes()).unwrap();
    assert_eq!(streamed, screen.run_all(&data, &Query::new()).unwrap());
    // Japan; the USA holds in 2024 alone, one year of the two needed.
    assert_eq!(streamed[2].dependent().count(), 1);
    let usa = streamed[2]
        .get("USA".parse().unwrap(), "280530".parse().unwrap())
        .unwrap();
    assert_eq!((usa.years_holding(), usa.is_dependent()), (1, false));
}

fn small_flows() -> impl Strategy<Value = Vec<TradeFlow>> {
    let economies = ["JPN", "CHN", "VNM", "KOR", "USA"];
    let products = ["280530", "850511", "854231"];
    proptest::collection::vec(
        (0usize..5, 0usize..5, 0usize..3, 2020i32..2025, 0i64..1000),
        1..40,
    )
    .prop_map(move |v| {
        v.into_iter()
            .filter(|(i, e, ..)| i != e)
            .map(|(i, e, p, y, x)| flow(economies[i], economies[e], products[p], y, x))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn run_all_is_run_for_every_economy_and_year(flows in small_flows()) {
        let data = TradeData::from_flows(&flows).unwrap();
        let all = GeoDepScreen::cepii().run_all(&data, &Query::new()).unwrap();
        agrees_with_run(&data, &all)?;
    }
}

#[test]
fn run_all_refuses_a_breakdown_direction() {
    let data = TradeData::from_flows([flow("JPN", "CHN", "280530", 2024, 1)]).unwrap();
    let q = Query::new().direction(Direction::ReImport);
    let e = GeoDepScreen::cepii().run_all(&data, &q).unwrap_err();
    assert!(e.to_string().contains("no breakdown"), "{e}");
}
