//! Periods: the parser, its text round trip, and the calendar arithmetic
//! (next, previous, start, end) of whatever it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::Period;

fuzz_target!(|text: &str| {
    if let Ok(period) = text.parse::<Period>() {
        let again: Period = period
            .to_string()
            .parse()
            .expect("Display of a Period parses");
        assert_eq!(again, period);
        assert!(period.start() <= period.end());
        if let Some(next) = period.next() {
            assert_eq!(next.previous(), Some(period));
        }
        let _ = period.year_before();
        let _ = period.comtrade();
    }
});
