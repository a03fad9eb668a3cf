//! Ingest benchmarks: BACI rows generated deterministically (a fixed-seed
//! xorshift generator, so every run reads the same bytes).

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradedep::{Query, Reader};

/// BACI-layout rows with real-looking economies (BACI codes, including
/// 842, 251, 699, 490), 6-digit products with leading zeros, values with
/// three decimals, and `NA` quantities in about one row in sixteen.
fn synthetic_baci(rows: usize, seed: u64) -> Vec<u8> {
    const CODES: [u16; 24] = [
        156, 842, 276, 392, 528, 251, 410, 380, 344, 826, 699, 124, 484, 56, 702, 490, 724, 757,
        643, 458, 764, 36, 704, 32,
    ];
    let mut state = seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::with_capacity(rows * 40);
    out.push_str("t,i,j,k,v,q\n");
    for _ in 0..rows {
        let bits = next();
        let exporter = CODES[(bits % 24) as usize];
        let mut importer = CODES[((bits >> 8) % 24) as usize];
        if importer == exporter {
            importer = 152;
        }
        let product = 10_000 + (bits >> 16) % 960_000;
        let value = (bits >> 24) % 10_000_000;
        let _ = write!(
            out,
            "2024,{exporter},{importer},{product:06},{}.{:03},",
            value / 1000,
            value % 1000
        );
        if (bits >> 50) % 16 == 0 {
            out.push_str("NA\n");
        } else {
            let tons = (bits >> 34) % 1_000_000;
            let _ = writeln!(out, "{}.{:03}", tons / 1000, tons % 1000);
        }
    }
    out.into_bytes()
}

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

    let (data, _) = Reader::baci().read(bytes.as_slice()).unwrap();
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
