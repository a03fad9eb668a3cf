//! A two-region, two-sector table worked by hand: every look-through
//! measure on paper.
//!
//! Regions JPN and CHN, sectors parts and cars, one final-demand
//! category. Index order: JPN/parts, JPN/cars, CHN/parts, CHN/cars.
//!
//! ```text
//!               JPN/parts JPN/cars CHN/parts CHN/cars | JPN hh  CHN hh |  x
//! JPN/parts          0       20        0         0    |    0       0   |  20
//! JPN/cars           0        0        0         0    |   80       0   |  80
//! CHN/parts         10       10        0        30    |    0       0   |  50
//! CHN/cars           0        0        0         0    |   60      60   | 120
//! value added       10       50       50        90
//! ```
//!
//! `A`: a(Jp,Jc) = 20/80 = 0.25, a(Cp,Jp) = 10/20 = 0.5, a(Cp,Jc) =
//! 10/80 = 0.125, a(Cp,Cc) = 30/120 = 0.25. `v` = [0.5, 0.625, 1, 0.75].
//! The columns of `L`, solving `(I - A) u = e_j` by substitution:
//! Jp [1, 0, 0.5, 0]; Jc [0.25, 1, 0.25, 0]; Cp [0, 0, 1, 0];
//! Cc [0, 0, 0.25, 1].

// Values here are sums of small integers or binary fractions, exact in
// floating point, and the formulas' one-letter names are kept.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use tradedep::ErrorKind;
use tradedep::inputoutput::{Extraction, Mrio, MrioReader, Region, Tolerance};

fn reg(code: &str) -> Region {
    code.parse().unwrap()
}

pub(crate) fn hand() -> Mrio {
    hand_with_unit("million USD", "value added")
}

/// The table with its unit and value-added row named as a layout names
/// them.
pub(crate) fn hand_with_unit(unit: &str, value_added: &str) -> Mrio {
    Mrio::builder([reg("JPN"), reg("CHN")], ["parts", "cars"], ["hh"])
        .intermediate(vec![
            0.0, 20.0, 0.0, 0.0, //
            0.0, 0.0, 0.0, 0.0, //
            10.0, 10.0, 0.0, 30.0, //
            0.0, 0.0, 0.0, 0.0,
        ])
        .final_demand(vec![0.0, 0.0, 80.0, 0.0, 0.0, 0.0, 60.0, 60.0])
        .value_added(value_added, vec![10.0, 50.0, 50.0, 90.0])
        .unit(unit)
        .build()
        .unwrap()
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn the_table_balances_both_ways() {
    let t = hand();
    assert_eq!(t.output(), &[20.0, 80.0, 50.0, 120.0]);
    assert_eq!(t.balance().rows(), 0.0);
    assert_eq!(t.balance().columns(), Some(0.0));
    assert_eq!(t.index(&reg("CHN"), "cars"), Some(3));
    let (r, s) = t.label(2).unwrap();
    assert_eq!((r.code(), s), ("CHN", "parts"));
}

#[test]
fn face_value_by_hand() {
    let fv = hand().face_value(&reg("JPN")).unwrap();
    // Inputs into Japan: 20 Japanese, 10 + 10 Chinese; final goods: 80
    // Japanese, 60 Chinese. Purchases 180, imports 80.
    assert_eq!(fv.intermediate_from(&reg("CHN")), Some(20.0));
    assert_eq!(fv.final_from(&reg("CHN")), Some(60.0));
    assert_eq!(fv.imports(), 80.0);
    assert_eq!(fv.total(), 180.0);
    assert_eq!(fv.share(&reg("CHN")), Some(1.0));
    assert_eq!(fv.share(&reg("JPN")), None);
    assert!(near(fv.share_of_total(&reg("CHN")).unwrap(), 80.0 / 180.0));
    assert!(near(fv.foreign_share().unwrap(), 80.0 / 180.0));
    // Japanese cars' foreign inputs are all Chinese parts.
    assert_eq!(fv.input_share(&reg("CHN"), "cars"), Some(1.0));
    assert_eq!(fv.share_in_product(&reg("CHN"), "parts"), Some(1.0));
}

#[test]
fn look_through_output_and_value_added_by_hand() {
    let t = hand();
    let m = t.model().unwrap();
    let lt = m.look_through(&reg("JPN")).unwrap();
    // x(J) = L [0, 80, 0, 60] = [20, 80, 35, 60]: 0.5 * 20 + 0.125 * 80 +
    // 0.25 * 60 = 35 of Chinese parts.
    assert!(near(lt.from_sector(&reg("CHN"), "parts").unwrap(), 35.0));
    assert!(near(lt.total(), 195.0));
    assert!(near(lt.foreign(), 95.0));
    assert!(near(lt.domestic(), 100.0));
    assert!(near(lt.foreign_share().unwrap(), 95.0 / 195.0));
    assert!(near(lt.for_product("cars").unwrap(), 195.0));
    assert_eq!(lt.for_product("parts"), Some(0.0));
    assert_eq!(lt.share(&reg("CHN")), Some(1.0));
    let top = lt.top_origins(1);
    assert_eq!((top[0].0.code(), top[0].1.as_str()), ("CHN", "cars"));
    // Value added: v * x(J) = [10, 50, 35, 45]; 140 in all, Japan's final
    // demand, as the table balances.
    let va = m.value_added_origin(&reg("JPN")).unwrap();
    assert!(near(va.total(), 140.0));
    assert!(near(va.from_region(&reg("CHN")).unwrap(), 80.0));
    assert!(near(va.foreign_for_product("cars").unwrap(), 80.0));
}

#[test]
fn hidden_exposure_by_hand() {
    let m_table = hand();
    let m = m_table.model().unwrap();
    let h = m.hidden_exposure(&reg("JPN")).unwrap();
    let row = h.row(&reg("CHN")).unwrap();
    // Of the total: face value 80/180, look-through 95/195.
    assert!(near(row.face_value_of_total().unwrap(), 80.0 / 180.0));
    assert!(near(row.look_through_of_total().unwrap(), 95.0 / 195.0));
    assert!(near(
        row.hidden_of_total().unwrap(),
        95.0 / 195.0 - 80.0 / 180.0
    ));
    // Of the foreign part: China is all of it both ways.
    assert_eq!(row.hidden(), Some(0.0));
    assert_eq!(row.value_added(), Some(1.0));
    // By Japan's sector: one unit of parts needs 0.5 of Chinese parts
    // (column Jp of L), all the foreign part.
    let by = h.by_sector(&reg("CHN"));
    assert_eq!(by.len(), 2);
    assert_eq!(by[0].look_through(), Some(1.0));
    assert_eq!(by[0].face_value(), Some(1.0));
    assert!(h.by_sector(&reg("JPN")).is_empty());
    let shown = h.to_string();
    assert!(shown.contains("CHN"), "{shown}");
}

#[test]
fn extraction_by_hand() {
    let t = hand();
    let m = t.model().unwrap();
    // All Chinese sales to Japan: x-bar = [20, 80, 15, 60] against x =
    // [20, 80, 50, 120]; China loses 35 of parts and 60 of cars.
    let all = m
        .extract(&Extraction::sales(reg("CHN"), reg("JPN")))
        .unwrap();
    assert!(near(all.lost(&reg("CHN"), "parts").unwrap(), 35.0));
    assert!(near(all.lost(&reg("CHN"), "cars").unwrap(), 60.0));
    assert!(near(all.lost_in(&reg("JPN")).unwrap(), 0.0));
    assert!(near(all.total_lost(), 95.0));
    assert!(near(all.removed(), 80.0));
    // Value added lost: 1 * 35 + 0.75 * 60 = 80.
    assert!(near(all.total_value_added_lost().unwrap(), 80.0));
    // Parts only: the 20 of parts sold to Japan, nothing else.
    let parts = m
        .extract(&Extraction::sales(reg("CHN"), reg("JPN")).only(["parts"]))
        .unwrap();
    assert!(near(parts.total_lost(), 20.0));
    // Half the cars: 30 of cars and 0.25 * 30 = 7.5 of parts.
    let half = m
        .extract(
            &Extraction::sales(reg("CHN"), reg("JPN"))
                .partly("cars", 0.5)
                .unwrap(),
        )
        .unwrap();
    assert!(near(half.total_lost(), 37.5));
    // Nothing extracted: nothing lost.
    let none = m
        .extract(&Extraction::sales(reg("CHN"), reg("JPN")).only(Vec::<String>::new()))
        .unwrap();
    assert_eq!(none.total_lost(), 0.0);
    assert!(
        Extraction::sales(reg("CHN"), reg("JPN"))
            .partly("cars", 1.5)
            .is_err()
    );
    assert!(
        m.extract(&Extraction::sales(reg("CHN"), reg("JPN")).only(["steel"]))
            .is_err()
    );
}

#[test]
fn multipliers_and_linkages_by_hand() {
    let t = hand();
    let m = t.model().unwrap().multipliers().unwrap();
    let rows = m.rows();
    // Output multipliers: the column sums of L, 1.5, 1.5, 1, 1.25 (sum
    // 5.25); backward linkages 4 m / 5.25.
    let want = [1.5, 1.5, 1.0, 1.25];
    for (r, w) in rows.iter().zip(want) {
        assert!(near(r.output(), w), "{r:?}");
        assert!(near(r.backward_linkage().unwrap(), 4.0 * w / 5.25));
        // A balanced table: every value-added multiplier is 1.
        assert!(near(r.value_added().unwrap(), 1.0));
    }
    // Ghosh row sums (L x)_i / x_i with L x = [40, 80, 110, 120]: [2, 1,
    // 2.2, 1] (sum 6.2).
    let g = [2.0, 1.0, 2.2, 1.0];
    for (r, w) in rows.iter().zip(g) {
        assert!(near(r.forward_linkage().unwrap(), 4.0 * w / 6.2), "{r:?}");
    }
    // Downstream value added (L va)_j / x_j - v_j, L va = [22.5, 50, 90, 90]:
    // [0.625, 0, 0.8, 0].
    for (r, w) in rows.iter().zip([0.625, 0.0, 0.8, 0.0]) {
        assert!(near(r.downstream_value_added().unwrap(), w), "{r:?}");
    }
    // Key sectors: both linkages above 1; only Japanese parts
    // (BL 1.143, FL 1.290).
    let key = m.key_sectors();
    assert_eq!(key.len(), 1);
    assert_eq!((key[0].region().code(), key[0].sector()), ("JPN", "parts"));
}

#[test]
fn supply_effect_by_hand() {
    let t = hand();
    let m = t.model().unwrap();
    // Japanese parts lose 10 of primary inputs: all their output goes to
    // Japanese cars (b = 20/20), so cars lose 10 too.
    let dx = m.supply_effect(&[-10.0, 0.0, 0.0, 0.0]).unwrap();
    for (a, b) in dx.iter().zip([-10.0, -10.0, 0.0, 0.0]) {
        assert!(near(*a, b), "{dx:?}");
    }
    assert!(m.supply_effect(&[1.0]).is_err());
}

#[test]
fn the_labelled_layout_reads_the_same_table() {
    let csv = "region,sector,JPN,JPN,CHN,CHN,JPN,CHN,\n\
               ,,parts,cars,parts,cars,hh,hh,output\n\
               JPN,parts,0,20,0,0,0,0,20\n\
               JPN,cars,0,0,0,0,80,0,80\n\
               CHN,parts,10,10,0,30,0,0,50\n\
               CHN,cars,0,0,0,0,60,60,120\n\
               ,value added,10,50,50,90,,,\n";
    let t = MrioReader::new().read_labelled(csv.as_bytes()).unwrap();
    assert_eq!(t, hand_without_unit());
    // Semicolons and tabs too.
    let semi = csv.replace(',', ";");
    assert_eq!(
        MrioReader::new().read_labelled(semi.as_bytes()).unwrap(),
        hand_without_unit()
    );
}

fn hand_without_unit() -> Mrio {
    Mrio::builder([reg("JPN"), reg("CHN")], ["parts", "cars"], ["hh"])
        .intermediate(vec![
            0.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 10.0, 0.0, 30.0, 0.0, 0.0, 0.0, 0.0,
        ])
        .final_demand(vec![0.0, 0.0, 80.0, 0.0, 0.0, 0.0, 60.0, 60.0])
        .output(vec![20.0, 80.0, 50.0, 120.0])
        .value_added("value added", vec![10.0, 50.0, 50.0, 90.0])
        .build()
        .unwrap()
}

pub(crate) fn reason(e: &tradedep::Error) -> String {
    match e.kind() {
        ErrorKind::InputOutput { reason } => reason.clone(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_labelled_layout_names_what_it_cannot_place() {
    let head = "region,sector,JPN,JPN,CHN,CHN,JPN,CHN\n,,parts,cars,parts,cars,hh,hh\n";
    let body = "JPN,parts,0,20,0,0,0,0\nJPN,cars,0,0,0,0,80,0\n\
                CHN,parts,10,10,0,30,0,0\nCHN,cars,0,0,0,0,60,60\n";
    let read = |text: &str| MrioReader::new().read_labelled(text.as_bytes());
    // An unknown account row.
    let e = read(&format!("{head}{body},employment,1,2,3,4,,\n")).unwrap_err();
    assert!(reason(&e).contains("\"employment\""), "{e}");
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(7));
    // ... declared, it is left out.
    let t = MrioReader::new()
        .ignore("employment")
        .read_labelled(format!("{head}{body},employment,1,2,3,4,,\n").as_bytes())
        .unwrap();
    assert!(t.value_added().is_none());
    // A column of a region no row has.
    let e = read(&format!(
        "region,sector,JPN,JPN,CHN,CHN,JPN,KOR\n,,parts,cars,parts,cars,hh,hh\n{body}"
    ))
    .unwrap_err();
    assert!(reason(&e).contains("\"KOR\""), "{e}");
    // A misspelt sector column passes as a category only if every region
    // has it: here only JPN does.
    let e = read(&format!(
        "region,sector,JPN,JPN,CHN,CHN,JPN,CHN,JPN\n,,parts,cars,parts,cars,hh,hh,carz\n{}",
        body.replace('\n', ",0\n")
    ))
    .unwrap_err();
    assert!(reason(&e).contains("\"carz\""), "{e}");
    // A cell that is not a number: its line and column.
    let e = read(&format!("{head}JPN,parts,0,x,0,0,0,0\n")).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Number { .. }));
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(3));
    assert_eq!(e.position().and_then(|p| p.column()), Some("JPN cars"));
    // A missing row of Z.
    let e = read(&format!(
        "{head}{}",
        body.replace("JPN,cars,0,0,0,0,80,0\n", "")
    ))
    .unwrap_err();
    assert!(reason(&e).contains("JPN/cars"), "{e}");
    // Output that does not balance, and the tolerance that admits it.
    let csv = "region,sector,JPN,JPN,\n,,goods,hh,output\nJPN,goods,10,90,100.001\n";
    let e = read(csv).unwrap_err();
    assert!(reason(&e).contains("does not balance"), "{e}");
    let ok = MrioReader::new()
        .tolerance(Tolerance::relative(1e-4).unwrap())
        .read_labelled(csv.as_bytes())
        .unwrap();
    assert_eq!(ok.output(), &[100.001]);
}

#[test]
fn builder_refuses_bad_tables() {
    let b = || Mrio::builder([reg("JPN")], ["goods"], ["hh"]);
    let e = b()
        .intermediate(vec![1.0, 2.0])
        .final_demand(vec![1.0])
        .build()
        .unwrap_err();
    assert!(reason(&e).contains("Z needs 1 x 1"), "{e}");
    let e = b()
        .intermediate(vec![f64::NAN])
        .final_demand(vec![1.0])
        .build()
        .unwrap_err();
    assert!(reason(&e).contains("JPN/goods"), "{e}");
    let e = b()
        .intermediate(vec![0.0])
        .final_demand(vec![-5.0])
        .build()
        .unwrap_err();
    assert!(reason(&e).contains("cannot be negative"), "{e}");
    let e = Mrio::builder([reg("JPN"), reg("JPN")], ["goods"], ["hh"])
        .build()
        .unwrap_err();
    assert!(reason(&e).contains("given twice"), "{e}");
    // A sector that uses all its output: I - A is singular.
    let e = b()
        .intermediate(vec![10.0])
        .final_demand(vec![0.0])
        .build()
        .unwrap()
        .model()
        .unwrap_err();
    assert!(reason(&e).contains("singular"), "{e}");
}

#[test]
fn zero_output_sectors_have_zero_coefficients() {
    // WIOD 2011 has 22 region-sectors without output: here CHN/cars, which
    // an unbalanced table still shows buying 5 of Chinese parts.
    let t = Mrio::builder([reg("JPN"), reg("CHN")], ["parts", "cars"], ["hh"])
        .intermediate(vec![
            0.0, 20.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 10.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0,
        ])
        .final_demand(vec![0.0, 0.0, 80.0, 0.0, 0.0, 0.0, 0.0, 0.0])
        .build()
        .unwrap();
    assert_eq!(t.output()[3], 0.0);
    assert_eq!(t.output()[2], 25.0);
    let m = t.model().unwrap();
    // Its column of A is zero, though Z has a flow into it.
    assert_eq!(m.coefficient(2, 3), Some(0.0));
    let l = m.leontief();
    assert_eq!(l.get(3, 3), Some(1.0));
    assert_eq!(l.get(2, 3), Some(0.0));
    let mult = m.multipliers().unwrap();
    let cc = mult.of(&reg("CHN"), "cars").unwrap();
    assert_eq!(cc.output(), 1.0);
    // Its Ghosh row is the identity's, g = 1. The others: with L's columns
    // Jp [1, 0, 0.5, 0], Jc [0.25, 1, 0.25, 0], Cp [0, 0, 1, 0] and x =
    // [20, 80, 25, 0], L x = [40, 80, 55, 0] and g = [2, 1, 2.2, 1]
    // (sum 6.2).
    let rows = mult.rows();
    for (r, g) in rows.iter().zip([2.0, 1.0, 2.2, 1.0]) {
        assert!(near(r.forward_linkage().unwrap(), 4.0 * g / 6.2), "{r:?}");
    }
    let lt = m.look_through(&reg("JPN")).unwrap();
    assert!(near(
        lt.from_sector(&reg("CHN"), "parts").unwrap(),
        10.0 + 10.0
    ));
}

#[test]
fn a_few_labels_cannot_ask_for_a_huge_matrix() {
    // 2,000 rows, each a new region and a new sector: 4,000,000
    // region-sectors would need a Z of 128 TB. The reader refuses before
    // allocating it.
    let rows = (0..2000).fold(String::new(), |mut s, i| {
        use std::fmt::Write;
        let _ = writeln!(s, "R{i},s{i},1");
        s
    });
    let csv = format!("region,sector,A0\n,,s0\n{rows}");
    let e = MrioReader::new().read_labelled(csv.as_bytes()).unwrap_err();
    assert!(
        reason(&e).contains("2000 rows for 2000 regions x 2000 sectors"),
        "{e}"
    );
}
