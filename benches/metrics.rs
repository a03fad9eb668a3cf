//! Indicator benchmarks on a loaded year: 200,000 synthetic BACI rows
//! (see `common`), or the file `TRADEDEP_BENCH_BACI` names: every
//! indicator that scans the whole table once.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tradedep::metrics::{
    EuScreen, GeoDepScreen, PartnerShares, ProductConcentration, ProductConcentrations, Rca,
    SelectorExposure,
};
use tradedep::{EconomyGroup, HsLevel, ProductSelector, Query, Reader};

mod common;
use common::baci_year;

fn metrics(c: &mut Criterion) {
    // 200,000 synthetic rows, or a whole year with
    // TRADEDEP_BENCH_BACI=~/.cache/tradedep-bench/baci_11000000.csv.
    let (bytes, _label) = baci_year(200_000);
    let (data, _) = Reader::baci().read(bytes.as_slice()).unwrap();
    drop(bytes);
    let all = Query::new();
    // Chapters 28 and 84-85 and a few headings: a selector of the size a
    // dual-use screen uses.
    let selector: ProductSelector = "28, 2846, 280530, 81, 84, 85, 8486, 854231, -8471, 90, 93"
        .parse()
        .unwrap();
    let japan = "JPN".parse().unwrap();
    let eu27 = EconomyGroup::eu27();

    let mut g = c.benchmark_group("metrics");
    g.sample_size(20);
    g.bench_function("partner shares, every importer", |b| {
        b.iter(|| black_box(PartnerShares::imports(&data, &all).unwrap().rows().len()));
    });
    g.bench_function("supplier HHI, every importer and HS6 product", |b| {
        b.iter(|| {
            let hhi = ProductConcentrations::imports(&data, &all, HsLevel::Subheading).unwrap();
            black_box(hhi.rows().len())
        });
    });
    g.bench_function("selector exposure, every pair", |b| {
        b.iter(|| {
            let e = SelectorExposure::by_pair(&data, &all, &selector).unwrap();
            black_box(e.rows().len())
        });
    });
    whole_list(&mut g, &data, &all, japan);
    g.bench_function("EU SWD(2021) 352 screen, EU27", |b| {
        b.iter(|| {
            let r = EuScreen::swd_2021_352().run(&data, &eu27, &all).unwrap();
            black_box(r.rows().len())
        });
    });
    g.bench_function("GeoDep screen, one economy", |b| {
        b.iter(|| {
            let r = GeoDepScreen::cepii().run(&data, japan, 2024, &all).unwrap();
            black_box(r.rows().len())
        });
    });
    g.bench_function("Balassa RCA, every exporter and HS6 product", |b| {
        b.iter(|| {
            let r = Rca::of_exports(&data, &all, HsLevel::Subheading).unwrap();
            black_box(r.rows().len())
        });
    });
    // Writing the ratios of a result: every HHI rounded to 12 places,
    // by the crate and by rust_decimal's `Display` after rounding.
    let hhi = ProductConcentrations::imports(&data, &all, HsLevel::Subheading).unwrap();
    let values: Vec<_> = hhi
        .rows()
        .iter()
        .filter_map(ProductConcentration::hhi)
        .collect();
    let mut text = String::with_capacity(values.len() * 16);
    g.bench_function("HHI text to 12 places, every market", |b| {
        b.iter(|| {
            text.clear();
            for h in &values {
                write!(text, "{h:.12}").unwrap();
            }
            black_box(text.len())
        });
    });
    g.bench_function("the same through rust_decimal's Display", |b| {
        b.iter(|| {
            text.clear();
            for h in &values {
                let r = h.value().round_dp_with_strategy(
                    12,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                write!(text, "{r:.12}").unwrap();
            }
            black_box(text.len())
        });
    });
    g.finish();
}

/// Exposure under China's whole 2026 dual-use export list (410 HS6
/// subheadings, 877 entry links).
fn whole_list(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    data: &tradedep::TradeData,
    all: &Query,
    japan: tradedep::Economy,
) {
    // China's whole 2026 dual-use export list: 410 HS6 subheadings.
    let catalogue = tradedep::controls::Catalogue::reference().unwrap();
    let whole_list = catalogue
        .rules()
        .get("cn-2026-1")
        .unwrap()
        .data()
        .products
        .clone();
    g.bench_function("whole-list exposure, every pair", |b| {
        b.iter(|| {
            let e = SelectorExposure::by_pair(data, all, &whole_list).unwrap();
            black_box(e.rows().len())
        });
    });
    let by_class = catalogue
        .correlation()
        .by_class(tradedep::controls::Issuer::China);
    let china = "CHN".parse().unwrap();
    g.bench_function(
        "whole-list bounds by control class, Japan from China",
        |b| {
            b.iter(|| {
                let e = tradedep::metrics::Exposure::between(data, japan, china, all, &by_class)
                    .unwrap();
                black_box(e.bounds().upper())
            });
        },
    );
}

criterion_group!(benches, metrics);
criterion_main!(benches);
