//! Rule sets from JSON: parsing and validation never panic; an accepted
//! set round-trips through JSON and answers date queries.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use tradedep::controls::RuleSet;
use tradedep::{Economy, HsCode};

fuzz_target!(|text: &str| {
    let Ok(set) = RuleSet::from_json(text) else {
        return;
    };
    let json = set.to_json().expect("an accepted rule set serializes");
    let again = RuleSet::from_json(&json).expect("the crate reads the JSON it writes");
    assert_eq!(again.to_json().ok(), Some(json));
    let (Ok(chn), Ok(jpn), Ok(code)) = (
        "CHN".parse::<Economy>(),
        "JPN".parse::<Economy>(),
        "850511".parse::<HsCode>(),
    ) else {
        return;
    };
    for (y, m, d) in [(2025, 4, 4), (2026, 1, 6), (1, 1, 1), (9999, 12, 31)] {
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            let _ = set.binding(chn, jpn, code, date);
            let _ = set.may_binding(chn, jpn, code, date);
            let _ = set.for_pair(chn, jpn, date);
            let _ = set.in_force(date).count();
        }
    }
    if let (Some(a), Some(b)) = (
        NaiveDate::from_ymd_opt(2020, 1, 1),
        NaiveDate::from_ymd_opt(2030, 1, 1),
    ) {
        let _ = set.changes(a, b);
    }
});
