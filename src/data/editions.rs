//! The HS editions of a [`TradeData`]'s codes: which it holds, tagging
//! codes read without one, and refusing queries over two.

use crate::data::builder::TradeDataBuilder;
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::model::edition::HsEdition;
use crate::model::hs::{HsCode, HsLevel};

impl TradeData {
    /// The HS editions of the data's codes, oldest first; `None` for codes
    /// read without one (BACI's files say their edition in their name,
    /// not in their rows: tag them with [`with_edition`](Self::with_edition)).
    /// All-products flows ([`HsCode::TOTAL`]) have no edition and are
    /// not counted.
    #[must_use]
    pub fn editions(&self) -> Vec<Option<HsEdition>> {
        (0..8u32)
            .filter(|b| self.editions & (1 << b) != 0)
            .map(HsEdition::from_bits)
            .collect()
    }

    /// The same data with every code that has no edition tagged
    /// `edition` (for a BACI HS22 file, say).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overlap`] when a code already carries another edition.
    pub fn with_edition(&self, edition: HsEdition) -> Result<TradeData> {
        let mut b = TradeDataBuilder::with_currency(self.currency());
        b.reserve(self.len());
        for f in self.iter() {
            let p = f.product();
            let tagged = match p.edition() {
                Some(e) if e != edition => {
                    return Err(Error::new(ErrorKind::Overlap {
                        what: "HS editions",
                        first: e.to_string(),
                        second: edition.to_string(),
                        fix: "convert those flows with concordance::Concordance::convert",
                    }));
                }
                _ if p.level() == HsLevel::Total => p,
                _ => p.with_edition(edition),
            };
            b.push(&f.with_product(tagged))?;
        }
        Ok(b.build())
    }

    /// Refuses a query whose rows hold codes of two HS editions (or codes
    /// with an edition and codes without): one product is not the same
    /// goods in both. Data of one edition (the usual case) needs no pass.
    pub(crate) fn check_editions(&self, q: &Query) -> Result<()> {
        if self.editions.count_ones() < 2 {
            return Ok(());
        }
        let mut seen = 0u8;
        for r in self.scan(q) {
            seen |= edition_bit(r.product);
            if seen.count_ones() > 1 {
                let mut it = (0..8u32).filter(|b| seen & (1 << b) != 0).map(|b| {
                    HsEdition::from_bits(b)
                        .map_or_else(|| "no edition".to_owned(), |e| e.to_string())
                });
                return Err(Error::new(ErrorKind::Overlap {
                    what: "HS editions",
                    first: it.next().unwrap_or_default(),
                    second: it.next().unwrap_or_default(),
                    fix: "convert the data to one edition with concordance::Concordance::convert \
                          (TradeData::with_edition tags codes read without one)",
                }));
            }
        }
        Ok(())
    }
}

/// A code's edition bit (bit 0: none); none for all products.
pub(crate) fn edition_bit(code: HsCode) -> u8 {
    if code.level() == HsLevel::Total {
        return 0;
    }
    // Edition bits are 1 to 7: the shift stays within a byte.
    1u8.checked_shl(code.edition().map_or(0, HsEdition::bits))
        .unwrap_or(0)
}
