//! What if China bans dual-use exports to Japan and tightens rare
//! earths? Direct loss, substitution, shortfall, stockpile runway and
//! sector effects, as a briefing-ready report.
//!
//! ```text
//! cargo run --example japan_china_scenario                     # embedded default
//! cargo run --release --example japan_china_scenario -- BACI.csv
//! cargo run --release --example japan_china_scenario -- BACI.csv --on 2026-11-10 \
//!     --io table.csv --sector industry_group --scale 1000000
//! ```
//!
//! The measures are the reference catalogue's
//! (`tradedep::controls::Catalogue`): China's rare-earth licence regime
//! of 4 April 2025 (approval rate 0 assumed, the upper bound), the
//! 6 January 2026 ban on dual-use exports to Japanese military end users
//! (an upper bound: trade statistics cannot see end users), and the
//! October 2025 rare-earth measures, suspended until 10 November 2026
//! (pass `--on 2026-11-10` to see them bind). The date defaults to
//! 6 January 2026.
//!
//! Without a file, the baseline is Japan's 2024 imports of HS 2805
//! (rare-earth metals, scandium and yttrium; alkali metals; mercury) by
//! supplier, from published shares (sources below). It holds only
//! Japan's imports, so other suppliers' spare capacity is unknown and no
//! substitution is assumed; a BACI year supplies world exports. The
//! stockpile is Japan's rare-metal stockpile target of 60 days of
//! consumption (JOGMEC's system, in place since 1986; reported by UM
//! Material, <https://um-material.com/co/blog/does-japan-need-to-significantly-increase-its-rare-earth-stockpiles>),
//! taken as 2 months of imports. Sector effects use the two-sector
//! example economy of Miller & Blair (2009), ch. 2, read in millions:
//! an illustration of the method, not Japan's economy; give `--io` with
//! a real table.

use std::error::Error;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tradedep::controls::{Catalogue, ChangeKind};
use tradedep::metrics::Grouped;
use tradedep::scenario::ScenarioResult;
use tradedep::scenario::{Inventory, IoTable, Scenario, SectorMap, Stock};
use tradedep::{Currency, Economy, HsLevel, Query, Reader};

/// Japan's imports of HS 2805 in 2024, USD: 270.92 million in all, Viet
/// Nam 59.8%, China 29.6%, Thailand 8.1%, France 1.9%, Russia 0.3%
/// (GTAIC, from UN Comtrade,
/// <https://gtaic.ai/market-reports/rare-earth-metals-and-mercury-market-japan-forecast-in-2025>);
/// the 0.3% left to others is not attributed.
const SAMPLE: &str = "\
reporter,partner,direction,product,period,value,currency,valuation,provenance
JPN,VNM,import,2805,2024,162010160,USD,CIF,declared
JPN,CHN,import,2805,2024,80192320,USD,CIF,declared
JPN,THA,import,2805,2024,21944520,USD,CIF,declared
JPN,FRA,import,2805,2024,5147480,USD,CIF,declared
JPN,RUS,import,2805,2024,812760,USD,CIF,declared
";

/// Miller & Blair (2009), *Input-Output Analysis*, 2nd ed., ch. 2,
/// tables 2.3-2.4: Z = [[150, 500], [200, 100]], f = [350, 1700],
/// x = [1000, 2000].
const EXAMPLE_IO: &str = "\
row,z_manufacturing,z_services,f,x
manufacturing,150,500,350,1000
services,200,100,1700,2000
";

struct Options {
    importer: Economy,
    on: NaiveDate,
    file: Option<String>,
    io: Option<String>,
    sector: Option<String>,
    scale: f64,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        importer: "JPN".parse()?,
        on: "2026-01-06".parse()?,
        file: None,
        io: None,
        sector: None,
        scale: 1_000_000.0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--importer" => o.importer = value("--importer")?.parse()?,
            "--on" => o.on = value("--on")?.parse()?,
            "--io" => o.io = Some(value("--io")?),
            "--sector" => o.sector = Some(value("--sector")?),
            "--scale" => o.scale = value("--scale")?.parse()?,
            "-h" | "--help" => {
                return Err(
                    "usage: japan_china_scenario [--importer JPN] [--on YYYY-MM-DD] \
                            [--io TABLE.csv --sector NAME] [--scale N] [BACI.csv]"
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

fn run() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    let catalogue = Catalogue::reference()?;
    let (data, source, caveat) = if let Some(path) = &o.file {
        let (data, report) = Reader::baci().read_path(path)?;
        eprintln!("{path}: {report}");
        (data, path.clone(), None)
    } else {
        let (data, _) = Reader::tidy_csv().read(SAMPLE.as_bytes())?;
        let source = "embedded: Japan's 2024 imports of HS 2805 by supplier (GTAIC, UN Comtrade)";
        let caveat = "one product (HS 2805) in one year; no world exports, so no spare \
                      capacity is known and nothing is substituted; the sector table is \
                      an illustration, not a published input-output table";
        (data, source.to_owned(), Some(caveat))
    };
    let cur = data.currency();
    // The rare-earth products of the catalogue and the samples: metals
    // (2805), compounds (2846), magnets (8505).
    let rare_earths: tradedep::ProductSelector = "2805, 2846, 8505".parse()?;
    let scenario = Scenario::new(&data, catalogue.rules().clone(), o.on)
        .baseline(Query::new().importer(o.importer))
        .inventory(Inventory {
            name: "rare earths".into(),
            products: rare_earths,
            stock: Stock::Months(Decimal::from(2)),
        });
    let result = scenario.run()?;
    let mut out = std::io::stdout().lock();

    writeln!(
        out,
        "SCENARIO: China's export controls on {}, as of {}",
        o.importer.name(),
        o.on
    )?;
    writeln!(out, "Baseline: {source}")?;
    if let Some(c) = caveat {
        writeln!(out, "Caveat: {c}")?;
    }
    writeln!(out, "Currency: {cur}; values rounded to whole {cur}\n")?;

    measures(&mut out, &catalogue, &o)?;
    direct(&mut out, &result, cur)?;

    let s = result.substitution();
    writeln!(out, "3. Substitution (reallocation rate {})", s.rate())?;
    writeln!(
        out,
        "   {:<28} {:>18.0} {cur}\n   {:<28} {:>18.0} {cur}",
        "replaced by other suppliers",
        Grouped(s.substituted()),
        "shortfall",
        Grouped(s.shortfall())
    )?;
    if o.file.is_none() {
        writeln!(
            out,
            "   (the embedded baseline holds no world exports: spare capacity unknown, taken as 0)"
        )?;
    }
    writeln!(
        out,
        "\n   Shortfall by product ({cur})\n{}",
        indent(&s.by_product(HsLevel::Heading, cur).to_string())
    )?;

    writeln!(
        out,
        "4. Stockpile runway (2 months of imports held, assumed)"
    )?;
    for r in result.runways() {
        writeln!(
            out,
            "   {:<14} stock {:>14.0} {cur}, short {:>12.0} {cur}/month: {}",
            r.group,
            Grouped(r.stock),
            Grouped(r.monthly_shortfall),
            r.runway
        )?;
    }

    sectors(&mut out, &result, &o, cur)?;
    Ok(())
}

/// Stage 1: totals and the exporters with blocked value.
fn direct(
    out: &mut impl Write,
    result: &ScenarioResult,
    cur: Currency,
) -> Result<(), Box<dyn Error>> {
    let d = result.direct();
    writeln!(out, "\n2. Direct effect")?;
    writeln!(
        out,
        "   {:<28} {:>18.0} {cur}\n   {:<28} {:>18.0} {cur}{}\n   {:<28} {:>17}%",
        "baseline imports",
        Grouped(d.baseline()),
        "blocked",
        Grouped(d.blocked()),
        if d.is_upper_bound() {
            "  (upper bound)"
        } else {
            ""
        },
        "blocked share",
        share(d.blocked(), d.baseline())
    )?;
    writeln!(out, "\n   Exporters with blocked value ({cur})")?;
    writeln!(
        out,
        "   {:<9} {:>18} {:>18}",
        "exporter", "baseline", "blocked"
    )?;
    let by_exporter = d.by_exporter();
    let mut untouched = 0;
    for (e, [baseline, _, blocked]) in by_exporter.rows() {
        if blocked.is_zero() {
            untouched += 1;
            continue;
        }
        writeln!(
            out,
            "   {:<9} {:>18.0} {:>18.0}",
            e.to_string(),
            Grouped(*baseline),
            Grouped(*blocked)
        )?;
    }
    writeln!(out, "   ({untouched} other exporters: nothing blocked)\n")?;

    Ok(())
}

/// The measures of the catalogue that apply to exports to the importer
/// on the date, and what changes after it.
fn measures(
    out: &mut impl Write,
    catalogue: &Catalogue,
    o: &Options,
) -> Result<(), Box<dyn Error>> {
    writeln!(out, "1. Measures in force")?;
    // China's export measures that reach the importer (not its import
    // measures on the importer's goods).
    let applies = |r: &&tradedep::controls::Rule| r.applies(r.data().issuer, o.importer, o.on);
    for rule in catalogue.rules().rules().iter().filter(applies) {
        let i = &rule.data().instrument;
        writeln!(
            out,
            "   {:<16} {} ({}): {}",
            rule.id(),
            i.id,
            i.announced,
            rule.measure()
        )?;
    }
    for change in catalogue.rules().changes(o.on, "2027-12-31".parse()?) {
        let what = match change.kind {
            ChangeKind::Started => "comes into force",
            ChangeKind::Suspended => "is suspended",
            ChangeKind::Resumed => "binds again",
            ChangeKind::Ended => "ends",
        };
        writeln!(
            out,
            "   ahead: {} {what} on {}",
            change.rule.id(),
            change.date
        )?;
    }
    Ok(())
}

/// Stage 4 on the given table, or on the embedded illustration.
fn sectors(
    out: &mut impl Write,
    result: &ScenarioResult,
    o: &Options,
    cur: Currency,
) -> Result<(), Box<dyn Error>> {
    let (table, map, label) = match (&o.io, &o.sector) {
        (Some(path), Some(sector)) => (
            IoTable::read_path(path)?,
            SectorMap::new().with(every_chapter(), sector.clone()),
            format!("{path}, all shortfall to {sector}"),
        ),
        _ => (
            IoTable::read_zfx_csv(EXAMPLE_IO.as_bytes())?,
            SectorMap::new()
                .with("28, 81, 84, 85".parse()?, "manufacturing")
                .with("49".parse()?, "services"),
            "Miller & Blair's two-sector example (illustration)".to_owned(),
        ),
    };
    let model = table.model()?;
    let effects = result.sector_effects(o.importer, &model, &map, o.scale)?;
    writeln!(out, "\n5. Sector effects, in millions of {cur} ({label})")?;
    writeln!(out, "{}", indent(&effects.to_string()))?;
    Ok(())
}

/// Every HS chapter, 01 to 97.
fn every_chapter() -> tradedep::ProductSelector {
    (1..=97)
        .filter_map(|c| tradedep::HsCode::new(c, HsLevel::Chapter).ok())
        .collect()
}

/// `part / whole` in percent, one decimal; 0 for an empty whole.
fn share(part: Decimal, whole: Decimal) -> Decimal {
    part.checked_div(whole)
        .map_or(Decimal::ZERO, |r| (r * Decimal::ONE_HUNDRED).round_dp(1))
}

fn indent(text: &str) -> String {
    text.lines().fold(String::new(), |mut acc, l| {
        acc.push_str("   ");
        acc.push_str(l);
        acc.push('\n');
        acc
    })
}
