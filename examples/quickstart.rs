//! Load trade data and print the largest importer-exporter pairs and
//! products, with exact totals.
//!
//! ```text
//! cargo run --example quickstart                 # the embedded sample
//! cargo run --release --example quickstart -- BACI.csv
//! ```
//!
//! With a path, the file is read in CEPII BACI's layout (`t,i,j,k,v,q`,
//! values in thousands of USD). Without one, a small embedded sample in
//! the crate's tidy CSV is used: Japan's imports from China in 2024 in
//! the two largest HS chapters, authored from published figures (sources
//! below).

use std::error::Error;
use std::io::Write;

use tradedep::metrics::Grouped;
use tradedep::{HsLevel, Money, Query, Reader, TradeData};

/// Japan's imports from China, calendar 2024, in yen, by HS chapter.
///
/// - Total imports from China, 2024: about JPY 25.3 trillion (Nomura
///   Research Institute's estimate of the goods a dual-use ban could
///   reach, which puts JPY 10.7 trillion of JPY 25.3 trillion in scope;
///   Japan's Ministry of Finance trade statistics).
/// - Chapter 85 (electrical equipment) was 28.7% and chapter 84
///   (machinery) 18.3% of that value in 2024 (jp-reports.com, "Japan's
///   imports from China in 2024",
///   <https://jp-reports.com/en/articles/bqcVxqFzq42tMpnXoUMAbe>).
///
/// The values are those shares of JPY 25.3 trillion: 7,261.1 and
/// 4,629.9 billion yen.
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
    let (data, source, caveat) = if let Some(path) = std::env::args().nth(1) {
        let (data, report) = Reader::baci().read_path(&path)?;
        eprintln!("{report}");
        (data, path, None)
    } else {
        let (data, _) = Reader::tidy_csv().read(SAMPLE.as_bytes())?;
        let source = "embedded sample (Japan's imports from China, 2024)";
        let caveat = "sample of two HS chapters (84 and 85, 47% of Japan's JPY 25.3 trillion of imports from China), values derived from published shares";
        (data, source.to_owned(), Some(caveat))
    };
    report(&mut std::io::stdout().lock(), &data, &source, caveat)
}

fn report(
    out: &mut impl Write,
    data: &TradeData,
    source: &str,
    caveat: Option<&str>,
) -> Result<(), Box<dyn Error>> {
    let unit = format!("thousand {}", data.currency());
    let periods: Vec<String> = data.periods().iter().map(ToString::to_string).collect();
    writeln!(out, "Source:  {source}")?;
    if let Some(c) = caveat {
        writeln!(out, "Caveat:  {c}")?;
    }
    writeln!(out, "Flows:   {}", data.len())?;
    writeln!(out, "Periods: {}", periods.join(", "))?;
    writeln!(
        out,
        "Total:   {} {unit}",
        Grouped(data.total(&Query::new())?.in_thousands())
    )?;
    writeln!(out)?;

    let mut pairs: Vec<_> = data.totals_by_pair(&Query::new())?.into_iter().collect();
    sort_by_value(&mut pairs);
    writeln!(out, "Largest importer-exporter pairs ({unit})")?;
    writeln!(out, "{:<28} {:<28} {:>22}", "importer", "exporter", "value")?;
    for ((importer, exporter), value) in pairs.iter().take(10) {
        writeln!(
            out,
            "{:<28} {:<28} {:>22}",
            format!("{importer} {}", importer.name()),
            format!("{exporter} {}", exporter.name()),
            Grouped(value.in_thousands())
        )?;
    }
    writeln!(out)?;

    let mut products: Vec<_> = data
        .totals_by_product(&Query::new(), HsLevel::Subheading)?
        .into_iter()
        .collect();
    sort_by_value(&mut products);
    writeln!(out, "Largest products ({unit})")?;
    writeln!(out, "{:<10} {:>22}", "HS code", "value")?;
    for (code, value) in products.iter().take(10) {
        writeln!(
            out,
            "{:<10} {:>22}",
            code.to_string(),
            Grouped(value.in_thousands())
        )?;
    }
    Ok(())
}

/// Sorts by value, largest first; ties keep the key order.
fn sort_by_value<K: Ord>(rows: &mut [(K, Money)]) {
    rows.sort_by(|a, b| b.1.amount().cmp(&a.1.amount()).then(a.0.cmp(&b.0)));
}
