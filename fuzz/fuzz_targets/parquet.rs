//! The Parquet reader on arbitrary bytes (strict and lenient reads
//! return a value or a typed error, never panic), and on files the crate
//! writes from arbitrary BACI text: read back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::{ParquetOptions, Reader};

/// The Parquet decoder asserts on some malformed files; the reader turns
/// those panics into errors. libFuzzer's panic hook aborts on every
/// panic, so panics raised inside the decoder's own code are let through
/// to the reader here, and every other panic (the crate's) still aborts.
fn let_decoder_panics_through() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let decoder = info.location().is_some_and(|l| {
                let f = l.file();
                f.contains("/parquet-") || f.contains("/arrow-")
            });
            if !decoder {
                fuzzer(info);
            }
        }));
    });
}

fuzz_target!(|bytes: &[u8]| {
    let_decoder_panics_through();
    let Some((&mode, rest)) = bytes.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let _ = Reader::parquet().read_parquet_bytes(rest.to_vec());
        let _ = Reader::parquet()
            .skip_bad_records(4)
            .threads(2)
            .read_parquet_bytes(rest.to_vec());
        return;
    }
    let Ok((data, _)) = Reader::baci().skip_bad_records(1000).read(rest) else {
        return;
    };
    let mut file = Vec::new();
    let rows = usize::from(mode / 2).max(1);
    if data
        .write_parquet_with(&mut file, &ParquetOptions::new().row_group_rows(rows))
        .is_err()
    {
        return;
    }
    let (back, report) = Reader::parquet()
        .threads(3)
        .read_parquet_bytes(file)
        .expect("a file the crate wrote reads back");
    assert_eq!(back, data);
    assert_eq!(report.flows(), data.len() as u64);
});
