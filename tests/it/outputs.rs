//! Outputs colleagues can open: CSV and JSON with the same field names,
//! a precision and percentages on request, money with its currency
//! apart, and reports cut to their first rows.

use rust_decimal::Decimal;
use tradedep::metrics::{DISPLAY_ROWS, PartnerShares, Table, WriteOptions};
use tradedep::{Direction, Query, TradeData, TradeFlow};

/// Japan's imports of one product from 30 suppliers: supplier k ships
/// 1,000 * (k + 1) USD (so 465,000 in all) and China 1,234,567.891.
fn thirty_one_suppliers() -> TradeData {
    const CODES: [&str; 30] = [
        "USA", "KOR", "VNM", "THA", "DEU", "FRA", "ITA", "GBR", "IND", "IDN", "MYS", "PHL", "AUS",
        "CAN", "MEX", "BRA", "CHL", "PER", "ZAF", "EGY", "TUR", "SAU", "ARE", "QAT", "NOR", "SWE",
        "FIN", "POL", "CZE", "AUT",
    ];
    let flow = |exp: &str, v: String| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            exp.parse().unwrap(),
            Direction::Import,
            "850511".parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let mut flows: Vec<TradeFlow> = CODES
        .iter()
        .zip(1u32..)
        .map(|(c, k)| flow(c, format!("{} USD", 1000 * k)))
        .collect();
    flows.push(flow("CHN", "1234567.891 USD".into()));
    TradeData::from_flows(flows).unwrap()
}

fn china_row(text: &str) -> &str {
    text.lines().find(|l| l.contains("CHN")).unwrap()
}

#[test]
fn csv_takes_a_precision_and_percentages() {
    let shares = PartnerShares::imports(&thirty_one_suppliers(), &Query::new()).unwrap();
    let mut exact = Vec::new();
    shares.write_csv(&mut exact).unwrap();
    let exact = String::from_utf8(exact).unwrap();
    assert!(
        exact.starts_with("importer,exporter,value_usd,share\n"),
        "{exact}"
    );
    // China: 1,234,567.891 of 1,699,567.891 = 0.72639...
    let share: Decimal = china_row(&exact)
        .rsplit(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let expected = Decimal::new(1_234_567_891, 3) / Decimal::new(1_699_567_891, 3);
    assert_eq!(share, expected);

    let mut rounded = Vec::new();
    shares
        .write_csv_with(&mut rounded, &WriteOptions::new().places(2).percent())
        .unwrap();
    let rounded = String::from_utf8(rounded).unwrap();
    assert!(
        rounded.starts_with("importer,exporter,value_usd,share_pct\n"),
        "{rounded}"
    );
    assert_eq!(china_row(&rounded), "JPN,CHN,1234567.89,72.64");
}

#[cfg(feature = "json")]
#[test]
fn json_has_the_csv_names_exact_amounts_and_the_currency_apart() {
    let shares = PartnerShares::imports(&thirty_one_suppliers(), &Query::new()).unwrap();
    let mut json = Vec::new();
    shares.write_json(&mut json).unwrap();
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&json).unwrap();
    assert_eq!(rows.len(), 31);
    let china = rows.iter().find(|r| r["exporter"] == "CHN").unwrap();
    let keys: Vec<&str> = china.keys().map(String::as_str).collect();
    // serde_json sorts the keys it reads; the names are the CSV's, and
    // the currency.
    assert_eq!(
        keys,
        ["currency", "exporter", "importer", "share", "value_usd"]
    );
    assert_eq!(china["value_usd"], "1234567.891");
    assert_eq!(china["currency"], "USD");
    // In the text, fields come in the columns' order.
    let text = String::from_utf8(json).unwrap();
    assert!(
        text.starts_with(r#"[{"importer":"JPN","exporter":"#),
        "{text}"
    );
    let mut pct = Vec::new();
    shares
        .write_json_with(&mut pct, &WriteOptions::new().places(1).percent())
        .unwrap();
    let pct = String::from_utf8(pct).unwrap();
    assert!(
        pct.contains(
            r#""exporter":"CHN","value_usd":"1234567.9","share_pct":"72.6","currency":"USD""#
        ),
        "{pct}"
    );
}

#[test]
fn reports_show_their_first_rows_grouped_and_say_how_many_more() {
    let shares = PartnerShares::imports(&thirty_one_suppliers(), &Query::new()).unwrap();
    let text = shares.to_string();
    // A header, DISPLAY_ROWS rows, and the line that counts the rest.
    assert_eq!(text.lines().count(), 1 + DISPLAY_ROWS + 1, "{text}");
    assert!(text.ends_with("and 11 more rows\n"), "{text}");
    // Money grouped in thousands, to the cent.
    let all = format!("{shares:#}");
    assert_eq!(all.lines().count(), 1 + 31, "{all}");
    assert!(china_row(&all).contains("1,234,567.89"), "{all}");
}

/// BACI rows written as tidy CSV say who bought and who sold: Chile's
/// imports from Argentina are the rows with `importer` `CHL`, though
/// Argentina reports them.
#[test]
fn baci_as_tidy_csv_names_the_importer_and_exporter() {
    let (data, _) = tradedep::Reader::baci()
        .read("t,i,j,k,v,q\n2004,32,152,010121,20.945,NA\n2004,152,32,010129,93.9,NA\n".as_bytes())
        .unwrap();
    let mut out = Vec::new();
    data.write_csv(&mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let chile_imports: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(col("importer")) == Some("CHL"))
        .collect();
    assert_eq!(chile_imports.len(), 1);
    assert_eq!(
        chile_imports[0].split(',').nth(col("reporter")),
        Some("ARG")
    );
    assert_eq!(chile_imports[0].split(',').nth(col("value")), Some("20945"));
    // Read back equal; an importer that contradicts the row is an error.
    assert_eq!(
        tradedep::Reader::tidy_csv()
            .read(text.as_bytes())
            .unwrap()
            .0,
        data
    );
    let wrong = text.replacen(",CHL,ARG\n", ",JPN,ARG\n", 1);
    assert_ne!(wrong, text);
    let e = tradedep::Reader::tidy_csv()
        .read(wrong.as_bytes())
        .unwrap_err();
    assert!(e.to_string().contains("importer is given as JPN"), "{e}");
}

/// The dependencies a user names come with the crate: no other line in
/// a `Cargo.toml`.
#[test]
fn decimal_and_dates_come_with_the_crate() {
    let d: tradedep::Decimal = "2.345".parse().unwrap();
    let r = d.round_dp_with_strategy(2, tradedep::rust_decimal::RoundingStrategy::ToZero);
    assert_eq!(r.to_string(), "2.34");
    let day = tradedep::NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
    assert_eq!(tradedep::chrono::Datelike::year(&day), 2026);
    let rules = tradedep::controls::Catalogue::reference().unwrap();
    assert!(!rules.rules().in_force(day).collect::<Vec<_>>().is_empty());
}
