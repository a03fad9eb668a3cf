//! The UN Comtrade reader: aggregates, breakdowns, levels, valuation.

use tradedep::metrics::{Denominator, PartnerShares, Series};
use tradedep::{
    Direction, Economy, ErrorKind, Frequency, HsCode, HsEdition, HsLevel, Query, Reader, Unit,
    Valuation,
};

const HEADER: &str = "reporterCode,partnerCode,partner2Code,flowCode,cmdCode,period,primaryValue,cifvalue,fobvalue,qty,qtyUnitCode,customsCode,motCode\n";

#[test]
fn totals_breakdowns_and_the_world_are_kept_apart_from_their_parts() {
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
    // Left out: the breakdowns by second partner, customs procedure and
    // mode of transport, which the model has no place for. Kept: the
    // World's row (a reported total), TOTAL and the DX breakdown.
    assert_eq!(
        (report.records(), report.flows(), report.left_out()),
        (8, 5, 3)
    );
    assert_eq!(report.hs_levels(), [HsLevel::Total, HsLevel::Subheading]);
    assert_eq!(report.frequencies(), [Frequency::Annual]);
    let jpn = "JPN".parse().unwrap();
    let chn = "CHN".parse().unwrap();
    let m = Query::new().importer(jpn).exporter(chn);
    // TOTAL (9999) and 854110 (1000.5) are one trade at two levels:
    // their sum, 10999.5, would count 1000.5 twice.
    let e = data
        .total(&m.clone().direction(Direction::Import))
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Overlap { .. }), "{e}");
    let hs6 = m.clone().hs_level(HsLevel::Subheading);
    assert_eq!(
        data.total(&hs6.clone().direction(Direction::Import))
            .unwrap()
            .to_string(),
        "1000.5 USD"
    );
    assert_eq!(
        data.total(&m.clone().hs_level(HsLevel::Total))
            .unwrap()
            .to_string(),
        "9999 USD"
    );
    // China's exports X 900 and their part DX 900: 900, not 1800.
    assert_eq!(
        data.total(&hs6.clone().direction(Direction::Export))
            .unwrap()
            .to_string(),
        "900 USD"
    );
    // Both sides of the mirror, as documented: Japan's report and China's.
    assert_eq!(data.total(&hs6).unwrap().to_string(), "1900.5 USD");
    assert_eq!(
        data.total(&hs6.clone().direction(Direction::DomesticExport))
            .unwrap()
            .to_string(),
        "900 USD"
    );
    // The World is a reported total, selected only by name.
    let world = Query::new()
        .importer(jpn)
        .exporter(Economy::WORLD)
        .hs_level(HsLevel::Subheading);
    assert_eq!(data.total(&world).unwrap().to_string(), "5000 USD");
    assert_eq!(
        data.total(
            &Query::new()
                .importer(jpn)
                .direction(Direction::Import)
                .hs_level(HsLevel::Subheading)
        )
        .unwrap()
        .to_string(),
        "1000.5 USD"
    );
    let flows: Vec<_> = data.iter().collect();
    let import = flows
        .iter()
        .find(|f| {
            f.direction() == Direction::Import
                && f.partner() == chn
                && f.product().level() == HsLevel::Subheading
        })
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
fn re_imports_are_part_of_imports() {
    // Comtrade's "Trade flows in UN Comtrade": M includes RM. With RM
    // added on top, China's share was 1100 / 2100 = 0.5238; it is
    // 1000 / 2000 = 0.5.
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n\
               392,156,M,854110,2024,1000\n\
               392,156,RM,854110,2024,100\n\
               392,842,M,854110,2024,1000\n";
    let (data, report) = Reader::comtrade().read(csv.as_bytes()).unwrap();
    assert_eq!(report.flows(), 3);
    let jpn = "JPN".parse().unwrap();
    let shares = PartnerShares::imports(&data, &Query::new()).unwrap();
    assert_eq!(
        shares
            .share(jpn, "CHN".parse().unwrap())
            .unwrap()
            .to_string(),
        "0.5"
    );
    assert_eq!(shares.total(jpn).unwrap().to_string(), "2000 USD");
    let rm = Query::new().direction(Direction::ReImport);
    assert_eq!(data.total(&rm).unwrap().to_string(), "100 USD");
}

#[test]
fn a_file_of_totals_only_gives_series_and_shares() {
    // The usual query for a monthly watch: cmdCode=TOTAL, partners and
    // the World. It used to read as no flows at all.
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n\
               156,392,M,TOTAL,202511,14000\n\
               156,392,M,TOTAL,202512,16400\n\
               156,0,M,TOTAL,202512,200000\n\
               156,842,M,TOTAL,202512,13600\n";
    let (data, report) = Reader::comtrade().read(csv.as_bytes()).unwrap();
    assert_eq!((report.flows(), report.left_out()), (4, 0));
    assert_eq!(report.hs_levels(), [HsLevel::Total]);
    assert_eq!(data.products(), [HsCode::TOTAL]);
    let chn = "CHN".parse().unwrap();
    let q = Query::new().importer(chn).exporter("JPN".parse().unwrap());
    let s = Series::from_data(&data, &q, Frequency::Monthly).unwrap();
    // 16400 / 14000 - 1 = 0.1714...
    assert_eq!(
        format!("{:.4}", s.growth("2025-12".parse().unwrap()).unwrap()),
        "0.1714"
    );
    let dec = Query::new().period("2025-12".parse().unwrap());
    let shares = PartnerShares::imports(&data, &dec).unwrap();
    // Over the partners listed: 16400 / (16400 + 13600).
    assert_eq!(
        format!("{:.4}", shares.share(chn, "JPN".parse().unwrap()).unwrap()),
        "0.5467"
    );
    // Against the reported total: 16400 / 200000.
    let shares = PartnerShares::imports_with(&data, &dec, Denominator::ReportedTotal).unwrap();
    assert_eq!(
        shares
            .share(chn, "JPN".parse().unwrap())
            .unwrap()
            .to_string(),
        "0.082"
    );
}

#[test]
fn codes_that_lost_their_zero_editions_and_special_codes() {
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue,classificationCode\n\
               392,156,M,10121,2024,5,H6\n\
               392,156,M,9999,2024,7,H6\n";
    // Strict by default: five digits are no HS code.
    let e = Reader::comtrade().read(csv.as_bytes()).unwrap_err();
    assert_eq!(
        e.position().and_then(tradedep::Position::column),
        Some("cmdCode")
    );
    assert!(e.to_string().contains("lenient_codes"), "{e}");
    let (data, _) = Reader::comtrade()
        .lenient_codes()
        .hs_level(HsLevel::Subheading)
        .read(csv.as_bytes())
        .unwrap();
    let codes: Vec<String> = data.products().iter().map(ToString::to_string).collect();
    // H6 is HS2022 (Comtrade's classification codes H0 to H6).
    assert_eq!(codes, ["HS2022:010121"]);
    let (data, _) = Reader::comtrade()
        .lenient_codes()
        .hs_level(HsLevel::Heading)
        .read(csv.as_bytes())
        .unwrap();
    // 9999, "commodities not specified according to kind", is read as
    // a special code.
    assert!(data.products()[0].is_special());
    assert_eq!(data.products()[0].edition(), Some(HsEdition::Hs2022));
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
fn mixed_hs_levels_are_never_summed() {
    let csv = "reporterCode,partnerCode,flowCode,cmdCode,period,primaryValue\n\
               392,156,M,85,2024,100\n\
               392,156,M,854110,2024,40\n";
    let (data, report) = Reader::comtrade().read(csv.as_bytes()).unwrap();
    assert_eq!(report.hs_levels(), [HsLevel::Chapter, HsLevel::Subheading]);
    // 100 + 40 would count 854110's 40 twice.
    let e = data.total(&Query::new()).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Overlap { what: "HS levels", first, second, fix }
                if first == "chapter" && second == "subheading" && fix.contains("Query::hs_level")
        ),
        "{e}"
    );
    let (data, report) = Reader::comtrade()
        .hs_level(HsLevel::Subheading)
        .read(csv.as_bytes())
        .unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(report.left_out(), 1);
    assert_eq!(data.total(&Query::new()).unwrap().to_string(), "40 USD");
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

#[test]
fn codes_written_as_numbers_by_a_spreadsheet_are_read_as_numbers() {
    // pandas writes a column of codes with a missing value as floats:
    // partner2Code 0.0, motCode 00, reporterCode 392.0. They are 0, not
    // breakdowns: the flow is kept.
    let csv = "reporterCode,partnerCode,partner2Code,flowCode,cmdCode,period,primaryValue,motCode\n\
               392.0,156,0.0,M,850511,2024,100,00\n";
    let (data, report) = Reader::comtrade().read(csv.as_bytes()).unwrap();
    assert_eq!((report.flows(), report.left_out()), (1, 0));
    assert!(report.is_complete());
    assert_eq!(data.total(&Query::new()).unwrap().to_string(), "100 USD");
    // A file of breakdowns only is read as no flow, and the report says
    // so loudly instead of calling itself complete.
    let csv = "reporterCode,partnerCode,partner2Code,flowCode,cmdCode,period,primaryValue,motCode\n\
               392,156,0,M,850511,2024,100,1000\n";
    let (data, report) = Reader::comtrade().read(csv.as_bytes()).unwrap();
    assert!(data.is_empty());
    assert!(!report.is_complete());
    assert!(
        report.to_string().contains("every record was left out"),
        "{report}"
    );
    // A code that is no number is an error, not a breakdown.
    let csv = "reporterCode,partnerCode,partner2Code,flowCode,cmdCode,period,primaryValue\n\
               392,156,x,M,850511,2024,100\n";
    let e = Reader::comtrade().read(csv.as_bytes()).unwrap_err();
    assert_eq!(
        e.position().and_then(tradedep::Position::column),
        Some("partner2Code")
    );
}
