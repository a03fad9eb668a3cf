//! Progress of a read: bytes counted, and the hook called as they go.

use std::io::{self, Read};

use crate::csvutil::LineLimit;

/// How far a reader has got, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub(super) bytes_read: u64,
    pub(super) total_bytes: Option<u64>,
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

pub(super) type ProgressHook = Box<dyn FnMut(Progress)>;

/// Counts bytes and calls the progress hook every `step` bytes and at the
/// end of input.
pub(crate) struct Counting<R> {
    inner: LineLimit<R>,
    pub(super) read: u64,
    total: Option<u64>,
    next: u64,
    hook: Option<ProgressHook>,
}

const PROGRESS_STEP: u64 = 1 << 20;

impl<R> Counting<R> {
    pub(super) fn new(
        inner: R,
        total: Option<u64>,
        hook: Option<ProgressHook>,
        max_line: usize,
    ) -> Self {
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
