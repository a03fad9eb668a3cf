//! Many years of trade, read one year at a time: a directory of yearly
//! files, a zip archive of them, or a Parquet dataset partitioned by
//! year ([`Panel`]).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use super::progress::Progress;
use super::{Format, ReadReport, Reader};
use crate::data::builder::TradeDataBuilder;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::flow::TradeFlow;
use crate::model::money::Currency;

/// The year a file's name carries: four digits from 1950 to 2099 that
/// stand apart from other digits, the ones after a `Y` first (BACI's
/// `_Y2022_`, not the `202401` of a version); `None` for names without
/// one.
pub(super) fn year_in(name: &str) -> Option<i32> {
    let bytes = name.as_bytes();
    let mut found: Vec<(bool, i32)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i = i.saturating_add(1);
            }
            if i.saturating_sub(start) == 4
                && let Some(y) = name.get(start..i).and_then(|t| t.parse::<i32>().ok())
                && (1950..=2099).contains(&y)
            {
                let after_y = start
                    .checked_sub(1)
                    .and_then(|p| bytes.get(p))
                    .is_some_and(|b| b.eq_ignore_ascii_case(&b'y'));
                found.push((after_y, y));
            }
        } else {
            i = i.saturating_add(1);
        }
    }
    found
        .iter()
        .find(|(after_y, _)| *after_y)
        .or_else(|| found.first())
        .map(|(_, y)| *y)
}

/// The year of a Hive-style partition directory: `year=2024`, or named
/// by the year column itself (`t=2024`, `period=2024`, as engines name a
/// partition by the column they split on).
fn partition_year(name: &str) -> Option<i32> {
    let (key, value) = name.split_once('=')?;
    if !["year", "t", "period"]
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k))
    {
        return None;
    }
    value.parse().ok()
}

/// Where a part's flows are.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
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
    path: PathBuf,
    year: Option<i32>,
    size: u64,
    source: Source,
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

fn panel_error(reason: String, fix: &'static str) -> Error {
    Error::new(ErrorKind::Panel { reason, fix })
}

/// Years of trade data read one year at a time, in bounded memory: a
/// directory of yearly files (BACI's CSVs once unzipped, say), a zip
/// archive of them (BACI as CEPII ships it), or a Parquet dataset
/// partitioned by year (`year=2024/part-0.parquet`, as `DuckDB`, polars,
/// Spark and [`TradeData::write_parquet`] write them). Made by
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
/// [`TradeData`].
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
    reader: Reader,
    parts: Vec<PanelPart>,
    left_out: Vec<PathBuf>,
    hook: Option<Rc<RefCell<super::ProgressHook>>>,
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

/// A name the panel never reads.
fn hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// The files below `dir`, in name order, hidden ones left out.
fn files_below(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in sorted_entries(dir)? {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(hidden) {
            continue;
        }
        // A link to a directory is not followed: it could lead back up.
        let link = std::fs::symlink_metadata(&entry).is_ok_and(|m| m.file_type().is_symlink());
        if entry.is_dir() {
            if !link {
                files_below(&entry, out)?;
            }
        } else {
            out.push(entry);
        }
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |e: std::io::Error| Error::from(e).in_file(dir);
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()).map_err(io))
        .collect::<Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

fn size_of(files: &[PathBuf]) -> u64 {
    files.iter().fold(0u64, |t, f| {
        t.saturating_add(std::fs::metadata(f).map_or(0, |m| m.len()))
    })
}

/// Keeps the parts whose names carry a year where some do (the others
/// left out), orders them, and refuses a year named twice.
fn choose_parts(
    mut parts: Vec<PanelPart>,
    left_out: &mut Vec<PathBuf>,
    root: &Path,
) -> Result<Vec<PanelPart>> {
    if parts.iter().any(|p| p.year.is_some()) {
        let (kept, out): (Vec<PanelPart>, Vec<PanelPart>) =
            parts.into_iter().partition(|p| p.year.is_some());
        left_out.extend(out.into_iter().map(|p| p.path));
        parts = kept;
    }
    parts.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.path.cmp(&b.path)));
    for w in parts.windows(2) {
        if let [a, b] = w
            && a.year.is_some()
            && a.year == b.year
        {
            return Err(panel_error(
                format!(
                    "the year {} is named by two parts, {} and {}",
                    a.year.unwrap_or_default(),
                    a.path.display(),
                    b.path.display()
                ),
                "keep one file per year (or put a year's files in one year=YYYY directory)",
            )
            .in_file(root));
        }
    }
    if parts.is_empty() {
        return Err(panel_error(
            "nothing to read".into(),
            "a panel is a directory of yearly files, a zip archive of them, or year=YYYY partitions",
        )
        .in_file(root));
    }
    Ok(parts)
}

impl Reader {
    /// The panel at `path`: a directory (of yearly files or `year=YYYY`
    /// partitions), a zip archive of yearly members, or one file holding
    /// several years. See [`Panel`] for which files are read and how
    /// their years are found.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the directory cannot be listed;
    /// [`ErrorKind::Panel`] when two parts name the same year or nothing
    /// is left to read; for a zip archive, as [`Reader::zip_members`].
    pub fn panel(self, path: impl AsRef<Path>) -> Result<Panel> {
        let root = path.as_ref();
        let mut parts = Vec::new();
        let mut left_out = Vec::new();
        if root.is_dir() {
            for entry in sorted_entries(root)? {
                let name = entry
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if hidden(&name) {
                    continue;
                }
                if entry.is_dir() {
                    match partition_year(&name) {
                        Some(year) => {
                            let mut files = Vec::new();
                            files_below(&entry, &mut files)?;
                            parts.push(PanelPart {
                                size: size_of(&files),
                                path: entry,
                                year: Some(year),
                                source: Source::Partition(files),
                            });
                        }
                        None => left_out.push(entry),
                    }
                } else {
                    parts.push(PanelPart {
                        size: size_of(std::slice::from_ref(&entry)),
                        year: year_in(&name),
                        source: Source::Files(vec![entry.clone()]),
                        path: entry,
                    });
                }
            }
        } else if super::sniff_path(root)? == super::decode::Kind::Zip {
            parts = zip_parts(root)?;
        } else {
            parts.push(PanelPart {
                size: size_of(&[root.to_path_buf()]),
                year: None,
                source: Source::Files(vec![root.to_path_buf()]),
                path: root.to_path_buf(),
            });
        }
        let parts = choose_parts(parts, &mut left_out, root)?;
        Ok(self.into_panel(parts, left_out))
    }

    /// The panel of the files `paths`, each a part, none left out: in
    /// year order with each name's year checked against the data where
    /// every name carries a year; where some do not, in path order, with
    /// every year from the data alone.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Panel`] when two files name the same year or there
    /// are none.
    pub fn panel_of<P: AsRef<Path>>(self, paths: impl IntoIterator<Item = P>) -> Result<Panel> {
        let mut parts: Vec<PanelPart> = paths
            .into_iter()
            .map(|p| {
                let p = p.as_ref().to_path_buf();
                PanelPart {
                    size: size_of(std::slice::from_ref(&p)),
                    year: p.file_name().and_then(|n| year_in(&n.to_string_lossy())),
                    source: Source::Files(vec![p.clone()]),
                    path: p,
                }
            })
            .collect();
        // Every file given is read, year or not.
        if parts.iter().any(|p| p.year.is_some()) && parts.iter().any(|p| p.year.is_none()) {
            for p in &mut parts {
                p.year = None;
            }
        }
        let parts = choose_parts(parts, &mut Vec::new(), Path::new(""))?;
        Ok(self.into_panel(parts, Vec::new()))
    }

    fn into_panel(mut self, parts: Vec<PanelPart>, left_out: Vec<PathBuf>) -> Panel {
        let hook = self.hook.take().map(|h| Rc::new(RefCell::new(h)));
        Panel {
            reader: self,
            parts,
            left_out,
            hook,
        }
    }
}

#[cfg(feature = "compression")]
fn zip_parts(root: &Path) -> Result<Vec<PanelPart>> {
    Ok(Reader::zip_members(root)?
        .into_iter()
        .filter(|m| !m.name().rsplit('/').next().is_some_and(hidden))
        .map(|m| PanelPart {
            path: root.join(m.name()),
            year: m.year(),
            size: m.size(),
            source: Source::Member {
                archive: root.to_path_buf(),
                name: m.name().to_owned(),
            },
        })
        .collect())
}

#[cfg(not(feature = "compression"))]
fn zip_parts(root: &Path) -> Result<Vec<PanelPart>> {
    Err(super::zip_unsupported(root))
}

/// A part's values, one per year, in year order.
struct ByYear<T> {
    years: Vec<(i32, T)>,
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
    fn fold_part<T, I, F, M>(
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
                    at = at.saturating_add(size_of(std::slice::from_ref(file)));
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

    /// Each year of the panel as [`TradeData`], one at a time, in year
    /// order, with the report of its part. A part is read whole: for
    /// yearly files (or partitions) one year's flows are held at once,
    /// and all the years of a part that holds several.
    #[must_use]
    pub fn years(&self) -> PanelYears<'_> {
        PanelYears {
            panel: self,
            next: 0,
            offset: 0,
            ready: VecDeque::new(),
            order: YearOrder::default(),
            failed: false,
        }
    }

    /// The currency of data read by the panel's reader, where the format
    /// fixes it.
    fn currency(&self) -> Option<Currency> {
        matches!(self.reader.format, Format::Baci | Format::Comtrade).then_some(Currency::USD)
    }
}

/// Years handed out must increase from part to part.
#[derive(Default)]
struct YearOrder {
    last: Option<(i32, PathBuf)>,
}

impl YearOrder {
    fn next(&mut self, year: i32, part: &PanelPart) -> Result<()> {
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

/// One year of a [`Panel`], from [`Panel::years`].
#[derive(Debug)]
pub struct PanelYear {
    year: i32,
    data: TradeData,
    report: Arc<ReadReport>,
    part: PathBuf,
}

impl PanelYear {
    /// The year.
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Its flows.
    #[must_use]
    pub fn data(&self) -> &TradeData {
        &self.data
    }

    /// Its flows, owned.
    #[must_use]
    pub fn into_data(self) -> TradeData {
        self.data
    }

    /// The report of the part it was read from (of all that part's years,
    /// where it holds several).
    #[must_use]
    pub fn report(&self) -> &ReadReport {
        &self.report
    }

    /// The part it was read from (see [`PanelPart::path`]).
    #[must_use]
    pub fn part(&self) -> &Path {
        &self.part
    }
}

/// The years of a [`Panel`] as [`TradeData`]: see [`Panel::years`].
pub struct PanelYears<'a> {
    panel: &'a Panel,
    next: usize,
    offset: u64,
    ready: VecDeque<PanelYear>,
    order: YearOrder,
    failed: bool,
}

impl fmt::Debug for PanelYears<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PanelYears")
            .field("next_part", &self.next)
            .field("ready", &self.ready.len())
            .finish_non_exhaustive()
    }
}

impl PanelYears<'_> {
    /// Reads the next part into `ready`.
    fn read_next(&mut self) -> Result<()> {
        let panel = self.panel;
        let Some(part) = panel.parts.get(self.next) else {
            return Ok(());
        };
        let currency = panel.currency();
        let init = || {
            vec![match currency {
                Some(c) => TradeDataBuilder::with_currency(c),
                None => TradeDataBuilder::new(),
            }]
        };
        let fold = |b: &mut Vec<TradeDataBuilder>, f: TradeFlow| match b.last_mut() {
            Some(last) => last.push(&f),
            None => Ok(()),
        };
        let mut merge = |mut a: Vec<TradeDataBuilder>, b: Vec<TradeDataBuilder>| {
            a.extend(b);
            Ok(a)
        };
        let (years, report) = panel.fold_part(self.next, self.offset, &init, &fold, &mut merge)?;
        self.next = self.next.saturating_add(1);
        self.offset = self.offset.saturating_add(part.size);
        let report = Arc::new(report);
        // Every year of the part, or none: an error is never followed by
        // an earlier year.
        let mut ready = Vec::with_capacity(years.years.len());
        for (year, builders) in years.years {
            self.order.next(year, part)?;
            ready.push(PanelYear {
                year,
                data: TradeData::from_parts(currency, builders)?,
                report: Arc::clone(&report),
                part: part.path.clone(),
            });
        }
        self.ready.extend(ready);
        Ok(())
    }
}

impl Iterator for PanelYears<'_> {
    type Item = Result<PanelYear>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.ready.is_empty() && !self.failed && self.next < self.panel.parts.len() {
            if let Err(e) = self.read_next() {
                self.failed = true;
                return Some(Err(e));
            }
        }
        self.ready.pop_front().map(Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_names() {
        assert_eq!(year_in("BACI_HS92_Y1995_V202401.csv"), Some(1995));
        assert_eq!(year_in("comtrade_2024.csv.gz"), Some(2024));
        assert_eq!(year_in("hs2022_Y2019.csv"), Some(2019));
        assert_eq!(year_in("country_codes_V202401.csv"), None);
        assert_eq!(partition_year("year=2024"), Some(2024));
        assert_eq!(partition_year("Year=1995"), Some(1995));
        assert_eq!(partition_year("month=3"), None);
        assert_eq!(partition_year("year=abc"), None);
    }
}
