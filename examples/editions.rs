//! Converting a year of trade between HS editions: every split and merge
//! reported, totals conserved to the last unit.
//!
//! ```text
//! cargo run --example editions                 # embedded flows, embedded fragment of a table
//! cargo run --release --example editions -- --tables DIR BACI_HS17_Y2019.csv
//! cargo run --release --example editions -- --tables DIR --from HS2022 --to HS2017 BACI_HS22_Y2022.csv
//! ```
//!
//! `--tables DIR` names a directory of correlation tables, one per pair of
//! consecutive editions, named `hsNEW_to_hsOLD.csv` (UNSD's tables in the
//! crate's tidy layout or UNSD's own; see `Concordance::read_csv`): the
//! chain from `--from` (default HS2017) to `--to` (default HS2022) is
//! built from them, reversed where it runs from older to newer. The BACI
//! file is read in the `--from` edition. `--weights trade` splits by the
//! targets' trade in the converted year's own equal-split conversion (a
//! reference in the target edition); the default is equal parts.
//!
//! Without a table directory, the embedded default is used: four flows
//! of Japan's imports in HS2017 codes (illustrative values) and the links
//! of one change of the 2022 edition, authored from the two editions'
//! texts (sources below). They show one split; a real table converts a
//! whole year.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tradedep::concordance::{Concordance, Unmatched, Weights};
use tradedep::{HsEdition, Query, Reader};

/// Japan's imports in HS2017 codes (illustrative values, USD):
/// waste batteries, the 2017 subheading the 2022 edition split, and live
/// horses, which no edition changed.
const FLOWS: &str = "\
reporter,partner,direction,product,period,value,currency
JPN,KOR,import,HS2017:854810,2019,1200.5,USD
JPN,CHN,import,HS2017:854810,2019,300,USD
JPN,USA,import,HS2017:010121,2019,45,USD
JPN,FRA,import,HS2017:010121,2019,12.25,USD
";

/// HS2017 -> HS2022: 8548.10 (waste and scrap of primary cells,
/// batteries and accumulators) went to the new heading 85.49
/// ("electrical and electronic waste and scrap"), whose subheadings
/// 8549.11 to 8549.19 restate its text by the kind of cell (lead-acid
/// accumulators; other, containing lead, cadmium or mercury; sorted by
/// chemical type; unsorted; other); 0101.21 (pure-bred breeding horses)
/// is unchanged. Sources: the HS2022 nomenclature's texts of 8549.11 to
/// 8549.19 and HS2017's of 8548.10; the EU's notice of the 2022 changes
/// introducing heading 8549 (Regulation (EU) 2021/1832,
/// <https://trade.ec.europa.eu/access-to-markets/en/news/tariff-changes-applicable-01012022>).
const LINKS: [(&str, &str); 6] = [
    ("010121", "010121"),
    ("854810", "854911"),
    ("854810", "854912"),
    ("854810", "854913"),
    ("854810", "854914"),
    ("854810", "854919"),
];

struct Options {
    tables: Option<PathBuf>,
    from: HsEdition,
    to: HsEdition,
    trade: bool,
    file: Option<PathBuf>,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        tables: None,
        from: HsEdition::Hs2017,
        to: HsEdition::Hs2022,
        trade: false,
        file: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--tables" => o.tables = Some(value()?.into()),
            "--from" => o.from = value()?.parse()?,
            "--to" => o.to = value()?.parse()?,
            "--weights" => o.trade = value()? == "trade",
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other:?}; see the example's header").into());
            }
            file => o.file = Some(file.into()),
        }
    }
    Ok(o)
}

/// The chain of tables from `from` to `to`, each `hsNEW_to_hsOLD.csv`.
fn chain(dir: &Path, from: HsEdition, to: HsEdition) -> Result<Concordance, Box<dyn Error>> {
    let editions: Vec<HsEdition> = HsEdition::all().collect();
    let pos = |e: HsEdition| editions.iter().position(|x| *x == e).unwrap_or(0);
    let (a, b) = (pos(from), pos(to));
    let (lo, hi) = (a.min(b), a.max(b));
    let mut steps = Vec::new();
    for w in editions[lo..=hi].windows(2) {
        let (old, new) = (w[0], w[1]);
        let name = format!(
            "{}_to_{}.csv",
            new.to_string().to_lowercase(),
            old.to_string().to_lowercase()
        );
        let c = Concordance::read_csv_path(dir.join(&name))?;
        steps.push(if a < b { c.reverse() } else { c });
    }
    if a > b {
        steps.reverse();
    }
    let (c, report) = Concordance::chain(&steps)?;
    for (e, code) in report.dead_ends() {
        println!("note: {e} {code} has no link onward in the chain");
    }
    Ok(c)
}

/// The groups that moved the most value, and the largest split's weights.
fn print_groups(r: &tradedep::concordance::EditionReport) {
    println!("Groups that moved the most value:");
    println!(
        "  {:>4} {:>8} {:>8} {:>18} {:>18}",
        "kind", "sources", "targets", "value", "split"
    );
    for g in r.groups().iter().take(10) {
        println!(
            "  {:>4} {:>8} {:>8} {:>18} {:>18}   {}",
            g.kind().label(),
            g.sources().len(),
            g.targets().len(),
            g.value(),
            g.split(),
            g.sources()
                .iter()
                .take(3)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    if let Some(g) = r.groups().iter().find(|g| g.kind().splits()) {
        println!("\nThe largest split's weights (source -> target: share):");
        for (a, b, w) in g.weights().iter().take(8) {
            println!("  {a} -> {b}: {}", w.round_dp(4));
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    let (table, data, label) = match (&o.tables, &o.file) {
        (Some(dir), Some(file)) => {
            let t = Instant::now();
            let (data, _) = Reader::baci().read_path(file)?;
            let read = t.elapsed();
            let data = data.with_edition(o.from)?;
            println!("read {} flows in {read:.2?}", data.len());
            (chain(dir, o.from, o.to)?, data, file.display().to_string())
        }
        (None, None) => {
            let links = LINKS
                .iter()
                .map(|(a, b)| -> Result<_, tradedep::Error> { Ok((a.parse()?, b.parse()?)) });
            let links = links.collect::<Result<Vec<_>, _>>()?;
            let table = Concordance::new(HsEdition::Hs2017, HsEdition::Hs2022, links)?;
            let (data, _) = Reader::tidy_csv().read(FLOWS.as_bytes())?;
            (
                table,
                data,
                "the embedded flows (illustrative values)".to_owned(),
            )
        }
        _ => return Err("give both --tables DIR and a BACI file, or neither".into()),
    };
    println!(
        "Converting {label}: {} -> {}, {} links in {} groups",
        table.from_edition(),
        table.to_edition(),
        table.len(),
        table.groups().len()
    );
    let weights = if o.trade {
        let reference = table.convert(&data, &Weights::equal(), Unmatched::Skip)?;
        Weights::trade(reference.data(), &Query::new())?
    } else {
        Weights::equal()
    };
    let t = Instant::now();
    let out = table.convert(&data, &weights, Unmatched::Skip)?;
    println!("converted in {:.2?}", t.elapsed());
    let r = out.report();
    println!("\n{r}");
    print_groups(r);
    let before = data.total(&Query::new())?;
    let after = out.data().total(&Query::new())?;
    let skipped: Vec<String> = r
        .skipped()
        .iter()
        .take(5)
        .map(|(c, v)| format!("{c} ({v})"))
        .collect();
    println!(
        "\nTotal before {before}, after {after}; {} codes without correspondence left out{}",
        r.skipped().len(),
        if skipped.is_empty() {
            String::new()
        } else {
            format!(": {}", skipped.join(", "))
        }
    );
    println!(
        "\nCaveats:\n\
         - A split shares a code's value among its targets by the weights shown ({}); \
         the true shares are unknown to any table. Exposure to a list converted across \
         editions is therefore a range (Concordance::convert_selector gives its bounds).\n\
         - Values are split to their last unit and add up exactly; quantities are split alike.",
        r.weights()
    );
    if o.tables.is_none() {
        println!(
            "- The flows above are illustrative, and the links one change of the 2022 edition: \
             give --tables DIR and a BACI file for a real year."
        );
    }
    Ok(())
}
