//! Reading trade flows from Parquet: BACI's columns or the tidy ones,
//! row groups shared among threads, each row read by the same row
//! parser as the CSV readers use (so every format reads alike).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::RecordBatch;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::file::reader::ChunkReader;

use super::baci::baci_flow;
use super::parquet_cols::Column;
use super::tidy::tidy_flow;
use super::{Format, Item, ReadReport, Reader, TIDY_COLUMNS, baci_fast, drive_items};
use crate::data::builder::TradeDataBuilder;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::trade_code_table;
use crate::model::flow::TradeFlow;
use crate::model::money::Currency;
use crate::model::period::Period;

/// Rows decoded at a time.
const BATCH_ROWS: usize = 16 * 1024;

/// Which columns a file holds.
#[derive(Debug, Clone)]
enum Layout {
    /// `t,i,j,k,v` and optionally `q`: their names, in that order.
    Baci { q: bool },
    /// The tidy columns: which of the optional ones are present.
    Tidy { optional: [bool; 6] },
}

impl Layout {
    /// The columns read, by name.
    fn names(&self) -> Vec<&'static str> {
        match self {
            Layout::Baci { q } => {
                let mut v = vec!["t", "i", "j", "k", "v"];
                if *q {
                    v.push("q");
                }
                v
            }
            Layout::Tidy { optional } => {
                let mut v: Vec<&'static str> = TIDY_COLUMNS.iter().take(7).copied().collect();
                for (name, present) in TIDY_COLUMNS.iter().skip(7).zip(optional) {
                    if *present {
                        v.push(name);
                    }
                }
                v
            }
        }
    }
}

/// Where a Parquet file's bytes are: a path (opened once per thread) or
/// bytes in memory (shared).
#[derive(Debug, Clone)]
pub(super) enum Source {
    Path(PathBuf),
    Bytes(bytes::Bytes),
}

/// What every part of a read shares.
struct Plan {
    meta: ArrowReaderMetadata,
    mask: ProjectionMask,
    layout: Layout,
    level: Option<crate::model::hs::HsLevel>,
    keep: Option<usize>,
    /// The year of a `year=YYYY` partition, for files without a year
    /// column.
    partition_year: Option<i32>,
}

fn parquet_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Parquet {
        detail: e.to_string(),
    })
}

/// Runs `f`, turning a panic of the Parquet decoder (it asserts on some
/// malformed metadata, such as a column chunk of negative length) into
/// an [`ErrorKind::Parquet`] error: bad input never panics out of a
/// reader. (Under `panic = "abort"` such a file aborts; the decoder's
/// own message goes to the panic hook first.)
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(parquet_error(format!(
            "the file is malformed (the decoder stopped: {why}); write it again, or check it with another tool"
        )))
    })
}

fn options() -> ArrowReaderOptions {
    // The column types from the Parquet schema itself (strings as
    // `Utf8`, decimals as decimals), not from an embedded Arrow schema
    // (views, dictionaries, large strings), which each writer chooses.
    ArrowReaderOptions::new().with_skip_arrow_metadata(true)
}

impl Source {
    fn load(&self) -> Result<ArrowReaderMetadata> {
        guarded(|| self.load_unguarded())
    }

    fn load_unguarded(&self) -> Result<ArrowReaderMetadata> {
        match self {
            Source::Path(p) => {
                let f = File::open(p).map_err(Error::from)?;
                ArrowReaderMetadata::load(&f, options()).map_err(parquet_error)
            }
            Source::Bytes(b) => ArrowReaderMetadata::load(b, options()).map_err(parquet_error),
        }
    }

    fn len(&self) -> u64 {
        match self {
            Source::Path(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Source::Bytes(b) => b.len() as u64,
        }
    }
}

impl Reader {
    /// A reader of Parquet files holding BACI's columns (`t,i,j,k,v`,
    /// and `q` where given) or the tidy columns
    /// ([`Reader::tidy_csv`]'s), found by name: each read as its CSV
    /// reader reads it. Read one by path ([`read_path`](Self::read_path),
    /// [`fold_path`](Self::fold_path); the BACI and tidy readers read a
    /// Parquet file there too) or from bytes
    /// ([`read_parquet_bytes`](Self::read_parquet_bytes)); a Parquet
    /// file's metadata is at its end, so a stream is refused.
    ///
    /// Row groups are read on every core ([`threads`](Self::threads)),
    /// each thread a run of whole groups, the rows merged in file order:
    /// the result never depends on the number of threads. Errors give
    /// the row (as the record, from 1) and the column.
    ///
    /// Columns may be integers (`t`, `i`, `j`; `k`, whose leading zero an
    /// integer loses, as in BACI's CSV), strings, decimals or floats.
    /// Decimals are read exactly. A float is a binary approximation: it
    /// is read as the shortest decimal that reads back as the same float,
    /// which is the decimal it was made from whenever that had at most 15
    /// significant digits (all of BACI's values, which have three
    /// decimals, up to 10^12 thousand USD); beyond that, digits the float
    /// never held cannot be recovered. The report counts the values read
    /// from floats ([`ReadReport::from_floats`]); a float quantity of
    /// `NaN` is a missing quantity, a float value of `NaN` an error.
    ///
    /// Needs the `parquet` feature; pages may be compressed with Snappy,
    /// zstd, LZ4 or gzip (not Brotli).
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Query, Reader, TradeData};
    ///
    /// let csv = "t,i,j,k,v,q\n2022,156,392,850511,20.945,NA\n2022,842,392,10121,1.5,3\n";
    /// let (data, _) = Reader::baci().read(csv.as_bytes())?;
    /// let mut file = Vec::new();
    /// data.write_parquet(&mut file)?;
    /// let (back, report) = Reader::parquet().read_parquet_bytes(file)?;
    /// assert_eq!(back, data);
    /// assert_eq!(report.flows(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn parquet() -> Reader {
        Reader::new(Format::Parquet)
    }

    /// Reads a Parquet file held in memory; see [`Reader::parquet`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parquet`] for a file that cannot be read,
    /// [`ErrorKind::MissingColumn`] when it holds neither BACI's nor the
    /// tidy columns, and the row errors of the CSV readers (with the row
    /// as the record).
    pub fn read_parquet_bytes(self, bytes: Vec<u8>) -> Result<(TradeData, ReadReport)> {
        self.read_parquet(&Source::Bytes(bytes::Bytes::from(bytes)))
    }

    /// Reads a Parquet file into trade data.
    pub(super) fn read_parquet(self, source: &Source) -> Result<(TradeData, ReadReport)> {
        let currency = self.parquet_currency();
        let parts = self.parquet_parts(source, TradeDataBuilder::new, |b, f| b.push(&f))?;
        let mut report = ReadReport::default();
        let keep = self.keep_errors.unwrap_or(0);
        let mut builders = Vec::with_capacity(parts.len());
        for (b, r) in parts {
            builders.push(b);
            report.absorb(r, keep);
        }
        report.set_bytes(source.len());
        report.compression = super::Compression::Parquet;
        // The threads' rows sorted together, on as many threads.
        Ok((TradeData::from_parts(currency, builders)?, report))
    }

    /// Folds a Parquet file's flows on every core; see
    /// [`fold_path`](Self::fold_path).
    pub(super) fn fold_parquet<T, I, F, M>(
        self,
        source: &Source,
        init: &I,
        fold: &F,
        mut merge: M,
    ) -> Result<(T, ReadReport)>
    where
        T: Send,
        I: Fn() -> T + Sync,
        F: Fn(&mut T, TradeFlow) -> Result<()> + Sync,
        M: FnMut(T, T) -> Result<T>,
    {
        let parts = self.parquet_parts(source, init, fold)?;
        let keep = self.keep_errors.unwrap_or(0);
        let mut report = ReadReport::default();
        let mut acc: Option<T> = None;
        for (v, r) in parts {
            report.absorb(r, keep);
            acc = Some(match acc {
                None => v,
                Some(a) => merge(a, v)?,
            });
        }
        report.set_bytes(source.len());
        report.compression = super::Compression::Parquet;
        Ok((acc.unwrap_or_else(init), report))
    }

    /// BACI's values are USD; the tidy columns say.
    fn parquet_currency(&self) -> Option<Currency> {
        matches!(self.format, Format::Baci).then_some(Currency::USD)
    }

    /// Each thread's value and report, in file order.
    fn parquet_parts<T, I, F>(
        &self,
        source: &Source,
        init: I,
        each: F,
    ) -> Result<Vec<(T, ReadReport)>>
    where
        T: Send,
        I: Fn() -> T + Sync,
        F: Fn(&mut T, TradeFlow) -> Result<()> + Sync,
    {
        let meta = source.load()?;
        let layout = layout_of(meta.schema(), self.format, self.partition_year)?;
        let names = layout.names();
        let roots: Vec<usize> = meta
            .schema()
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| names.contains(&f.name().as_str()))
            .map(|(i, _)| i)
            .collect();
        let mask = ProjectionMask::roots(meta.parquet_schema(), roots);
        let plan = Plan {
            meta,
            mask,
            layout,
            level: self.hs_level,
            keep: self.keep_errors,
            partition_year: self.partition_year,
        };
        let threads = self.thread_count();
        let runs = group_runs(
            plan.meta
                .metadata()
                .row_groups()
                .iter()
                .map(parquet::file::metadata::RowGroupMetaData::num_rows),
            threads,
        );
        if runs.len() < 2 {
            let (groups, first) = runs.into_iter().next().unwrap_or_default();
            let mut acc = init();
            let r = read_groups(source, &plan, groups, first, &mut |f| each(&mut acc, f))?;
            return Ok(vec![(acc, r)]);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = runs
                .into_iter()
                .map(|(groups, first)| {
                    let (plan, init, each) = (&plan, &init, &each);
                    scope.spawn(move || {
                        let mut acc = init();
                        read_groups(source, plan, groups, first, &mut |f| each(&mut acc, f))
                            .map(|r| (acc, r))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(parquet_error("a reading thread failed")))
                })
                .collect()
        })
    }
}

/// Row groups in runs of about equal rows, one per thread, each with
/// the number of rows before it.
fn group_runs(rows: impl Iterator<Item = i64>, threads: usize) -> Vec<(Vec<usize>, u64)> {
    let rows: Vec<u64> = rows.map(|r| u64::try_from(r).unwrap_or(0)).collect();
    let total = rows.iter().fold(0u64, |a, r| a.saturating_add(*r));
    let want = total.div_ceil(threads.max(1) as u64).max(1);
    let mut runs: Vec<(Vec<usize>, u64)> = Vec::new();
    let (mut current, mut in_current, mut before) = (Vec::new(), 0u64, 0u64);
    for (i, r) in rows.iter().enumerate() {
        if in_current >= want && !current.is_empty() {
            runs.push((std::mem::take(&mut current), before));
            before = before.saturating_add(in_current);
            in_current = 0;
        }
        current.push(i);
        in_current = in_current.saturating_add(*r);
    }
    if !current.is_empty() || runs.is_empty() {
        runs.push((current, before));
    }
    runs
}

/// The layout of a file's columns, for a reader of `format`.
fn layout_of(
    schema: &arrow_schema::Schema,
    format: Format,
    partition_year: Option<i32>,
) -> Result<Layout> {
    // A partition's year stands in for a missing year column.
    let has = |n: &str| {
        schema.fields().iter().any(|f| f.name() == n)
            || (partition_year.is_some() && matches!(n, "t" | "period"))
    };
    let found = || {
        schema
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let baci = ["t", "i", "j", "k", "v"];
    let tidy: Vec<&'static str> = TIDY_COLUMNS.iter().take(7).copied().collect();
    let missing = |names: &[&'static str]| names.iter().copied().find(|n| !has(n));
    let want_baci = match format {
        Format::Baci => true,
        Format::TidyCsv => false,
        Format::Parquet => missing(&baci).is_none(),
        _ => {
            return Err(parquet_error(format!(
                "the {format:?} reader reads CSV; read a Parquet file with Reader::parquet() \
                 (BACI's columns or the tidy ones)"
            )));
        }
    };
    let needed: &[&'static str] = if want_baci { &baci } else { &tidy };
    if let Some(name) = missing(needed) {
        return Err(Error::new(ErrorKind::MissingColumn {
            name,
            found: found(),
        }));
    }
    Ok(if want_baci {
        Layout::Baci { q: has("q") }
    } else {
        let mut optional = [false; 6];
        for (slot, name) in optional.iter_mut().zip(TIDY_COLUMNS.iter().skip(7)) {
            *slot = has(name);
        }
        Layout::Tidy { optional }
    })
}

/// Reads row groups `groups` (rows `first + 1` on), feeding each flow
/// to `each`.
fn read_groups(
    source: &Source,
    plan: &Plan,
    groups: Vec<usize>,
    first: u64,
    each: &mut dyn FnMut(TradeFlow) -> Result<()>,
) -> Result<ReadReport> {
    match source {
        Source::Path(p) => {
            let f = File::open(p).map_err(|e| Error::from(e).in_file(p))?;
            read_from(f, plan, groups, first, each).map_err(|e| e.in_file(p))
        }
        Source::Bytes(b) => read_from(b.clone(), plan, groups, first, each),
    }
}

fn read_from<T: ChunkReader + 'static>(
    input: T,
    plan: &Plan,
    groups: Vec<usize>,
    first: u64,
    each: &mut dyn FnMut(TradeFlow) -> Result<()>,
) -> Result<ReadReport> {
    // The decoder runs guarded; the rows are read outside it.
    let mut batches = guarded(|| {
        ParquetRecordBatchReaderBuilder::new_with_metadata(input, plan.meta.clone())
            .with_row_groups(groups)
            .with_projection(plan.mask.clone())
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(parquet_error)
    })?;
    let mut rows = RowReader {
        layout: &plan.layout,
        partition_year: plan.partition_year,
        row: first,
        year: None,
        bufs: vec![Vec::new(); 13],
        line: Vec::new(),
        floats: 0,
    };
    let mut report = ReadReport::default();
    while let Some(batch) = guarded(|| Ok(batches.next()))? {
        let batch = batch.map_err(parquet_error)?;
        let items = rows.batch(&batch)?;
        drive_items(
            items.into_iter(),
            plan.level,
            plan.keep,
            &mut report,
            &mut *each,
        )?;
    }
    report.floats = rows.floats;
    Ok(report)
}

/// Reads the rows of batches as flows.
struct RowReader<'a> {
    layout: &'a Layout,
    partition_year: Option<i32>,
    /// The rows read before this one.
    row: u64,
    year: Option<(u32, Period)>,
    bufs: Vec<Vec<u8>>,
    line: Vec<u8>,
    floats: u64,
}

impl RowReader<'_> {
    /// The items of one batch.
    fn batch(&mut self, batch: &RecordBatch) -> Result<Vec<Result<Item>>> {
        let names = self.layout.names();
        let arrays: Vec<Arc<dyn arrow_array::Array>> = names
            .iter()
            .map(|n| {
                batch
                    .column_by_name(n)
                    .cloned()
                    .or_else(|| {
                        // The year of the partition, where the files
                        // leave it out (as engines write partitions).
                        let year = self
                            .partition_year
                            .filter(|_| matches!(*n, "t" | "period"))?;
                        let year: arrow_array::ArrayRef =
                            Arc::new(arrow_array::Int32Array::from_value(year, batch.num_rows()));
                        Some(year)
                    })
                    .ok_or_else(|| parquet_error(format!("column {n:?} is not in the batch")))
            })
            .collect::<Result<_>>()?;
        let cols: Vec<Column<'_>> = names
            .iter()
            .zip(&arrays)
            .map(|(n, a)| Column::of(a, n))
            .collect::<Result<_>>()?;
        let value_cols: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(**n, "v" | "q" | "value" | "quantity"))
            .map(|(i, _)| i)
            .collect();
        let mut out = Vec::with_capacity(batch.num_rows());
        for i in 0..batch.num_rows() {
            self.row = self.row.saturating_add(1);
            for (k, c) in cols.iter().enumerate() {
                if let Some(b) = self.bufs.get_mut(k) {
                    c.text(i, b);
                }
            }
            for k in &value_cols {
                let nan = self.bufs.get(*k).is_some_and(|b| b == b"NaN");
                if !nan && cols.get(*k).is_some_and(|c| c.is_float() && !c.is_null(i)) {
                    self.floats = self.floats.saturating_add(1);
                }
            }
            let row = self.row;
            out.push(self.item().map_err(|e| e.in_row(row)));
        }
        Ok(out)
    }

    /// The flow of the row in `bufs`.
    fn item(&mut self) -> Result<Item> {
        match self.layout {
            Layout::Baci { q } => self.baci(*q).map(Item::Flow),
            Layout::Tidy { optional } => {
                let optional = *optional;
                self.tidy(optional).map(Item::Flow)
            }
        }
    }

    fn baci(&mut self, has_q: bool) -> Result<TradeFlow> {
        let field = |k: usize| self.bufs.get(k).map_or(&b""[..], Vec::as_slice);
        self.line.clear();
        for k in 0..6 {
            if k > 0 {
                self.line.push(b',');
            }
            if k < 5 || has_q {
                self.line.extend_from_slice(field(k));
            }
        }
        // A quantity of NaN (a float column's missing value) is missing.
        if self.line.ends_with(b",NaN") {
            self.line.truncate(self.line.len().saturating_sub(3));
        }
        if let Some((f, _)) = baci_fast::flow(&self.line, true, self.year, trade_code_table()) {
            return Ok(f);
        }
        let q: &[u8] = if has_q { field(5) } else { b"" };
        let fields = [field(0), field(1), field(2), field(3), field(4), q];
        baci_flow(&mut self.year, fields, &csv::Position::new())
    }

    fn tidy(&self, optional: [bool; 6]) -> Result<TradeFlow> {
        let text = |k: usize| -> Result<&str> {
            std::str::from_utf8(self.bufs.get(k).map_or(&b""[..], Vec::as_slice)).map_err(|e| {
                Error::new(ErrorKind::Utf8 {
                    detail: e.to_string(),
                })
            })
        };
        let required: Vec<&str> = (0..7).map(text).collect::<Result<_>>()?;
        // The optional columns present follow the required ones.
        let mut opt: [Option<&str>; 6] = [None; 6];
        let mut k = 7;
        for (j, (slot, present)) in opt.iter_mut().zip(optional).enumerate() {
            if present {
                let t = text(k)?;
                // A quantity of NaN (a float column's missing value) is
                // missing.
                *slot = (!(t.is_empty() || (j == 0 && t == "NaN"))).then_some(t);
                k = k.saturating_add(1);
            }
        }
        tidy_flow(
            |i| required.get(i).copied().unwrap_or(""),
            |i| opt.get(i).copied().flatten(),
            &csv::Position::new(),
        )
    }
}

/// The source of a file by path.
pub(super) fn path_source(path: &Path) -> Source {
    Source::Path(path.to_path_buf())
}
