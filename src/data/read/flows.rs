//! The flows of an input, one record at a time: [`Flows`], and the loop
//! that feeds them to a builder.

use std::fmt;
use std::io::Read;

use super::decode::Compression;
#[cfg(feature = "json")]
use super::json;
use super::{BaciParser, ComtradeParser, Counting, Format, ReadReport, Reader, TidyParser};
use crate::error::Result;
use crate::model::flow::TradeFlow;
use crate::model::hs::HsLevel;

/// Feeds every flow of `flows` to `each`, counting in `report`; in
/// lenient mode (`keep` set) bad records are skipped and up to `keep` of
/// their errors kept.
pub(crate) fn drive<R: Read>(
    flows: &mut Flows<R>,
    keep: Option<usize>,
    report: &mut ReadReport,
    each: impl FnMut(TradeFlow) -> Result<()>,
) -> Result<()> {
    // The flows apply their own HS level.
    drive_items(
        std::iter::from_fn(|| flows.next_item()),
        None,
        keep,
        report,
        each,
    )?;
    report.set_bytes(flows.bytes());
    report.compression = flows.compression;
    Ok(())
}

/// Feeds every flow of `items` to `each`, counting in `report`; flows at
/// another HS level than `level` (where given) are left out; in lenient
/// mode (`keep` set) bad records are skipped and up to `keep` of their
/// errors kept.
pub(crate) fn drive_items(
    items: impl Iterator<Item = Result<Item>>,
    level: Option<HsLevel>,
    keep: Option<usize>,
    report: &mut ReadReport,
    mut each: impl FnMut(TradeFlow) -> Result<()>,
) -> Result<()> {
    for item in items {
        match item {
            Ok(Item::Flow(f)) if level.is_some_and(|l| f.product().level() != l) => {
                report.left_out_one();
            }
            Ok(Item::Flow(f)) => {
                report.kept(&f);
                each(f)?;
            }
            Ok(Item::LeftOut) => report.left_out_one(),
            Err(e) => match keep {
                Some(n) if e.is_record_error() => report.skip(e, n),
                _ => return Err(e),
            },
        }
    }
    Ok(())
}

impl Reader {
    /// Streams the flows of any reader, one `Result` per record, without
    /// building a [`TradeData`](crate::TradeData). Records the reader
    /// leaves out ([`ReadReport::left_out`]) are not yielded; reported
    /// totals (the World), `TOTAL` and breakdown flows are, as they are
    /// stored: the streaming builders of [`metrics`](crate::metrics) pass
    /// them over as a [`Query`](crate::Query) does, and code of your own
    /// should too ([`Direction::is_breakdown`](crate::Direction::is_breakdown),
    /// [`Economy::is_attributed`](crate::Economy::is_attributed)). After an
    /// error that makes the rest unreadable the iterator ends.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::EmptyInput`](crate::ErrorKind::EmptyInput) and [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) before
    /// the first record.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Reader;
    ///
    /// let csv = "t,i,j,k,v,q\n2004,32,152,010121,20.945,\n2004,999,32,010121,1,\n";
    /// let results: Vec<_> = Reader::baci().flows(csv.as_bytes())?.collect();
    /// assert!(results[0].is_ok());
    /// assert!(results[1].as_ref().unwrap_err().to_string().contains("column \"i\""));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flows<R: Read>(mut self, reader: R) -> Result<Flows<R>> {
        let counting = Counting::new(reader, None, self.hook.take(), self.max_line_limit())?;
        self.flows_inner(counting)
    }

    pub(super) fn flows_inner<R: Read>(self, reader: Counting<R>) -> Result<Flows<R>> {
        let compression = reader.compression;
        let parser = match self.format {
            Format::Baci => Parser::Baci(BaciParser::new(reader, self.max_line)?),
            Format::Comtrade => Parser::Comtrade(ComtradeParser::new(reader, self.lenient_codes)?),
            Format::TidyCsv => Parser::Tidy(TidyParser::new(reader)?),
            #[cfg(feature = "json")]
            Format::Json => Parser::Json(json::JsonParser::new(reader, self.max_line)?),
            #[cfg(feature = "parquet")]
            Format::Parquet => return Err(super::decode::parquet_stream()),
        };
        let mut flows = Flows::new(parser, self.hs_level);
        flows.compression = compression;
        Ok(flows)
    }
}

/// What a parser yields per record.
pub(crate) enum Item {
    Flow(TradeFlow),
    LeftOut,
}

pub(super) enum Parser<R: Read> {
    Baci(BaciParser<R>),
    Comtrade(ComtradeParser<R>),
    Tidy(TidyParser<R>),
    #[cfg(feature = "json")]
    Json(json::JsonParser<Counting<R>>),
}

/// The flows of an input, one `Result` per record; from [`Reader::flows`].
pub struct Flows<R: Read> {
    pub(super) parser: Parser<R>,
    done: bool,
    /// The one HS level to keep, where the reader was told.
    level: Option<HsLevel>,
    /// How the input was compressed.
    pub(super) compression: Compression,
}

impl<R: Read> fmt::Debug for Flows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Flows")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Flows<R> {
    pub(super) fn new(parser: Parser<R>, level: Option<HsLevel>) -> Flows<R> {
        Flows {
            parser,
            done: false,
            level,
            compression: Compression::None,
        }
    }

    fn next_item(&mut self) -> Option<Result<Item>> {
        if self.done {
            return None;
        }
        let mut item = match &mut self.parser {
            Parser::Baci(p) => p.next(),
            Parser::Comtrade(p) => p.next(),
            Parser::Tidy(p) => p.next(),
            #[cfg(feature = "json")]
            Parser::Json(p) => p.next(),
        };
        if let (Some(Ok(Item::Flow(f))), Some(level)) = (&item, self.level)
            && f.product().level() != level
        {
            item = Some(Ok(Item::LeftOut));
        }
        match &item {
            None => self.done = true,
            Some(Err(e)) if !e.is_record_error() => self.done = true,
            _ => {}
        }
        item
    }

    fn bytes(&self) -> u64 {
        match &self.parser {
            Parser::Baci(p) => p.lines.get_ref().read,
            Parser::Comtrade(p) => p.rdr.get_ref().get_ref().read,
            Parser::Tidy(p) => p.rdr.get_ref().get_ref().read,
            #[cfg(feature = "json")]
            Parser::Json(p) => p.bytes(),
        }
    }
}

impl<R: Read> Iterator for Flows<R> {
    type Item = Result<TradeFlow>;
    fn next(&mut self) -> Option<Result<TradeFlow>> {
        loop {
            match self.next_item()? {
                Ok(Item::Flow(f)) => return Some(Ok(f)),
                Ok(Item::LeftOut) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
