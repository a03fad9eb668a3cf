//! Scenario benchmarks: the three trade stages on 200,000 synthetic BACI
//! rows (see `common`) or the file `TRADEDEP_BENCH_BACI` names, and the
//! input-output inverses at the size of the world input-output table
//! (1,435 sectors).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use tradedep::controls::{ControlDirection, Instrument, Measure, Rule, RuleSet};
use tradedep::inputoutput::IoTable;
use tradedep::scenario::Scenario;
use tradedep::{ProductSelector, Reader};

mod common;
use common::{baci_year, xorshift};

/// A productive table: deterministic coefficients with column sums 0.6.
fn io_table(n: usize) -> IoTable {
    let mut bits = xorshift(2026);
    let mut next = || f64::from((bits() % 1000) as u32) / 1000.0;
    let x = vec![1000.0; n];
    let mut z = vec![0.0; n * n];
    for j in 0..n {
        let col: Vec<f64> = (0..n).map(|_| next()).collect();
        let sum: f64 = col.iter().sum();
        for (i, v) in col.iter().enumerate() {
            z[i * n + j] = v * 600.0 / sum;
        }
    }
    let f = (0..n)
        .map(|i| 1000.0 - (0..n).map(|j| z[i * n + j]).sum::<f64>())
        .collect();
    IoTable::new((0..n).map(|i| format!("s{i}")).collect(), z, f, x).unwrap()
}

fn scenario(c: &mut Criterion) {
    let (bytes, label) = baci_year(200_000);
    let (data, _) = Reader::baci().read(bytes.as_slice()).unwrap();
    drop(bytes);
    let day: NaiveDate = "2026-01-06".parse().unwrap();
    let products: ProductSelector = "28, 81, 84, 85".parse().unwrap();
    let ban = Rule::builder(
        "ban",
        "CHN".parse().unwrap(),
        Instrument {
            id: "a ban".into(),
            title: String::new(),
            announced: day,
            url: String::new(),
        },
        ControlDirection::Export,
        products,
        Measure::Ban,
        day,
    )
    .build()
    .unwrap();
    let rules = RuleSet::new([ban]).unwrap();
    let mut g = c.benchmark_group("scenario");
    g.sample_size(10);
    g.bench_function(format!("direct, substitution and runway, {label}"), |b| {
        b.iter(|| {
            let r = Scenario::new(&data, rules.clone(), day).run().unwrap();
            black_box(r.substitution().shortfall())
        });
    });
    // The reference catalogue on the day of the January 2026 ban, whose
    // scope is China's whole dual-use list.
    let catalogue = tradedep::controls::Catalogue::reference().unwrap();
    g.bench_function(
        format!("reference catalogue (whole-list ban), {label}"),
        |b| {
            b.iter(|| {
                let r = Scenario::new(&data, catalogue.rules().clone(), day)
                    .run()
                    .unwrap();
                black_box(r.substitution().shortfall())
            });
        },
    );
    // The briefing's question: Japan's imports only, substitution from
    // the world's exports.
    let japan = tradedep::Query::new().importer("JPN".parse().unwrap());
    g.bench_function(
        format!("reference catalogue, Japan's imports, {label}"),
        |b| {
            b.iter(|| {
                let r = Scenario::new(&data, catalogue.rules().clone(), day)
                    .baseline(japan.clone())
                    .run()
                    .unwrap();
                black_box(r.substitution().shortfall())
            });
        },
    );
    let table = io_table(1435);
    g.bench_function("model, 1,435 sectors", |b| {
        b.iter(|| black_box(table.model().unwrap().multipliers().len()));
    });
    g.finish();
}

criterion_group!(benches, scenario);
criterion_main!(benches);
