//! What every data-reader target does with a file it managed to read:
//! the indicators the crate offers must not panic on it, and writing it
//! out and reading it back must give the same data.

use tradedep::metrics::{PartnerShares, ProductConcentrations};
use tradedep::{HsLevel, Query, Reader, TradeData};

/// Runs the readers' common checks on `data`.
pub fn exercise(data: &TradeData) {
    let all = Query::new();
    let _ = data.total(&all);
    let _ = data.totals_by_pair(&all);
    let _ = PartnerShares::imports(data, &all);
    let _ = ProductConcentrations::imports(data, &all, HsLevel::Subheading);

    let mut csv = Vec::new();
    data.write_csv(&mut csv)
        .expect("writing to memory succeeds");
    let (again, _) = Reader::tidy_csv()
        .read(csv.as_slice())
        .expect("the crate reads what it writes");
    assert_eq!(&again, data, "tidy CSV round trip");

    let mut json = Vec::new();
    data.write_json(&mut json)
        .expect("writing to memory succeeds");
    let (again, _) = Reader::json()
        .read(json.as_slice())
        .expect("the crate reads what it writes");
    assert_eq!(&again, data, "JSON round trip");
}

/// Reads `bytes` with `reader`, strictly and then skipping bad records,
/// and exercises whatever was read; also drains the streaming iterator.
pub fn read_all(bytes: &[u8], reader: fn() -> Reader) {
    if let Ok((data, _)) = reader().read(bytes) {
        exercise(&data);
    }
    if let Ok((data, report)) = reader().skip_bad_records(4).read(bytes) {
        assert!(report.errors().len() <= 4);
        assert_eq!(
            report.records(),
            report.flows() + report.left_out() + report.skipped()
        );
        exercise(&data);
    }
    if let Ok(flows) = reader().flows(bytes) {
        for _ in flows {}
    }
}
