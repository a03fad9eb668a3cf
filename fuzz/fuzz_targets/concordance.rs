//! Concordances from arbitrary bytes (tidy or UNSD layout): reading never
//! panics, and an accepted table converts flows of its own codes with the
//! total kept exactly, reversed or not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::concordance::{Concordance, Unmatched, Weights};
use tradedep::{Direction, Query, TradeData, TradeFlow};

fuzz_target!(|bytes: &[u8]| {
    let Ok(c) = Concordance::read_csv(bytes) else {
        return;
    };
    let _ = c.groups();
    for table in [c.clone(), c.reverse()] {
        let flows: Vec<TradeFlow> = table
            .source_codes()
            .iter()
            .take(50)
            .filter_map(|code| {
                TradeFlow::new(
                    "JPN".parse().ok()?,
                    "CHN".parse().ok()?,
                    Direction::Import,
                    *code,
                    "2024".parse().ok()?,
                    "100.07 USD".parse().ok()?,
                )
                .ok()
            })
            .collect();
        let Ok(data) = TradeData::from_flows(flows) else {
            continue;
        };
        let before = data.total(&Query::new()).ok();
        if let Ok(out) = table.convert(&data, &Weights::equal(), Unmatched::Error) {
            assert_eq!(out.data().total(&Query::new()).ok(), before);
        }
        if let Some(first) = table.source_codes().first() {
            let _ = table.convert_selector(
                &tradedep::ProductSelector::new().with(*first),
                Unmatched::Skip,
            );
        }
    }
});
