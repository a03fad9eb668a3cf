//! What every data-reader target does with a file it managed to read:
//! the indicators the crate offers must not panic on it, and writing it
//! out and reading it back must give the same data.
//!
//! Each input is read one way, picked from the input's bytes (any change
//! to them may pick another), so an execution costs one read and one
//! round trip, and the corpus covers every way.

use tradedep::metrics::{PartnerShares, ProductConcentrations};
use tradedep::{HsLevel, Query, Reader, TradeData};

/// The crate's own text forms, for the round trip.
#[derive(Clone, Copy)]
pub enum Form {
    Csv,
    Json,
}

/// Runs the readers' common checks on `data`, with a round trip through
/// `form`.
pub fn exercise(data: &TradeData, form: Form) {
    let all = Query::new();
    let _ = data.total(&all);
    let _ = data.totals_by_pair(&all);
    let _ = PartnerShares::imports(data, &all);
    let _ = ProductConcentrations::imports(data, &all, HsLevel::Subheading);

    match form {
        Form::Csv => {
            let mut csv = Vec::new();
            data.write_csv(&mut csv)
                .expect("writing to memory succeeds");
            let (again, _) = Reader::tidy_csv()
                .read(csv.as_slice())
                .expect("the crate reads what it writes");
            assert_eq!(&again, data, "tidy CSV round trip");
        }
        Form::Json => {
            let mut json = Vec::new();
            data.write_json(&mut json)
                .expect("writing to memory succeeds");
            let (again, _) = Reader::json()
                .read(json.as_slice())
                .expect("the crate reads what it writes");
            assert_eq!(&again, data, "JSON round trip");
        }
    }
}

/// Reads `bytes` with `reader` one of three ways (strictly, skipping up
/// to four bad records, or streaming), and exercises whatever was read.
pub fn read_all(bytes: &[u8], reader: fn() -> Reader) {
    let pick = bytes.iter().fold(0u8, |a, &b| a.wrapping_add(b)) % 3;
    match pick {
        0 => {
            if let Ok((data, report)) = reader().read(bytes) {
                assert!(report.errors().is_empty());
                exercise(&data, Form::Csv);
            }
        }
        1 => {
            if let Ok((data, report)) = reader().skip_bad_records(4).read(bytes) {
                assert!(report.errors().len() <= 4);
                assert_eq!(
                    report.records(),
                    report.flows() + report.left_out() + report.skipped()
                );
                exercise(&data, Form::Json);
            }
        }
        _ => {
            if let Ok(flows) = reader().flows(bytes) {
                // A stream ends: at most one item per byte of text, and
                // one more; gzip input expands, by at most 1,032 times
                // (deflate's limit).
                let bound = bytes.len().saturating_mul(1032).saturating_add(1);
                let n = flows.take(bound.saturating_add(1)).count();
                assert!(n <= bound, "the stream does not end");
            }
        }
    }
}
