//! The dependence screen: for every importer, how much it buys from each
//! supplier, how much of that falls in a set of goods (dual-use goods,
//! say), and how concentrated its suppliers are in each product.
//!
//! ```text
//! cargo run --example screen                      # the embedded sample, printed
//! cargo run --release --example screen -- BACI.csv PREFIXES.txt OUTDIR
//! ```
//!
//! With paths, the BACI file (`t,i,j,k,v,q`, thousands of USD) and a list
//! of HS prefixes (one a line, `#` comments) are read, and two files are
//! written:
//!
//! - `OUTDIR/pairs.csv`: `importer,exporter,value,share,selected_value,selected_share`,
//!   where `share` is the exporter's share of the importer's imports and
//!   `selected_*` restricts to the prefixes' goods;
//! - `OUTDIR/products.csv`: `importer,product,value,suppliers,hhi,top_exporter,top_share`,
//!   the supplier concentration of each importer in each HS6 product.
//!
//! Economies are written as BACI's numeric codes, values in thousands of
//! USD, exactly (decimal sums, no floating point); rows are sorted by
//! their first two columns. The file is read once, on every core, by
//! streaming builders that keep sums per pair and per importer and
//! product, never the flows; a file not sorted by exporter (as BACI's
//! are) is loaded into memory instead. This is the job `../shared/bench` times
//! against polars, `DuckDB` and pandas.
//!
//! Without arguments, the embedded sample (Japan's imports from China in
//! 2024 by HS chapter, the quickstart's published figures) is screened
//! with chapter 85 as the selection, and both tables are printed.

use std::error::Error;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use tradedep::metrics::{ProductConcentrations, SelectorExposure, Share};
use tradedep::{Economy, ErrorKind, HsLevel, Money, ProductSelector, Query, Reader};

/// Japan's imports from China, calendar 2024, in yen, by HS chapter:
/// 28.7% (chapter 85) and 18.3% (chapter 84) of JPY 25.3 trillion
/// (Japan's Ministry of Finance trade statistics as reported by
/// jp-reports.com, "Japan's imports from China in 2024",
/// <https://jp-reports.com/en/articles/bqcVxqFzq42tMpnXoUMAbe>; the
/// total as in Nomura Research Institute's January 2026 estimate).
const SAMPLE: &str = "\
reporter,partner,direction,product,period,value,currency,valuation,provenance
JPN,CHN,import,85,2024,7261100000000,JPY,CIF,declared
JPN,CHN,import,84,2024,4629900000000,JPY,CIF,declared
";

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => {
            let (data, _) = Reader::tidy_csv().read(SAMPLE.as_bytes())?;
            let selector: ProductSelector = "85".parse()?;
            let pairs = SelectorExposure::by_pair(&data, &Query::new(), &selector)?;
            let products = ProductConcentrations::imports(&data, &Query::new(), HsLevel::Chapter)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "Selection: {selector}\n\n{pairs}\n{products}")?;
            Ok(())
        }
        [baci, prefixes, outdir] => screen(Path::new(baci), Path::new(prefixes), Path::new(outdir)),
        _ => Err("usage: screen [BACI.csv PREFIXES.txt OUTDIR]".into()),
    }
}

fn screen(baci: &Path, prefixes: &Path, outdir: &Path) -> Result<(), Box<dyn Error>> {
    let selector = ProductSelector::read_path(prefixes)?;
    // One streaming pass on every core: pair sums and, per importer and
    // product, supplier sums; nothing per flow is kept.
    let streamed = Reader::baci().fold_path(
        baci,
        || {
            (
                SelectorExposure::builder(&selector),
                ProductConcentrations::builder(HsLevel::Subheading),
            )
        },
        |acc, flow| {
            acc.0.push(&flow)?;
            acc.1.push(&flow)
        },
        |a, b| Ok((a.0.merge(b.0)?, a.1.merge(b.1)?)),
    );
    let (exposure, concentrations) = match streamed {
        Ok(((pairs, products), _report)) => (pairs.build(), products.build()?),
        // A file not sorted by exporter: load it, then screen.
        Err(e) if matches!(e.kind(), ErrorKind::Unordered { .. }) => {
            let (data, _report) = Reader::baci().read_path(baci)?;
            let all = Query::new();
            (
                SelectorExposure::by_pair(&data, &all, &selector)?,
                ProductConcentrations::imports(&data, &all, HsLevel::Subheading)?,
            )
        }
        Err(e) => return Err(e.into()),
    };
    std::fs::create_dir_all(outdir)?;
    write_pairs(&exposure, &outdir.join("pairs.csv"))?;
    write_products(&concentrations, &outdir.join("products.csv"))?;
    Ok(())
}

fn write_pairs(exposure: &SelectorExposure, path: &Path) -> Result<(), Box<dyn Error>> {
    // Each importer's total imports, for the exporters' shares.
    let mut totals: BTreeMap<Economy, Money> = BTreeMap::new();
    for r in exposure.rows() {
        let total = totals
            .entry(r.importer())
            .or_insert(Money::new(Decimal::ZERO, r.value().currency()));
        *total = total.checked_add(&r.value())?;
    }
    let mut rows: Vec<_> = exposure.rows().iter().collect();
    rows.sort_by_key(|r| (r.importer().trade_code(), r.exporter().trade_code()));
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(
        out,
        "importer,exporter,value,share,selected_value,selected_share"
    )?;
    for r in rows {
        let share = match totals.get(&r.importer()) {
            Some(total) => Share::of(&r.value(), total)?,
            None => None,
        };
        writeln!(
            out,
            "{},{},{},{},{},{}",
            r.importer().trade_code(),
            r.exporter().trade_code(),
            r.value().in_thousands(),
            optional(share),
            r.selected().in_thousands(),
            optional(r.share()),
        )?;
    }
    out.flush()?;
    Ok(())
}

fn write_products(table: &ProductConcentrations, path: &Path) -> Result<(), Box<dyn Error>> {
    let mut rows: Vec<_> = table.rows().iter().collect();
    rows.sort_by_key(|r| (r.importer().trade_code(), r.product()));
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(
        out,
        "importer,product,value,suppliers,hhi,top_exporter,top_share"
    )?;
    for r in rows {
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            r.importer().trade_code(),
            r.product(),
            r.total().in_thousands(),
            r.suppliers(),
            optional(r.hhi()),
            r.largest().trade_code(),
            optional(r.largest_share()),
        )?;
    }
    out.flush()?;
    Ok(())
}

/// A ratio, or an empty field where its denominator was zero.
fn optional<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}
