//! Exact money: a `Decimal` amount in an ISO 4217 currency, and explicit
//! conversion between currencies.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::decimal_text::parse_decimal;
use crate::model::iso_4217::ISO_4217;
use crate::model::wide::Wide;

/// An ISO 4217 currency (`USD`, `JPY`, `EUR`, ...).
///
/// One byte wide and `Copy`. The table is ISO 4217's list of current
/// codes as published in Debian's `iso-codes` data (2026).
///
/// # Example
///
/// ```
/// use tradedep::Currency;
///
/// let jpy: Currency = "JPY".parse()?;
/// assert_eq!((jpy.code(), jpy.numeric(), jpy.name()), ("JPY", 392, "Yen"));
/// assert!("JPX".parse::<Currency>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(u8);

impl Currency {
    /// The United States dollar, the currency of BACI and Comtrade values.
    pub const USD: Currency = Currency(position_of(*b"USD"));
    /// The euro.
    pub const EUR: Currency = Currency(position_of(*b"EUR"));
    /// The Japanese yen.
    pub const JPY: Currency = Currency(position_of(*b"JPY"));
    /// The Chinese yuan renminbi.
    pub const CNY: Currency = Currency(position_of(*b"CNY"));

    /// Reads an alphabetic ISO 4217 code (any letter case).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Currency`] for a code not in ISO 4217.
    pub fn new(code: &str) -> Result<Currency> {
        let upper = code.to_ascii_uppercase();
        ISO_4217
            .binary_search_by(|row| row.0.cmp(upper.as_str()))
            .map(|i| Currency(i as u8))
            .map_err(|_| {
                Error::new(ErrorKind::Currency {
                    input: crate::error::quote(code),
                })
            })
    }

    /// The alphabetic code (`USD`).
    #[must_use]
    pub fn code(self) -> &'static str {
        self.row().0
    }

    /// The numeric code (840 for USD).
    #[must_use]
    pub fn numeric(self) -> u16 {
        self.row().1
    }

    /// The English name ("US Dollar").
    #[must_use]
    pub fn name(self) -> &'static str {
        self.row().2
    }

    fn row(self) -> &'static (&'static str, u16, &'static str) {
        // Currencies are made only from positions in the table; index 0
        // is a valid fallback that is never taken.
        ISO_4217.get(usize::from(self.0)).unwrap_or(USD_ROW)
    }
}

/// The row of the US dollar, the fallback of `Currency::row`, found when
/// the crate is compiled.
#[expect(
    clippy::indexing_slicing,
    reason = "a constant: an index out of range would fail the build"
)]
const USD_ROW: &(&str, u16, &str) = &ISO_4217[position_of(*b"USD") as usize];

#[expect(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "evaluated when the crate is compiled: a missing currency fails the build"
)]
const fn position_of(code: [u8; 3]) -> u8 {
    let mut i = 0;
    while i < ISO_4217.len() {
        let c = ISO_4217[i].0.as_bytes();
        if c[0] == code[0] && c[1] == code[1] && c[2] == code[2] {
            return i as u8;
        }
        i += 1;
    }
    panic!("currency missing from the ISO 4217 table");
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Currency> {
        Currency::new(s)
    }
}

impl TryFrom<&str> for Currency {
    type Error = Error;
    fn try_from(s: &str) -> Result<Currency> {
        Currency::new(s)
    }
}

/// An exact amount of money in one currency.
///
/// The amount is a [`Decimal`]: 96 bits of mantissa and up to 28 decimal
/// places, so sums of trade values are exact (`0.1 + 0.2` is `0.3`).
/// Arithmetic is checked: money in two currencies cannot be added (an
/// error, not a panic, and never a silent conversion), and a result that
/// does not fit a `Decimal` is an [`ErrorKind::Overflow`].
///
/// The text form is the amount, a space and the currency code:
/// `2035411299.000 USD`. Serde uses the same text, so money never passes
/// through `f64`.
///
/// # Example
///
/// ```
/// use rust_decimal::Decimal;
/// use tradedep::{Currency, Money};
///
/// // BACI values are thousands of USD.
/// let v = Money::from_thousands("20.945".parse()?, Currency::USD)?;
/// assert_eq!(v.to_string(), "20945 USD");
/// assert_eq!(v.in_thousands(), "20.945".parse::<Decimal>()?);
///
/// let total = v.checked_add(&"0.5 USD".parse()?)?;
/// assert_eq!(total.to_string(), "20945.5 USD");
/// assert!(v.checked_add(&"1 JPY".parse()?).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// Money of `amount` in `currency`.
    #[must_use]
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    #[must_use]
    pub fn zero(currency: Currency) -> Money {
        Money::new(Decimal::ZERO, currency)
    }

    /// Money from an amount in thousands (`20.945` thousand USD is
    /// 20,945 USD), exactly.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when the amount times 1,000 does not fit.
    pub fn from_thousands(thousands: Decimal, currency: Currency) -> Result<Money> {
        let amount = times_thousand(thousands.mantissa(), thousands.scale())
            .ok_or_else(|| overflow("from_thousands"))?;
        Ok(Money::new(amount, currency))
    }

    /// The amount in units of the currency.
    #[must_use]
    pub fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The amount in thousands of the currency, exactly (division by 1,000
    /// only moves the decimal point).
    #[must_use]
    pub fn in_thousands(&self) -> Decimal {
        self.shifted(3)
    }

    /// The amount in millions of the currency, exactly (`1234567 USD` is
    /// `1.234567` million).
    #[must_use]
    pub fn in_millions(&self) -> Decimal {
        self.shifted(6)
    }

    /// The amount in billions of the currency, exactly.
    #[must_use]
    pub fn in_billions(&self) -> Decimal {
        self.shifted(9)
    }

    /// The amount divided by `10^places` (at most 9), moving the decimal
    /// point: exact unless the amount already has more than `28 - places`
    /// decimal places, when it is rounded to 28.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "the scale is at most 28 - places before places are added; dividing by a power of ten cannot overflow"
    )]
    fn shifted(&self, places: u32) -> Decimal {
        let mut a = self.amount;
        if a.scale() + places <= 28 {
            a.set_scale(a.scale() + places).ok();
            a
        } else {
            a / Decimal::from(10u64.pow(places))
        }
    }

    /// The sum of two amounts in the same currency.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for two currencies,
    /// [`ErrorKind::Overflow`] when the sum does not fit,
    /// [`ErrorKind::Inexact`] when it would need more than 28 significant
    /// digits (a `Decimal` would round it).
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.same_currency(other, "add")?;
        exact_add(self.amount, other.amount, "add").map(|a| Money::new(a, self.currency))
    }

    /// The difference of two amounts in the same currency.
    ///
    /// # Errors
    ///
    /// As [`checked_add`](Self::checked_add).
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.same_currency(other, "subtract")?;
        // Negating a `Decimal` cannot overflow: its range is symmetric.
        let minus = Decimal::ZERO
            .checked_sub(other.amount)
            .ok_or_else(|| overflow("subtract"))?;
        exact_add(self.amount, minus, "subtract").map(|a| Money::new(a, self.currency))
    }

    /// The amount times a factor, in the same currency. The product keeps
    /// the decimal places the amount had, and more only where its digits
    /// need them: `26699859835 JPY` times `1000.000000` is
    /// `26699859835000 JPY`, `1000.50 USD` times 2 is `2001.00 USD`,
    /// `1 USD` times `0.125` is `0.125 USD`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when the product does not fit.
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        let product = self
            .amount
            .checked_mul(factor)
            .ok_or_else(|| overflow("multiply"))?;
        let mut trimmed = product.normalize();
        if trimmed.scale() < self.amount.scale() {
            trimmed.rescale(self.amount.scale());
        }
        Ok(Money::new(trimmed, self.currency))
    }

    /// The ratio of two amounts in the same currency (`self / other`), as
    /// a plain number: a share, say.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`] for two currencies,
    /// [`ErrorKind::DivisionByZero`] when `other` is zero.
    pub fn ratio(&self, other: &Money) -> Result<Decimal> {
        self.same_currency(other, "divide")?;
        if other.amount.is_zero() {
            return Err(Error::new(ErrorKind::DivisionByZero {
                what: "a ratio of money",
            }));
        }
        self.amount
            .checked_div(other.amount)
            .ok_or_else(|| overflow("divide"))
    }

    /// The sum of many amounts, all in `currency`; zero for none.
    ///
    /// # Errors
    ///
    /// As [`checked_add`](Self::checked_add).
    pub fn sum<'a, I>(currency: Currency, items: I) -> Result<Money>
    where
        I: IntoIterator<Item = &'a Money>,
    {
        items
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(m))
    }

    /// True when the amount is zero.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    pub(crate) fn same_currency(&self, other: &Money, op: &'static str) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::CurrencyMismatch {
                op,
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            }))
        }
    }
}

/// `mantissa / 10^scale * 1000`, exactly, by moving the decimal point.
#[expect(
    clippy::arithmetic_side_effects,
    reason = "the branches keep 3 - scale and scale - 3 non-negative"
)]
pub(crate) fn times_thousand(mantissa: i128, scale: u32) -> Option<Decimal> {
    if scale >= 3 {
        Decimal::try_from_i128_with_scale(mantissa, scale - 3).ok()
    } else {
        mantissa
            .checked_mul(10i128.pow(3 - scale))
            .and_then(|m| Decimal::try_from_i128_with_scale(m, 0).ok())
    }
}

/// `a + b`, exactly.
///
/// `rust_decimal` rounds a sum whose exact value needs more than 28
/// significant digits, and says nothing. A rounded sum has fewer decimal
/// places than the finer of its terms (the sum of aligned mantissas did
/// not fit 96 bits), which one comparison detects; only then is the sum
/// done again in 256 bits, so exact sums cost one comparison more.
///
/// # Errors
///
/// [`ErrorKind::Overflow`] beyond `Decimal`'s range,
/// [`ErrorKind::Inexact`] when the exact sum cannot be held.
#[inline]
pub(crate) fn exact_add(a: Decimal, b: Decimal, op: &'static str) -> Result<Decimal> {
    let s = a.checked_add(b).ok_or_else(|| overflow(op))?;
    if s.scale() < a.scale().max(b.scale()) {
        return exact_slow(a, b, op);
    }
    Ok(s)
}

/// `a + b` in 256 bits: the exact sum where it fits, else why not.
#[cold]
fn exact_slow(a: Decimal, b: Decimal, op: &'static str) -> Result<Decimal> {
    let mut w = Wide::from_i128(a.mantissa(), a.scale());
    w.add(Wide::from_i128(b.mantissa(), b.scale()))
        .ok_or_else(|| overflow(op))?;
    w.to_decimal().map_err(|e| match e.kind() {
        ErrorKind::Inexact { .. } => inexact(op),
        _ => overflow(op),
    })
}

/// The exact sum of `values`.
///
/// # Errors
///
/// As [`exact_add`].
pub(crate) fn checked_sum(
    values: impl IntoIterator<Item = Decimal>,
    op: &'static str,
) -> Result<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |a, v| exact_add(a, v, op))
}

pub(crate) fn inexact(op: &'static str) -> Error {
    Error::new(ErrorKind::Inexact { op })
}

/// The sum of `values`, saturating at `Decimal`'s bounds: for totals over
/// results whose sums were checked when they were made (by a run, or by
/// validation when deserialized), where it is exact.
pub(crate) fn bounded_sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, Decimal::saturating_add)
}

pub(crate) fn overflow(op: &'static str) -> Error {
    Error::new(ErrorKind::Overflow { op })
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{} {}", self.amount, self.currency))
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({} {})", self.amount, self.currency)
    }
}

impl FromStr for Money {
    type Err = Error;

    /// Reads `123.45 USD`: an exact decimal, one space, a currency code.
    fn from_str(s: &str) -> Result<Money> {
        let (amount, currency) = s.split_once(' ').ok_or_else(|| {
            Error::new(ErrorKind::Number {
                input: crate::error::quote(s),
                reason: "expected an amount, a space and a currency code, as in 123.45 USD",
            })
        })?;
        Ok(Money::new(parse_decimal(amount)?, currency.parse()?))
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Currency, "an ISO 4217 currency code such as USD");
#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Money, "an amount and a currency, such as 123.45 USD");

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn currency_table() {
        // ISO 4217 lists 178 current codes in the 2026 iso-codes data.
        assert_eq!(ISO_4217.len(), 178);
        assert!(ISO_4217.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(Currency::USD.numeric(), 840);
        assert_eq!(Currency::EUR.code(), "EUR");
        assert_eq!(Currency::CNY.numeric(), 156);
        assert_eq!("usd".parse::<Currency>().unwrap(), Currency::USD);
    }

    #[test]
    fn thousands_are_exact() {
        let m = Money::from_thousands(dec!(2035411.299), Currency::USD).unwrap();
        assert_eq!(m.amount(), dec!(2035411299));
        assert_eq!(m.in_thousands(), dec!(2035411.299));
        assert!(Money::from_thousands(Decimal::MAX, Currency::USD).is_err());
    }

    #[test]
    fn checked_arithmetic() {
        let a = Money::new(dec!(0.1), Currency::USD);
        let b = Money::new(dec!(0.2), Currency::USD);
        assert_eq!(a.checked_add(&b).unwrap().amount(), dec!(0.3));
        assert_eq!(b.checked_sub(&a).unwrap().amount(), dec!(0.1));
        let big = Money::new(Decimal::MAX, Currency::USD);
        assert!(matches!(
            big.checked_add(&big).unwrap_err().kind(),
            ErrorKind::Overflow { .. }
        ));
        let y = Money::new(dec!(1), Currency::JPY);
        assert!(matches!(
            a.checked_add(&y).unwrap_err().kind(),
            ErrorKind::CurrencyMismatch { .. }
        ));
        assert_eq!(b.ratio(&a).unwrap(), dec!(2));
        assert!(matches!(
            a.ratio(&Money::zero(Currency::USD)).unwrap_err().kind(),
            ErrorKind::DivisionByZero { .. }
        ));
        assert_eq!(
            Money::sum(Currency::USD, &[a, b, a]).unwrap().amount(),
            dec!(0.4)
        );
        assert_eq!(
            Money::sum(Currency::USD, &[]).unwrap(),
            Money::zero(Currency::USD)
        );
    }

    #[test]
    fn text_form() {
        let m: Money = "123456789012345.6789 USD".parse().unwrap();
        assert_eq!(m.amount(), dec!(123456789012345.6789));
        assert_eq!(m.to_string(), "123456789012345.6789 USD");
        assert!("12 ".parse::<Money>().is_err());
        assert!("12USD".parse::<Money>().is_err());
        assert!("x USD".parse::<Money>().is_err());
    }

    #[test]
    fn decimal_parsing_refuses_rounding() {
        assert_eq!(parse_decimal("20.945").unwrap(), dec!(20.945));
        assert_eq!(parse_decimal("1e3").unwrap(), dec!(1000));
        assert!(parse_decimal("1.2.3").is_err());
        assert!(parse_decimal("").is_err());
        let e = parse_decimal("123456789012345678901234567890").unwrap_err();
        assert!(e.to_string().contains("too large"), "{e}");
    }
}
