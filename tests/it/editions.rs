//! Converting trade data, selectors and correlation tables between HS
//! editions, worked by hand on small concordances.

use rust_decimal::Decimal;
use tradedep::concordance::{Concordance, GroupKind, Unmatched, Weights};
use tradedep::{Direction, HsCode, HsEdition, Query, TradeData, TradeFlow};

fn hs(s: &str) -> HsCode {
    s.parse().unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn flow(hs6: &str, v: &str) -> TradeFlow {
    TradeFlow::new(
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        Direction::Import,
        hs(hs6),
        "2024".parse().unwrap(),
        v.parse().unwrap(),
    )
    .unwrap()
}

/// HS2017 -> HS2022: 854231 splits into 854231 and part of 854239
/// (which also takes all of 854239): a many-to-many group; 010121 is
/// unchanged; 300219 has no link.
fn concordance() -> Concordance {
    Concordance::new(
        HsEdition::Hs2017,
        HsEdition::Hs2022,
        [
            (hs("010121"), hs("010121")),
            (hs("854231"), hs("854231")),
            (hs("854231"), hs("854239")),
            (hs("854239"), hs("854239")),
        ],
    )
    .unwrap()
}

fn value_of(data: &TradeData, code: &str) -> String {
    data.total(&Query::new().product(hs(code)))
        .unwrap()
        .to_string()
}

#[test]
fn an_equal_split_conserves_every_unit() {
    let data = TradeData::from_flows([
        flow("854231", "100.01 USD"),
        flow("854239", "10 USD"),
        flow("010121", "5 USD"),
    ])
    .unwrap();
    let out = concordance()
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap();
    let c = out.data();
    // 100.01 in halves: 50.005 each, floored to 50.00, the cent left over
    // to the first target (ties go first): 854231 50.01, 854239 50.00 + 10.
    assert_eq!(value_of(c, "HS2022:854231"), "50.01 USD");
    assert_eq!(value_of(c, "HS2022:854239"), "60.00 USD");
    assert_eq!(value_of(c, "HS2022:010121"), "5 USD");
    assert_eq!(
        c.total(&Query::new()).unwrap(),
        data.total(&Query::new()).unwrap()
    );
    assert!(
        c.products()
            .iter()
            .all(|p| p.edition() == Some(HsEdition::Hs2022))
    );
    let r = out.report();
    assert_eq!(r.moved().to_string(), "115.01 USD");
    assert_eq!(r.split().to_string(), "100.01 USD");
    // The n:n group moved 110.01, of which 100.01 through the split.
    let g = &r.groups()[0];
    assert_eq!(g.kind(), GroupKind::ManyToMany);
    assert_eq!(g.value(), d("110.01"));
    assert_eq!(g.split(), d("100.01"));
    assert_eq!(
        g.weights(),
        &[
            (hs("854231"), hs("854231"), d("0.5")),
            (hs("854231"), hs("854239"), d("0.5"))
        ]
    );
    assert_eq!(r.groups()[1].kind(), GroupKind::OneToOne);
}

#[test]
fn given_and_trade_weights_split_by_hand() {
    let data = TradeData::from_flows([flow("854231", "100.01 USD")]).unwrap();
    // 3 : 1: 75.0075 and 25.0025, floored to 75.00 and 25.00; the cent
    // left goes to the larger remainder (0.0075): 75.01 and 25.00.
    let given = Weights::given([
        (hs("854231"), hs("854231"), d("3")),
        (hs("854231"), hs("854239"), d("1")),
    ])
    .unwrap();
    let out = concordance()
        .convert(&data, &given, Unmatched::Error)
        .unwrap();
    assert_eq!(value_of(out.data(), "HS2022:854231"), "75.01 USD");
    assert_eq!(value_of(out.data(), "HS2022:854239"), "25.00 USD");
    // Trade weights from HS2022 reference trade: 854231 300, 854239 100
    // (0.75 / 0.25), the same split.
    let reference = TradeData::from_flows([
        flow("HS2022:854231", "300 USD"),
        flow("HS2022:854239", "100 USD"),
    ])
    .unwrap();
    let trade = Weights::trade(&reference, &Query::new()).unwrap();
    let out = concordance()
        .convert(&data, &trade, Unmatched::Error)
        .unwrap();
    assert_eq!(value_of(out.data(), "HS2022:854231"), "75.01 USD");
    assert!(
        out.report()
            .weights()
            .starts_with("weighted by the trade of")
    );
    // Reference trade in the wrong edition is refused.
    let old = TradeData::from_flows([flow("HS2017:854231", "1 USD")]).unwrap();
    let w = Weights::trade(&old, &Query::new()).unwrap();
    assert!(concordance().convert(&data, &w, Unmatched::Error).is_err());
    // No trade for any target: equal split, reported.
    let none = TradeData::from_flows([flow("HS2022:010121", "1 USD")]).unwrap();
    let w = Weights::trade(&none, &Query::new()).unwrap();
    let out = concordance().convert(&data, &w, Unmatched::Error).unwrap();
    assert_eq!(out.report().fallback(), &[hs("854231")]);
    assert_eq!(value_of(out.data(), "HS2022:854231"), "50.01 USD");
}

#[test]
fn quantities_split_with_the_values() {
    let q = tradedep::Quantity::new(d("7"), tradedep::Unit::Kilograms).unwrap();
    let data = TradeData::from_flows([flow("854231", "10 USD").with_quantity(Some(q))]).unwrap();
    let out = concordance()
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap();
    let qs: Vec<String> = out
        .data()
        .iter()
        .map(|f| f.quantity().unwrap().amount().to_string())
        .collect();
    // 7 kg in halves: 3.5 floored to 3 each, the unit left to the first.
    assert_eq!(qs, ["4", "3"]);
}

#[test]
fn codes_without_correspondence_are_reported_or_refused() {
    let data = TradeData::from_flows([flow("300219", "9 USD"), flow("010121", "1 USD")]).unwrap();
    let e = concordance()
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap_err();
    assert!(e.to_string().contains("300219"), "{e}");
    let out = concordance()
        .convert(&data, &Weights::equal(), Unmatched::Skip)
        .unwrap();
    assert_eq!(out.report().skipped().len(), 1);
    assert_eq!(out.report().skipped()[0].0, hs("300219"));
    assert_eq!(out.report().skipped()[0].1.to_string(), "9 USD");
    assert_eq!(
        out.data().total(&Query::new()).unwrap().to_string(),
        "1 USD"
    );
    // A heading moves whole when its subheadings stay in one heading
    // (0101), and counts as unmatched when they do not.
    let data = TradeData::from_flows([flow("0101", "4 USD")]).unwrap();
    let out = concordance()
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap();
    assert_eq!(value_of(out.data(), "HS2022:0101"), "4 USD");
    // Codes of another edition are refused.
    let data = TradeData::from_flows([flow("HS2012:010121", "1 USD")]).unwrap();
    assert!(
        concordance()
            .convert(&data, &Weights::equal(), Unmatched::Skip)
            .is_err()
    );
}

#[test]
fn one_to_one_round_trips_are_the_identity_and_reversals_swap_sides() {
    let c = concordance();
    let data = TradeData::from_flows([flow("010121", "3.5 USD")]).unwrap();
    let there = c
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap();
    let back = c
        .reverse()
        .convert(there.data(), &Weights::equal(), Unmatched::Error)
        .unwrap();
    let f: Vec<TradeFlow> = back.data().iter().collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].product(), hs("HS2017:010121"));
    assert_eq!(f[0].value().to_string(), "3.5 USD");
    // A merge backwards is a split: HS2022 854239 has two HS2017 sources.
    assert_eq!(
        c.reverse().targets(hs("854239")),
        [hs("854231"), hs("854239")]
    );
}

#[test]
fn selectors_and_correlation_tables_convert_as_bounds() {
    use tradedep::controls::ControlEntry;
    use tradedep::metrics::Link;
    let c = concordance();
    // 854239 alone: its HS2022 code also takes part of 854231, so it is
    // partial; nothing is certain.
    let s = c
        .convert_selector(&"854239".parse().unwrap(), Unmatched::Error)
        .unwrap();
    assert_eq!(s.possible().to_string(), "854239");
    assert_eq!(s.certain().to_string(), "");
    assert_eq!(s.partial(), &[hs("854239")]);
    // Both, and chapter 01: all certain.
    let s = c
        .convert_selector(&"854231, 854239, 01".parse().unwrap(), Unmatched::Error)
        .unwrap();
    assert_eq!(s.certain().to_string(), "010121, 854231, 854239");
    assert!(s.partial().is_empty());
    // A prefix with no code under it.
    assert!(
        c.convert_selector(&"3002".parse().unwrap(), Unmatched::Error)
            .is_err()
    );
    let s = c
        .convert_selector(&"3002".parse().unwrap(), Unmatched::Skip)
        .unwrap();
    assert_eq!(s.unmatched(), &[hs("3002")]);
    // A correlation table: an entry fully linked to 854231 only reaches
    // HS2022 854239 in part.
    let mut t = tradedep::controls::CorrelationTable::new();
    let entry: ControlEntry = "cn:3A001".parse().unwrap();
    t.add(entry.clone(), hs("854231"), Link::Full).unwrap();
    let out = c.convert_correlation(&t, Unmatched::Error).unwrap();
    let links: Vec<(String, Link)> = out
        .links()
        .iter()
        .map(|l| (l.code().to_string(), l.link()))
        .collect();
    assert_eq!(
        links,
        [
            ("854231".to_owned(), Link::Full),
            ("854239".to_owned(), Link::Partial)
        ]
    );
}

#[test]
fn unsd_layouts_read_with_titles_lost_zeros_and_dots() {
    // UNSD's own sheets, saved as CSV: a title line, then columns named by
    // their editions; a spreadsheet dropped the leading zero of 010121,
    // and an older sheet writes codes with a dot. Relationship labels are
    // not used (the 1:1 one here is wrong on purpose: the groups say n:1).
    let csv = "HS 2012 - HS 2007 Correlation and conversion tables,,\n\
               HS 2012,HS 2007,Relationship\n\
               10121,10121,1:1\n\
               0101.29,010121,1:1\n\
               854231,854231,1:1\n";
    let c = Concordance::read_csv(csv.as_bytes()).unwrap();
    assert_eq!(c.from_edition(), HsEdition::Hs2012);
    assert_eq!(c.to_edition(), HsEdition::Hs2007);
    assert_eq!(c.sources(hs("010121")), [hs("010121"), hs("010129")]);
    assert_eq!(c.groups()[0].kind(), GroupKind::ManyToOne);
    // The 2022 conversion sheet's header.
    let csv = "From HS2022,To HS2017\n854231,854231\n";
    let c = Concordance::read_csv(csv.as_bytes()).unwrap();
    assert_eq!(
        (c.from_edition(), c.to_edition()),
        (HsEdition::Hs2022, HsEdition::Hs2017)
    );
    assert!(c.is_conversion());
    // The tidy layout, and its refusals.
    let tidy = "from_edition,from_code,to_edition,to_code,relationship\n\
                HS2022,010121,HS2017,010121,1:1\n\
                HS2022,010129,HS2012,010129,1:1\n";
    let e = Concordance::read_csv(tidy.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("one pair of editions"), "{e}");
    let bad = "from_edition,from_code,to_edition,to_code\nHS2022,0101,HS2017,010121\n";
    let e = Concordance::read_csv(bad.as_bytes()).unwrap_err();
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(2));
    assert!(Concordance::read_csv("a,b\n1,2\n".as_bytes()).is_err());
}

#[test]
fn chains_compose_and_refuse_what_does_not_follow() {
    let a = concordance(); // HS2017 -> HS2022
    let b = Concordance::new(
        HsEdition::Hs2012,
        HsEdition::Hs2017,
        [(hs("854230"), hs("854231")), (hs("010121"), hs("010121"))],
    )
    .unwrap();
    // HS2012 -> HS2017 -> HS2022: 854230 reaches both 854231 and 854239.
    let (c, report) = b.then(&a).unwrap();
    assert_eq!(c.from_edition(), HsEdition::Hs2012);
    assert_eq!(c.targets(hs("854230")), [hs("854231"), hs("854239")]);
    assert!(report.is_clean());
    assert!(a.then(&b).is_err());
    assert!(Concordance::chain(std::iter::empty()).is_err());
}

#[test]
fn a_report_sum_that_would_round_is_an_error() {
    // Two flows of 010121, one per importer: 10^27 and 10^-7 USD. Their
    // exact sum needs 35 significant digits, more than a decimal holds
    // (28): the group's value cannot be reported exactly.
    let big = flow("010121", "1000000000000000000000000000 USD");
    let small = TradeFlow::new(
        "KOR".parse().unwrap(),
        "CHN".parse().unwrap(),
        Direction::Import,
        hs("010121"),
        "2024".parse().unwrap(),
        "0.0000001 USD".parse().unwrap(),
    )
    .unwrap();
    let data = TradeData::from_flows([big, small]).unwrap();
    let err = concordance()
        .convert(&data, &Weights::equal(), Unmatched::Error)
        .unwrap_err();
    assert!(
        matches!(err.kind(), tradedep::ErrorKind::Inexact { .. }),
        "{err}"
    );
    // Each alone converts, its value kept to the last unit.
    let one = TradeData::from_flows([flow("010121", "1000000000000000000000000000 USD")]).unwrap();
    let out = concordance()
        .convert(&one, &Weights::equal(), Unmatched::Error)
        .unwrap();
    assert_eq!(
        out.report().moved().to_string(),
        "1000000000000000000000000000 USD"
    );
}
