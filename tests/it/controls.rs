//! Control entries and correlation tables through the public API.

use tradedep::controls::{ControlCategory, ControlEntry, ControlGroup, CorrelationTable, Issuer};
use tradedep::metrics::{Exposure, Link};
use tradedep::{Direction, ErrorKind, HsCode, Query, TradeData, TradeFlow};

fn code(s: &str) -> HsCode {
    s.parse().unwrap()
}

fn entry(s: &str) -> ControlEntry {
    s.parse().unwrap()
}

/// Entries of MOFCOM/GAC Announcement No. 18 of 2025 (4 April 2025) with
/// the reference customs codes it cites: 1C902.a samarium metal
/// (2805301910), 1C902.b samarium oxide (2846901940, 2846901993,
/// 3824999922), and one EU Annex I entry linked by hand.
const TABLE: &str = "\
issuer,entry,hs,link,weight
cn,1C902.a,2805301910,full,
cn,1C902.b,2846901940,partial,
cn,1C902.b,2846901993,partial,
cn,1C902.b,3824999922,partial,
eu,3A001.a.1,854231,partial,0.1
cn,3A001.a.1,854231,full,
";

#[test]
fn announcement_lines_reduce_to_partial_subheadings() {
    let t = CorrelationTable::read_csv(TABLE.as_bytes()).unwrap();
    // 2846901940 and 2846901993 both reduce to 284690 under 1C902.b: one
    // link, kept once.
    assert_eq!(t.len(), 5);
    let links = t.entries_for(code("284690"));
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].entry(), &entry("cn:1C902.b"));
    assert_eq!(links[0].link(), Link::Partial);
    assert!(links[0].code().is_reduced());
    // A full link given on a national line is partial at HS6.
    assert_eq!(t.entries_for(code("280530"))[0].link(), Link::Partial);
    // Heading 2846 reaches the subheading linked below it.
    assert_eq!(t.entries_for(code("2846")).len(), 1);
}

#[test]
fn queries_go_both_ways() {
    let t = CorrelationTable::read_csv(TABLE.as_bytes()).unwrap();
    assert_eq!(
        t.products_for(&entry("cn:1C902")).to_string(),
        "280530, 284690, 382499"
    );
    assert_eq!(t.products_for(&entry("cn:1C902.a")).to_string(), "280530");
    let electronics = ControlCategory::new(3).unwrap();
    assert_eq!(
        t.products_for_category(Issuer::Eu, electronics).to_string(),
        "854231"
    );
    assert_eq!(
        t.products_for_category(Issuer::China, ControlCategory::new(1).unwrap())
            .to_string(),
        "280530, 284690, 382499"
    );
    // Only China's 3A001.a.1 link on 854231 is full (the others are
    // national lines, hence partial).
    assert_eq!(t.fully_linked(Issuer::China).to_string(), "854231");
    assert!(t.fully_linked(Issuer::Eu).is_empty());
}

#[test]
fn csv_and_json_round_trip() {
    let t = CorrelationTable::read_csv(TABLE.as_bytes()).unwrap();
    let mut csv = Vec::new();
    t.write_csv(&mut csv).unwrap();
    let back = CorrelationTable::read_csv(csv.as_slice()).unwrap();
    assert_eq!(back, t);
    assert!(back.entries_for(code("284690"))[0].code().is_reduced());
    #[cfg(feature = "json")]
    {
        let mut json = Vec::new();
        t.write_json(&mut json).unwrap();
        assert_eq!(CorrelationTable::read_json(json.as_slice()).unwrap(), t);
    }
}

#[test]
fn bad_rows_say_what_and_where() {
    let cases = [
        ("cn,1C9O2.a,280530,full,\n", "entry", "three digits"),
        (
            "eu,1C902.a,280530,full,\n",
            "entry",
            "not used on the eu list",
        ),
        ("cn,1F902.a,280530,full,\n", "entry", "group 'F'"),
        (
            "xx yy,1C902.a,280530,full,\n",
            "issuer",
            "unknown export-control list",
        ),
        ("cn,1C902.a,28053,full,\n", "hs", "HS code"),
        ("cn,1C902.a,280530,fully,\n", "link", "full, partial"),
        ("cn,1C902.a,280530,partial,1.5\n", "", "between 0 and 1"),
        ("cn,1C902.a,280530,full,0.5\n", "weight", "its weight is 1"),
    ];
    for (row, column, says) in cases {
        let text = format!("issuer,entry,hs,link,weight\ncn,1C903.a,280530,full,\n{row}");
        let e = CorrelationTable::read_csv(text.as_bytes()).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(says), "{row:?}: {msg}");
        let pos = e.position().expect("a position");
        assert_eq!(pos.line(), Some(3), "{row:?}");
        if !column.is_empty() {
            assert_eq!(pos.column(), Some(column), "{row:?}");
        }
    }
    // The same pair linked twice, differently.
    let text = "entry,hs,link\ncn:1C902.a,280530,full\ncn:1C902.a,280530,partial\n";
    let e = CorrelationTable::read_csv(text.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Correlation { .. }), "{e}");
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(3));
}

#[test]
fn exposure_by_control_category_is_hand_summed() {
    // Japan's imports from China: 30 of samarium metal (280530, partial
    // through the national line), 50 of chips (854231, full on China's
    // list), 20 of clothing (620342, unlinked). Lower = 50 / 100; upper =
    // (30 + 50) / 100. By category: 1 (materials) 0 to 30, 3
    // (electronics) 50 to 50.
    let flow = |hs: &str, v: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            code(hs),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let data = TradeData::from_flows([
        flow("280530", "30 USD"),
        flow("854231", "50 USD"),
        flow("620342", "20 USD"),
    ])
    .unwrap();
    let t = CorrelationTable::read_csv(TABLE.as_bytes()).unwrap();
    let links = t.by_category(Issuer::China);
    let e = Exposure::between(
        &data,
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        &Query::new(),
        &links,
    )
    .unwrap();
    assert_eq!(e.lower_share().unwrap().to_string(), "0.5");
    assert_eq!(e.upper_share().unwrap().to_string(), "0.8");
    let materials = e.category(&ControlCategory::new(1).unwrap()).unwrap();
    assert_eq!(materials.lower().to_string(), "0 USD");
    assert_eq!(materials.upper().to_string(), "30 USD");
    let electronics = e.category(&ControlCategory::new(3).unwrap()).unwrap();
    assert_eq!(electronics.lower().to_string(), "50 USD");
}

#[test]
fn groups_and_categories_have_their_wassenaar_names() {
    let e = entry("eu:9A101");
    assert_eq!(e.category().name(), "aerospace and propulsion");
    assert_eq!(e.group(), ControlGroup::Systems);
    assert!(e.group().is_goods());
    assert!(!entry("cn:1E902.a").group().is_goods());
    assert_eq!(ControlCategory::all().count(), 10);
}

#[test]
fn coarse_trade_counts_toward_the_upper_bound_only() {
    // Chapter-level data: 85 (100) contains 850511, linked partially to
    // 1C902.a; 84 (50) contains 848690 (targets), linked partially; 62
    // (25) nothing. Upper = 150 / 175; lower = 0; no point estimate.
    let flow = |hs: &str, v: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            code(hs),
            "2024".parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
    };
    let data = TradeData::from_flows([
        flow("85", "100 JPY"),
        flow("84", "50 JPY"),
        flow("62", "25 JPY"),
    ])
    .unwrap();
    let t = CorrelationTable::read_csv(
        "entry,hs,link\ncn:1C902.a,850511,partial\ncn:1C902.a,8486909110,full\n".as_bytes(),
    )
    .unwrap();
    let e = Exposure::between(
        &data,
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
        &Query::new(),
        &t.by_entry(),
    )
    .unwrap();
    assert_eq!(e.bounds().upper().to_string(), "150 JPY");
    assert_eq!(e.bounds().lower().to_string(), "0 JPY");
    assert_eq!(e.point_share(), None);
    assert_eq!(
        e.upper_share().unwrap().value().round_dp(4).to_string(),
        "0.8571"
    );
}

#[test]
fn selector_expressions_report_the_bad_item() {
    let t = CorrelationTable::read_csv(TABLE.as_bytes()).unwrap();
    let cases = [
        ("cn:X", 1, "expected a digit"),
        ("2805, cn:7Z001", 7, "group 'Z'"),
        ("zz zz:1", 1, "unknown export-control list"),
        ("8541=full", 1, "=full applies to control-list terms"),
        ("2805,, 85", 6, "empty item"),
        ("28x", 1, "HS code"),
    ];
    for (expr, at, says) in cases {
        let e = t.selector(expr).unwrap_err();
        match e.kind() {
            ErrorKind::Selector { at: found, .. } => assert_eq!(*found, at, "{expr}: {e}"),
            other => panic!("{expr}: {other:?}"),
        }
        assert!(e.to_string().contains(says), "{expr}: {e}");
    }
    assert_eq!(t.selector("cn:1=full").unwrap().to_string(), "");
    assert_eq!(t.selector("cn:3, eu:3").unwrap().to_string(), "854231");
}

/// China's 2026 catalogue lists 8104110000 (unwrought magnesium) under
/// 1C228 magnesium, and bismuth lines 8106101011 and 8106101019 there
/// too, shifted from 1C229 by the PDF extraction (see
/// `../shared/data/controls/cn_dual_use_2026/README.md`): a table that
/// keeps the shifted lines marks them in doubt.
#[test]
fn national_lines_are_kept_and_doubt_is_lifted_by_a_sure_source() {
    let mut t = CorrelationTable::new();
    let line = |s: &str| s.parse::<tradedep::NationalLine>().unwrap();
    t.add_line(entry("cn:1C228"), line("8104110000")).unwrap();
    t.add_doubtful_line(entry("cn:1C228"), line("8106101011"))
        .unwrap();
    t.add_doubtful_line(entry("cn:1C228"), line("8106101019"))
        .unwrap();
    t.add_line(entry("cn:1C229"), line("8106101019")).unwrap();
    // Three links: (1C228, 810411), (1C228, 810610) in doubt, (1C229,
    // 810610) sure; the 1C228 bismuth link remembers both lines.
    assert_eq!(t.len(), 3);
    let bismuth_under_magnesium = &t.entries_for(code("810610"))[0];
    assert_eq!(bismuth_under_magnesium.entry().to_string(), "cn:1C228");
    assert!(bismuth_under_magnesium.is_doubtful());
    assert_eq!(
        bismuth_under_magnesium
            .lines()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["8106101011", "8106101019"]
    );
    let sure = t.without_doubtful();
    assert_eq!(sure.len(), 2);
    assert_eq!(sure.products_for(&entry("cn:1C228")).to_string(), "810411");
    // A sure source of the same link lifts the doubt.
    t.add_line(entry("cn:1C228"), line("8106109010")).unwrap();
    assert!(!t.entries_for(code("810610"))[0].is_doubtful());
    // The CSV form writes a row per line and reads back equal.
    let mut csv = Vec::new();
    t.write_csv(&mut csv).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().count(), 1 + 5, "{text}");
    assert!(
        text.contains("cn,1C228,8106109010,partial,,true,false"),
        "{text}"
    );
    assert_eq!(CorrelationTable::read_csv(text.as_bytes()).unwrap(), t);
}
