//! Streaming readers of trade files: CEPII BACI, UN Comtrade, and the
//! crate's own tidy CSV and JSON.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::csvutil::{self, Columns, DEFAULT_MAX_LINE_BYTES, LineLimit};
use crate::data::lines::{LinePos, LineReader};

mod baci_fast;
mod fold;
#[cfg(feature = "json")]
mod json;
use crate::data::num;
use crate::data::store::{TradeData, TradeDataBuilder};
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::{Economy, trade_code_table};
use crate::model::flow::{Direction, Provenance, TradeFlow, Valuation};
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};
use crate::model::period::Period;
use crate::model::quantity::{Quantity, Unit};

/// A file format the [`Reader`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// CEPII BACI: `t,i,j,k,v,q`, see [`Reader::baci`].
    Baci,
    /// UN Comtrade bulk or API CSV, see [`Reader::comtrade`].
    Comtrade,
    /// The crate's own tidy CSV, see [`Reader::tidy_csv`].
    TidyCsv,
    /// The crate's own JSON, see [`Reader::json`].
    #[cfg(feature = "json")]
    Json,
}

/// How far a reader has got, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    bytes_read: u64,
    total_bytes: Option<u64>,
}

impl Progress {
    /// Bytes read from the input so far.
    #[must_use]
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The input's size, when known (reading a file by path).
    #[must_use]
    pub fn total_bytes(&self) -> Option<u64> {
        self.total_bytes
    }

    /// The fraction read, from 0 to 1, when the size is known and not zero.
    #[must_use]
    pub fn fraction(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)] // a progress bar needs no more
        self.total_bytes
            .filter(|t| *t > 0)
            .map(|t| self.bytes_read as f64 / t as f64)
    }
}

type ProgressHook = Box<dyn FnMut(Progress)>;

/// Counts bytes and calls the progress hook every `step` bytes and at the
/// end of input.
struct Counting<R> {
    inner: LineLimit<R>,
    read: u64,
    total: Option<u64>,
    next: u64,
    hook: Option<ProgressHook>,
}

const PROGRESS_STEP: u64 = 1 << 20;

impl<R> Counting<R> {
    fn new(inner: R, total: Option<u64>, hook: Option<ProgressHook>, max_line: usize) -> Self {
        Counting {
            inner: LineLimit::new(inner, max_line),
            read: 0,
            total,
            next: 0,
            hook,
        }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read = self.read.saturating_add(n as u64);
        if let Some(hook) = self.hook.as_mut()
            && (self.read >= self.next || n == 0)
        {
            hook(Progress {
                bytes_read: self.read,
                total_bytes: self.total,
            });
            self.next = self.read.saturating_add(PROGRESS_STEP);
        }
        Ok(n)
    }
}

/// What a read did: records seen, flows kept, rows left out, and the bad
/// records skipped in lenient mode.
///
/// A report whose [`is_complete`](ReadReport::is_complete) is false comes
/// with data that lacks the skipped records: check it before you use the
/// data as a whole.
#[derive(Debug, Default)]
pub struct ReadReport {
    records: u64,
    flows: u64,
    left_out: u64,
    skipped: u64,
    errors: Vec<Error>,
    bytes: u64,
}

impl ReadReport {
    /// Data records read (the header not counted).
    #[must_use]
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Flows kept.
    #[must_use]
    pub fn flows(&self) -> u64 {
        self.flows
    }

    /// Valid records left out on purpose: Comtrade aggregates (partner
    /// World, commodity `TOTAL`, the EU aggregate) and breakdowns (by
    /// customs procedure, mode of transport, second partner), and rows at
    /// another HS level than the one asked for.
    #[must_use]
    pub fn left_out(&self) -> u64 {
        self.left_out
    }

    /// Bad records skipped (lenient mode only).
    #[must_use]
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The first bad records' errors, with positions (at most the number
    /// asked for in [`Reader::skip_bad_records`]).
    #[must_use]
    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    /// Bytes read.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// True when no bad record was skipped: the data holds every valid
    /// record of the input.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.skipped == 0
    }
}

impl fmt::Display for ReadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records, {} flows kept, {} left out as aggregates or breakdowns, {} bad records skipped",
            self.records, self.flows, self.left_out, self.skipped
        )?;
        for e in &self.errors {
            write!(f, "\n  {e}")?;
        }
        if self.skipped > self.errors.len() as u64 {
            write!(
                f,
                "\n  ... and {} more",
                self.skipped.saturating_sub(self.errors.len() as u64)
            )?;
        }
        Ok(())
    }
}

/// Reads trade files into [`TradeData`], or streams their flows.
///
/// Pick a format ([`baci`](Reader::baci), [`comtrade`](Reader::comtrade),
/// [`tidy_csv`](Reader::tidy_csv), [`json`](Reader::json)), optionally
/// choose lenient mode and a progress hook, then read from any
/// [`io::Read`] or a path.
///
/// By default the first bad record stops the read with an error that says
/// which file, line, column and value. In lenient mode
/// ([`skip_bad_records`](Reader::skip_bad_records)) bad records are
/// skipped and reported in the [`ReadReport`]; errors that make the rest
/// of the input unreadable (an I/O failure, a missing column, an empty
/// input) always stop the read.
///
/// Readers stream: memory grows with the flows kept, never with a copy of
/// the file.
///
/// # Example
///
/// ```
/// use tradedep::{Query, Reader};
///
/// let csv = "t,i,j,k,v,q\n2004,32,152,010121,20.945,\n2004,152,32,10121,182.260,NA\n";
/// let (data, report) = Reader::baci().read(csv.as_bytes())?;
/// assert!(report.is_complete());
/// let chl = "CHL".parse()?;
/// let from_arg = data.total(&Query::new().importer(chl))?;
/// assert_eq!(from_arg.in_thousands().to_string(), "20.945");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Reader {
    format: Format,
    keep_errors: Option<usize>,
    hook: Option<ProgressHook>,
    hs_level: Option<HsLevel>,
    max_line: usize,
    threads: Option<usize>,
}

impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("format", &self.format)
            .field("keep_errors", &self.keep_errors)
            .field("progress", &self.hook.is_some())
            .field("hs_level", &self.hs_level)
            .field("max_line", &self.max_line)
            .field("threads", &self.threads)
            .finish()
    }
}

impl Reader {
    /// A reader of `format`.
    #[must_use]
    pub fn new(format: Format) -> Reader {
        Reader {
            format,
            keep_errors: None,
            hook: None,
            hs_level: None,
            max_line: DEFAULT_MAX_LINE_BYTES,
            threads: None,
        }
    }

    /// A reader of CEPII BACI files: columns `t,i,j,k,v,q` (found by name,
    /// in any order), with `t` the year, `i` the exporter and `j` the
    /// importer (BACI's numeric codes, see
    /// [`Economy::from_trade_code`]), `k` the HS6 product (its leading zero
    /// may be missing: `10121` reads as `010121`), `v` the value in
    /// thousands of USD (read exactly and stored in USD), `q` the quantity
    /// in metric tons (`NA` or empty when unknown). Fields may be padded
    /// with spaces. Flows are exports of `i` to `j`, FOB, reconciled.
    #[must_use]
    pub fn baci() -> Reader {
        Reader::new(Format::Baci)
    }

    /// A reader of UN Comtrade CSV, as the API and the bulk files write it
    /// (comma- or tab-separated, detected from the header).
    ///
    /// Columns used: `reporterCode`, `partnerCode`, `flowCode` (`M`, `X`,
    /// `RM`, `RX`), `cmdCode`, `period` (`2025` or `202512`),
    /// `primaryValue` (USD), and where present `cifvalue`, `fobvalue`,
    /// `qty`, `qtyUnitCode`, `partner2Code`, `customsCode`, `motCode`.
    ///
    /// Aggregates are left out, never double counted, and counted in
    /// [`ReadReport::left_out`]: rows whose partner is the World (0), whose
    /// reporter or partner is the EU aggregate (97), whose commodity is
    /// `TOTAL`; breakdowns of a flow by second partner (`partner2Code` not
    /// 0), customs procedure (`customsCode` not `C00`) or mode of transport
    /// (`motCode` not 0); and the sub-flows `DX` (domestic exports) and
    /// `FM` (foreign imports) of `X` and `M`. An extract that mixes HS
    /// levels (chapters and subheadings of the same trade) is an error,
    /// unless [`hs_level`](Reader::hs_level) says which level to keep.
    ///
    /// The valuation is CIF or FOB when `primaryValue` equals `cifvalue`
    /// or `fobvalue`; without those columns, Comtrade's convention (CIF
    /// for imports, FOB for exports).
    #[must_use]
    pub fn comtrade() -> Reader {
        Reader::new(Format::Comtrade)
    }

    /// A reader of the crate's own tidy CSV, which
    /// [`TradeData::write_csv`] writes: columns `reporter`, `partner`,
    /// `direction`, `product`, `period`, `value`, `currency`, and
    /// optionally `quantity`, `unit`, `valuation`, `provenance`, each in
    /// its type's text form.
    #[must_use]
    pub fn tidy_csv() -> Reader {
        Reader::new(Format::TidyCsv)
    }

    /// A reader of the crate's own JSON, which [`TradeData::write_json`]
    /// writes: an array of flow objects with the tidy CSV's fields.
    ///
    /// The array is read one flow object at a time, so memory is bounded
    /// by the longest object (at most
    /// [`max_line_bytes`](Reader::max_line_bytes)), not by the input. A
    /// flow that does not deserialize is an [`ErrorKind::Json`] record
    /// error (skipped in lenient mode); a broken outline (a missing
    /// comma or bracket, text after the array) is an
    /// [`ErrorKind::JsonStructure`] error that ends reading.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{ErrorKind, Query, Reader};
    ///
    /// let json = r#"[
    ///   {"reporter": "JPN", "partner": "CHN", "direction": "import",
    ///    "product": "850511", "period": "2024", "value": "12.5", "currency": "USD"},
    ///   {"reporter": "JPN", "partner": "CHN", "direction": "import",
    ///    "product": "8505", "period": "2024", "value": "oops", "currency": "USD"}
    /// ]"#;
    /// let (data, report) = Reader::json().skip_bad_records(10).read(json.as_bytes())?;
    /// assert_eq!(data.total(&Query::new())?.to_string(), "12.5 USD");
    /// assert_eq!(report.skipped(), 1);
    /// // The line of the bad value, in the whole input.
    /// assert_eq!(report.errors()[0].position().and_then(|p| p.line()), Some(5));
    ///
    /// // Without its closing ']' the input is cut short: even lenient
    /// // reading refuses it.
    /// let cut = json.trim_end().trim_end_matches(']');
    /// let err = Reader::json().skip_bad_records(10).read(cut.as_bytes()).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::JsonStructure { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "json")]
    #[must_use]
    pub fn json() -> Reader {
        Reader::new(Format::Json)
    }

    /// Lenient mode: skip bad records, keep the first `keep` errors in the
    /// report, and count the rest.
    #[must_use]
    pub fn skip_bad_records(mut self, keep: usize) -> Reader {
        self.keep_errors = Some(keep);
        self
    }

    /// Refuses lines longer than `bytes` ([`DEFAULT_MAX_LINE_BYTES`], 1
    /// MiB, unless set): reading stops at the first such line with
    /// [`ErrorKind::LineTooLong`] and its line number, so that an input
    /// which is not a trade file (one 100 MB line, a binary) fails early
    /// in bounded memory. JSON, which may be one line, applies the limit to
    /// each flow object instead ([`ErrorKind::JsonStructure`]).
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{ErrorKind, Reader};
    ///
    /// let csv = format!("t,i,j,k,v,q\n2022,156,392,850511,{},\n", "9".repeat(100));
    /// let err = Reader::baci().max_line_bytes(64).read(csv.as_bytes()).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::LineTooLong { limit: 64 }));
    /// assert_eq!(err.position().and_then(|p| p.line()), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max_line_bytes(mut self, bytes: usize) -> Reader {
        self.max_line = bytes;
        self
    }

    fn max_line_limit(&self) -> usize {
        match self.format {
            // BACI's line reader applies the limit itself; JSON may be
            // one line.
            Format::Baci => usize::MAX,
            #[cfg(feature = "json")]
            Format::Json => usize::MAX,
            _ => self.max_line,
        }
    }

    /// Calls `hook` as the input is read (every MiB, and at the end).
    #[must_use]
    pub fn on_progress(mut self, hook: impl FnMut(Progress) + 'static) -> Reader {
        self.hook = Some(Box::new(hook));
        self
    }

    /// For Comtrade extracts that hold several HS levels: keep only rows
    /// at `level` (the others count as left out).
    #[must_use]
    pub fn hs_level(mut self, level: HsLevel) -> Reader {
        self.hs_level = Some(level);
        self
    }

    /// Reads the file at `path` into trade data.
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read), with the path in every error's position.
    pub fn read_path(mut self, path: impl AsRef<Path>) -> Result<(TradeData, ReadReport)> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        let total = file.metadata().ok().map(|m| m.len());
        let counting = Counting::new(file, total, self.hook.take(), self.max_line_limit());
        self.read_counting(counting)
            .map_err(|e| e.in_file(path))
            .map(|(data, mut report)| {
                report.errors = std::mem::take(&mut report.errors)
                    .into_iter()
                    .map(|e| e.in_file(path))
                    .collect();
                (data, report)
            })
    }

    /// Reads trade data from any reader.
    ///
    /// # Errors
    ///
    /// In strict mode, the first bad record's error, with its line, record
    /// and column; in either mode [`ErrorKind::Io`],
    /// [`ErrorKind::EmptyInput`], [`ErrorKind::MissingColumn`],
    /// [`ErrorKind::MixedHsLevels`] and [`ErrorKind::CurrencyMismatch`]
    /// (tidy data in two currencies).
    pub fn read<R: Read>(mut self, reader: R) -> Result<(TradeData, ReadReport)> {
        let counting = Counting::new(reader, None, self.hook.take(), self.max_line_limit());
        self.read_counting(counting)
    }

    fn read_counting<R: Read>(self, reader: Counting<R>) -> Result<(TradeData, ReadReport)> {
        let keep = self.keep_errors;
        let mut flows = self.flows_inner(reader)?;
        // BACI and Comtrade values are USD; the crate's own formats say.
        let mut builder = if matches!(flows.parser, Parser::Baci(_) | Parser::Comtrade(_)) {
            TradeDataBuilder::with_currency(Currency::USD)
        } else {
            TradeDataBuilder::new()
        };
        let mut report = ReadReport::default();
        drive(&mut flows, keep, &mut report, |f| builder.push(&f))?;
        Ok((builder.build(), report))
    }
}

/// Feeds every flow of `flows` to `each`, counting in `report`; in
/// lenient mode (`keep` set) bad records are skipped and up to `keep` of
/// their errors kept.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "counts of records read, one at a time: far below u64::MAX"
)]
pub(crate) fn drive<R: Read>(
    flows: &mut Flows<R>,
    keep: Option<usize>,
    report: &mut ReadReport,
    mut each: impl FnMut(TradeFlow) -> Result<()>,
) -> Result<()> {
    {
        while let Some(item) = flows.next_item() {
            match item {
                Ok(Item::Flow(f)) => {
                    report.records += 1;
                    each(f)?;
                    report.flows += 1;
                }
                Ok(Item::LeftOut) => {
                    report.records += 1;
                    report.left_out += 1;
                }
                Err(e) => match keep {
                    Some(n) if e.is_record_error() => {
                        report.records += 1;
                        report.skipped += 1;
                        if report.errors.len() < n {
                            report.errors.push(e);
                        }
                    }
                    _ => return Err(e),
                },
            }
        }
    }
    report.bytes = flows.bytes();
    Ok(())
}

impl Reader {
    /// Streams the flows of any reader, one `Result` per record, without
    /// building a [`TradeData`]. Left-out aggregates are not yielded. After
    /// an error that makes the rest unreadable the iterator ends.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyInput`] and [`ErrorKind::MissingColumn`] before
    /// the first record.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Reader;
    ///
    /// let csv = "t,i,j,k,v,q\n2004,32,152,010121,20.945,\n2004,999,32,010121,1,\n";
    /// let results: Vec<_> = Reader::baci().flows(csv.as_bytes())?.collect();
    /// assert!(results[0].is_ok());
    /// assert!(results[1].as_ref().unwrap_err().to_string().contains("column \"i\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flows<R: Read>(mut self, reader: R) -> Result<Flows<R>> {
        let counting = Counting::new(reader, None, self.hook.take(), self.max_line_limit());
        self.flows_inner(counting)
    }

    fn flows_inner<R: Read>(self, reader: Counting<R>) -> Result<Flows<R>> {
        let parser = match self.format {
            Format::Baci => Parser::Baci(BaciParser::new(reader, self.max_line)?),
            Format::Comtrade => Parser::Comtrade(ComtradeParser::new(reader, self.hs_level)?),
            Format::TidyCsv => Parser::Tidy(TidyParser::new(reader)?),
            #[cfg(feature = "json")]
            Format::Json => Parser::Json(json::JsonParser::new(reader, self.max_line)?),
        };
        Ok(Flows {
            parser,
            done: false,
        })
    }
}

/// What a parser yields per record.
pub(crate) enum Item {
    Flow(TradeFlow),
    LeftOut,
}

enum Parser<R: Read> {
    Baci(BaciParser<R>),
    Comtrade(ComtradeParser<R>),
    Tidy(TidyParser<R>),
    #[cfg(feature = "json")]
    Json(json::JsonParser<Counting<R>>),
}

/// The flows of an input, one `Result` per record; from [`Reader::flows`].
pub struct Flows<R: Read> {
    parser: Parser<R>,
    done: bool,
}

impl<R: Read> fmt::Debug for Flows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flows")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Flows<R> {
    fn next_item(&mut self) -> Option<Result<Item>> {
        if self.done {
            return None;
        }
        let item = match &mut self.parser {
            Parser::Baci(p) => p.next(),
            Parser::Comtrade(p) => p.next(),
            Parser::Tidy(p) => p.next(),
            #[cfg(feature = "json")]
            Parser::Json(p) => p.next(),
        };
        match &item {
            None => self.done = true,
            Some(Err(e)) if !e.is_record_error() => self.done = true,
            _ => {}
        }
        item
    }

    fn bytes(&self) -> u64 {
        match &self.parser {
            Parser::Baci(p) => p.lines.get_ref().read,
            Parser::Comtrade(p) => p.rdr.get_ref().get_ref().read,
            Parser::Tidy(p) => p.rdr.get_ref().read,
            #[cfg(feature = "json")]
            Parser::Json(p) => p.bytes(),
        }
    }
}

impl<R: Read> Iterator for Flows<R> {
    type Item = Result<TradeFlow>;
    fn next(&mut self) -> Option<Result<TradeFlow>> {
        loop {
            match self.next_item()? {
                Ok(Item::Flow(f)) => return Some(Ok(f)),
                Ok(Item::LeftOut) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

fn parse<T: std::str::FromStr<Err = Error>>(s: &str, pos: &csv::Position, col: &str) -> Result<T> {
    s.parse().map_err(|e| attach(e, pos, col))
}

fn field_error(kind: ErrorKind, pos: &csv::Position, column: &str) -> Error {
    Error::new(kind).at(csvutil::position(pos, column))
}

fn attach(e: Error, pos: &csv::Position, column: &str) -> Error {
    e.at(csvutil::position(pos, column))
}

fn economy_error(b: &[u8], what: &str) -> Error {
    Error::new(ErrorKind::Economy {
        input: crate::error::quote(&String::from_utf8_lossy(b)),
        reason: format!("no economy has this {what} code"),
    })
}

fn negative(what: &'static str, value: &str) -> Error {
    Error::new(ErrorKind::Negative {
        what,
        value: value.to_owned(),
    })
}

struct BaciParser<R: Read> {
    lines: LineReader<Counting<R>>,
    /// For each field of a line, which of `t,i,j,k,v,q` it is (6 for
    /// none).
    slots: Vec<u8>,
    /// The columns are exactly `t,i,j,k,v,q`: lines may take the fast
    /// path.
    standard: bool,
    record: csv::ByteRecord,
    year: Option<(u32, Period)>,
}

const BACI_COLUMNS: [&str; 6] = ["t", "i", "j", "k", "v", "q"];

impl<R: Read> BaciParser<R> {
    fn new(reader: Counting<R>, max_line: usize) -> Result<Self> {
        let start = LinePos {
            line: 1,
            record: 0,
            byte: 0,
        };
        let mut lines = LineReader::new(reader, max_line, start);
        let Some((header, _)) = lines.next_line()? else {
            return Err(Error::new(ErrorKind::EmptyInput));
        };
        let slots = baci_slots(header)?;
        Ok(BaciParser::with_slots(lines, slots))
    }

    /// A parser of lines after the header, whose layout `slots` gives.
    fn with_slots(lines: LineReader<Counting<R>>, slots: Vec<u8>) -> Self {
        BaciParser {
            lines,
            standard: slots == [0, 1, 2, 3, 4, 5],
            slots,
            record: csv::ByteRecord::new(),
            year: None,
        }
    }

    fn next(&mut self) -> Option<Result<Item>> {
        // The fast path reads a standard line straight from the buffer,
        // finding its end as it parses.
        if self.standard {
            let year = self.year;
            if let Some(f) = self
                .lines
                .try_line(|bytes| baci_fast::flow(bytes, false, year, trade_code_table()))
            {
                return Some(Ok(Item::Flow(f)));
            }
        }
        let (line, at) = match self.lines.next_line() {
            Ok(Some(x)) => x,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        if self.standard
            && let Some((f, _)) = baci_fast::flow(line, true, self.year, trade_code_table())
        {
            return Some(Ok(Item::Flow(f)));
        }
        let pos = at.csv();
        let mut fields: [&[u8]; 6] = [b""; 6];
        let mut found: u64 = 0;
        // Fields are the text between commas, found in one pass that
        // also looks for quotes.
        let mut start = 0;
        let mut quoted = false;
        for (i, &b) in line.iter().enumerate() {
            if b == b',' {
                put(&self.slots, &mut fields, found, line.get(start..i));
                found = found.saturating_add(1);
                start = i.saturating_add(1);
            } else if b == b'"' {
                quoted = true;
                break;
            }
        }
        if quoted {
            found = 0;
            // Quoted fields: let the CSV parser read this one line.
            let mut rdr = csvutil::reader(line, b',');
            match csvutil::read_byte_record(&mut rdr, &mut self.record) {
                Ok(_) => {}
                Err(e) => return Some(Err(e.at(csvutil::position(&pos, "")))),
            }
            for field in &self.record {
                put(&self.slots, &mut fields, found, Some(field));
                found = found.saturating_add(1);
            }
        } else {
            put(&self.slots, &mut fields, found, line.get(start..));
            found = found.saturating_add(1);
        }
        if found != self.slots.len() as u64 {
            return Some(Err(field_error(
                ErrorKind::FieldCount {
                    expected: self.slots.len() as u64,
                    found,
                },
                &pos,
                "",
            )));
        }
        Some(baci_flow(&mut self.year, fields, &pos).map(Item::Flow))
    }
}

/// Puts field number `k` of a line where its column's slot says.
#[inline]
fn put<'a>(slots: &[u8], fields: &mut [&'a [u8]; 6], k: u64, field: Option<&'a [u8]>) {
    if let Some(f) = usize::try_from(k)
        .ok()
        .and_then(|k| slots.get(k))
        .and_then(|&s| fields.get_mut(usize::from(s)))
    {
        *f = num::trim(field.unwrap_or(b""));
    }
}

/// For each field of a BACI header line, which of `t,i,j,k,v,q` it is
/// (6 for none).
fn baci_slots(header: &[u8]) -> Result<Vec<u8>> {
    let c = Columns::new(&mut csvutil::reader(header, b','), &BACI_COLUMNS)?;
    let mut slots = vec![6u8; c.width()];
    for (k, column) in (0u8..6).zip(0usize..) {
        if let Some(s) = slots.get_mut(c.index(column)) {
            *s = k;
        }
    }
    Ok(slots)
}

/// The flow of one BACI line's fields `t,i,j,k,v,q`, `year_cache`
/// holding the last year's period.
fn baci_flow(
    year_cache: &mut Option<(u32, Period)>,
    fields: [&[u8]; 6],
    pos: &csv::Position,
) -> Result<TradeFlow> {
    let pos = pos.clone();
    let [
        year_text,
        exporter_text,
        importer_text,
        product_text,
        value_text,
        qty_text,
    ] = fields;
    let year = num::unsigned(year_text, 9999).ok_or_else(|| {
        field_error(
            ErrorKind::Period {
                input: crate::error::quote(&String::from_utf8_lossy(year_text)),
                reason: "expected a four-digit year",
            },
            &pos,
            "t",
        )
    })?;
    let period = match *year_cache {
        Some((y, p)) if y == year => p,
        _ => {
            let p = Period::annual(year.cast_signed()).map_err(|e| attach(e, &pos, "t"))?;
            *year_cache = Some((year, p));
            p
        }
    };
    let table = trade_code_table();
    let economy = |b: &[u8], col: &str| -> Result<Economy> {
        num::unsigned(b, 999)
            .and_then(|c| table.get(c as usize).copied().flatten())
            .ok_or_else(|| attach(economy_error(b, "BACI"), &pos, col))
    };
    let exporter = economy(exporter_text, "i")?;
    let importer = economy(importer_text, "j")?;
    let product = HsCode::subheading_lenient_bytes(product_text).ok_or_else(|| {
        let input = String::from_utf8_lossy(product_text).into_owned();
        let reason = if product_text.len() > 6 && product_text.iter().all(u8::is_ascii_digit) {
            "BACI products are HS6 subheadings; this has more than 6 digits"
        } else {
            "expected a 6-digit subheading, or 5 digits that lost a leading zero"
        };
        field_error(ErrorKind::HsCode { input, reason }, &pos, "k")
    })?;
    let value = num::thousands(value_text).map_err(|e| attach(e, &pos, "v"))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(attach(
            negative("value", &String::from_utf8_lossy(value_text)),
            &pos,
            "v",
        ));
    }
    let quantity = if num::is_missing(qty_text) {
        None
    } else {
        let d = num::decimal(qty_text).map_err(|e| attach(e, &pos, "q"))?;
        Some(Quantity::new(d, Unit::Tonnes).map_err(|e| attach(e, &pos, "q"))?)
    };
    Ok(reconciled_export(
        exporter, importer, product, period, value, quantity,
    ))
}

/// A BACI row as a flow: the exporter's export of `value` USD, FOB,
/// reconciled from both sides' reports. Both paths of the reader build
/// flows here.
#[inline]
pub(super) fn reconciled_export(
    exporter: Economy,
    importer: Economy,
    product: HsCode,
    period: Period,
    value: rust_decimal::Decimal,
    quantity: Option<Quantity>,
) -> TradeFlow {
    TradeFlow::from_valid_parts(
        exporter,
        importer,
        Direction::Export,
        product,
        period,
        Money::new(value, Currency::USD),
    )
    .with_quantity(quantity)
    .with_valuation(Valuation::Fob)
    .with_provenance(Provenance::Reconciled)
}

struct ComtradeParser<R: Read> {
    rdr: csv::Reader<BufReader<Counting<R>>>,
    cols: Columns,
    optional: [Option<usize>; 7],
    record: csv::StringRecord,
    level: Option<HsLevel>,
    chosen: bool,
}

const COMTRADE_REQUIRED: [&str; 6] = [
    "reporterCode",
    "partnerCode",
    "flowCode",
    "cmdCode",
    "period",
    "primaryValue",
];
const COMTRADE_OPTIONAL: [&str; 7] = [
    "cifvalue",
    "fobvalue",
    "qty",
    "qtyUnitCode",
    "partner2Code",
    "customsCode",
    "motCode",
];

impl<R: Read> ComtradeParser<R> {
    fn new(reader: Counting<R>, level: Option<HsLevel>) -> Result<Self> {
        let mut buf = BufReader::with_capacity(1 << 16, reader);
        let first = buf.fill_buf()?;
        let line_end = first
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(first.len());
        let delimiter = if first.get(..line_end).is_some_and(|l| l.contains(&b'\t')) {
            b'\t'
        } else {
            b','
        };
        let mut rdr = csvutil::reader(buf, delimiter);
        let cols = Columns::new(&mut rdr, &COMTRADE_REQUIRED)?;
        let optional = COMTRADE_OPTIONAL.map(|n| cols.find(n));
        Ok(ComtradeParser {
            rdr,
            cols,
            optional,
            record: csv::StringRecord::new(),
            level,
            chosen: level.is_some(),
        })
    }

    fn next(&mut self) -> Option<Result<Item>> {
        match csvutil::read_string_record(&mut self.rdr, &mut self.record) {
            Ok(true) => Some(self.parse()),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn parse(&mut self) -> Result<Item> {
        let rec = &self.record;
        let pos = rec.position().cloned().unwrap_or_else(csv::Position::new);
        let req = |i: usize| rec.get(self.cols.index(i)).unwrap_or("").trim();
        let opt = |i: usize| {
            self.optional
                .get(i)
                .copied()
                .flatten()
                .and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let code = |s: &str, col: &str| -> Result<u16> {
            s.parse::<u16>().map_err(|_| {
                attach(
                    Error::new(ErrorKind::Economy {
                        input: crate::error::quote(s),
                        reason: "expected a numeric Comtrade code".to_owned(),
                    }),
                    &pos,
                    col,
                )
            })
        };
        let reporter_code = code(req(0), "reporterCode")?;
        let partner_code = code(req(1), "partnerCode")?;
        // Aggregates and breakdowns: left out, never double counted.
        let breakdown = opt(4).is_some_and(|p| p != "0")
            || opt(5).is_some_and(|c| !c.eq_ignore_ascii_case("C00"))
            || opt(6).is_some_and(|m| m != "0");
        let flow_code = req(2);
        if partner_code == 0
            || partner_code == 97
            || reporter_code == 97
            || req(3).eq_ignore_ascii_case("TOTAL")
            || breakdown
            || flow_code.eq_ignore_ascii_case("DX")
            || flow_code.eq_ignore_ascii_case("FM")
        {
            return Ok(Item::LeftOut);
        }
        let reporter =
            Economy::from_trade_code(reporter_code).map_err(|e| attach(e, &pos, "reporterCode"))?;
        let partner =
            Economy::from_trade_code(partner_code).map_err(|e| attach(e, &pos, "partnerCode"))?;
        let direction: Direction = flow_code.parse().map_err(|e| attach(e, &pos, "flowCode"))?;
        let product: HsCode = req(3).parse().map_err(|e| attach(e, &pos, "cmdCode"))?;
        match self.level {
            Some(l) if l != product.level() => {
                if self.chosen {
                    return Ok(Item::LeftOut);
                }
                return Err(attach(
                    Error::new(ErrorKind::MixedHsLevels {
                        first: l.digits(),
                        second: product.level().digits(),
                    }),
                    &pos,
                    "cmdCode",
                ));
            }
            None => self.level = Some(product.level()),
            Some(_) => {}
        }
        let period: Period = req(4).parse().map_err(|e| attach(e, &pos, "period"))?;
        let value = num::decimal(req(5).as_bytes()).map_err(|e| attach(e, &pos, "primaryValue"))?;
        if value.is_sign_negative() && !value.is_zero() {
            return Err(attach(negative("value", req(5)), &pos, "primaryValue"));
        }
        let same = |i: usize| {
            opt(i)
                .and_then(|s| num::decimal(s.as_bytes()).ok())
                .is_some_and(|d| d == value)
        };
        let valuation = if self.optional[0].is_none() && self.optional[1].is_none() {
            if direction.is_inward() {
                Valuation::Cif
            } else {
                Valuation::Fob
            }
        } else if same(0) {
            Valuation::Cif
        } else if same(1) {
            Valuation::Fob
        } else {
            Valuation::Unknown
        };
        let quantity = comtrade_quantity(opt(3), opt(2), &pos)?;
        Ok(Item::Flow(
            TradeFlow::from_valid_parts(
                reporter,
                partner,
                direction,
                product,
                period,
                Money::new(value, Currency::USD),
            )
            .with_quantity(quantity)
            .with_valuation(valuation),
        ))
    }
}

/// The quantity of a Comtrade row from its `qtyUnitCode` and `qty`.
fn comtrade_quantity(
    unit: Option<&str>,
    qty: Option<&str>,
    pos: &csv::Position,
) -> Result<Option<Quantity>> {
    let unit = match unit {
        Some(u) => {
            let c: i32 = u.parse().map_err(|_| {
                field_error(
                    ErrorKind::Unit {
                        input: crate::error::quote(u),
                        reason: "expected a numeric Comtrade unit code",
                    },
                    pos,
                    "qtyUnitCode",
                )
            })?;
            Unit::from_comtrade_code(c).map_err(|e| attach(e, pos, "qtyUnitCode"))?
        }
        None => None,
    };
    match (unit, qty) {
        (Some(u), Some(q)) => {
            let d = num::decimal(q.as_bytes()).map_err(|e| attach(e, pos, "qty"))?;
            Ok(Some(
                Quantity::new(d, u).map_err(|e| attach(e, pos, "qty"))?,
            ))
        }
        _ => Ok(None),
    }
}

/// The columns of the tidy CSV, in the order the writer writes them.
pub(crate) const TIDY_COLUMNS: [&str; 11] = [
    "reporter",
    "partner",
    "direction",
    "product",
    "period",
    "value",
    "currency",
    "quantity",
    "unit",
    "valuation",
    "provenance",
];

struct TidyParser<R: Read> {
    rdr: csv::Reader<Counting<R>>,
    cols: Columns,
    optional: [Option<usize>; 4],
    record: csv::StringRecord,
}

impl<R: Read> TidyParser<R> {
    fn new(reader: Counting<R>) -> Result<Self> {
        let mut rdr = csvutil::reader(reader, b',');
        let required: [&'static str; 7] = [
            TIDY_COLUMNS[0],
            TIDY_COLUMNS[1],
            TIDY_COLUMNS[2],
            TIDY_COLUMNS[3],
            TIDY_COLUMNS[4],
            TIDY_COLUMNS[5],
            TIDY_COLUMNS[6],
        ];
        let cols = Columns::new(&mut rdr, &required)?;
        let optional = [7, 8, 9, 10].map(|i| TIDY_COLUMNS.get(i).and_then(|n| cols.find(n)));
        Ok(TidyParser {
            rdr,
            cols,
            optional,
            record: csv::StringRecord::new(),
        })
    }

    fn next(&mut self) -> Option<Result<Item>> {
        match csvutil::read_string_record(&mut self.rdr, &mut self.record) {
            Ok(true) => Some(self.parse().map(Item::Flow)),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        }
    }

    fn parse(&self) -> Result<TradeFlow> {
        let rec = &self.record;
        let pos = rec.position().cloned().unwrap_or_else(csv::Position::new);
        let req = |i: usize| rec.get(self.cols.index(i)).unwrap_or("");
        let opt = |i: usize| {
            self.optional
                .get(i)
                .copied()
                .flatten()
                .and_then(|c| rec.get(c))
                .filter(|s| !s.is_empty())
        };
        let value = num::decimal(req(5).as_bytes()).map_err(|e| attach(e, &pos, "value"))?;
        let currency: Currency = parse(req(6), &pos, "currency")?;
        let quantity = match (opt(0), opt(1)) {
            (Some(q), Some(u)) => {
                let d = num::decimal(q.as_bytes()).map_err(|e| attach(e, &pos, "quantity"))?;
                Some(
                    Quantity::new(d, parse(u, &pos, "unit")?)
                        .map_err(|e| attach(e, &pos, "quantity"))?,
                )
            }
            (None, None) => None,
            (Some(_), None) => {
                return Err(field_error(
                    ErrorKind::Flow {
                        reason: "a quantity needs a unit".to_owned(),
                    },
                    &pos,
                    "unit",
                ));
            }
            (None, Some(_)) => {
                return Err(field_error(
                    ErrorKind::Flow {
                        reason: "a unit needs a quantity".to_owned(),
                    },
                    &pos,
                    "quantity",
                ));
            }
        };
        let flow = TradeFlow::new(
            parse(req(0), &pos, "reporter")?,
            parse(req(1), &pos, "partner")?,
            parse(req(2), &pos, "direction")?,
            parse(req(3), &pos, "product")?,
            parse(req(4), &pos, "period")?,
            Money::new(value, currency),
        )
        .map_err(|e| attach(e, &pos, "value"))?;
        Ok(flow
            .with_quantity(quantity)
            .with_valuation(
                opt(2).map_or(Ok(Valuation::default()), |s| parse(s, &pos, "valuation"))?,
            )
            .with_provenance(
                opt(3).map_or(Ok(Provenance::default()), |s| parse(s, &pos, "provenance"))?,
            ))
    }
}

impl TradeData {
    /// Reads a CEPII BACI file (strict); see [`Reader::baci`].
    ///
    /// # Errors
    ///
    /// The first bad record's error, with file, line and column.
    pub fn from_baci_path(path: impl AsRef<Path>) -> Result<TradeData> {
        Reader::baci().read_path(path).map(|(d, _)| d)
    }

    /// Reads a UN Comtrade CSV file (strict); see [`Reader::comtrade`].
    ///
    /// # Errors
    ///
    /// The first bad record's error, with file, line and column.
    pub fn from_comtrade_path(path: impl AsRef<Path>) -> Result<TradeData> {
        Reader::comtrade().read_path(path).map(|(d, _)| d)
    }

    /// Reads the crate's tidy CSV (strict); see [`Reader::tidy_csv`].
    ///
    /// # Errors
    ///
    /// The first bad record's error, with file, line and column.
    pub fn from_csv_path(path: impl AsRef<Path>) -> Result<TradeData> {
        Reader::tidy_csv().read_path(path).map(|(d, _)| d)
    }
}
