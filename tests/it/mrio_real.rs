//! pymrio's test MRIO (6 regions x 8 sectors, `../shared/data/io/test_mrio`):
//! the totals its README gives and pymrio's own results (`expected/`),
//! computed with pymrio 0.7.0 and, for `D_imp_reg`, `M` and `M_down`,
//! published in pymrio's `tests/test_integration.py`.

// Values here are sums of small integers or binary fractions, exact in
// floating point, and the formulas' one-letter names are kept.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use std::collections::HashMap;

use tradedep::inputoutput::{Aggregation, Mrio, MrioReader, Region};

use super::shared;

fn table() -> Option<Mrio> {
    let dir = shared("io/test_mrio")?;
    Some(MrioReader::new().read_pymrio_dir(dir).unwrap())
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(f64::MIN_POSITIVE)
}

/// A one-header-line expected file: `region,sector,value` or
/// `stressor,reg...` layouts, read to a map by label.
fn expected(name: &str) -> Option<Vec<Vec<String>>> {
    let p = shared(&format!("io/test_mrio/expected/{name}"))?;
    let text = std::fs::read_to_string(p).unwrap();
    Some(
        text.lines()
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect(),
    )
}

fn reg(code: &str) -> Region {
    code.parse().unwrap()
}

#[test]
fn reading_conserves_the_readme_totals() {
    let Some(t) = table() else { return };
    assert_eq!(t.regions().len(), 6);
    assert_eq!(t.sectors().len(), 8);
    assert_eq!(t.categories().len(), 7);
    assert_eq!(t.unit(), Some("Mill USD"));
    // README: sum(Z) = 38,872,616.883925326; sum(Y) = 3,285,132,732.4211073;
    // sum(value added) = 39,141,414.265; x sums to 3,324,005,349.3050327.
    assert!(close(t.intermediate_total(), 38_872_616.883_925_326, 1e-12));
    assert!(close(
        t.final_demand_total(),
        3_285_132_732.421_107_3,
        1e-12
    ));
    let va = t.value_added().unwrap();
    assert!(close(va.iter().sum::<f64>(), 39_141_414.265, 1e-12));
    assert!(close(
        t.output().iter().sum::<f64>(),
        3_324_005_349.305_032_7,
        1e-12
    ));
    // Final demand of reg1 (README): 676,645,875.2035.
    let y1: f64 = t.final_demand_of(&reg("reg1")).unwrap().iter().sum();
    assert!(close(y1, 676_645_875.203_5, 1e-12));
    // The table does not balance by columns (README: up to 99.6%).
    let gap = t.balance().columns().unwrap();
    assert!(gap > 0.99 && gap < 1.0, "{gap}");
    assert_eq!(t.balance().rows(), 0.0);
}

#[test]
fn output_and_the_leontief_inverse_match_pymrio() {
    let Some(t) = table() else { return };
    let Some(x) = expected("x.csv") else { return };
    for row in x.iter().skip(1) {
        let i = t.index(&reg(&row[0]), &row[1]).unwrap();
        let want: f64 = row[2].parse().unwrap();
        assert!(close(t.output()[i], want, 1e-14), "{row:?}");
    }
    let m = t.model().unwrap();
    let l = m.leontief();
    // README: trace(L) = 49.35071172883379.
    let trace: f64 = (0..t.len()).map(|i| l.get(i, i).unwrap()).sum();
    assert!(close(trace, 49.350_711_728_833_79, 1e-12), "{trace}");
    let Some(lx) = expected("L.csv") else { return };
    let heads: Vec<(String, String)> = lx[0]
        .iter()
        .zip(&lx[1])
        .skip(2)
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect();
    for row in lx.iter().skip(2) {
        let i = t.index(&reg(&row[0]), &row[1]).unwrap();
        for ((r, s), v) in heads.iter().zip(row.iter().skip(2)) {
            let j = t.index(&reg(r), s).unwrap();
            let want: f64 = v.parse().unwrap();
            assert!(
                (l.get(i, j).unwrap() - want).abs() <= 1e-12 * want.abs().max(1e-3),
                "L[{i},{j}]"
            );
        }
    }
    // x = L y closes to 1e-9 relative.
    let y: Vec<f64> = (0..t.len())
        .map(|i| {
            (0..t.regions().len())
                .map(|r| {
                    (0..t.categories().len())
                        .map(|c| t.final_demand(i, r, c).unwrap())
                        .sum::<f64>()
                })
                .sum()
        })
        .collect();
    let x = m.output_for(&y).unwrap();
    for (a, b) in x.iter().zip(t.output()) {
        assert!(close(*a, *b, 1e-9));
    }
}

#[test]
fn value_added_multipliers_match_pymrio_published_values() {
    let Some(t) = table() else { return };
    let Some(published) = expected("pymrio_tests_factor_inputs.csv") else {
        return;
    };
    let mult = t.model().unwrap().multipliers().unwrap();
    let mut checked = HashMap::new();
    for row in published.iter().skip(1) {
        let (q, region, sector, value) = (&row[0], &row[2], &row[3], &row[4]);
        let want: f64 = value.parse().unwrap();
        let got = match q.as_str() {
            "M" => mult
                .of(&reg(region), sector)
                .unwrap()
                .value_added()
                .unwrap(),
            "M_down" => mult
                .of(&reg(region), sector)
                .unwrap()
                .downstream_value_added()
                .unwrap(),
            _ => continue,
        };
        // pymrio checks these with rtol = 1e-5 (they are printed to about
        // 8 significant digits).
        assert!(
            close(got, want, 1e-5),
            "{q} {region} {sector}: {got} vs {want}"
        );
        *checked.entry(q.clone()).or_insert(0) += 1;
    }
    assert_eq!(checked.get("M"), Some(&48));
    assert_eq!(checked.get("M_down"), Some(&48));
}

#[test]
fn value_added_by_origin_gives_pymrio_consumption_and_import_accounts() {
    let Some(t) = table() else { return };
    let (Some(cba), Some(imp)) = (
        expected("factor_inputs_D_cba_reg.csv"),
        expected("factor_inputs_D_imp_reg.csv"),
    ) else {
        return;
    };
    let m = t.model().unwrap();
    let mut total = 0.0;
    for (k, region) in cba[0].iter().enumerate().skip(1) {
        let va = m.value_added_origin(&reg(region)).unwrap();
        let want_cba: f64 = cba[1][k].parse().unwrap();
        let want_imp: f64 = imp[1][k].parse().unwrap();
        // D_cba_reg: value added in the region's final demand; D_imp_reg:
        // its foreign part (pymrio's published D_imp_reg to 5e-16).
        assert!(close(va.total(), want_cba, 1e-12), "{region}");
        assert!(close(va.foreign(), want_imp, 1e-12), "{region}");
        // By product: pymrio's D_cba columns sum to the region's total.
        let by_product: f64 = t.sectors().iter().map(|s| va.for_product(s).unwrap()).sum();
        assert!(close(by_product, want_cba, 1e-12));
        // Look-through shares of the foreign origins sum to 1.
        let shares: f64 = va.shares().iter().map(|(_, s)| s).sum();
        assert!(close(shares, 1.0, 1e-12));
        let out = m.look_through(&reg(region)).unwrap();
        let shares: f64 = out.shares().iter().map(|(_, s)| s).sum();
        assert!(close(shares, 1.0, 1e-12));
        total += va.total();
    }
    // README: D_cba_reg sums to the table's value added, 39,141,414.265.
    assert!(close(total, 39_141_414.265, 1e-12));
}

#[test]
fn aggregation_to_blocs_conserves_every_total() {
    let Some(t) = table() else { return };
    let map = Aggregation::new()
        .region("reg1", "north")
        .region("reg2", "north")
        .region("reg3", "north")
        .region("reg4", "south")
        .region("reg5", "south")
        .region("reg6", "south")
        .sector("food", "primary")
        .sector("mining", "primary");
    let a = t.aggregate(&map).unwrap();
    assert_eq!(a.regions().len(), 2);
    assert_eq!(a.sectors().len(), 7);
    assert!(close(a.intermediate_total(), t.intermediate_total(), 1e-12));
    assert!(close(a.final_demand_total(), t.final_demand_total(), 1e-12));
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    assert!(close(sum(a.output()), sum(t.output()), 1e-12));
    assert!(close(
        sum(&a.value_added().unwrap()),
        sum(&t.value_added().unwrap()),
        1e-12
    ));
    // North's final demand is reg1 + reg2 + reg3's (README: 676,645,875.2035
    // + 457,702,757.3937 + 525,508,510.0043).
    let north: f64 = a.final_demand_of(&reg("north")).unwrap().iter().sum();
    assert!(close(north, 1_659_857_142.601_5, 1e-12));
    // The aggregated table's value added in north's final demand equals
    // the sum over its members' final demand only approximately (the
    // aggregation changes the coefficients); the total over all regions
    // is the table's value added again.
    let m = a.model().unwrap();
    let total: f64 = a
        .regions()
        .iter()
        .map(|r| m.value_added_origin(r).unwrap().total())
        .sum();
    assert!(close(total, 39_141_414.265, 1e-9));
}
