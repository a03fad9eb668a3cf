//! The small comforts: periods as people write them, money at the
//! precision it was read with, millions and billions.

use rust_decimal::Decimal;
use tradedep::{Money, Period};

#[test]
fn periods_as_people_write_them() {
    let dec: Period = "2019-12".parse().unwrap();
    for text in ["2019/12", "2019-12-01", "201912"] {
        assert_eq!(text.parse::<Period>().unwrap(), dec, "{text}");
    }
    let e = "2019-12-31".parse::<Period>().unwrap_err();
    assert!(e.to_string().contains("not the first of its month"), "{e}");
    // A spreadsheet's year: the message says what it is and what to write.
    let e = "2025.0".parse::<Period>().unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("decimal point") && text.contains("2025-Q4"),
        "{text}"
    );
}

#[test]
fn money_keeps_the_precision_it_was_read_with() {
    // JPY 26,699,859,835 (read without decimals) times a factor written
    // with six.
    let yen: Money = "26699859835 JPY".parse().unwrap();
    let times = yen.checked_mul("1000.000000".parse().unwrap()).unwrap();
    assert_eq!(times.to_string(), "26699859835000 JPY");
    let usd: Money = "1000.50 USD".parse().unwrap();
    assert_eq!(
        usd.checked_mul(Decimal::TWO).unwrap().to_string(),
        "2001.00 USD"
    );
    let one: Money = "1 USD".parse().unwrap();
    assert_eq!(
        one.checked_mul("0.125".parse().unwrap())
            .unwrap()
            .to_string(),
        "0.125 USD"
    );
}

#[test]
fn millions_and_billions_move_the_decimal_point() {
    // Japan's imports from China in 2024: JPY 25.3 trillion (NRI).
    let m: Money = "25300000000000 JPY".parse().unwrap();
    assert_eq!(m.in_thousands().to_string(), "25300000000.000");
    assert_eq!(m.in_millions(), Decimal::from(25_300_000));
    assert_eq!(m.in_billions(), Decimal::from(25_300));
    let small: Money = "1234567.891 USD".parse().unwrap();
    assert_eq!(small.in_millions().to_string(), "1.234567891");
}

#[test]
fn economies_are_found_by_name_in_any_case() {
    let cases = [
        ("United States", "USA"),
        ("USA", "USA"),
        ("united states of america", "USA"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("South Korea", "KOR"),
        ("Korea, Republic of", "KOR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Viet Nam", "VNM"),
        ("VIETNAM", "VNM"),
        ("UK", "GBR"),
        ("Japan", "JPN"),
        ("  japan ", "JPN"),
    ];
    for (name, code) in cases {
        let e: tradedep::Economy = name.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(e.alpha3(), code, "{name}");
    }
    let e = "Atlantis".parse::<tradedep::Economy>().unwrap_err();
    assert!(e.to_string().contains("Atlantis"), "{e}");
    // A code that exists nowhere is still reported as a code.
    let e = "XYZ".parse::<tradedep::Economy>().unwrap_err();
    assert!(e.to_string().contains("alpha-3"), "{e}");
}

/// Preset groups as they stood on a day; counts from the dates each
/// preset documents (sources in `Preset::source`).
#[test]
fn preset_groups_have_dated_membership() {
    use tradedep::{EconomyGroup, Preset};
    let day = |s: &str| s.parse::<tradedep::NaiveDate>().unwrap();
    let n = |p: Preset, d: &str| p.on(day(d)).len();
    // The EU: six founders; 25 after the 2004 enlargement; 28 with
    // Croatia; 27 after the United Kingdom's last day, 31 January 2020.
    assert_eq!(n(Preset::Eu, "1958-01-01"), 6);
    assert_eq!(n(Preset::Eu, "2004-05-01"), 25);
    assert_eq!(Preset::Eu.on(day("2013-07-01")), {
        let mut g = EconomyGroup::eu28();
        // Names differ only by the count: EU28 both.
        assert_eq!(g.name(), "EU28");
        g.insert("HRV".parse().unwrap());
        g
    });
    assert!(
        Preset::Eu
            .on(day("2020-01-31"))
            .contains("GBR".parse().unwrap())
    );
    assert_eq!(
        Preset::Eu.on(day("2020-02-01")).iter().collect::<Vec<_>>(),
        EconomyGroup::eu27().iter().collect::<Vec<_>>()
    );
    // The OECD: 38 since Costa Rica (25 May 2021), 37 the day before.
    assert_eq!(n(Preset::Oecd, "2021-05-25"), 38);
    assert_eq!(n(Preset::Oecd, "2021-05-24"), 37);
    assert_eq!(n(Preset::Oecd, "1961-09-30"), 17);
    // ASEAN: ten until Timor-Leste's admission on 26 October 2025.
    assert_eq!(n(Preset::Asean, "2025-10-25"), 10);
    assert_eq!(n(Preset::Asean, "2025-10-26"), 11);
    // The G7: six at Rambouillet, seven with Canada.
    assert_eq!(n(Preset::G7, "1976-01-01"), 6);
    assert_eq!(n(Preset::G7, "2026-01-01"), 7);
    // BRICS: five until 2024, nine with Egypt, Ethiopia, Iran and the UAE,
    // ten with Indonesia.
    assert_eq!(n(Preset::Brics, "2023-12-31"), 5);
    assert_eq!(n(Preset::Brics, "2024-01-01"), 9);
    assert_eq!(n(Preset::Brics, "2025-01-06"), 10);
    assert!(
        !Preset::Brics
            .on(day("2026-01-01"))
            .contains("SAU".parse().unwrap())
    );
    for p in Preset::ALL {
        assert!(!p.source().is_empty());
        assert!(p.on(day("1900-01-01")).is_empty());
    }
}
