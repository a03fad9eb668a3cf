//! Preset groups with dated membership: the G7, ASEAN, the OECD, BRICS
//! and the EU, as they stood on a given day.

use chrono::NaiveDate;

use crate::model::economy::lookup_alpha3;
use crate::model::group::EconomyGroup;

/// A group whose membership has changed over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Preset {
    /// The Group of Seven: France, (West) Germany, Italy, Japan, the
    /// United Kingdom and the United States from the Rambouillet summit
    /// of 15 November 1975, Canada from the summit of 27 June 1976. The
    /// EU takes part but is no member.
    G7,
    /// The Association of Southeast Asian Nations, from 8 August 1967;
    /// Timor-Leste its eleventh member from 26 October 2025.
    Asean,
    /// The OECD's members, each from the day it joined (the Convention in
    /// force on 30 September 1961; Costa Rica, the 38th, on 25 May 2021).
    Oecd,
    /// BRICS: Brazil, Russia, India and China from their first summit of
    /// 16 June 2009; South Africa from 24 December 2010; Egypt,
    /// Ethiopia, Iran and the United Arab Emirates from 1 January 2024;
    /// Indonesia from 6 January 2025. Saudi Arabia, invited for 2024, had
    /// not accepted in the sources at hand and is left out.
    Brics,
    /// The European Communities and the European Union, each member from
    /// its accession (the founding six on 1 January 1958, Croatia on
    /// 1 July 2013) until its withdrawal (the United Kingdom's last day
    /// was 31 January 2020).
    Eu,
}

/// A member: alpha-3, first day, and the first day no longer a member.
type Member = (&'static str, (i32, u32, u32), Option<(i32, u32, u32)>);

const G7: &[Member] = &[
    ("FRA", (1975, 11, 15), None),
    ("DEU", (1975, 11, 15), None),
    ("ITA", (1975, 11, 15), None),
    ("JPN", (1975, 11, 15), None),
    ("GBR", (1975, 11, 15), None),
    ("USA", (1975, 11, 15), None),
    ("CAN", (1976, 6, 27), None),
];

const ASEAN: &[Member] = &[
    ("IDN", (1967, 8, 8), None),
    ("MYS", (1967, 8, 8), None),
    ("PHL", (1967, 8, 8), None),
    ("SGP", (1967, 8, 8), None),
    ("THA", (1967, 8, 8), None),
    ("BRN", (1984, 1, 7), None),
    ("VNM", (1995, 7, 28), None),
    ("LAO", (1997, 7, 23), None),
    ("MMR", (1997, 7, 23), None),
    ("KHM", (1999, 4, 30), None),
    ("TLS", (2025, 10, 26), None),
];

const OECD: &[Member] = &[
    ("AUT", (1961, 9, 30), None),
    ("BEL", (1961, 9, 30), None),
    ("CAN", (1961, 9, 30), None),
    ("DNK", (1961, 9, 30), None),
    ("FRA", (1961, 9, 30), None),
    ("DEU", (1961, 9, 30), None),
    ("GRC", (1961, 9, 30), None),
    ("ISL", (1961, 9, 30), None),
    ("IRL", (1961, 9, 30), None),
    ("NOR", (1961, 9, 30), None),
    ("PRT", (1961, 9, 30), None),
    ("ESP", (1961, 9, 30), None),
    ("SWE", (1961, 9, 30), None),
    ("CHE", (1961, 9, 30), None),
    ("TUR", (1961, 9, 30), None),
    ("GBR", (1961, 9, 30), None),
    ("USA", (1961, 9, 30), None),
    ("NLD", (1961, 11, 13), None),
    ("LUX", (1961, 12, 7), None),
    ("ITA", (1962, 3, 29), None),
    ("JPN", (1964, 4, 28), None),
    ("FIN", (1969, 1, 28), None),
    ("AUS", (1971, 6, 7), None),
    ("NZL", (1973, 5, 29), None),
    ("MEX", (1994, 5, 18), None),
    ("CZE", (1995, 12, 21), None),
    ("HUN", (1996, 5, 7), None),
    ("POL", (1996, 11, 22), None),
    ("KOR", (1996, 12, 12), None),
    ("SVK", (2000, 12, 14), None),
    ("CHL", (2010, 5, 7), None),
    ("SVN", (2010, 7, 21), None),
    ("ISR", (2010, 9, 7), None),
    ("EST", (2010, 12, 9), None),
    ("LVA", (2016, 7, 1), None),
    ("LTU", (2018, 7, 5), None),
    ("COL", (2020, 4, 28), None),
    ("CRI", (2021, 5, 25), None),
];

const BRICS: &[Member] = &[
    ("BRA", (2009, 6, 16), None),
    ("RUS", (2009, 6, 16), None),
    ("IND", (2009, 6, 16), None),
    ("CHN", (2009, 6, 16), None),
    ("ZAF", (2010, 12, 24), None),
    ("EGY", (2024, 1, 1), None),
    ("ETH", (2024, 1, 1), None),
    ("IRN", (2024, 1, 1), None),
    ("ARE", (2024, 1, 1), None),
    ("IDN", (2025, 1, 6), None),
];

const EU: &[Member] = &[
    ("BEL", (1958, 1, 1), None),
    ("FRA", (1958, 1, 1), None),
    ("DEU", (1958, 1, 1), None),
    ("ITA", (1958, 1, 1), None),
    ("LUX", (1958, 1, 1), None),
    ("NLD", (1958, 1, 1), None),
    ("DNK", (1973, 1, 1), None),
    ("IRL", (1973, 1, 1), None),
    ("GBR", (1973, 1, 1), Some((2020, 2, 1))),
    ("GRC", (1981, 1, 1), None),
    ("PRT", (1986, 1, 1), None),
    ("ESP", (1986, 1, 1), None),
    ("AUT", (1995, 1, 1), None),
    ("FIN", (1995, 1, 1), None),
    ("SWE", (1995, 1, 1), None),
    ("CYP", (2004, 5, 1), None),
    ("CZE", (2004, 5, 1), None),
    ("EST", (2004, 5, 1), None),
    ("HUN", (2004, 5, 1), None),
    ("LVA", (2004, 5, 1), None),
    ("LTU", (2004, 5, 1), None),
    ("MLT", (2004, 5, 1), None),
    ("POL", (2004, 5, 1), None),
    ("SVK", (2004, 5, 1), None),
    ("SVN", (2004, 5, 1), None),
    ("BGR", (2007, 1, 1), None),
    ("ROU", (2007, 1, 1), None),
    ("HRV", (2013, 7, 1), None),
];

fn day((y, m, d): (i32, u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 5] = [
        Preset::G7,
        Preset::Asean,
        Preset::Oecd,
        Preset::Brics,
        Preset::Eu,
    ];

    /// Its short name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Preset::G7 => "G7",
            Preset::Asean => "ASEAN",
            Preset::Oecd => "OECD",
            Preset::Brics => "BRICS",
            Preset::Eu => "EU",
        }
    }

    /// Where the membership dates come from.
    #[must_use]
    pub fn source(self) -> &'static str {
        match self {
            Preset::G7 => {
                "summit records (Hajnal, The G7/G8 System; 2nd G7 summit, Dorado, Puerto Rico, 27-28 June 1976)"
            }
            Preset::Asean => {
                "ASEAN (founding declaration of 8 August 1967; accessions; 47th summit, 26 October 2025, for Timor-Leste)"
            }
            Preset::Oecd => {
                "OECD ratifications of the Convention (Swiss treaty database, depositary records; OECD press release of 25 May 2021 for Costa Rica); the Netherlands and Luxembourg dates from copies of OECD's list"
            }
            Preset::Brics => {
                "summit declarations (Yekaterinburg, 16 June 2009); South Africa's invitation of 24 December 2010; the Johannesburg invitation for 2024; Brazil's presidency, 6 January 2025, for Indonesia"
            }
            Preset::Eu => {
                "European Parliament and Commission enlargement pages; the Withdrawal Agreement (OJ L 29, 31.1.2020) for the United Kingdom"
            }
        }
    }

    fn members(self) -> &'static [Member] {
        match self {
            Preset::G7 => G7,
            Preset::Asean => ASEAN,
            Preset::Oecd => OECD,
            Preset::Brics => BRICS,
            Preset::Eu => EU,
        }
    }

    /// The group as it stood on `date`: every economy that had joined by
    /// then and not yet left. Named with the preset's name and the
    /// number of members (`EU28`, `OECD38`).
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::Preset;
    ///
    /// let day = |s: &str| s.parse::<chrono::NaiveDate>();
    /// assert_eq!(Preset::Eu.on(day("2019-12-31")?).len(), 28);
    /// assert_eq!(Preset::Eu.on(day("2020-02-01")?).len(), 27);
    /// assert!(!Preset::Eu.on(day("2020-02-01")?).contains("GBR".parse()?));
    /// assert_eq!(Preset::Brics.on(day("2025-06-01")?).len(), 10);
    /// assert_eq!(Preset::Oecd.on(day("2026-01-01")?).name(), "OECD38");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn on(self, date: NaiveDate) -> EconomyGroup {
        let members = self.members().iter().filter_map(|(code, from, until)| {
            let joined = day(*from).is_some_and(|f| f <= date);
            let left = until.and_then(day).is_some_and(|u| u <= date);
            (joined && !left).then(|| lookup_alpha3(code)).flatten()
        });
        let members: Vec<_> = members.collect();
        let name = format!("{}{}", self.name(), members.len());
        EconomyGroup::from_members(name, members)
    }
}
