//! Exact means exact: a sum is exact or an error that says precision
//! would be lost, and every reader refuses a value it cannot hold, with
//! the real reason.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::metrics::{PartnerShares, SelectorExposure, SelectorExposureBuilder};
use tradedep::{
    Currency, Direction, ErrorKind, Money, ProductSelector, Query, Reader, TradeData, TradeFlow,
};

use super::properties::economy;

fn inexact(e: &tradedep::Error) -> bool {
    matches!(e.kind(), ErrorKind::Inexact { .. })
}

/// One row of 10,000,000,000 thousand USD and `n` rows of
/// 0.0000000000000000001 thousand USD for the same pair.
fn big_and_small(big_first: bool, n: usize) -> String {
    let big = "2024,156,392,850511,10000000000,NA\n";
    let small = "2024,156,392,850511,0.0000000000000000001,NA\n".repeat(n);
    if big_first {
        format!("t,i,j,k,v,q\n{big}{small}")
    } else {
        format!("t,i,j,k,v,q\n{small}{big}")
    }
}

/// The exposure of every pair to chapter 85 from flows pushed in order,
/// in one builder or split in two and merged.
fn streamed(csv: &str, split: Option<usize>) -> Result<SelectorExposure, tradedep::Error> {
    let flows: Vec<TradeFlow> = Reader::baci()
        .flows(csv.as_bytes())?
        .collect::<Result<_, _>>()?;
    let selector: ProductSelector = "85".parse()?;
    let (a, b) = flows.split_at(split.unwrap_or(flows.len()).min(flows.len()));
    let mut first = SelectorExposure::builder(&selector);
    for f in a {
        first.push(f)?;
    }
    let mut second = SelectorExposure::builder(&selector);
    for f in b {
        second.push(f)?;
    }
    first.merge(second)?.build()
}

#[test]
fn exact_sums_do_not_depend_on_order_or_threads() {
    // Ten rows of 10^-16 USD and one of 10^13 USD: the exact sum,
    // 10000000000000.000000000000001 USD, has 29 significant digits,
    // which a `Decimal` holds. Added big first in 96 bits, the first
    // small row was rounded away (...000 in one order, ...001 in the
    // other); every order now gives the exact sum.
    let want = "10000000000000.000000000000001";
    for big_first in [true, false] {
        let csv = big_and_small(big_first, 10);
        let (data, _) = Reader::baci().read(csv.as_bytes()).unwrap();
        assert_eq!(
            data.total(&Query::new()).unwrap().amount().to_string(),
            want
        );
        let shares = PartnerShares::imports(&data, &Query::new()).unwrap();
        assert_eq!(
            shares
                .total("JPN".parse().unwrap())
                .unwrap()
                .amount()
                .to_string(),
            want
        );
        for split in [None, Some(1), Some(5), Some(10)] {
            let e = streamed(&csv, split).unwrap();
            assert_eq!(e.rows()[0].value().amount().to_string(), want, "{split:?}");
        }
    }
}

#[test]
fn a_sum_that_cannot_be_held_is_an_error_in_every_order() {
    // One row of 10^-16 USD and one of 10^13 USD: the exact sum,
    // 10000000000000.0000000000000001, has 30 significant digits.
    for big_first in [true, false] {
        let csv = big_and_small(big_first, 1);
        let (data, _) = Reader::baci().read(csv.as_bytes()).unwrap();
        let e = data.total(&Query::new()).unwrap_err();
        assert!(inexact(&e), "{e}");
        assert!(e.to_string().contains("28 significant digits"), "{e}");
        assert!(inexact(
            &PartnerShares::imports(&data, &Query::new()).unwrap_err()
        ));
        let all: ProductSelector = "85".parse().unwrap();
        assert!(inexact(
            &SelectorExposure::by_pair(&data, &Query::new(), &all).unwrap_err()
        ));
        for split in [None, Some(1)] {
            assert!(inexact(&streamed(&csv, split).unwrap_err()), "{split:?}");
        }
    }
}

#[test]
fn money_arithmetic_is_exact_or_an_error() {
    let big: Money = "10000000000000 USD".parse().unwrap();
    let tiny: Money = "0.0000000000000001 USD".parse().unwrap();
    assert!(inexact(&big.checked_add(&tiny).unwrap_err()));
    assert!(inexact(&big.checked_sub(&tiny).unwrap_err()));
    // Exact sums are unchanged: 0.1 + 0.2 = 0.3, and scale is kept.
    let a: Money = "0.1 USD".parse().unwrap();
    let b: Money = "0.20 USD".parse().unwrap();
    assert_eq!(a.checked_add(&b).unwrap().to_string(), "0.30 USD");
}

#[test]
fn readers_refuse_what_they_cannot_hold_and_say_why() {
    let tidy = |v: &str| {
        let csv = format!(
            "reporter,partner,direction,product,period,value,currency\nJPN,CHN,import,850511,2024,\"{v}\",USD\n"
        );
        Reader::tidy_csv().read(csv.as_bytes()).unwrap_err()
    };
    let json = |v: &str| {
        let text = format!(
            r#"[{{"reporter":"JPN","partner":"CHN","direction":"import","product":"850511","period":"2024","value":"{v}","currency":"USD"}}]"#
        );
        Reader::json().read(text.as_bytes()).unwrap_err()
    };
    // 29 digits before the point and one after: too many significant
    // digits (it used to be read by JSON as ...790, rounded, and refused
    // by the CSV reader as having "more than 28 decimal places").
    for e in [
        tidy("12345678901234567890123456789.5"),
        json("12345678901234567890123456789.5"),
    ] {
        assert!(e.to_string().contains("significant digits"), "{e}");
    }
    // 29 decimal places (JSON used to read it as 0).
    for e in [
        tidy("0.00000000000000000000000000001"),
        json("0.00000000000000000000000000001"),
    ] {
        assert!(e.to_string().contains("28 decimal places"), "{e}");
    }
    // What trade files do not write: a '+', separators, spaces.
    for (v, why) in [
        ("+7", "'+'"),
        ("1_000", "separators"),
        ("1,000", "separators"),
        ("1 000", "spaces"),
        ("NaN", "not a decimal number"),
        ("1e", "exponent"),
    ] {
        let e = tidy(v);
        assert!(e.to_string().contains(why), "{v}: {e}");
        let e = json(v);
        assert!(e.to_string().contains(why), "{v}: {e}");
    }
    // Exponents move the point exactly.
    let csv = "reporter,partner,direction,product,period,value,currency\n\
               JPN,CHN,import,850511,2024,1.5e6,USD\n\
               JPN,CHN,import,850511,2024,2.5E-3,USD\n";
    let (data, _) = Reader::tidy_csv().read(csv.as_bytes()).unwrap();
    assert_eq!(
        data.total(&Query::new()).unwrap().to_string(),
        "1500000.0025 USD"
    );
    // BACI and Comtrade refuse the same way.
    let baci = "t,i,j,k,v,q\n2024,156,392,850511,+7,NA\n";
    let e = Reader::baci().read(baci.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("'+'"), "{e}");
    let comtrade = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n392,156,M,850511,2024,1_000\n";
    let e = Reader::comtrade().read(comtrade.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("separators"), "{e}");
}

fn value() -> impl Strategy<Value = Decimal> {
    (0u64..u64::MAX, 0u32..=24)
        .prop_map(|(m, s)| Decimal::new(i64::try_from(m >> 1).unwrap_or(0), s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Sums of non-negative values do not depend on the order of the
    /// terms or on how they are split between builders: they are equal,
    /// or every order fails.
    #[test]
    fn sums_do_not_depend_on_order_or_split(
        values in proptest::collection::vec(
            (economy().prop_filter("a supplier", |e| e.is_attributed()), value()),
            1..30,
        ),
        cut in 0usize..30,
    ) {
        let flow = |(e, v): &(tradedep::Economy, Decimal)| {
            TradeFlow::new("JPN".parse().unwrap(), *e, Direction::Import, "850511".parse().unwrap(),
                "2024".parse().unwrap(), Money::new(*v, Currency::USD)).unwrap()
        };
        let flows: Vec<TradeFlow> = values.iter().map(flow).collect();
        let reversed: Vec<TradeFlow> = flows.iter().rev().copied().collect();
        let one = TradeData::from_flows(&flows).unwrap().total(&Query::new());
        let other = TradeData::from_flows(&reversed).unwrap().total(&Query::new());
        match (&one, &other) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.amount(), b.amount()),
            (Err(a), Err(b)) => prop_assert!(inexact(a) && inexact(b) || !inexact(a) && !inexact(b)),
            _ => prop_assert!(false, "one order failed: {:?} {:?}", one, other),
        }
        // Split between two builders and merged, against one builder.
        let selector: ProductSelector = "85".parse().unwrap();
        let build = |parts: &[&[TradeFlow]]| -> Result<SelectorExposure, tradedep::Error> {
            let mut merged: Option<SelectorExposureBuilder> = None;
            for part in parts {
                let mut b = SelectorExposure::builder(&selector);
                for f in *part {
                    b.push(f)?;
                }
                merged = Some(match merged {
                    None => b,
                    Some(m) => m.merge(b)?,
                });
            }
            merged.map_or_else(|| SelectorExposure::builder(&selector).build(), SelectorExposureBuilder::build)
        };
        let (a, b) = flows.split_at(cut.min(flows.len()));
        let whole = build(&[&flows]);
        let split = build(&[a, b]);
        prop_assert_eq!(whole.is_ok(), split.is_ok());
        if let (Ok(w), Ok(s)) = (&whole, &split) {
            prop_assert_eq!(w, s);
        }
        // Where the stored data sums exactly, so do the builders, to the
        // same value.
        if let Ok(total) = &one {
            let w = whole.as_ref().map_err(ToString::to_string);
            prop_assert_eq!(
                w.map(|e| e.rows().iter().map(|r| r.value().amount()).fold(Decimal::ZERO, |a, v| a + v)),
                Ok(total.amount())
            );
        }
    }
}

#[test]
fn an_hhi_never_vanishes_with_the_scale() {
    // One supplier with 10^-15 USD: its square, 10^-30, is below what a
    // Decimal holds, and the HHI came out as none. A share of 1 has an
    // HHI of 1 at any scale; two equal suppliers have 0.5.
    let flow = |exp: &str, v: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            exp.parse().unwrap(),
            Direction::Import,
            "280530".parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let one = TradeData::from_flows([flow("CHN", "0.000000000000001 USD")]).unwrap();
    let c =
        tradedep::metrics::Concentration::of_imports(&one, "JPN".parse().unwrap(), &Query::new())
            .unwrap();
    assert_eq!(c.hhi().unwrap().to_string(), "1");
    let two = TradeData::from_flows([
        flow("CHN", "0.000000000000001 USD"),
        flow("VNM", "0.000000000000001 USD"),
    ])
    .unwrap();
    let p = tradedep::metrics::ProductConcentrations::imports(
        &two,
        &Query::new(),
        tradedep::HsLevel::Subheading,
    )
    .unwrap();
    assert_eq!(p.rows()[0].hhi().unwrap().to_string(), "0.5");
    // And at the other end: values whose squares exceed a Decimal.
    let huge = TradeData::from_flows([
        flow("CHN", "3000000000000000 USD"),
        flow("VNM", "1000000000000000 USD"),
    ])
    .unwrap();
    let p = tradedep::metrics::ProductConcentrations::imports(
        &huge,
        &Query::new(),
        tradedep::HsLevel::Subheading,
    )
    .unwrap();
    // (9 + 1) / 16 = 0.625.
    assert_eq!(p.rows()[0].hhi().unwrap().to_string(), "0.625");
}

#[test]
fn a_cap_counts_the_months_covered_once() {
    use tradedep::controls::{ControlDirection, Instrument, Measure, Rule, RuleSet};
    use tradedep::scenario::Scenario;
    // A year of China's exports to Japan in quarters (4 x 25) and to
    // Korea as one annual figure (100), under a cap of 10 USD a month on
    // all of it: 12 months, a cap of 120 against 200, so 80 is blocked.
    // Counting the periods' months (4 x 3 + 12 = 24) made the cap 240
    // and blocked nothing.
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let flow = |imp: &str, period: &str, v: &str| {
        TradeFlow::new(
            "CHN".parse().unwrap(),
            imp.parse().unwrap(),
            Direction::Export,
            "850511".parse().unwrap(),
            period.parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let mut flows: Vec<TradeFlow> = (1..=4)
        .map(|q| flow("JPN", &format!("2024-Q{q}"), "25 USD"))
        .collect();
    flows.push(flow("KOR", "2024", "100 USD"));
    let data = TradeData::from_flows(flows).unwrap();
    // One importer's quarters beside another's year are no overlap.
    assert_eq!(data.total(&Query::new()).unwrap().to_string(), "200 USD");
    let cap = Rule::builder(
        "cap",
        "CHN".parse().unwrap(),
        Instrument {
            id: "cap".into(),
            title: String::new(),
            announced: day("2026-01-01"),
            url: String::new(),
        },
        ControlDirection::Export,
        "8505".parse().unwrap(),
        Measure::ValueCap {
            cap: "10 USD".parse().unwrap(),
            per: tradedep::Frequency::Monthly,
        },
        day("2026-01-01"),
    )
    .build()
    .unwrap();
    let result = Scenario::new(&data, RuleSet::new([cap]).unwrap(), day("2026-02-01"))
        .run()
        .unwrap();
    assert_eq!(result.direct().months(), 12);
    assert_eq!(
        result.direct().blocked(),
        tradedep::scenario::Bounds::exact(Decimal::from(80))
    );
}

#[test]
fn deserialized_results_never_panic() {
    use tradedep::metrics::{Concentration, Table};
    // Shares of a real (small) table, then the values swapped for the
    // largest Decimal and 1: every accessor answers without a panic.
    let flow = |exp: &str, v: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            exp.parse().unwrap(),
            Direction::Import,
            "850511".parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let data = TradeData::from_flows([flow("CHN", "2 USD"), flow("USA", "1 USD")]).unwrap();
    let json = serde_json::to_string(&PartnerShares::imports(&data, &Query::new()).unwrap())
        .unwrap()
        .replace("\"2 USD\"", "\"79228162514264337593543950335 USD\"");
    let shares: PartnerShares = serde_json::from_str(&json).unwrap();
    let jpn = "JPN".parse().unwrap();
    let _ = shares.total(jpn);
    let _ = shares.share(jpn, "CHN".parse().unwrap());
    assert_eq!(shares.top_share(jpn, 2), None);
    let _ = shares.to_string();
    let mut out = Vec::new();
    shares.write_csv(&mut out).unwrap();
    let c = Concentration::of_imports(&data, jpn, &Query::new()).unwrap();
    let json = serde_json::to_string(&c)
        .unwrap()
        .replace("\"2 USD\"", "\"79228162514264337593543950335 USD\"");
    if let Ok(c) = serde_json::from_str::<Concentration>(&json) {
        assert_eq!(c.top_share(2), None);
        let _ = c.to_string();
    }
}

#[test]
fn selector_lines_and_selector_share_one_grammar() {
    let table = tradedep::controls::CorrelationTable::read_csv(
        "entry,hs,link\ncn:1C902.a,280530,partial\n".as_bytes(),
    )
    .unwrap();
    let inline = table.selector("85, -8505, 8541").unwrap();
    let lines = table
        .selector_lines("85\n-8505, 8541\n".as_bytes())
        .unwrap();
    assert_eq!(inline.to_string(), "85, -8505");
    assert_eq!(lines, inline);
    // A '-' applies to its item, not to the whole line.
    let lines = table
        .selector_lines("85\n-8505, 8541\n-850511\n".as_bytes())
        .unwrap();
    assert_eq!(lines.to_string(), "85, -8505");
    // Positions count in the original line: the bad item of line 2
    // starts at its 8th character.
    let e = table
        .selector_lines("2805\n2846,  cn:1X9\n".as_bytes())
        .unwrap_err();
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(2));
    assert!(e.to_string().contains("at character 8"), "{e}");
}

#[test]
fn editions_stay_apart_in_every_concentration() {
    use tradedep::HsLevel;
    use tradedep::metrics::ProductConcentrations;
    let flow = |exp: &str, hs: &str, v: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            exp.parse().unwrap(),
            Direction::Import,
            hs.parse().unwrap(),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let flows = [
        flow("CHN", "HS2017:850511", "60 USD"),
        flow("VNM", "HS2022:850511", "40 USD"),
    ];
    let want = ["HS2017:850511 CHN 60 USD", "HS2022:850511 VNM 40 USD"];
    let text = |p: &ProductConcentrations| -> Vec<String> {
        p.rows()
            .iter()
            .map(|r| format!("{} {} {}", r.product(), r.largest(), r.total()))
            .collect()
    };
    // Stored, one query over both editions is refused; streamed, the
    // builders keep them apart.
    let data = TradeData::from_flows(flows).unwrap();
    assert!(ProductConcentrations::imports(&data, &Query::new(), HsLevel::Subheading).is_err());
    // Streamed in either order: the same two rows, not one labelled by
    // whichever code came first.
    for order in [[0, 1], [1, 0]] {
        let mut b = ProductConcentrations::builder(HsLevel::Subheading);
        for i in order {
            b.push(&flows[i]).unwrap();
        }
        assert_eq!(text(&b.build().unwrap()), want, "{order:?}");
    }
}

#[test]
fn fold_path_gives_the_first_error_in_file_order_on_any_thread_count() {
    // A bad exporter on line 102, and a 300 KB line at the file's middle
    // under a 1,000-byte line limit: on one thread the error is line
    // 102's; on two it was the long line's, with no line number, found
    // while cutting the file.
    let dir = std::env::temp_dir().join(format!("tradedep-fold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("baci.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "t,i,j,k,v,q").unwrap();
        let good = "2024,156,392,850511,1.5,NA\n";
        for _ in 0..100 {
            f.write_all(good.as_bytes()).unwrap();
        }
        writeln!(f, "2024,999,392,850511,1.5,NA").unwrap();
        for _ in 0..170_000 {
            f.write_all(good.as_bytes()).unwrap();
        }
        writeln!(f, "2024,156,392,850511,{},NA", "9".repeat(300_000)).unwrap();
        for _ in 0..170_000 {
            f.write_all(good.as_bytes()).unwrap();
        }
    }
    let run = |threads: usize| {
        Reader::baci()
            .threads(threads)
            .max_line_bytes(1000)
            .fold_path(
                &path,
                || 0u64,
                |n, _| {
                    *n += 1;
                    Ok(())
                },
                |a, b| Ok(a + b),
            )
            .unwrap_err()
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(
        one.position().and_then(tradedep::Position::line),
        Some(102),
        "{one}"
    );
    assert_eq!(
        two.position().and_then(tradedep::Position::line),
        Some(102),
        "{two}"
    );
    assert_eq!(one.to_string(), two.to_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_large_baci_file_reads_by_path_on_any_thread_count_as_it_streams() {
    use std::fmt::Write as _;
    // 400,000 lines (about 11 MB, so the file is cut in pieces), sorted by
    // exporter as BACI is, so each importer's rows are spread over every
    // piece; repeated keys with different values; one line out of order.
    let dir = std::env::temp_dir().join(format!("tradedep-pieces-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("baci.csv");
    let mut text = String::from("t,i,j,k,v,q\n");
    let economies = [32, 156, 251, 392, 410, 842];
    for n in 0..400_000usize {
        let i = economies[n * economies.len() / 400_000];
        let j = economies[n % 5];
        let k = 10121 + (n / 5) % 3000;
        let _ = writeln!(
            text,
            "2024,{i},{j},{k:06},{}.{:03},{}",
            n % 977,
            n % 1000,
            n % 7
        );
    }
    text.push_str("2024,32,842,010121,5,NA\n");
    std::fs::write(&path, &text).unwrap();
    let (streamed, _) = Reader::baci().read(text.as_bytes()).unwrap();
    for threads in [1, 2, 3] {
        let (data, report) = Reader::baci().threads(threads).read_path(&path).unwrap();
        assert_eq!(report.flows(), 400_001);
        // Equal flow by flow, in storage order.
        assert!(data == streamed, "{threads} threads");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
