//! Control entries and issuers: the parsers, the text round trip, and
//! the hierarchy of whatever they accept.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::controls::{ControlEntry, Issuer};

fuzz_target!(|text: &str| {
    if let Ok(entry) = text.parse::<ControlEntry>() {
        let again: ControlEntry = entry
            .to_string()
            .parse()
            .expect("Display of an entry parses");
        assert_eq!(again, entry);
        assert!(entry.is_within(&entry));
    }
    if let Ok(issuer) = text.parse::<Issuer>() {
        assert_eq!(
            issuer.to_string().parse::<Issuer>().ok(),
            Some(issuer.clone())
        );
    }
    for issuer in ["eu", "cn", "us"] {
        if let Ok(issuer) = issuer.parse::<Issuer>() {
            let _ = ControlEntry::parse_in(issuer, text);
        }
    }
});
