//! Folding the flows of a file into a value, on several threads where
//! the format allows: [`Reader::fold_path`].

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

use super::{
    BaciParser, Counting, Flows, Format, Parser, Progress, ReadReport, Reader,
    baci::{Layout, baci_slots},
    drive,
};
use crate::data::lines::{LinePos, LineReader};
use crate::error::{Error, ErrorKind, Result};
use crate::model::flow::TradeFlow;

/// Chunks smaller than this are not worth a thread.
const MIN_CHUNK_BYTES: u64 = 4 << 20;

/// How often the progress hook is called while threads read.
const PROGRESS_EVERY: Duration = Duration::from_millis(25);

impl Reader {
    /// Reads with up to `n` threads where the format allows it (CEPII
    /// BACI, whose lines stand alone); other formats read on one. The
    /// default is the machine's available parallelism. Results never
    /// depend on the number of threads.
    #[must_use]
    pub fn threads(mut self, n: usize) -> Reader {
        self.threads = Some(n.max(1));
        self
    }

    /// Folds every flow of the file at `path` into a value, without
    /// keeping the flows: `init` makes an empty value, `fold` adds one
    /// flow to it, and `merge(a, b)` combines two values of which `b`
    /// holds flows that come after `a`'s in the file.
    ///
    /// A BACI file is cut into as many pieces as [`threads`](Self::threads)
    /// allows (at line ends, pieces of at least 4 MiB), each folded on
    /// its own thread from `init()`, and the values merged in file order;
    /// other formats, and compressed files of any format (gzip, or a zip
    /// archive's one data member, as [`read_path`](Self::read_path) picks
    /// it), are folded in order on the calling thread, decompressed as
    /// they are read, from one `init()`. With an exact, associative `merge`, as the streaming
    /// builders of [`metrics`](crate::metrics) have, the result does not
    /// depend on the number of threads. Memory is one buffer per thread
    /// plus the values: a file of any size can be folded.
    ///
    /// The progress hook is called every few milliseconds with the bytes
    /// read by all threads together. Bad records are handled as in
    /// [`read_path`](Self::read_path), with the same positions (file,
    /// line, record, column), whatever the number of threads.
    ///
    /// # Errors
    ///
    /// As [`read_path`](Self::read_path), and the first error of `fold`
    /// or `merge`, in file order.
    ///
    /// # Example
    ///
    /// ```
    /// use rust_decimal::Decimal;
    /// use tradedep::Reader;
    ///
    /// let path = std::env::temp_dir().join("tradedep-fold-example.csv");
    /// std::fs::write(&path, "t,i,j,k,v,q\n2022,156,392,850511,1.5,NA\n2022,842,392,280530,2,NA\n")?;
    /// // Total value and the number of flows, in USD.
    /// let ((total, n), report) = Reader::baci().threads(2).fold_path(
    ///     &path,
    ///     || (Decimal::ZERO, 0u64),
    ///     |acc, flow| {
    ///         acc.0 += flow.value().amount();
    ///         acc.1 += 1;
    ///         Ok(())
    ///     },
    ///     |a, b| Ok((a.0 + b.0, a.1 + b.1)),
    /// )?;
    /// assert_eq!((total, n), (Decimal::from(3500), 2));
    /// assert!(report.is_complete());
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fold_path<T, I, F, M>(
        mut self,
        path: impl AsRef<Path>,
        init: I,
        fold: F,
        merge: M,
    ) -> Result<(T, ReadReport)>
    where
        T: Send,
        I: Fn() -> T + Sync,
        F: Fn(&mut T, TradeFlow) -> Result<()> + Sync,
        M: FnMut(T, T) -> Result<T>,
    {
        let path = path.as_ref();
        let in_file = |e: Error| e.in_file(path);
        let kind = super::sniff_path(path)?;
        if kind == super::decode::Kind::Zip {
            return self.fold_zip(path, &init, &fold);
        }
        #[cfg(feature = "parquet")]
        if kind == super::decode::Kind::Parquet {
            return self
                .fold_parquet(&super::parquet::path_source(path), &init, &fold, merge)
                .map_err(in_file);
        }
        let file = File::open(path).map_err(|e| in_file(Error::from(e)))?;
        let len = file.metadata().ok().map(|m| m.len());
        let threads = self.thread_count();
        // Compressed input is read in order, decompressed as it goes.
        let parallel =
            matches!(self.format, Format::Baci) && threads > 1 && kind == super::decode::Kind::Text;
        let result = match (parallel, len) {
            (true, Some(len)) if len >= 2 * MIN_CHUNK_BYTES => {
                self.fold_chunks(path, file, len, threads, &init, &fold, merge)
            }
            _ => {
                let counting = Counting::new(file, len, self.hook.take(), self.max_line_limit())?;
                let keep = self.keep_errors;
                let mut flows = self.flows_inner(counting)?;
                let mut acc = init();
                let mut report = ReadReport::default();
                drive(&mut flows, keep, &mut report, |f| fold(&mut acc, f)).map(|()| (acc, report))
            }
        };
        result.map_err(in_file).map(|(acc, mut report)| {
            report.errors = std::mem::take(&mut report.errors)
                .into_iter()
                .map(in_file)
                .collect();
            (acc, report)
        })
    }

    /// A zip archive: its one data member (as
    /// [`read_path`](Self::read_path) picks it), read in order.
    #[cfg(feature = "compression")]
    fn fold_zip<T, I, F>(self, path: &Path, init: &I, fold: &F) -> Result<(T, ReadReport)>
    where
        I: Fn() -> T,
        F: Fn(&mut T, TradeFlow) -> Result<()>,
    {
        let mut acc = init();
        let report = self.read_zip_with(path, None, &mut |f| fold(&mut acc, f))?;
        Ok((acc, report))
    }

    #[cfg(not(feature = "compression"))]
    #[expect(clippy::unused_self, reason = "the same signature as with the feature")]
    fn fold_zip<T, I, F>(self, path: &Path, _: &I, _: &F) -> Result<(T, ReadReport)>
    where
        I: Fn() -> T,
        F: Fn(&mut T, TradeFlow) -> Result<()>,
    {
        Err(super::zip_unsupported(path))
    }

    /// The parallel path for BACI: read the header, cut the rest at line
    /// ends, fold each piece on a thread, merge in order.
    #[expect(
        clippy::too_many_arguments,
        reason = "the file, its size, and the fold's parts"
    )]
    fn fold_chunks<T, I, F, M>(
        mut self,
        path: &Path,
        mut file: File,
        len: u64,
        threads: usize,
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
        let max_line = self.max_line;
        let first = LinePos {
            line: 1,
            record: 0,
            byte: 0,
        };
        let (slots, body) = {
            let mut lines = LineReader::new(&mut file, max_line, first);
            let Some((header, _)) = lines.next_line()? else {
                return Err(Error::new(ErrorKind::EmptyInput));
            };
            (baci_slots(header)?, lines.position())
        };
        let pieces = u64::try_from(threads)
            .unwrap_or(1)
            .min(len.saturating_sub(body.byte) / MIN_CHUNK_BYTES)
            .max(1);
        let cuts = cut_points(&mut file, body.byte, len, pieces, max_line)?;
        let read = AtomicU64::new(body.byte);
        let keep = self.keep_errors;
        let mut hook = self.hook.take();
        let outcomes: Vec<Piece<T>> = thread::scope(|scope| {
            let handles: Vec<_> = cuts
                .windows(2)
                .map(|w| {
                    let (start, end) = (w.first().copied(), w.get(1).copied());
                    let (slots, read) = (slots.clone(), &read);
                    scope.spawn(move || {
                        let (start, end) = (start.unwrap_or(len), end.unwrap_or(len));
                        fold_piece(path, start, end, slots, max_line, keep, read, init, fold)
                    })
                })
                .collect();
            if let Some(hook) = hook.as_mut() {
                while !handles.iter().all(thread::ScopedJoinHandle::is_finished) {
                    hook(Progress {
                        bytes_read: read.load(Ordering::Relaxed),
                        total_bytes: Some(len),
                    });
                    thread::sleep(PROGRESS_EVERY);
                }
            }
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| Piece {
                        outcome: Err(Error::new(ErrorKind::Io(io::Error::other(
                            "a reading thread stopped",
                        )))),
                        report: ReadReport::default(),
                        lines: 0,
                    })
                })
                .collect()
        });
        if let Some(hook) = hook.as_mut() {
            hook(Progress {
                bytes_read: len,
                total_bytes: Some(len),
            });
        }
        // Merge in file order, numbering lines and records from the
        // file's start: the header is line 1, record 0.
        let mut lines_before: u64 = 1;
        let mut records_before: u64 = 0;
        let mut total: Option<T> = None;
        let mut report = ReadReport::default();
        for piece in outcomes {
            let shift = |e: Error| e.shifted(lines_before, records_before);
            let acc = piece.outcome.map_err(shift)?;
            let records = piece.report.records();
            let mut part = piece.report;
            part.errors = std::mem::take(&mut part.errors)
                .into_iter()
                .map(shift)
                .collect();
            report.absorb(part, keep.unwrap_or(0));
            lines_before = lines_before.saturating_add(piece.lines);
            records_before = records_before.saturating_add(records);
            total = Some(match total {
                None => acc,
                Some(before) => merge(before, acc)?,
            });
        }
        report.set_bytes(len);
        let acc = match total {
            Some(acc) => acc,
            None => init(),
        };
        Ok((acc, report))
    }
}

/// What one thread made of its piece of the file.
struct Piece<T> {
    outcome: Result<T>,
    report: ReadReport,
    /// Lines the piece spans, blank ones included.
    lines: u64,
}

/// Folds the lines of bytes `start..end` (line ends at both), numbering
/// lines and records from 1 within the piece.
#[expect(
    clippy::too_many_arguments,
    reason = "the piece's bounds and the fold's parts, passed to a thread"
)]
fn fold_piece<T, I, F>(
    path: &Path,
    start: u64,
    end: u64,
    slots: Layout,
    max_line: usize,
    keep: Option<usize>,
    read: &AtomicU64,
    init: &I,
    fold: &F,
) -> Piece<T>
where
    I: Fn() -> T,
    F: Fn(&mut T, TradeFlow) -> Result<()>,
{
    let mut report = ReadReport::default();
    let run = || -> Result<(T, u64)> {
        let mut file = File::open(path)?;
        file.seek(SeekFrom::Start(start))?;
        let tally = Tally {
            inner: file.take(end.saturating_sub(start)),
            read,
        };
        let counting = Counting::plain(tally, usize::MAX);
        let first = LinePos {
            line: 1,
            record: 1,
            byte: start,
        };
        let lines = LineReader::new(counting, max_line, first);
        let mut flows = Flows::new(Parser::Baci(BaciParser::with_slots(lines, slots)), None);
        let mut acc = init();
        drive(&mut flows, keep, &mut report, |f| fold(&mut acc, f))?;
        let spanned = match &flows.parser {
            Parser::Baci(p) => p.lines.position().line.saturating_sub(1),
            _ => 0,
        };
        Ok((acc, spanned))
    };
    match run() {
        Ok((acc, lines)) => Piece {
            outcome: Ok(acc),
            report,
            lines,
        },
        Err(e) => Piece {
            outcome: Err(e),
            report,
            lines: 0,
        },
    }
}

/// Counts bytes read into a counter shared by all threads, for the
/// progress hook.
struct Tally<'a, R> {
    inner: R,
    read: &'a AtomicU64,
}

impl<R: Read> Read for Tally<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Byte offsets `body, c1, ..., len`: `pieces` pieces of about equal
/// size, each cut just after a line end.
fn cut_points(
    file: &mut File,
    body: u64,
    len: u64,
    pieces: u64,
    max_line: usize,
) -> Result<Vec<u64>> {
    let mut cuts = vec![body];
    let span = len.saturating_sub(body);
    for k in 1..pieces {
        let step = span.checked_div(pieces).unwrap_or(span);
        let target = body.saturating_add(step.saturating_mul(k));
        let previous = cuts.last().copied().unwrap_or(body);
        // No line end within a line's limit of the target: no cut there.
        // The piece before it then reads the long line, and its error
        // comes in file order with its line number, as on one thread.
        if let Some(cut) = next_line_start(file, target.max(previous), len, max_line)? {
            cuts.push(cut);
        }
    }
    cuts.push(len);
    Ok(cuts)
}

/// The offset just after the first line end at or after `from - 1` (so
/// `from` itself when a line starts there); `len` when none is left;
/// `None` when no line ends within `max_line` bytes.
fn next_line_start(file: &mut File, from: u64, len: u64, max_line: usize) -> Result<Option<u64>> {
    let mut at = from.saturating_sub(1);
    file.seek(SeekFrom::Start(at))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut scanned: usize = 0;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(Some(len));
        }
        let chunk = buf.get(..n).unwrap_or(&[]);
        if let Some(i) = memchr::memchr(b'\n', chunk) {
            return Ok(Some(at.saturating_add(i as u64).saturating_add(1)));
        }
        at = at.saturating_add(n as u64);
        scanned = scanned.saturating_add(n);
        if scanned > max_line {
            return Ok(None);
        }
    }
}
