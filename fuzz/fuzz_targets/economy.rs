//! Economies: the text parser (alpha-3, alpha-2, numeric, names), the
//! numeric constructors, and the text round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::{Economy, EconomyGroup};

fuzz_target!(|text: &str| {
    if let Ok(economy) = text.parse::<Economy>() {
        let again: Economy = economy
            .to_string()
            .parse()
            .expect("Display of an Economy parses");
        assert_eq!(again, economy);
    }
    let _ = Economy::from_alpha3(text);
    let _ = Economy::from_alpha2(text);
    if let Ok(n) = text.trim().parse::<u16>() {
        if let Ok(e) = Economy::from_trade_code(n) {
            assert_eq!(Economy::from_trade_code(e.trade_code()).ok(), Some(e));
        }
        let _ = Economy::from_numeric(n);
    }
    let _ = EconomyGroup::new("fuzz", text.split(','));
});
