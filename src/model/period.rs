//! Periods of trade statistics: years, quarters and months.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, ErrorKind, Result};

/// How long a [`Period`] is. With the `serde` feature it serializes as
/// `"monthly"`, `"quarterly"` or `"annual"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Frequency {
    /// A calendar month.
    Monthly,
    /// A calendar quarter.
    Quarterly,
    /// A calendar year.
    Annual,
}

impl Frequency {
    /// The number of months a period of this frequency spans: 1, 3 or
    /// 12.
    #[must_use]
    pub fn months(self) -> u32 {
        match self {
            Frequency::Annual => 12,
            Frequency::Quarterly => 3,
            Frequency::Monthly => 1,
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
        })
    }
}

/// A calendar year, quarter or month, from year 1000 to 9999.
///
/// Text forms: `2025` (a year), `2025-Q4` (a quarter), `2025-12` (a
/// month); the parser also reads UN Comtrade's `202512` for a month,
/// `2025Q4`, `2025/12`, and a month's first day `2025-12-01` as the
/// month (another day is an error: a period is no date). A year written
/// as a decimal number (`2025.0`, as spreadsheets export it) is an error
/// that says so. [`Display`](fmt::Display) writes the first three forms.
///
/// Periods of one frequency order by time. Periods of different
/// frequencies order by their first day, then the shorter first, so
/// `2025-01 < 2025-Q1 < 2025 < 2025-02`: a total order that sorts any
/// mix of periods chronologically by start.
///
/// # Example
///
/// ```
/// use tradedep::Period;
///
/// let dec: Period = "2025-12".parse()?;
/// assert_eq!(dec, "202512".parse()?);
/// assert_eq!(dec.next().map(|p| p.to_string()).as_deref(), Some("2026-01"));
/// assert!("2025".parse::<Period>()?.contains(dec));
/// assert!("2025-Q4".parse::<Period>()?.contains(dec));
/// assert_eq!(dec, "2025/12".parse()?);
/// assert_eq!(dec, "2025-12-01".parse()?);
/// assert!("2025-12-15".parse::<Period>().is_err());
/// assert!("2025.0".parse::<Period>().unwrap_err().to_string().contains("decimal point"));
/// let months: Vec<Period> = Period::range("2025-11".parse()?, "2026-02".parse()?)?.collect();
/// assert_eq!(months.len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: u16,
    // 0: the whole year; 1..=12: a month; 13..=16: quarter 1..=4.
    sub: u8,
}

const MIN_YEAR: u16 = 1000;
const MAX_YEAR: u16 = 9999;

fn period_error(input: &str, reason: &'static str) -> Error {
    Error::new(ErrorKind::Period {
        input: crate::error::quote(input),
        reason,
    })
}

fn check_year(year: i32) -> Result<u16> {
    u16::try_from(year)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .ok_or_else(|| period_error(&year.to_string(), "the year must be between 1000 and 9999"))
}

#[expect(
    clippy::arithmetic_side_effects,
    reason = "years are 1000-9999 and sub-periods 1-16, checked by every constructor, so calendar arithmetic stays small"
)]
impl Period {
    /// The calendar year `year`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Period`] for a year outside 1000..=9999.
    pub fn annual(year: i32) -> Result<Period> {
        Ok(Period {
            year: check_year(year)?,
            sub: 0,
        })
    }

    /// Quarter `quarter` (1 to 4) of `year`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Period`] for a quarter outside 1..=4 or a year outside
    /// 1000..=9999.
    pub fn quarterly(year: i32, quarter: u8) -> Result<Period> {
        if !(1..=4).contains(&quarter) {
            return Err(period_error(
                &format!("{year}-Q{quarter}"),
                "the quarter must be 1 to 4",
            ));
        }
        Ok(Period {
            year: check_year(year)?,
            sub: 12 + quarter,
        })
    }

    /// Month `month` (1 to 12) of `year`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Period`] for a month outside 1..=12 or a year outside
    /// 1000..=9999.
    pub fn monthly(year: i32, month: u8) -> Result<Period> {
        if !(1..=12).contains(&month) {
            return Err(period_error(
                &format!("{year}-{month:02}"),
                "the month must be 1 to 12",
            ));
        }
        Ok(Period {
            year: check_year(year)?,
            sub: month,
        })
    }

    /// The period of `frequency` that contains `date`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Period`] for a date outside the years 1000..=9999.
    pub fn containing(date: NaiveDate, frequency: Frequency) -> Result<Period> {
        let month = date.month() as u8;
        match frequency {
            Frequency::Annual => Period::annual(date.year()),
            Frequency::Quarterly => Period::quarterly(date.year(), (month - 1) / 3 + 1),
            Frequency::Monthly => Period::monthly(date.year(), month),
        }
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1 to 12) of a monthly period.
    #[must_use]
    pub fn month(self) -> Option<u8> {
        (1..=12).contains(&self.sub).then_some(self.sub)
    }

    /// The quarter (1 to 4) of a quarterly period.
    #[must_use]
    pub fn quarter(self) -> Option<u8> {
        (self.sub > 12).then(|| self.sub - 12)
    }

    /// Monthly, quarterly or annual.
    #[must_use]
    pub fn frequency(self) -> Frequency {
        match self.sub {
            0 => Frequency::Annual,
            1..=12 => Frequency::Monthly,
            _ => Frequency::Quarterly,
        }
    }

    fn first_month(self) -> u32 {
        match self.frequency() {
            Frequency::Annual => 1,
            Frequency::Monthly => u32::from(self.sub),
            Frequency::Quarterly => u32::from(self.sub - 13) * 3 + 1,
        }
    }

    /// The number of months the period spans: 12, 3 or 1.
    #[must_use]
    pub fn months(self) -> u32 {
        self.frequency().months()
    }

    // Months since year 0 of the first and one-past-last month.
    fn span(self) -> (u32, u32) {
        let start = u32::from(self.year) * 12 + self.first_month() - 1;
        (start, start + self.months())
    }

    /// A number that orders periods as `Ord` does.
    pub(crate) fn order_key(self) -> u64 {
        let (a, b) = self.span();
        (u64::from(a) << 20) | u64::from(b)
    }

    /// The first day.
    #[must_use]
    pub fn start(self) -> NaiveDate {
        // Years 1000..=9999 and months 1..=12 are always valid dates.
        NaiveDate::from_ymd_opt(self.year(), self.first_month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day (inclusive).
    #[must_use]
    pub fn end(self) -> NaiveDate {
        let last_month = self.first_month() + self.months() - 1;
        let next = if last_month == 12 {
            NaiveDate::from_ymd_opt(self.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year(), last_month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// Is `other` within this period (a month within its quarter or year,
    /// or the period itself)?
    #[must_use]
    pub fn contains(self, other: Period) -> bool {
        let (a, b) = self.span();
        let (c, d) = other.span();
        a <= c && d <= b
    }

    /// Is `date` within this period?
    #[must_use]
    pub fn contains_date(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// The period of the same frequency that follows; `None` after 9999.
    #[must_use]
    pub fn next(self) -> Option<Period> {
        self.step(1)
    }

    /// The period of the same frequency that precedes; `None` before 1000.
    #[must_use]
    pub fn previous(self) -> Option<Period> {
        self.step(-1)
    }

    /// The same period one year earlier (for year-on-year comparisons).
    #[must_use]
    pub fn year_before(self) -> Option<Period> {
        let year = self.year.checked_sub(1).filter(|y| *y >= MIN_YEAR)?;
        Some(Period {
            year,
            sub: self.sub,
        })
    }

    fn step(self, by: i32) -> Option<Period> {
        let year = self.year();
        let r = match self.frequency() {
            Frequency::Annual => Period::annual(year + by),
            Frequency::Quarterly => {
                let i = year * 4 + i32::from(self.sub - 13) + by;
                Period::quarterly(i.div_euclid(4), (i.rem_euclid(4) + 1) as u8)
            }
            Frequency::Monthly => {
                let i = year * 12 + i32::from(self.sub) - 1 + by;
                Period::monthly(i.div_euclid(12), (i.rem_euclid(12) + 1) as u8)
            }
        };
        r.ok()
    }

    /// The periods from `first` to `last`, both included.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Period`] when the two are of different frequencies.
    /// An empty range (`last` before `first`) is not an error.
    pub fn range(first: Period, last: Period) -> Result<PeriodRange> {
        if first.frequency() != last.frequency() {
            return Err(period_error(
                &format!("{first}..{last}"),
                "a range needs two periods of the same frequency",
            ));
        }
        Ok(PeriodRange {
            next: (first <= last).then_some(first),
            last,
        })
    }

    /// UN Comtrade's text form: `2025` for a year, `202512` for a month;
    /// `None` for a quarter, which Comtrade does not publish.
    #[must_use]
    pub fn comtrade(self) -> Option<String> {
        match self.frequency() {
            Frequency::Annual => Some(self.year.to_string()),
            Frequency::Monthly => Some(format!("{}{:02}", self.year, self.sub)),
            Frequency::Quarterly => None,
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.span().cmp(&other.span())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.frequency() {
            Frequency::Annual => format!("{}", self.year),
            Frequency::Monthly => format!("{}-{:02}", self.year, self.sub),
            Frequency::Quarterly => format!("{}-Q{}", self.year, self.sub.saturating_sub(12)),
        };
        f.pad(&text)
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({self})")
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(s: &str) -> Result<Period> {
        const FORMS: &str = "expected 2025, 2025-Q4, 2025-12, 2025/12, 2025-12-01 or 202512";
        let bad = |reason| period_error(s, reason);
        let year_of = |y: &str| -> Result<i32> {
            if y.len() != 4 {
                return Err(bad("expected a four-digit year"));
            }
            digits(y)
                .and_then(|v| i32::try_from(v).ok())
                .ok_or_else(|| bad("expected a four-digit year"))
        };
        let with_reason = |r: Result<Period>| {
            r.map_err(|_| bad("out of range: years 1000-9999, months 1-12, quarters 1-4"))
        };
        if s.contains('.') {
            return Err(bad(
                "a number with a decimal point (as a spreadsheet writes a year): expected 2025, \
                 2025-Q4, 2025-12, 2025/12, 2025-12-01 or 202512",
            ));
        }
        // A month's first day is the month: 2025-12-01.
        if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-')
        {
            let (month, day) = (s.get(..7).unwrap_or(""), s.get(8..).unwrap_or(""));
            if day != "01" {
                return Err(bad(
                    "a date that is not the first of its month: periods are years, quarters \
                     or months, and a month may be written as its first day (2025-12-01)",
                ));
            }
            return month.parse().map_err(|_| bad(FORMS));
        }
        // 2025/12 is 2025-12.
        if s.len() == 7 && s.as_bytes().get(4) == Some(&b'/') {
            let (y, m) = (s.get(..4).unwrap_or(""), s.get(5..).unwrap_or(""));
            let m = digits(m).ok_or_else(|| bad("expected a two-digit month"))?;
            return with_reason(Period::monthly(year_of(y)?, m as u8));
        }
        match s.len() {
            4 => with_reason(Period::annual(year_of(s)?)),
            6 if s.bytes().all(|b| b.is_ascii_digit()) => {
                let (y, m) = (s.get(..4).unwrap_or(""), s.get(4..).unwrap_or(""));
                let m = digits(m).ok_or_else(|| bad("expected YYYYMM"))?;
                with_reason(Period::monthly(year_of(y)?, m as u8))
            }
            6 | 7 if s.is_char_boundary(4) => {
                let (y, rest) = s.split_at(4);
                let rest = rest.strip_prefix('-').unwrap_or(rest);
                if let Some(q) = rest.strip_prefix(['Q', 'q']) {
                    let q = digits(q)
                        .filter(|_| q.len() == 1)
                        .ok_or_else(|| bad("expected a quarter 1 to 4"))?;
                    with_reason(Period::quarterly(year_of(y)?, q as u8))
                } else if rest.len() == 2 && s.as_bytes().get(4) == Some(&b'-') {
                    let m = digits(rest).ok_or_else(|| bad("expected a two-digit month"))?;
                    with_reason(Period::monthly(year_of(y)?, m as u8))
                } else {
                    Err(bad(FORMS))
                }
            }
            _ => Err(bad(FORMS)),
        }
    }
}

impl TryFrom<&str> for Period {
    type Error = Error;
    fn try_from(s: &str) -> Result<Period> {
        s.parse()
    }
}

/// An iterator over consecutive periods of one frequency, from
/// [`Period::range`].
#[derive(Debug, Clone)]
pub struct PeriodRange {
    next: Option<Period>,
    last: Period,
}

impl Iterator for PeriodRange {
    type Item = Period;
    fn next(&mut self) -> Option<Period> {
        let current = self.next?;
        self.next = if current < self.last {
            current.next()
        } else {
            None
        };
        Some(current)
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(Period, "a period such as 2025, 2025-Q4 or 2025-12");

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(p("2025").frequency(), Frequency::Annual);
        assert_eq!(p("2025-Q4").quarter(), Some(4));
        assert_eq!(p("2025q4"), p("2025-Q4"));
        assert_eq!(p("2025-12").month(), Some(12));
        assert_eq!(p("202512"), p("2025-12"));
        assert_eq!(p("2025-12").to_string(), "2025-12");
        assert_eq!(p("2025-Q1").to_string(), "2025-Q1");
    }

    #[test]
    fn rejects_bad_periods() {
        for bad in [
            "",
            "25",
            "2025-13",
            "202500",
            "2025-Q5",
            "2025-Q0",
            "0999",
            "2025-1",
            "20251",
            "2025/13",
            "2025/1",
            "2025-12-02",
            "2025-13-01",
            "2025.0",
            "abcd",
            "2025-Qx",
            "２０２５",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert!(Period::monthly(2025, 0).is_err());
        assert!(Period::annual(10_000).is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(
            p("2024-02").end(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            p("2025-Q4").start(),
            NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()
        );
        assert_eq!(
            p("2025").end(),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
        let d = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
        assert_eq!(
            Period::containing(d, Frequency::Quarterly).unwrap(),
            p("2026-Q1")
        );
        assert!(p("2026-01").contains_date(d));
        assert!(!p("2025").contains_date(d));
    }

    #[test]
    fn next_previous_and_ranges() {
        assert_eq!(p("2025-12").next(), Some(p("2026-01")));
        assert_eq!(p("2026-01").previous(), Some(p("2025-12")));
        assert_eq!(p("2025-Q4").next(), Some(p("2026-Q1")));
        assert_eq!(p("2025").previous(), Some(p("2024")));
        assert_eq!(p("9999-12").next(), None);
        assert_eq!(p("1000").previous(), None);
        assert_eq!(p("2025-12").year_before(), Some(p("2024-12")));
        let r: Vec<String> = Period::range(p("2022-Q3"), p("2023-Q2"))
            .unwrap()
            .map(|x| x.to_string())
            .collect();
        assert_eq!(r, ["2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2"]);
        assert_eq!(Period::range(p("2023"), p("2022")).unwrap().count(), 0);
        assert!(Period::range(p("2023"), p("2023-01")).is_err());
    }

    #[test]
    fn containment_and_order() {
        assert!(p("2025").contains(p("2025-Q4")));
        assert!(p("2025-Q4").contains(p("2025-11")));
        assert!(!p("2025-Q4").contains(p("2025-09")));
        assert!(!p("2025-11").contains(p("2025")));
        let mut v = [
            p("2025-02"),
            p("2025"),
            p("2025-Q1"),
            p("2025-01"),
            p("2024"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["2024", "2025-01", "2025-Q1", "2025", "2025-02"]);
        assert_eq!(p("2025-12").comtrade().as_deref(), Some("202512"));
        assert_eq!(p("2025-Q1").comtrade(), None);
    }
}
