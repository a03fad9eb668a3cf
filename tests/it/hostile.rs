//! Huge and hostile inputs: a line of 100 MB, a number of a billion
//! digits, JSON nested a hundred thousand deep, a 10 GB stream. Each
//! gives a clear error (or, for the stream, every flow) in bounded
//! memory, never a panic or an allocation the size of the input.

use std::io::{self, Read};

use tradedep::controls::CorrelationTable;
use tradedep::inputoutput::IoTable;
use tradedep::{
    DEFAULT_MAX_LINE_BYTES, ErrorKind, MAX_QUOTED_BYTES, Money, Nomenclature, ProductSelector,
    Reader,
};

/// `head`, then `n` bytes of `fill`, then `tail`, without holding them.
fn stream(head: &str, fill: u8, n: u64, tail: &str) -> impl Read {
    head.as_bytes()
        .chain(io::repeat(fill).take(n))
        .chain(tail.as_bytes())
}

const HUNDRED_MB: u64 = 100 << 20;

fn assert_line_too_long(e: &tradedep::Error, line: u64) {
    assert!(
        matches!(
            e.kind(),
            ErrorKind::LineTooLong {
                limit: DEFAULT_MAX_LINE_BYTES
            }
        ),
        "{e}"
    );
    assert_eq!(
        e.position().and_then(tradedep::Position::line),
        Some(line),
        "{e}"
    );
}

/// A 100 MB line stops every line-oriented reader at 1 MiB, with the
/// line number; nothing close to 100 MB is read or held.
#[test]
fn a_100_mb_line_is_refused_early() {
    let baci = "t,i,j,k,v,q\n2022,156,392,850511,";
    let e = Reader::baci()
        .read(stream(baci, b'9', HUNDRED_MB, ",\n"))
        .unwrap_err();
    assert_line_too_long(&e, 2);

    let tidy = "reporter,partner,direction,product,period,value,currency\n";
    let e = Reader::tidy_csv()
        .read(stream(tidy, b'x', HUNDRED_MB, "\n"))
        .unwrap_err();
    assert_line_too_long(&e, 2);

    // A header that never ends.
    let e = Reader::comtrade()
        .read(stream("", b'a', HUNDRED_MB, "\n"))
        .unwrap_err();
    assert_line_too_long(&e, 1);

    let mut flows = Reader::baci()
        .flows(stream(baci, b'9', HUNDRED_MB, "\n"))
        .unwrap();
    let e = flows.next().unwrap().unwrap_err();
    assert_line_too_long(&e, 2);
    assert!(flows.next().is_none());

    let e = Nomenclature::from_reader(stream("", b'I', HUNDRED_MB, ""), None).unwrap_err();
    assert_line_too_long(&e, 1);
    let e = CorrelationTable::read_csv(stream("issuer,entry,hs,link\n", b'c', HUNDRED_MB, ""))
        .unwrap_err();
    assert_line_too_long(&e, 2);
    let e =
        ProductSelector::read_lines(io::BufReader::new(stream("85\n28\n", b'8', HUNDRED_MB, "")))
            .unwrap_err();
    assert_line_too_long(&e, 3);
    let e = IoTable::read_square_csv(stream("row,a\n", b'1', HUNDRED_MB, "")).unwrap_err();
    assert_line_too_long(&e, 2);
}

/// A JSON flow object of 100 MB is refused once it passes the limit: at
/// most a few MiB of the input are read, and the error says where.
#[cfg(feature = "json")]
#[test]
fn a_100_mb_json_flow_is_refused_early() {
    let mut input = stream("[\n{\"reporter\": \"", b'x', HUNDRED_MB, "\"}]").take(u64::MAX);
    let e = Reader::json().read(&mut input).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::JsonStructure { .. }), "{e}");
    assert!(
        e.to_string()
            .contains(&format!("longer than {DEFAULT_MAX_LINE_BYTES} bytes")),
        "{e}"
    );
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(2));
    let consumed = u64::MAX - input.limit();
    assert!(consumed < 4 << 20, "{consumed} bytes read");
}

/// JSON is read as it arrives: the flows before a failure are yielded
/// before the failure is seen.
#[cfg(feature = "json")]
#[test]
fn json_flows_stream_before_the_input_ends() {
    struct FailsAfter(&'static [u8]);
    impl Read for FailsAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("connection reset"));
            }
            let n = self.0.len().min(buf.len());
            let (head, rest) = self.0.split_at(n);
            buf[..n].copy_from_slice(head);
            self.0 = rest;
            Ok(n)
        }
    }
    let text = br#"[{"reporter":"JPN","partner":"CHN","direction":"import","product":"850511","period":"2024","value":"12.5","currency":"USD"},"#;
    let mut flows = Reader::json().flows(FailsAfter(text)).unwrap();
    let first = flows.next().unwrap().unwrap();
    assert_eq!(first.value().to_string(), "12.5 USD");
    let e = flows.next().unwrap().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Io(_)), "{e}");
    assert!(flows.next().is_none());
}

/// The limit is the reader's to set: a long line within it reads.
#[test]
fn the_line_limit_can_be_raised() {
    let value = format!("1{}", "0".repeat(20));
    let csv = format!("t,i,j,k,v,q\n2022,156,392,850511,{value},\n");
    let e = Reader::baci()
        .max_line_bytes(16)
        .read(csv.as_bytes())
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::LineTooLong { limit: 16 }));
    let (data, _) = Reader::baci()
        .max_line_bytes(64)
        .read(csv.as_bytes())
        .unwrap();
    // 10^20 thousand USD is 10^23 USD: within a Decimal.
    assert_eq!(data.len(), 1);
}

/// A billion-digit value in a file is a line over the limit: refused
/// after 1 MiB, never parsed.
#[test]
fn a_billion_digit_number_in_a_file_is_refused_early() {
    let e = Reader::baci()
        .read(stream(
            "t,i,j,k,v,q\n2022,156,392,850511,",
            b'7',
            1_000_000_000,
            ",NA\n",
        ))
        .unwrap_err();
    assert_line_too_long(&e, 2);
}

/// A ten-million-digit number given as text is an error that quotes at
/// most [`MAX_QUOTED_BYTES`] of it and says how long it was.
#[test]
fn a_ten_million_digit_number_makes_a_short_error() {
    let digits = "7".repeat(10_000_000);
    let e = format!("{digits} USD").parse::<Money>().unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Number { .. }), "{e}");
    let text = e.to_string();
    assert!(text.len() < MAX_QUOTED_BYTES + 200, "{} bytes", text.len());
    assert!(text.contains("(10000000 bytes in all)"), "{text}");

    let e = digits.parse::<tradedep::HsCode>().unwrap_err();
    assert!(e.to_string().len() < MAX_QUOTED_BYTES + 200);
    let e = digits.parse::<tradedep::Period>().unwrap_err();
    assert!(e.to_string().len() < MAX_QUOTED_BYTES + 200);
    let e = digits.parse::<ProductSelector>().unwrap_err();
    assert!(e.to_string().len() < MAX_QUOTED_BYTES + 200);
}

/// JSON nested 100,000 deep is a JSON error (the parser's depth limit),
/// not a stack overflow.
#[test]
fn huge_ratios_print_with_any_precision() {
    use rust_decimal::Decimal;
    use tradedep::metrics::{Hhi, Share};
    // Decimal's own `Display` keeps its text in 32 bytes and panics on
    // `{:.12}` of 2^64 (20 digits, a point and 12 places); a share made
    // by hand can be that large.
    let big = Decimal::from(u64::MAX) + Decimal::ONE;
    let s = Share::new(big);
    assert_eq!(format!("{s:.12}"), "18446744073709551616.000000000000");
    assert_eq!(
        format!("{:.3}", Share::new(-big)),
        "-18446744073709551616.000"
    );
    assert_eq!(
        format!("{:>8.2}", Share::new(Decimal::new(5, 1))),
        "    0.50"
    );
    let h: Hhi = "0.123456789".parse().unwrap();
    assert_eq!(format!("{h:.40}"), format!("0.123456789{}", "0".repeat(31)));
}

#[cfg(feature = "json")]
#[test]
fn deeply_nested_json_is_an_error() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = Reader::json().read(deep.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Json { .. }), "{e}");
    let e = tradedep::controls::RuleSet::from_json(&deep).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Json { .. }), "{e}");
    let e = CorrelationTable::read_json(deep.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Json { .. }), "{e}");
    let objects = format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let e = tradedep::controls::RuleSet::from_json(&objects).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Json { .. }), "{e}");
}

/// BACI codes of twenty economies (China, Japan, the United States as
/// 842, France as 251, India as 699, Taiwan as 490, ...).
const CODES: [u64; 20] = [
    156, 392, 842, 251, 276, 699, 410, 490, 704, 36, 76, 124, 484, 643, 710, 826, 380, 724, 528, 56,
];

/// A synthetic BACI year of any size, generated as it is read: rows
/// `2022,i,j,k,v,NA` cycling over twenty economies and 5,000 products.
struct SyntheticBaci {
    rows: u64,
    row: u64,
    line: Vec<u8>,
    at: usize,
    produced: u64,
}

impl SyntheticBaci {
    fn new(rows: u64) -> Self {
        SyntheticBaci {
            rows,
            row: 0,
            line: b"t,i,j,k,v,q\n".to_vec(),
            at: 0,
            produced: 0,
        }
    }

    /// Makes the next row the current line; false after the last.
    fn next_line(&mut self) -> bool {
        use std::io::Write;
        if self.row == self.rows {
            return false;
        }
        let r = self.row;
        let i = CODES[(r % 20) as usize];
        let j = CODES[((r / 20 + 1 + r % 19) % 20) as usize];
        let k = 10_000 + (r * 7) % 5_000 * 17;
        self.line.clear();
        let _ = writeln!(
            self.line,
            "2022,{i},{j},{k:06},{}.{:03},NA",
            r % 100_000,
            r % 1000
        );
        self.at = 0;
        self.row += 1;
        true
    }
}

impl Read for SyntheticBaci {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            if self.at == self.line.len() && !self.next_line() {
                break;
            }
            let take = (self.line.len() - self.at).min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&self.line[self.at..self.at + take]);
            self.at += take;
            n += take;
        }
        self.produced += n as u64;
        Ok(n)
    }
}

/// Peak resident memory of this process, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Streams `rows` synthetic BACI rows through [`Reader::flows`] and
/// returns (flows, bytes read, growth of peak memory in KiB).
fn stream_rows(rows: u64) -> (u64, u64, Option<u64>) {
    let before = peak_rss_kib();
    let mut input = SyntheticBaci::new(rows);
    let mut n = 0u64;
    for f in Reader::baci().flows(&mut input).unwrap() {
        let f = f.unwrap();
        assert_eq!(f.period().year(), 2022);
        n += 1;
    }
    let growth = peak_rss_kib()
        .zip(before)
        .map(|(after, before)| after.saturating_sub(before));
    (n, input.produced, growth)
}

/// Streaming reads every flow of a generated year without holding it.
#[test]
fn the_streaming_reader_reads_every_row() {
    let (n, bytes, _) = stream_rows(20_000);
    assert_eq!(n, 20_000);
    assert!(bytes > 20_000 * 25);
}

/// 10 GB (about 330 million rows) through the streaming reader in
/// bounded memory. Minutes long, so run by hand:
/// `cargo test --release --test lib ten_gb -- --ignored --nocapture`.
#[test]
#[ignore = "streams 10 GB; minutes long"]
fn ten_gb_stream_in_bounded_memory() {
    let rows = 330_000_000;
    let start = std::time::Instant::now();
    let (n, bytes, growth) = stream_rows(rows);
    assert_eq!(n, rows);
    eprintln!(
        "{n} flows, {bytes} bytes streamed in {:.1} s; peak memory grew by {growth:?} KiB",
        start.elapsed().as_secs_f64()
    );
    assert!(bytes >= 10_000_000_000, "{bytes} bytes");
    if let Some(g) = growth {
        assert!(g < 64 * 1024, "peak memory grew by {g} KiB");
    }
}

/// A reader over `n` repetitions of `unit` after `head`, without holding
/// them: for inputs far larger than memory should allow.
fn repeated(head: &'static str, unit: &'static [u8], n: usize) -> impl std::io::Read {
    std::io::Read::chain(
        head.as_bytes(),
        RepeatReader {
            unit,
            left: n,
            at: 0,
        },
    )
}

struct RepeatReader {
    unit: &'static [u8],
    left: usize,
    at: usize,
}

impl std::io::Read for RepeatReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.left > 0 {
            let take = (self.unit.len() - self.at).min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&self.unit[self.at..self.at + take]);
            n += take;
            self.at += take;
            if self.at == self.unit.len() {
                self.at = 0;
                self.left -= 1;
            }
        }
        Ok(n)
    }
}

#[test]
fn a_quoted_field_with_line_ends_cannot_grow_a_record_without_bound() {
    // A quoted value with a line end every 100 bytes, 400 MB in all: the
    // line limit alone let it through (936 MB resident in the tidy CSV
    // reader); the record limit stops it at 1 MiB, naming line 2.
    let head =
        "reporter,partner,direction,product,period,value,currency\nJPN,CHN,import,850511,2024,\"";
    let unit: &[u8] = b"999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\n";
    for e in [
        Reader::tidy_csv().read(repeated(head, unit, 4_000_000)).unwrap_err(),
        Reader::comtrade()
            .read(repeated(
                "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n392,156,M,850511,2024,\"",
                unit,
                4_000_000,
            ))
            .unwrap_err(),
    ] {
        assert!(matches!(e.kind(), ErrorKind::LineTooLong { .. }), "{e}");
        assert_eq!(e.position().and_then(tradedep::Position::line), Some(2), "{e}");
    }
    // Quoted line ends within the limit are fine: a record of two lines.
    let csv = "reporter,partner,direction,product,period,value,currency\nJPN,CHN,import,850511,\"2024\",\"1\n\",USD\n";
    assert!(Reader::tidy_csv().read(csv.as_bytes()).is_err()); // "1\n" is no number
}

/// A reader that returns one byte at a time.
struct Trickle<'a>(&'a [u8]);
impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((b, rest)), Some(slot)) => {
                *slot = *b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn a_line_of_exactly_the_limit_passes_with_either_end() {
    let header = "reporter,partner,direction,product,period,value,currency";
    let limit = header.len();
    for end in ["\n", "\r\n"] {
        let csv = format!("{header}{end}JPN,CHN,import,850511,2024,1,USD{end}");
        let r = Reader::tidy_csv()
            .max_line_bytes(limit)
            .read(csv.as_bytes());
        assert!(r.is_ok(), "{end:?}: {r:?}");
        let r = Reader::tidy_csv()
            .max_line_bytes(limit - 1)
            .read(csv.as_bytes());
        assert!(
            matches!(r.unwrap_err().kind(), ErrorKind::LineTooLong { .. }),
            "{end:?}"
        );
    }
    // BACI, with the `\r` at the end of a read: a trickling reader that
    // returns one byte at a time.
    let line = "2022,156,392,850511,1.5,NA";
    let csv = format!("t,i,j,k,v,q\r\n{line}\r\n");
    let r = Reader::baci()
        .max_line_bytes(line.len())
        .read(Trickle(csv.as_bytes()));
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn input_output_tables_allocate_in_proportion_to_their_input() {
    use tradedep::inputoutput::IoTable;
    // 10,000 labels that name both a row and a column, and no cells: n^2
    // floats (800 MB) for 140 KB of input. Refused before allocating.
    let n = 10_000;
    let labels: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let mut csv = format!(",{}\n", labels.join(","));
    for l in &labels {
        csv.push_str(l);
        csv.push('\n');
    }
    let e = IoTable::read_square_csv(csv.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("a cell for every sector"), "{e}");
    // A file that is one 600 MB line fails at the line limit, in a file
    // read by path too.
    let dir = std::env::temp_dir().join(format!("tradedep-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("one_line.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let chunk = vec![b'9'; 1 << 20];
        for _ in 0..8 {
            f.write_all(&chunk).unwrap();
        }
    }
    let e = IoTable::read_path(&path).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::LineTooLong { .. }), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
