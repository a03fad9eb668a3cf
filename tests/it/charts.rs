//! Charts: well-formed SVG holding their titles, axis labels and the
//! plotted values' labels.

#![cfg(feature = "charts")]

use rust_decimal::Decimal;
use tradedep::charts;
use tradedep::metrics::{PartnerShares, Series};
use tradedep::scenario::Scenario;
use tradedep::{Query, Reader};

/// Every text of an SVG document (which must parse as XML).
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
        .collect()
}

fn keep(name: &str, svg: &str) {
    if let Some(dir) = std::env::var_os("TRADEDEP_CHARTS_DIR") {
        std::fs::write(std::path::Path::new(&dir).join(name), svg).unwrap();
    }
}

#[test]
fn a_bar_chart_of_partner_shares() {
    // Japan's imports of magnets: China 60, Viet Nam 30, Thailand 10.
    let csv = "t,i,j,k,v,q\n2024,156,392,850511,60,NA\n2024,704,392,850511,30,NA\n2024,764,392,850511,10,NA\n";
    let (data, _) = Reader::baci().read(csv.as_bytes()).unwrap();
    let shares = PartnerShares::imports(&data, &Query::new()).unwrap();
    let svg = charts::shares(
        &shares,
        "JPN".parse().unwrap(),
        2,
        "Japan's suppliers of magnets",
    )
    .unwrap();
    keep("shares.svg", &svg);
    let t = texts(&svg);
    for want in [
        "Japan's suppliers of magnets",
        "supplier",
        "share of JPN's imports (%)",
        "CHN 60.0%",
        "VNM 30.0%",
        "others 10.0%",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} not in {t:?}");
    }
}

#[test]
fn a_sweep_with_its_bounds() {
    // The hand-checked world of `scenario.rs`, swept over approval rates:
    // blocked [80, 180], [40, 140], [0, 100] (see that file).
    let data = super::scenario::world();
    let s = Scenario::new(
        &data,
        super::scenario::rules("0.6"),
        "2026-02-01".parse().unwrap(),
    );
    let runs = s
        .sweep_approval(&[Decimal::ZERO, "0.5".parse().unwrap(), Decimal::ONE])
        .unwrap();
    let svg = charts::sweep(
        &runs,
        "licence approval rate",
        "Blocked and short, by approval rate",
    )
    .unwrap();
    keep("sweep.svg", &svg);
    let t = texts(&svg);
    for want in [
        "Blocked and short, by approval rate",
        "licence approval rate",
        "value (USD)",
        "blocked (best to worst case)",
        "shortfall (best to worst case)",
        "substituted (worst case)",
        "180",
        "140",
        "100",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} not in {t:?}");
    }
    assert!(charts::sweep(&[], "rate", "none").is_err());
}

#[test]
fn a_series_with_highest_since_marked() {
    // Monthly values: 10, 30, 20, 25: March's 25 is the highest since
    // January... no: February's 30 is higher, so 2024-04 is the highest
    // since 2024-02.
    let csv = "reporter,partner,direction,product,period,value,currency\n\
               JPN,CHN,import,850511,2024-01,10,USD\n\
               JPN,CHN,import,850511,2024-02,30,USD\n\
               JPN,CHN,import,850511,2024-03,20,USD\n\
               JPN,CHN,import,850511,2024-04,25,USD\n";
    let (data, _) = Reader::tidy_csv().read(csv.as_bytes()).unwrap();
    let series = Series::from_data(&data, &Query::new(), tradedep::Frequency::Monthly).unwrap();
    let svg = charts::series(&series, "Japan's imports of magnets from China").unwrap();
    keep("series.svg", &svg);
    let t = texts(&svg);
    for want in [
        "Japan's imports of magnets from China",
        "period",
        "value (USD)",
        "2024-04: highest since 2024-02",
        "2024-01",
    ] {
        assert!(t.iter().any(|x| x == want), "{want:?} not in {t:?}");
    }
}
