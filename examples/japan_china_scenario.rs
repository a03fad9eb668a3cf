//! What if China's export controls bind Japan? China's whole dual-use
//! list under the 6 January 2026 ban, the mineral licence regimes, and
//! what follows: direct loss, substitution, shortfall, stockpile runway
//! and sector effects, each as a best case and a worst case.
//!
//! ```text
//! cargo run --example japan_china_scenario                     # embedded default
//! cargo run --release --example japan_china_scenario -- BACI.csv
//! cargo run --release --example japan_china_scenario -- BACI.csv --on 2026-11-10 \
//!     --approval 0.3..0.9 --io table.csv --sector industry_group --scale 1000000
//! ```
//!
//! The measures are the reference catalogue's
//! (`tradedep::controls::Catalogue`): MOFCOM Announcement No. 1 of 2026,
//! a ban on every item of China's dual-use export list to Japanese
//! military end users (trade statistics cannot see end users, so it
//! blocks nothing certain and up to everything it reaches); China's
//! licence regimes on gallium and germanium, graphite, antimony,
//! tungsten and others, and seven rare earths, whose approval rates are
//! unpublished (anything from none to all, unless `--approval` sets a
//! rate or range); and the October 2025 measures, suspended until
//! 10 November 2026. The list's links to HS codes are partial (its
//! entries are defined by technical parameters), so no rule reaches a
//! product certainly. The date defaults to 6 January 2026.
//!
//! Without a file, the baseline is Japan's 2024 imports of HS 2805
//! (rare-earth metals, scandium and yttrium; alkali metals; mercury) by
//! supplier, from published shares (sources below): a heading, coarser
//! than the list's subheadings. It holds only Japan's imports, so other
//! suppliers' spare capacity is unknown and no substitution is assumed;
//! a BACI year supplies world exports and HS6 detail. The stockpile is
//! Japan's rare-metal stockpile target of 60 days of consumption
//! (JOGMEC's system, in place since 1986; reported by UM Material,
//! <https://um-material.com/co/blog/does-japan-need-to-significantly-increase-its-rare-earth-stockpiles>),
//! taken as 2 months of imports. Sector effects use the two-sector
//! example economy of Miller & Blair (2009), ch. 2, read in millions:
//! an illustration of the method, not Japan's economy; give `--io` with
//! a real table.

use std::error::Error;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use tradedep::controls::{Approval, Catalogue, Issuer};
use tradedep::inputoutput::{IoTable, SectorMap};
use tradedep::metrics::Grouped;
use tradedep::scenario::{Bounds, Case, ScenarioResult};
use tradedep::scenario::{Inventory, Scenario, Stock};
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
    approval: Option<Approval>,
    top: usize,
    svg: Option<String>,
    file: Option<String>,
    io: Option<String>,
    sector: Option<String>,
    scale: f64,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        importer: "JPN".parse()?,
        on: "2026-01-06".parse()?,
        approval: None,
        top: 10,
        svg: None,
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
            "--approval" => o.approval = Some(value("--approval")?.parse()?),
            "--top" => o.top = value("--top")?.parse()?,
            "--svg" => o.svg = Some(value("--svg")?),
            "--io" => o.io = Some(value("--io")?),
            "--sector" => o.sector = Some(value("--sector")?),
            "--scale" => o.scale = value("--scale")?.parse()?,
            "-h" | "--help" => {
                return Err(
                    "usage: japan_china_scenario [--importer JPN] [--on YYYY-MM-DD] \
                     [--approval RATE|LOW..HIGH] [--top N] [--svg DIR] \
                     [--io TABLE.csv --sector NAME] \
                     [--scale N] [BACI.csv]"
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
        let caveat = "one heading (HS 2805) in one year; no world exports, so no spare \
                      capacity is known and nothing is substituted; the sector table is \
                      an illustration, not a published input-output table";
        (data, source.to_owned(), Some(caveat))
    };
    let cur = data.currency();
    // The rare-earth products of the catalogue and the samples: metals
    // (2805), compounds (2846), magnets (8505).
    let rare_earths: tradedep::ProductSelector = "2805, 2846, 8505".parse()?;
    let mut scenario = Scenario::new(&data, catalogue.rules().clone(), o.on)
        .baseline(Query::new().importer(o.importer))
        .inventory(Inventory {
            name: "rare earths".into(),
            products: rare_earths,
            stock: Stock::Months(Decimal::from(2)),
        });
    if let Some(a) = o.approval {
        scenario = scenario.approval_rate(a);
    }
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
    writeln!(
        out,
        "Currency: {cur}; values rounded to whole {cur}. Every value is given as \
         best case .. worst case: the best counts only what certainly binds, the worst \
         everything that may.\n"
    )?;

    measures(&mut out, &catalogue, &result, &o)?;
    direct(&mut out, &result, &catalogue, &o, cur)?;
    classes(&mut out, &result, &catalogue, &o, cur)?;
    substitution(&mut out, &result, &o, cur)?;

    writeln!(
        out,
        "\n5. Stockpile runway (2 months of imports held, assumed)"
    )?;
    for r in result.runways() {
        writeln!(
            out,
            "   {:<14} stock {:>14.0} {cur}, short {} {cur}/month: {} .. {}",
            r.group(),
            Grouped(r.stock()),
            range(r.monthly_shortfall()),
            r.runway(Case::Best),
            r.runway(Case::Worst)
        )?;
    }

    sectors(&mut out, &result, &o, cur)?;
    chart(&scenario, &o)
}

/// With `--svg DIR`, the scenario swept over licence approval rates from
/// 0 to 1, as a chart in `DIR/japan_china_scenario.svg`.
#[cfg(feature = "charts")]
fn chart(scenario: &Scenario<'_>, o: &Options) -> Result<(), Box<dyn Error>> {
    let Some(dir) = &o.svg else { return Ok(()) };
    let rates: Vec<Decimal> = (0..=4).map(|k| Decimal::new(k * 25, 2)).collect();
    let runs = scenario.sweep_approval(&rates)?;
    let title = format!(
        "China's measures on {}, {}: by licence approval rate",
        o.importer.name(),
        o.on
    );
    std::fs::create_dir_all(dir)?;
    let path = std::path::Path::new(dir).join("japan_china_scenario.svg");
    std::fs::write(
        &path,
        tradedep::charts::sweep(&runs, "licence approval rate", &title)?,
    )?;
    println!("\nChart: {}", path.display());
    Ok(())
}

#[cfg(not(feature = "charts"))]
fn chart(_: &Scenario<'_>, o: &Options) -> Result<(), Box<dyn Error>> {
    match o.svg {
        Some(_) => Err("--svg needs the `charts` feature: \
                        cargo run --features charts --example japan_china_scenario -- --svg DIR"
            .into()),
        None => Ok(()),
    }
}

/// The measures of the catalogue that apply to exports to the importer
/// on the date, the approval rates assumed, and what changed in the year
/// before the date and what changes after it.
fn measures(
    out: &mut impl Write,
    catalogue: &Catalogue,
    result: &ScenarioResult,
    o: &Options,
) -> Result<(), Box<dyn Error>> {
    writeln!(out, "1. Measures in force")?;
    // China's export measures that reach the importer (not its import
    // measures on the importer's goods).
    let applies = |r: &&tradedep::controls::Rule| r.applies(r.data().issuer, o.importer, o.on);
    for rule in catalogue.rules().rules().iter().filter(applies) {
        let i = &rule.data().instrument;
        let who = if rule.is_upper_bound() {
            ", military end users only"
        } else {
            ""
        };
        // A licence at the approval rate the run used.
        let measure = match result.licences().iter().find(|(id, _)| id == rule.id()) {
            Some((_, a)) => format!("licence (approval rate {a})"),
            None => rule.measure().to_string(),
        };
        writeln!(
            out,
            "   {:<22} {} ({}): {measure}{who}",
            rule.id(),
            i.id,
            i.announced,
        )?;
    }
    writeln!(out, "   Licence approval: {}", result.approval())?;
    let year_before =
        o.on.checked_sub_months(chrono::Months::new(12))
            .unwrap_or(o.on);
    let rules = catalogue.rules();
    for (when, from, to) in [
        ("changed", year_before, o.on),
        ("ahead", o.on, "2027-12-31".parse()?),
    ] {
        for change in rules.changes(from, to) {
            writeln!(
                out,
                "   {when}: {} {} {}",
                change.date(),
                change.rule().id(),
                change.kind()
            )?;
        }
    }
    Ok(())
}

/// Stage 1: totals, why the bounds differ, the published reference, and
/// the exporters with blocked value.
fn direct(
    out: &mut impl Write,
    result: &ScenarioResult,
    catalogue: &Catalogue,
    o: &Options,
    cur: Currency,
) -> Result<(), Box<dyn Error>> {
    let d = result.direct();
    let china: Economy = "CHN".parse()?;
    let from_china: Decimal = d
        .rows()
        .iter()
        .filter(|r| r.exporter() == china)
        .map(tradedep::scenario::DirectRow::baseline)
        .sum();
    writeln!(out, "\n2. Direct effect")?;
    writeln!(
        out,
        "   {:<28} {:>18.0} {cur}\n   {:<28} {:>18.0} {cur}\n   {:<28} {} {cur}",
        "baseline imports",
        Grouped(d.baseline()),
        "of which from China",
        Grouped(from_china),
        "blocked",
        range(d.blocked()),
    )?;
    writeln!(
        out,
        "   {:<28} {}% .. {}% of imports from China",
        "blocked share",
        percent(d.blocked().lower(), from_china),
        percent(d.blocked().upper(), from_china)
    )?;
    let why = d.uncertainty();
    if !why.is_empty() {
        writeln!(out, "   The bounds are wide because:")?;
        for (reason, gap) in &why {
            writeln!(
                out,
                "     - {reason}: {:.0} {cur} of the gap",
                Grouped(*gap)
            )?;
        }
    }
    if o.file.is_none() {
        writeln!(
            out,
            "   On this default the flows are headings (2805), coarser than the list's \
             subheadings, and the ban reaches military end users only: nothing is certainly \
             blocked, and everything China ships may be. A BACI year by HS6 narrows the upper \
             bound to the products the list reaches."
        )?;
    }
    if let Some(f) = catalogue.figure("dual_use_share_of_imports_from_china") {
        writeln!(
            out,
            "   Reference (published, not computed here): {}% of Japan's imports from China \
             fall in categories a dual-use ban could reach ({}, {}). It is a judgement of broad \
             product categories, not a match of trade against the list's customs codes, so it \
             need not lie between these bounds.",
            (f.value() * Decimal::ONE_HUNDRED).normalize(),
            f.source(),
            f.url()
        )?;
    }
    writeln!(out, "\n   Exporters with blocked value ({cur})")?;
    writeln!(
        out,
        "   {:<9} {:>18} {:>39}",
        "exporter", "baseline", "blocked"
    )?;
    let mut untouched = 0;
    for (e, [best, worst]) in d.by_exporter().rows() {
        if worst[2].is_zero() {
            untouched += 1;
            continue;
        }
        writeln!(
            out,
            "   {:<9} {:>18.0} {:>39}",
            e.to_string(),
            Grouped(best[0]),
            range(Bounds::new(best[2], worst[2])?)
        )?;
    }
    writeln!(out, "   ({untouched} other exporters: nothing blocked)")?;
    Ok(())
}

/// The blocked value by control class (category and group of China's
/// list) and the products that drive the upper bound.
fn classes(
    out: &mut impl Write,
    result: &ScenarioResult,
    catalogue: &Catalogue,
    o: &Options,
    cur: Currency,
) -> Result<(), Box<dyn Error>> {
    let d = result.direct();
    let by_class = d.by_category(&catalogue.correlation().by_class(Issuer::China));
    let mut rows: Vec<_> = by_class
        .rows()
        .iter()
        .filter(|(_, [_, worst])| !worst[2].is_zero())
        .collect();
    rows.sort_by(|a, b| b.1[1][2].cmp(&a.1[1][2]).then(a.0.cmp(&b.0)));
    writeln!(
        out,
        "\n3. Blocked by control class (category and group of China's list; a product \
         counts under every class it is linked to, so classes overlap), {cur}"
    )?;
    for (class, [best, worst]) in rows.iter().take(o.top) {
        writeln!(
            out,
            "   {:<3} {:<60} {}",
            class.to_string(),
            truncate(&class.name(), 60),
            range(Bounds::new(best[2], worst[2])?)
        )?;
    }
    if rows.len() > o.top {
        writeln!(out, "   and {} more classes", rows.len() - o.top)?;
    }
    let mut products: Vec<_> = d
        .by_product(HsLevel::Subheading)
        .rows()
        .iter()
        .filter(|(_, [_, worst])| !worst[2].is_zero())
        .copied()
        .collect();
    products.sort_by(|a, b| b.1[1][2].cmp(&a.1[1][2]).then(a.0.cmp(&b.0)));
    writeln!(out, "\n   Products that drive the upper bound ({cur})")?;
    writeln!(
        out,
        "   {:<8} {:>18} {:>39}",
        "product", "baseline", "blocked"
    )?;
    for (p, [best, worst]) in products.iter().take(o.top) {
        writeln!(
            out,
            "   {:<8} {:>18.0} {:>39}",
            p.to_string(),
            Grouped(best[0]),
            range(Bounds::new(best[2], worst[2])?)
        )?;
    }
    if products.len() > o.top {
        writeln!(out, "   and {} more products", products.len() - o.top)?;
    }
    Ok(())
}

/// Stage 2: what other suppliers replace and what remains short.
fn substitution(
    out: &mut impl Write,
    result: &ScenarioResult,
    o: &Options,
    cur: Currency,
) -> Result<(), Box<dyn Error>> {
    let s = result.substitution();
    writeln!(out, "\n4. Substitution (reallocation rate {})", s.rate())?;
    writeln!(
        out,
        "   {:<28} {:.0} .. {:.0} {cur}\n   {:<28} {} {cur}",
        "replaced by other suppliers",
        Grouped(s.substituted(Case::Best)),
        Grouped(s.substituted(Case::Worst)),
        "shortfall",
        range(s.shortfall())
    )?;
    if o.file.is_none() {
        writeln!(
            out,
            "   (the embedded baseline holds no world exports: spare capacity unknown, taken as 0)"
        )?;
    }
    let by_heading = s.by_product(HsLevel::Heading, cur);
    let mut rows: Vec<_> = by_heading
        .rows()
        .iter()
        .filter(|(_, [_, worst])| !worst[2].is_zero())
        .collect();
    rows.sort_by(|a, b| b.1[1][2].cmp(&a.1[1][2]).then(a.0.cmp(&b.0)));
    writeln!(out, "\n   Shortfall by heading ({cur})")?;
    if rows.is_empty() {
        writeln!(out, "   none")?;
    }
    for (p, [best, worst]) in rows.iter().take(o.top) {
        writeln!(
            out,
            "   {:<6} {}",
            p.to_string(),
            range(Bounds::new(best[2], worst[2])?)
        )?;
    }
    if rows.len() > o.top {
        writeln!(out, "   and {} more headings", rows.len() - o.top)?;
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
    writeln!(out, "\n6. Sector effects, in millions of {cur} ({label})")?;
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
fn percent(part: Decimal, whole: Decimal) -> Decimal {
    part.checked_div(whole)
        .map_or(Decimal::ZERO, |r| (r * Decimal::ONE_HUNDRED).round_dp(1))
}

/// Bounds as `lower .. upper`, whole units with thousands separators.
fn range(b: Bounds) -> String {
    format!("{:.0} .. {:.0}", Grouped(b.lower()), Grouped(b.upper()))
}

/// At most `n` characters of `s`.
fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(3)).collect();
        t.push_str("...");
        t
    }
}

fn indent(text: &str) -> String {
    text.lines().fold(String::new(), |mut acc, l| {
        acc.push_str("   ");
        acc.push_str(l);
        acc.push('\n');
        acc
    })
}
