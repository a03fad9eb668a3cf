//! Parquet: the tidy columns written and read back equal, BACI's columns
//! in the types other tools write them (integer codes, float or decimal
//! values), row groups read on any number of threads alike, and every
//! bad file a typed error with its row and column.

use std::sync::Arc;

use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::arrow_array::{
    ArrayRef, Decimal128Array, Float64Array, Int16Array, Int32Array, RecordBatch, StringArray,
};
use tradedep::metrics::{Concentration, Table, WriteOptions};
use tradedep::{ErrorKind, HsLevel, ParquetOptions, Query, Reader, TradeData};

use super::properties::{currency, flow};

/// A Parquet file of `columns`, in row groups of `rows` rows.
fn parquet_of(columns: Vec<(&str, ArrayRef)>, rows: usize) -> Vec<u8> {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(rows))
        .build();
    let mut out = Vec::new();
    let mut w = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    out
}

fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = std::env::temp_dir().join(format!("tradedep-parquet-{}-{name}", std::process::id()));
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Four BACI rows as CSV: China to Japan (a lost leading zero in `k`),
/// the United States to Japan with a quantity, and two of Korea's.
const BACI_CSV: &str = "t,i,j,k,v,q\n\
    2022,156,392,10121,20.945,NA\n\
    2022,842,392,850511,1234.5,3.25\n\
    2022,410,392,280530,0.001,\n\
    2022,410,156,280530,7,1\n";

fn baci_csv() -> TradeData {
    Reader::baci().read(BACI_CSV.as_bytes()).unwrap().0
}

#[test]
fn baci_columns_in_other_tools_types_read_as_the_csv_does() {
    // As pandas and polars write BACI: integer codes (k loses its zero),
    // values and quantities as floats (a missing quantity NaN or null).
    let floats = parquet_of(
        vec![
            ("t", Arc::new(Int16Array::from(vec![2022; 4])) as ArrayRef),
            ("i", Arc::new(Int32Array::from(vec![156, 842, 410, 410]))),
            ("j", Arc::new(Int32Array::from(vec![392, 392, 392, 156]))),
            (
                "k",
                Arc::new(Int32Array::from(vec![10121, 850_511, 280_530, 280_530])),
            ),
            (
                "v",
                Arc::new(Float64Array::from(vec![20.945, 1234.5, 0.001, 7.0])),
            ),
            (
                "q",
                Arc::new(Float64Array::from(vec![
                    Some(f64::NAN),
                    Some(3.25),
                    None,
                    Some(1.0),
                ])),
            ),
        ],
        2,
    );
    let (data, report) = Reader::parquet().read_parquet_bytes(floats).unwrap();
    assert_eq!(data, baci_csv());
    // Six values came from floats: four values and two quantities (a NaN
    // and a null are missing quantities).
    assert_eq!(report.from_floats(), 6);
    assert!(
        report
            .to_string()
            .contains("6 values from floating-point columns"),
        "{report}"
    );
    // Exact decimals and string codes, as DuckDB writes them.
    let exact = parquet_of(
        vec![
            (
                "t",
                Arc::new(StringArray::from(vec!["2022"; 4])) as ArrayRef,
            ),
            ("i", Arc::new(Int32Array::from(vec![156, 842, 410, 410]))),
            ("j", Arc::new(Int32Array::from(vec![392, 392, 392, 156]))),
            (
                "k",
                Arc::new(StringArray::from(vec![
                    "010121", "850511", "280530", "280530",
                ])),
            ),
            (
                "v",
                Arc::new(
                    Decimal128Array::from(vec![20945, 1_234_500, 1, 7000])
                        .with_precision_and_scale(18, 3)
                        .unwrap(),
                ),
            ),
            (
                "q",
                Arc::new(StringArray::from(vec![
                    None,
                    Some("3.25"),
                    Some("NA"),
                    Some("1"),
                ])),
            ),
        ],
        3,
    );
    let (data, report) = Reader::baci().read_parquet_bytes(exact).unwrap();
    assert_eq!(data, baci_csv());
    assert_eq!(report.from_floats(), 0);
    // 20.945 thousand USD is 20,945 USD, to the unit.
    let jpn_from_chn = Query::new()
        .importer("JPN".parse().unwrap())
        .exporter("CHN".parse().unwrap());
    assert_eq!(data.total(&jpn_from_chn).unwrap().to_string(), "20945 USD");
}

#[test]
fn a_baci_file_without_q_has_no_quantities() {
    let bytes = parquet_of(
        vec![
            ("t", Arc::new(Int32Array::from(vec![2022])) as ArrayRef),
            ("i", Arc::new(Int32Array::from(vec![156]))),
            ("j", Arc::new(Int32Array::from(vec![392]))),
            ("k", Arc::new(Int32Array::from(vec![850_511]))),
            ("v", Arc::new(StringArray::from(vec!["1.5"]))),
        ],
        10,
    );
    let (data, _) = Reader::parquet().read_parquet_bytes(bytes).unwrap();
    let f = data.iter().next().unwrap();
    assert_eq!(
        (f.value().to_string(), f.quantity()),
        ("1500 USD".to_owned(), None)
    );
}

#[test]
fn row_groups_read_alike_on_any_number_of_threads() {
    // 300 flows in row groups of 7 rows: 43 groups.
    let csv: String = std::iter::once("t,i,j,k,v,q\n".to_owned())
        .chain((0..300).map(|n| {
            let (i, j) = ([156, 842, 410, 276][n % 4], [392, 156][n % 2]);
            format!(
                "2022,{i},{j},{:06},{}.{:03},NA\n",
                10121 + n * 7,
                n + 1,
                n % 1000
            )
        }))
        .collect();
    let (data, _) = Reader::baci().read(csv.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    data.write_parquet_with(&mut bytes, &ParquetOptions::new().row_group_rows(7))
        .unwrap();
    let path = temp("groups.parquet", &bytes);
    let total = data.total(&Query::new()).unwrap().amount();
    for threads in [1, 2, 3, 8] {
        let (back, report) = Reader::parquet().threads(threads).read_path(&path).unwrap();
        assert_eq!(back, data, "{threads} threads");
        assert_eq!((report.records(), report.flows()), (300, 300));
        // Folding on every core gives the exact total, and counts every
        // flow once.
        let ((sum, n), _) = Reader::parquet()
            .threads(threads)
            .fold_path(
                &path,
                || (Decimal::ZERO, 0u64),
                |acc, f| {
                    acc.0 += f.value().amount();
                    acc.1 += 1;
                    Ok(())
                },
                |a, b| Ok((a.0 + b.0, a.1 + b.1)),
            )
            .unwrap();
        assert_eq!((sum, n), (total, 300));
    }
    // The tidy reader reads the same file by path too (its columns).
    let (back, report) = Reader::tidy_csv().read_path(&path).unwrap();
    assert_eq!(back, data);
    assert_eq!(report.compression(), tradedep::Compression::Parquet);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn bad_rows_give_their_row_and_column_and_lenient_reading_skips_them() {
    let bytes = parquet_of(
        vec![
            (
                "t",
                Arc::new(Int32Array::from(vec![2022, 2022, 2022])) as ArrayRef,
            ),
            ("i", Arc::new(Int32Array::from(vec![156, 999, 842]))),
            ("j", Arc::new(Int32Array::from(vec![392, 392, 392]))),
            (
                "k",
                Arc::new(Int32Array::from(vec![850_511, 850_511, 850_511])),
            ),
            ("v", Arc::new(Float64Array::from(vec![1.0, 2.0, f64::NAN]))),
        ],
        2,
    );
    let path = temp("bad.parquet", &bytes);
    let err = Reader::parquet().read_path(&path).unwrap_err();
    // Row 2: no economy has BACI code 999.
    assert!(matches!(err.kind(), ErrorKind::Economy { .. }), "{err}");
    let pos = err.position().unwrap();
    assert_eq!(
        (pos.record(), pos.column(), pos.line()),
        (Some(2), Some("i"), None)
    );
    assert_eq!(pos.path(), Some(path.as_path()));
    // Lenient: rows 2 and 3 (a NaN value) skipped, row 1 kept.
    let (data, report) = Reader::parquet()
        .skip_bad_records(5)
        .read_path(&path)
        .unwrap();
    assert_eq!((data.len(), report.skipped()), (1, 2));
    assert_eq!(report.errors()[1].position().unwrap().record(), Some(3));
    assert_eq!(report.errors()[1].position().unwrap().column(), Some("v"));
    std::fs::remove_file(path).unwrap();
}

#[test]
fn files_that_are_not_trade_data_are_refused_with_what_to_do() {
    // Neither BACI's columns nor the tidy ones.
    let other = parquet_of(
        vec![("year", Arc::new(Int32Array::from(vec![2022])) as ArrayRef)],
        5,
    );
    let err = Reader::parquet()
        .read_parquet_bytes(other.clone())
        .unwrap_err();
    match err.kind() {
        ErrorKind::MissingColumn { name, found } => {
            assert_eq!((*name, found.as_str()), ("reporter", "year"));
        }
        k => panic!("{k:?}"),
    }
    let err = Reader::baci().read_parquet_bytes(other).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::MissingColumn { name: "t", .. }),
        "{err}"
    );
    // A column of a type that holds no such field.
    let bools = parquet_of(
        vec![
            (
                "t",
                Arc::new(tradedep::arrow_array::BooleanArray::from(vec![true])) as ArrayRef,
            ),
            ("i", Arc::new(Int32Array::from(vec![156]))),
            ("j", Arc::new(Int32Array::from(vec![392]))),
            ("k", Arc::new(Int32Array::from(vec![850_511]))),
            ("v", Arc::new(Int32Array::from(vec![1]))),
        ],
        5,
    );
    let err = Reader::parquet().read_parquet_bytes(bools).unwrap_err();
    assert!(
        err.to_string().contains("column \"t\" is of type Boolean"),
        "{err}"
    );
    // Not Parquet at all, and Parquet as a stream.
    let err = Reader::parquet()
        .read_parquet_bytes(b"PAR1 and then nothing".to_vec())
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Parquet { .. }), "{err}");
    let mut file = Vec::new();
    baci_csv().write_parquet(&mut file).unwrap();
    let err = Reader::baci().read(file.as_slice()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BinaryInput { .. }), "{err}");
    assert!(err.to_string().contains("read it by path"), "{err}");
    // Comtrade's reader reads CSV only.
    let path = temp("comtrade.parquet", &file);
    let err = Reader::comtrade().read_path(&path).unwrap_err();
    assert!(
        err.to_string()
            .contains("read a Parquet file with Reader::parquet()"),
        "{err}"
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn the_tidy_columns_keep_codes_units_editions_and_exact_values() {
    let csv = "reporter,partner,direction,product,period,value,currency,quantity,unit,valuation,provenance\n\
               JPN,CHN,import,HS2017:854810,2019-03,12345678901234567890.25,JPY,1.5,kg,cif,declared\n\
               JPN,KOR,import,010121,2019-Q1,0.0000001,JPY,,,fob,reconciled\n\
               JPN,WLD,import,TOTAL,2019,99,JPY,,,unknown,declared\n";
    let (data, _) = Reader::tidy_csv().read(csv.as_bytes()).unwrap();
    let mut file = Vec::new();
    data.write_parquet_with(&mut file, &ParquetOptions::new().zstd(3))
        .unwrap();
    let (back, report) = Reader::parquet().read_parquet_bytes(file).unwrap();
    assert_eq!(back, data);
    assert_eq!(report.frequencies().len(), 3);
    // The file's value column is Decimal128(38, 7), exact: the widest
    // scale of the values.
    let batch = data.to_record_batch().unwrap();
    let schema = batch.schema();
    let value = schema.field_with_name("value").unwrap();
    assert_eq!(value.data_type().to_string(), "Decimal128(38, 7)");
    let product = batch.column_by_name("product").unwrap();
    let product = product.as_any().downcast_ref::<StringArray>().unwrap();
    // In storage order: the World (Comtrade code 0) first.
    let products: Vec<&str> = (0..3).map(|i| product.value(i)).collect();
    assert_eq!(products, ["TOTAL", "HS2017:854810", "010121"]);
    // HS levels are kept apart as in every reader.
    let (sub, report) = Reader::parquet()
        .hs_level(HsLevel::Subheading)
        .read_parquet_bytes({
            let mut f = Vec::new();
            data.write_parquet(&mut f).unwrap();
            f
        })
        .unwrap();
    assert_eq!((sub.len(), report.left_out()), (2, 1));
}

#[test]
fn values_beyond_38_digits_at_the_common_scale_are_refused_not_rounded() {
    // 10^27 (28 digits) beside 10^-12: at scale 12, 40 digits.
    let csv = "reporter,partner,direction,product,period,value,currency\n\
               JPN,CHN,import,850511,2024,1000000000000000000000000000,USD\n\
               JPN,KOR,import,850511,2024,0.000000000001,USD\n";
    let (data, _) = Reader::tidy_csv().read(csv.as_bytes()).unwrap();
    let err = data.write_parquet(Vec::new()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Parquet { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("needs more than 38 digits at scale 12"),
        "{err}"
    );
}

#[test]
fn tables_write_typed_columns() {
    let c = Concentration::from_values([
        ("CHN".parse().unwrap(), "60 USD".parse().unwrap()),
        ("USA".parse().unwrap(), "40 USD".parse().unwrap()),
    ])
    .unwrap();
    let batch = c
        .to_record_batch(&WriteOptions::new().places(2).percent())
        .unwrap();
    let names: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| format!("{}:{}", f.name(), f.data_type()))
        .collect();
    assert_eq!(
        names,
        [
            "supplier:Utf8",
            "value_usd:Decimal128(38, 2)",
            "share_pct:Decimal128(38, 2)",
            "currency:Utf8"
        ]
    );
    let share = batch
        .column(2)
        .as_any()
        .downcast_ref::<Decimal128Array>()
        .unwrap();
    // 60% as 60.00: mantissa 6000 at scale 2.
    assert_eq!((share.value(0), share.value(1)), (6000, 4000));
    let mut file = Vec::new();
    c.write_parquet(&mut file, &WriteOptions::new()).unwrap();
    assert!(file.starts_with(b"PAR1") && file.ends_with(b"PAR1"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn tidy_parquet_round_trips(flows in currency().prop_flat_map(|c| proptest::collection::vec(flow(c), 0..40)), rows in 1usize..9) {
        let data = TradeData::from_flows(&flows).unwrap();
        let mut out = Vec::new();
        data.write_parquet_with(&mut out, &ParquetOptions::new().row_group_rows(rows)).unwrap();
        let (back, report) = Reader::parquet().threads(3).read_parquet_bytes(out).unwrap();
        prop_assert!(report.is_complete() || data.is_empty());
        prop_assert_eq!(back, data);
    }
}

#[test]
fn a_file_the_decoder_asserts_on_is_an_error_not_a_panic() {
    // A file the fuzz target made from polars' Parquet of a few BACI rows:
    // one column chunk's length is negative, on which the decoder
    // asserts. The reader says so, on one thread and on several.
    let bytes = include_bytes!("../data/malformed_negative_chunk.parquet").to_vec();
    for threads in [1, 2] {
        let err = Reader::parquet()
            .threads(threads)
            .read_parquet_bytes(bytes.clone())
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Parquet { .. }), "{err}");
        assert!(err.to_string().contains("the file is malformed"), "{err}");
    }
}
