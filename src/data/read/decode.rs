//! Input as it comes: plain text, gzip, or a zip archive, recognised by
//! its first bytes (never by its name); anything else that is binary is
//! refused, without quoting its bytes.

use std::fmt;
use std::io::{self, Read};

use crate::error::{Error, ErrorKind, Result};

/// How an input was compressed, as the readers found it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// Plain text.
    #[default]
    None,
    /// gzip (`1f 8b`), one member or several in a row, as UN Comtrade's
    /// bulk files come.
    Gzip,
    /// A member of a zip archive (`PK 03 04`), as CEPII ships BACI.
    Zip,
    /// A Parquet file (`PAR1`), its pages compressed as its metadata
    /// says (Snappy, zstd, LZ4, gzip or none); read by path with the
    /// `parquet` feature.
    Parquet,
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Compression::None => "plain",
            Compression::Gzip => "gzip",
            Compression::Zip => "a zip archive",
            Compression::Parquet => "Parquet",
        })
    }
}

/// Bytes looked at to recognise an input: enough for every signature and
/// for a NUL byte that marks binary data.
const SNIFF_BYTES: usize = 512;

/// What an input's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Gzip,
    Zip,
    Parquet,
    /// Binary data of this kind, which no reader reads.
    Binary(&'static str),
}

/// Recognises an input from its first bytes.
pub(crate) fn sniff(head: &[u8]) -> Kind {
    let starts = |sig: &[u8]| head.starts_with(sig);
    if starts(&[0x1f, 0x8b]) {
        Kind::Gzip
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        Kind::Zip
    } else if starts(b"BZh") {
        Kind::Binary("bzip2-compressed data")
    } else if starts(&[0xfd, b'7', b'z', b'X', b'Z', 0]) {
        Kind::Binary("xz-compressed data")
    } else if starts(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Kind::Binary("zstd-compressed data")
    } else if starts(&[b'7', b'z', 0xbc, 0xaf, 0x27, 0x1c]) {
        Kind::Binary("a 7-Zip archive")
    } else if starts(b"PAR1") {
        Kind::Parquet
    } else if starts(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        Kind::Binary("an Excel 97-2003 workbook")
    } else if starts(b"%PDF") {
        Kind::Binary("a PDF document")
    } else if starts(&[0xff, 0xfe]) || starts(&[0xfe, 0xff]) {
        Kind::Binary("UTF-16 text")
    } else if head.contains(&0) {
        Kind::Binary("binary data")
    } else {
        Kind::Text
    }
}

/// The error for binary input of `what`.
pub(crate) fn binary(what: &str) -> Error {
    let hint = if what.starts_with("UTF-16") {
        "save it as UTF-8 text"
    } else if what.contains("Excel") {
        "save the sheet as CSV (UTF-8)"
    } else if what.contains("compressed") || what.contains("7-Zip") {
        "decompress it first; gzip and zip are read as they are"
    } else {
        "give a CSV or JSON text file, plain, gzip or zip"
    };
    Error::new(ErrorKind::BinaryInput {
        what: what.to_owned(),
        hint,
    })
}

/// The error for a Parquet file given as a stream: its metadata is at its
/// end, so it is read by path (or from bytes in memory).
pub(crate) fn parquet_stream() -> Error {
    Error::new(ErrorKind::BinaryInput {
        what: "a Parquet file".into(),
        hint: if cfg!(feature = "parquet") {
            "read it by path (Reader::read_path), or from bytes in memory (Reader::read_parquet_bytes)"
        } else {
            "enable the crate's `parquet` feature and read it by path"
        },
    })
}

/// A reader that gives back the bytes it looked at first, then the rest.
#[derive(Debug)]
pub(crate) struct Prefixed<R> {
    head: Vec<u8>,
    at: usize,
    inner: R,
    /// An error met while reading ahead, after some bytes: returned once
    /// those bytes are read, where it would have come without the look.
    pending: Option<io::Error>,
}

impl<R: Read> Prefixed<R> {
    /// Reads up to `n` bytes ahead (fewer at the end of input).
    pub(crate) fn new(mut inner: R, n: usize) -> io::Result<Self> {
        let mut head = vec![0; n];
        let mut filled = 0;
        while filled < n {
            let Some(rest) = head.get_mut(filled..) else {
                break;
            };
            match inner.read(rest) {
                Ok(0) => break,
                Ok(k) => filled = filled.saturating_add(k),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if filled == 0 => return Err(e),
                Err(e) => {
                    head.truncate(filled);
                    return Ok(Prefixed {
                        head,
                        at: 0,
                        inner,
                        pending: Some(e),
                    });
                }
            }
        }
        head.truncate(filled);
        Ok(Prefixed {
            head,
            at: 0,
            inner,
            pending: None,
        })
    }

    /// Nothing read ahead.
    pub(crate) fn plain(inner: R) -> Self {
        Prefixed {
            head: Vec::new(),
            at: 0,
            inner,
            pending: None,
        }
    }

    /// The bytes read ahead.
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }

    #[cfg(feature = "compression")]
    pub(crate) fn get_ref(&self) -> &R {
        &self.inner
    }
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(rest) = self.head.get(self.at..)
            && !rest.is_empty()
        {
            let n = rest.len().min(buf.len());
            if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
                dst.copy_from_slice(src);
            }
            self.at = self.at.saturating_add(n);
            return Ok(n);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        self.inner.read(buf)
    }
}

/// Counts the bytes read from the source, under a decoder.
#[derive(Debug)]
#[cfg(feature = "compression")]
pub(crate) struct Counted<R> {
    inner: R,
    count: u64,
}

#[cfg(feature = "compression")]
impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count = self.count.saturating_add(n as u64);
        Ok(n)
    }
}

/// An input's text: read as it is, or decompressed on the way.
pub(crate) enum Decoded<R> {
    Plain(Prefixed<R>),
    #[cfg(feature = "compression")]
    Gzip(Box<Prefixed<flate2::read::MultiGzDecoder<Prefixed<Counted<R>>>>>),
}

impl<R> fmt::Debug for Decoded<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decoded::Plain(_) => "Decoded::Plain",
            #[cfg(feature = "compression")]
            Decoded::Gzip(_) => "Decoded::Gzip",
        })
    }
}

impl<R: Read> Decoded<R> {
    /// Recognises `inner` from its first bytes: plain text as it is,
    /// gzip decompressed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BinaryInput`] for a zip archive (read by path:
    /// [`Reader::read_zip`](crate::Reader::read_zip)), gzip without the
    /// `compression` feature, and anything else binary, inside gzip or
    /// not; [`ErrorKind::Io`] when reading fails or the gzip stream is
    /// corrupt.
    pub(crate) fn new(inner: R) -> Result<(Self, Compression)> {
        let head = Prefixed::new(inner, SNIFF_BYTES)?;
        match sniff(head.head()) {
            Kind::Text => Ok((Decoded::Plain(head), Compression::None)),
            Kind::Gzip => Decoded::gzip(head),
            Kind::Zip => Err(Error::new(ErrorKind::BinaryInput {
                what: "a zip archive".into(),
                hint: "read it by path (Reader::read_path, or Reader::read_zip to pick members)",
            })),
            Kind::Parquet => Err(parquet_stream()),
            Kind::Binary(what) => Err(binary(what)),
        }
    }

    /// Input known to be plain text (a piece of a file already
    /// recognised).
    pub(crate) fn plain(inner: R) -> Self {
        Decoded::Plain(Prefixed::plain(inner))
    }

    #[cfg(feature = "compression")]
    fn gzip(head: Prefixed<R>) -> Result<(Self, Compression)> {
        // `head` holds the bytes looked at; count the source from there.
        let Prefixed {
            head: seen,
            at,
            inner,
            pending,
        } = head;
        let counted = Prefixed {
            at,
            inner: Counted {
                inner,
                count: seen.len() as u64,
            },
            head: seen,
            pending,
        };
        let text = Prefixed::new(flate2::read::MultiGzDecoder::new(counted), SNIFF_BYTES)?;
        match sniff(text.head()) {
            Kind::Text => Ok((Decoded::Gzip(Box::new(text)), Compression::Gzip)),
            Kind::Gzip => Err(binary("gzip inside gzip")),
            Kind::Zip => Err(binary("a zip archive inside gzip")),
            Kind::Parquet => Err(binary("a Parquet file, inside gzip")),
            Kind::Binary(what) => Err(binary(&format!("{what}, inside gzip"))),
        }
    }

    #[cfg(not(feature = "compression"))]
    fn gzip(_: Prefixed<R>) -> Result<(Self, Compression)> {
        Err(Error::new(ErrorKind::BinaryInput {
            what: "gzip-compressed data".into(),
            hint: "enable the crate's `compression` feature (on by default), or decompress it first",
        }))
    }

    /// Bytes read from the source so far, given `decoded` bytes of text
    /// handed on: the same for plain text, the compressed bytes for
    /// gzip.
    pub(crate) fn source_bytes(&self, decoded: u64) -> u64 {
        match self {
            Decoded::Plain(_) => decoded,
            #[cfg(feature = "compression")]
            Decoded::Gzip(g) => g.get_ref().get_ref().get_ref().count,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(p) => p.read(buf),
            #[cfg(feature = "compression")]
            Decoded::Gzip(g) => g.read(buf),
        }
    }
}
