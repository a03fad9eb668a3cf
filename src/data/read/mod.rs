//! Streaming readers of trade files: CEPII BACI, UN Comtrade, and the
//! crate's own tidy CSV and JSON.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::csvutil::{self, DEFAULT_MAX_LINE_BYTES};

#[cfg(feature = "compression")]
mod archive;
mod baci;
mod baci_fast;
mod comtrade;
mod decode;
mod flows;
mod fold;
#[cfg(feature = "json")]
mod json;
mod panel;
mod panel_open;
mod panel_years;
#[cfg(feature = "parquet")]
mod parquet;
#[cfg(feature = "parquet")]
mod parquet_cols;
mod progress;
mod report;
mod tidy;

use crate::data::builder::TradeDataBuilder;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::HsLevel;
use crate::model::money::Currency;
#[cfg(feature = "compression")]
pub use archive::{ZipMember, ZipPick};
use baci::BaciParser;
use comtrade::ComtradeParser;
pub use decode::Compression;
pub use flows::Flows;
use flows::Parser;
#[cfg(feature = "parquet")]
pub(crate) use flows::drive_items;
pub(crate) use flows::{Item, drive};
pub use panel::{Panel, PanelPart};
pub use panel_years::{PanelYear, PanelYears};
pub use progress::Progress;
use progress::{Counting, ProgressHook};
pub use report::ReadReport;
pub(crate) use tidy::TIDY_COLUMNS;
use tidy::TidyParser;

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
    /// Parquet with BACI's or the tidy columns, see [`Reader::parquet`].
    #[cfg(feature = "parquet")]
    Parquet,
}

/// Reads trade files into [`TradeData`], or streams their flows.
///
/// Pick a format ([`baci`](Reader::baci), [`comtrade`](Reader::comtrade),
/// [`tidy_csv`](Reader::tidy_csv), [`json`](Reader::json)), optionally
/// choose lenient mode and a progress hook, then read from any
/// [`io::Read`](std::io::Read) or a path.
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
/// # Files as they come
///
/// Every reader recognises its input by its first bytes, never by its
/// name: plain text as it is; gzip (UN Comtrade's bulk files) decompressed
/// as it streams; a zip archive (CEPII's BACI) by path, its one data
/// member or the members [`read_zip`](Reader::read_zip) picks (list them
/// with [`zip_members`](Reader::zip_members)). Other binary input (xz,
/// bzip2, zstd, 7-Zip, Parquet, an Excel workbook, UTF-16 text, anything
/// with NUL bytes) is an [`ErrorKind::BinaryInput`] that says what it is
/// and what to do, its bytes never quoted. CSV fields are separated by
/// whatever the header uses of `,`, `;` and a tab; values still take a
/// decimal point (`12.5`, not `12,5`, which is an error naming the
/// value). The report says what was found
/// ([`ReadReport::compression`]). Decompression needs the `compression`
/// feature, on by default.
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
    lenient_codes: bool,
    max_line: usize,
    threads: Option<usize>,
    /// The year of the `year=YYYY` partition being read (see
    /// [`Panel`]): Parquet files without a year column take it.
    partition_year: Option<i32>,
}

impl fmt::Debug for Reader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reader")
            .field("format", &self.format)
            .field("keep_errors", &self.keep_errors)
            .field("progress", &self.hook.is_some())
            .field("hs_level", &self.hs_level)
            .field("lenient_codes", &self.lenient_codes)
            .field("max_line", &self.max_line)
            .field("threads", &self.threads)
            .field("partition_year", &self.partition_year)
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
            lenient_codes: false,
            max_line: DEFAULT_MAX_LINE_BYTES,
            threads: None,
            partition_year: None,
        }
    }

    /// A reader of CEPII BACI files: columns `t,i,j,k,v,q` (found by name,
    /// in any order), with `t` the year, `i` the exporter and `j` the
    /// importer (BACI's numeric codes, see
    /// [`Economy::from_trade_code`](crate::Economy::from_trade_code)), `k` the HS6 product (its leading zero
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
    /// `RM`, `RX`, `FM`, `DX`), `cmdCode`, `period` (`2025` or `202512`),
    /// `primaryValue` (USD), and where present `cifvalue`, `fobvalue`,
    /// `qty`, `qtyUnitCode`, `partner2Code`, `customsCode`, `motCode`,
    /// `classificationCode` (`H0` to `H6`, which sets each code's
    /// [`HsEdition`](crate::HsEdition); `TOTAL` has none).
    ///
    /// Aggregates are kept, and never added to their parts (see
    /// [`Query`](crate::Query)):
    ///
    /// - partner 0, the World, is the reporter's *reported total*: a
    ///   query selects it only by name, and
    ///   [`Denominator::ReportedTotal`](crate::metrics::Denominator) divides
    ///   by it;
    /// - commodity `TOTAL` is [`HsCode::TOTAL`](crate::HsCode::TOTAL), an
    ///   HS level of its own: a file of `TOTAL` rows only (the usual
    ///   download for a monthly watch) gives series and shares, and a file
    ///   that also holds chapters is never summed across the two;
    /// - the breakdowns `RM`, `RX`, `FM`, `DX` are parts of `M` and `X`
    ///   ([`Direction`](crate::Direction)), left out of totals unless a
    ///   query asks for them;
    /// - annual and monthly periods may both be present
    ///   ([`ReadReport::frequencies`]); a query picks one.
    ///
    /// Rows the model has no place for are left out and counted in
    /// [`ReadReport::left_out`]: the EU aggregate (97) as reporter or
    /// partner, and breakdowns of a flow by second partner
    /// (`partner2Code` not 0), customs procedure (`customsCode` not
    /// `C00`) or mode of transport (`motCode` not 0).
    ///
    /// `cmdCode` is read with [`HsCode::special`](crate::HsCode::special)
    /// (Comtrade's `9999` is a code); a code that lost its leading zero
    /// (`10121`) is an error unless [`lenient_codes`](Reader::lenient_codes)
    /// is set.
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
    /// One rule for every reader: the limit counts a line's bytes without
    /// its end (`\n` or `\r\n`), so a line of exactly `bytes` passes with
    /// either; and in the CSV formats it counts a whole *record*, which a
    /// quoted field with line ends (`"a\nb"`) spreads over several lines,
    /// so such a field cannot grow without bound (the error gives the line
    /// the record starts on).
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

    /// The threads a read may use: as set, or the machine's available
    /// parallelism.
    fn thread_count(&self) -> usize {
        self.threads
            .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
            .unwrap_or(1)
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

    /// For inputs that hold several HS levels (a Comtrade extract of
    /// `TOTAL`, chapters and subheadings; a tidy file of chapters and
    /// subheadings): keep only flows at `level`; the others count as left
    /// out.
    ///
    /// Without it every flow is kept, and the report says which levels it
    /// saw ([`ReadReport::hs_levels`]). Data at several levels is never
    /// summed across them: a query over flows at two levels is an
    /// [`ErrorKind::Overlap`] error unless it picks one
    /// ([`Query::hs_level`](crate::Query::hs_level)). The same rule holds
    /// for every reader and for data built from flows.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{ErrorKind, HsLevel, Query, Reader};
    ///
    /// let csv = "reporter,partner,direction,product,period,value,currency\n\
    ///            JPN,CHN,import,85,2024,100,USD\n\
    ///            JPN,CHN,import,850511,2024,40,USD\n";
    /// // Chapter 85 includes 850511: 100 + 40 would count 40 twice.
    /// let (data, report) = Reader::tidy_csv().read(csv.as_bytes())?;
    /// assert_eq!(report.hs_levels(), [HsLevel::Chapter, HsLevel::Subheading]);
    /// let err = data.total(&Query::new()).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Overlap { .. }));
    /// assert_eq!(data.total(&Query::new().hs_level(HsLevel::Subheading))?.to_string(), "40 USD");
    /// // Or keep one level when reading.
    /// let (data, report) = Reader::tidy_csv().hs_level(HsLevel::Chapter).read(csv.as_bytes())?;
    /// assert_eq!(data.total(&Query::new())?.to_string(), "100 USD");
    /// assert_eq!(report.left_out(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn hs_level(mut self, level: HsLevel) -> Reader {
        self.hs_level = Some(level);
        self
    }

    /// For Comtrade files that went through a spreadsheet: read a
    /// `cmdCode` that lost its leading zero as the code it was (`10121`
    /// as subheading `010121`, `101` as heading `0101`, `1` as chapter
    /// `01`). Without it such codes are refused: an odd number of digits
    /// is not an HS code. (The BACI reader always reads `k` this way.)
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Reader;
    ///
    /// let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n392,156,M,10121,2024,5\n";
    /// assert!(Reader::comtrade().read(csv.as_bytes()).is_err());
    /// let (data, _) = Reader::comtrade().lenient_codes().read(csv.as_bytes())?;
    /// assert_eq!(data.products()[0].to_string(), "010121");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn lenient_codes(mut self) -> Reader {
        self.lenient_codes = true;
        self
    }

    /// Reads the file at `path` into trade data.
    ///
    /// # Errors
    ///
    /// As [`read`](Self::read), with the path in every error's position.
    pub fn read_path(mut self, path: impl AsRef<Path>) -> Result<(TradeData, ReadReport)> {
        let path = path.as_ref();
        match sniff_path(path)? {
            decode::Kind::Zip => return self.zip_path(path),
            #[cfg(feature = "parquet")]
            decode::Kind::Parquet => {
                return self
                    .read_parquet(&parquet::path_source(path))
                    .map_err(|e| e.in_file(path));
            }
            // A plain BACI file is read on every core, in pieces cut at
            // line ends, the rows merged in file order.
            decode::Kind::Text if matches!(self.format, Format::Baci) => {
                // One builder per piece, kept apart and sorted together.
                let (parts, report) = self.fold_path(
                    path,
                    || vec![TradeDataBuilder::with_currency(Currency::USD)],
                    |b, f| match b.last_mut() {
                        Some(last) => last.push(&f),
                        None => Ok(()),
                    },
                    |mut a, b| {
                        a.extend(b);
                        Ok(a)
                    },
                )?;
                return Ok((TradeData::from_parts(Some(Currency::USD), parts)?, report));
            }
            _ => {}
        }
        let file = File::open(path).map_err(|e| Error::from(e).in_file(path))?;
        let total = file.metadata().ok().map(|m| m.len());
        let counting = Counting::new(file, total, self.hook.take(), self.max_line_limit())?;
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
    /// [`ErrorKind::EmptyInput`], [`ErrorKind::MissingColumn`] and
    /// [`ErrorKind::CurrencyMismatch`] (tidy data in two currencies).
    pub fn read<R: Read>(mut self, reader: R) -> Result<(TradeData, ReadReport)> {
        let counting = Counting::new(reader, None, self.hook.take(), self.max_line_limit())?;
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

/// What the first bytes of the file at `path` say it is.
fn sniff_path(path: &Path) -> Result<decode::Kind> {
    let mut head = [0u8; 512];
    let mut file = File::open(path).map_err(|e| Error::from(e).in_file(path))?;
    let mut filled = 0;
    while filled < head.len() {
        let Some(rest) = head.get_mut(filled..) else {
            break;
        };
        match file.read(rest) {
            Ok(0) => break,
            Ok(n) => filled = filled.saturating_add(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::from(e).in_file(path)),
        }
    }
    Ok(decode::sniff(head.get(..filled).unwrap_or_default()))
}

impl Reader {
    /// The same settings, without the progress hook (which one read
    /// takes).
    fn settings(&self) -> Reader {
        Reader {
            format: self.format,
            keep_errors: self.keep_errors,
            hook: None,
            hs_level: self.hs_level,
            lenient_codes: self.lenient_codes,
            max_line: self.max_line,
            threads: self.threads,
            partition_year: self.partition_year,
        }
    }

    /// A zip archive by path: its one data member.
    #[cfg(feature = "compression")]
    fn zip_path(self, path: &Path) -> Result<(TradeData, ReadReport)> {
        self.read_zip_auto(path)
    }

    #[cfg(not(feature = "compression"))]
    #[expect(clippy::unused_self, reason = "the same signature as with the feature")]
    fn zip_path(self, path: &Path) -> Result<(TradeData, ReadReport)> {
        Err(zip_unsupported(path))
    }
}

/// A zip archive where the `compression` feature is off.
#[cfg(not(feature = "compression"))]
fn zip_unsupported(path: &Path) -> Error {
    Error::new(ErrorKind::BinaryInput {
        what: "a zip archive".into(),
        hint: "enable the crate's `compression` feature (on by default), or unzip it first",
    })
    .in_file(path)
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
