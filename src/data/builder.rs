//! Building trade data: [`TradeDataBuilder`] one flow at a time, and the
//! crate's own constructors from stored rows (the readers' threads, a
//! conversion's parts).

use crate::data::row::{Row, sort_rows};
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::flow::TradeFlow;
use crate::model::money::{Currency, overflow};

/// Builds a [`TradeData`] one flow at a time.
#[derive(Debug, Clone, Default)]
pub struct TradeDataBuilder {
    currency: Option<Currency>,
    rows: Vec<Row>,
}

impl TradeDataBuilder {
    /// An empty builder; the currency is the first flow's.
    #[must_use]
    pub fn new() -> TradeDataBuilder {
        TradeDataBuilder::default()
    }

    /// An empty builder for values in `currency`.
    #[must_use]
    pub fn with_currency(currency: Currency) -> TradeDataBuilder {
        TradeDataBuilder {
            currency: Some(currency),
            rows: Vec::new(),
        }
    }

    /// Reserves room for `n` more flows.
    pub fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
    }

    /// Adds a flow.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] when its currency is not the data's.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        let c = flow.value().currency();
        match self.currency {
            None => self.currency = Some(c),
            Some(d) if d != c => {
                return Err(Error::new(ErrorKind::CurrencyMismatch {
                    op: "store",
                    left: d.to_string(),
                    right: c.to_string(),
                }));
            }
            Some(_) => {}
        }
        if self.rows.len() >= u32::MAX as usize {
            // Row ids are 32-bit: four billion flows (192 GB) is the limit.
            return Err(overflow("store more than 4,294,967,295 flows"));
        }
        self.rows.push(Row::from_flow(flow));
        Ok(())
    }

    /// The number of flows added so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no flow was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Sorts and indexes the flows.
    #[must_use]
    pub fn build(self) -> TradeData {
        let rows = sort_rows(self.rows);
        TradeData::index(self.currency.unwrap_or(Currency::USD), rows)
    }
}

impl TradeData {
    /// Data of rows in `currency`, in any order (sorted and indexed
    /// here).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] beyond 4,294,967,295 rows (row ids are
    /// 32-bit).
    pub(crate) fn from_rows(currency: Currency, rows: Vec<Row>) -> Result<TradeData> {
        if u32::try_from(rows.len()).is_err() {
            return Err(overflow("store more than 4,294,967,295 flows"));
        }
        Ok(TradeData::index(currency, sort_rows(rows)))
    }

    /// The flows of builders filled from the pieces of one input, in
    /// order (the threads of a read): sorted on as many threads.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] when a part's currency is not
    /// the data's; [`ErrorKind::Overflow`] beyond 4,294,967,295 flows.
    pub(crate) fn from_parts(
        currency: Option<Currency>,
        parts: Vec<TradeDataBuilder>,
    ) -> Result<TradeData> {
        // The currency given, or the first part's with flows (USD for none,
        // as `build` has it).
        let currency = currency
            .or_else(|| {
                parts
                    .iter()
                    .find(|p| !p.rows.is_empty())
                    .and_then(|p| p.currency)
            })
            .unwrap_or(Currency::USD);
        let mut n = 0usize;
        for p in &parts {
            if let Some(c) = p.currency
                && c != currency
                && !p.rows.is_empty()
            {
                return Err(Error::new(ErrorKind::CurrencyMismatch {
                    op: "store",
                    left: currency.to_string(),
                    right: c.to_string(),
                }));
            }
            n = n.saturating_add(p.rows.len());
        }
        if u32::try_from(n).is_err() {
            return Err(overflow("store more than 4,294,967,295 flows"));
        }
        let rows = crate::data::row::sort_parts(parts.into_iter().map(|p| p.rows).collect());
        Ok(TradeData::index(currency, rows))
    }

    /// As [`from_rows`](Self::from_rows), for rows the caller has found
    /// in storage order ([`in_stored_order`](crate::data::row::in_stored_order)):
    /// the order is not checked again.
    pub(crate) fn from_stored_rows(currency: Currency, rows: Vec<Row>) -> Result<TradeData> {
        if u32::try_from(rows.len()).is_err() {
            return Err(overflow("store more than 4,294,967,295 flows"));
        }
        debug_assert!(crate::data::row::in_stored_order(&rows));
        Ok(TradeData::index(currency, rows))
    }
}
