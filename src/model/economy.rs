//! Economies (ISO 3166-1 countries and territories, former economies, the
//! World and unspecified areas of trade statistics).

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Result};
use crate::model::iso_3166::ISO_3166_1;

/// What kind of entity an [`Economy`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EconomyKind {
    /// A current ISO 3166-1 country or territory.
    Current,
    /// An economy that no longer exists but appears in historical trade
    /// data (the USSR, Czechoslovakia, Belgium-Luxembourg as one
    /// reporter, ...).
    Former,
    /// The World: the partner of a reporter's total trade (Comtrade 0).
    World,
    /// A partner that trade statistics do not attribute to one economy:
    /// "Areas, n.e.s.", bunkers, free zones, special categories.
    Unspecified,
}

/// Entries beyond ISO 3166-1: former economies, the World and the
/// unspecified partners of UN Comtrade. Alpha-3 codes of former economies
/// are ISO 3166-3's; the others are in ISO 3166's user-assigned range
/// (`X..`) except `WLD`, the World Bank's code for the World.
/// Columns: alpha-3, Comtrade numeric code, name, kind.
static EXTRA: &[(&str, u16, &str, EconomyKind)] = &[
    ("ANT", 530, "Netherlands Antilles", EconomyKind::Former),
    ("CSK", 200, "Czechoslovakia", EconomyKind::Former),
    (
        "DDR",
        278,
        "German Democratic Republic",
        EconomyKind::Former,
    ),
    ("NTZ", 536, "Neutral Zone", EconomyKind::Former),
    ("SCG", 891, "Serbia and Montenegro", EconomyKind::Former),
    ("SUN", 810, "USSR", EconomyKind::Former),
    (
        "YUG",
        890,
        "Yugoslavia (Socialist Federal Republic)",
        EconomyKind::Former,
    ),
    ("XBL", 58, "Belgium-Luxembourg", EconomyKind::Former),
    (
        "XSA",
        711,
        "Southern African Customs Union",
        EconomyKind::Former,
    ),
    ("XSF", 736, "Sudan (before 2011)", EconomyKind::Former),
    ("WLD", 0, "World", EconomyKind::World),
    ("XAN", 899, "Areas, n.e.s.", EconomyKind::Unspecified),
    ("XBK", 837, "Bunkers", EconomyKind::Unspecified),
    (
        "XCA",
        472,
        "Africa CAMEU region, n.e.s.",
        EconomyKind::Unspecified,
    ),
    ("XCB", 129, "Caribbean, n.e.s.", EconomyKind::Unspecified),
    ("XCM", 471, "CACM, n.e.s.", EconomyKind::Unspecified),
    (
        "XEE",
        221,
        "Eastern Europe, n.e.s.",
        EconomyKind::Unspecified,
    ),
    ("XEF", 697, "Europe EFTA, n.e.s.", EconomyKind::Unspecified),
    ("XFZ", 838, "Free zones", EconomyKind::Unspecified),
    ("XLA", 473, "LAIA, n.e.s.", EconomyKind::Unspecified),
    (
        "XNA",
        290,
        "Northern Africa, n.e.s.",
        EconomyKind::Unspecified,
    ),
    (
        "XNC",
        637,
        "North America and Central America, n.e.s.",
        EconomyKind::Unspecified,
    ),
    (
        "XOA",
        636,
        "Rest of America, n.e.s.",
        EconomyKind::Unspecified,
    ),
    ("XOE", 568, "Other Europe, n.e.s.", EconomyKind::Unspecified),
    ("XOF", 577, "Other Africa, n.e.s.", EconomyKind::Unspecified),
    ("XOO", 527, "Oceania, n.e.s.", EconomyKind::Unspecified),
    ("XSC", 839, "Special categories", EconomyKind::Unspecified),
    ("XWA", 879, "Western Asia, n.e.s.", EconomyKind::Unspecified),
];

/// UN Comtrade and CEPII BACI numeric codes that depart from ISO 3166-1
/// numeric, with the economy (alpha-3) they denote. 490 is "Other Asia,
/// n.e.s." in Comtrade's nomenclature and Taiwan in practice.
static TRADE_DEPARTURES: &[(u16, &str)] = &[
    (251, "FRA"),
    (490, "TWN"),
    (579, "NOR"),
    (699, "IND"),
    (757, "CHE"),
    (842, "USA"),
];

/// Comtrade numeric codes of aggregates, which are never one economy.
static TRADE_AGGREGATES: &[(u16, &str)] = &[(97, "the European Union aggregate")];

const ISO_LEN: usize = ISO_3166_1.len();

/// An economy that trades: a country or territory of ISO 3166-1, a former
/// economy of historical data, the World, or an unspecified area.
///
/// The canonical text form is the ISO 3166-1 alpha-3 code (`JPN`), which
/// [`Display`](fmt::Display) writes and [`FromStr`] reads back; `FromStr`
/// also accepts alpha-2 codes (`JP`) and numeric codes (`392`), in any
/// letter case. `Economy` is `Copy` and two bytes wide.
///
/// # Numeric codes of trade data
///
/// UN Comtrade and CEPII BACI number economies with ISO 3166-1 numeric
/// codes except for a few, which [`Economy::from_trade_code`] reads and
/// [`Economy::trade_code`] writes:
///
/// | trade code | ISO numeric | economy |
/// | --- | --- | --- |
/// | 842 | 840 | `USA` United States |
/// | 251 | 250 | `FRA` France |
/// | 699 | 356 | `IND` India |
/// | 579 | 578 | `NOR` Norway |
/// | 757 | 756 | `CHE` Switzerland |
/// | 490 | 158 | `TWN` Taiwan ("Other Asia, n.e.s." in Comtrade's nomenclature) |
///
/// Comtrade's partner 0 is [`Economy::WORLD`] (`WLD`). Its unspecified
/// partners ("Areas, n.e.s." 899, bunkers 837, free zones 838, special
/// categories 839 and the regional "n.e.s." codes) are economies of kind
/// [`EconomyKind::Unspecified`] with codes in ISO 3166's user-assigned
/// range (`XAN` for 899, ...), so that their trade is counted and never
/// attributed to a real economy. The aggregate 97 (the European Union) is
/// rejected with an error.
///
/// # Source
///
/// ISO 3166-1 (alpha-2, alpha-3, numeric, English short name) as published
/// in Debian's `iso-codes` data (2026); common names ("Taiwan", "South
/// Korea") from the same source. Comtrade's departures and special codes
/// from the UN Comtrade reference table of partner areas.
///
/// # Example
///
/// ```
/// use tradedep::Economy;
///
/// let jpn: Economy = "JPN".parse()?;
/// assert_eq!(jpn.name(), "Japan");
/// assert_eq!(Economy::from_numeric(392)?, jpn);
/// assert_eq!("jp".parse::<Economy>()?, jpn);
///
/// // Comtrade and BACI number the United States 842, not 840.
/// let usa = Economy::from_trade_code(842)?;
/// assert_eq!(usa.to_string(), "USA");
/// assert_eq!((usa.numeric(), usa.trade_code()), (840, 842));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Economy(u16);

impl Economy {
    /// The World, partner of a reporter's total trade (`WLD`, Comtrade 0).
    pub const WORLD: Economy = Economy(world_index());

    /// Reads an alpha-3 code (`JPN`, any letter case).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Economy`] when no economy has that code.
    pub fn from_alpha3(code: &str) -> Result<Economy> {
        lookup_alpha3(code).ok_or_else(|| unknown(code, "no economy has this alpha-3 code"))
    }

    /// Reads an ISO 3166-1 alpha-2 code (`JP`, any letter case).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Economy`] when no economy has that code.
    pub fn from_alpha2(code: &str) -> Result<Economy> {
        let upper = code.to_ascii_uppercase();
        ISO_3166_1
            .iter()
            .position(|row| row.1 == upper)
            .map(index)
            .ok_or_else(|| unknown(code, "no economy has this alpha-2 code"))
    }

    /// Reads an ISO 3166-1 numeric code (or ISO 3166-3 for a former
    /// economy). Use [`Economy::from_trade_code`] for Comtrade and BACI
    /// files, whose codes depart from ISO's for six economies.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Economy`] when no economy has that code.
    pub fn from_numeric(code: u16) -> Result<Economy> {
        lookup_numeric(code)
            .ok_or_else(|| unknown(&code.to_string(), "no economy has this ISO numeric code"))
    }

    /// Reads a numeric code of UN Comtrade or CEPII BACI: ISO 3166-1
    /// numeric, except 842 (USA), 251 (France), 699 (India), 579 (Norway),
    /// 757 (Switzerland) and 490 (Taiwan, "Other Asia, n.e.s."); 0 is the
    /// World and Comtrade's "n.e.s." codes are unspecified areas. The ISO
    /// codes of those six economies are accepted too.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Economy`] for an aggregate (97, the European Union) or
    /// a code that no economy has.
    pub fn from_trade_code(code: u16) -> Result<Economy> {
        if let Some(&Some(e)) = trade_code_table().get(usize::from(code)) {
            return Ok(e);
        }
        trade_code_uncached(code)
    }

    /// The alpha-3 code, the canonical text form.
    #[must_use]
    pub fn alpha3(self) -> &'static str {
        match self.iso() {
            Some(row) => row.0,
            None => self.extra().0,
        }
    }

    /// The ISO 3166-1 alpha-2 code; `None` for former economies, the World
    /// and unspecified areas.
    #[must_use]
    pub fn alpha2(self) -> Option<&'static str> {
        self.iso().map(|row| row.1)
    }

    /// The ISO 3166-1 numeric code (ISO 3166-3 for former economies,
    /// Comtrade's code for the World and unspecified areas).
    #[must_use]
    pub fn numeric(self) -> u16 {
        match self.iso() {
            Some(row) => row.2,
            None => self.extra().1,
        }
    }

    /// The numeric code of UN Comtrade and CEPII BACI (see the table in the
    /// type's documentation).
    #[must_use]
    pub fn trade_code(self) -> u16 {
        let alpha3 = self.alpha3();
        TRADE_DEPARTURES
            .iter()
            .find(|(_, a)| *a == alpha3)
            .map_or_else(|| self.numeric(), |(c, _)| *c)
    }

    /// The common English name ("Taiwan", "South Korea", "Japan").
    #[must_use]
    pub fn name(self) -> &'static str {
        match self.iso() {
            Some(row) => row.4,
            None => self.extra().2,
        }
    }

    /// The ISO 3166-1 English short name ("Taiwan, Province of China",
    /// "Korea, Republic of"); the same as [`name`](Self::name) for entries
    /// outside ISO 3166-1.
    #[must_use]
    pub fn iso_name(self) -> &'static str {
        match self.iso() {
            Some(row) => row.3,
            None => self.extra().2,
        }
    }

    /// What kind of entity this is.
    #[must_use]
    pub fn kind(self) -> EconomyKind {
        match self.iso() {
            Some(_) => EconomyKind::Current,
            None => self.extra().3,
        }
    }

    /// The position in the crate's table: ISO 3166-1 entries in alpha-3
    /// order, then the other entries. Orders economies for storage.
    pub(crate) fn table_index(self) -> u16 {
        self.0
    }

    /// The number of entries in the crate's table (one more than the
    /// largest [`table_index`](Self::table_index)).
    pub(crate) const TABLE_LEN: usize = ISO_LEN + EXTRA.len();

    /// True for the World.
    #[must_use]
    pub fn is_world(self) -> bool {
        self == Economy::WORLD
    }

    /// True for one economy, current or former: a possible supplier or
    /// customer. False for the World (an aggregate of every partner) and
    /// for unspecified areas (trade that statistics do not attribute to
    /// one economy), which the indicators never count as a supplier.
    ///
    /// ```
    /// use tradedep::Economy;
    ///
    /// assert!("JPN".parse::<Economy>()?.is_attributed());
    /// assert!(!Economy::WORLD.is_attributed());
    /// assert!(!Economy::from_trade_code(899)?.is_attributed()); // Areas, n.e.s.
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_attributed(self) -> bool {
        matches!(self.kind(), EconomyKind::Current | EconomyKind::Former)
    }

    /// Every economy this crate knows, in alpha-3 order within each kind
    /// (current ISO 3166-1 entries first).
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "the sizes of the embedded tables, a few hundred entries"
    )]
    pub fn all() -> impl Iterator<Item = Economy> {
        (0..ISO_LEN + EXTRA.len()).map(index)
    }

    fn iso(self) -> Option<&'static (&'static str, &'static str, u16, &'static str, &'static str)> {
        ISO_3166_1.get(usize::from(self.0))
    }

    fn extra(self) -> &'static (&'static str, u16, &'static str, EconomyKind) {
        let i = usize::from(self.0).saturating_sub(ISO_LEN);
        // Indices are only made by `index` from positions in the two
        // tables, so `i` is in range; the fallback is the World entry.
        EXTRA.get(i).unwrap_or(WORLD_ROW)
    }
}

/// The World entry of [`EXTRA`], found when the crate is compiled.
#[expect(
    clippy::indexing_slicing,
    reason = "a constant: an index out of range would fail the build"
)]
const WORLD_ROW: &(&str, u16, &str, EconomyKind) = &EXTRA[world_extra_position()];

#[expect(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "evaluated when the crate is compiled, over the embedded table"
)]
const fn world_extra_position() -> usize {
    let mut i = 0;
    while i < EXTRA.len() {
        if matches!(EXTRA[i].3, EconomyKind::World) {
            return i;
        }
        i += 1;
    }
    0
}

#[expect(
    clippy::arithmetic_side_effects,
    reason = "evaluated when the crate is compiled: a few hundred entries"
)]
const fn world_index() -> u16 {
    (ISO_LEN + world_extra_position()) as u16
}

fn index(i: usize) -> Economy {
    Economy(i as u16)
}

fn unknown(input: &str, reason: &str) -> Error {
    Error::new(ErrorKind::Economy {
        input: crate::error::quote(input),
        reason: reason.to_owned(),
    })
}

/// [`Economy::from_trade_code`] without the table of codes below 1000.
fn trade_code_uncached(code: u16) -> Result<Economy> {
    if let Some((_, alpha3)) = TRADE_DEPARTURES.iter().find(|(c, _)| *c == code) {
        return Economy::from_alpha3(alpha3);
    }
    if let Some((_, what)) = TRADE_AGGREGATES.iter().find(|(c, _)| *c == code) {
        return Err(Error::new(ErrorKind::Economy {
            input: crate::error::quote(&code.to_string()),
            reason: format!("{code} is {what}, not one economy"),
        }));
    }
    lookup_numeric(code).ok_or_else(|| unknown(&code.to_string(), "no economy has this trade code"))
}

#[expect(
    clippy::arithmetic_side_effects,
    reason = "positions in the embedded tables, a few hundred entries"
)]
pub(crate) fn lookup_alpha3(code: &str) -> Option<Economy> {
    if code.len() != 3 {
        return None;
    }
    let mut upper = [0u8; 3];
    for (u, b) in upper.iter_mut().zip(code.bytes()) {
        *u = b.to_ascii_uppercase();
    }
    if let Ok(i) = ISO_3166_1.binary_search_by(|row| row.0.as_bytes().cmp(&upper[..])) {
        return Some(index(i));
    }
    EXTRA
        .iter()
        .position(|row| row.0.as_bytes() == upper)
        .map(|i| index(ISO_LEN + i))
}

fn lookup_numeric(code: u16) -> Option<Economy> {
    use std::sync::OnceLock;
    // Numeric codes are below 1000; the table maps each to its row.
    static ROWS: OnceLock<Box<[Option<u16>; 1000]>> = OnceLock::new();
    let rows = ROWS.get_or_init(|| {
        let mut rows = Box::new([None; 1000]);
        let codes = ISO_3166_1.iter().map(|row| row.2);
        // The first row with a code wins, ISO's before the extra rows.
        for (i, code) in (0u16..).zip(codes.chain(EXTRA.iter().map(|row| row.1))) {
            if let Some(slot @ None) = rows.get_mut(usize::from(code)) {
                *slot = Some(i);
            }
        }
        rows
    });
    rows.get(usize::from(code))
        .copied()
        .flatten()
        .map(|i| index(usize::from(i)))
}

/// A fast lookup from trade codes (0..=999) to economies, built once.
pub(crate) fn trade_code_table() -> &'static [Option<Economy>; 1000] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Box<[Option<Economy>; 1000]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([None; 1000]);
        for (code, slot) in t.iter_mut().enumerate() {
            *slot = trade_code_uncached(code as u16).ok();
        }
        t
    })
}

impl fmt::Display for Economy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.alpha3())
    }
}

impl fmt::Debug for Economy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Economy({})", self.alpha3())
    }
}

impl FromStr for Economy {
    type Err = Error;

    /// Reads an alpha-3, alpha-2 or numeric code (ISO 3166-1, or Comtrade
    /// and BACI's numbering, see [`Economy::from_trade_code`]), or else an
    /// English name ([`Economy::from_name`]: "Japan", "South Korea",
    /// "UK").
    fn from_str(s: &str) -> Result<Economy> {
        let t = s.trim();
        let found = if !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse::<u16>()
                .map_err(|_| unknown(s, "not a numeric code"))
                .and_then(Economy::from_trade_code)
        } else {
            // A code first; a name where no code fits ("UK", "UAE").
            let code = match t.len() {
                3 => Economy::from_alpha3(t),
                2 => Economy::from_alpha2(t),
                _ => Err(unknown(
                    s,
                    "expected an alpha-3 (JPN), alpha-2 (JP) or numeric (392) code, or an \
                     English name (Japan)",
                )),
            };
            code.or_else(|e| Economy::from_name(t).map_err(|_| e))
        };
        // Report the text as the user gave it, not its trimmed or numeric form.
        found.map_err(|e| match e.into_kind() {
            ErrorKind::Economy { reason, .. } => Error::new(ErrorKind::Economy {
                input: crate::error::quote(s),
                reason,
            }),
            other => Error::new(other),
        })
    }
}

impl TryFrom<&str> for Economy {
    type Error = Error;
    fn try_from(s: &str) -> Result<Economy> {
        s.parse()
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Economy, "an economy code such as JPN");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_table_has_249_entries_and_is_sorted() {
        // ISO 3166-1 lists 249 countries and territories (2026).
        assert_eq!(ISO_3166_1.len(), 249);
        assert!(ISO_3166_1.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn comtrade_departures_read_to_the_right_economies() {
        // UN Comtrade numbering: 842 USA, 251 France, 699 India, 579 Norway,
        // 757 Switzerland, 490 Other Asia n.e.s. (Taiwan).
        for (code, alpha3) in [
            (842, "USA"),
            (251, "FRA"),
            (699, "IND"),
            (579, "NOR"),
            (757, "CHE"),
            (490, "TWN"),
        ] {
            let e = Economy::from_trade_code(code).unwrap();
            assert_eq!(e.alpha3(), alpha3);
            assert_eq!(e.trade_code(), code);
        }
        assert_eq!(Economy::from_trade_code(840).unwrap().alpha3(), "USA");
        assert_eq!(Economy::from_trade_code(392).unwrap().alpha3(), "JPN");
        assert_eq!(Economy::from_trade_code(156).unwrap().trade_code(), 156);
    }

    #[test]
    fn iso_numeric_does_not_take_comtrade_codes() {
        assert!(Economy::from_numeric(842).is_err());
        assert_eq!(Economy::from_numeric(840).unwrap().alpha3(), "USA");
        assert_eq!(Economy::from_numeric(158).unwrap().name(), "Taiwan");
    }

    #[test]
    fn world_and_unspecified_areas_are_representable() {
        let w = Economy::from_trade_code(0).unwrap();
        assert!(w.is_world());
        assert_eq!(w.alpha3(), "WLD");
        assert_eq!(w.kind(), EconomyKind::World);
        let nes = Economy::from_trade_code(899).unwrap();
        assert_eq!(nes.kind(), EconomyKind::Unspecified);
        assert_eq!(nes.name(), "Areas, n.e.s.");
        assert_eq!(nes.alpha2(), None);
        assert_eq!("XAN".parse::<Economy>().unwrap(), nes);
    }

    #[test]
    fn aggregates_and_unknown_codes_are_rejected_with_reasons() {
        let e = Economy::from_trade_code(97).unwrap_err();
        assert!(e.to_string().contains("European Union aggregate"), "{e}");
        let e = "XYZ".parse::<Economy>().unwrap_err();
        assert!(e.to_string().contains("\"XYZ\""), "{e}");
        assert!("999".parse::<Economy>().is_err());
        assert!("".parse::<Economy>().is_err());
        // A name in any case is read; a misspelt one is not.
        assert_eq!("JAPAN".parse::<Economy>().unwrap().alpha3(), "JPN");
        assert!("JAPANN".parse::<Economy>().is_err());
    }

    #[test]
    fn text_forms() {
        let jpn = Economy::from_alpha3("jpn").unwrap();
        assert_eq!(jpn.to_string(), "JPN");
        assert_eq!("JP".parse::<Economy>().unwrap(), jpn);
        assert_eq!("392".parse::<Economy>().unwrap(), jpn);
        assert_eq!(format!("{jpn:>5}"), "  JPN");
        assert_eq!(format!("{jpn:?}"), "Economy(JPN)");
    }

    #[test]
    fn every_economy_round_trips_through_alpha3_and_trade_code() {
        for e in Economy::all() {
            assert_eq!(e.alpha3().parse::<Economy>().unwrap(), e);
            assert_eq!(Economy::from_trade_code(e.trade_code()).unwrap(), e, "{e}");
        }
    }
}
