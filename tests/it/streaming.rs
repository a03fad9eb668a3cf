//! Streaming builders and `Reader::fold_path`: the same answers as the
//! batch indicators over a `TradeData`, however the input is cut and
//! however many threads read it, with the same error positions.

use std::fmt::Write as _;
use std::path::PathBuf;

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::metrics::{ProductConcentrations, SelectorExposure};
use tradedep::{
    Currency, Direction, HsLevel, Money, ProductSelector, Query, Reader, TradeData, TradeFlow,
};

/// Economies in trade-code order: Australia 36, China 156, France 251,
/// Germany 276, Japan 392, Viet Nam 704, the United States 842.
const ECONOMIES: [&str; 7] = ["AUS", "CHN", "FRA", "DEU", "JPN", "VNM", "USA"];
const PRODUCTS: [&str; 5] = ["280530", "284690", "850511", "854110", "620342"];

/// A flow of `cents` hundredths of a dollar, or, for `cents` of 3 more
/// than a multiple of 7, of `cents / 7` whole dollars: builders keep
/// whole values and others apart.
fn flow(exporter: usize, importer: usize, product: usize, cents: u32) -> TradeFlow {
    let value = if cents % 7 == 3 {
        Decimal::from(cents / 7)
    } else {
        Decimal::new(i64::from(cents), 2)
    };
    TradeFlow::new(
        ECONOMIES[exporter].parse().unwrap(),
        ECONOMIES[importer].parse().unwrap(),
        Direction::Export,
        PRODUCTS[product].parse().unwrap(),
        "2024".parse().unwrap(),
        Money::new(value, Currency::USD),
    )
    .unwrap()
}

/// Flows in BACI's order (exporter, importer, product), some repeated
/// (a flow split in two rows, adjacent as sorting leaves them), and cut
/// points splitting them into consecutive pieces.
fn sorted_flows() -> impl Strategy<Value = (Vec<TradeFlow>, Vec<usize>)> {
    let key = (0usize..7, 0usize..7, 0usize..5, 1u32..100_000);
    proptest::collection::vec(key, 1..60).prop_flat_map(|mut keys| {
        keys.retain(|k| k.0 != k.1);
        keys.sort_by_key(|k| (k.0, k.1, k.2));
        let flows: Vec<TradeFlow> = keys.iter().map(|&(e, i, p, c)| flow(e, i, p, c)).collect();
        let n = flows.len();
        let cuts = proptest::collection::vec(0..=n, 0..4).prop_map(|mut c| {
            c.sort_unstable();
            c
        });
        (Just(flows), cuts)
    })
}

/// Builds both indicators piece by piece and merges them in order.
fn streamed(
    flows: &[TradeFlow],
    cuts: &[usize],
    selector: &ProductSelector,
) -> tradedep::Result<(SelectorExposure, ProductConcentrations)> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(flows.len());
    let mut acc: Option<(
        tradedep::metrics::SelectorExposureBuilder,
        tradedep::metrics::ProductConcentrationsBuilder,
    )> = None;
    for w in bounds.windows(2) {
        let mut pairs = SelectorExposure::builder(selector);
        let mut products = ProductConcentrations::builder(HsLevel::Subheading);
        for f in &flows[w[0]..w[1]] {
            pairs.push(f)?;
            products.push(f)?;
        }
        acc = Some(match acc {
            None => (pairs, products),
            Some((p, c)) => (p.merge(pairs)?, c.merge(products)?),
        });
    }
    let (pairs, products) = acc.unwrap();
    Ok((pairs.build()?, products.build()?))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Cut anywhere and merged in order, the builders give exactly the
    /// batch indicators of the same flows.
    #[test]
    fn builders_equal_the_batch_indicators((flows, cuts) in sorted_flows()) {
        let selector: ProductSelector = "28, 8541".parse().unwrap();
        let data = TradeData::from_flows(flows.iter()).unwrap();
        let all = Query::new();
        let (pairs, products) = streamed(&flows, &cuts, &selector).unwrap();
        prop_assert_eq!(pairs, SelectorExposure::by_pair(&data, &all, &selector).unwrap());
        prop_assert_eq!(
            products,
            ProductConcentrations::imports(&data, &all, HsLevel::Subheading).unwrap()
        );
    }

    /// In any order, the builders still give the batch indicators.
    #[test]
    fn unsorted_flows_give_the_same_indicators(
        (flows, cuts) in sorted_flows().prop_flat_map(|(f, c)| (Just(f).prop_shuffle(), Just(c)))
    ) {
        let selector: ProductSelector = "85".parse().unwrap();
        let data = TradeData::from_flows(flows.iter()).unwrap();
        let all = Query::new();
        let mut pairs = SelectorExposure::builder(&selector);
        for f in &flows {
            pairs.push(f).unwrap();
        }
        prop_assert_eq!(pairs.build().unwrap(), SelectorExposure::by_pair(&data, &all, &selector).unwrap());
        let (_, products) = streamed(&flows, &cuts, &selector).unwrap();
        prop_assert_eq!(
            products,
            ProductConcentrations::imports(&data, &all, HsLevel::Subheading).unwrap()
        );
    }
}

/// A supplier that comes back after another is still one supplier:
/// Germany's 20 + 10 out of 100, with China 60 and Viet Nam 10, gives
/// shares 0.6, 0.3, 0.1 and HHI 0.46, as computed by hand.
#[test]
fn a_supplier_out_of_order_is_summed_once() {
    let mut b = ProductConcentrations::builder(HsLevel::Subheading).threads(1);
    for f in [
        flow(3, 4, 2, 2000), // Germany to Japan, 20.00
        flow(1, 4, 2, 6000), // China, 60.00
        flow(5, 4, 2, 1000), // Viet Nam, 10.00
        flow(3, 4, 2, 1000), // Germany again, 10.00
    ] {
        b.push(&f).unwrap();
    }
    let c = b.build().unwrap();
    let row = &c.rows()[0];
    assert_eq!(row.suppliers(), 3);
    assert_eq!(row.hhi().unwrap().to_string(), "0.46");
    assert_eq!(row.largest().to_string(), "CHN");
}

/// BACI codes of the economies above.
const CODES: [u16; 7] = [36, 156, 251, 276, 392, 704, 842];

/// Writes a BACI file of `rows` rows sorted by exporter, importer and
/// product (about 30 bytes a row), with the lines listed in `bad`
/// (counting the header as line 1) replaced by a bad importer code.
fn baci_file(name: &str, rows: usize, bad: &[usize]) -> PathBuf {
    let mut text = String::from("t,i,j,k,v,q\n");
    let mut line = 1;
    'out: for (e, &i) in CODES.iter().enumerate() {
        for (m, &j) in CODES.iter().enumerate() {
            if e == m {
                continue;
            }
            for k in 0..rows.div_ceil(42) {
                line += 1;
                if line > rows + 1 {
                    break 'out;
                }
                let j = if bad.contains(&line) { 999 } else { j };
                let cents = (line * 7919) % 100_000;
                let _ = writeln!(
                    text,
                    "2024,{i},{j},{:06},{}.{:02},NA",
                    10_000 + k,
                    cents / 100,
                    cents % 100
                );
            }
        }
    }
    let path = std::env::temp_dir().join(format!("tradedep-{name}-{}.csv", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

type Folded = (u64, Decimal);

fn count_and_sum(
    reader: Reader,
    path: &PathBuf,
) -> tradedep::Result<(Folded, tradedep::ReadReport)> {
    reader.fold_path(
        path,
        || (0u64, Decimal::ZERO),
        |acc, f| {
            acc.0 += 1;
            acc.1 += f.value().amount();
            Ok(())
        },
        |a, b| Ok((a.0 + b.0, a.1 + b.1)),
    )
}

/// A 10 MB file read on 1, 2 and 3 threads: the same flows, the same
/// totals as reading it whole, the same screen.
#[test]
fn fold_path_gives_the_same_answer_on_any_number_of_threads() {
    let path = baci_file("fold", 330_000, &[]);
    let (data, _) = Reader::baci().read_path(&path).unwrap();
    let total = data.total(&Query::new()).unwrap().amount();
    let selector: ProductSelector = "0100".parse().unwrap();
    let mut screens = Vec::new();
    for threads in 1..=3 {
        let ((n, sum), report) = count_and_sum(Reader::baci().threads(threads), &path).unwrap();
        assert_eq!((n, sum), (330_000, total), "{threads} threads");
        assert_eq!(report.records(), 330_000);
        assert!(report.is_complete());
        let ((pairs, products), _) = Reader::baci()
            .threads(threads)
            .fold_path(
                &path,
                || {
                    (
                        SelectorExposure::builder(&selector),
                        ProductConcentrations::builder(HsLevel::Subheading),
                    )
                },
                |acc, f| {
                    acc.0.push(&f)?;
                    acc.1.push(&f)
                },
                |a, b| Ok((a.0.merge(b.0)?, a.1.merge(b.1)?)),
            )
            .unwrap();
        screens.push((pairs.build().unwrap(), products.build().unwrap()));
    }
    let all = Query::new();
    let batch = ProductConcentrations::imports(&data, &all, HsLevel::Subheading).unwrap();
    for (pairs, products) in &screens {
        assert_eq!(products, &batch);
        assert_eq!(
            pairs,
            &SelectorExposure::by_pair(&data, &all, &selector).unwrap()
        );
    }
    std::fs::remove_file(path).unwrap();
}

/// Bad records far into the file are reported at their true line and
/// record, whichever thread read them.
#[test]
fn fold_path_errors_keep_their_positions() {
    let bad = [7, 200_001, 329_999];
    let path = baci_file("fold-errors", 330_000, &bad);
    for threads in 1..=3 {
        let e = count_and_sum(Reader::baci().threads(threads), &path).unwrap_err();
        let pos = e.position().unwrap();
        assert_eq!(
            (pos.line(), pos.record(), pos.column()),
            (Some(7), Some(6), Some("j"))
        );
        assert_eq!(pos.path(), Some(path.as_path()));

        let ((n, _), report) =
            count_and_sum(Reader::baci().threads(threads).skip_bad_records(10), &path).unwrap();
        assert_eq!(n, 330_000 - 3);
        assert_eq!(report.skipped(), 3);
        let lines: Vec<_> = report
            .errors()
            .iter()
            .map(|e| e.position().and_then(tradedep::Position::line))
            .collect();
        assert_eq!(lines, bad.map(|l| Some(l as u64)), "{threads} threads");
    }
    std::fs::remove_file(path).unwrap();
}
