//! Harmonized System codes: chapters, headings, subheadings, and editions.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::error::{Error, ErrorKind, Result};
use crate::model::edition::HsEdition;
use crate::model::hs_text::chapter_refusal;

/// A level of the HS hierarchy, from "all products" down to subheadings.
/// With the `serde` feature it serializes as `"total"`, `"chapter"`,
/// `"heading"` or `"subheading"`.
///
/// Levels order from the coarsest: `Total < Chapter < Heading <
/// Subheading`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum HsLevel {
    /// All products together: the one code [`HsCode::TOTAL`] (UN
    /// Comtrade's `TOTAL`, a source's "Grand Total"), above every chapter.
    Total,
    /// Two digits (`85`).
    Chapter,
    /// Four digits (`8541`).
    Heading,
    /// Six digits (`854110`), the finest level the HS itself defines.
    Subheading,
}

impl HsLevel {
    /// The number of digits of a code at this level: 0 (all products), 2,
    /// 4 or 6.
    #[must_use]
    pub fn digits(self) -> u8 {
        match self {
            HsLevel::Total => 0,
            HsLevel::Chapter => 2,
            HsLevel::Heading => 4,
            HsLevel::Subheading => 6,
        }
    }

    /// The level of codes with this many digits.
    #[must_use]
    pub fn from_digits(digits: u8) -> Option<HsLevel> {
        match digits {
            0 => Some(HsLevel::Total),
            2 => Some(HsLevel::Chapter),
            4 => Some(HsLevel::Heading),
            6 => Some(HsLevel::Subheading),
            _ => None,
        }
    }

    fn code(self) -> u32 {
        u32::from(self.digits() / 2)
    }

    fn divisor(self) -> u32 {
        match self {
            HsLevel::Total => 1_000_000,
            HsLevel::Chapter => 10_000,
            HsLevel::Heading => 100,
            HsLevel::Subheading => 1,
        }
    }
}

impl fmt::Display for HsLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            HsLevel::Total => "total",
            HsLevel::Chapter => "chapter",
            HsLevel::Heading => "heading",
            HsLevel::Subheading => "subheading",
        })
    }
}

/// A Harmonized System code: a chapter (2 digits), heading (4) or
/// subheading (6), with its nomenclature edition where known.
///
/// Leading zeros are part of the code and are never lost: `0101` is the
/// heading of live horses, and it prints as `0101`. The strict parser
/// ([`FromStr`](std::str::FromStr)) accepts:
///
/// - 2, 4 or 6 digits: `01`, `0101`, `010121`;
/// - the dotted notation of the HS: `01.01`, `0101.21`;
/// - national tariff lines of 8 to 10 digits (`0101210010`, or
///   `0101.21.00`), reduced to their HS6 prefix; the result
///   [remembers](HsCode::is_reduced) that it was reduced, but the extra
///   digits are dropped and take no part in equality;
/// - an optional edition prefix: `HS2022:010121`.
///
/// It rejects every other length. In particular a 5-digit code such as
/// `10121`, which is what `010121` becomes when a tool reads it as a
/// number, is accepted only by the explicit lenient path
/// [`HsCode::subheading_lenient`], which readers of numeric columns
/// (BACI) use.
///
/// Codes order as the nomenclature does: a chapter comes right before its
/// headings, a heading right before its subheadings. Two codes are equal
/// when they have the same digits, level and edition.
///
/// # Example
///
/// ```
/// use tradedep::{HsCode, HsLevel};
///
/// let horses: HsCode = "0101.21".parse()?;
/// assert_eq!(horses.to_string(), "010121");
/// assert_eq!(horses.level(), HsLevel::Subheading);
/// assert_eq!(horses.chapter().to_string(), "01");
/// assert_eq!(horses.parent().map(|p| p.to_string()).as_deref(), Some("0101"));
/// assert!(horses.is_within("01".parse()?));
///
/// // A number that lost its leading zero is refused by the strict parser.
/// assert!("10121".parse::<HsCode>().is_err());
/// assert_eq!(HsCode::subheading_lenient("10121")?, horses);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct HsCode(u32);

// Layout of the packed code: bits 6..26 the digits padded to six (a
// chapter 85 is stored as 850000), bits 4..6 the level (1, 2, 3), bits
// 1..4 the edition (0 unknown, 1..=7), bit 0 "reduced from a national
// line". The identity is everything above bit 0, and the padded digits
// come first, so comparing `self.0 >> 1` orders codes as the nomenclature.
const NATIONAL: u32 = 1;

impl HsCode {
    /// Makes a code from its digits as a number and its level: `(85, Chapter)`
    /// is chapter `85`, `(101, Heading)` is heading `0101`; any digits at
    /// [`HsLevel::Total`] give [`HsCode::TOTAL`]. Chapters 98 and 99 are
    /// accepted, as by [`HsCode::special`].
    ///
    /// # Errors
    ///
    /// [`ErrorKind::HsCode`] when `digits` has more digits than the level,
    /// or names a chapter no edition has (`00`, `77`).
    pub fn new(digits: u32, level: HsLevel) -> Result<HsCode> {
        if level == HsLevel::Total {
            return Ok(HsCode::TOTAL);
        }
        let max = 10u32.pow(u32::from(level.digits()));
        if digits >= max {
            return Err(hs_error(
                &digits.to_string(),
                "more digits than the level allows",
            ));
        }
        let padded = digits
            .checked_mul(level.divisor())
            .ok_or_else(|| hs_error(&digits.to_string(), "more digits than the level allows"))?;
        if let Some(why) = chapter_refusal(padded / 10_000, true) {
            return Err(hs_error(&digits.to_string(), why));
        }
        Ok(HsCode::pack(padded, level, None, false))
    }

    /// Reads a 6-digit subheading from a column that may have stored it as
    /// a number, so that `10121` is read as `010121`. This is the lenient
    /// path for readers of numeric columns (CEPII BACI writes `k` this way
    /// in some copies); the strict parser refuses 5-digit codes. Like
    /// [`HsCode::special`], it reads chapters 98 and 99.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::HsCode`] unless the text is 5 or 6 ASCII digits of a
    /// chapter that some HS edition has (not `00` or `77`).
    pub fn subheading_lenient(text: &str) -> Result<HsCode> {
        HsCode::subheading_lenient_bytes(text.as_bytes())
            .ok_or_else(|| hs_error(text, HsCode::lenient_refusal(text.as_bytes())))
    }

    /// Why [`subheading_lenient`](Self::subheading_lenient) refuses `b`.
    pub(crate) fn lenient_refusal(b: &[u8]) -> &'static str {
        match ascii_digits(b) {
            Some(v) if (5..=6).contains(&b.len()) => chapter_refusal(v / 10_000, true)
                .unwrap_or("expected a 6-digit subheading, or 5 digits that lost a leading zero"),
            _ => "expected a 6-digit subheading, or 5 digits that lost a leading zero",
        }
    }

    pub(crate) fn subheading_lenient_bytes(b: &[u8]) -> Option<HsCode> {
        if !(5..=6).contains(&b.len()) {
            return None;
        }
        let v = ascii_digits(b)?;
        if chapter_refusal(v / 10_000, true).is_some() {
            return None;
        }
        Some(HsCode::pack(v, HsLevel::Subheading, None, false))
    }

    pub(crate) fn pack(
        padded: u32,
        level: HsLevel,
        edition: Option<HsEdition>,
        national: bool,
    ) -> HsCode {
        let ed = edition.map_or(0, HsEdition::bits);
        HsCode((padded << 6) | (level.code() << 4) | (ed << 1) | u32::from(national))
    }

    fn padded(self) -> u32 {
        self.0 >> 6
    }

    /// "All products": the code of a source's total over every product
    /// (UN Comtrade's `cmdCode` `TOTAL`, a "Grand Total" row), at
    /// [`HsLevel::Total`]. Its text form is `TOTAL`. It contains every
    /// code, and it is never added to its parts: a query whose flows mix
    /// it with chapters or subheadings is an error unless it picks a
    /// level ([`Query::hs_level`](crate::Query::hs_level)).
    ///
    /// ```
    /// use tradedep::{HsCode, HsLevel};
    ///
    /// let total: HsCode = "TOTAL".parse()?;
    /// assert_eq!(total, HsCode::TOTAL);
    /// assert_eq!(total.level(), HsLevel::Total);
    /// assert_eq!(total.to_string(), "TOTAL");
    /// assert!(total.contains("854110".parse()?));
    /// assert_eq!("85".parse::<HsCode>()?.parent(), Some(HsCode::TOTAL));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const TOTAL: HsCode = HsCode(0);

    /// The level: all products, chapter, heading or subheading.
    #[must_use]
    pub fn level(self) -> HsLevel {
        match (self.0 >> 4) & 3 {
            0 => HsLevel::Total,
            1 => HsLevel::Chapter,
            2 => HsLevel::Heading,
            _ => HsLevel::Subheading,
        }
    }

    /// The digits as a number (`101` for heading `0101`); see
    /// [`Display`](fmt::Display) for the text with its leading zeros.
    #[must_use]
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "divides by a nonzero constant of HsLevel::divisor"
    )]
    pub fn digits(self) -> u32 {
        self.padded() / self.level().divisor()
    }

    /// The edition, where known.
    #[must_use]
    pub fn edition(self) -> Option<HsEdition> {
        HsEdition::from_bits((self.0 >> 1) & 7)
    }

    /// The same code with the given edition.
    #[must_use]
    pub fn with_edition(self, edition: HsEdition) -> HsCode {
        HsCode::pack(
            self.padded(),
            self.level(),
            Some(edition),
            self.is_reduced(),
        )
    }

    /// The same code with no edition.
    #[must_use]
    pub fn without_edition(self) -> HsCode {
        HsCode::pack(self.padded(), self.level(), None, self.is_reduced())
    }

    /// The same subheading marked as reduced from a national line (for
    /// readers of layouts that record the reduction in a column of its
    /// own); codes above HS6 are returned unchanged.
    pub(crate) fn marked_reduced(self) -> HsCode {
        if self.level() == HsLevel::Subheading {
            HsCode::pack(self.padded(), self.level(), self.edition(), true)
        } else {
            self
        }
    }

    /// True when the code was read from a national tariff line (8 to 10
    /// digits) and reduced to its HS6 prefix.
    #[must_use]
    pub fn is_reduced(self) -> bool {
        self.0 & NATIONAL != 0
    }

    /// The code one level up: a subheading's heading, a heading's
    /// chapter, a chapter's [`HsCode::TOTAL`]; `None` for the total.
    #[must_use]
    pub fn parent(self) -> Option<HsCode> {
        match self.level() {
            HsLevel::Total => None,
            HsLevel::Chapter => Some(self.truncate(HsLevel::Total)),
            HsLevel::Heading => Some(self.truncate(HsLevel::Chapter)),
            HsLevel::Subheading => Some(self.truncate(HsLevel::Heading)),
        }
    }

    /// The chapter the code belongs to (itself for a chapter, and for
    /// [`HsCode::TOTAL`], which is above every chapter).
    #[must_use]
    pub fn chapter(self) -> HsCode {
        self.truncate(HsLevel::Chapter)
    }

    /// True for codes of chapters 98 and 99, which the HS reserves for
    /// national and special use (UN Comtrade's `9999` and `999999`,
    /// "commodities not specified according to kind"). The strict parser
    /// refuses them; [`HsCode::special`] reads them.
    #[must_use]
    pub fn is_special(self) -> bool {
        self.level() != HsLevel::Total && self.chapter().digits() >= 98
    }

    /// The heading the code belongs to (itself for a heading); `None` for
    /// a chapter.
    #[must_use]
    pub fn heading(self) -> Option<HsCode> {
        (self.level() >= HsLevel::Heading).then(|| self.truncate(HsLevel::Heading))
    }

    /// The code at a coarser (or the same) level; a code at a finer level
    /// than its own is returned unchanged.
    #[must_use]
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "divides by a nonzero constant; the product is at most the dividend"
    )]
    pub fn truncate(self, level: HsLevel) -> HsCode {
        if level >= self.level() {
            return HsCode::pack(self.padded(), self.level(), self.edition(), false);
        }
        let d = level.divisor();
        HsCode::pack(self.padded() / d * d, level, self.edition(), false)
    }

    /// Does this code contain `other` (is `other` this code or below it)?
    /// Editions are compared only when both codes have one.
    #[must_use]
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "divides by a nonzero constant of HsLevel::divisor"
    )]
    pub fn contains(self, other: HsCode) -> bool {
        if let (Some(a), Some(b)) = (self.edition(), other.edition())
            && a != b
        {
            return false;
        }
        other.level() >= self.level() && other.padded() / self.level().divisor() == self.digits()
    }

    /// Is this code `other` or below it? The same as `other.contains(self)`.
    #[must_use]
    pub fn is_within(self, other: HsCode) -> bool {
        other.contains(self)
    }

    /// The range of padded digits (inclusive) that codes within this one
    /// have, for range scans over sorted data.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "padded digits are below 1,000,000 and divisors at most 10,000"
    )]
    pub(crate) fn padded_range(self) -> (u32, u32) {
        let d = self.level().divisor();
        (self.padded(), self.padded() + d - 1)
    }

    /// A small dense number per (padded digits, level), below
    /// [`HsCode::DENSE_KEYS`], for array-indexed lookups.
    pub(crate) fn dense_key(self) -> usize {
        (self.padded() as usize) << 2 | ((self.0 >> 4) & 3) as usize
    }

    /// One more than the largest [`dense_key`](Self::dense_key).
    pub(crate) const DENSE_KEYS: usize = 1_000_000 << 2;

    pub(crate) fn padded_digits(self) -> u32 {
        self.padded()
    }

    fn identity(self) -> u32 {
        self.0 >> 1
    }
}

/// The value of one ASCII digit; 0 for any other byte (callers check
/// `is_ascii_digit` first).
pub(crate) fn digit_value(b: u8) -> u8 {
    char::from(b).to_digit(10).map_or(0, |d| d as u8)
}

/// The value of 1 to 9 ASCII digits; `None` for anything else.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "at most 9 digits, below u32::MAX"
)]
pub(crate) fn ascii_digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    b.iter().try_fold(0u32, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
    })
}

pub(crate) fn hs_error(input: &str, reason: &'static str) -> Error {
    Error::new(ErrorKind::HsCode {
        input: crate::error::quote(input),
        reason,
    })
}

impl PartialEq for HsCode {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for HsCode {}

impl Hash for HsCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

impl PartialOrd for HsCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for HsCode {
    fn cmp(&self, other: &Self) -> Ordering {
        self.identity().cmp(&other.identity())
    }
}

impl fmt::Display for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.level();
        if level == HsLevel::Total {
            return match self.edition() {
                Some(e) => f.pad(&format!("{e}:TOTAL")),
                None => f.pad("TOTAL"),
            };
        }
        let text = match self.edition() {
            Some(e) => format!("{e}:{:0w$}", self.digits(), w = usize::from(level.digits())),
            None => format!("{:0w$}", self.digits(), w = usize::from(level.digits())),
        };
        f.pad(&text)
    }
}

impl fmt::Debug for HsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HsCode({self})")
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(HsCode, "an HS code such as 010121", HsCode::special);

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(s: &str) -> HsCode {
        s.parse().unwrap()
    }

    #[test]
    fn leading_zeros_are_kept() {
        assert_eq!(hs("01").to_string(), "01");
        assert_eq!(hs("0101").to_string(), "0101");
        assert_eq!(hs("010121").to_string(), "010121");
        assert_eq!(hs("010121").digits(), 10121);
    }

    #[test]
    fn dotted_and_national_forms() {
        assert_eq!(hs("0101.21"), hs("010121"));
        assert_eq!(hs("85.41"), hs("8541"));
        let nat = hs("8541.10.00");
        assert_eq!(nat.to_string(), "854110");
        assert!(nat.is_reduced());
        assert_eq!(nat, hs("854110"));
        assert_eq!(hs("0101210010").to_string(), "010121");
        assert!(!hs("854110").is_reduced());
    }

    #[test]
    fn bad_codes_give_reasons() {
        for (bad, why) in [
            ("10121", "leading zero"),
            ("123456789012", "more than 10 digits"),
            ("", "empty"),
            ("1", "expected 2, 4 or 6"),
            ("123", "expected 2, 4 or 6"),
            ("1234567", "expected 2, 4 or 6"),
            ("01a1", "only digits"),
            ("0101.", "end with a dot"),
            (".0101", "dot must follow"),
            ("01.0121", "dots go after"),
            ("0101..21", "dot must follow"),
            (" 0101", "only digits"),
            ("HS2099:0101", "HS edition"),
        ] {
            let e = bad.parse::<HsCode>().unwrap_err();
            assert!(e.to_string().contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn lenient_subheadings() {
        assert_eq!(HsCode::subheading_lenient("10121").unwrap(), hs("010121"));
        assert_eq!(HsCode::subheading_lenient("854110").unwrap(), hs("854110"));
        assert!(HsCode::subheading_lenient("1012").is_err());
        assert!(HsCode::subheading_lenient("1012x").is_err());
    }

    #[test]
    fn hierarchy() {
        let c = hs("854110");
        assert_eq!(c.parent(), Some(hs("8541")));
        assert_eq!(hs("8541").parent(), Some(hs("85")));
        assert_eq!(hs("85").parent(), Some(HsCode::TOTAL));
        assert_eq!(HsCode::TOTAL.parent(), None);
        assert_eq!(c.chapter(), hs("85"));
        assert_eq!(c.heading(), Some(hs("8541")));
        assert_eq!(hs("85").heading(), None);
        assert!(hs("85").contains(c));
        assert!(hs("8541").contains(c));
        assert!(c.contains(c));
        assert!(!c.contains(hs("8541")));
        assert!(!hs("84").contains(c));
        assert!(!hs("8542").contains(c));
        assert!(c.is_within(hs("85")));
    }

    #[test]
    fn ordering_follows_the_nomenclature() {
        let mut v = [
            hs("0102"),
            hs("010121"),
            hs("02"),
            hs("01"),
            hs("0101"),
            hs("010129"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["01", "0101", "010121", "010129", "0102", "02"]);
    }

    #[test]
    fn editions() {
        let c = hs("HS2022:010121");
        assert_eq!(c.edition(), Some(HsEdition::Hs2022));
        assert_eq!(c.to_string(), "HS2022:010121");
        assert_ne!(c, hs("010121"));
        assert_eq!(c.without_edition(), hs("010121"));
        assert_eq!(hs("h6:0101").edition(), Some(HsEdition::Hs2022));
        assert!(hs("HS2017:01").contains(hs("010121")));
        assert!(!hs("HS2017:01").contains(c));
        assert_eq!(HsEdition::Hs1992.comtrade_code(), "H0");
        assert_eq!("hs2007".parse::<HsEdition>().unwrap().year(), 2007);
    }

    #[test]
    fn new_from_digits() {
        assert_eq!(
            HsCode::new(101, HsLevel::Heading).unwrap().to_string(),
            "0101"
        );
        assert!(HsCode::new(100, HsLevel::Chapter).is_err());
    }
}
