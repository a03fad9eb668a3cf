//! The OECD ICIO and pymrio layouts, on small tables written by hand in
//! each layout (the ICIO's as the OECD distributes it: 2023 release with
//! `V1`, `TLS`, `VA`, `OUT`; 2021 release with `CCC_TAXSUB`, `VALU`,
//! `OUTPUT`, `TOTAL`).

// Values here are sums of small integers or binary fractions, exact in
// floating point, and the formulas' one-letter names are kept.
#![allow(clippy::float_cmp, clippy::many_single_char_names)]

use tradedep::ErrorKind;
use tradedep::inputoutput::{Aggregation, MrioReader, Region};

fn reg(code: &str) -> Region {
    code.parse().unwrap()
}

// Rows balance: AUS_A01_02 1+2+3+4 + 10+0+5+0 = 25, AUS_C26 13,
// CHN_A01_02 25, CHN_C26 30. Columns balance too: 1'Z + TLS + VA = OUT
// (4 + 0.5 + 20.5 = 25; 6 + 0.5 + 6.5 = 13; 6 + 1 + 18 = 25; 12 + 1 + 17
// = 30).
const ICIO_2023: &str = "\
V1,AUS_A01_02,AUS_C26,CHN_A01_02,CHN_C26,AUS_HFCE,AUS_GFCF,CHN_HFCE,CHN_GFCF,OUT
AUS_A01_02,1,2,3,4,10,0,5,0,25
AUS_C26,0,1,0,2,7,3,0,0,13
CHN_A01_02,2,0,1,1,0,0,20,1,25
CHN_C26,1,3,2,5,4,2,10,3,30
TLS,0.5,0.5,1,1,2,0,1,0,
VA,20.5,6.5,18,17,,,,,
OUT,25,13,25,30,,,,,
";

#[test]
fn the_icio_2023_layout() {
    let t = MrioReader::new().read_icio(ICIO_2023.as_bytes()).unwrap();
    assert_eq!(t.regions(), &[reg("AUS"), reg("CHN")]);
    assert!(t.regions()[0].economy().is_some());
    assert_eq!(t.sectors(), &["A01_02", "C26"]);
    assert_eq!(t.categories(), &["HFCE", "GFCF"]);
    assert_eq!(t.unit(), Some("million USD"));
    assert_eq!(t.output(), &[25.0, 13.0, 25.0, 30.0]);
    assert_eq!(t.value_added().unwrap(), vec![20.5, 6.5, 18.0, 17.0]);
    // TLS is a primary input, not value added.
    let tls = &t.primary_inputs()[0];
    assert_eq!((tls.name(), tls.is_value_added()), ("TLS", false));
    assert_eq!(t.balance().columns(), Some(0.0));
    // China's household demand for Chinese farm goods.
    let chn = t.region_index(&reg("CHN")).unwrap();
    assert_eq!(t.final_demand(2, chn, 0), Some(20.0));
}

#[test]
fn the_icio_2021_layout_reads_to_the_same_table() {
    let old = ICIO_2023
        .replace("V1,", ",")
        .replace("A01_02", "01T02")
        .replace("C26", "26")
        .replace(",OUT\n", ",TOTAL\n")
        .replace(
            "TLS,0.5,0.5,1,1,2,0,1,0,\n",
            "AUS_TAXSUB,0.25,0.25,0.5,0.5,1,0,0.5,0,\nCHN_TAXSUB,0.25,0.25,0.5,0.5,1,0,0.5,0,\n",
        )
        .replace("VA,", "VALU,")
        .replace("OUT,25", "OUTPUT,25");
    let t = MrioReader::new().read_icio(old.as_bytes()).unwrap();
    assert_eq!(t.sectors(), &["01T02", "26"]);
    assert_eq!(t.output(), &[25.0, 13.0, 25.0, 30.0]);
    // The per-country taxes are summed into one TLS row.
    assert_eq!(t.primary_inputs()[0].values(), &[0.5, 0.5, 1.0, 1.0]);
    assert_eq!(t.value_added().unwrap(), vec![20.5, 6.5, 18.0, 17.0]);
}

#[test]
fn the_icio_reader_names_unknown_codes() {
    let bad = ICIO_2023.replace("CHN_GFCF", "CHN_GFXX");
    let e = MrioReader::new().read_icio(bad.as_bytes()).unwrap_err();
    let ErrorKind::InputOutput { reason } = e.kind() else {
        panic!("{e:?}")
    };
    assert!(reason.contains("\"GFXX\""), "{reason}");
    let bad = ICIO_2023.replace("TLS,", "DISCREPANCY,");
    let e = MrioReader::new().read_icio(bad.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("DISCREPANCY"), "{e}");
    // Output that does not balance its row.
    let bad = ICIO_2023.replace(",10,3,30\n", ",10,3,31\n");
    let e = MrioReader::new().read_icio(bad.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("CHN/C26"), "{e}");
}

// The extended tables' CN1 block (processing trade) has no final demand
// of its own. Rows: 1+2+0+7+0 = 10, 1+1+1+3+4 = 10, 2+0+0+6+2 = 10.
const EXTENDED: &str = "\
V1,AUS_C26,CHN_C26,CN1_C26,AUS_HFCE,CHN_HFCE,OUT
AUS_C26,1,2,0,7,0,10
CHN_C26,1,1,1,3,4,10
CN1_C26,2,0,0,6,2,10
VA,6,7,9,,,
OUT,10,10,10,,,
";

#[test]
fn the_extended_icio_blocks_aggregate_into_china() {
    let t = MrioReader::new().read_icio(EXTENDED.as_bytes()).unwrap();
    assert_eq!(t.regions().len(), 3);
    assert_eq!(t.regions()[2].code(), "CN1");
    assert!(t.regions()[2].economy().is_none());
    // CN1 has no final demand column: its Y is zero.
    assert_eq!(t.final_demand_of(&reg("CN1")).unwrap(), vec![0.0, 0.0, 0.0]);
    let a = t
        .aggregate(&Aggregation::new().region("CN1", "CHN"))
        .unwrap();
    assert_eq!(a.regions(), &[reg("AUS"), reg("CHN")]);
    // CHN's own use: 1 + 1 + 0 + 0 (CHN and CN1 both ways).
    assert_eq!(a.flow(1, 1), Some(2.0));
    assert_eq!(a.output(), &[10.0, 20.0]);
    assert_eq!(a.value_added().unwrap(), vec![6.0, 16.0]);
    // Unknown labels in a mapping are refused.
    assert!(
        t.aggregate(&Aggregation::new().region("CN9", "CHN"))
            .is_err()
    );
    assert!(
        t.aggregate(&Aggregation::new().region("CN1", "CHN").region("CN1", "AUS"))
            .is_err()
    );
}

#[test]
fn pymrio_text_files_with_tabs() {
    let z = "region\tsector\tJPN\tJPN\tCHN\tCHN\n\t\tparts\tcars\tparts\tcars\n\
             JPN\tparts\t0\t20\t0\t0\nJPN\tcars\t0\t0\t0\t0\n\
             CHN\tparts\t10\t10\t0\t30\nCHN\tcars\t0\t0\t0\t0\n";
    // Y's rows in another order: they are joined by label.
    let y = "region\tsector\tJPN\tCHN\n\t\thh\thh\n\
             CHN\tcars\t60\t60\nJPN\tparts\t0\t0\nJPN\tcars\t80\t0\nCHN\tparts\t0\t0\n";
    let f = "stressor\tunit\tJPN\tJPN\tCHN\tCHN\n\t\tparts\tcars\tparts\tcars\n\
             Value Added\tM.USD\t10\t50\t50\t90\n";
    let t = MrioReader::new()
        .read_pymrio_with_value_added(z.as_bytes(), y.as_bytes(), f.as_bytes())
        .unwrap();
    assert_eq!(t, super::mrio::hand_with_unit("M.USD", "Value Added"));
    // A Y row that Z has not.
    let y_bad = y.replace("CHN\tparts\t0\t0", "KOR\tparts\t0\t0");
    assert!(
        MrioReader::new()
            .read_pymrio(z.as_bytes(), y_bad.as_bytes())
            .is_err()
    );
}

#[test]
fn pymrio_save_files_in_pandas_layout_and_raw_files_with_units() {
    // `pymrio.save` writes pandas' CSV: each header line led by its level's
    // name, then a line naming the label columns (checked with pandas 3.1:
    // `DataFrame.to_csv` of a frame with MultiIndex rows and columns).
    let z = "region,,JPN,JPN,CHN,CHN\nsector,,parts,cars,parts,cars\nregion,sector,,,,\n\
             JPN,parts,0,20,0,0\nJPN,cars,0,0,0,0\nCHN,parts,10,10,0,30\nCHN,cars,0,0,0,0\n";
    let y = "region,,JPN,CHN\ncategory,,hh,hh\nregion,sector,,\n\
             JPN,parts,0,0\nJPN,cars,80,0\nCHN,parts,0,0\nCHN,cars,60,60\n";
    let f = "region,JPN,JPN,CHN,CHN\nsector,parts,cars,parts,cars\nstressor,,,,\n\
             Value Added,10,50,50,90\n";
    let t = MrioReader::new()
        .unit("M.USD")
        .read_pymrio_with_value_added(z.as_bytes(), y.as_bytes(), f.as_bytes())
        .unwrap();
    assert_eq!(t, super::mrio::hand_with_unit("M.USD", "Value Added"));
    // pymrio's raw test files: three label columns, the third the unit.
    let z = "\t\t\tJPN\tJPN\tCHN\tCHN\n\t\t\tparts\tcars\tparts\tcars\n\
             JPN\tparts\tM.USD\t0\t20\t0\t0\nJPN\tcars\tM.USD\t0\t0\t0\t0\n\
             CHN\tparts\tM.USD\t10\t10\t0\t30\nCHN\tcars\tM.USD\t0\t0\t0\t0\n";
    let y = "\t\t\tJPN\tCHN\n\t\t\thh\thh\n\
             JPN\tparts\tM.USD\t0\t0\nJPN\tcars\tM.USD\t80\t0\n\
             CHN\tparts\tM.USD\t0\t0\nCHN\tcars\tM.USD\t60\t60\n";
    let f = "\t\tJPN\tJPN\tCHN\tCHN\n\t\tparts\tcars\tparts\tcars\n\
             Value Added\tM.USD\t10\t50\t50\t90\n";
    let t = MrioReader::new()
        .read_pymrio_with_value_added(z.as_bytes(), y.as_bytes(), f.as_bytes())
        .unwrap();
    assert_eq!(t, super::mrio::hand_with_unit("M.USD", "Value Added"));
}

use super::mrio::reason;

#[test]
fn damaged_or_doubled_inputs_are_refused_not_read_as_numbers() {
    let csv = "region,sector,JPN,JPN,JPN\n,,a,b,hh\nJPN,a,1,2,10\nJPN,b,3,4,10\n";
    assert!(MrioReader::new().read_labelled(csv.as_bytes()).is_ok());
    // A row cut short is not read as zeros.
    let cut = csv.replace("JPN,b,3,4,10", "JPN,b,3");
    let e = MrioReader::new().read_labelled(cut.as_bytes()).unwrap_err();
    assert!(reason(&e).contains("has 3 fields"), "{e}");
    // Two rows that both read as total value added.
    let two = format!("{csv},value added,1,1,\n,gross value added,1,1,\n");
    let e = MrioReader::new().read_labelled(two.as_bytes()).unwrap_err();
    assert!(reason(&e).contains("count it twice"), "{e}");
    // ... declared as components, they are summed.
    let t = MrioReader::new()
        .value_added("value added")
        .value_added("gross value added")
        .read_labelled(two.as_bytes())
        .unwrap();
    assert_eq!(t.value_added().unwrap(), vec![2.0, 2.0]);
    // Two output columns.
    let outs = "region,sector,JPN,JPN,JPN,,\n,,a,b,hh,output,x\n\
                JPN,a,1,2,10,13,13\nJPN,b,3,4,10,17,17\n";
    let e = MrioReader::new()
        .read_labelled(outs.as_bytes())
        .unwrap_err();
    assert!(reason(&e).contains("two output columns"), "{e}");
    // A Y row given twice in pymrio's files.
    let z = "region\tsector\tJPN\tJPN\n\t\ta\tb\nJPN\ta\t1\t2\nJPN\tb\t3\t4\n";
    let y = "region\tsector\tJPN\n\t\thh\nJPN\ta\t10\nJPN\ta\t10\nJPN\tb\t10\n";
    let e = MrioReader::new()
        .read_pymrio(z.as_bytes(), y.as_bytes())
        .unwrap_err();
    assert!(e.to_string().contains("twice"), "{e}");
}

#[test]
fn a_sector_named_twice_is_extracted_once() {
    let t = super::mrio::hand();
    let m = t.model().unwrap();
    let once = m
        .extract(&tradedep::inputoutput::Extraction::sales(reg("CHN"), reg("JPN")).only(["parts"]))
        .unwrap();
    let twice = m
        .extract(
            &tradedep::inputoutput::Extraction::sales(reg("CHN"), reg("JPN"))
                .only(["parts", "parts"]),
        )
        .unwrap();
    assert_eq!(once, twice);
    assert!((twice.total_lost() - 20.0).abs() < 1e-12);
}
