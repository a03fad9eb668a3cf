//! A panel's years as [`TradeData`], one at a time: [`Panel::years`].

use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ReadReport;
use super::panel::{Panel, YearOrder};
use crate::data::builder::TradeDataBuilder;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::model::flow::TradeFlow;

impl Panel {
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

    /// The part it was read from (see [`PanelPart::path`](crate::PanelPart::path)).
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
