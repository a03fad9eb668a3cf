//! The text forms of HS codes: the strict parser ([`FromStr`]) and
//! [`HsCode::special`] for the reserved chapters 98 and 99.

use std::str::FromStr;

use crate::error::{Error, Result};
use crate::model::edition::HsEdition;
use crate::model::hs::{HsCode, HsLevel, hs_error};

impl FromStr for HsCode {
    type Err = Error;

    fn from_str(s: &str) -> Result<HsCode> {
        HsCode::parse(s, false)
    }
}

/// Why a chapter is refused: `None` for chapters of the HS, and for the
/// reserved chapters 98 and 99 where `special` allows them.
pub(crate) fn chapter_refusal(chapter: u32, special: bool) -> Option<&'static str> {
    match chapter {
        0 => Some("no HS edition has a chapter 00"),
        77 => Some("chapter 77 is reserved for future use and has no codes in any HS edition"),
        98 | 99 if !special => Some(
            "chapters 98 and 99 are reserved for national and special use; read such codes with HsCode::special",
        ),
        _ => None,
    }
}

impl HsCode {
    /// Reads a code like the strict parser ([`FromStr`]), and also the
    /// codes of chapters 98 and 99, which the HS reserves for national
    /// and special use: UN Comtrade's `9999` / `999999` ("commodities not
    /// specified according to kind") and national codes such as
    /// `9801`. The result's [`is_special`](HsCode::is_special) is true.
    /// The crate's own formats (tidy CSV, JSON, serde) and the Comtrade
    /// reader read codes this way, so that what they write reads back.
    ///
    /// Codes with letters (`9999AA`, as some sources write
    /// confidential trade) are not HS codes and are refused with a
    /// message that says so; map them to `999999` before reading.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::HsCode`](crate::ErrorKind::HsCode) as for the strict parser, except for
    /// chapters 98 and 99.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::HsCode;
    ///
    /// assert!("999999".parse::<HsCode>().is_err());
    /// let nes = HsCode::special("999999")?;
    /// assert!(nes.is_special());
    /// assert_eq!(nes.to_string(), "999999");
    /// // Chapters that no edition has are refused either way.
    /// assert!(HsCode::special("770000").is_err());
    /// assert!("00".parse::<HsCode>().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn special(text: &str) -> Result<HsCode> {
        HsCode::parse(text, true)
    }

    #[expect(
        clippy::arithmetic_side_effects,
        reason = "at most 10 digits are accumulated (more is an error), below u64::MAX"
    )]
    fn parse(s: &str, special: bool) -> Result<HsCode> {
        let (edition, code) = match s.split_once(':') {
            Some((e, c)) => (Some(e.parse::<HsEdition>()?), c),
            None => (None, s),
        };
        if code.eq_ignore_ascii_case("TOTAL") {
            return Ok(match edition {
                Some(e) => HsCode::TOTAL.with_edition(e),
                None => HsCode::TOTAL,
            });
        }
        let mut digits: u64 = 0;
        let mut n: u32 = 0;
        let mut dots: Vec<u32> = Vec::new();
        let mut last_dot = true;
        for c in code.bytes() {
            match c {
                b'0'..=b'9' => {
                    n += 1;
                    if n > 10 {
                        return Err(hs_error(
                            s,
                            "more than 10 digits: not an HS code or national tariff line",
                        ));
                    }
                    digits = digits * 10 + u64::from(c - b'0');
                    last_dot = false;
                }
                b'.' if !last_dot => {
                    dots.push(n);
                    last_dot = true;
                }
                b'.' => return Err(hs_error(s, "a dot must follow a group of digits")),
                c if c.is_ascii_alphabetic() && n >= 4 => {
                    return Err(hs_error(
                        s,
                        "letters in a code (such as 9999AA) are not HS codes; map them to a code such as 999999 first",
                    ));
                }
                _ => {
                    return Err(hs_error(
                        s,
                        "only digits and dots are allowed (or TOTAL for all products)",
                    ));
                }
            }
        }
        if n > 0 && last_dot {
            return Err(hs_error(s, "a code cannot end with a dot"));
        }
        let dots_ok = dots
            .iter()
            .all(|&d| d == 4 || d == 6 || d == 8 || (d == 2 && n == 4));
        if !dots_ok {
            return Err(hs_error(
                s,
                "dots go after 4, 6 or 8 digits (or 85.41 for a heading)",
            ));
        }
        let (padded, level, national) = match n {
            0 => return Err(hs_error(s, "empty code")),
            2 => (digits * 10_000, HsLevel::Chapter, false),
            4 => (digits * 100, HsLevel::Heading, false),
            6 => (digits, HsLevel::Subheading, false),
            8..=10 => (digits / 10u64.pow(n - 6), HsLevel::Subheading, true),
            5 => {
                return Err(hs_error(
                    s,
                    "5 digits: a subheading read as a number may have lost its leading zero; use HsCode::subheading_lenient",
                ));
            }
            _ => {
                return Err(hs_error(
                    s,
                    "expected 2, 4 or 6 digits, or a national line of 8 to 10",
                ));
            }
        };
        // `padded` is below 10^6 in every arm above.
        let padded = padded as u32;
        if let Some(why) = chapter_refusal(padded / 10_000, special) {
            return Err(hs_error(s, why));
        }
        Ok(HsCode::pack(padded, level, edition, national))
    }
}

impl TryFrom<&str> for HsCode {
    type Error = Error;
    fn try_from(s: &str) -> Result<HsCode> {
        s.parse()
    }
}
