//! What a read did: [`ReadReport`].

use std::fmt;

use super::decode::Compression;

use crate::data::mix::Mix;
use crate::error::Error;
use crate::model::flow::TradeFlow;
use crate::model::hs::HsLevel;
use crate::model::period::Frequency;

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
    pub(super) errors: Vec<Error>,
    bytes: u64,
    mix: Mix,
    pub(super) compression: Compression,
    /// Values and quantities read from floating-point columns.
    pub(super) floats: u64,
}

impl ReadReport {
    /// How the input was compressed: plain, gzip, or a zip member (found
    /// from its first bytes).
    #[must_use]
    pub fn compression(&self) -> Compression {
        self.compression
    }

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

    /// Valid records left out on purpose: Comtrade rows the model has no
    /// place for (the EU aggregate 97; breakdowns by customs procedure,
    /// mode of transport or second partner), and rows at another HS level
    /// than the one asked for ([`Reader::hs_level`](crate::Reader::hs_level)). Reported totals
    /// (partner World, `TOTAL`) and breakdown flows (`RM`, `RX`, `FM`,
    /// `DX`) are kept: queries keep them apart from their parts.
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
    /// asked for in [`Reader::skip_bad_records`](crate::Reader::skip_bad_records)).
    #[must_use]
    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    /// Values and quantities read from floating-point columns of a
    /// Parquet file: each the shortest decimal that reads back as the
    /// same float, which is the decimal the float was made from only
    /// where that had at most 15 significant digits (see
    /// [`Reader::parquet`](crate::Reader::parquet)). Zero for text and
    /// decimal columns, which are read exactly.
    #[must_use]
    pub fn from_floats(&self) -> u64 {
        self.floats
    }

    /// Bytes read.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The HS levels of the flows kept, coarsest first.
    #[must_use]
    pub fn hs_levels(&self) -> Vec<HsLevel> {
        self.mix.levels()
    }

    /// The frequencies of the flows kept, shortest first. More than one
    /// means that queries over the data must pick one
    /// ([`Query::frequency`](crate::Query::frequency)) where a year and
    /// its months describe the same trade.
    #[must_use]
    pub fn frequencies(&self) -> Vec<Frequency> {
        self.mix.frequencies()
    }

    /// True when no bad record was skipped and the input was not all
    /// left out: the data holds every valid record of the input, and at
    /// least one. A report whose every record was left out (a Comtrade
    /// file of breakdowns only, or of another HS level than the one
    /// asked for) is not complete, and says so.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.skipped == 0 && !self.all_left_out()
    }

    /// Every record was left out: nothing was kept.
    fn all_left_out(&self) -> bool {
        self.records > 0 && self.flows == 0 && self.left_out == self.records
    }
}

impl fmt::Display for ReadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} records, {} flows kept, {} left out, {} bad records skipped",
            self.records, self.flows, self.left_out, self.skipped
        )?;
        if self.compression != Compression::None {
            write!(f, "; read from {}", self.compression)?;
        }
        if self.floats > 0 {
            write!(
                f,
                "; {} values from floating-point columns (exact only where they had at most 15 significant digits)",
                self.floats
            )?;
        }
        let names = |v: Vec<String>| v.join(", ");
        if self.flows > 0 {
            write!(
                f,
                "; HS levels: {}; frequencies: {}",
                names(self.hs_levels().iter().map(ToString::to_string).collect()),
                names(self.frequencies().iter().map(ToString::to_string).collect()),
            )?;
        }
        if self.all_left_out() {
            write!(
                f,
                "\n  warning: every record was left out, so the data is empty; \
                 check the reader's HS level and the file's breakdown columns"
            )?;
        }
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

impl ReadReport {
    /// Counts one flow kept.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "counts of records read, one at a time: far below u64::MAX"
    )]
    pub(super) fn kept(&mut self, f: &TradeFlow) {
        self.records += 1;
        self.flows += 1;
        self.mix.note(f.product().level(), f.period().frequency());
    }

    /// Counts one record left out.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "counts of records read, one at a time: far below u64::MAX"
    )]
    pub(super) fn left_out_one(&mut self) {
        self.records += 1;
        self.left_out += 1;
    }

    /// Counts one bad record skipped, keeping its error if fewer than
    /// `keep` are kept.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "counts of records read, one at a time: far below u64::MAX"
    )]
    pub(super) fn skip(&mut self, e: Error, keep: usize) {
        self.records += 1;
        self.skipped += 1;
        if self.errors.len() < keep {
            self.errors.push(e);
        }
    }

    pub(super) fn set_bytes(&mut self, bytes: u64) {
        self.bytes = bytes;
    }

    /// Adds the counts of a later part of the same input.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "counts of records read: far below u64::MAX"
    )]
    pub(super) fn absorb(&mut self, later: ReadReport, keep: usize) {
        self.records += later.records;
        self.flows += later.flows;
        self.left_out += later.left_out;
        self.skipped += later.skipped;
        self.bytes += later.bytes;
        self.floats += later.floats;
        self.mix = self.mix.merge(later.mix);
        for e in later.errors {
            if self.errors.len() < keep {
                self.errors.push(e);
            }
        }
    }
}
