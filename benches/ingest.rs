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

    #[cfg(feature = "compression")]
    compressed(c, &bytes);

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

/// The same BACI rows gzipped, and zipped as CEPII ships them, read into
/// a `TradeData`; throughput in bytes of the plain file, so that the
/// rates compare with `baci/read into TradeData`.
#[cfg(feature = "compression")]
fn compressed(c: &mut Criterion, plain: &[u8]) {
    use std::io::Write;

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(plain).unwrap();
    let gz = gz.finish().unwrap();
    let dir = std::env::temp_dir().join(format!("tradedep-bench-zip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zipped = dir.join("BACI_HS22_V202401.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zipped).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("BACI_HS22_Y2022_V202401.csv", opts).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    let plain_file = dir.join("BACI_HS22_Y2022_V202401.csv");
    std::fs::write(&plain_file, plain).unwrap();

    let mut g = c.benchmark_group("baci compressed");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.sample_size(20);
    g.bench_function("plain file by path, one thread", |b| {
        b.iter(|| {
            let (data, _) = Reader::baci().threads(1).read_path(&plain_file).unwrap();
            black_box(data.len())
        });
    });
    g.bench_function("plain file by path, every core", |b| {
        b.iter(|| {
            let (data, _) = Reader::baci().read_path(&plain_file).unwrap();
            black_box(data.len())
        });
    });
    g.bench_function("gzip into TradeData", |b| {
        b.iter(|| {
            let (data, _) = Reader::baci().read(black_box(gz.as_slice())).unwrap();
            black_box(data.len())
        });
    });
    g.bench_function("zip by path into TradeData", |b| {
        b.iter(|| {
            let (data, _) = Reader::baci().read_path(&zipped).unwrap();
            black_box(data.len())
        });
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, ingest);
criterion_main!(benches);
