//! Ingest benchmarks: BACI and UN Comtrade rows generated
//! deterministically (see `common`), read as a stream and into a table;
//! the same flows as the crate's own JSON; and a filtered total. Throughput in bytes per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradedep::{Query, Reader};

mod common;
use common::{synthetic_baci, synthetic_comtrade};

fn ingest(c: &mut Criterion) {
    let bytes = synthetic_baci(200_000, 2026);
    let mut g = c.benchmark_group("baci");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(20);
    g.bench_function("stream flows", |b| {
        b.iter(|| {
            let n = Reader::baci()
                .flows(black_box(bytes.as_slice()))
                .unwrap()
                .flatten()
                .count();
            black_box(n)
        });
    });
    g.bench_function("read into TradeData", |b| {
        b.iter(|| {
            let (data, _) = Reader::baci().read(black_box(bytes.as_slice())).unwrap();
            black_box(data.len())
        });
    });
    g.finish();

    let comtrade = synthetic_comtrade(200_000, 2026);
    let mut g = c.benchmark_group("comtrade");
    g.throughput(Throughput::Bytes(comtrade.len() as u64));
    g.sample_size(20);
    g.bench_function("read into TradeData", |b| {
        b.iter(|| {
            let (data, _) = Reader::comtrade()
                .read(black_box(comtrade.as_slice()))
                .unwrap();
            black_box(data.len())
        });
    });
    g.finish();

    let (data, _) = Reader::baci().read(bytes.as_slice()).unwrap();

    // The crate's own JSON of the same flows, as `write_json` writes it.
    #[cfg(feature = "json")]
    {
        let mut json = Vec::new();
        data.write_json(&mut json).unwrap();
        let mut g = c.benchmark_group("json");
        g.throughput(Throughput::Bytes(json.len() as u64));
        g.sample_size(10);
        g.bench_function("read into TradeData", |b| {
            b.iter(|| {
                let (data, _) = Reader::json().read(black_box(json.as_slice())).unwrap();
                black_box(data.len())
            });
        });
        g.finish();
    }

    let chn = "CHN".parse().unwrap();
    let jpn = "JPN".parse().unwrap();
    c.bench_function("query total importer+exporter", |b| {
        b.iter(|| {
            black_box(
                data.total(&Query::new().importer(jpn).exporter(chn))
                    .unwrap(),
            )
        });
    });
}

criterion_group!(benches, ingest);
criterion_main!(benches);
