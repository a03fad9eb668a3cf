//! National tariff lines: the digits a country's tariff adds under an HS
//! subheading.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::HsCode;

/// A national tariff line: 8 to 10 digits whose first six are an HS
/// subheading, such as China's `2805301910` (samarium metal, under
/// 2805.30) or an EU Combined Nomenclature code `28053010`.
///
/// The text form is the digits, leading zeros kept; dots after the
/// fourth, sixth and eighth digits are accepted on reading
/// (`2805.30.19.10`). Lines order as their text does (`28053010` before
/// `2805301910`).
///
/// # Example
///
/// ```
/// use tradedep::NationalLine;
///
/// let line: NationalLine = "2805.30.19.10".parse()?;
/// assert_eq!(line.to_string(), "2805301910");
/// assert_eq!(line.digits(), 10);
/// assert_eq!(line.subheading().to_string(), "280530");
/// assert!(line.subheading().is_reduced());
/// assert!("280530".parse::<NationalLine>().is_err()); // an HS code, not a line
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NationalLine {
    value: u64,
    digits: u8,
}

impl NationalLine {
    /// The number of digits, 8 to 10.
    #[must_use]
    pub fn digits(self) -> usize {
        usize::from(self.digits)
    }

    /// The HS subheading the line is under, marked as reduced from a
    /// national line ([`HsCode::is_reduced`]).
    #[must_use]
    pub fn subheading(self) -> HsCode {
        // Validated on construction: the first six digits parse.
        let text = self.to_string();
        HsCode::special(&text).unwrap_or(HsCode::TOTAL)
    }

    /// The value scaled to ten digits, for ordering.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "at most 10 digits: the value times 10^(10 - digits) is below 10^10"
    )]
    fn padded(self) -> u64 {
        self.value * 10u64.pow(10 - u32::from(self.digits))
    }
}

impl Ord for NationalLine {
    fn cmp(&self, other: &Self) -> Ordering {
        self.padded()
            .cmp(&other.padded())
            .then(self.digits.cmp(&other.digits))
    }
}

impl PartialOrd for NationalLine {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for NationalLine {
    type Err = Error;

    /// Reads 8 to 10 digits, with dots where [`HsCode`] allows them; the
    /// first six must be an HS subheading (chapters 98 and 99 included,
    /// as national tariffs use them).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::HsCode`] for anything else, with the reason.
    fn from_str(text: &str) -> Result<NationalLine> {
        let refuse = |reason: &'static str| {
            Error::new(ErrorKind::HsCode {
                input: crate::error::quote(text),
                reason,
            })
        };
        let code = HsCode::special(text)?;
        if !code.is_reduced() {
            return Err(refuse(
                "a national tariff line has 8 to 10 digits; this is an HS code",
            ));
        }
        let mut value: u64 = 0;
        let mut digits: u8 = 0;
        for b in text.bytes().filter(u8::is_ascii_digit) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b.saturating_sub(b'0'))))
                .ok_or_else(|| refuse("too many digits"))?;
            digits = digits.saturating_add(1);
        }
        Ok(NationalLine { value, digits })
    }
}

impl fmt::Display for NationalLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:0width$}", self.value, width = self.digits());
        f.pad(&text)
    }
}

impl fmt::Debug for NationalLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NationalLine({self})")
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(NationalLine, "a national tariff line such as 2805301910");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_write_and_order() {
        let line: NationalLine = "0101210010".parse().unwrap();
        assert_eq!(line.to_string(), "0101210010");
        assert_eq!(line.subheading().to_string(), "010121");
        let cn8: NationalLine = "28053010".parse().unwrap();
        let cn10: NationalLine = "2805301910".parse().unwrap();
        assert!(cn8 < cn10);
        assert!("2805301910".parse::<NationalLine>().unwrap() < "2805302000".parse().unwrap());
        for bad in [
            "2805",
            "280530",
            "28053019100",
            "2805x01910",
            "",
            "7701010101",
        ] {
            assert!(bad.parse::<NationalLine>().is_err(), "{bad}");
        }
        // Chapter 98 and 99 lines are national by nature.
        assert_eq!(
            "9801001000".parse::<NationalLine>().unwrap().to_string(),
            "9801001000"
        );
    }
}
