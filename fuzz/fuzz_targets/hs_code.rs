//! HS codes: the strict parser, its text round trip, and the hierarchy
//! (parent, chapter, heading) of whatever it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::{HsCode, HsEdition};

fuzz_target!(|text: &str| {
    if let Ok(code) = text.parse::<HsCode>() {
        let again: HsCode = code
            .to_string()
            .parse()
            .expect("Display of an HsCode parses");
        assert_eq!(again, code);
        assert!(code.is_within(code.chapter()));
        if let Some(parent) = code.parent() {
            assert!(code.is_within(parent));
            assert!(parent.contains(code));
        }
    }
    if let Ok(edition) = text.parse::<HsEdition>() {
        assert_eq!(edition.to_string().parse::<HsEdition>().ok(), Some(edition));
    }
});
