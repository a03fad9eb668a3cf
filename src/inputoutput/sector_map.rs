//! Products to sectors: which sector of an input-output table each HS
//! product belongs to.

use crate::classify::selector::ProductSelector;
use crate::error::Result;
use crate::inputoutput::table::{IoModel, io_error};
use crate::model::hs::HsCode;

/// Which sector of an input-output table each product goes to: a list of
/// product selectors, each with a sector; the first that matches wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectorMap {
    rules: Vec<(ProductSelector, String)>,
}

impl SectorMap {
    /// An empty map.
    #[must_use]
    pub fn new() -> SectorMap {
        SectorMap::default()
    }

    /// Sends the products `selector` selects to `sector`.
    #[must_use]
    pub fn with(mut self, selector: ProductSelector, sector: impl Into<String>) -> SectorMap {
        self.rules.push((selector, sector.into()));
        self
    }

    /// The sector of `product`, if any rule matches.
    #[must_use]
    pub fn sector_of(&self, product: HsCode) -> Option<&str> {
        self.rules
            .iter()
            .find(|(s, _)| s.matches(product))
            .map(|(_, name)| name.as_str())
    }

    /// Checks that every sector the map names is one of `sectors`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) naming
    /// the first sector the table does not have.
    pub fn check_sectors(&self, sectors: &[String]) -> Result<()> {
        for (_, s) in &self.rules {
            if !sectors.iter().any(|m| m == s) {
                return Err(io_error(format!(
                    "the sector map names {s:?}, which the table does not have (it has {})",
                    sectors.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Sums `values` by product into a vector by the sectors of `model`;
    /// products no rule maps are returned apart, summed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) when a rule names a sector the table does
    /// not have.
    pub fn to_sectors<I>(&self, model: &IoModel, values: I) -> Result<(Vec<f64>, f64)>
    where
        I: IntoIterator<Item = (HsCode, f64)>,
    {
        self.check_sectors(model.sectors())?;
        let mut v = vec![0.0; model.sectors().len()];
        let mut unmapped = 0.0;
        for (p, x) in values {
            match self
                .sector_of(p)
                .and_then(|s| model.sectors().iter().position(|m| m == s))
            {
                Some(i) => {
                    if let Some(slot) = v.get_mut(i) {
                        *slot += x;
                    }
                }
                None => unmapped += x,
            }
        }
        Ok((v, unmapped))
    }
}
