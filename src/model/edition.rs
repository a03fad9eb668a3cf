//! Editions of the Harmonized System: HS1992 to HS2022.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Result};

/// An edition of the Harmonized System nomenclature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HsEdition {
    /// HS1992 (Comtrade `H0`).
    Hs1992,
    /// HS1996 (`H1`).
    Hs1996,
    /// HS2002 (`H2`).
    Hs2002,
    /// HS2007 (`H3`).
    Hs2007,
    /// HS2012 (`H4`).
    Hs2012,
    /// HS2017 (`H5`).
    Hs2017,
    /// HS2022 (`H6`).
    Hs2022,
}

const EDITIONS: [HsEdition; 7] = [
    HsEdition::Hs1992,
    HsEdition::Hs1996,
    HsEdition::Hs2002,
    HsEdition::Hs2007,
    HsEdition::Hs2012,
    HsEdition::Hs2017,
    HsEdition::Hs2022,
];

impl HsEdition {
    /// Every edition, oldest first.
    pub fn all() -> impl Iterator<Item = HsEdition> {
        EDITIONS.into_iter()
    }

    /// The year the edition entered into force.
    #[must_use]
    pub fn year(self) -> u16 {
        match self {
            HsEdition::Hs1992 => 1992,
            HsEdition::Hs1996 => 1996,
            HsEdition::Hs2002 => 2002,
            HsEdition::Hs2007 => 2007,
            HsEdition::Hs2012 => 2012,
            HsEdition::Hs2017 => 2017,
            HsEdition::Hs2022 => 2022,
        }
    }

    /// UN Comtrade's classification code: `H0` (HS1992) to `H6` (HS2022).
    #[must_use]
    pub fn comtrade_code(self) -> &'static str {
        match self {
            HsEdition::Hs1992 => "H0",
            HsEdition::Hs1996 => "H1",
            HsEdition::Hs2002 => "H2",
            HsEdition::Hs2007 => "H3",
            HsEdition::Hs2012 => "H4",
            HsEdition::Hs2017 => "H5",
            HsEdition::Hs2022 => "H6",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            HsEdition::Hs1992 => "HS1992",
            HsEdition::Hs1996 => "HS1996",
            HsEdition::Hs2002 => "HS2002",
            HsEdition::Hs2007 => "HS2007",
            HsEdition::Hs2012 => "HS2012",
            HsEdition::Hs2017 => "HS2017",
            HsEdition::Hs2022 => "HS2022",
        }
    }

    /// The edition's three bits in a packed code: 1 (HS1992) to 7
    /// (HS2022); 0 means no edition.
    pub(crate) fn bits(self) -> u32 {
        match self {
            HsEdition::Hs1992 => 1,
            HsEdition::Hs1996 => 2,
            HsEdition::Hs2002 => 3,
            HsEdition::Hs2007 => 4,
            HsEdition::Hs2012 => 5,
            HsEdition::Hs2017 => 6,
            HsEdition::Hs2022 => 7,
        }
    }

    pub(crate) fn from_bits(bits: u32) -> Option<HsEdition> {
        EDITIONS.iter().copied().find(|e| e.bits() == bits)
    }
}

impl fmt::Display for HsEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for HsEdition {
    type Err = Error;

    /// Reads `HS2022` (any letter case) or Comtrade's `H6`.
    fn from_str(s: &str) -> Result<HsEdition> {
        let u = s.to_ascii_uppercase();
        EDITIONS
            .iter()
            .copied()
            .find(|e| e.name() == u || e.comtrade_code() == u)
            .ok_or_else(|| {
                Error::new(ErrorKind::Enum {
                    what: "HS edition",
                    input: crate::error::quote(s),
                    expected: "HS1992, HS1996, HS2002, HS2007, HS2012, HS2017, HS2022 (or H0 to H6)",
                })
            })
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(HsEdition, "an HS edition such as HS2022");
