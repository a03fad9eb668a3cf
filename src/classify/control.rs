//! Export-control list entries: `3A001`, `1C010.b`, `1C902.a`, namespaced
//! by the list that issues them.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::{ascii_digits, digit_value};

/// The list an entry belongs to: its namespace.
///
/// | text | list |
/// | --- | --- |
/// | `eu` | EU dual-use list (Annex I of Regulation (EU) 2021/821), built on the Wassenaar Arrangement's list |
/// | `cn` | China's dual-use items export control list (2024 onward), with its own `9xx` entries |
/// | `us` | the US Commerce Control List (ECCNs, Supplement No. 1 to 15 CFR part 774) |
/// | anything else | a user-defined list: 1 to 15 lowercase letters, digits or `-` |
///
/// The text form is case-insensitive on input and lowercase on output.
///
/// # Example
///
/// ```
/// use tradedep::controls::Issuer;
///
/// assert_eq!("CN".parse::<Issuer>()?, Issuer::China);
/// let mine: Issuer = "my-list".parse()?;
/// assert_eq!(mine.to_string(), "my-list");
/// assert!("not a list!".parse::<Issuer>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Issuer {
    /// The EU dual-use list (Regulation (EU) 2021/821, Annex I), which
    /// carries the Wassenaar Arrangement's entries (numbers `0xx`) and
    /// those of the MTCR (`1xx`), NSG (`2xx`), Australia Group (`3xx`) and
    /// Chemical Weapons Convention (`4xx`).
    Eu,
    /// China's dual-use items export control list, which follows the same
    /// numbering and adds China's own entries (`9xx`, e.g. `1C902` for
    /// samarium items, and `5xx`: `1C501` and `9A501` in the 2026
    /// catalogue of MOFCOM/GACC Announcement No. 91 of 2025).
    China,
    /// The US Commerce Control List (any number, `600 series` and `9xx`
    /// included).
    Us,
    /// A user-defined list.
    User(UserIssuer),
}

/// The name of a user-defined list: 1 to 15 lowercase ASCII letters,
/// digits or `-`, stored inline so that [`Issuer`] stays `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserIssuer {
    len: u8,
    bytes: [u8; 15],
}

impl UserIssuer {
    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

impl fmt::Debug for UserIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl Issuer {
    /// The entry numbers the list uses, by their hundreds digit: which
    /// `NNN` in `1CNNN` are valid in this namespace.
    fn allows(self, number: u16) -> bool {
        let hundreds = number / 100;
        match self {
            Issuer::Eu => hundreds <= 4,
            Issuer::China => hundreds <= 5 || hundreds == 9,
            Issuer::Us | Issuer::User(_) => true,
        }
    }
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Issuer({self})")
    }
}

impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issuer::Eu => f.write_str("eu"),
            Issuer::China => f.write_str("cn"),
            Issuer::Us => f.write_str("us"),
            Issuer::User(u) => f.write_str(u.as_str()),
        }
    }
}

impl FromStr for Issuer {
    type Err = Error;

    fn from_str(s: &str) -> Result<Issuer> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "eu" => return Ok(Issuer::Eu),
            "cn" => return Ok(Issuer::China),
            "us" => return Ok(Issuer::Us),
            _ => {}
        }
        let valid = !lower.is_empty()
            && lower.len() <= 15
            && lower
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid {
            return Err(Error::new(ErrorKind::Issuer {
                input: crate::error::quote(s),
            }));
        }
        let mut bytes = [0u8; 15];
        for (slot, b) in bytes.iter_mut().zip(lower.bytes()) {
            *slot = b;
        }
        Ok(Issuer::User(UserIssuer {
            len: lower.len() as u8,
            bytes,
        }))
    }
}

/// A control category, the first character of an entry (0-9), with the
/// names the Wassenaar Arrangement's dual-use list gives them.
///
/// # Example
///
/// ```
/// use tradedep::controls::ControlCategory;
///
/// let c = ControlCategory::new(3)?;
/// assert_eq!(c.name(), "electronics");
/// assert!(ControlCategory::new(10).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ControlCategory(u8);

const CATEGORY_NAMES: [&str; 10] = [
    "nuclear materials, facilities and equipment",
    "special materials and related equipment",
    "materials processing",
    "electronics",
    "computers",
    "telecommunications and information security",
    "sensors and lasers",
    "navigation and avionics",
    "marine",
    "aerospace and propulsion",
];

impl ControlCategory {
    /// Category `n`, 0 to 9.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a number above 9.
    pub fn new(n: u8) -> Result<ControlCategory> {
        if n > 9 {
            return Err(Error::new(ErrorKind::Parameter {
                name: "control category",
                value: n.to_string(),
                expected: "categories are numbered 0 to 9",
            }));
        }
        Ok(ControlCategory(n))
    }

    /// The number, 0 to 9.
    #[must_use]
    pub fn number(self) -> u8 {
        self.0
    }

    /// The category's name ("electronics" for 3).
    #[must_use]
    pub fn name(self) -> &'static str {
        CATEGORY_NAMES
            .get(usize::from(self.0))
            .copied()
            .unwrap_or("")
    }

    /// Every category, 0 to 9.
    pub fn all() -> impl Iterator<Item = ControlCategory> {
        (0..=9).map(ControlCategory)
    }
}

impl fmt::Display for ControlCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ControlCategory {
    type Err = Error;

    fn from_str(s: &str) -> Result<ControlCategory> {
        match s.trim().as_bytes() {
            [d] if d.is_ascii_digit() => Ok(ControlCategory(digit_value(*d))),
            _ => Err(Error::new(ErrorKind::Parameter {
                name: "control category",
                value: s.to_owned(),
                expected: "a digit 0 to 9",
            })),
        }
    }
}

/// A control group, the second character of an entry (A-E).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ControlGroup {
    /// A: systems, equipment and components.
    Systems,
    /// B: test, inspection and production equipment.
    TestEquipment,
    /// C: materials.
    Materials,
    /// D: software.
    Software,
    /// E: technology.
    Technology,
}

impl ControlGroup {
    /// The letter, `A` to `E`.
    #[must_use]
    pub fn letter(self) -> char {
        match self {
            ControlGroup::Systems => 'A',
            ControlGroup::TestEquipment => 'B',
            ControlGroup::Materials => 'C',
            ControlGroup::Software => 'D',
            ControlGroup::Technology => 'E',
        }
    }

    /// The group's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ControlGroup::Systems => "systems, equipment and components",
            ControlGroup::TestEquipment => "test, inspection and production equipment",
            ControlGroup::Materials => "materials",
            ControlGroup::Software => "software",
            ControlGroup::Technology => "technology",
        }
    }

    /// True for goods (A, B, C); software and technology (D, E) do not
    /// cross borders as customs-declared goods, so trade statistics do
    /// not see them.
    #[must_use]
    pub fn is_goods(self) -> bool {
        matches!(
            self,
            ControlGroup::Systems | ControlGroup::TestEquipment | ControlGroup::Materials
        )
    }

    pub(crate) fn from_letter(c: u8) -> Option<ControlGroup> {
        Some(match c.to_ascii_uppercase() {
            b'A' => ControlGroup::Systems,
            b'B' => ControlGroup::TestEquipment,
            b'C' => ControlGroup::Materials,
            b'D' => ControlGroup::Software,
            b'E' => ControlGroup::Technology,
            _ => return None,
        })
    }
}

impl fmt::Display for ControlGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.letter())
    }
}

/// One level of an entry's sub-item path: `a`, `2`, `b` in `3A001.a.2.b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Item {
    Letter(u8),
    Number(u16),
}

/// An entry of an export-control list, such as `3A001.a.2` or (China's
/// own) `1C902.a`, in its issuer's namespace.
///
/// Grammar of the text form `ISSUER:ENTRY` (the issuer may be left out
/// where the namespace is given separately, as in
/// [`ControlEntry::parse_in`]):
///
/// ```text
/// ENTRY   = CATEGORY GROUP NUMBER { "." ITEM }
/// CATEGORY = "0".."9"          GROUP = "A".."E" (either case)
/// NUMBER  = three digits       ITEM  = a lowercase letter, or 1-3 digits,
///                                      letters and digits alternating, a letter first
/// ```
///
/// The number's hundreds digit must be valid in the namespace: `0-4` on
/// the EU list, `0-5` and `9` on China's (so `1C902` is China's only), any
/// on the US list and on user-defined lists.
///
/// Entries order by issuer, category, group, number, then sub-items
/// (numbers compared as numbers: `.a.2` before `.a.10`).
///
/// # Example
///
/// ```
/// use tradedep::controls::{ControlEntry, ControlGroup, Issuer};
///
/// let e: ControlEntry = "cn:1C902.a".parse()?;
/// assert_eq!(e.issuer(), Issuer::China);
/// assert_eq!(e.category().name(), "special materials and related equipment");
/// assert_eq!(e.group(), ControlGroup::Materials);
/// assert_eq!(e.number(), 902);
/// assert_eq!(e.to_string(), "cn:1C902.a");
/// assert!(e.is_within(&"cn:1C902".parse()?));
/// // China's 9xx entries do not exist on the EU list.
/// assert!("eu:1C902".parse::<ControlEntry>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ControlEntry {
    issuer: Issuer,
    category: ControlCategory,
    group: ControlGroup,
    number: u16,
    items: Vec<Item>,
}

impl ControlEntry {
    /// Parses `text` (an entry without issuer, such as `3A001.a`) in the
    /// namespace of `issuer`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ControlEntry`] saying which part is malformed.
    pub fn parse_in(issuer: Issuer, text: &str) -> Result<ControlEntry> {
        let bad = |reason: String| {
            Error::new(ErrorKind::ControlEntry {
                input: crate::error::quote(text),
                reason,
            })
        };
        let t = text.trim();
        let mut parts = t.split('.');
        let head = parts.next().unwrap_or("").as_bytes();
        let [cat, grp, n1, n2, n3] = head else {
            return Err(bad(
                "expected a digit, a letter A-E and three digits, as in 3A001".into(),
            ));
        };
        let Some(category) = cat.is_ascii_digit().then(|| digit_value(*cat)) else {
            return Err(bad(format!(
                "the category {:?} is not a digit 0-9",
                char::from(*cat)
            )));
        };
        let group = ControlGroup::from_letter(*grp).ok_or_else(|| {
            bad(format!(
                "the group {:?} is not one of A (systems), B (test equipment), C (materials), D (software), E (technology)",
                char::from(*grp)
            ))
        })?;
        let Some(number) = ascii_digits(&[*n1, *n2, *n3]).and_then(|n| u16::try_from(n).ok())
        else {
            return Err(bad("the entry number is not three digits".into()));
        };
        if !issuer.allows(number) {
            return Err(bad(format!(
                "number {number:03} is not used on the {} list ({})",
                issuer,
                match issuer {
                    Issuer::Eu => "its numbers run 0xx to 4xx",
                    _ => "its numbers run 0xx to 5xx and 9xx",
                }
            )));
        }
        let mut items = Vec::new();
        for (i, part) in (1usize..).zip(parts) {
            let want_letter = i % 2 == 1;
            let b = part.as_bytes();
            let item = match b {
                [l] if l.is_ascii_lowercase() && want_letter => Item::Letter(*l),
                _ if !want_letter
                    && (1..=3).contains(&b.len())
                    && b.iter().all(u8::is_ascii_digit) =>
                {
                    Item::Number(
                        part.parse()
                            .map_err(|_| bad("bad sub-item number".into()))?,
                    )
                }
                _ => {
                    return Err(bad(format!(
                        "sub-item {i} {part:?} should be {}",
                        if want_letter {
                            "one lowercase letter"
                        } else {
                            "a number of 1 to 3 digits"
                        }
                    )));
                }
            };
            items.push(item);
        }
        Ok(ControlEntry {
            issuer,
            category: ControlCategory(category),
            group,
            number,
            items,
        })
    }

    /// The list the entry belongs to.
    #[must_use]
    pub fn issuer(&self) -> Issuer {
        self.issuer
    }

    /// The category (first character).
    #[must_use]
    pub fn category(&self) -> ControlCategory {
        self.category
    }

    /// The group (second character).
    #[must_use]
    pub fn group(&self) -> ControlGroup {
        self.group
    }

    /// The three-digit number.
    #[must_use]
    pub fn number(&self) -> u16 {
        self.number
    }

    /// The entry without sub-items (`3A001` for `3A001.a.2`).
    #[must_use]
    pub fn base(&self) -> ControlEntry {
        ControlEntry {
            items: Vec::new(),
            ..self.clone()
        }
    }

    /// The entry one level up (`3A001.a` for `3A001.a.2`), or `None` for
    /// an entry without sub-items.
    #[must_use]
    pub fn parent(&self) -> Option<ControlEntry> {
        let mut p = self.clone();
        p.items.pop()?;
        Some(p)
    }

    /// True when this entry is `other` or one of its sub-items (same
    /// issuer).
    #[must_use]
    pub fn is_within(&self, other: &ControlEntry) -> bool {
        self.issuer == other.issuer
            && self.category == other.category
            && self.group == other.group
            && self.number == other.number
            && self.items.starts_with(&other.items)
    }

    /// The entry's text without the issuer (`3A001.a.2`).
    #[must_use]
    pub fn code(&self) -> String {
        let mut s = String::with_capacity(12);
        let _ = self.write_code(&mut s);
        s
    }

    fn write_code(&self, w: &mut impl fmt::Write) -> fmt::Result {
        write!(w, "{}{}{:03}", self.category, self.group, self.number)?;
        for item in &self.items {
            match item {
                Item::Letter(l) => write!(w, ".{}", char::from(*l))?,
                Item::Number(n) => write!(w, ".{n}")?,
            }
        }
        Ok(())
    }
}

impl Ord for ControlEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        (
            self.issuer,
            self.category,
            self.group,
            self.number,
            &self.items,
        )
            .cmp(&(
                other.issuer,
                other.category,
                other.group,
                other.number,
                &other.items,
            ))
    }
}

impl PartialOrd for ControlEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ControlEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.issuer)?;
        self.write_code(f)
    }
}

impl fmt::Debug for ControlEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ControlEntry({self})")
    }
}

impl FromStr for ControlEntry {
    type Err = Error;

    /// Parses `ISSUER:ENTRY`, such as `cn:1C902.a` or `eu:3A001`.
    fn from_str(s: &str) -> Result<ControlEntry> {
        let Some((issuer, entry)) = s.split_once(':') else {
            return Err(Error::new(ErrorKind::ControlEntry {
                input: crate::error::quote(s),
                reason: "expected ISSUER:ENTRY, as in cn:1C902.a or eu:3A001".into(),
            }));
        };
        ControlEntry::parse_in(issuer.parse()?, entry)
    }
}

impl TryFrom<&str> for ControlEntry {
    type Error = Error;

    fn try_from(s: &str) -> Result<ControlEntry> {
        s.parse()
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(ControlEntry, "a control entry such as cn:1C902.a");
#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Issuer, "a list name such as eu, cn or us");
#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(ControlCategory, "a control category 0-9");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wassenaar_entries_parse_and_round_trip() {
        // Entry codes as printed in Regulation (EU) 2021/821, Annex I.
        for text in [
            "eu:3A001",
            "eu:1C010.b",
            "eu:3A001.a.2.b",
            "eu:0A001",
            "eu:2B350.c",
        ] {
            let e: ControlEntry = text.parse().unwrap();
            assert_eq!(e.to_string(), text);
        }
        let e: ControlEntry = "eu:5A002.a.1".parse().unwrap();
        assert_eq!(
            e.category().name(),
            "telecommunications and information security"
        );
        assert_eq!(e.group().name(), "systems, equipment and components");
    }

    #[test]
    fn namespaces_decide_which_numbers_exist() {
        assert!("cn:1C902.a".parse::<ControlEntry>().is_ok());
        assert!("eu:1C902.a".parse::<ControlEntry>().is_err());
        // The US "600 series" (0A501: firearms parts) is US-only.
        assert!("us:0A501".parse::<ControlEntry>().is_ok());
        assert!("eu:0A501".parse::<ControlEntry>().is_err());
        assert!("mylist:0A501".parse::<ControlEntry>().is_ok());
        // China's 2026 catalogue has 1C501 and 9A501.a-c (MOFCOM/GACC
        // Announcement No. 91 of 2025); 6xx is no number of its list.
        assert!("cn:9A501.b.1".parse::<ControlEntry>().is_ok());
        assert!("cn:1C501".parse::<ControlEntry>().is_ok());
        assert!("cn:1C601".parse::<ControlEntry>().is_err());
    }

    #[test]
    fn malformed_entries_say_what_is_wrong() {
        let msg = |t: &str| t.parse::<ControlEntry>().unwrap_err().to_string();
        assert!(msg("eu:3F001").contains("group 'F'"));
        assert!(msg("eu:XA001").contains("category 'X'"));
        assert!(msg("eu:3A01").contains("three digits"));
        assert!(msg("eu:3A001.1").contains("sub-item 1"));
        assert!(msg("eu:3A001.a.b").contains("sub-item 2"));
        assert!(msg("3A001").contains("ISSUER:ENTRY"));
        assert!(msg("e u:3A001").contains("unknown export-control list"));
    }

    #[test]
    fn sub_items_order_numerically() {
        let a: ControlEntry = "eu:3A001.a.2".parse().unwrap();
        let b: ControlEntry = "eu:3A001.a.10".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.parent().unwrap().to_string(), "eu:3A001.a");
        assert_eq!(b.base().to_string(), "eu:3A001");
        assert!(b.is_within(&b.base()));
        assert!(!b.base().is_within(&b));
    }
}
