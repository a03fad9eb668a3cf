//! Deterministic synthetic BACI data shared by the benchmarks: a
//! fixed-seed xorshift generator, so every run reads the same bytes.

use std::fmt::Write as _;

/// BACI-layout rows with real-looking economies (BACI codes, including
/// 842, 251, 699, 490), 6-digit products with leading zeros, values with
/// three decimals, and `NA` quantities in about one row in sixteen.
pub(crate) fn synthetic_baci(rows: usize, seed: u64) -> Vec<u8> {
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
