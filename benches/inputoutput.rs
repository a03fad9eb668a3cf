//! Multi-region input-output measures at the size of the world
//! input-output table (WIOD: 41 regions x 35 sectors = 1,435
//! region-sectors, 5 final-demand categories), on a synthetic productive
//! table: the factorisation, and each look-through measure on it.

// The formulas' one-letter names; table sizes far below 2^52.
#![allow(clippy::many_single_char_names, clippy::cast_precision_loss)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tradedep::inputoutput::{Extraction, Mrio, Region};

mod common;
use common::xorshift;

const REGIONS: usize = 41;
const SECTORS: usize = 35;
const CATEGORIES: usize = 5;

/// `Z` in [0, 1), final demand at least `n / 2` per row (so every row of
/// `B` sums below 1: productive), value added the columns' residual.
fn table() -> Mrio {
    let n = REGIONS * SECTORS;
    let mut bits = xorshift(2026);
    let mut next = || f64::from((bits() % 1000) as u32) / 1000.0;
    let z: Vec<f64> = (0..n * n).map(|_| next()).collect();
    let fd = REGIONS * CATEGORIES;
    // n / (2 fd) = 1,435 / 410 = 3.5 per cell: n / 2 per row.
    let y: Vec<f64> = (0..n * fd).map(|_| 3.5 + next()).collect();
    let regions: Vec<Region> = (0..REGIONS)
        .map(|r| Region::new(&format!("r{r}")).unwrap())
        .collect();
    Mrio::builder(
        regions,
        (0..SECTORS).map(|s| format!("s{s}")),
        (0..CATEGORIES).map(|c| format!("c{c}")),
    )
    .intermediate(z)
    .final_demand(y)
    .build()
    .unwrap()
    .with_value_added_residual()
    .unwrap()
}

fn measures(c: &mut Criterion) {
    let table = table();
    let t = &table;
    let mut g = c.benchmark_group("mrio 1,435");
    g.sample_size(10);
    g.bench_function("model (A, LU of I - A, check)", |bench| {
        bench.iter(|| black_box(t.model().unwrap()));
    });
    let m = t.model().unwrap();
    let (r0, r1) = (t.regions()[0].clone(), t.regions()[1].clone());
    g.bench_function("look-through output, one region", |bench| {
        bench.iter(|| black_box(m.look_through(&r0).unwrap()));
    });
    g.bench_function("value added by origin, one region", |bench| {
        bench.iter(|| black_box(m.value_added_origin(&r0).unwrap()));
    });
    g.bench_function("hidden exposure, one region", |bench| {
        bench.iter(|| black_box(m.hidden_exposure(&r0).unwrap()));
    });
    g.bench_function("extraction, all 35 sectors of one seller", |bench| {
        let e = Extraction::sales(r1.clone(), r0.clone());
        bench.iter(|| black_box(m.extract(&e).unwrap()));
    });
    g.bench_function("multipliers and linkages", |bench| {
        bench.iter(|| black_box(m.multipliers().unwrap()));
    });
    g.finish();
}

criterion_group!(benches, measures);
criterion_main!(benches);
