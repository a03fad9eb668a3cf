//! The UN Comtrade reader: aggregates, breakdowns, levels, valuation.

use tradedep::{Direction, ErrorKind, HsLevel, Query, Reader, Unit, Valuation};

const HEADER: &str = "reporterCode,partnerCode,partner2Code,flowCode,cmdCode,period,primaryValue,cifvalue,fobvalue,qty,qtyUnitCode,customsCode,motCode\n";

#[test]
fn aggregates_and_breakdowns_are_left_out_and_counted() {
    let rows = "392,156,0,M,854110,2024,1000.5,1000.5,,12,5,C00,0\n\
                392,0,0,M,854110,2024,5000,5000,,,,C00,0\n\
                392,156,0,M,TOTAL,2024,9999,9999,,,,C00,0\n\
                392,156,344,M,854110,2024,10,10,,,,C00,0\n\
                392,156,0,M,854110,2024,20,20,,,,C01,0\n\
                392,156,0,M,854110,2024,30,30,,,,C00,1000\n\
                156,392,0,X,854110,2024,900,,900,,,C00,0\n\
                156,392,0,DX,854110,2024,900,,900,,,C00,0\n";
    let (data, report) = Reader::comtrade()
        .read(format!("{HEADER}{rows}").as_bytes())
        .unwrap();
    assert_eq!(
        (report.records(), report.flows(), report.left_out()),
        (8, 2, 6)
    );
    let jpn = "JPN".parse().unwrap();
    let chn = "CHN".parse().unwrap();
    // Japan's declared imports and China's declared exports: mirror flows, kept apart.
    let m = Query::new().importer(jpn).exporter(chn);
    assert_eq!(
        data.total(&m.clone().direction(Direction::Import))
            .unwrap()
            .to_string(),
        "1000.5 USD"
    );
    assert_eq!(
        data.total(&m.direction(Direction::Export))
            .unwrap()
            .to_string(),
        "900 USD"
    );
    let flows: Vec<_> = data.iter().collect();
    let import = flows
        .iter()
        .find(|f| f.direction() == Direction::Import)
        .unwrap();
    assert_eq!(import.valuation(), Valuation::Cif);
    assert_eq!(
        import
            .quantity()
            .map(|q| (q.amount().to_string(), q.unit())),
        Some(("12".into(), Unit::Items))
    );
    let export = flows
        .iter()
        .find(|f| f.direction() == Direction::Export)
        .unwrap();
    assert_eq!(export.valuation(), Valuation::Fob);
    assert_eq!(export.reporter().alpha3(), "CHN");
}

#[test]
fn tab_separated_bulk_files_and_comtrade_numbering() {
    let tsv = "reporterCode\tpartnerCode\tflowCode\tcmdCode\tperiod\tprimaryValue\n\
               842\t490\tM\t8541\t202512\t42\n\
               699\t899\tX\t8541\t202512\t7\n";
    let (data, _) = Reader::comtrade().read(tsv.as_bytes()).unwrap();
    let flows: Vec<_> = data.iter().collect();
    let usa = flows
        .iter()
        .find(|f| f.reporter().alpha3() == "USA")
        .unwrap();
    assert_eq!(usa.partner().alpha3(), "TWN");
    assert_eq!(usa.period().to_string(), "2025-12");
    // Without cifvalue/fobvalue columns: Comtrade's convention, CIF imports.
    assert_eq!(usa.valuation(), Valuation::Cif);
    let ind = flows
        .iter()
        .find(|f| f.reporter().alpha3() == "IND")
        .unwrap();
    assert_eq!(ind.partner().name(), "Areas, n.e.s.");
}

#[test]
fn mixed_hs_levels_are_an_error_unless_a_level_is_chosen() {
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n\
               392,156,M,85,2024,100\n\
               392,156,M,854110,2024,40\n";
    let e = Reader::comtrade().read(csv.as_bytes()).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::MixedHsLevels {
                first: 2,
                second: 6
            }
        ),
        "{e}"
    );
    let (data, report) = Reader::comtrade()
        .hs_level(HsLevel::Subheading)
        .read(csv.as_bytes())
        .unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(report.left_out(), 1);
}

#[test]
fn unknown_flow_codes_and_units_are_errors_with_columns() {
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue,qty,qtyUnitCode\n392,156,Z,85,2024,1,,\n";
    let e = Reader::comtrade().read(csv.as_bytes()).unwrap_err();
    assert_eq!(
        e.position().and_then(tradedep::Position::column),
        Some("flowCode")
    );
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue,qty,qtyUnitCode\n392,156,M,85,2024,1,3,99\n";
    let e = Reader::comtrade().read(csv.as_bytes()).unwrap_err();
    assert_eq!(
        e.position().and_then(tradedep::Position::column),
        Some("qtyUnitCode")
    );
}
