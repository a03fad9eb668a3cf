//! Money, currencies, quantities and units: parsers and text round trips,
//! and checked arithmetic on what they accept.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::{Currency, Money, Quantity, Unit};

fuzz_target!(|text: &str| {
    if let Ok(m) = text.parse::<Money>() {
        let again: Money = m.to_string().parse().expect("Display of Money parses");
        assert_eq!(again, m);
        let _ = m.checked_add(&m);
        let _ = m.in_thousands();
    }
    if let Ok(c) = text.parse::<Currency>() {
        assert_eq!(c.to_string().parse::<Currency>().ok(), Some(c));
    }
    if let Ok(q) = text.parse::<Quantity>() {
        let again: Quantity = q.to_string().parse().expect("Display of a Quantity parses");
        assert_eq!(again, q);
    }
    if let Ok(u) = text.parse::<Unit>() {
        assert_eq!(u.to_string().parse::<Unit>().ok(), Some(u));
    }
});
