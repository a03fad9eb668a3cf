//! Multi-region Leontief solves at world-table sizes, for
//! `benches/mrio.sh`: builds a synthetic table of `N` region-sectors,
//! writes `Z` and `y` as raw little-endian `f64` (row by row) to `DIR`
//! for `benches/mrio_numpy.py`, then times what `MrioModel` does for a
//! look-through: `A = Z x^-1`, the LU factorisation of `I - A` (with its
//! productivity check, one more solve) and `x = L y` by a solve.
//!
//! Usage: `cargo bench --bench mrio_scale -- N DIR [RUNS]`. Prints
//! `median_seconds checksum` (the sum of `L y`). Without arguments (as
//! `cargo bench` runs every bench) it runs one small size and writes
//! nothing.

// The formulas' one-letter names; table sizes far below 2^52.
#![allow(clippy::many_single_char_names, clippy::cast_precision_loss)]

use std::io::Write;
use std::time::Instant;

use tradedep::inputoutput::{Mrio, Region};

mod common;
use common::xorshift;

/// A productive table: `Z` in [0, 1), each row's final demand `n / 2`
/// plus a draw, so that every row of `B = x^-1 Z` sums below 1.
fn table(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut bits = xorshift(2026);
    let mut next = || f64::from((bits() % 1000) as u32) / 1000.0;
    let z: Vec<f64> = (0..n * n).map(|_| next()).collect();
    let y: Vec<f64> = (0..n).map(|_| n as f64 / 2.0 + next()).collect();
    (z, y)
}

fn write(path: &std::path::Path, v: &[f64]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for x in v {
        f.write_all(&x.to_le_bytes()).unwrap();
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args.first().map_or(300, |a| a.parse().unwrap());
    let dir = args.get(1).map(std::path::PathBuf::from);
    let runs: usize = args.get(2).map_or(3, |a| a.parse().unwrap());
    let (z, y) = table(n);
    if let Some(dir) = &dir {
        std::fs::create_dir_all(dir).unwrap();
        write(&dir.join(format!("z_{n}.f64")), &z);
        write(&dir.join(format!("y_{n}.f64")), &y);
    }
    // One region of n sectors: the algebra is the same for any split.
    let sectors: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let t = Mrio::builder([Region::new("WLD_SYN").unwrap()], sectors, ["y"])
        .intermediate(z)
        .final_demand(y.clone())
        .build()
        .unwrap();
    let mut times = Vec::new();
    let mut checksum = 0.0;
    for _ in 0..runs {
        let start = Instant::now();
        let m = t.model().unwrap();
        let x = m.output_for(&y).unwrap();
        times.push(start.elapsed().as_secs_f64());
        checksum = x.iter().sum::<f64>();
    }
    times.sort_by(f64::total_cmp);
    println!("{:.6} {checksum:.6e}", times[times.len() / 2]);
}
