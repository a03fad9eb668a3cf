//! Trade dependence, exactly: load real trade data into typed flows with
//! exact decimal values, and ask how much an economy depends on a partner.
//!
//! ```
//! use tradedep::{Economy, Query, Reader};
//!
//! // Three rows in CEPII BACI's layout: year, exporter, importer (BACI's
//! // numeric codes), HS6 product, value in thousands of USD, tons.
//! let baci = "t,i,j,k,v,q\n\
//!             2004,32,152,010121,20.945,NA\n\
//!             2004,32,152,270900,1500.5,\n\
//!             2004,842,152,270900,250.25,NA\n";
//! let (data, report) = Reader::baci().read(baci.as_bytes())?;
//! assert!(report.is_complete());
//!
//! let chile = Economy::from_alpha3("CHL")?;
//! let argentina = Economy::from_trade_code(32)?;
//! let all = data.total(&Query::new().importer(chile))?;
//! let from_arg = data.total(&Query::new().importer(chile).exporter(argentina))?;
//! assert_eq!(from_arg.in_thousands().to_string(), "1521.445");
//!
//! // Shares are exact decimals, never floating point.
//! let share = from_arg.ratio(&all)?;
//! assert_eq!(share.round_dp(4).to_string(), "0.8588");
//!
//! // Query any HS level: chapter 27 holds the crude oil of 2709.
//! let oil = data.total(&Query::new().importer(chile).product("27".parse()?))?;
//! assert_eq!(oil.to_string(), "1750750 USD");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! The vocabulary, re-exported at the crate root:
//!
//! - [`Economy`]: ISO 3166-1 countries and territories (`JPN`), former
//!   economies, the World and the unspecified areas of trade statistics,
//!   with UN Comtrade's and BACI's numbering ([`Economy::from_trade_code`]:
//!   842 is the United States). [`EconomyGroup`] for blocs such as
//!   [`EconomyGroup::eu27`].
//! - [`HsCode`]: a Harmonized System chapter, heading or subheading that
//!   never loses its leading zero, with [`HsEdition`] and a
//!   [`Nomenclature`] of valid codes and descriptions.
//! - [`Money`]: an exact [`rust_decimal::Decimal`] amount in a
//!   [`Currency`]; adding two currencies is an error, overflow is an
//!   error, and only an explicit [`ExchangeRates`] table converts. Every
//!   sum is exact: where its exact value needs more than the 28
//!   significant digits a `Decimal` holds (10^13 + 10^-16), it is an
//!   [`ErrorKind::Inexact`] error, never a rounded number; the streaming
//!   builders sum in 256 bits, so their answer never depends on the order
//!   of the flows or the number of threads.
//! - [`Quantity`] in a [`Unit`] (Comtrade's units and BACI's tons),
//!   [`Period`] (a year, quarter or month).
//! - [`TradeFlow`]: reporter, partner, [`Direction`], product, period,
//!   value, quantity, [`Valuation`] and [`Provenance`].
//! - [`TradeData`]: flows in one currency, indexed for fast [`Query`]s:
//!   totals by importer, exporter, pair, product at any HS level, period
//!   ([`TradeData::total`], [`TradeData::totals_by_product`], ...), and
//!   the matching flows themselves ([`TradeData::select`]).
//! - [`Error`]: one error type; [`ErrorKind`] says what, [`Position`]
//!   says where (file, line, record, column).
//!
//! # Data formats
//!
//! [`Reader`] streams these formats from any [`std::io::Read`] or a path,
//! strictly (the first bad record is an error) or leniently (bad records
//! are skipped and listed in a [`ReadReport`]), with a progress hook:
//!
//! | format | columns | values | reader |
//! | --- | --- | --- | --- |
//! | CEPII BACI | `t,i,j,k,v,q` | thousands of USD | [`Reader::baci`] |
//! | UN Comtrade (API and bulk, CSV or TSV) | `reporterCode, partnerCode, flowCode, cmdCode, period, primaryValue, ...` | USD | [`Reader::comtrade`] |
//! | tidy CSV (this crate's own) | `reporter, partner, direction, product, period, value, currency, ...` | any currency | [`Reader::tidy_csv`], [`TradeData::write_csv`] |
//! | JSON (this crate's own) | the tidy CSV's fields | any currency | [`Reader::json`], [`TradeData::write_json`] |
//! | Parquet (feature `parquet`) | BACI's or the tidy columns | exact from decimals and text; floats as their shortest decimal | `Reader::parquet`, `TradeData::write_parquet` |
//!
//! [`TradeData::write_baci`] writes BACI's layout back. Files come as
//! published: gzip and zip archives are recognised by their first bytes
//! (a BACI archive's members listed with [`Reader::zip_members`] and
//! read by name, by year or all at once with [`Reader::read_zip`]), and
//! fields separated by `;` or tabs by the header. [`TradeData::convert`]
//! turns a whole dataset into one currency, with a report of the rates
//! used. Every result table writes CSV and JSON with the same column
//! names, at full precision or as [`metrics::WriteOptions`] say.
//! [`concordance`] moves data, product selectors and control lists
//! between HS editions (a query over two editions is an error until
//! then), and [`inputoutput`] looks through supply chains with single-
//! and multi-region input-output tables.
//!
//! # Features
//!
//! | feature | default | what |
//! | --- | --- | --- |
//! | `serde` | on | serde forms of every vocabulary type and result |
//! | `json` | on | JSON files of trade data and tables |
//! | `compression` | on | gzip and zip input (`flate2`, `zip`) |
//! | `nomenclature` | off | the HS2022 nomenclature embedded (`Nomenclature::hs2022`) |
//! | `charts` | off | SVG charts of sweeps, series and shares (`charts`) |
//! | `parquet` | off | Parquet files of trade data and tables, Arrow record batches (`parquet`, `arrow-array`) |
//!
//! # Many years
//!
//! [`Reader::panel`] reads a panel of years one year at a time, in
//! bounded memory: a directory of yearly files (BACI's CSVs, Comtrade's
//! gzipped extracts), a zip archive of them (BACI as CEPII ships it), or
//! a Parquet dataset partitioned by year (`year=2024/`). Each flow's year
//! comes from the data and is checked against the year its file's name
//! carries. [`Panel::fold_years`] folds each year with the streaming
//! builders, on every core, and hands it out as soon as it is read;
//! [`metrics::GeoDepWindow`] then screens every economy with CEPII's
//! persistence window, keeping only what the window needs of earlier
//! years:
//!
//! ```no_run
//! use tradedep::Reader;
//! use tradedep::metrics::{GeoDepScreen, GeoDepYearBuilder};
//!
//! let screen = GeoDepScreen::cepii();
//! let mut window = screen.window();
//! Reader::baci().panel("BACI_HS92_V202501.zip")?.fold_years(
//!     || screen.year_builder(),
//!     |b, flow| b.push(&flow),
//!     GeoDepYearBuilder::merge,
//!     |year, b, _report| {
//!         let all = window.push(year, b)?;
//!         println!("{year}: {} products flagged", all.dependent().count());
//!         Ok(())
//!     },
//! )?;
//! # Ok::<(), tradedep::Error>(())
//! ```
//!
//! On loaded data of several years, [`metrics::GeoDepScreen::run_all`],
//! [`metrics::EuScreen::run_by_year`],
//! [`metrics::ProductConcentrations::by_year`] and
//! [`metrics::PartnerShareSeries`] give every year in one pass.
//!
//! # Beyond one machine
//!
//! The crate does trade dependence's domain logic exactly: HS editions,
//! aggregates kept apart from their parts, export-control rules and
//! their bounds, decimal money. Engines such as `DuckDB`, `DataFusion` or
//! Spark distribute work over many files and machines. The hand-over
//! between the two is Parquet in the crate's exact types (feature
//! `parquet`): `TradeData::write_parquet` writes the tidy columns, money
//! as `DECIMAL(38, s)` and codes as text that keeps its leading zeros,
//! and `TradeData::to_record_batch` gives the same as an Arrow batch.
//! Written partitioned by year (`flows/year=2024/part-0.parquet`), a
//! panel is one table to an engine:
//!
//! ```sql
//! SELECT year, importer, exporter, sum(value) AS value
//! FROM read_parquet('flows/*/*.parquet', hive_partitioning = true)
//! WHERE direction IN ('import', 'export') AND partner <> 'WLD'
//! GROUP BY ALL;
//! ```
//!
//! and its sums equal the crate's to the last digit, because neither side
//! ever held a float. `examples/handover.rs` writes such a panel and the
//! SQL of the dependence screen's pair sums; `benches/handover.sh` runs
//! that SQL in `DuckDB` and the same in polars, and checks both against
//! the crate's.
//!
//! # Aggregates beside their parts
//!
//! Official files carry totals beside the flows they add up: the World
//! as a partner, areas "n.e.s.", "all products" (`TOTAL`), chapters
//! beside their subheadings, re-exports beside exports, a year beside its
//! months. They are kept, and never added to their parts:
//!
//! - the World's flows are *reported totals*: a [`Query`] selects them
//!   only when it names [`Economy::WORLD`], and shares may divide by them
//!   ([`metrics::Denominator::ReportedTotal`]);
//! - unspecified areas are trade (totals count them) but never a
//!   supplier ([`Economy::is_attributed`]): no share, HHI, screen, RCA,
//!   exposure or substitute lists them;
//! - re-imports, re-exports, foreign imports and domestic exports are
//!   parts of imports and exports ([`Direction`]): a query that names no
//!   direction counts only the totals;
//! - "all products" is [`HsCode::TOTAL`], an HS level of its own; a
//!   query whose flows into one importer are at two HS levels or two
//!   frequencies is an [`ErrorKind::Overlap`] error naming both, until it
//!   picks one ([`Query::hs_level`], [`Query::frequency`]).
//!
//! ```
//! use tradedep::{Direction, Economy, ErrorKind, HsLevel, Query, TradeData, TradeFlow};
//!
//! let flow = |exp: Economy, hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
//!     TradeFlow::new("JPN".parse()?, exp, Direction::Import, hs.parse()?, "2025".parse()?, v.parse()?)
//! };
//! let (chn, usa) = ("CHN".parse()?, "USA".parse()?);
//! let data = TradeData::from_flows([
//!     flow(chn, "TOTAL", "236 USD")?,
//!     flow(usa, "TOTAL", "100 USD")?,
//!     flow(Economy::WORLD, "TOTAL", "1000 USD")?, // the reported total
//!     flow(chn, "85", "120 USD")?,                // a part of China's TOTAL
//! ])?;
//! let err = data.total(&Query::new()).unwrap_err();
//! assert!(matches!(err.kind(), ErrorKind::Overlap { .. }));
//! let all = Query::new().hs_level(HsLevel::Total);
//! assert_eq!(data.total(&all)?.to_string(), "336 USD"); // partners, not the World
//! assert_eq!(data.total(&all.exporter(Economy::WORLD))?.to_string(), "1000 USD");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Cookbook
//!
//! Read a BACI year and list an importer's largest suppliers:
//!
//! ```no_run
//! use tradedep::{Query, Reader};
//!
//! let (data, report) = Reader::baci()
//!     .skip_bad_records(20)
//!     .on_progress(|p| eprint!("\r{:.0}%", 100.0 * p.fraction().unwrap_or(0.0)))
//!     .read_path("BACI_HS22_Y2024_V202501.csv")?;
//! eprintln!("\n{report}");
//! let japan = "JPN".parse()?;
//! let mut suppliers: Vec<_> = data.totals_by_exporter(&Query::new().importer(japan))?.into_iter().collect();
//! suppliers.sort_by(|a, b| b.1.amount().cmp(&a.1.amount()));
//! for (exporter, value) in suppliers.iter().take(5) {
//!     println!("{exporter} {:<20} {:>15} thousand USD", exporter.name(), value.in_thousands());
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How concentrated are Japan's suppliers, product by product, and which
//! products pass the EU's dependence screen for the EU27?
//!
//! ```no_run
//! use tradedep::metrics::{EuScreen, ProductConcentrations};
//! use tradedep::{EconomyGroup, HsLevel, Query, Reader};
//!
//! let (data, _) = Reader::baci().read_path("BACI_HS22_Y2024_V202501.csv")?;
//! let japan = Query::new().importer("JPN".parse()?);
//! let hhi = ProductConcentrations::imports(&data, &japan, HsLevel::Subheading)?;
//! println!("{hhi:.3}");
//! let eu = EuScreen::swd_2021_352().run(&data, &EconomyGroup::eu27(), &Query::new())?;
//! for row in eu.dependent() {
//!     println!("{} HHI {}", row.product(), row.hhi().map_or("-".into(), |h| format!("{h:.2}")));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The `examples/` directory has one program per user story, each running
//! on an embedded default authored from published figures or on a real
//! file given as argument: `quickstart` (totals), `dependence` (partner
//! shares, supplier HHI and the EU and `GeoDep` screens), `monthly_watch`
//! (growth and "highest since"), `dual_use_exposure` (exposure bounds
//! under China's dual-use list and the rules that bind on a date),
//! `japan_china_scenario` (a ban's direct loss, substitution, runway and
//! sector effects), and `screen` (the dependence screen of the
//! benchmark).
//!
//! # Crate features
//!
//! - `serde` (default): `Serialize` and `Deserialize` for every
//!   vocabulary type, through its text form (money as exact decimal text,
//!   never `f64`).
//! - `json` (default, implies `serde`): [`Reader::json`] and
//!   [`TradeData::write_json`].
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88.
#![deny(missing_docs)]
// No input may make the library panic: no `unwrap`, `expect`, `panic!`,
// indexing or slicing that can fail, and no unchecked arithmetic. Where
// arithmetic is on values the code itself bounds (digit counts, table
// positions, validated ranges), the item says why in an `expect`
// attribute. Unit tests are exempt (see clippy.toml).
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable,
    clippy::todo,
    clippy::unimplemented,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::arithmetic_side_effects
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "charts")]
pub mod charts;
mod classify;
pub mod concordance;
pub mod controls;
mod csvutil;
mod data;
mod error;
pub mod inputoutput;
pub mod metrics;
mod model;
pub mod scenario;

/// The Arrow arrays and record batches that
/// [`TradeData::to_record_batch`] and
/// [`Table::to_record_batch`](metrics::Table::to_record_batch) return, at
/// the version the crate builds with (feature `parquet`).
#[cfg(feature = "parquet")]
pub use arrow_array;
pub use classify::selector::ProductSelector;
pub use csvutil::DEFAULT_MAX_LINE_BYTES;
pub use data::builder::TradeDataBuilder;
pub use data::convert::{CONVERTED_EXTRA_PLACES, ConversionReport, RatePeriod, RateUse};
#[cfg(feature = "parquet")]
pub use data::parquet_write::ParquetOptions;
pub use data::query::Query;
pub use data::read::{
    Compression, Flows, Format, Panel, PanelPart, PanelYear, PanelYears, Progress, ReadReport,
    Reader,
};
#[cfg(feature = "compression")]
pub use data::read::{ZipMember, ZipPick};
pub use data::store::TradeData;
pub use error::{Error, ErrorKind, MAX_QUOTED_BYTES, Position, Result};
pub use model::economy::{Economy, EconomyKind};
pub use model::edition::HsEdition;
pub use model::flow::{Direction, Provenance, Side, TradeFlow, Valuation};
pub use model::group::EconomyGroup;
pub use model::hs::{HsCode, HsLevel};
pub use model::money::{Currency, Money};
pub use model::national_line::NationalLine;
pub use model::nomenclature::{Nomenclature, NomenclatureEntry, section_numeral};
pub use model::period::{Frequency, Period, PeriodRange};
pub use model::presets::Preset;
pub use model::quantity::{Quantity, Unit};
pub use model::rates::ExchangeRates;

// The dependencies a user names: exact decimals and calendar dates, so
// that `tradedep` alone in a `Cargo.toml` is enough.
pub use chrono::{self, NaiveDate};
pub use rust_decimal::{self, Decimal};

/// The README's examples, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
