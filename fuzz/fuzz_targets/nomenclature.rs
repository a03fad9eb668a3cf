//! The HS nomenclature reader (Comtrade's reference layout) on arbitrary
//! bytes, and the queries on whatever it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::{HsLevel, Nomenclature};

fuzz_target!(|bytes: &[u8]| {
    let Ok(n) = Nomenclature::from_reader(bytes, None) else {
        return;
    };
    for entry in n.iter() {
        assert!(n.is_valid(entry.code()));
        let _ = n.children(entry.code()).count();
    }
    let _ = n.level(HsLevel::Heading).count();
    let _ = n.total_description();
});
