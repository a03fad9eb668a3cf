//! Converting a year of flows between adjacent HS editions (HS2022 ->
//! HS2017 with UNSD's correlation table, which `../shared` holds as test
//! data) beside reading the same year: throughput in bytes of the BACI
//! CSV per second, so the two compare. 200,000 synthetic rows, their
//! products moved onto the table's HS2022 codes, or the file
//! `TRADEDEP_BENCH_BACI` names (such as `../shared/bench`'s 11 million
//! rows, real HS2022 codes).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradedep::concordance::{Concordance, Unmatched, Weights};
use tradedep::{HsEdition, Query, Reader, TradeData};

mod common;
use common::baci_year;

fn editions(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/hs_concordance/restricted-tests-only/hs2022_to_hs2017.csv");
    let Ok(table) = Concordance::read_csv_path(&path) else {
        eprintln!(
            "note: {} is absent; skipping the editions benchmark",
            path.display()
        );
        return;
    };
    let (bytes, label) = baci_year(200_000);
    let (data, _) = Reader::baci().read(bytes.as_slice()).unwrap();
    // Synthetic codes onto the table's codes; real ones kept.
    let sources = table.source_codes();
    let data = if std::env::var_os("TRADEDEP_BENCH_BACI").is_some() {
        data
    } else {
        TradeData::from_flows(data.iter().map(|f| {
            let k = (f.product().digits() as usize) % sources.len();
            tradedep::TradeFlow::new(
                f.reporter(),
                f.partner(),
                f.direction(),
                sources[k],
                f.period(),
                f.value(),
            )
            .unwrap()
            .with_quantity(f.quantity())
            .with_valuation(f.valuation())
            .with_provenance(f.provenance())
        }))
        .unwrap()
    };
    let data = data.with_edition(HsEdition::Hs2022).unwrap();
    let mut g = c.benchmark_group(format!("editions, {label}"));
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(10);
    g.bench_function("read into TradeData", |b| {
        b.iter(|| {
            black_box(
                Reader::baci()
                    .read(black_box(bytes.as_slice()))
                    .unwrap()
                    .0
                    .len(),
            )
        });
    });
    g.bench_function("HS2022 -> HS2017, equal split", |b| {
        b.iter(|| {
            let out = table
                .convert(&data, &Weights::equal(), Unmatched::Skip)
                .unwrap();
            black_box(out.data().len())
        });
    });
    // Trade weights from HS2017 reference trade: the year converted by
    // equal split.
    let reference = table
        .convert(&data, &Weights::equal(), Unmatched::Skip)
        .unwrap()
        .into_data();
    let weights = Weights::trade(&reference, &Query::new()).unwrap();
    g.bench_function("HS2022 -> HS2017, trade weights", |b| {
        b.iter(|| {
            let out = table.convert(&data, &weights, Unmatched::Skip).unwrap();
            black_box(out.data().len())
        });
    });
    g.finish();
}

criterion_group!(benches, editions);
criterion_main!(benches);
