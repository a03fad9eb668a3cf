//! Input-output algebra on the real tables in ../shared/data/io.

use tradedep::ErrorKind;
use tradedep::scenario::{IoTable, SectorMap};

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
            assert!(
                (m.leontief(i, j) - w).abs() < 5e-5,
                "L[{i}][{j}] = {}",
                m.leontief(i, j)
            );
        }
    }
    assert!((m.coefficient(0, 1) - 0.25).abs() < 1e-12);
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
    // Zero output, wrong sizes, non-numbers.
    assert!(IoTable::new(names(), vec![0.0; 4], vec![0.0; 2], vec![0.0, 1.0]).is_err());
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
