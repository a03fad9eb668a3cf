//! Determinism: every output (CSV, JSON, `Display`) is the same bytes
//! whatever the order of the input's rows, and run after run.
//!
//! The crate keeps no hash maps, so nothing depends on a hasher's random
//! seed; flows are stored in one order (economy codes, product, period,
//! and for rows that tie on all of those, code edition, value, quantity
//! and unit with their written scales). These tests read the same rows
//! in two orders, including repeated flows that differ only in value or
//! in how a value is written (`2.5` and `2.50`), and compare every output
//! the crate makes.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::controls::{Catalogue, ControlDirection, Instrument, Measure, Rule, RuleSet};
use tradedep::metrics::{
    EuScreen, Exposure, GeoDepScreen, PartnerShares, ProductConcentrations, Rca, SelectorExposure,
    Series, Table,
};
use tradedep::scenario::{Inventory, Scenario, Stock};
use tradedep::{EconomyGroup, Frequency, HsLevel, ProductSelector, Query, Reader, TradeData};

const ECONOMIES: [&str; 6] = ["CHN", "JPN", "DEU", "FRA", "USA", "VNM"];
const PRODUCTS: [&str; 6] = ["850511", "280530", "284690", "620342", "870323", "850590"];
const PERIODS: [&str; 3] = ["2022", "2023", "2024"];
const HEADER: &str =
    "reporter,partner,direction,product,period,value,currency,quantity,unit,valuation,provenance";

/// Indices into [`ECONOMIES`] (importer, exporter), [`PRODUCTS`] and
/// [`PERIODS`].
type Key = (usize, usize, usize, usize);

/// One tidy CSV line: an import of the key's product by its importer
/// from its exporter, the value written with `scale` decimals (so that
/// equal values may be written differently), sometimes with a quantity.
fn line(key: Key, cents: u32, scale: u32, qty: Option<u8>) -> String {
    let (importer, exporter, product, period) = key;
    let mut value = Decimal::new(i64::from(cents), 2);
    value.rescale(scale);
    let (amount, unit) = qty.map_or((String::new(), ""), |q| (q.to_string(), "kg"));
    format!(
        "{},{},import,{},{},{value},USD,{amount},{unit},CIF,declared",
        ECONOMIES[importer], ECONOMIES[exporter], PRODUCTS[product], PERIODS[period]
    )
}

/// Rows in their generated order and shuffled; few keys, so repeated
/// flows are common.
fn two_orders() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    let row = (
        0usize..6,
        0usize..6,
        0usize..6,
        0usize..3,
        1u32..50_000,
        2u32..5,
        proptest::option::of(1u8..200),
    )
        .prop_filter("no trade with oneself", |r| r.0 != r.1)
        .prop_map(|(i, e, p, t, c, s, q)| line((i, e, p, t), c, s, q));
    proptest::collection::vec(row, 1..40).prop_flat_map(|rows| {
        let shuffled = Just(rows.clone()).prop_shuffle();
        (Just(rows), shuffled)
    })
}

fn read(rows: &[String]) -> TradeData {
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    Reader::tidy_csv().read(text.as_bytes()).unwrap().0
}

fn table(name: &str, t: &impl Table, out: &mut Vec<(String, Vec<u8>)>) {
    let mut csv = Vec::new();
    t.write_csv(&mut csv).unwrap();
    out.push((format!("{name}.csv"), csv));
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Every output the crate makes from `data`, named.
fn outputs(data: &TradeData) -> Vec<(String, Vec<u8>)> {
    let all = Query::new();
    let jpn = "JPN".parse().unwrap();
    let chn = "CHN".parse().unwrap();
    let mut out = Vec::new();

    let mut csv = Vec::new();
    data.write_csv(&mut csv).unwrap();
    out.push(("data.csv".into(), csv));
    #[cfg(feature = "json")]
    {
        let mut json = Vec::new();
        data.write_json(&mut json).unwrap();
        out.push(("data.json".into(), json));
    }

    let shares = PartnerShares::imports(data, &all).unwrap();
    out.push(("shares.txt".into(), shares.to_string().into_bytes()));
    table("shares", &shares, &mut out);
    let hhi = ProductConcentrations::imports(data, &all, HsLevel::Subheading).unwrap();
    out.push(("hhi.txt".into(), hhi.to_string().into_bytes()));
    table("hhi", &hhi, &mut out);
    let selector: ProductSelector = "85, 28".parse().unwrap();
    let selected = SelectorExposure::by_pair(data, &all, &selector).unwrap();
    table("selected", &selected, &mut out);
    let catalogue = Catalogue::reference().unwrap();
    let links = catalogue.correlation().by_category("cn".parse().unwrap());
    let exposure = Exposure::between(data, jpn, chn, &all, &links).unwrap();
    out.push(("exposure.txt".into(), exposure.to_string().into_bytes()));
    table("exposure", &exposure, &mut out);
    let rca = Rca::of_exports(data, &all, HsLevel::Chapter).unwrap();
    table("rca", &rca, &mut out);
    let eu = EuScreen::swd_2021_352()
        .run(data, &EconomyGroup::eu27(), &all)
        .unwrap();
    out.push(("eu.txt".into(), eu.to_string().into_bytes()));
    table("eu", &eu, &mut out);
    let geodep = GeoDepScreen::cepii().run(data, jpn, 2024, &all).unwrap();
    table("geodep", &geodep, &mut out);
    // No annual flows for Japan is an error; its text is an output too.
    match Series::from_data(data, &all.clone().importer(jpn), Frequency::Annual) {
        Ok(series) => table("series", &series, &mut out),
        Err(e) => out.push(("series.err".into(), e.to_string().into_bytes())),
    }

    let rule = Rule::builder(
        "ban",
        chn,
        Instrument {
            id: "ban".into(),
            title: String::new(),
            announced: day("2026-01-06"),
            url: String::new(),
        },
        ControlDirection::Export,
        "85, 2805".parse().unwrap(),
        Measure::Ban,
        day("2026-01-06"),
    )
    .build()
    .unwrap();
    let result = Scenario::new(data, RuleSet::new([rule]).unwrap(), day("2026-02-01"))
        .inventory(Inventory {
            name: "magnets".into(),
            products: "8505".parse().unwrap(),
            stock: Stock::Months(Decimal::from(3)),
        })
        .run()
        .unwrap();
    out.push(("scenario.txt".into(), result.to_string().into_bytes()));
    table(
        "blocked_by_product",
        &result.direct().by_product(HsLevel::Subheading),
        &mut out,
    );
    table(
        "blocked_by_exporter",
        &result.direct().by_exporter(),
        &mut out,
    );
    #[cfg(feature = "json")]
    out.push(("scenario.json".into(), serde_json::to_vec(&result).unwrap()));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The same rows in another order give the same bytes in every
    /// output, and so does a second run on the same data.
    #[test]
    fn outputs_do_not_depend_on_row_order((rows, shuffled) in two_orders()) {
        let a = read(&rows);
        let b = read(&shuffled);
        prop_assert_eq!(&a, &b);
        let first = outputs(&a);
        let other_order = outputs(&b);
        let again = outputs(&a);
        prop_assert_eq!(first.len(), other_order.len());
        for ((name, x), (_, y)) in first.iter().zip(&other_order) {
            prop_assert!(x == y, "{name} differs with the rows in another order");
        }
        prop_assert_eq!(first, again);
    }
}

/// Repeated flows that differ only in how the value is written keep one
/// order: `2.50` before `2.500` (by written scale) whichever comes first.
#[test]
fn ties_are_broken_by_value_then_written_scale() {
    let rows = [
        line((1, 0, 0, 2), 250, 3, None),
        line((1, 0, 0, 2), 250, 2, None),
        line((1, 0, 0, 2), 100, 2, None),
    ];
    let mut csv = Vec::new();
    read(&rows).write_csv(&mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    let values: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    // 1.00 < 2.50 = 2.500; of the equal two, scale 2 comes first.
    assert_eq!(values, ["1.00", "2.50", "2.500"]);
    let reversed: Vec<String> = rows.iter().rev().cloned().collect();
    let mut again = Vec::new();
    read(&reversed).write_csv(&mut again).unwrap();
    assert_eq!(text.into_bytes(), again);
}
