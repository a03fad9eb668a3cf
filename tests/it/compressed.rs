//! Files as they come: gzip and zip recognised by their bytes, other
//! binary input refused without quoting it, `;` and tab separators.

#![cfg(feature = "compression")]

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use tradedep::{Compression, Economy, ErrorKind, Query, Reader, TradeData, ZipPick};

/// Two BACI years, Argentina to Chile: 2022 holds 1.5 and 2.5, 2023
/// holds 4 (thousand USD).
const Y2022: &str = "t,i,j,k,v,q\n2022,32,152,010121,1.5,NA\n2022,32,152,280530,2.5,NA\n";
const Y2023: &str = "t,i,j,k,v,q\n2023,32,152,010121,4,NA\n";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradedep-compressed-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn zip_of(path: &Path, members: &[(&str, &str)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
}

fn chile_total(data: &TradeData) -> Decimal {
    let chl: Economy = "CHL".parse().unwrap();
    data.total(&Query::new().importer(chl))
        .unwrap()
        .in_thousands()
}

#[test]
fn gzip_is_read_as_the_plain_file_is() {
    let (plain, _) = Reader::baci().read(Y2022.as_bytes()).unwrap();
    let (gz, report) = Reader::baci()
        .read(gzip(Y2022.as_bytes()).as_slice())
        .unwrap();
    assert_eq!(gz, plain);
    assert_eq!(report.compression(), Compression::Gzip);
    assert!(report.to_string().contains("read from gzip"), "{report}");
    assert_eq!(chile_total(&gz), Decimal::new(4, 0));
    // Two gzip members in a row (as `cat a.gz b.gz` makes) are one input.
    let mut two = gzip(b"t,i,j,k,v,q\n2022,32,152,010121,1.5,NA\n");
    two.extend(gzip(b"2022,32,152,280530,2.5,NA\n"));
    assert_eq!(Reader::baci().read(two.as_slice()).unwrap().0, plain);
    // By path, streamed, and folded: the same.
    let d = dir("gz");
    let path = d.join("baci.csv.gz");
    std::fs::write(&path, gzip(Y2022.as_bytes())).unwrap();
    assert_eq!(Reader::baci().read_path(&path).unwrap().0, plain);
    let flows: Vec<_> = Reader::baci()
        .flows(std::fs::File::open(&path).unwrap())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(flows.len(), 2);
    let (n, report) = Reader::baci()
        .threads(2)
        .fold_path(
            &path,
            || 0u32,
            |n, _| {
                *n += 1;
                Ok(())
            },
            |a, b| Ok(a + b),
        )
        .unwrap();
    assert_eq!((n, report.compression()), (2, Compression::Gzip));
}

#[test]
fn progress_counts_the_compressed_bytes_of_a_gzip_file() {
    let d = dir("progress");
    let path = d.join("big.csv.gz");
    let mut text = String::from("t,i,j,k,v,q\n");
    for k in 0..50_000 {
        std::fmt::Write::write_fmt(
            &mut text,
            format_args!("2022,32,152,{:06},1.5,NA\n", 10_000 + k % 80_000),
        )
        .unwrap();
    }
    let gz = gzip(text.as_bytes());
    std::fs::write(&path, &gz).unwrap();
    let last = std::rc::Rc::new(std::cell::Cell::new((0u64, None)));
    let seen = last.clone();
    Reader::baci()
        .on_progress(move |p| seen.set((p.bytes_read(), p.total_bytes())))
        .read_path(&path)
        .unwrap();
    // The last call: every compressed byte of the file, out of its size.
    assert_eq!(last.get(), (gz.len() as u64, Some(gz.len() as u64)));
}

#[test]
fn zip_members_are_listed_and_picked() {
    let d = dir("zip");
    let path = d.join("BACI_HS22_V202401.zip");
    zip_of(
        &path,
        &[
            ("Readme.txt", "BACI, HS22 revision\n"),
            (
                "country_codes_V202401.csv",
                "country_code,country_name\n32,Argentina\n",
            ),
            ("BACI_HS22_Y2023_V202401.csv", Y2023),
            ("BACI_HS22_Y2022_V202401.csv", Y2022),
        ],
    );
    let members = Reader::zip_members(&path).unwrap();
    let years: Vec<(&str, Option<i32>)> = members.iter().map(|m| (m.name(), m.year())).collect();
    assert_eq!(
        years,
        [
            ("Readme.txt", None),
            ("country_codes_V202401.csv", None),
            ("BACI_HS22_Y2023_V202401.csv", Some(2023)),
            ("BACI_HS22_Y2022_V202401.csv", Some(2022)),
        ]
    );
    assert_eq!(members[2].size(), Y2023.len() as u64);

    let (y2023, report) = Reader::baci()
        .read_zip(&path, &ZipPick::Year(2023))
        .unwrap();
    assert_eq!(chile_total(&y2023), Decimal::new(4, 0));
    assert_eq!(report.compression(), Compression::Zip);
    let (named, _) = Reader::baci()
        .read_zip(&path, &ZipPick::Named("BACI_HS22_Y2022_V202401.csv".into()))
        .unwrap();
    assert_eq!(chile_total(&named), Decimal::new(4, 0));
    assert_eq!(named.periods(), vec!["2022".parse().unwrap()]);
    // Every year, in year order, into one panel: 4 + 4.
    let (panel, report) = Reader::baci().read_zip(&path, &ZipPick::AllYears).unwrap();
    assert_eq!(chile_total(&panel), Decimal::new(8, 0));
    assert_eq!(report.records(), 3);
    assert_eq!(panel.periods().len(), 2);
    // A year the archive lacks names what it holds.
    let e = Reader::baci()
        .read_zip(&path, &ZipPick::Year(2019))
        .unwrap_err();
    assert!(e.to_string().contains("BACI_HS22_Y2022_V202401.csv"), "{e}");
    // By path, an archive of several years says how to pick.
    let e = Reader::baci().read_path(&path).unwrap_err();
    assert!(e.to_string().contains("read_zip"), "{e}");
    // A generic reader cannot seek, so a zip must come by path.
    let bytes = std::fs::read(&path).unwrap();
    let e = Reader::baci().read(bytes.as_slice()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::BinaryInput { .. }), "{e}");
    assert!(e.to_string().contains("by path"), "{e}");
}

#[test]
fn a_one_year_zip_reads_by_path_and_errors_name_the_member() {
    let d = dir("zip-one");
    let path = d.join("one.zip");
    zip_of(
        &path,
        &[
            ("Readme.txt", "x\n"),
            ("BACI_HS22_Y2022_V202401.csv", Y2022),
        ],
    );
    let (data, _) = Reader::baci().read_path(&path).unwrap();
    assert_eq!(chile_total(&data), Decimal::new(4, 0));
    let (n, _) = Reader::baci()
        .fold_path(
            &path,
            || 0u32,
            |n, _| {
                *n += 1;
                Ok(())
            },
            |a, b| Ok(a + b),
        )
        .unwrap();
    assert_eq!(n, 2);
    // A bad value on line 3 of the member: the error says where.
    let bad = d.join("bad.zip");
    zip_of(
        &bad,
        &[(
            "BACI_HS22_Y2022_V202401.csv",
            "t,i,j,k,v,q\n2022,32,152,010121,1.5,NA\n2022,32,152,280530,-2,NA\n",
        )],
    );
    let e = Reader::baci().read_path(&bad).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("bad.zip/BACI_HS22_Y2022_V202401.csv"),
        "{text}"
    );
    assert!(text.contains("line 3"), "{text}");
}

#[test]
fn other_binary_input_is_refused_without_quoting_it() {
    let cases: [(&[u8], &str); 6] = [
        (&[0xfd, b'7', b'z', b'X', b'Z', 0, 1, 2], "xz-compressed"),
        (b"BZh91AY&SY\x01\x02", "bzip2-compressed"),
        (b"PAR1\x15\x04\x15", "Parquet"),
        (
            &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0],
            "Excel 97-2003",
        ),
        (&[0xff, 0xfe, b't', 0, b',', 0], "UTF-16"),
        (b"t,i,j\x00\x01\x02k,v,q\n", "binary data"),
    ];
    for (bytes, what) in cases {
        let e = Reader::baci().read(bytes).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e.kind(), ErrorKind::BinaryInput { .. }), "{text}");
        assert!(text.contains(what), "{what}: {text}");
        assert!(
            !text.contains('\u{fffd}') && !text.contains("\\x"),
            "{text}"
        );
    }
    // Binary inside gzip is named as such.
    let e = Reader::tidy_csv()
        .read(gzip(b"PAR1\x00\x00").as_slice())
        .unwrap_err();
    assert!(e.to_string().contains("Parquet file, inside gzip"), "{e}");
    let e = Reader::baci().read(&[0xff, 0xfe, 0x41, 0][..]).unwrap_err();
    assert!(e.to_string().contains("UTF-8"), "{e}");
}

#[test]
fn semicolons_and_tabs_are_read_from_the_header() {
    let (commas, _) = Reader::baci().read(Y2022.as_bytes()).unwrap();
    for sep in [";", "\t"] {
        let text = Y2022.replace(',', sep);
        let (data, _) = Reader::baci().read(text.as_bytes()).unwrap();
        assert_eq!(data, commas, "{sep:?}");
    }
    let tidy = "reporter;partner;direction;product;period;value;currency\n\
                JPN;CHN;import;850511;2024;100.5;USD\n";
    let (data, _) = Reader::tidy_csv().read(tidy.as_bytes()).unwrap();
    let jpn: Economy = "JPN".parse().unwrap();
    assert_eq!(
        data.total(&Query::new().importer(jpn)).unwrap().amount(),
        Decimal::new(1005, 1)
    );
    // A decimal comma is not read as a point: the error names the value.
    let comma = tidy.replace("100.5", "100,5");
    let e = Reader::tidy_csv().read(comma.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("100,5"), "{e}");
}

#[test]
fn a_corrupt_zip_member_is_an_error_not_a_short_read() {
    use std::fmt::Write as _;
    // 30,000 lines (several read-ahead blocks), then the deflated bytes
    // damaged in the middle: the read must fail, never stop early as if
    // the member had ended.
    let d = dir("corrupt");
    let good = d.join("good.zip");
    let mut text = String::from("t,i,j,k,v,q\n");
    for n in 0..30_000u32 {
        let i = [32, 156, 842][n as usize % 3];
        let _ = writeln!(text, "2022,{i},152,{:06},{n}.5,NA", 10121 + n % 5000);
    }
    zip_of(&good, &[("BACI_HS22_Y2022_V202401.csv", text.as_str())]);
    let (data, _) = Reader::baci().read_path(&good).unwrap();
    assert_eq!(data.len(), 30_000);
    let mut bytes = std::fs::read(&good).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let bad = d.join("bad.zip");
    std::fs::write(&bad, &bytes).unwrap();
    let e = Reader::baci().read_path(&bad).unwrap_err();
    assert!(e.position().and_then(|p| p.path()).is_some(), "{e}");
}
