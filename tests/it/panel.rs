//! Panels of years: directories of yearly files, zip archives of them and
//! `year=YYYY` Parquet partitions, read one year at a time.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rust_decimal::Decimal;
use tradedep::metrics::ProductConcentrations;
use tradedep::{ErrorKind, HsLevel, Query, Reader, TradeData};

/// Three BACI years (thousands of USD). Chile's imports from Argentina
/// (32 -> 152): 2022 1.5 + 2.5 = 4; 2023 4; 2024 7, and China's (156 ->
/// 152) 3 in 2024.
const Y2022: &str = "t,i,j,k,v,q\n2022,32,152,010121,1.5,NA\n2022,32,152,280530,2.5,NA\n";
const Y2023: &str = "t,i,j,k,v,q\n2023,32,152,010121,4,NA\n";
const Y2024: &str = "t,i,j,k,v,q\n2024,32,152,010121,7,NA\n2024,156,152,010121,3,NA\n";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradedep-panel-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn chile(data: &TradeData) -> Decimal {
    data.total(&Query::new().importer("CHL".parse().unwrap()))
        .unwrap()
        .in_thousands()
}

/// Each year's Chilean total, as the panel hands the years out.
fn totals(panel: &tradedep::Panel) -> Vec<(i32, Decimal)> {
    panel
        .years()
        .map(|y| {
            let y = y.unwrap();
            (y.year(), chile(y.data()))
        })
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_directory_of_yearly_files_is_read_year_by_year_and_code_lists_are_left_out() {
    let root = dir("baci-dir");
    write(&root.join("BACI_HS92_Y2023_V202401.csv"), Y2023);
    write(&root.join("BACI_HS92_Y2022_V202401.csv"), Y2022);
    write(&root.join("BACI_HS92_Y2024_V202401.csv"), Y2024);
    write(
        &root.join("country_codes_V202401.csv"),
        "country_code,country_name\n",
    );
    write(&root.join("Readme.txt"), "BACI\n");
    let panel = Reader::baci().panel(&root).unwrap();
    let years: Vec<Option<i32>> = panel
        .parts()
        .iter()
        .map(tradedep::PanelPart::year)
        .collect();
    assert_eq!(years, [Some(2022), Some(2023), Some(2024)]);
    let left: Vec<String> = panel
        .left_out()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["Readme.txt", "country_codes_V202401.csv"]);
    assert_eq!(
        totals(&panel),
        [(2022, d("4")), (2023, d("4")), (2024, d("10"))]
    );
    // The panel's whole report counts every flow: 2 + 1 + 2.
    let report = panel
        .fold_years(
            || 0u64,
            |n, _| {
                *n += 1;
                Ok(())
            },
            |a, b| Ok(a + b),
            |_, _, _| Ok(()),
        )
        .unwrap();
    assert_eq!(report.flows(), 5);
}

#[test]
fn a_file_named_for_one_year_that_holds_another_is_an_error_naming_it() {
    let root = dir("misnamed");
    write(&root.join("2022.csv"), Y2022);
    write(&root.join("2023.csv"), Y2024); // holds 2024
    let panel = Reader::baci().panel(&root).unwrap();
    let mut years = panel.years();
    assert_eq!(years.next().unwrap().unwrap().year(), 2022);
    let e = years.next().unwrap().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Panel { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("2023.csv") && msg.contains("named for 2023") && msg.contains("2024"),
        "{msg}"
    );
    assert!(years.next().is_none());
    // A lenient reader does not skip it: it is no bad record.
    let lenient = Reader::baci().skip_bad_records(10).panel(&root).unwrap();
    assert!(lenient.years().any(|y| y.is_err()));
}

#[test]
fn two_files_named_for_one_year_are_refused_when_the_panel_is_opened() {
    let root = dir("twice");
    write(&root.join("BACI_HS92_Y2022_V202401.csv"), Y2022);
    write(&root.join("BACI_HS92_Y2022_V202501.csv"), Y2022);
    let e = Reader::baci().panel(&root).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Panel { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("the year 2022 is named by two parts"),
        "{e}"
    );
}

#[test]
fn without_years_in_names_the_years_come_from_the_data_and_must_not_go_back() {
    let root = dir("unnamed");
    // a.csv holds 2022 and 2023, b.csv 2024: three years, in order.
    write(
        &root.join("a.csv"),
        &format!("{Y2022}{}", Y2023.lines().nth(1).unwrap()),
    );
    write(&root.join("b.csv"), Y2024);
    let panel = Reader::baci().panel(&root).unwrap();
    assert!(panel.parts().iter().all(|p| p.year().is_none()));
    assert_eq!(
        totals(&panel),
        [(2022, d("4")), (2023, d("4")), (2024, d("10"))]
    );
    // c.csv holds 2023 again: the year would be handed out twice.
    write(&root.join("c.csv"), Y2023);
    let panel = Reader::baci().panel(&root).unwrap();
    let results: Vec<_> = panel.years().collect();
    assert_eq!(results.len(), 4);
    let e = results.last().unwrap().as_ref().unwrap_err();
    assert!(
        e.to_string()
            .contains("c.csv holds flows of 2023, which does not come after 2024"),
        "{e}"
    );
}

#[test]
fn folding_the_years_equals_reading_each_year_on_any_number_of_threads() {
    let root = dir("fold");
    write(&root.join("2022.csv"), Y2022);
    write(&root.join("2024.csv"), Y2024);
    for threads in [1, 2] {
        let mut seen = Vec::new();
        Reader::baci()
            .threads(threads)
            .panel(&root)
            .unwrap()
            .fold_years(
                || ProductConcentrations::builder(HsLevel::Subheading),
                |b, f| b.push(&f),
                tradedep::metrics::ProductConcentrationsBuilder::merge,
                |year, b, report| {
                    let t = b.build()?;
                    let chl = "CHL".parse().unwrap();
                    let row = t.get(chl, "010121".parse().unwrap()).unwrap();
                    seen.push((year, row.hhi().unwrap().value(), report.flows()));
                    Ok(())
                },
            )
            .unwrap();
        // 2022: one supplier of 010121; 2024: 7 and 3 of 10, 0.49 + 0.09.
        assert_eq!(
            seen,
            [(2022, d("1"), 2), (2024, d("0.58"), 2)],
            "{threads} threads"
        );
    }
}

#[test]
fn the_progress_hook_counts_the_whole_panel() {
    let root = dir("progress");
    write(&root.join("2022.csv"), Y2022);
    write(&root.join("2023.csv"), Y2023);
    let total = (Y2022.len() + Y2023.len()) as u64;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = Rc::clone(&seen);
    let panel = Reader::baci()
        .on_progress(move |p| s.borrow_mut().push((p.bytes_read(), p.total_bytes())))
        .panel(&root)
        .unwrap();
    assert_eq!(totals(&panel).len(), 2);
    let seen = seen.borrow();
    assert!(seen.iter().all(|(_, t)| *t == Some(total)), "{seen:?}");
    assert_eq!(seen.last().map(|(b, _)| *b), Some(total), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
}

#[test]
fn panel_of_reads_the_files_given_in_year_order() {
    let root = dir("of");
    write(&root.join("x_2024.csv"), Y2024);
    write(&root.join("x_2022.csv"), Y2022);
    let panel = Reader::baci()
        .panel_of([root.join("x_2024.csv"), root.join("x_2022.csv")])
        .unwrap();
    assert_eq!(totals(&panel), [(2022, d("4")), (2024, d("10"))]);
    let e = Reader::baci().panel_of(Vec::<PathBuf>::new()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Panel { .. }), "{e}");
}

#[cfg(feature = "compression")]
#[test]
fn a_zip_archive_of_years_is_a_panel_of_its_yearly_members() {
    use std::io::Write;
    let root = dir("zip");
    let path = root.join("BACI_HS92_V202401.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("BACI_HS92_Y2024_V202401.csv", Y2024),
        ("country_codes_V202401.csv", "country_code\n"),
        ("BACI_HS92_Y2022_V202401.csv", Y2022),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    let panel = Reader::baci().panel(&path).unwrap();
    assert_eq!(panel.parts().len(), 2);
    assert_eq!(panel.left_out(), [path.join("country_codes_V202401.csv")]);
    assert_eq!(totals(&panel), [(2022, d("4")), (2024, d("10"))]);
    let first = panel.years().next().unwrap().unwrap();
    assert_eq!(first.part(), path.join("BACI_HS92_Y2022_V202401.csv"));
}

#[cfg(feature = "parquet")]
#[test]
fn a_parquet_dataset_partitioned_by_year_is_read_partition_by_partition() {
    let root = dir("parquet");
    let (y2022, _) = Reader::baci().read(Y2022.as_bytes()).unwrap();
    let (y2024, _) = Reader::baci().read(Y2024.as_bytes()).unwrap();
    // 2024 in two files, as engines write a large partition: a line each.
    let line = |n: usize| format!("t,i,j,k,v,q\n{}\n", Y2024.lines().nth(n).unwrap());
    let (a, _) = Reader::baci().read(line(1).as_bytes()).unwrap();
    let (b, _) = Reader::baci().read(line(2).as_bytes()).unwrap();
    let opts = tradedep::ParquetOptions::default();
    std::fs::create_dir_all(root.join("year=2022")).unwrap();
    std::fs::create_dir_all(root.join("year=2024")).unwrap();
    y2022
        .write_parquet_path(root.join("year=2022/part-0.parquet"), &opts)
        .unwrap();
    a.write_parquet_path(root.join("year=2024/part-0.parquet"), &opts)
        .unwrap();
    b.write_parquet_path(root.join("year=2024/part-1.parquet"), &opts)
        .unwrap();
    write(&root.join("_SUCCESS"), "");
    let panel = Reader::parquet().panel(&root).unwrap();
    assert_eq!(panel.parts().len(), 2);
    assert!(panel.left_out().is_empty());
    let years: Vec<(i32, TradeData)> = panel
        .years()
        .map(|y| {
            let y = y.unwrap();
            (y.year(), y.into_data())
        })
        .collect();
    assert_eq!(years[0], (2022, y2022));
    assert_eq!(years[1], (2024, y2024));
    // A partition that holds another year is refused.
    std::fs::rename(root.join("year=2024"), root.join("year=2023")).unwrap();
    let panel = Reader::parquet().panel(&root).unwrap();
    let e = panel.years().nth(1).unwrap().unwrap_err();
    assert!(e.to_string().contains("named for 2023"), "{e}");
}

#[cfg(feature = "parquet")]
#[test]
fn partition_files_without_a_year_column_take_the_partitions_year() {
    use std::sync::Arc;
    use tradedep::arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    // BACI's columns without `t`, as DuckDB's PARTITION_BY and Spark
    // write them: 2023's file holds Chile's 4 from Argentina.
    let root = dir("parquet-no-year");
    for (year, value) in [(2023, "4"), (2024, "7")] {
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("i", Arc::new(Int64Array::from(vec![32]))),
            ("j", Arc::new(Int64Array::from(vec![152]))),
            ("k", Arc::new(StringArray::from(vec!["010121"]))),
            ("v", Arc::new(StringArray::from(vec![value]))),
        ];
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let path = root.join(format!("year={year}/data_0.parquet"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut w = parquet::arrow::ArrowWriter::try_new(
            std::fs::File::create(&path).unwrap(),
            batch.schema(),
            None,
        )
        .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }
    let panel = Reader::baci().panel(&root).unwrap();
    assert_eq!(totals(&panel), [(2023, d("4")), (2024, d("7"))]);
    // The same file outside a partition has no year: refused.
    let e = Reader::baci()
        .read_path(root.join("year=2023/data_0.parquet"))
        .unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::MissingColumn { name: "t", .. }),
        "{e}"
    );
}

#[test]
fn a_year_named_by_a_file_without_flows_is_handed_out_empty() {
    // 2023's file holds the header alone: the year is there, with no
    // flow, not gone.
    let root = dir("empty-year");
    write(&root.join("2022.csv"), Y2022);
    write(&root.join("2023.csv"), "t,i,j,k,v,q\n");
    write(&root.join("2024.csv"), Y2024);
    let panel = Reader::baci().panel(&root).unwrap();
    assert_eq!(
        totals(&panel),
        [(2022, d("4")), (2023, d("0")), (2024, d("10"))]
    );
    let mut flows = Vec::new();
    panel
        .fold_years(
            || 0u64,
            |n, _| {
                *n += 1;
                Ok(())
            },
            |a, b| Ok(a + b),
            |y, n, _| {
                flows.push((y, n));
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(flows, [(2022, 2), (2023, 0), (2024, 2)]);
}

#[test]
fn partitions_may_be_named_by_the_year_column_and_links_are_not_followed() {
    let root = dir("t-partitions");
    write(&root.join("t=2022/a.csv"), Y2022);
    write(&root.join("t=2024/a.csv"), Y2024);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&root, root.join("t=2024/loop")).unwrap();
    let panel = Reader::baci().panel(&root).unwrap();
    assert_eq!(totals(&panel), [(2022, d("4")), (2024, d("10"))]);
}
