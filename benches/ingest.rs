//! Ingest benchmarks: BACI and UN Comtrade rows generated
//! deterministically (see `common`), read as a stream and into a table;
//! the same flows as the crate's own JSON; and a filtered total.
//! Throughput in bytes per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradedep::{Query, Reader};

mod common;
use common::{synthetic_baci, synthetic_comtrade};

/// Benchmarks `reader` reading `bytes` into a `TradeData`, in group
/// `name`; `stream` adds streaming the flows without a table.
fn read_group(
    c: &mut Criterion,
    name: &str,
    bytes: &[u8],
    reader: fn() -> Reader,
    samples: usize,
    stream: bool,
) {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(samples);
    if stream {
        g.bench_function("stream flows", |b| {
            b.iter(|| {
                let n = reader().flows(black_box(bytes)).unwrap().flatten().count();
                black_box(n)
            });
        });
    }
    g.bench_function("read into TradeData", |b| {
        b.iter(|| {
            let (data, _) = reader().read(black_box(bytes)).unwrap();
            black_box(data.len())
        });
    });
    g.finish();
}

fn ingest(c: &mut Criterion) {
    let bytes = synthetic_baci(200_000, 2026);
    read_group(c, "baci", &bytes, Reader::baci, 20, true);
    let comtrade = synthetic_comtrade(200_000, 2026);
    read_group(c, "comtrade", &comtrade, Reader::comtrade, 20, false);

    let (data, _) = Reader::baci().read(bytes.as_slice()).unwrap();
    // The crate's own JSON of the same flows, as `write_json` writes it.
    #[cfg(feature = "json")]
    {
        let mut json = Vec::new();
        data.write_json(&mut json).unwrap();
        read_group(c, "json", &json, Reader::json, 10, false);
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
