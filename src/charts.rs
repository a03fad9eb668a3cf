//! SVG charts of results (feature `charts`): a scenario sweep with its
//! bounds, a time series with "highest since" marked, and the top
//! partners' shares.
//!
//! Drawn with [`plotters`](https://docs.rs/plotters) and its SVG backend
//! only (no fonts, no bitmaps: three small crates). Each chart is an SVG
//! document as a `String`, its title, axis descriptions and the plotted
//! values' labels as `<text>` elements, so it opens in a browser and
//! reads in a report. Values are converted to `f64` to be drawn: a chart
//! is a picture of exact results, not a place to read them from (write
//! the table for that).
//!
//! # Example
//!
//! ```
//! use tradedep::charts;
//! use tradedep::metrics::PartnerShares;
//! use tradedep::{Query, Reader};
//!
//! let csv = "t,i,j,k,v,q\n2024,156,392,850511,60,NA\n2024,704,392,850511,40,NA\n";
//! let (data, _) = Reader::baci().read(csv.as_bytes())?;
//! let shares = PartnerShares::imports(&data, &Query::new())?;
//! let svg = charts::shares(&shares, "JPN".parse()?, 10, "Japan's suppliers of magnets")?;
//! assert!(svg.starts_with("<svg") && svg.contains("suppliers of magnets"));
//! assert!(svg.contains("CHN 60.0%"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "chart coordinates: row numbers and values become pixels"
)]

use std::fmt::Display;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::error::{Error, ErrorKind, Result};
use crate::metrics::{Grouped, PartnerShares, Series};
use crate::model::economy::Economy;
use crate::scenario::{Case, ScenarioResult};

/// The size of every chart, in pixels.
const SIZE: (u32, u32) = (800, 480);

const FONT: &str = "sans-serif";

fn chart_error(e: impl Display) -> Error {
    Error::new(ErrorKind::Parameter {
        name: "chart",
        value: e.to_string(),
        expected: "data a chart can draw",
    })
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The range `[0, top]` with some room above the largest value (1 for
/// none).
fn room(max: f64) -> f64 {
    if max > 0.0 && max.is_finite() {
        max * 1.15
    } else {
        1.0
    }
}

/// A white chart titled `title`, with room for the axes' labels (`y_room`
/// pixels on the left).
fn frame<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, plotters::coord::Shift>,
    title: &str,
    y_room: u32,
) -> Result<ChartBuilder<'a, 'b, SVGBackend<'b>>> {
    root.fill(&WHITE).map_err(chart_error)?;
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(title, (FONT, 22))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(y_room);
    Ok(builder)
}

/// One run of a sweep, as drawn.
struct Run {
    x: f64,
    blocked: (f64, f64),
    short: (f64, f64),
    replaced: f64,
}

impl Run {
    fn of(x: Decimal, r: &ScenarioResult) -> Run {
        let (b, s) = (r.direct().blocked(), r.substitution().shortfall());
        Run {
            x: f(x),
            blocked: (f(b.lower()), f(b.upper())),
            short: (f(s.lower()), f(s.upper())),
            replaced: f(r.substitution().substituted(Case::Worst)),
        }
    }
}

/// A band of a sweep: which bounds of a run, its colour, its label.
type Band = (fn(&Run) -> (f64, f64), RGBColor, &'static str);

/// A legend's sample line.
fn legend_line(x: i32, y: i32, color: RGBColor) -> PathElement<(i32, i32)> {
    PathElement::new(vec![(x, y), (x.saturating_add(20), y)], color)
}

/// A value as a whole number with thousands separators.
fn grouped(v: f64) -> String {
    format!(
        "{:.0}",
        Grouped(Decimal::from_f64_retain(v).unwrap_or_default())
    )
}

/// A sweep of scenario runs ([`Scenario::sweep_approval`],
/// [`Scenario::sweep_reallocation`]): the swept rate across, and for each
/// run the blocked value and the shortfall as bands from the best case
/// to the worst, and what other suppliers replace in the worst case.
/// Each run's worst-case blocked value and shortfall are labelled.
///
/// [`Scenario::sweep_approval`]: crate::scenario::Scenario::sweep_approval
/// [`Scenario::sweep_reallocation`]: crate::scenario::Scenario::sweep_reallocation
///
/// # Errors
///
/// [`ErrorKind::Parameter`] for no runs, or when drawing fails.
pub fn sweep(runs: &[(Decimal, ScenarioResult)], rate: &str, title: &str) -> Result<String> {
    let Some((_, first)) = runs.first() else {
        return Err(chart_error("a sweep of no runs"));
    };
    let currency = first.direct().currency();
    let points: Vec<Run> = runs.iter().map(|(x, r)| Run::of(*x, r)).collect();
    let xs = points.iter().map(|p| p.x);
    let (x0, x1) = (
        xs.clone().fold(f64::INFINITY, f64::min),
        xs.fold(f64::NEG_INFINITY, f64::max),
    );
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    // Room on the right for the last values' labels, and above the
    // lines for the legend.
    let x1 = x1 + (x1 - x0) * 0.08;
    let top = room(
        points
            .iter()
            .flat_map(|p| [p.blocked.1, p.short.1, p.replaced])
            .fold(0.0, f64::max),
    ) * 1.3;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let mut chart = frame(&root, title, 130)?
            .build_cartesian_2d(x0..x1, 0.0..top)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc(rate)
            .y_desc(format!("value ({currency})"))
            .y_label_formatter(&|v| grouped(*v))
            .draw()
            .map_err(chart_error)?;
        let bands: [Band; 2] = [
            (|p| p.blocked, RED, "blocked (best to worst case)"),
            (|p| p.short, BLUE, "shortfall (best to worst case)"),
        ];
        for (of, color, label) in bands {
            let mut outline: Vec<(f64, f64)> = points.iter().map(|p| (p.x, of(p).1)).collect();
            outline.extend(points.iter().rev().map(|p| (p.x, of(p).0)));
            chart
                .draw_series(std::iter::once(Polygon::new(outline, color.mix(0.15))))
                .map_err(chart_error)?;
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.x, of(p).1)),
                    &color,
                ))
                .map_err(chart_error)?
                .label(label)
                .legend(move |(x, y)| legend_line(x, y, color));
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.x, of(p).0)),
                    color.mix(0.6),
                ))
                .map_err(chart_error)?;
            chart
                .draw_series(points.iter().map(|p| {
                    Text::new(
                        grouped(of(p).1),
                        (p.x, of(p).1),
                        (FONT, 12)
                            .into_font()
                            .color(&color)
                            .pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )
                }))
                .map_err(chart_error)?;
        }
        let green = RGBColor(0, 140, 60);
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.x, p.replaced)),
                &green,
            ))
            .map_err(chart_error)?
            .label("substituted (worst case)")
            .legend(move |(x, y)| legend_line(x, y, green));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font((FONT, 13))
            .draw()
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// A time series: one value per period, the periods across, the last
/// period's "highest since" marked and labelled ([`Series::highest_since`]).
///
/// # Errors
///
/// [`ErrorKind::Parameter`] for an empty series, or when drawing fails.
pub fn series(series: &Series, title: &str) -> Result<String> {
    let points: Vec<(crate::Period, crate::Money)> = series.points().collect();
    let Some((last, last_value)) = points.last().copied() else {
        return Err(chart_error("an empty series"));
    };
    let currency = last_value.currency();
    let n = points.len();
    let top = room(
        points
            .iter()
            .map(|(_, v)| f(v.amount()))
            .fold(0.0, f64::max),
    );
    let labels: Vec<String> = points.iter().map(|(p, _)| p.to_string()).collect();
    let since = series.highest_since(last);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let mut chart = frame(&root, title, 130)?
            .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..top)
            .map_err(chart_error)?;
        let step = n.div_ceil(12).max(1);
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .x_desc("period")
            .y_desc(format!("value ({currency})"))
            .x_labels(n.min(12))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 1e-9 || i < 0.0 {
                    return String::new();
                }
                let i = i as usize;
                if i.is_multiple_of(step) {
                    labels.get(i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| grouped(*v))
            .draw()
            .map_err(chart_error)?;
        let xy: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, (_, v))| (i as f64, f(v.amount())))
            .collect();
        chart
            .draw_series(LineSeries::new(xy.iter().copied(), &BLUE))
            .map_err(chart_error)?;
        if let Some((x, y)) = xy.last().copied() {
            let mark = match since {
                Some(crate::metrics::HighestSince::Period(p)) => {
                    format!("{last}: highest since {p}")
                }
                Some(crate::metrics::HighestSince::Start) => {
                    format!("{last}: highest in the series")
                }
                None => last.to_string(),
            };
            chart
                .draw_series([
                    Circle::new((x, y), 5, RED.filled()).into_dyn(),
                    Text::new(
                        mark,
                        (x, y),
                        (FONT, 13)
                            .into_font()
                            .color(&RED)
                            .pos(Pos::new(HPos::Right, VPos::Bottom)),
                    )
                    .into_dyn(),
                ])
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// The `top` largest suppliers of `importer` by share of its imports,
/// one bar each, labelled with the supplier and its share in percent;
/// the rest summed as "others" where there are more.
///
/// # Errors
///
/// [`ErrorKind::Parameter`] when `importer` has no suppliers in
/// `shares`, or when drawing fails.
pub fn shares(
    shares: &PartnerShares,
    importer: Economy,
    top: usize,
    title: &str,
) -> Result<String> {
    let mut rows: Vec<(String, f64)> = shares
        .rows()
        .iter()
        .filter(|r| r.economy() == importer)
        .filter_map(|r| {
            r.share()
                .map(|s| (r.partner().to_string(), f(s.value()) * 100.0))
        })
        .collect();
    if rows.is_empty() {
        return Err(chart_error(format!("no suppliers of {importer}")));
    }
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if rows.len() > top.max(1) {
        let others = rows.iter().skip(top.max(1)).fold(0.0, |a, r| a + r.1);
        rows.truncate(top.max(1));
        rows.push(("others".into(), others));
    }
    let n = rows.len();
    let top_value = room(rows.iter().map(|r| r.1).fold(0.0, f64::max)).min(115.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let mut chart = frame(&root, title, 60)?
            .build_cartesian_2d(0.0..(n as f64), 0.0..top_value)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_desc("supplier")
            .y_desc(format!("share of {importer}'s imports (%)"))
            .x_labels(0)
            .draw()
            .map_err(chart_error)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
                let x = i as f64;
                Rectangle::new([(x + 0.15, 0.0), (x + 0.85, *v)], BLUE.mix(0.7).filled())
            }))
            .map_err(chart_error)?;
        chart
            .draw_series(rows.iter().enumerate().map(|(i, (name, v))| {
                Text::new(
                    format!("{name} {v:.1}%"),
                    (i as f64 + 0.5, *v + top_value * 0.01),
                    (FONT, 13)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )
            }))
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}
