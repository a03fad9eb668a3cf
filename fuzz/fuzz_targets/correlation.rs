//! Correlation tables from CSV and JSON: reading never panics; an
//! accepted table round-trips through both forms and answers queries.
//! The first byte picks the form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::controls::CorrelationTable;

fuzz_target!(|bytes: &[u8]| {
    let Some((first, rest)) = bytes.split_first() else {
        return;
    };
    let table = if first % 2 == 0 {
        CorrelationTable::read_csv(rest)
    } else {
        CorrelationTable::read_json(rest)
    };
    let Ok(table) = table else { return };
    let mut csv = Vec::new();
    table
        .write_csv(&mut csv)
        .expect("writing to memory succeeds");
    let again =
        CorrelationTable::read_csv(csv.as_slice()).expect("the crate reads the CSV it writes");
    assert_eq!(again.links(), table.links());
    let mut json = Vec::new();
    table
        .write_json(&mut json)
        .expect("writing to memory succeeds");
    let again =
        CorrelationTable::read_json(json.as_slice()).expect("the crate reads the JSON it writes");
    assert_eq!(again.links(), table.links());
    for link in table.links() {
        let _ = table.entries_for(link.code());
        let _ = table.products_for(link.entry());
    }
});
