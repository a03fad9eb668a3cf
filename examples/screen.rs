//! The dependence screen: for every importer, how much it buys from each
//! supplier, how much of that falls in a set of goods (dual-use goods,
//! say), and how concentrated its suppliers are in each product.
//!
//! ```text
//! cargo run --example screen                      # the embedded sample, printed
//! cargo run --release --example screen -- BACI.csv PREFIXES.txt OUTDIR
//! cargo run --release --example screen -- --geodep PANEL OUTDIR
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
//! USD, exactly (decimal sums, no floating point), ratios rounded to 12
//! decimal places; rows are sorted by their first two columns. The file
//! is read once, on every core, by streaming builders: sums per pair,
//! and 16 bytes a flow for the supplier concentrations (a third of what
//! loading the file takes). This is the job `../shared/bench` times
//! against polars, `DuckDB` and pandas.
//!
//! With `--geodep`, `PANEL` is a panel of BACI years (a directory of
//! yearly files, a zip archive of them, or `year=YYYY` Parquet
//! partitions; see `tradedep::Panel`), screened with CEPII's `GeoDep`
//! method for every economy, one year at a time in bounded memory: each
//! year is folded on every core, screened with its persistence window (2
//! of 3 years), and its flagged products appended to
//! `OUTDIR/geodep_dependent.csv`
//! (`year,economy,product,imports,import_hhi,export_hhi,ratio,years_holding`),
//! with a line per year on standard output. `benches/panel.sh` runs it on
//! a 30-year synthetic panel.
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
use tradedep::metrics::{
    GeoDepScreen, GeoDepYearBuilder, ProductConcentration, ProductConcentrations, SelectorExposure,
    Share,
};
use tradedep::{Economy, HsLevel, Money, ProductSelector, Query, Reader};

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
            writeln!(
                out,
                "Source: embedded sample (Japan's imports from China, 2024)\n\
                 Caveat: sample of two HS chapters (84 and 85, 47% of Japan's JPY 25.3 trillion of imports from China), values derived from published shares; one supplier, so every HHI is 1\n"
            )?;
            writeln!(out, "Selection: {selector}\n\n{pairs}\n{products}")?;
            Ok(())
        }
        [flag, panel, outdir] if flag == "--geodep" => geodep(Path::new(panel), Path::new(outdir)),
        [baci, prefixes, outdir] => screen(Path::new(baci), Path::new(prefixes), Path::new(outdir)),
        _ => Err("usage: screen [BACI.csv PREFIXES.txt OUTDIR | --geodep PANEL OUTDIR]".into()),
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
    let ((pairs, products), _report) = streamed?;
    let (exposure, concentrations) = (pairs.build()?, products.build()?);
    std::fs::create_dir_all(outdir)?;
    write_pairs(&exposure, &outdir.join("pairs.csv"))?;
    write_products(&concentrations, &outdir.join("products.csv"))?;
    Ok(())
}

fn geodep(panel: &Path, outdir: &Path) -> Result<(), Box<dyn Error>> {
    let panel = Reader::baci().panel(panel)?;
    for skipped in panel.left_out() {
        eprintln!("left out (no year in its name): {}", skipped.display());
    }
    std::fs::create_dir_all(outdir)?;
    let mut out = BufWriter::new(File::create(outdir.join("geodep_dependent.csv"))?);
    writeln!(
        out,
        "year,economy,product,imports,import_hhi,export_hhi,ratio,years_holding"
    )?;
    let screen = GeoDepScreen::cepii();
    let mut window = screen.window();
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "year flows markets dependent")?;
    panel.fold_years(
        || screen.year_builder(),
        |b, flow| b.push(&flow),
        GeoDepYearBuilder::merge,
        |year, builder, report| {
            let all = window.push(year, builder)?;
            let mut flagged = 0usize;
            for r in all.dependent() {
                let c = r.criteria();
                write!(
                    out,
                    "{year},{},{},{},",
                    r.economy().trade_code(),
                    r.product(),
                    c.imports().in_thousands()
                )
                .map_err(tradedep::Error::from)?;
                ratio(&mut out, c.import_hhi()).map_err(tradedep::Error::from)?;
                out.write_all(b",").map_err(tradedep::Error::from)?;
                ratio(&mut out, c.export_hhi()).map_err(tradedep::Error::from)?;
                out.write_all(b",").map_err(tradedep::Error::from)?;
                ratio(&mut out, c.ratio()).map_err(tradedep::Error::from)?;
                writeln!(out, ",{}", r.years_holding()).map_err(tradedep::Error::from)?;
                flagged += 1;
            }
            writeln!(
                stdout,
                "{year} {} {} {flagged}",
                report.flows(),
                all.rows().len()
            )
            .map_err(tradedep::Error::from)?;
            Ok(())
        },
    )?;
    out.flush()?;
    writeln!(
        stdout,
        "Caveat: world exports are the flows in the panel; screen full BACI years for the published method"
    )?;
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
        let (i, e) = (r.importer().trade_code(), r.exporter().trade_code());
        write!(out, "{i},{e},{},", r.value().in_thousands())?;
        ratio(&mut out, share)?;
        write!(out, ",{},", r.selected().in_thousands())?;
        ratio(&mut out, r.share())?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

fn write_products(table: &ProductConcentrations, path: &Path) -> Result<(), Box<dyn Error>> {
    // Rows come by importer, then product: put the importers in order of
    // their trade codes.
    let mut importers: Vec<&[ProductConcentration]> = table
        .rows()
        .chunk_by(|a, b| a.importer() == b.importer())
        .collect();
    importers.sort_by_key(|rows| rows.first().map(|r| r.importer().trade_code()));
    let rows: Vec<&ProductConcentration> = importers.into_iter().flatten().collect();
    // A million rows of exact decimals: format blocks of rows on every
    // core, then write them in order, a few megabytes at a time.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(
        out,
        "importer,product,value,suppliers,hhi,top_exporter,top_share"
    )?;
    for block in rows.chunks(threads.saturating_mul(1 << 15)) {
        let chunk = block.len().div_ceil(threads).max(1);
        let parts = std::thread::scope(|s| {
            let handles: Vec<_> = block
                .chunks(chunk)
                .map(|part| s.spawn(move || format_products(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| "a formatting thread panicked"))
                .collect::<Result<Vec<_>, _>>()
        })?;
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn format_products(rows: &[&ProductConcentration]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rows.len() * 80);
    for r in rows {
        write!(
            out,
            "{},{},{},{},",
            r.importer().trade_code(),
            r.product(),
            r.total().in_thousands(),
            r.suppliers(),
        )?;
        ratio(&mut out, r.hhi())?;
        write!(out, ",{},", r.largest().trade_code())?;
        ratio(&mut out, r.largest_share())?;
        out.push(b'\n');
    }
    Ok(out)
}

/// A ratio rounded to 12 decimal places, or an empty field where its
/// denominator was zero.
fn ratio<T: std::fmt::Display>(out: &mut impl Write, x: Option<T>) -> std::io::Result<()> {
    match x {
        Some(v) => write!(out, "{v:.12}"),
        None => Ok(()),
    }
}
