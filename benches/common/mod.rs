//! Deterministic synthetic BACI data shared by the benchmarks: a
//! fixed-seed xorshift generator, so every run reads the same bytes.

use std::fmt::Write as _;

/// The xorshift64 generator from `seed` (0 taken as 1): the same numbers
/// on every run and machine.
#[allow(dead_code)]
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed.max(1);
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Two economies of `codes` picked by the low bytes of `bits`; Chile
/// (152, in no list) stands in for the second where they coincide.
fn pair(bits: u64, codes: &[u16]) -> (u16, u16) {
    let n = codes.len() as u64;
    let first = codes[(bits % n) as usize];
    let second = codes[((bits >> 8) % n) as usize];
    (first, if second == first { 152 } else { second })
}

/// BACI-layout rows with real-looking economies (BACI codes, including
/// 842, 251, 699, 490), 6-digit products with leading zeros, values with
/// three decimals, and `NA` quantities in about one row in sixteen.
pub(crate) fn synthetic_baci(rows: usize, seed: u64) -> Vec<u8> {
    const CODES: [u16; 24] = [
        156, 842, 276, 392, 528, 251, 410, 380, 344, 826, 699, 124, 484, 56, 702, 490, 724, 757,
        643, 458, 764, 36, 704, 32,
    ];
    let mut next = xorshift(seed);
    let mut out = String::with_capacity(rows * 40);
    out.push_str("t,i,j,k,v,q\n");
    for _ in 0..rows {
        let bits = next();
        let (exporter, importer) = pair(bits, &CODES);
        let product = real_chapter(10_000 + (bits >> 16) % 960_000);
        let value = (bits >> 24) % 10_000_000;
        let _ = write!(
            out,
            "2024,{exporter},{importer},{product:06},{}.{:03},",
            value / 1000,
            value % 1000
        );
        if (bits >> 50).is_multiple_of(16) {
            out.push_str("NA\n");
        } else {
            let tons = (bits >> 34) % 1_000_000;
            let _ = writeln!(out, "{}.{:03}", tons / 1000, tons % 1000);
        }
    }
    out.into_bytes()
}

/// UN Comtrade-layout rows (the API's CSV columns) for the same kind of
/// world as [`synthetic_baci`]: imports reported by the importer, values
/// in USD with two decimals, quantities in kilograms.
#[allow(dead_code)]
pub(crate) fn synthetic_comtrade(rows: usize, seed: u64) -> Vec<u8> {
    const CODES: [u16; 12] = [156, 842, 276, 392, 528, 251, 410, 699, 490, 704, 36, 32];
    let mut next = xorshift(seed);
    let mut out = String::with_capacity(rows * 80);
    out.push_str("reporterCode,partnerCode,partner2Code,flowCode,cmdCode,period,primaryValue,cifvalue,fobvalue,qty,qtyUnitCode,customsCode,motCode\n");
    for _ in 0..rows {
        let bits = next();
        let (reporter, partner) = pair(bits, &CODES);
        let product = real_chapter(10_000 + (bits >> 16) % 960_000);
        let value = (bits >> 24) % 100_000_000;
        let kg = (bits >> 40) % 1_000_000;
        let _ = writeln!(
            out,
            "{reporter},{partner},0,M,{product:06},2024,{}.{:02},{}.{:02},,{kg},8,C00,0",
            value / 100,
            value % 100,
            value / 100,
            value % 100
        );
    }
    out.into_bytes()
}

/// The BACI file named by `TRADEDEP_BENCH_BACI` (a real or generated
/// year, such as `../shared/bench`'s 11-million-row file), or `rows`
/// synthetic rows when it is unset; with a label for the benchmark names.
#[allow(dead_code)]
pub(crate) fn baci_year(rows: usize) -> (Vec<u8>, String) {
    match std::env::var_os("TRADEDEP_BENCH_BACI") {
        Some(path) => {
            let bytes = std::fs::read(&path).expect("TRADEDEP_BENCH_BACI names a readable file");
            let n = memchr::memchr_iter(b'\n', &bytes).count().saturating_sub(1);
            (bytes, format!("{n} rows"))
        }
        None => (synthetic_baci(rows, 2026), format!("{rows} rows")),
    }
}

/// The same code moved out of chapter 77, which no HS edition has.
fn real_chapter(product: u64) -> u64 {
    if product / 10_000 == 77 {
        product + 10_000
    } else {
        product
    }
}
