//! The baci reader on arbitrary bytes: strict, lenient and streaming
//! reads never panic, and what is read survives the crate's own writers.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tradedep::Reader;

fuzz_target!(|bytes: &[u8]| {
    common::read_all(bytes, Reader::baci);
});
