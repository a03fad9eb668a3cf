//! Input-output algebra on the real tables in ../shared/data/io.

use tradedep::ErrorKind;
use tradedep::inputoutput::{IoLabel, IoReader, IoTable, SectorMap};

use super::shared;

#[test]
fn miller_blair_chapter_2() {
    let Some(path) = shared("io/miller_blair_2009.csv") else {
        return;
    };
    let t = IoTable::read_path(path).unwrap();
    assert_eq!(t.sectors(), ["sec1", "sec2"]);
    let m = t.model().unwrap();
    // Miller & Blair (2009), ch. 2: L = [[1.2541, 0.3300], [0.2640, 1.1221]].
    let want = [[1.2541, 0.3300], [0.2640, 1.1221]];
    for (i, row) in want.iter().enumerate() {
        for (j, w) in row.iter().enumerate() {
            let l = m.leontief().get(i, j).unwrap();
            assert!((l - w).abs() < 5e-5, "L[{i}][{j}] = {l}");
        }
    }
    assert!((m.coefficients().get(0, 1).unwrap() - 0.25).abs() < 1e-12);
    // Out of range is None, never NaN.
    assert_eq!(m.leontief().get(0, 2), None);
    assert_eq!(m.coefficients().get(5, 0), None);
    assert_eq!(t.flow(2, 0), None);
    // f_new = [600, 1500] gives x_new = [1247.5, 1841.6].
    let f = t.final_demand();
    let dx = m.demand_effect(&[600.0 - f[0], 1500.0 - f[1]]).unwrap();
    let x = t.output();
    assert!((x[0] + dx[0] - 1247.5).abs() < 0.05, "{}", x[0] + dx[0]);
    assert!((x[1] + dx[1] - 1841.6).abs() < 0.05, "{}", x[1] + dx[1]);
    // Ghosh: value added v = x - column sums of Z = [650, 1400], and
    // v' G gives back x'.
    let xs = m.supply_effect(&[650.0, 1400.0]).unwrap();
    assert!(
        (xs[0] - 1000.0).abs() < 1e-9 && (xs[1] - 2000.0).abs() < 1e-9,
        "{xs:?}"
    );
}

#[test]
fn germany_1995_closes_and_multipliers_exceed_one() {
    let Some(path) = shared("io/germany_1995_eurostat_manual.csv") else {
        return;
    };
    let t = IoTable::read_path(path).unwrap();
    // Eurostat Manual of Supply, Use and Input-Output Tables (2008),
    // table 15.4: six sectors.
    assert_eq!(t.sectors().len(), 6);
    let agri = t.sector("agriculture_group").unwrap();
    assert!((t.output()[agri] - 43910.0).abs() < 1e-9);
    // Final demand of agriculture: 3734 + 16 + 8500 + 2975 - 6 = 15219.
    assert!((t.final_demand()[agri] - 15219.0).abs() < 1e-9);
    let m = t.model().unwrap();
    // x = L f, to 1e-9 relative.
    let x = m.demand_effect(t.final_demand()).unwrap();
    for (got, want) in x.iter().zip(t.output()) {
        assert!(((got - want) / want).abs() < 1e-9, "{got} vs {want}");
    }
    for mult in m.multipliers() {
        assert!(mult >= 1.0, "{mult}");
    }
}

#[test]
fn singular_and_unproductive_tables_are_errors() {
    let names = || vec!["a".to_owned(), "b".to_owned()];
    // A = [[0.5, 0.5], [0.5, 0.5]]: I - A is singular.
    let t = IoTable::new(
        names(),
        vec![50.0, 50.0, 50.0, 50.0],
        vec![0.0, 0.0],
        vec![100.0, 100.0],
    )
    .unwrap();
    let e = t.model().unwrap_err();
    assert!(
        e.to_string().contains("singular") || e.to_string().contains("not productive"),
        "{e}"
    );
    // A = [[0, 2], [2, 0]]: each sector uses twice the other's output.
    let t = IoTable::new(
        names(),
        vec![0.0, 200.0, 200.0, 0.0],
        vec![0.0, 0.0],
        vec![100.0, 100.0],
    )
    .unwrap();
    let e = t.model().unwrap_err();
    assert!(e.to_string().contains("not productive"), "{e}");
    // Negative output, wrong sizes, non-numbers.
    assert!(IoTable::new(names(), vec![0.0; 4], vec![0.0; 2], vec![-1.0, 1.0]).is_err());
    assert!(IoTable::new(names(), vec![0.0; 3], vec![0.0; 2], vec![1.0; 2]).is_err());
    let e = IoTable::read_zfx_csv("row,z_a,f,x\na,1,x,5\n".as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Number { .. }));
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(2));
    assert_eq!(e.position().and_then(tradedep::Position::column), Some("f"));
}

#[test]
fn products_map_to_sectors() {
    let t = IoTable::new(
        vec!["industry".into(), "services".into()],
        vec![150.0, 500.0, 200.0, 100.0],
        vec![350.0, 1700.0],
        vec![1000.0, 2000.0],
    )
    .unwrap();
    let m = t.model().unwrap();
    let map = SectorMap::new()
        .with("28, 85".parse().unwrap(), "industry")
        .with("49".parse().unwrap(), "services");
    let (v, unmapped) = map
        .to_sectors(
            &m,
            [
                ("280530".parse().unwrap(), 10.0),
                ("850511".parse().unwrap(), 5.0),
                ("490199".parse().unwrap(), 2.0),
                ("620342".parse().unwrap(), 1.0),
            ],
        )
        .unwrap();
    assert_eq!(v, [15.0, 2.0]);
    assert!((unmapped - 1.0).abs() < f64::EPSILON);
    let bad = SectorMap::new().with("28".parse().unwrap(), "mining");
    assert!(bad.to_sectors(&m, []).is_err());
}

/// Miller & Blair's two-sector example (ch. 2) in the layout of the UK
/// ONS input-output analytical tables: industries, then "Total
/// intermediate demand", final-demand columns, "Total final demand" and
/// "Total demand for products"; rows of imports, taxes and value added
/// and a "Total output" row. Column sums: 350 + 60 + 10 + 580 = 1000 and
/// 600 + 120 + 20 + 1260 = 2000; row sums: 650 + 350 = 1000, 300 + 1700 =
/// 2000.
const ONS_LAYOUT: &str = "\
Product/industry,sec1,sec2,Total intermediate demand,Households final consumption expenditure,NPISH final consumption expenditure,Central government final consumption,Gross fixed capital formation,Changes in inventories,Exports of goods and services,Total final demand,Total demand for products
sec1,150,500,650,100,0,50,100,0,100,350,1000
sec2,200,100,300,1000,20,300,200,-20,200,1700,2000
Total intermediate consumption,350,600,950,,,,,,,,
Use of imported products,60,120,180,,,,,,,,
Taxes less subsidies on products,10,20,30,,,,,,,,
Compensation of employees,400,800,1200,,,,,,,,
Gross operating surplus and mixed income,180,460,640,,,,,,,,
Gross value added,580,1260,1840,,,,,,,,
Total output,1000,2000,3000,,,,,,,,
Employment (thousand jobs),12,30,42,,,,,,,,
";

#[test]
fn totals_are_never_read_as_final_demand() {
    let t = IoTable::read_square_csv(ONS_LAYOUT.as_bytes()).unwrap();
    assert_eq!(t.sectors(), ["sec1", "sec2"]);
    // f = households + NPISH + government + GFCF + inventories + exports:
    // 100 + 0 + 50 + 100 + 0 + 100 = 350 and 1000 + 20 + 300 + 200 - 20 +
    // 200 = 1700, the textbook's. Read as final demand, the total columns
    // would have added 650 + 350 + 1000 more to sector 1.
    assert_eq!(t.final_demand(), [350.0, 1700.0]);
    assert_eq!(t.output(), [1000.0, 2000.0]);
    // Output multipliers, Miller & Blair (2009) ch. 2: column sums of L,
    // 1.2541 + 0.2640 = 1.5182 and 0.3300 + 1.1221 = 1.4521.
    let m = t.model().unwrap().multipliers();
    assert!((m[0] - 1.518_151_8).abs() < 1e-6, "{m:?}");
    assert!((m[1] - 1.452_145_2).abs() < 1e-6, "{m:?}");
}

#[test]
fn unknown_labels_are_errors_until_declared() {
    let odd = ONS_LAYOUT.replace("Changes in inventories", "Statistical discrepancy");
    let e = IoTable::read_square_csv(odd.as_bytes()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InputOutput { .. }), "{e}");
    assert!(
        e.to_string().contains("column \"Statistical discrepancy\""),
        "{e}"
    );
    assert!(e.to_string().contains("IoReader::label"), "{e}");
    let t = IoReader::new()
        .label("statistical discrepancy", IoLabel::FinalDemand)
        .read_square(odd.as_bytes())
        .unwrap();
    assert_eq!(t.final_demand(), [350.0, 1700.0]);
    // A row it cannot classify, too.
    let odd = ONS_LAYOUT.replace("Use of imported products", "Memo item");
    let e = IoTable::read_square_csv(odd.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("row \"Memo item\""), "{e}");
    let t = IoReader::new()
        .label("Memo item", IoLabel::Ignore)
        .read_square(odd.as_bytes())
        .unwrap();
    assert_eq!(t.output(), [1000.0, 2000.0]);
    // Leaving out a final-demand column unbalances the rows: an error.
    let e = IoReader::new()
        .label("Exports of goods and services", IoLabel::Ignore)
        .read_square(ONS_LAYOUT.as_bytes())
        .unwrap_err();
    assert!(e.to_string().contains("does not balance"), "{e}");
    // The classification, as a user can check it.
    let r = IoReader::new();
    assert_eq!(r.classify("GVA", true, false), Some(IoLabel::PrimaryInput));
    assert_eq!(r.classify("Total use", false, true), Some(IoLabel::Total));
    assert_eq!(
        r.classify("TOTAL OUTPUT", true, false),
        Some(IoLabel::Output)
    );
    assert_eq!(
        r.classify("gross_fixed_capital_formation", false, true),
        Some(IoLabel::FinalDemand)
    );
    assert_eq!(r.classify("Agriculture", true, true), Some(IoLabel::Sector));
    assert_eq!(r.classify("Agriculture", true, false), None);
}

#[test]
fn zero_output_sectors_have_zero_coefficients() {
    // A third sector that produces nothing, as WIOD 2011 has 22.
    let t = IoTable::new(
        vec!["sec1".into(), "sec2".into(), "idle".into()],
        vec![150.0, 500.0, 0.0, 200.0, 100.0, 0.0, 0.0, 0.0, 0.0],
        vec![350.0, 1700.0, 0.0],
        vec![1000.0, 2000.0, 0.0],
    )
    .unwrap();
    let m = t.model().unwrap();
    for i in 0..3 {
        assert_eq!(m.coefficients().get(i, 2), Some(0.0));
    }
    // The other two sectors keep the textbook's inverse; the idle one
    // has l_33 = 1.
    assert!((m.leontief().get(0, 0).unwrap() - 1.254_125_4).abs() < 1e-6);
    assert_eq!(m.leontief().get(2, 2), Some(1.0));
    let g = m.ghosh().unwrap();
    assert_eq!(g.get(2, 2), Some(1.0));
    assert!(m.multipliers().iter().all(|v| v.is_finite()));
}
