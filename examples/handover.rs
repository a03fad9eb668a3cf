//! Handing trade data to engines that distribute the work (`DuckDB`,
//! `DataFusion`, Spark, polars): years of flows written as Parquet
//! partitioned by year, in the crate's exact types, and the dependence
//! screen's pair sums computed here and in SQL over the same files.
//!
//! ```text
//! cargo run --features parquet --example handover                  # the embedded sample
//! cargo run --release --features parquet --example handover -- OUTDIR PREFIXES.txt YEAR_FILE...
//! ```
//!
//! With paths, each year's file (BACI's CSV, gzip or zip, or Parquet
//! with BACI's or the tidy columns: any file `Reader::baci` or
//! `Reader::parquet` reads) is read and written to
//! `OUTDIR/flows/year=YYYY/part-0.parquet` (the tidy columns, `value` as
//! `DECIMAL(38, s)`, codes as strings), and the crate's pair sums to
//! `OUTDIR/pairs.csv`: `year,importer,exporter,value,selected_value`,
//! values exactly in the data's currency (USD for BACI), `selected` restricted to the prefixes' goods,
//! rows sorted by year, importer and exporter (ISO alpha-3 codes). The
//! SQL printed computes the same table from the Parquet files; run it in
//! `DuckDB` and the two agree to the last digit (`benches/handover.sh`
//! checks this with `DuckDB` and polars).
//!
//! Without arguments, the embedded sample (Japan's imports from China in
//! 2024 by HS chapter, as in the `screen` example) is written to a
//! temporary directory and its pair sums printed.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tradedep::metrics::SelectorExposure;
use tradedep::{ParquetOptions, ProductSelector, Query, Reader, TradeData};

/// Japan's imports from China, calendar 2024, in yen, by HS chapter:
/// 28.7% (chapter 85) and 18.3% (chapter 84) of JPY 25.3 trillion
/// (Japan's Ministry of Finance trade statistics as reported by
/// jp-reports.com, "Japan's imports from China in 2024",
/// <https://jp-reports.com/en/articles/bqcVxqFzq42tMpnXoUMAbe>).
const SAMPLE: &str = "\
reporter,partner,direction,product,period,value,currency
JPN,CHN,import,85,2024,7261100000000,JPY
JPN,CHN,import,84,2024,4629900000000,JPY
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
            let out =
                std::env::temp_dir().join(format!("tradedep-handover-{}", std::process::id()));
            let (data, _) = Reader::tidy_csv().read(SAMPLE.as_bytes())?;
            let selector: ProductSelector = "85".parse()?;
            println!(
                "Source: embedded sample (Japan's imports from China, 2024, two HS chapters)\n\
                 Caveat: two chapters of one pair, values derived from published shares; a sample of the layout, not of the world\n"
            );
            let table = handover(&[data], &selector, &out)?;
            print!("{table}");
            std::fs::remove_dir_all(&out)?;
            Ok(())
        }
        [out, prefixes, years @ ..] if !years.is_empty() => {
            let selector = ProductSelector::read_path(prefixes)?;
            let mut data = Vec::new();
            for y in years {
                let (d, report) = Reader::baci().read_path(y)?;
                eprintln!("{y}: {report}");
                data.push(d);
            }
            handover(&data, &selector, Path::new(out))?;
            Ok(())
        }
        _ => Err("usage: handover [OUTDIR PREFIXES.txt YEAR_FILE...]".into()),
    }
}

/// Writes each year as a partition and the crate's pair sums; returns
/// the pair sums as text, with the SQL that computes them.
fn handover(
    years: &[TradeData],
    selector: &ProductSelector,
    out: &Path,
) -> Result<String, Box<dyn Error>> {
    let mut pairs = String::from("year,importer,exporter,value,selected_value\n");
    let mut written: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for data in years {
        let mut in_data: Vec<i32> = data.periods().iter().map(|p| p.year()).collect();
        in_data.dedup();
        for year in in_data {
            if !seen.insert(year) {
                return Err(format!("two inputs hold {year}: give each year once").into());
            }
            // The year's flows (of any frequency: a query over a year and
            // its months is refused, never summed twice).
            let part = TradeData::from_flows(data.iter().filter(|f| f.period().year() == year))?;
            let dir = out.join("flows").join(format!("year={year}"));
            std::fs::create_dir_all(&dir)?;
            let file = dir.join("part-0.parquet");
            part.write_parquet_path(&file, &ParquetOptions::new())?;
            written.push(file);
            let screen = SelectorExposure::by_pair(&part, &Query::new(), selector)?;
            let mut rows: Vec<_> = screen.rows().iter().collect();
            rows.sort_by_key(|r| (r.importer().alpha3(), r.exporter().alpha3()));
            for r in rows {
                writeln!(
                    pairs,
                    "{year},{},{},{},{}",
                    r.importer(),
                    r.exporter(),
                    r.value().amount(),
                    r.selected().amount()
                )?;
            }
        }
    }
    std::fs::write(out.join("pairs.csv"), &pairs)?;
    let sql = sql(selector, out);
    std::fs::write(out.join("pairs.sql"), &sql)?;
    Ok(format!(
        "Wrote {} Parquet file(s) under {}\n\nPair sums (tradedep, exact):\n{pairs}\n{sql}\n\
         Notes:\n\
         - Values are exact decimals in the files (DECIMAL(38, s)), so an engine's sums equal the crate's to the last digit.\n\
         - The crate does the domain logic exactly (editions, aggregates, rules); engines do the distribution: hand them these files.\n",
        written.len(),
        out.display()
    ))
}

/// The SQL that computes the pair sums from the partitioned files: a
/// product is selected when an included prefix starts it and no excluded
/// one does (exact for selectors whose exclusions hold no inclusion, as a
/// list of prefixes).
fn sql(selector: &ProductSelector, out: &Path) -> String {
    let any = |codes: Vec<String>| format!("regexp_matches(product, '^({})')", codes.join("|"));
    let included: Vec<String> = selector.included().map(|c| c.to_string()).collect();
    let excluded: Vec<String> = selector.excluded().map(|c| c.to_string()).collect();
    let mut filter = if included.is_empty() {
        "false".to_owned()
    } else {
        any(included)
    };
    if !excluded.is_empty() {
        filter = format!("{filter} AND NOT {}", any(excluded));
    }
    let nested = selector
        .excluded()
        .any(|x| selector.included().any(|i| x.contains(i) && x != i));
    format!(
        "-- The same pair sums over the partitioned files, in DuckDB{}:\n\
         SELECT year, importer, exporter, sum(value) AS value,\n\
         \x20      coalesce(sum(value) FILTER (WHERE {filter}), 0) AS selected_value\n\
         FROM read_parquet('{}/flows/*/*.parquet', hive_partitioning = true)\n\
         -- BACI holds no aggregates or breakdowns; other data: keep its\n\
         -- World partner and RM/RX/FM/DX rows out, as the crate does.\n\
         WHERE direction IN ('import', 'export') AND partner <> 'WLD'\n\
         GROUP BY ALL ORDER BY ALL;\n",
        if nested {
            " (not exact here: an inclusion lies inside an exclusion)"
        } else {
            ""
        },
        out.display()
    )
}
