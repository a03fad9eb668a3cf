//! Progress of a read: bytes counted, and the hook called as they go.

use std::io::{self, Read};

use super::decode::{Compression, Decoded};
use crate::csvutil::LineLimit;
use crate::error::Result;

/// How far a reader has got, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub(super) bytes_read: u64,
    pub(super) total_bytes: Option<u64>,
}

impl Progress {
    /// Bytes read from the input so far (of a compressed input, the
    /// compressed bytes, so that they count towards its size).
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

pub(super) type ProgressHook = Box<dyn FnMut(Progress)>;

/// Decodes the input (plain or gzip, see [`Decoded`]), counts bytes and
/// calls the progress hook every `step` bytes and at the end of input,
/// with the bytes read from the source (compressed bytes for gzip, so
/// that a file's size is the total).
pub(crate) struct Counting<R> {
    inner: LineLimit<Decoded<R>>,
    /// Bytes of text read.
    pub(super) read: u64,
    pub(super) compression: Compression,
    total: Option<u64>,
    next: u64,
    hook: Option<ProgressHook>,
}

const PROGRESS_STEP: u64 = 1 << 20;

impl<R: Read> Counting<R> {
    /// Recognises the input from its first bytes (see [`Decoded::new`]).
    pub(super) fn new(
        inner: R,
        total: Option<u64>,
        hook: Option<ProgressHook>,
        max_line: usize,
    ) -> Result<Self> {
        let (decoded, compression) = Decoded::new(inner)?;
        Ok(Counting {
            inner: LineLimit::new(decoded, max_line),
            read: 0,
            compression,
            total,
            next: 0,
            hook,
        })
    }

    /// Input known to be plain text: a piece of a file already
    /// recognised.
    pub(super) fn plain(inner: R, max_line: usize) -> Self {
        Counting {
            inner: LineLimit::new(Decoded::plain(inner), max_line),
            read: 0,
            compression: Compression::None,
            total: None,
            next: 0,
            hook: None,
        }
    }

    /// Bytes read from the source so far.
    pub(super) fn source_bytes(&self) -> u64 {
        self.inner.get_ref().source_bytes(self.read)
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read = self.read.saturating_add(n as u64);
        if self.hook.is_some() && (self.read >= self.next || n == 0) {
            let bytes_read = self.source_bytes();
            if let Some(hook) = self.hook.as_mut() {
                hook(Progress {
                    bytes_read,
                    total_bytes: self.total,
                });
            }
            self.next = self.read.saturating_add(PROGRESS_STEP);
        }
        Ok(n)
    }
}
