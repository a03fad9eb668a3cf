//! How dependent is an economy on one partner for its imports? Partner
//! shares by year, the products where the partner's share is highest,
//! supplier concentration (HHI), and the products the EU SWD(2021) 352
//! and CEPII `GeoDep` screens flag.
//!
//! ```text
//! cargo run --example dependence                   # embedded published figures
//! cargo run --release --example dependence -- BACI_Y2022.csv BACI_Y2023.csv BACI_Y2024.csv
//! cargo run --release --example dependence -- BACI_HS22_V202501.zip   # every year of the archive
//! cargo run --example dependence -- --importer CHL --partner ARG chl_arg_2004.csv
//! ```
//!
//! Files are read in CEPII BACI's layout (`t,i,j,k,v,q`, thousands of
//! USD), one year a file (plain or gzip), or CEPII's zip archive whole
//! (every yearly member); give three consecutive years for the `GeoDep`
//! screen's persistence rule (2 years of 3). The importer and partner
//! default to Japan and China; `--min-value V` (default 1,000,000 in the
//! data's currency) keeps small products out of the ranking by share.
//!
//! Without files, the embedded default is used: Japan's 2024 imports of
//! rare-earth metals, scandium, yttrium and mercury (HS 2805) by supplier,
//! authored from published figures (sources below). It holds one year of
//! one product and only Japan's imports, so the screens there read the
//! export side as empty (`GeoDep` counts zero exports as a ratio of 9999)
//! and the persistence rule is cut to the one year present; a BACI year
//! gives the full picture.

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::error::Error;
use std::io::Write;

use rust_decimal::Decimal;
use tradedep::metrics::{EuScreen, GeoDepScreen, PartnerShares, ProductConcentrations};
use tradedep::{
    Economy, EconomyGroup, Frequency, HsCode, HsLevel, Money, Period, Query, Reader, TradeData,
};

/// Japan's imports of HS 2805 (alkali or alkaline-earth metals;
/// rare-earth metals, scandium and yttrium; mercury) in 2024, in USD, by
/// supplier: USD 270.92 million in all, of which Viet Nam 59.8%, China
/// 29.6%, Thailand 8.1%, France 1.9% and the Russian Federation 0.3%
/// (GTAIC, "Rare Earth Metals and Mercury market in Japan", from UN
/// Comtrade, <https://gtaic.ai/market-reports/rare-earth-metals-and-mercury-market-japan-forecast-in-2025>).
///
/// The values are those shares of USD 270.92 million. The 0.3% the source
/// leaves to other suppliers is not attributed and so not included: the
/// shares below are of the 99.7% named.
const SAMPLE: &str = "\
reporter,partner,direction,product,period,value,currency,valuation,provenance
JPN,VNM,import,2805,2024,162010160,USD,CIF,declared
JPN,CHN,import,2805,2024,80192320,USD,CIF,declared
JPN,THA,import,2805,2024,21944520,USD,CIF,declared
JPN,FRA,import,2805,2024,5147480,USD,CIF,declared
JPN,RUS,import,2805,2024,812760,USD,CIF,declared
";

struct Options {
    importer: Economy,
    partner: Economy,
    min_value: Decimal,
    files: Vec<String>,
    svg: Option<String>,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        importer: "JPN".parse()?,
        partner: "CHN".parse()?,
        min_value: Decimal::from(1_000_000),
        files: Vec::new(),
        svg: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--importer" => o.importer = value("--importer")?.parse()?,
            "--partner" => o.partner = value("--partner")?.parse()?,
            "--min-value" => o.min_value = value("--min-value")?.parse()?,
            "--svg" => o.svg = Some(value("--svg")?),
            "-h" | "--help" => {
                return Err("usage: dependence [--importer JPN] [--partner CHN] \
                            [--min-value V] [--svg DIR] [BACI.csv ...]"
                    .into());
            }
            _ => o.files.push(arg),
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
    let (data, source, caveat) = if o.files.is_empty() {
        let (data, _) = Reader::tidy_csv().read(SAMPLE.as_bytes())?;
        let source = "embedded default (Japan's 2024 imports of HS 2805, published shares)";
        let caveat = "one product (HS 2805) in one year, and only Japan's imports: the screens \
                      read the export side as empty and persistence is cut to that year; the \
                      0.3% of imports the source leaves unattributed is left out";
        (data, source.to_owned(), Some(caveat))
    } else {
        (read_years(&o.files)?, o.files.join(", "), None)
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "Source: {source}")?;
    if let Some(c) = caveat {
        writeln!(out, "Caveat: {c}")?;
    }
    writeln!(
        out,
        "How dependent is {} on {}?\n",
        o.importer.name(),
        o.partner.name()
    )?;
    partner_shares(&mut out, &data, &o)?;
    let Some(latest) = data
        .periods()
        .into_iter()
        .filter(|p| p.frequency() == Frequency::Annual)
        .max()
    else {
        return Err("the data holds no annual flows".into());
    };
    products_by_share(&mut out, &data, &o, latest)?;
    concentration(&mut out, &data, &o, latest)?;
    screens(&mut out, &data, &o, latest.year())?;
    chart(&data, &o, latest)
}

/// With `--svg DIR`, the importer's largest suppliers in the latest year
/// as a bar chart in `DIR/dependence.svg`.
#[cfg(feature = "charts")]
fn chart(data: &TradeData, o: &Options, latest: Period) -> Result<(), Box<dyn Error>> {
    let Some(dir) = &o.svg else { return Ok(()) };
    let shares = PartnerShares::imports(data, &Query::new().importer(o.importer).period(latest))?;
    let title = format!("{}'s suppliers, {latest}", o.importer.name());
    std::fs::create_dir_all(dir)?;
    let path = std::path::Path::new(dir).join("dependence.svg");
    std::fs::write(
        &path,
        tradedep::charts::shares(&shares, o.importer, 8, &title)?,
    )?;
    println!("\nChart: {}", path.display());
    Ok(())
}

#[cfg(not(feature = "charts"))]
fn chart(_: &TradeData, o: &Options, _: Period) -> Result<(), Box<dyn Error>> {
    match o.svg {
        Some(_) => Err("--svg needs the `charts` feature: \
                        cargo run --features charts --example dependence -- --svg DIR"
            .into()),
        None => Ok(()),
    }
}

/// Reads one BACI file a year into one table.
fn read_years(files: &[String]) -> Result<TradeData, Box<dyn Error>> {
    let mut years = Vec::with_capacity(files.len());
    for path in files {
        let (data, report) = read_one(path)?;
        eprintln!("{path}: {report}");
        years.push(data);
    }
    if years.len() == 1 {
        return Ok(years.remove(0));
    }
    Ok(TradeData::from_flows(
        years.iter().flat_map(TradeData::iter),
    )?)
}

/// A BACI archive as CEPII ships it (a CSV per year in one zip) reads
/// every year; any other file, plain or gzip, as it is.
#[cfg(feature = "compression")]
fn read_one(path: &str) -> Result<(TradeData, tradedep::ReadReport), Box<dyn Error>> {
    if Reader::zip_members(path).is_ok() {
        Ok(Reader::baci().read_zip(path, &tradedep::ZipPick::AllYears)?)
    } else {
        Ok(Reader::baci().read_path(path)?)
    }
}

#[cfg(not(feature = "compression"))]
fn read_one(path: &str) -> Result<(TradeData, tradedep::ReadReport), Box<dyn Error>> {
    Ok(Reader::baci().read_path(path)?)
}

/// The partner's share of the importer's imports in every year, and the
/// importer's five largest suppliers in each.
fn partner_shares(
    out: &mut impl Write,
    data: &TradeData,
    o: &Options,
) -> Result<(), Box<dyn Error>> {
    writeln!(
        out,
        "Share of {} in {}'s imports, by year",
        o.partner, o.importer
    )?;
    writeln!(
        out,
        "{:<6} {:>8} {:>6}  largest suppliers",
        "year", "share", "rank"
    )?;
    for period in data.periods() {
        let shares =
            PartnerShares::imports(data, &Query::new().importer(o.importer).period(period))?;
        let rows = shares.of(o.importer);
        let Some(rank) = rows.iter().position(|r| r.partner() == o.partner) else {
            writeln!(out, "{period:<6} {:>8} {:>6}", "none", "-")?;
            continue;
        };
        let top: Vec<String> = shares
            .top(o.importer, 5)
            .iter()
            .map(|r| format!("{} {}", r.partner(), percent(r.share())))
            .collect();
        writeln!(
            out,
            "{period:<6} {:>8} {:>6}  {}",
            percent(shares.share(o.importer, o.partner)),
            rank + 1,
            top.join(", ")
        )?;
    }
    writeln!(out)?;
    Ok(())
}

/// The HS6 products where the partner's share of the importer's imports
/// is highest, among products worth at least `min_value`.
fn products_by_share(
    out: &mut impl Write,
    data: &TradeData,
    o: &Options,
    period: Period,
) -> Result<(), Box<dyn Error>> {
    let year = &Query::new().period(period);
    let imports = year.clone().importer(o.importer);
    let all = data.totals_by_product(&imports, HsLevel::Subheading)?;
    let from_partner =
        data.totals_by_product(&imports.clone().exporter(o.partner), HsLevel::Subheading)?;
    let mut ranked: Vec<(HsCode, Money, Decimal)> = Vec::new();
    let mut over_half = (0usize, Money::zero(data.currency()));
    for (code, value) in &from_partner {
        let Some(total) = all.get(code) else { continue };
        let share = value.ratio(total)?;
        if share > Decimal::new(5, 1) {
            over_half.0 += 1;
            over_half.1 = over_half.1.checked_add(value)?;
        }
        if total.amount() >= o.min_value {
            ranked.push((*code, *value, share));
        }
    }
    ranked.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.amount().cmp(&a.1.amount())));
    writeln!(
        out,
        "Products by {}'s share of {}'s imports ({}, imports of at least {} {})",
        o.partner,
        o.importer,
        period,
        o.min_value,
        data.currency()
    )?;
    writeln!(
        out,
        "{:<8} {:>8} {:>22}",
        "product", "share", "from partner"
    )?;
    for (code, value, share) in ranked.iter().take(15) {
        writeln!(
            out,
            "{:<8} {:>7}% {:>22}",
            code.to_string(),
            (share * Decimal::ONE_HUNDRED).round_dp(1),
            value.amount().round_dp(0)
        )?;
    }
    writeln!(
        out,
        "Products getting more than half their imports from {}: {}, worth {} {} from it.\n",
        o.partner,
        over_half.0,
        over_half.1.amount().round_dp(0),
        data.currency()
    )?;
    Ok(())
}

/// Supplier concentration of the importer's largest HS6 imports.
fn concentration(
    out: &mut impl Write,
    data: &TradeData,
    o: &Options,
    period: Period,
) -> Result<(), Box<dyn Error>> {
    let year = &Query::new().period(period);
    let hhi = ProductConcentrations::imports(
        data,
        &year.clone().importer(o.importer),
        HsLevel::Subheading,
    )?;
    let mut rows: Vec<_> = hhi.rows().iter().collect();
    rows.sort_by_key(|r| Reverse(r.total().amount()));
    let threshold = Decimal::new(4, 1);
    let concentrated: Vec<_> = rows
        .iter()
        .filter(|r| r.hhi().is_some_and(|h| h.value() > threshold))
        .collect();
    let led = concentrated
        .iter()
        .filter(|r| r.largest() == o.partner)
        .count();
    writeln!(
        out,
        "Supplier concentration of {}'s largest imports ({})",
        o.importer, period
    )?;
    writeln!(
        out,
        "{:<8} {:>22} {:>9} {:>7} {:>8}  largest",
        "product", "value", "suppliers", "HHI", "points"
    )?;
    for r in rows.iter().take(10) {
        let (h, points) = r.hhi().map_or(("-".to_owned(), "-".to_owned()), |h| {
            (format!("{h:.3}"), h.points().round_dp(0).to_string())
        });
        writeln!(
            out,
            "{:<8} {:>22} {:>9} {:>7} {:>8}  {} {}",
            r.product().to_string(),
            r.total().amount().round_dp(0),
            r.suppliers(),
            h,
            points,
            r.largest(),
            percent(r.largest_share())
        )?;
    }
    writeln!(
        out,
        "Products with HHI above 0.4: {} of {}; {} is the largest supplier of {led} of them.\n",
        concentrated.len(),
        rows.len(),
        o.partner
    )?;
    Ok(())
}

/// The EU SWD(2021) 352 method applied to the importer as a one-member
/// bloc, and CEPII `GeoDep` for the latest year; flagged products where the
/// partner is the largest supplier are listed.
fn screens(
    out: &mut impl Write,
    data: &TradeData,
    o: &Options,
    year: i32,
) -> Result<(), Box<dyn Error>> {
    let bloc = EconomyGroup::new(o.importer.to_string(), [o.importer])?;
    let in_year = Query::new().period(Period::annual(year)?);
    let eu = EuScreen::swd_2021_352().run(data, &bloc, &in_year)?;
    let years: BTreeSet<i32> = data.periods().into_iter().map(Period::year).collect();
    let present = (year - 2..=year).filter(|y| years.contains(y)).count() as u16;
    // Fewer than three years: the persistence rule is cut to the years
    // present, all of which must hold.
    let (window, min_years) = if present >= 3 {
        (3, 2)
    } else {
        (present.max(1), present.max(1))
    };
    let geodep = GeoDepScreen::cepii().with_persistence(window, min_years)?;
    let geo = geodep.run(data, o.importer, year, &Query::new())?;
    let hhi = ProductConcentrations::imports(
        data,
        &in_year.clone().importer(o.importer),
        HsLevel::Subheading,
    )?;
    let led_by_partner = |code: HsCode| {
        hhi.get(o.importer, code)
            .is_some_and(|r| r.largest() == o.partner)
    };

    let largest = |code: HsCode| {
        hhi.get(o.importer, code).map_or("-".to_owned(), |r| {
            format!("{} {}", r.largest(), percent(r.largest_share()))
        })
    };

    let mut eu_flags: Vec<_> = eu.dependent().collect();
    eu_flags.sort_by_key(|r| Reverse(r.total_imports().amount()));
    writeln!(
        out,
        "EU SWD(2021) 352 screen, {} as the bloc, {year}: flagged {}, of which led by {} {}",
        o.importer,
        eu_flags.len(),
        o.partner,
        eu_flags
            .iter()
            .filter(|r| led_by_partner(r.product()))
            .count(),
    )?;
    writeln!(
        out,
        "{:<8} {:>7} {:>11} {:>10}  largest",
        "product", "HHI", "extra share", "imp/exp"
    )?;
    for r in eu_flags.iter().take(10) {
        writeln!(
            out,
            "{:<8} {:>7} {:>11} {:>10}  {}",
            r.product().to_string(),
            r.hhi().map_or("-".into(), |h| format!("{h:.3}")),
            r.extra_share().map_or("-".into(), |s| format!("{s:.3}")),
            r.import_export_ratio()
                .map_or("no exp.".into(), |x| x.round_dp(2).to_string()),
            largest(r.product())
        )?;
    }

    let latest = |r: &&tradedep::metrics::GeoDepRow| {
        r.years()
            .iter()
            .find(|y| y.year() == year)
            .map_or(Decimal::ZERO, |y| y.imports().amount())
    };
    let mut geo_flags: Vec<_> = geo.dependent().collect();
    geo_flags.sort_by_key(|r| Reverse(latest(r)));
    writeln!(
        out,
        "\nCEPII GeoDep screen, {}, {min_years} of {window} years to {year}: flagged {}, of which led by {} {}",
        o.importer,
        geo_flags.len(),
        o.partner,
        geo_flags
            .iter()
            .filter(|r| led_by_partner(r.product()))
            .count(),
    )?;
    writeln!(
        out,
        "{:<8} {:>10} {:>10} {:>10}  largest",
        "product", "import HHI", "export HHI", "imp/exp"
    )?;
    for r in geo_flags.iter().take(10) {
        let Some(y) = r.years().iter().find(|y| y.year() == year) else {
            continue;
        };
        writeln!(
            out,
            "{:<8} {:>10} {:>10} {:>10}  {}",
            r.product().to_string(),
            y.import_hhi().map_or("-".into(), |h| format!("{h:.3}")),
            y.export_hhi().map_or("-".into(), |h| format!("{h:.3}")),
            y.ratio().map_or("-".into(), |x| x.round_dp(2).to_string()),
            largest(r.product())
        )?;
    }
    Ok(())
}

/// A share as a percentage with one decimal, or `-` when undefined.
fn percent(share: Option<tradedep::metrics::Share>) -> String {
    share.map_or("-".to_owned(), |s| {
        format!("{}%", (s.value() * Decimal::ONE_HUNDRED).round_dp(1))
    })
}
