//! The regions of a multi-region input-output table: economies, the rest
//! of the world, or regions a table or a user names.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::inputoutput::table::io_error;
use crate::model::economy::Economy;

/// A region of a multi-region table ([`Mrio`](crate::inputoutput::Mrio)).
///
/// A region is an [`Economy`] when its code is an ISO 3166 alpha-3 code
/// (`JPN`, `CHN`: as in WIOD, OECD ICIO and EXIOBASE's country blocks),
/// the rest of the world for `ROW`, and otherwise a region named by the
/// table or the user (`reg1` in pymrio's test table, `CN1` for China's
/// processing-trade block in the extended OECD ICIO, `EU27` after an
/// aggregation).
///
/// The text form is the code; parsing it gives the same region back.
///
/// ```
/// use tradedep::inputoutput::Region;
/// use tradedep::Economy;
///
/// let jpn: Region = "JPN".parse()?;
/// assert_eq!(jpn.economy(), Some(Economy::from_alpha3("JPN")?));
/// assert!("ROW".parse::<Region>()?.is_rest_of_world());
/// assert_eq!("reg1".parse::<Region>()?.to_string(), "reg1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(Kind);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Economy(Economy),
    RestOfWorld,
    Named(String),
}

impl Region {
    /// The region of an economy.
    #[must_use]
    pub fn economy_region(economy: Economy) -> Region {
        Region(Kind::Economy(economy))
    }

    /// The rest of the world (`ROW`).
    #[must_use]
    pub fn rest_of_world() -> Region {
        Region(Kind::RestOfWorld)
    }

    /// A region parsed from its code; the same as `code.parse()`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InputOutput`](crate::ErrorKind::InputOutput) for an
    /// empty code, or one with a comma, a quote or a line break (which no
    /// CSV layout could write back).
    pub fn new(code: &str) -> Result<Region> {
        let code = code.trim();
        if code.is_empty() {
            return Err(io_error("a region needs a code; this one is empty"));
        }
        if code.contains([',', '"', '\n', '\r']) {
            return Err(io_error(format!(
                "the region code {code:?} has a comma, quote or line break: use a plain code"
            )));
        }
        if code.eq_ignore_ascii_case("ROW") {
            return Ok(Region::rest_of_world());
        }
        if code.len() == 3
            && code.bytes().all(|b| b.is_ascii_uppercase())
            && let Ok(e) = Economy::from_alpha3(code)
        {
            return Ok(Region::economy_region(e));
        }
        Ok(Region(Kind::Named(code.to_owned())))
    }

    /// The economy, for a region that is one.
    #[must_use]
    pub fn economy(&self) -> Option<Economy> {
        match self.0 {
            Kind::Economy(e) => Some(e),
            _ => None,
        }
    }

    /// True for the rest of the world.
    #[must_use]
    pub fn is_rest_of_world(&self) -> bool {
        matches!(self.0, Kind::RestOfWorld)
    }

    /// The code: the alpha-3 code of an economy, `ROW`, or the name.
    #[must_use]
    pub fn code(&self) -> &str {
        match &self.0 {
            Kind::Economy(e) => e.alpha3(),
            Kind::RestOfWorld => "ROW",
            Kind::Named(n) => n,
        }
    }
}

impl From<Economy> for Region {
    fn from(e: Economy) -> Region {
        Region::economy_region(e)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Region {
    type Err = Error;

    fn from_str(s: &str) -> Result<Region> {
        Region::new(s)
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Region, "a region code such as JPN, ROW or reg1");
