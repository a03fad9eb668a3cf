//! Zip archives, as CEPII ships BACI (one archive per HS revision, a CSV
//! per year): their members listed, one read by name or by year, or all
//! the yearly members read in order.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::decode::{Compression, binary};
use super::progress::{Progress, ProgressHook};
use super::report::ReadReport;
use super::{Counting, Reader, drive};
use crate::data::builder::TradeDataBuilder;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::money::Currency;

/// One file of a zip archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipMember {
    name: String,
    size: u64,
    year: Option<i32>,
}

impl ZipMember {
    /// Its name in the archive (`BACI_HS22_Y2022_V202401.csv`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its size once decompressed, in bytes.
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The year its name carries: four digits from 1950 to 2099 standing
    /// apart from other digits, the ones after a `Y` first (BACI's
    /// `_Y2022_`; not the `202401` of a version). `None` for names
    /// without one (`country_codes_V202401.csv`, `Readme.txt`).
    #[must_use]
    pub fn year(&self) -> Option<i32> {
        self.year
    }
}

/// Which members of a zip archive [`Reader::read_zip`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZipPick {
    /// The member of this name.
    Named(String),
    /// The one member whose name carries this year ([`ZipMember::year`]).
    Year(i32),
    /// Every member whose name carries a year, in year order (then by
    /// name), into one [`TradeData`]: a panel of years. Members without a
    /// year (code lists, read-me files) are left out.
    AllYears,
}

fn zip_error(path: &Path, e: &zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) => {
            Error::from(io::Error::new(io.kind(), io.to_string())).in_file(path)
        }
        other => Error::new(ErrorKind::BinaryInput {
            what: format!("a zip archive that cannot be read ({other})"),
            hint: "check that the download is complete",
        })
        .in_file(path),
    }
}

fn open(path: &Path) -> Result<zip::ZipArchive<File>> {
    let file = File::open(path).map_err(|e| Error::from(e).in_file(path))?;
    zip::ZipArchive::new(file).map_err(|e| zip_error(path, &e))
}

/// The files of an archive, in its order.
fn members(archive: &mut zip::ZipArchive<File>, path: &Path) -> Result<Vec<ZipMember>> {
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).map_err(|e| zip_error(path, &e))?;
        if f.is_dir() || f.name().starts_with("__MACOSX/") {
            continue;
        }
        out.push(ZipMember {
            name: f.name().to_owned(),
            size: f.size(),
            year: super::panel_open::year_in(f.name()),
        });
    }
    Ok(out)
}

/// A short list of names, for messages.
fn listing(members: &[ZipMember]) -> String {
    let mut names: Vec<&str> = members.iter().take(8).map(ZipMember::name).collect();
    if members.len() > 8 {
        names.push("...");
    }
    names.join(", ")
}

/// Counts a member's bytes and calls the progress hook every MiB and at
/// its end, with the bytes of all members read so far.
struct Progressing<'h, R> {
    inner: R,
    done: u64,
    next: u64,
    total: u64,
    hook: &'h mut Option<ProgressHook>,
}

impl<R: Read> Read for Progressing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done = self.done.saturating_add(n as u64);
        if let Some(hook) = self.hook.as_mut()
            && (self.done >= self.next || n == 0)
        {
            hook(Progress {
                bytes_read: self.done,
                total_bytes: Some(self.total),
            });
            self.next = self.done.saturating_add(1 << 20);
        }
        Ok(n)
    }
}

/// Bytes read ahead in each block.
const AHEAD_BLOCK: usize = 1 << 20;

/// Blocks read ahead at most (memory: this many blocks).
const AHEAD_BLOCKS: usize = 4;

/// The bytes of a reader that runs on another thread, a few blocks
/// ahead: decompression beside the parsing.
struct Ahead {
    rx: std::sync::mpsc::Receiver<io::Result<Vec<u8>>>,
    block: Vec<u8>,
    at: usize,
    done: bool,
}

impl Read for Ahead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.block.len() {
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Ok(b)) if b.is_empty() => self.done = true,
                Ok(Ok(b)) => {
                    self.block = b;
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                // The reading thread ended without saying so: it failed.
                Err(_) => {
                    self.done = true;
                    return Err(io::Error::other("the decompressing thread stopped"));
                }
            }
        }
        let rest = self.block.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.at = self.at.saturating_add(n);
        Ok(n)
    }
}

/// Runs `f` on the bytes of `inner`, which another thread reads (and
/// decompresses) a few blocks ahead. When `f` returns, its reader is
/// dropped, so the other thread stops at its next block.
fn read_ahead<R: Read + Send, T>(inner: R, f: impl FnOnce(Ahead) -> T) -> T {
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel(AHEAD_BLOCKS);
        s.spawn(move || {
            let mut inner = inner;
            loop {
                let mut block = vec![0u8; AHEAD_BLOCK];
                let mut filled = 0;
                let result = loop {
                    let Some(rest) = block.get_mut(filled..) else {
                        break Ok(());
                    };
                    if rest.is_empty() {
                        break Ok(());
                    }
                    match inner.read(rest) {
                        Ok(0) => break Ok(()),
                        Ok(n) => filled = filled.saturating_add(n),
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => break Err(e),
                    }
                };
                block.truncate(filled);
                let last = block.is_empty();
                match result {
                    // Bytes read before the error go first (an empty
                    // block would say the input ended).
                    Err(e) => {
                        if !last {
                            let _ = tx.send(Ok(block));
                        }
                        let _ = tx.send(Err(e));
                        break;
                    }
                    Ok(()) => {
                        if tx.send(Ok(block)).is_err() || last {
                            break;
                        }
                    }
                }
            }
        });
        f(Ahead {
            rx,
            block: Vec::new(),
            at: 0,
            done: false,
        })
    })
}

impl Reader {
    /// The files of the zip archive at `path`, in the archive's order
    /// (directories left out), each with its name, size and the year its
    /// name carries.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the file cannot be read;
    /// [`ErrorKind::BinaryInput`] when it is not a zip archive that can be
    /// read.
    pub fn zip_members(path: impl AsRef<Path>) -> Result<Vec<ZipMember>> {
        let path = path.as_ref();
        members(&mut open(path)?, path)
    }

    /// Reads members of the zip archive at `path` (see [`ZipPick`]) into
    /// one [`TradeData`], each member recognised as any input is (plain
    /// text; a member that is itself compressed or binary is refused).
    /// Errors name the member as a path inside the archive
    /// (`BACI_HS22_V202401.zip/BACI_HS22_Y2022_V202401.csv`, line 12).
    /// The progress hook counts decompressed bytes against the members'
    /// total size.
    ///
    /// # Example
    ///
    /// ```no_run
    /// use tradedep::{Reader, ZipPick};
    ///
    /// let path = "BACI_HS22_V202401.zip";
    /// for m in Reader::zip_members(path)? {
    ///     println!("{} {:?} {} bytes", m.name(), m.year(), m.size());
    /// }
    /// let (year, report) = Reader::baci().read_zip(path, &ZipPick::Year(2022))?;
    /// println!("{report}");
    /// # Ok::<(), tradedep::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`zip_members`](Self::zip_members); [`ErrorKind::Parameter`]
    /// when no member (or, for a year, more than one) fits the pick, the
    /// message listing the members; and as [`read`](Self::read) for each
    /// member.
    pub fn read_zip(
        self,
        path: impl AsRef<Path>,
        pick: &ZipPick,
    ) -> Result<(TradeData, ReadReport)> {
        self.zip_into_data(path.as_ref(), Some(pick))
    }

    /// A zip archive given to [`read_path`](Self::read_path): its one
    /// member, or its one member with a year in its name.
    pub(super) fn read_zip_auto(self, path: &Path) -> Result<(TradeData, ReadReport)> {
        self.zip_into_data(path, None)
    }

    fn zip_into_data(self, path: &Path, pick: Option<&ZipPick>) -> Result<(TradeData, ReadReport)> {
        let mut builder = match self.format {
            super::Format::Baci | super::Format::Comtrade => {
                TradeDataBuilder::with_currency(Currency::USD)
            }
            _ => TradeDataBuilder::new(),
        };
        let report = self.read_zip_with(path, pick, &mut |f| builder.push(&f))?;
        Ok((builder.build(), report))
    }

    /// Hands every flow of the picked members (or the member
    /// [`read_path`](Self::read_path) picks) to `each`, in order.
    pub(super) fn read_zip_with(
        mut self,
        path: &Path,
        pick: Option<&ZipPick>,
        each: &mut dyn FnMut(crate::TradeFlow) -> Result<()>,
    ) -> Result<ReadReport> {
        let mut archive = open(path)?;
        let all = members(&mut archive, path)?;
        let chosen = match pick {
            Some(p) => choose(&all, p)?,
            None => vec![auto(&all, path)?],
        };
        let total = chosen.iter().fold(0u64, |t, m| t.saturating_add(m.size));
        let mut hook = self.hook.take();
        let keep = self.keep_errors;
        let mut report = ReadReport::default();
        let mut done = 0u64;
        for m in &chosen {
            let at = path.join(&m.name);
            let file = archive.by_name(&m.name).map_err(|e| zip_error(path, &e))?;
            // The member is inflated on a thread of its own, a few blocks
            // ahead of the parsing.
            let part = read_ahead(file, |ahead| -> Result<ReadReport> {
                let progressing = Progressing {
                    inner: ahead,
                    done,
                    next: done,
                    total,
                    hook: &mut hook,
                };
                let counting = Counting::new(progressing, None, None, self.max_line_limit())
                    .map_err(|e| inner_binary(e).in_file(&at))?;
                let mut flows = self
                    .settings()
                    .flows_inner(counting)
                    .map_err(|e| e.in_file(&at))?;
                let mut part = ReadReport::default();
                drive(&mut flows, keep, &mut part, &mut *each).map_err(|e| e.in_file(&at))?;
                Ok(part)
            })?;
            let mut part = part;
            done = done.saturating_add(part.bytes());
            part.errors = std::mem::take(&mut part.errors)
                .into_iter()
                .map(|e| e.in_file(&at))
                .collect();
            report.absorb(part, keep.unwrap_or(0));
        }
        report.compression = Compression::Zip;
        Ok(report)
    }
}

/// A member that is itself compressed is named as such.
fn inner_binary(e: Error) -> Error {
    match e.kind() {
        ErrorKind::BinaryInput { what, .. } if what == "a zip archive" => {
            binary("a zip archive inside a zip archive")
        }
        _ => e,
    }
}

fn choose(all: &[ZipMember], pick: &ZipPick) -> Result<Vec<ZipMember>> {
    let none = |what: String| {
        Error::new(ErrorKind::Parameter {
            name: "zip member",
            value: what,
            expected: "a member of the archive (see Reader::zip_members)",
        })
    };
    match pick {
        ZipPick::Named(n) => all
            .iter()
            .find(|m| &m.name == n)
            .cloned()
            .map(|m| vec![m])
            .ok_or_else(|| none(format!("{n:?} (the archive holds {})", listing(all)))),
        ZipPick::Year(y) => {
            let of_year: Vec<ZipMember> =
                all.iter().filter(|m| m.year == Some(*y)).cloned().collect();
            match of_year.len() {
                1 => Ok(of_year),
                0 => Err(none(format!(
                    "the year {y} (the archive holds {})",
                    listing(all)
                ))),
                _ => Err(none(format!(
                    "the year {y}, which {} members carry: {}; pick one by name",
                    of_year.len(),
                    listing(&of_year)
                ))),
            }
        }
        ZipPick::AllYears => {
            let mut years: Vec<ZipMember> =
                all.iter().filter(|m| m.year.is_some()).cloned().collect();
            years.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.name.cmp(&b.name)));
            if years.is_empty() {
                return Err(none(format!(
                    "any member with a year in its name (the archive holds {})",
                    listing(all)
                )));
            }
            Ok(years)
        }
    }
}

/// The member `read_path` reads: the only one, or the only one with a
/// year; otherwise an error that says how to pick.
fn auto(all: &[ZipMember], path: &Path) -> Result<ZipMember> {
    if let [only] = all {
        return Ok(only.clone());
    }
    let with_year: Vec<&ZipMember> = all.iter().filter(|m| m.year.is_some()).collect();
    if let [only] = with_year.as_slice() {
        return Ok((*only).clone());
    }
    if all.iter().any(|m| m.name == "[Content_Types].xml") {
        return Err(binary("an Excel workbook (xlsx)").in_file(path));
    }
    Err(Error::new(ErrorKind::Parameter {
        name: "zip archive",
        value: format!("with {} members ({})", all.len(), listing(all)),
        expected: "one member to read: pick it with Reader::read_zip (by name, by year, or every year)",
    })
    .in_file(path))
}
