//! How much does Japan depend on China once supply chains are looked
//! through? Face value (what Japan buys from China directly) beside
//! look-through dependence (the Chinese output and value added that
//! Japan's final demand calls for, through every tier), the hidden part,
//! the top sectors, and the output lost in every country if China's
//! sales to Japan stop.
//!
//! ```text
//! cargo run --example look_through                      # embedded illustrative table
//! cargo run --release --example look_through -- --icio 2020_SML.csv
//! cargo run --example look_through -- --pymrio ../shared/data/io/test_mrio --importer reg1 --supplier reg2
//! cargo run --example look_through -- --labelled table.csv --importer JPN --supplier CHN
//! ```
//!
//! `--icio` reads the OECD ICIO CSV, `--pymrio` a directory of pymrio's
//! text files, `--labelled` the crate's labelled CSV layout (see
//! `MrioReader`). Regions default to Japan and China.
//!
//! Without a file, the embedded default is used: an ILLUSTRATIVE table of
//! three regions (Japan, China, Viet Nam) and three sectors, made up to
//! show the method, in the labelled layout. Its numbers are not
//! statistics. In it Japan buys parts from Viet Nam that are made with
//! Chinese materials, so China's look-through share exceeds its face
//! value.

use std::error::Error;

use tradedep::inputoutput::{Extraction, Mrio, MrioModel, MrioReader, Region};

/// Illustrative, not statistics: three regions, three sectors, one
/// final-demand category (households), in million USD. Rows balance (no
/// output column: output is the row sums), and the value-added row makes
/// the columns balance too.
const ILLUSTRATIVE: &str = "\
region,sector,JPN,JPN,JPN,CHN,CHN,CHN,VNM,VNM,VNM,JPN,CHN,VNM
,,materials,parts,machinery,materials,parts,machinery,materials,parts,machinery,households,households,households
JPN,materials,0,20,0,0,0,0,0,0,0,5,0,0
JPN,parts,0,0,60,0,0,15,0,0,0,10,0,0
JPN,machinery,0,0,0,0,0,0,0,0,0,150,20,0
CHN,materials,0,10,0,0,40,0,0,30,0,0,20,0
CHN,parts,0,0,20,0,0,30,0,0,0,0,10,0
CHN,machinery,0,0,0,0,0,0,0,0,0,30,100,0
VNM,materials,0,0,0,0,0,0,0,10,0,0,0,5
VNM,parts,0,0,50,0,0,5,0,0,10,0,0,5
VNM,machinery,0,0,0,0,0,0,0,0,0,10,0,20
,value added,25,55,40,100,20,80,15,30,20,,,
";

struct Options {
    source: Source,
    importer: Region,
    supplier: Region,
}

enum Source {
    Illustrative,
    Icio(String),
    Pymrio(String),
    Labelled(String),
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options {
        source: Source::Illustrative,
        importer: "JPN".parse()?,
        supplier: "CHN".parse()?,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--icio" => o.source = Source::Icio(value()?),
            "--pymrio" => o.source = Source::Pymrio(value()?),
            "--labelled" => o.source = Source::Labelled(value()?),
            "--importer" => o.importer = value()?.parse()?,
            "--supplier" => o.supplier = value()?.parse()?,
            other => {
                return Err(format!("unknown argument {other:?}; see the example's header").into());
            }
        }
    }
    Ok(o)
}

/// Face value beside look-through, by partner and by the importer's
/// sectors, and the origins behind its final demand.
fn dependence(model: &MrioModel<'_>, r: &Region, s: &Region) -> Result<(), Box<dyn Error>> {
    let hidden = model.hidden_exposure(r)?;
    let row = hidden
        .row(s)
        .ok_or(format!("{s} is not a partner of {r} in this table"))?;

    println!("\n{r}'s dependence on {s}");
    println!("  {:<44} {:>10} {:>10}", "", "face value", "look-through");
    println!(
        "  {:<44} {:>10} {:>10}",
        "share of the foreign part",
        pct(row.face_value()),
        pct(row.look_through())
    );
    println!(
        "  {:<44} {:>10} {:>10}",
        "share of the total (domestic included)",
        pct(row.face_value_of_total()),
        pct(row.look_through_of_total())
    );
    println!(
        "  {:<44} {:>10} {:>10}",
        "hidden (look-through less face value)",
        pct(row.hidden()),
        pct(row.hidden_of_total())
    );
    if let Some(va) = row.value_added() {
        println!(
            "  {s}'s share of the foreign value added in {r}'s final demand: {}",
            pct(Some(va))
        );
    }
    println!("\n{hidden}");

    println!("{r}'s sectors: {s}'s part of their foreign inputs");
    println!(
        "  {:<24} {:>10} {:>12} {:>8}",
        "sector", "face value", "look-through", "hidden"
    );
    let mut sectors = hidden.by_sector(s);
    sectors.sort_by(|a, b| {
        b.look_through()
            .unwrap_or(0.0)
            .total_cmp(&a.look_through().unwrap_or(0.0))
    });
    for sr in sectors.iter().take(10) {
        println!(
            "  {:<24} {:>10} {:>12} {:>8}",
            sr.sector(),
            pct(sr.face_value()),
            pct(sr.look_through()),
            pct(sr.hidden())
        );
    }

    println!("\nTop foreign region-sectors behind {r}'s final demand (output needed)");
    for (region, sector, v) in hidden.output().top_origins(8) {
        println!("  {:<8} {:<24} {v:>14.2}", region.code(), sector);
    }

    Ok(())
}

/// What every country loses if the supplier's sales to the importer stop.
fn extraction(model: &MrioModel<'_>, r: &Region, s: &Region) -> Result<(), Box<dyn Error>> {
    let cut = model.extract(&Extraction::sales(s.clone(), r.clone()))?;
    println!(
        "\nIf {s}'s sales to {r} stop (intermediate and final: {:.2} removed)",
        cut.removed()
    );
    println!(
        "  {:<8} {:>14} {:>14}",
        "region", "output lost", "value added"
    );
    let mut by_region = cut.lost_by_region();
    by_region.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (region, lost) in by_region.iter().take(12) {
        let va = cut
            .value_added_lost_in(region)
            .map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        println!("  {:<8} {lost:>14.2} {va:>14}", region.code());
    }
    println!("  most hit region-sectors:");
    for (region, sector, v) in cut.top(6) {
        println!("    {:<8} {:<24} {v:>12.2}", region.code(), sector);
    }

    Ok(())
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn main() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    let reader = MrioReader::new();
    let (table, label): (Mrio, String) = match &o.source {
        Source::Illustrative => (
            reader
                .clone()
                .unit("million USD")
                .read_labelled(ILLUSTRATIVE.as_bytes())?,
            "the embedded ILLUSTRATIVE table (made-up numbers, not statistics)".into(),
        ),
        Source::Icio(p) => (reader.read_icio_path(p)?, format!("OECD ICIO {p}")),
        Source::Pymrio(p) => (reader.read_pymrio_dir(p)?, format!("pymrio table {p}")),
        Source::Labelled(p) => (reader.read_labelled_path(p)?, format!("labelled table {p}")),
    };
    let (r, s) = (&o.importer, &o.supplier);
    println!(
        "Table: {label}\n  {} regions x {} sectors x {} final-demand categories; unit: {}",
        table.regions().len(),
        table.sectors().len(),
        table.categories().len(),
        table.unit().unwrap_or("not stated")
    );
    let model = table.model()?;
    dependence(&model, r, s)?;
    extraction(&model, r, s)?;
    println!(
        "\nCaveats:\n\
         - Look-through shares are of the foreign part: output (or value added) from every \
         other region, through every tier of the table's supply chains (x = L y).\n\
         - The Leontief model holds input coefficients fixed and prices out: no substitution, \
         no stocks. The extraction's losses are what feeding the removed sales required, \
         demand side only; the importer's own losses from missing inputs are a supply-side \
         (Ghosh) question, see ScenarioResult::mrio_effects.\n\
         - A table's sectors are broad: a cut of a few HS products is a fraction of a sector's \
         flow (scenario::MrioEffects maps products to sectors and says what exceeds the table)."
    );
    if matches!(o.source, Source::Illustrative) {
        println!(
            "- The table above is ILLUSTRATIVE, made up to show the method: give an OECD ICIO \
             file (--icio) for real figures."
        );
    }
    Ok(())
}
