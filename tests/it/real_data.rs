//! Tests on the real tables in ../shared/data.

use rust_decimal::Decimal;
use tradedep::{Economy, HsCode, HsEdition, HsLevel, Nomenclature, Query, Reader};

use super::shared;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn chile_argentina_2004_totals_are_exact() {
    let Some(path) = shared("trade/chl_arg_2004_hs6_baci_layout.csv") else {
        return;
    };
    let (data, report) = Reader::baci().read_path(&path).unwrap();
    // The file's README: 2,832 real HS6 flows between Chile (152) and Argentina (32), 2004.
    assert_eq!(report.records(), 2832);
    assert_eq!(data.len(), 2832);
    assert!(report.is_complete());
    let chl = Economy::from_trade_code(152).unwrap();
    let arg = Economy::from_trade_code(32).unwrap();
    // Exact Decimal sums of the file's v column (thousand USD), as the issue states.
    let imports = data
        .total(&Query::new().importer(chl).exporter(arg))
        .unwrap();
    assert_eq!(imports.in_thousands(), dec("2035411.299"));
    let exports = data
        .total(&Query::new().importer(arg).exporter(chl))
        .unwrap();
    assert_eq!(exports.in_thousands(), dec("262963.653"));
    // The exporter index agrees with the importer index.
    assert_eq!(data.total(&Query::new().exporter(arg)).unwrap(), imports);
    assert_eq!(data.importers(), vec![arg, chl]);
    assert_eq!(data.periods(), vec!["2004".parse().unwrap()]);
    // Chapters add up to the whole.
    let by_chapter = data
        .totals_by_product(&Query::new().importer(chl), HsLevel::Chapter)
        .unwrap();
    let sum = by_chapter
        .values()
        .fold(Decimal::ZERO, |a, m| a + m.amount());
    assert_eq!(sum, imports.amount());
    // Chapter 27 (mineral fuels) by query equals its entry in the breakdown.
    let ch27: HsCode = "27".parse().unwrap();
    assert_eq!(
        data.total(&Query::new().importer(chl).product(ch27))
            .unwrap(),
        by_chapter[&ch27]
    );
}

#[test]
fn the_whole_hs2022_nomenclature_loads() {
    let Some(path) = shared("hs2022/harmonized-system.csv") else {
        return;
    };
    let n = Nomenclature::from_path(&path, Some(HsEdition::Hs2022)).unwrap();
    // The file has 6,940 rows: 97 chapters, 1,229 headings, 5,613 subheadings and one TOTAL root.
    assert_eq!(n.level(HsLevel::Chapter).count(), 97);
    assert_eq!(n.level(HsLevel::Heading).count(), 1229);
    assert_eq!(n.level(HsLevel::Subheading).count(), 5613);
    assert_eq!(n.len(), 6939);
    assert_eq!(
        n.total_description(),
        Some("Total of all HS2022 commodities")
    );
    // Quirk: chapter 99 and its codes carry section "TOTAL": loaded with no section.
    for code in ["99", "9999", "999999"] {
        let e = n.get(tradedep::HsCode::special(code).unwrap()).unwrap();
        assert_eq!(e.section(), None, "{code}");
        assert_eq!(
            e.description(),
            "Commodities not specified according to kind"
        );
    }
    // Leading zeros survive: 010121 is pure-bred breeding horses, in section I.
    let horses = n.get("010121".parse().unwrap()).unwrap();
    assert_eq!(
        horses.description(),
        "Horses; live, pure-bred breeding animals"
    );
    assert_eq!(horses.section(), Some(1));
    // Every other code has a section I to XXI.
    assert_eq!(n.iter().filter(|e| e.section().is_none()).count(), 3);
    // Heading 2846 (rare-earth compounds) has two subheadings: 284610 and 284690.
    let kids: Vec<String> = n
        .children("2846".parse().unwrap())
        .map(|e| e.code().without_edition().to_string())
        .collect();
    assert_eq!(kids, ["284610", "284690"]);
}

#[test]
fn chile_argentina_round_trips_through_every_writer() {
    let Some(path) = shared("trade/chl_arg_2004_hs6_baci_layout.csv") else {
        return;
    };
    let data = tradedep::TradeData::from_baci_path(&path).unwrap();
    let mut baci = Vec::new();
    data.write_baci(&mut baci).unwrap();
    assert_eq!(Reader::baci().read(baci.as_slice()).unwrap().0, data);
    let mut tidy = Vec::new();
    data.write_csv(&mut tidy).unwrap();
    assert_eq!(Reader::tidy_csv().read(tidy.as_slice()).unwrap().0, data);
    #[cfg(feature = "json")]
    {
        let mut json = Vec::new();
        data.write_json(&mut json).unwrap();
        assert_eq!(Reader::json().read(json.as_slice()).unwrap().0, data);
    }
}

#[test]
fn chile_argentina_indicators_on_real_data() {
    use tradedep::ProductSelector;
    use tradedep::metrics::{PartnerShares, ProductConcentrations, SelectorExposure};

    let Some(path) = shared("trade/chl_arg_2004_hs6_baci_layout.csv") else {
        return;
    };
    let (data, _) = Reader::baci().read_path(&path).unwrap();
    let chl = "CHL".parse().unwrap();
    let arg = "ARG".parse().unwrap();
    // The file holds only Chile-Argentina trade: Argentina is Chile's only
    // supplier of every product, so every HHI is exactly 1 and every
    // partner share exactly 1.
    let table =
        ProductConcentrations::imports(&data, &Query::new().importer(chl), HsLevel::Subheading)
            .unwrap();
    assert!(table.rows().len() > 1000, "{} products", table.rows().len());
    for r in table.rows() {
        assert_eq!(
            r.hhi().map(tradedep::metrics::Hhi::value),
            Some(Decimal::ONE),
            "{}",
            r.product()
        );
        assert_eq!(r.suppliers(), 1);
        assert_eq!(r.largest(), arg);
    }
    let shares = PartnerShares::imports(&data, &Query::new()).unwrap();
    assert_eq!(
        shares.share(chl, arg).map(tradedep::metrics::Share::value),
        Some(Decimal::ONE)
    );

    // The selector's exposure equals a hand sum over the file's lines
    // whose code starts with a prefix (values in thousands of USD).
    let prefixes = ["2709", "2711", "1001", "87"];
    let text = std::fs::read_to_string(&path).unwrap();
    let mut all = Decimal::ZERO;
    let mut selected = Decimal::ZERO;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[1] == "32" && f[2] == "152" {
            let v = dec(f[4]);
            all += v;
            if prefixes.iter().any(|p| f[3].starts_with(p)) {
                selected += v;
            }
        }
    }
    let selector: ProductSelector = prefixes.join(",").parse().unwrap();
    let e = SelectorExposure::by_pair(&data, &Query::new(), &selector).unwrap();
    let pair = e.get(chl, arg).unwrap();
    assert_eq!(pair.value().in_thousands(), all);
    assert_eq!(pair.selected().in_thousands(), selected);
    assert!(selected > Decimal::ZERO && selected < all);
    assert_eq!(
        pair.share().unwrap().value(),
        (selected / all).normalize(),
        "selected share"
    );
}

/// China's whole list on a real HS6 year in BACI's layout: exposure by
/// control class, and a scenario whose rule reaches the whole list.
///
/// Expected values worked out from the file and the embedded list with a
/// separate script: of Chile's imports from Argentina in 2004 (2,035,411.299
/// thousand USD), flows whose HS6 code a numbered entry links sum to
/// 32,852.786 thousand USD (18 classes, the largest 2B 15,479.030 and 6C
/// 9,254.288); with the list's unnumbered lines, 37,280.440 thousand.
/// (The file's codes are of HS2002; the list's of HS2022: the test checks
/// the mechanics, not a policy figure.)
#[test]
fn the_whole_list_on_a_real_hs6_year() {
    use tradedep::controls::{
        Catalogue, ControlClass, ControlDirection, Instrument, Issuer, Measure, Rule, RuleSet,
    };
    use tradedep::metrics::Exposure;
    use tradedep::scenario::{Bounds, Scenario};

    let Some(path) = shared("trade/chl_arg_2004_hs6_baci_layout.csv") else {
        return;
    };
    let (data, _) = Reader::baci().read_path(&path).unwrap();
    let (chl, arg): (Economy, Economy) = ("CHL".parse().unwrap(), "ARG".parse().unwrap());
    let catalogue = Catalogue::reference().unwrap();
    let by_class = catalogue.correlation().by_class(Issuer::China);
    let e = Exposure::between(&data, chl, arg, &Query::new(), &by_class).unwrap();
    assert_eq!(e.total().in_thousands(), dec("2035411.299"));
    // Every link of China's list is partial: nothing certain.
    assert_eq!(e.bounds().lower().amount(), Decimal::ZERO);
    assert_eq!(e.bounds().upper().in_thousands(), dec("32852.786"));
    assert_eq!(e.categories().count(), 18);
    let class = |s: &str| -> ControlClass { s.parse().unwrap() };
    assert_eq!(
        e.category(&class("2B")).unwrap().upper().in_thousands(),
        dec("15479.030")
    );
    assert_eq!(
        e.category(&class("6C")).unwrap().upper().in_thousands(),
        dec("9254.288")
    );
    assert!(!e.upper_drivers().is_empty());

    // A ban by Argentina on every good of the list, to Chile: over the
    // list's partial links nothing is certainly blocked; the worst case
    // is every listed subheading, unnumbered lines included.
    let day = "2004-01-01".parse().unwrap();
    let list = catalogue.china_export_list();
    let ban = |certain: bool| {
        let mut b = Rule::builder(
            "ban",
            arg,
            Instrument {
                id: "a ban".into(),
                title: String::new(),
                announced: day,
                url: String::new(),
            },
            ControlDirection::Export,
            list.products(),
            Measure::Ban,
            day,
        );
        if !certain {
            b = b.certain(list.correlation().fully_linked(Issuer::China));
        }
        RuleSet::new([b.build().unwrap()]).unwrap()
    };
    let run = |rules| {
        Scenario::new(&data, rules, "2004-06-01".parse().unwrap())
            .baseline(Query::new().importer(chl))
            .run()
            .unwrap()
    };
    let worst = dec("37280440");
    let partial = run(ban(false));
    assert_eq!(
        partial.direct().blocked(),
        Bounds::new(Decimal::ZERO, worst).unwrap()
    );
    // The same ban over links taken as full blocks the worst case surely.
    assert_eq!(run(ban(true)).direct().blocked(), Bounds::exact(worst));
}

/// The embedded HS2022 nomenclature is the shared table, row for row.
#[cfg(feature = "nomenclature")]
#[test]
fn the_embedded_hs2022_is_the_published_table() {
    let embedded = Nomenclature::hs2022().unwrap();
    assert_eq!(embedded.level(HsLevel::Subheading).count(), 5613);
    assert_eq!(embedded.len(), 6939);
    let Some(path) = shared("hs2022/harmonized-system.csv") else {
        return;
    };
    let file = Nomenclature::from_path(&path, Some(HsEdition::Hs2022)).unwrap();
    assert_eq!(embedded.len(), file.len());
    for (a, b) in embedded.iter().zip(file.iter()) {
        assert_eq!(
            (a.code(), a.description(), a.section()),
            (b.code(), b.description(), b.section())
        );
    }
    assert_eq!(embedded.total_description(), file.total_description());
}
