//! Track one economy's monthly imports from another: growth on the month
//! and on the year, cumulative growth, an index, yearly totals, and
//! "highest since", as in "China's imports from Japan in December 2025,
//! USD 16.4 billion, were the highest since September 2022" (China's
//! customs, reported by Reuters on 14 January 2026).
//!
//! ```text
//! cargo run --example monthly_watch                 # embedded series
//! cargo run --release --example monthly_watch -- comtrade_monthly.csv
//! cargo run --example monthly_watch -- --importer CHN --exporter JPN comtrade_monthly.csv
//! cargo run --features charts --example monthly_watch -- --svg charts/
//! ```
//!
//! A file is read in UN Comtrade's CSV layout (monthly periods such as
//! `202512`; commodity `TOTAL`, chapters or subheadings). Where the file
//! holds several product levels, the coarsest is used (`TOTAL` where
//! present), never their sum, and the output says so. The importer and
//! exporter default to China and Japan. The importer's own declarations
//! are used where the file has them, the exporter's (the mirror)
//! otherwise, and the output says whose report it is; when both are there
//! their ratio is shown for the latest month.
//!
//! Without a file, the embedded series is used: Japan's monthly exports
//! to China, January 2015 to December 2019, the mirror of China's
//! imports from Japan, from Japan's Ministry of Finance (sources below).

use std::collections::BTreeMap;
use std::error::Error;
use std::io::Write;

use rust_decimal::Decimal;
use tradedep::metrics::{HighestSince, Mirror, Series};
use tradedep::{Currency, Direction, Economy, Frequency, Money, Period, Query, Reader};

/// Japan's exports to China (`exports`) and imports from China
/// (`imports`) by month, in thousands of yen, not seasonally adjusted:
/// Japan's Ministry of Finance, Trade Statistics of Japan, "Trade by
/// country, time series" (<https://www.customs.go.jp/toukei/suii/html/time_e.htm>).
/// The yearly sums agree with the Ministry's annual figures (exports to
/// China JPY 12.36 trillion in 2016 and 15.90 trillion in 2018, imports
/// from China 17.02 and 19.19 trillion).
const MOF_SERIES: &str = "\
month,exports,imports
2015-01,1041648955,1781556673
2015-02,888754382,1661407377
2015-03,1200858897,1379664834
2015-04,1120832317,1598729533
2015-05,1059500564,1443775923
2015-06,1159911135,1573658067
2015-07,1179397625,1654068003
2015-08,1063067461,1551202379
2015-09,1111035501,1846678594
2015-10,1184291494,1725717362
2015-11,1056943277,1651046166
2015-12,1157108706,1561306645
2016-01,860043395,1675492271
2016-02,933727420,1317377065
2016-03,1116062660,1468437422
2016-04,1034940016,1331421296
2016-05,901965938,1303865049
2016-06,1043819464,1379964381
2016-07,1029722002,1297286501
2016-08,969092569,1313923338
2016-09,992991687,1540643224
2016-10,1074827124,1417484686
2016-11,1103152691,1488562581
2016-12,1301076770,1484529781
2017-01,886886609,1798164564
2017-02,1196581343,1081475195
2017-03,1299256611,1621085320
2017-04,1187521347,1431566816
2017-05,1116860627,1429572729
2017-06,1247845801,1461632136
2017-07,1211024996,1469027191
2017-08,1218815778,1460359482
2017-09,1284043470,1567459109
2017-10,1353911511,1620934164
2017-11,1379511485,1812130369
2017-12,1507446408,1705851732
2018-01,1159935313,1739159504
2018-02,1079806953,1509497840
2018-03,1439563451,1349970167
2018-04,1316354888,1464423233
2018-05,1272400478,1554143133
2018-06,1385923346,1454580700
2018-07,1355263786,1568540294
2018-08,1364604507,1548800989
2018-09,1262181321,1635003126
2018-10,1475544344,1883375918
2018-11,1384321651,1888392947
2018-12,1401840410,1597764700
2019-01,958052245,1840194452
2019-02,1140243612,1272570788
2019-03,1304677461,1499276086
2019-04,1233015895,1552668290
2019-05,1148352255,1542668514
2019-06,1246155656,1378763713
2019-07,1228724965,1614060114
2019-08,1200122103,1419140444
2019-09,1177016428,1620742736
2019-10,1322479680,1593893769
2019-11,1310094421,1578414093
2019-12,1413010663,1541338119
";

struct Options {
    importer: Economy,
    exporter: Economy,
    file: Option<String>,
    svg: Option<String>,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        importer: "CHN".parse()?,
        exporter: "JPN".parse()?,
        file: None,
        svg: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--importer" => o.importer = value("--importer")?.parse()?,
            "--exporter" => o.exporter = value("--exporter")?.parse()?,
            "--svg" => o.svg = Some(value("--svg")?),
            "-h" | "--help" => {
                return Err(
                    "usage: monthly_watch [--importer CHN] [--exporter JPN] [--svg DIR] \
                     [COMTRADE.csv]"
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
    let mut out = std::io::stdout().lock();
    let (title, series) = match &o.file {
        None => {
            let (chn, jpn) = ("China", "Japan");
            let title = format!("{jpn}'s exports to {chn}, as {jpn} reports them");
            writeln!(
                out,
                "Source: embedded series, Japan's Ministry of Finance: {title}, \
                 the mirror of {chn}'s imports from {jpn}."
            )?;
            writeln!(
                out,
                "Caveats: a sample from 2015-01 to 2019-12 in yen, not seasonally adjusted; \
                 Japan's exports are valued FOB and China's imports CIF, and the two \
                 reports also differ by timing and by goods routed through Hong Kong, \
                 so this is not China's own figure.\n"
            )?;
            (title, embedded()?)
        }
        Some(path) => {
            let (data, report) = Reader::comtrade().read_path(path)?;
            eprintln!("{path}: {report}");
            // Never a sum of TOTAL and its chapters: the coarsest level.
            let level = data
                .hs_levels()
                .first()
                .copied()
                .ok_or("the file holds no flows")?;
            let pair = Query::new()
                .importer(o.importer)
                .exporter(o.exporter)
                .hs_level(level);
            let declared = pair.clone().direction(Direction::Import);
            let (query, title) = if data.count(&declared)? > 0 {
                let title = format!(
                    "{}'s imports from {}, as {} reports them",
                    o.importer.name(),
                    o.exporter.name(),
                    o.importer.name()
                );
                (declared, title)
            } else {
                let title = format!(
                    "{}'s exports to {}, as {} reports them (the mirror of {}'s imports)",
                    o.exporter.name(),
                    o.importer.name(),
                    o.exporter.name(),
                    o.importer.name()
                );
                (pair.clone().direction(Direction::Export), title)
            };
            writeln!(
                out,
                "Source: {path}: {title}; products at HS level {level}\n"
            )?;
            let series = Series::from_data(&data, &query, Frequency::Monthly)?;
            if let Some((latest, _)) = series.points().last() {
                let m = Mirror::between(&data, o.importer, o.exporter, &pair.period(latest))?;
                if let Some(ratio) = m.ratio() {
                    writeln!(
                        out,
                        "Mirror, {latest}: imports declared {} / exports declared {} = {}\n",
                        m.reported_imports(),
                        m.reported_exports(),
                        ratio.round_dp(3)
                    )?;
                }
            }
            (title, series)
        }
    };
    watch(&mut out, &title, &series)?;
    chart(o.svg.as_deref(), &series, &title)
}

/// With `--svg DIR`, the series as an SVG chart in `DIR/monthly_watch.svg`.
#[cfg(feature = "charts")]
fn chart(dir: Option<&str>, series: &Series, title: &str) -> Result<(), Box<dyn Error>> {
    let Some(dir) = dir else { return Ok(()) };
    std::fs::create_dir_all(dir)?;
    let path = std::path::Path::new(dir).join("monthly_watch.svg");
    std::fs::write(&path, tradedep::charts::series(series, title)?)?;
    println!("\nChart: {}", path.display());
    Ok(())
}

#[cfg(not(feature = "charts"))]
fn chart(dir: Option<&str>, _: &Series, _: &str) -> Result<(), Box<dyn Error>> {
    match dir {
        Some(_) => Err("--svg needs the `charts` feature: \
                        cargo run --features charts --example monthly_watch -- --svg DIR"
            .into()),
        None => Ok(()),
    }
}

/// The embedded Ministry of Finance series of Japan's exports to China.
fn embedded() -> Result<Series, Box<dyn Error>> {
    let mut points = Vec::new();
    for line in MOF_SERIES.lines().skip(1) {
        let mut fields = line.split(',');
        let (Some(month), Some(exports)) = (fields.next(), fields.next()) else {
            return Err(format!("bad embedded line {line:?}").into());
        };
        let value = Money::from_thousands(exports.parse()?, Currency::JPY)?;
        points.push((month.parse::<Period>()?, value));
    }
    Ok(Series::new(points)?)
}

fn watch(out: &mut impl Write, title: &str, series: &Series) -> Result<(), Box<dyn Error>> {
    let points: Vec<(Period, Money)> = series.points().collect();
    let (Some((first, _)), Some((latest, value))) =
        (points.first().copied(), points.last().copied())
    else {
        return Err("the series is empty".into());
    };
    writeln!(out, "{title}, {latest}: {}", billions(value))?;
    writeln!(out, "  on the month: {}", percent(series.growth(latest)))?;
    writeln!(
        out,
        "  on the year:  {}",
        percent(series.year_on_year(latest))
    )?;
    writeln!(
        out,
        "  since {first}: {}",
        percent(series.cumulative(first, latest))
    )?;
    match series.highest_since(latest) {
        Some(HighestSince::Period(p)) => writeln!(out, "  the highest since {p}")?,
        Some(HighestSince::Start) => {
            writeln!(out, "  the highest since the series starts ({first})")?;
        }
        None => {}
    }

    writeln!(out, "\nThe last 13 months (index: {first} = 100)")?;
    writeln!(
        out,
        "{:<8} {:>16} {:>9} {:>9} {:>7}  highest since",
        "month", "value", "on month", "on year", "index"
    )?;
    let index: BTreeMap<Period, Decimal> = series
        .index(first)
        .unwrap_or_default()
        .into_iter()
        .collect();
    for &(p, v) in points.iter().rev().take(13).rev() {
        writeln!(
            out,
            "{:<8} {:>16} {:>9} {:>9} {:>7}  {}",
            p.to_string(),
            billions(v),
            percent(series.growth(p)),
            percent(series.year_on_year(p)),
            index
                .get(&p)
                .map_or("-".to_owned(), |i| i.round_dp(1).to_string()),
            series
                .highest_since(p)
                .map_or("-".to_owned(), |h| h.to_string())
        )?;
    }

    // "In at least a year": a record over twelve months or more, so not
    // a month less than a year after the series starts.
    writeln!(out, "\nMonths that were the highest in at least a year")?;
    for &(p, v) in &points {
        let record = match series.highest_since(p) {
            Some(HighestSince::Start) if months_between(first, p) >= 12 => {
                Some(format!("since the series starts ({first})"))
            }
            Some(HighestSince::Period(since)) if months_between(since, p) > 12 => {
                Some(format!("since {since}"))
            }
            _ => None,
        };
        if let Some(record) = record {
            writeln!(out, "  {p}: {} the highest {record}", billions(v))?;
        }
    }

    match yearly(series)? {
        Some(yearly) => writeln!(out, "\nBy year (complete years only)\n{yearly}")?,
        None => writeln!(out, "\nNo complete year to total.")?,
    }
    Ok(())
}

/// Sums the months of each complete year into an annual series; `None`
/// when no year is complete.
fn yearly(series: &Series) -> Result<Option<Series>, Box<dyn Error>> {
    let mut years: BTreeMap<i32, (u8, Money)> = BTreeMap::new();
    for (p, v) in series.points() {
        let (months, sum) = years
            .entry(p.year())
            .or_insert((0, Money::zero(v.currency())));
        *months += 1;
        *sum = sum.checked_add(&v)?;
    }
    let mut points = Vec::new();
    for (year, (months, sum)) in years {
        if months == 12 {
            points.push((Period::annual(year)?, sum));
        }
    }
    if points.is_empty() {
        return Ok(None);
    }
    Ok(Some(Series::new(points)?))
}

/// Whole months from `a` to `b`.
fn months_between(a: Period, b: Period) -> i32 {
    let m = |p: Period| p.year() * 12 + i32::from(p.month().unwrap_or(1));
    m(b) - m(a)
}

/// An amount in billions, rounded to one decimal (half to even), and its
/// currency.
fn billions(m: Money) -> String {
    let bn = m.amount() / Decimal::from(1_000_000_000);
    format!("{} bn {}", bn.round_dp(1), m.currency())
}

/// A growth rate as a signed percentage rounded to one decimal, or `-`
/// when undefined.
fn percent(rate: Option<Decimal>) -> String {
    rate.map_or("-".to_owned(), |r| {
        format!("{:+}%", (r * Decimal::ONE_HUNDRED).round_dp(1))
    })
}
