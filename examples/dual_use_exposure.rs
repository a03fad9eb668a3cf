//! What share of an importer's imports from an exporter falls under the
//! exporter's dual-use controls? Exposure bounds by control category and
//! by list entry, the rules that bind the pair on a date, and what
//! changed before it.
//!
//! ```text
//! cargo run --example dual_use_exposure                      # embedded default
//! cargo run --release --example dual_use_exposure -- BACI.csv
//! cargo run --release --example dual_use_exposure -- BACI.csv --on 2026-11-10 --table my_correlation.csv
//! cargo run --example dual_use_exposure -- --currency USD --rates rates.csv   # from,to,period,rate
//! ```
//!
//! The classification is the reference catalogue's correlation table of
//! China's list (`tradedep::controls::Catalogue`), or a correlation table
//! given with `--table` (CSV: `issuer,entry,hs,link,weight`). The rules
//! are the catalogue's. The importer and exporter default to Japan and
//! China (`--importer`, `--exporter`), the date to 6 January 2026
//! (`--on`).
//!
//! Without a file, the trade is the embedded sample of the quickstart:
//! Japan's 2024 imports from China in HS chapters 84 and 85, authored
//! from published figures (sources below). Chapter totals contain the
//! linked subheadings (8486.90, 8505.11) and much else, so the bounds are
//! as wide as they can be: nothing certainly exposed, everything
//! possibly. A BACI year, by HS6, narrows them.

use std::error::Error;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tradedep::controls::{Catalogue, CorrelationTable, Issuer};
use tradedep::metrics::Exposure;
use tradedep::{Economy, Money, Query, Reader, TradeData};

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

struct Options {
    importer: Economy,
    exporter: Economy,
    on: NaiveDate,
    table: Option<String>,
    file: Option<String>,
    /// A rate table and the currency to convert the trade to.
    rates: Option<String>,
    currency: Option<tradedep::Currency>,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        importer: "JPN".parse()?,
        exporter: "CHN".parse()?,
        on: "2026-01-06".parse()?,
        table: None,
        file: None,
        rates: None,
        currency: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--importer" => o.importer = value("--importer")?.parse()?,
            "--exporter" => o.exporter = value("--exporter")?.parse()?,
            "--on" => o.on = value("--on")?.parse()?,
            "--table" => o.table = Some(value("--table")?),
            "--rates" => o.rates = Some(value("--rates")?),
            "--currency" => o.currency = Some(value("--currency")?.parse()?),
            "-h" | "--help" => {
                return Err(
                    "usage: dual_use_exposure [--importer JPN] [--exporter CHN] \
                            [--on YYYY-MM-DD] [--table CORRELATION.csv] \
                            [--currency USD --rates RATES.csv] [BACI.csv]"
                        .into(),
                );
            }
            _ if o.file.is_none() => o.file = Some(arg),
            _ => return Err(format!("unexpected argument {arg:?}").into()),
        }
    }
    Ok(o)
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Rows shown in each ranking.
const TOP: usize = 10;

fn run() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    let catalogue = Catalogue::reference()?;
    let table = match &o.table {
        Some(path) => CorrelationTable::read_csv_path(path)?,
        None => catalogue.correlation().clone(),
    };
    let (data, source, caveat) = if let Some(path) = &o.file {
        let (data, report) = Reader::baci().read_path(path)?;
        eprintln!("{path}: {report}");
        (data, path.clone(), None)
    } else {
        let (data, _) = Reader::tidy_csv().read(SAMPLE.as_bytes())?;
        let source = "embedded sample (Japan's imports from China, 2024, by chapter)";
        let caveat = "sample of two HS chapters (84 and 85, 47% of Japan's JPY 25.3 trillion of imports from China), values derived from published shares. A chapter holds controlled and uncontrolled goods, \
                      so no flow is certainly controlled and the bounds span 0 to 100%: \
                      give a BACI (HS6) year for bounds that mean something";
        (data, source.to_owned(), Some(caveat))
    };
    // Converted as a whole, where asked: the annual rate stands in for a
    // month's where the table has no monthly rate, and the report says so.
    let data = match (&o.rates, o.currency) {
        (Some(path), Some(to)) => {
            let rates = tradedep::ExchangeRates::read_csv_path(path)?;
            let (converted, report) =
                data.convert(to, &rates, tradedep::RatePeriod::AnnualWhereMissing)?;
            eprintln!("converted: {report}");
            converted
        }
        (None, None) => data,
        _ => return Err("--currency and --rates go together".into()),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "Trade: {source}")?;
    if let Some(c) = caveat {
        writeln!(out, "Caveat: {c}")?;
    }
    writeln!(
        out,
        "Classification: {} links of {} to HS codes\n",
        table.len(),
        if o.table.is_some() {
            "the given table"
        } else {
            "China's list (reference catalogue)"
        }
    )?;
    exposure(&mut out, &data, &table, &o)?;
    rules(&mut out, &data, &catalogue, &o)?;
    writeln!(out, "\nFor reference (published, not computed here):")?;
    for (_, f) in catalogue.figures() {
        writeln!(
            out,
            "  {}, {}: {}%  [{}]",
            f.name(),
            f.period(),
            (f.value() * Decimal::ONE_HUNDRED).normalize(),
            f.url()
        )?;
    }
    Ok(())
}

/// Exposure bounds of the pair's trade, by category and by entry.
fn exposure(
    out: &mut impl Write,
    data: &TradeData,
    table: &CorrelationTable,
    o: &Options,
) -> Result<(), Box<dyn Error>> {
    let by_category = Exposure::between(
        data,
        o.importer,
        o.exporter,
        &Query::new(),
        &table.by_category(Issuer::China),
    )?;
    writeln!(
        out,
        "{}'s imports from {}: {} in all",
        o.importer,
        o.exporter,
        by_category.total()
    )?;
    writeln!(
        out,
        "Under China's dual-use list: lower {}, point {}, upper {}",
        percent(
            by_category
                .lower_share()
                .map(tradedep::metrics::Share::value)
        ),
        percent(
            by_category
                .point_share()
                .map(tradedep::metrics::Share::value)
        ),
        percent(
            by_category
                .upper_share()
                .map(tradedep::metrics::Share::value)
        )
    )?;
    writeln!(
        out,
        "Published estimate, for comparison: about 42% of Japan's imports from China (NRI, \
         January 2026) fall in categories a dual-use ban could reach. That figure is a judgement \
         of broad product categories (semiconductors, electronic components, precision \
         machinery, ...), not a match of trade against the list's customs codes, so it need not \
         lie between these bounds."
    )?;
    let by_class = Exposure::between(
        data,
        o.importer,
        o.exporter,
        &Query::new(),
        &table.by_class(Issuer::China),
    )?;
    writeln!(
        out,
        "\nBy control class (category and group; values; classes overlap)"
    )?;
    writeln!(
        out,
        "{:<3} {:<88} {:>16} {:>16}",
        "", "class", "lower", "upper"
    )?;
    for (c, b) in by_class.categories() {
        writeln!(
            out,
            "{:<3} {:<88} {:>16} {:>16}",
            c.to_string(),
            c.name(),
            b.lower().amount(),
            b.upper().amount()
        )?;
    }
    rankings(out, data, table, o, &by_class)
}

/// The entries and products that reach the most trade.
fn rankings(
    out: &mut impl Write,
    data: &TradeData,
    table: &CorrelationTable,
    o: &Options,
    by_class: &Exposure<tradedep::controls::ControlClass>,
) -> Result<(), Box<dyn Error>> {
    let by_entry = Exposure::between(
        data,
        o.importer,
        o.exporter,
        &Query::new(),
        &table.by_entry(),
    )?;
    let mut entries: Vec<_> = by_entry.categories().collect();
    entries.sort_by(|a, b| {
        b.1.upper()
            .amount()
            .cmp(&a.1.upper().amount())
            .then(a.0.cmp(b.0))
    });
    writeln!(out, "\nList entries reaching the most trade (upper bound)")?;
    writeln!(out, "{:<16} {:>20} {:>20}", "entry", "lower", "upper")?;
    for (e, b) in entries.iter().take(TOP) {
        writeln!(
            out,
            "{:<16} {:>20} {:>20}",
            e.to_string(),
            b.lower().amount(),
            b.upper().amount()
        )?;
    }
    if entries.len() > TOP {
        writeln!(out, "and {} more entries", entries.len() - TOP)?;
    }
    let drivers = by_class.upper_drivers();
    writeln!(out, "\nProducts that make up the upper bound")?;
    writeln!(out, "{:<8} {:>20} {:>10}", "product", "value", "of all")?;
    for (p, v) in drivers.iter().take(TOP) {
        let total = by_class.total().amount();
        let share = (!total.is_zero()).then(|| v.amount() / total);
        writeln!(
            out,
            "{:<8} {:>20} {:>10}",
            p.to_string(),
            v.amount(),
            percent(share)
        )?;
    }
    if drivers.len() > TOP {
        writeln!(out, "and {} more products", drivers.len() - TOP)?;
    }
    Ok(())
}

/// The rules that may bind the pair's trade on the date, with the value
/// of the flows they reach, and the changes since the start of 2025.
fn rules(
    out: &mut impl Write,
    data: &TradeData,
    catalogue: &Catalogue,
    o: &Options,
) -> Result<(), Box<dyn Error>> {
    let pair = Query::new().importer(o.importer).exporter(o.exporter);
    writeln!(out, "\nRules that may bind this trade on {}", o.on)?;
    writeln!(
        out,
        "{:<16} {:<28} {:>22}  note",
        "rule", "measure", "value reached"
    )?;
    let mut any = false;
    for rule in catalogue.rules().rules() {
        let mut reached = Money::zero(data.currency());
        for f in data.select(&pair)? {
            if rule.may_bind(f.exporter(), f.importer(), f.product(), o.on) {
                reached = reached.checked_add(&f.value())?;
            }
        }
        if reached.amount().is_zero() {
            continue;
        }
        any = true;
        let note = if rule.is_upper_bound() {
            "upper bound: limited to some end users"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<16} {:<28} {:>22}  {note}",
            rule.id(),
            rule.measure().to_string(),
            reached.amount()
        )?;
    }
    if !any {
        writeln!(out, "  none")?;
    }
    let since: NaiveDate = "2025-01-01".parse()?;
    writeln!(out, "\nChanges from {since} to {}", o.on)?;
    for c in catalogue.rules().changes(since, o.on) {
        writeln!(out, "  {}  {:<16} {}", c.date(), c.rule().id(), c.kind())?;
    }
    Ok(())
}

/// A ratio as a percentage with two decimals, or `-` when undefined.
fn percent(r: Option<Decimal>) -> String {
    r.map_or("-".to_owned(), |r| {
        format!("{}%", (r * Decimal::ONE_HUNDRED).round_dp(2))
    })
}
