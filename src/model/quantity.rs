//! Quantities of traded goods, with the units of UN Comtrade and BACI.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::decimal_text::parse_decimal;
use crate::model::money::{exact_add, overflow};

/// A unit of quantity: the WCO supplementary units that UN Comtrade codes
/// 2 to 13, and metric tons, the unit of CEPII BACI's `q`.
///
/// The text form is the WCO abbreviation (`kg`, `u`, `m3`, ...) or `t`.
/// Comtrade codes 1 ("no quantity") and -1 ("not available") are not
/// units: [`Unit::from_comtrade_code`] reads them as `None`.
///
/// Source: UN Comtrade reference tables, "WCO/UN Comtrade Supplementary
/// Quantity Units".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Unit {
    /// Area in square meters (`m2`, Comtrade 2).
    SquareMetres,
    /// Electrical energy in thousands of kilowatt-hours (`1000kWh`, 3).
    ThousandKilowattHours,
    /// Length in meters (`m`, 4).
    Metres,
    /// Number of items (`u`, 5).
    Items,
    /// Number of pairs (`2u`, 6).
    Pairs,
    /// Volume in litres (`l`, 7).
    Litres,
    /// Weight in kilograms (`kg`, 8).
    Kilograms,
    /// Thousands of items (`1000u`, 9).
    ThousandItems,
    /// Number of packages (`u(jeu/pack)`, 10).
    Packages,
    /// Dozens of items (`12u`, 11).
    Dozens,
    /// Volume in cubic meters (`m3`, 12).
    CubicMetres,
    /// Weight in carats (`carat`, 13).
    Carats,
    /// Weight in metric tons (`t`), BACI's unit; no Comtrade code.
    Tonnes,
}

const UNITS: [(Unit, &str, Option<i8>, &[&str]); 13] = [
    (
        Unit::SquareMetres,
        "m2",
        Some(2),
        &["m²", "square metres", "square meters"],
    ),
    (
        Unit::ThousandKilowattHours,
        "1000kWh",
        Some(3),
        &["1000 kwh"],
    ),
    (Unit::Metres, "m", Some(4), &["metres", "meters"]),
    (Unit::Items, "u", Some(5), &["items"]),
    (Unit::Pairs, "2u", Some(6), &["pairs"]),
    (Unit::Litres, "l", Some(7), &["litres", "liters"]),
    (Unit::Kilograms, "kg", Some(8), &["kilograms"]),
    (Unit::ThousandItems, "1000u", Some(9), &["thousand items"]),
    (
        Unit::Packages,
        "u(jeu/pack)",
        Some(10),
        &["packages", "jeu/pack"],
    ),
    (Unit::Dozens, "12u", Some(11), &["dozens"]),
    (
        Unit::CubicMetres,
        "m3",
        Some(12),
        &["m³", "cubic metres", "cubic meters"],
    ),
    (Unit::Carats, "carat", Some(13), &["carats"]),
    (Unit::Tonnes, "t", None, &["tonnes", "metric tons"]),
];

impl Unit {
    fn entry(self) -> &'static (Unit, &'static str, Option<i8>, &'static [&'static str]) {
        // Every variant has exactly one row.
        UNITS.iter().find(|row| row.0 == self).unwrap_or(&UNITS[0])
    }

    /// The WCO abbreviation, the text form.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        self.entry().1
    }

    /// UN Comtrade's `qtyUnitCode`; `None` for tonnes.
    #[must_use]
    pub fn comtrade_code(self) -> Option<i8> {
        self.entry().2
    }

    /// Reads UN Comtrade's `qtyUnitCode`: `Ok(None)` for 1 ("no quantity")
    /// and -1 ("not available").
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Unit`] for any other code outside 2..=13.
    pub fn from_comtrade_code(code: i32) -> Result<Option<Unit>> {
        if code == 1 || code == -1 {
            return Ok(None);
        }
        UNITS
            .iter()
            .find(|row| row.2.map(i32::from) == Some(code))
            .map(|row| Some(row.0))
            .ok_or_else(|| {
                Error::new(ErrorKind::Unit {
                    input: crate::error::quote(&code.to_string()),
                    reason: "Comtrade unit codes are -1 and 1 to 13",
                })
            })
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.symbol())
    }
}

impl FromStr for Unit {
    type Err = Error;
    fn from_str(s: &str) -> Result<Unit> {
        let lower = s.to_lowercase();
        UNITS
            .iter()
            .find(|row| row.1 == s || row.1.to_lowercase() == lower || row.3.contains(&lower.as_str()))
            .map(|row| row.0)
            .ok_or_else(|| {
                Error::new(ErrorKind::Unit {
                    input: crate::error::quote(s),
                    reason: "expected m2, 1000kWh, m, u, 2u, l, kg, 1000u, u(jeu/pack), 12u, m3, carat or t",
                })
            })
    }
}

/// An exact, non-negative amount of goods in a [`Unit`].
///
/// Text form: the amount, a space and the unit (`1250.5 kg`).
///
/// # Example
///
/// ```
/// use tradedep::{Quantity, Unit};
///
/// let q: Quantity = "2.5 t".parse()?;
/// assert_eq!(q.to_unit(Unit::Kilograms)?.to_string(), "2500.0 kg");
/// assert!(q.checked_add(&"1 u".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Quantity {
    amount: Decimal,
    unit: Unit,
}

impl Quantity {
    /// `amount` of `unit`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Negative`] when `amount` is below zero.
    pub fn new(amount: Decimal, unit: Unit) -> Result<Quantity> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(Error::new(ErrorKind::Negative {
                what: "quantity",
                value: amount.to_string(),
            }));
        }
        Ok(Quantity { amount, unit })
    }

    /// A quantity of an amount read from digits, never negative.
    pub(crate) fn of_digits(amount: Decimal, unit: Unit) -> Quantity {
        Quantity { amount, unit }
    }

    /// The amount.
    #[must_use]
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The unit.
    #[must_use]
    pub fn unit(&self) -> Unit {
        self.unit
    }

    /// The sum of two quantities in the same unit.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnitMismatch`] for two units (convert first with
    /// [`to_unit`](Self::to_unit)), [`ErrorKind::Overflow`] when the sum
    /// does not fit, [`ErrorKind::Inexact`] when it would be rounded.
    pub fn checked_add(&self, other: &Quantity) -> Result<Quantity> {
        if self.unit != other.unit {
            return Err(Error::new(ErrorKind::UnitMismatch {
                op: "add",
                left: self.unit.to_string(),
                right: other.unit.to_string(),
            }));
        }
        let amount = exact_add(self.amount, other.amount, "add quantities")?;
        Ok(Quantity {
            amount,
            unit: self.unit,
        })
    }

    /// The same quantity in another unit. Only exact conversions are
    /// offered: kilograms and tonnes, items, dozens and thousands of items.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::UnitMismatch`] for units that do not convert,
    /// [`ErrorKind::Overflow`] when the result does not fit.
    pub fn to_unit(&self, unit: Unit) -> Result<Quantity> {
        let factor = |u: Unit| match u {
            Unit::Kilograms | Unit::Items => Some(Decimal::ONE),
            Unit::Tonnes | Unit::ThousandItems => Some(Decimal::ONE_THOUSAND),
            Unit::Dozens => Some(Decimal::from(12)),
            _ => None,
        };
        if unit == self.unit {
            return Ok(*self);
        }
        let group = |u: Unit| matches!(u, Unit::Kilograms | Unit::Tonnes);
        let mismatch = || {
            Error::new(ErrorKind::UnitMismatch {
                op: "convert",
                left: self.unit.to_string(),
                right: unit.to_string(),
            })
        };
        let (Some(from), Some(to)) = (factor(self.unit), factor(unit)) else {
            return Err(mismatch());
        };
        if group(self.unit) != group(unit) {
            return Err(mismatch());
        }
        let base = self
            .amount
            .checked_mul(from)
            .ok_or_else(|| overflow("convert quantity"))?;
        let amount = base
            .checked_div(to)
            .ok_or_else(|| overflow("convert quantity"))?;
        Ok(Quantity { amount, unit })
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{} {}", self.amount, self.unit))
    }
}

impl fmt::Debug for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Quantity({self})")
    }
}

impl FromStr for Quantity {
    type Err = Error;
    fn from_str(s: &str) -> Result<Quantity> {
        let (amount, unit) = s.split_once(' ').ok_or_else(|| {
            Error::new(ErrorKind::Number {
                input: crate::error::quote(s),
                reason: "expected an amount, a space and a unit, as in 12.5 kg",
            })
        })?;
        Quantity::new(parse_decimal(amount)?, unit.parse()?)
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Unit, "a unit such as kg or t");
#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Quantity, "a quantity such as 12.5 kg");

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn comtrade_codes() {
        // UN Comtrade reference table: 5 number of items, 8 kg, 12 m3, 13 carat.
        assert_eq!(Unit::from_comtrade_code(8).unwrap(), Some(Unit::Kilograms));
        assert_eq!(Unit::from_comtrade_code(5).unwrap(), Some(Unit::Items));
        assert_eq!(Unit::from_comtrade_code(13).unwrap(), Some(Unit::Carats));
        assert_eq!(Unit::from_comtrade_code(1).unwrap(), None);
        assert_eq!(Unit::from_comtrade_code(-1).unwrap(), None);
        assert!(Unit::from_comtrade_code(14).is_err());
        assert_eq!(Unit::Tonnes.comtrade_code(), None);
        for row in UNITS {
            assert_eq!(row.1.parse::<Unit>().unwrap(), row.0);
        }
        assert_eq!("Litres".parse::<Unit>().unwrap(), Unit::Litres);
        assert!("furlong".parse::<Unit>().is_err());
    }

    #[test]
    fn arithmetic_and_conversion() {
        let a = Quantity::new(dec!(1.5), Unit::Tonnes).unwrap();
        let b: Quantity = "500 kg".parse().unwrap();
        assert!(a.checked_add(&b).is_err());
        let sum = a.to_unit(Unit::Kilograms).unwrap().checked_add(&b).unwrap();
        assert_eq!(sum.amount(), dec!(2000));
        assert_eq!(b.to_unit(Unit::Tonnes).unwrap().amount(), dec!(0.5));
        let d: Quantity = "2 12u".parse().unwrap();
        assert_eq!(d.to_unit(Unit::Items).unwrap().amount(), dec!(24));
        assert!(d.to_unit(Unit::Kilograms).is_err());
        assert!(Quantity::new(dec!(-1), Unit::Kilograms).is_err());
        assert!("3".parse::<Quantity>().is_err());
    }
}
