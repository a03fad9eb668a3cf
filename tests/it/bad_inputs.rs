//! Awkward and bad inputs, each with its expected outcome.

use tradedep::{ErrorKind, Query, Reader};

const HEADER: &str = "t,i,j,k,v,q\n";

fn baci(bytes: &[u8]) -> tradedep::Result<(tradedep::TradeData, tradedep::ReadReport)> {
    Reader::baci().read(bytes)
}

#[test]
fn bom_and_crlf_are_read() {
    let input =
        b"\xEF\xBB\xBFt,i,j,k,v,q\r\n2004,32,152,010121,20.945,NA\r\n2004,152,32,010121,1.5,\r\n";
    let (data, report) = baci(input).unwrap();
    assert_eq!(report.records(), 2);
    let chl = "CHL".parse().unwrap();
    assert_eq!(
        data.total(&Query::new().importer(chl)).unwrap().to_string(),
        "20945 USD"
    );
}

#[test]
fn a_header_with_no_rows_gives_empty_data() {
    let (data, report) = baci(HEADER.as_bytes()).unwrap();
    assert!(data.is_empty());
    assert_eq!(report.records(), 0);
    assert!(report.is_complete());
}

/// Each bad input, the error kind it must give, and the column and line
/// its position must name (None where the error is about the whole input).
#[test]
#[allow(clippy::too_many_lines)] // a table of cases, one entry per bad input
fn each_bad_input_has_its_own_clear_error() {
    type Check = fn(&ErrorKind) -> bool;
    type Case = (
        &'static str,
        Vec<u8>,
        Check,
        Option<&'static str>,
        Option<u64>,
    );
    let cases: Vec<Case> = vec![
        (
            "empty file",
            b"".to_vec(),
            |k| matches!(k, ErrorKind::EmptyInput),
            None,
            None,
        ),
        (
            "missing column",
            b"t,i,j,k,v\n2004,32,152,010121,1\n".to_vec(),
            |k| matches!(k, ErrorKind::MissingColumn { name: "q", .. }),
            None,
            Some(1),
        ),
        (
            "malformed number",
            format!("{HEADER}2004,32,152,010121,12x.5,NA\n").into_bytes(),
            |k| matches!(k, ErrorKind::Number { input, .. } if input == "12x.5"),
            Some("v"),
            Some(2),
        ),
        (
            "unknown country",
            format!("{HEADER}2004,32,152,010121,1,NA\n2004,33,152,010121,1,NA\n").into_bytes(),
            |k| matches!(k, ErrorKind::Economy { input, .. } if input == "33"),
            Some("i"),
            Some(3),
        ),
        (
            "wrong column count",
            format!("{HEADER}2004,32,152,010121,1\n").into_bytes(),
            |k| {
                matches!(
                    k,
                    ErrorKind::FieldCount {
                        expected: 6,
                        found: 5
                    }
                )
            },
            None,
            Some(2),
        ),
        (
            "negative value",
            format!("{HEADER}2004,32,152,010121,-1.5,NA\n").into_bytes(),
            |k| matches!(k, ErrorKind::Negative { what: "value", value } if value == "-1.5"),
            Some("v"),
            Some(2),
        ),
        (
            "12-digit HS code",
            format!("{HEADER}2004,32,152,010121000000,1,NA\n").into_bytes(),
            |k| matches!(k, ErrorKind::HsCode { input, .. } if input == "010121000000"),
            Some("k"),
            Some(2),
        ),
        (
            "non-UTF-8 byte",
            [HEADER.as_bytes(), b"2004,32,152,010121,1\xFF,NA\n"].concat(),
            |k| matches!(k, ErrorKind::Utf8 { .. }),
            Some("v"),
            Some(2),
        ),
        (
            "negative quantity",
            format!("{HEADER}2004,32,152,010121,1,-2\n").into_bytes(),
            |k| {
                matches!(
                    k,
                    ErrorKind::Negative {
                        what: "quantity",
                        ..
                    }
                )
            },
            Some("q"),
            Some(2),
        ),
        (
            "year out of range",
            format!("{HEADER}20040,32,152,010121,1,NA\n").into_bytes(),
            |k| matches!(k, ErrorKind::Period { .. }),
            Some("t"),
            Some(2),
        ),
    ];
    for (name, input, check, column, line) in cases {
        let err = baci(&input).expect_err(name);
        assert!(check(err.kind()), "{name}: {err:?}");
        let pos = err.position();
        assert_eq!(
            pos.and_then(tradedep::Position::column),
            column,
            "{name}: {err}"
        );
        assert_eq!(
            pos.and_then(tradedep::Position::line),
            line,
            "{name}: {err}"
        );
        // The message names the offending value or what is missing.
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn lenient_mode_skips_and_reports_every_bad_row() {
    let input = format!(
        "{HEADER}2004,32,152,010121,1,NA\n2004,33,152,010121,1,NA\n2004,32,152,0101,1,NA\n2004,32,152,010129,2,NA\n"
    );
    let (data, report) = Reader::baci()
        .skip_bad_records(1)
        .read(input.as_bytes())
        .unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(report.records(), 4);
    assert_eq!(report.skipped(), 2);
    assert!(!report.is_complete());
    // Only the first error is kept, as asked; the rest are counted.
    assert_eq!(report.errors().len(), 1);
    assert_eq!(
        report.errors()[0]
            .position()
            .and_then(tradedep::Position::line),
        Some(3)
    );
    assert!(report.to_string().contains("... and 1 more"), "{report}");
}

#[test]
fn lenient_mode_still_stops_on_a_missing_column() {
    let e = Reader::baci()
        .skip_bad_records(10)
        .read("t,i,j,k,v\n".as_bytes())
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::MissingColumn { .. }));
}

#[test]
fn errors_from_a_path_name_the_file() {
    let dir = std::env::temp_dir().join(format!("tradedep-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.csv");
    std::fs::write(&path, format!("{HEADER}2004,32,152,010121,oops,NA\n")).unwrap();
    let e = Reader::baci().read_path(&path).unwrap_err();
    assert_eq!(
        e.position().and_then(tradedep::Position::path),
        Some(path.as_path())
    );
    assert!(
        e.to_string().starts_with(&format!(
            "{}, line 2, record 1, column \"v\"",
            path.display()
        )),
        "{e}"
    );
    let (_, report) = Reader::baci().skip_bad_records(5).read_path(&path).unwrap();
    assert_eq!(report.skipped(), 1);
    assert_eq!(
        report.errors()[0]
            .position()
            .and_then(tradedep::Position::path),
        Some(path.as_path())
    );
    let missing = Reader::baci()
        .read_path(dir.join("absent.csv"))
        .unwrap_err();
    assert!(matches!(missing.kind(), ErrorKind::Io(_)));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn leading_zeros_lost_by_a_numeric_column_are_restored_only_in_baci() {
    let (data, _) = baci(format!("{HEADER}2004,32,152,10121,1,NA\n").as_bytes()).unwrap();
    assert_eq!(data.products()[0].to_string(), "010121");
    let tidy = "reporter,partner,direction,product,period,value,currency\nCHL,ARG,import,10121,2004,1,USD\n";
    let e = Reader::tidy_csv().read(tidy.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::HsCode { .. }));
    assert_eq!(
        e.position().and_then(tradedep::Position::column),
        Some("product")
    );
}

#[test]
fn progress_is_reported_up_to_the_total() {
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let input = format!("{HEADER}2004,32,152,010121,1,NA\n");
    Reader::baci()
        .on_progress(move |p| sink.lock().unwrap().push(p.bytes_read()))
        .read(input.as_bytes())
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.last().copied(), Some(input.len() as u64));
}

#[test]
fn tidy_data_in_two_currencies_is_refused() {
    let tidy = "reporter,partner,direction,product,period,value,currency\n\
                JPN,CHN,import,85,2024,1,JPY\nJPN,CHN,import,84,2024,1,USD\n";
    let e = Reader::tidy_csv()
        .skip_bad_records(5)
        .read(tidy.as_bytes())
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::CurrencyMismatch { .. }),
        "{e}"
    );
}

/// The line of the bad row in a file with Windows line ends and a blank
/// line before it: the row's own line, in every CSV reader.
#[test]
fn error_lines_count_crlf_line_ends_and_blank_lines() {
    // Line 1 header, line 2 a good row, line 3 blank, line 4 the bad row
    // (economy code XXX).
    let tidy = "reporter,partner,direction,product,period,value,currency\r\n\
                JPN,CHN,import,850511,2024,1,USD\r\n\r\n\
                JPN,XXX,import,850511,2024,1,USD\r\n";
    let comtrade = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\r\n\
                    392,156,M,850511,2024,1\r\n\r\n\
                    392,9999,M,850511,2024,1\r\n";
    // BACI with quoted fields, which go through the CSV parser.
    let baci = "t,i,j,k,v,q\r\n\"2022\",\"156\",\"392\",\"850511\",\"1.5\",\"NA\"\r\n\r\n\
                \"2022\",\"9999\",\"392\",\"850511\",\"1.5\",\"NA\"\r\n";
    for (name, reader, text) in [
        ("tidy", Reader::tidy_csv(), tidy),
        ("comtrade", Reader::comtrade(), comtrade),
        ("baci", Reader::baci(), baci),
    ] {
        let e = reader.read(text.as_bytes()).unwrap_err();
        assert_eq!(
            e.position().and_then(tradedep::Position::line),
            Some(4),
            "{name}: {e}"
        );
        // The same file with LF line ends gives the same line.
        let lf = text.replace("\r\n", "\n");
        let e = reader_for(name).read(lf.as_bytes()).unwrap_err();
        assert_eq!(
            e.position().and_then(tradedep::Position::line),
            Some(4),
            "{name} LF: {e}"
        );
    }
}

fn reader_for(name: &str) -> Reader {
    match name {
        "tidy" => Reader::tidy_csv(),
        "comtrade" => Reader::comtrade(),
        _ => Reader::baci(),
    }
}

/// A bad last record with no line end after it (found by fuzzing the
/// Comtrade reader, which then read the same error for ever): one error,
/// then the end of input.
#[test]
fn a_bad_last_record_is_one_error_then_the_end() {
    let header = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n";
    for last in [&b"392,156,M,850511"[..], b"392,156,M,850511,2024,1\xFF"] {
        let mut text = header.as_bytes().to_vec();
        text.extend_from_slice(b"392,156,M,850511,2024,1\n");
        text.extend_from_slice(last);
        let items: Vec<_> = Reader::comtrade()
            .flows(text.as_slice())
            .unwrap()
            .take(10)
            .collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].is_ok() && items[1].is_err(), "{items:?}");
        let (data, report) = Reader::comtrade()
            .skip_bad_records(5)
            .read(text.as_slice())
            .unwrap();
        assert_eq!((data.len(), report.errors().len()), (1, 1));
    }
}
