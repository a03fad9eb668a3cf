//! Many years of trade, read one year at a time: a directory of yearly
//! files, a zip archive of them, or a Parquet dataset partitioned by
//! year ([`Panel`]), folded year by year. Its parts are found in
//! `panel_open`; its years as `TradeData` come from `panel_years`.

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::panel_open::bytes_of;
use super::progress::Progress;
use super::{Format, ReadReport, Reader};
use crate::error::{Error, ErrorKind, Result};
use crate::model::flow::TradeFlow;
use crate::model::money::Currency;

/// Where a part's flows are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Source {
    /// Files read one after the other: a yearly file, or the files of a
    /// partition.
    Files(Vec<PathBuf>),
    /// The files of a `year=YYYY` partition, which may leave the year
    /// column out.
    Partition(Vec<PathBuf>),
    /// A member of a zip archive.
    #[cfg(feature = "compression")]
    Member { archive: PathBuf, name: String },
}

/// One part of a [`Panel`]: a yearly file, a zip archive's member, or the
/// files of a `year=YYYY` partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelPart {
    pub(super) path: PathBuf,
    pub(super) year: Option<i32>,
    pub(super) size: u64,
    pub(super) source: Source,
}

impl PanelPart {
    /// Its path: the file, the partition's directory, or the member as a
    /// path inside its archive (`BACI_HS92_V202401.zip/BACI_HS92_Y1995_V202401.csv`).
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The year its name carries (a partition's `year=`, or a year in the
    /// file's name as [`ZipMember::year`](crate::ZipMember::year) finds
    /// it); `None` when the years come from the data alone.
    #[must_use]
    pub fn year(&self) -> Option<i32> {
        self.year
    }

    /// Its size in bytes (a member's once decompressed).
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }
}

pub(super) fn panel_error(reason: String, fix: &'static str) -> Error {
    Error::new(ErrorKind::Panel { reason, fix })
}

/// Years of trade data read one year at a time, in bounded memory: a
/// directory of yearly files (BACI's CSVs once unzipped, say), a zip
/// archive of them (BACI as CEPII ships it), or a Parquet dataset
/// partitioned by year (`year=2024/part-0.parquet`, as `DuckDB`, polars,
/// Spark and [`TradeData::write_parquet`](crate::TradeData::write_parquet) write them). Made by
/// [`Reader::panel`] or [`Reader::panel_of`]; every part is read as
/// [`Reader::read_path`] reads a file (a plain BACI file on every core),
/// with the reader's settings.
///
/// **Which files.** In a directory, each `year=YYYY` subdirectory (or
/// `t=YYYY`, `period=YYYY`) is a part (all files below it, in name
/// order; links to directories are not followed); so is each file whose name
/// carries a year (`BACI_HS92_Y1995_V202401.csv`, `comtrade_2024.csv.gz`:
/// see [`PanelPart::year`]), and the files and directories without one
/// (code lists, read-me files) are left out ([`left_out`](Self::left_out)).
/// Where no name carries a year, every file is a part. Names starting
/// with `.` or `_` (`_SUCCESS`) are always left out. A zip archive's
/// members are chosen by the same rule.
///
/// **Which year.** The year of every flow is its period's, from the
/// data (Parquet files of a `year=YYYY` partition may leave the year
/// column, `t` or `period`, out, as engines write partitions: their
/// flows take the partition's year); where a part's name carries a year, a flow of another year is an
/// [`ErrorKind::Panel`] error (a file misnamed, or a partition holding
/// another year, is never read as the year it claims). Parts are read in
/// year order (by name where no name has a year), and each year must be
/// in one part and come after the previous part's: a year that appears
/// again, or goes back, is an error, since the panel hands out each year
/// once, complete.
///
/// **Memory.** One part is read at a time; a year is handed out as soon
/// as its part is read. With [`fold_years`](Self::fold_years) and the
/// streaming builders of [`metrics`](crate::metrics), memory is what the
/// builders of one year hold; [`years`](Self::years) holds one year's
/// [`TradeData`](crate::TradeData).
///
/// # Example
///
/// ```
/// use tradedep::Reader;
///
/// let dir = std::env::temp_dir().join("tradedep-panel-example");
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("BACI_HS92_Y2022_V202401.csv"), "t,i,j,k,v,q\n2022,156,392,850511,1.5,NA\n")?;
/// std::fs::write(dir.join("BACI_HS92_Y2023_V202401.csv"), "t,i,j,k,v,q\n2023,156,392,850511,2,NA\n")?;
/// std::fs::write(dir.join("country_codes_V202401.csv"), "country_code,country_name\n")?;
/// let panel = Reader::baci().panel(&dir)?;
/// assert_eq!(panel.parts().len(), 2); // the code list is left out
/// let mut flows = Vec::new();
/// for year in panel.years() {
///     let year = year?;
///     println!("{}: {} flows, {}", year.year(), year.data().len(), year.report());
///     flows.push((year.year(), year.data().len()));
/// }
/// assert_eq!(flows, [(2022, 1), (2023, 1)]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Panel {
    pub(super) reader: Reader,
    pub(super) parts: Vec<PanelPart>,
    pub(super) left_out: Vec<PathBuf>,
    pub(super) hook: Option<Rc<RefCell<super::ProgressHook>>>,
}

impl fmt::Debug for Panel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Panel")
            .field("reader", &self.reader)
            .field("parts", &self.parts)
            .field("left_out", &self.left_out)
            .finish_non_exhaustive()
    }
}

/// A part's values, one per year, in year order.
pub(super) struct ByYear<T> {
    pub(super) years: Vec<(i32, T)>,
}

impl<T> ByYear<T> {
    fn new() -> Self {
        ByYear { years: Vec::new() }
    }

    /// The value of `year`, made by `init` the first time.
    fn of(&mut self, year: i32, init: &impl Fn() -> T) -> Option<&mut T> {
        let at = match self.years.last() {
            Some((y, _)) if *y == year => self.years.len().saturating_sub(1),
            _ => match self.years.binary_search_by_key(&year, |(y, _)| *y) {
                Ok(i) => i,
                Err(i) => {
                    self.years.insert(i, (year, init()));
                    i
                }
            },
        };
        self.years.get_mut(at).map(|(_, v)| v)
    }

    /// Both values, year by year (`later`'s flows after `self`'s).
    fn merge(
        mut self,
        later: ByYear<T>,
        merge: &mut impl FnMut(T, T) -> Result<T>,
    ) -> Result<Self> {
        for (year, b) in later.years {
            match self.years.binary_search_by_key(&year, |(y, _)| *y) {
                Ok(i) => {
                    let (_, a) = self.years.remove(i);
                    self.years.insert(i, (year, merge(a, b)?));
                }
                Err(i) => self.years.insert(i, (year, b)),
            }
        }
        Ok(self)
    }
}

/// A flow of another year than its part's name says.
fn misnamed(part: &PanelPart, flow: &TradeFlow) -> Error {
    panel_error(
        format!(
            "{} is named for {} but holds a flow of {} ({} from {}, {})",
            part.path.display(),
            part.year.unwrap_or_default(),
            flow.period(),
            flow.importer(),
            flow.exporter(),
            flow.product()
        ),
        "rename the file, or read it with Reader::read_path",
    )
}

impl Panel {
    /// The parts read, in order.
    #[must_use]
    pub fn parts(&self) -> &[PanelPart] {
        &self.parts
    }

    /// The files and directories of the panel's directory (or members of
    /// its archive) that are not read: those without a year in their
    /// name where others have one.
    #[must_use]
    pub fn left_out(&self) -> &[PathBuf] {
        &self.left_out
    }

    /// The reader of one file of a part, its progress reported against
    /// the whole panel from `offset` bytes on.
    fn reader_at(&self, offset: u64, part: &PanelPart) -> Reader {
        let mut r = self.reader.settings();
        if matches!(part.source, Source::Partition(_)) {
            r.partition_year = part.year;
        }
        if let Some(hook) = &self.hook {
            let hook = Rc::clone(hook);
            let total = self
                .parts
                .iter()
                .fold(0u64, |t, p| t.saturating_add(p.size));
            r.hook = Some(Box::new(move |p: Progress| {
                if let Ok(mut h) = hook.try_borrow_mut() {
                    h(Progress {
                        bytes_read: offset.saturating_add(p.bytes_read),
                        total_bytes: Some(total),
                    });
                }
            }));
        }
        r
    }

    /// Folds part `i` into one value per year.
    pub(super) fn fold_part<T, I, F, M>(
        &self,
        i: usize,
        offset: u64,
        init: &I,
        fold: &F,
        merge: &mut M,
    ) -> Result<(ByYear<T>, ReadReport)>
    where
        T: Send,
        I: Fn() -> T + Sync,
        F: Fn(&mut T, TradeFlow) -> Result<()> + Sync,
        M: FnMut(T, T) -> Result<T>,
    {
        let Some(part) = self.parts.get(i) else {
            return Ok((ByYear::new(), ReadReport::default()));
        };
        let push = |acc: &mut ByYear<T>, flow: TradeFlow| -> Result<()> {
            let year = flow.period().year();
            if part.year.is_some_and(|y| y != year) {
                return Err(misnamed(part, &flow));
            }
            match acc.of(year, init) {
                Some(v) => fold(v, flow),
                None => Ok(()),
            }
        };
        let keep = self.reader.keep_errors.unwrap_or(0);
        let folded: Result<(ByYear<T>, ReadReport)> = match &part.source {
            Source::Files(files) | Source::Partition(files) => {
                let mut acc = ByYear::new();
                let mut report = ReadReport::default();
                let mut at = offset;
                for file in files {
                    let (b, r) =
                        self.reader_at(at, part)
                            .fold_path(file, ByYear::new, push, |a, b| a.merge(b, &mut *merge))?;
                    at = at.saturating_add(bytes_of(std::slice::from_ref(file)));
                    acc = acc.merge(b, &mut *merge)?;
                    report.absorb(r, keep);
                }
                Ok((acc, report))
            }
            #[cfg(feature = "compression")]
            Source::Member { archive, name } => {
                let mut acc = ByYear::new();
                let pick = super::ZipPick::Named(name.clone());
                let report =
                    self.reader_at(offset, part)
                        .read_zip_with(archive, Some(&pick), &mut |f| push(&mut acc, f))?;
                Ok((acc, report))
            }
        };
        folded.map(|(mut acc, report)| {
            // A part named for a year that holds no flow of it still
            // hands the year out, empty: never a year gone without a word.
            if let Some(y) = part.year {
                acc.of(y, init);
            }
            (acc, report)
        })
    }

    /// Folds every year of the panel, one part at a time: `init`, `fold`
    /// and `merge` as in [`Reader::fold_path`] (one value per year, made
    /// by `init` at the year's first flow), and `each(year, value,
    /// report)` called with each year's value as soon as its part is
    /// read, in year order; `report` is the part's. Returns the report of
    /// the whole panel.
    ///
    /// # Errors
    ///
    /// As [`Reader::fold_path`] for each part; [`ErrorKind::Panel`] for a
    /// flow of another year than its part's name, or a year that comes
    /// again or goes back; and the first error of `each`.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Reader, metrics::ProductConcentrations, HsLevel};
    ///
    /// let dir = std::env::temp_dir().join("tradedep-panel-fold-example");
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("2022.csv"), "t,i,j,k,v,q\n2022,156,392,850511,3,NA\n2022,842,392,850511,1,NA\n")?;
    /// std::fs::write(dir.join("2023.csv"), "t,i,j,k,v,q\n2023,156,392,850511,2,NA\n")?;
    /// let mut hhi = Vec::new();
    /// Reader::baci().panel(&dir)?.fold_years(
    ///     || ProductConcentrations::builder(HsLevel::Subheading),
    ///     |b, flow| b.push(&flow),
    ///     |a, b| a.merge(b),
    ///     |year, b, _| {
    ///         let t = b.build()?;
    ///         hhi.push((year, t.rows()[0].hhi().unwrap().to_string()));
    ///         Ok(())
    ///     },
    /// )?;
    /// // 2022: 0.75^2 + 0.25^2; 2023: one supplier.
    /// assert_eq!(hhi, [(2022, "0.625".to_string()), (2023, "1".to_string())]);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fold_years<T, I, F, M, E>(
        &self,
        init: I,
        fold: F,
        mut merge: M,
        mut each: E,
    ) -> Result<ReadReport>
    where
        T: Send,
        I: Fn() -> T + Sync,
        F: Fn(&mut T, TradeFlow) -> Result<()> + Sync,
        M: FnMut(T, T) -> Result<T>,
        E: FnMut(i32, T, &ReadReport) -> Result<()>,
    {
        let keep = self.reader.keep_errors.unwrap_or(0);
        let mut all = ReadReport::default();
        let mut order = YearOrder::default();
        let mut offset = 0u64;
        for (i, part) in self.parts.iter().enumerate() {
            let (years, report) = self.fold_part(i, offset, &init, &fold, &mut merge)?;
            offset = offset.saturating_add(part.size);
            for (year, value) in years.years {
                order.next(year, part)?;
                each(year, value, &report)?;
            }
            all.absorb(report, keep);
        }
        Ok(all)
    }

    /// The currency of data read by the panel's reader, where the format
    /// fixes it.
    pub(super) fn currency(&self) -> Option<Currency> {
        matches!(self.reader.format, Format::Baci | Format::Comtrade).then_some(Currency::USD)
    }
}

/// Years handed out must increase from part to part.
#[derive(Default)]
pub(super) struct YearOrder {
    last: Option<(i32, PathBuf)>,
}

impl YearOrder {
    pub(super) fn next(&mut self, year: i32, part: &PanelPart) -> Result<()> {
        if let Some((last, at)) = &self.last
            && year <= *last
        {
            return Err(panel_error(
                format!(
                    "{} holds flows of {year}, which does not come after {last} of {}",
                    part.path.display(),
                    at.display()
                ),
                "a panel reads each year once, in order: put each year in one file named for it (BACI_HS92_Y1995_V202401.csv, 1995.csv) or one year=YYYY directory",
            ));
        }
        self.last = Some((year, part.path.clone()));
        Ok(())
    }
}
