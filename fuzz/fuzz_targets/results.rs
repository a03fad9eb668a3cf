//! Every serde-able result read back from arbitrary JSON: deserializing
//! either fails or gives a value whose accessors, text and CSV forms
//! never panic, whatever the values (the largest decimals, shares beyond
//! 1, totals that do not add up).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tradedep::controls::ControlCategory;
use tradedep::metrics::{
    Balance, Concentration, EuScreenResult, Exposure, GeoDepResult, ImportReliance, Mirror,
    PartnerShares, ProductConcentrations, Rca, SelectorExposure, Series, Table,
};
use tradedep::scenario::{DirectEffect, ScenarioResult, Substitution};
use tradedep::{Economy, HsLevel, Period};

/// Text and CSV of a table, which go through every row.
fn render<T: Table + std::fmt::Display>(t: &T) {
    let _ = t.to_string();
    let _ = format!("{t:.12}");
    let mut out = Vec::new();
    let _ = t.write_csv(&mut out);
}

fn economies() -> [Economy; 3] {
    [
        Economy::WORLD,
        "JPN".parse().unwrap(),
        "CHN".parse().unwrap(),
    ]
}

fuzz_target!(|bytes: &[u8]| {
    let Some((which, json)) = bytes.split_first() else {
        return;
    };
    match which % 14 {
        0 => {
            if let Ok(s) = serde_json::from_slice::<PartnerShares>(json) {
                for e in economies() {
                    let _ = (
                        s.total(e),
                        s.unattributed(e),
                        s.top_share(e, 3),
                        s.top(e, 2),
                    );
                    for p in economies() {
                        let _ = s.share(e, p);
                    }
                }
                render(&s);
            }
        }
        1 => {
            if let Ok(c) = serde_json::from_slice::<Concentration>(json) {
                let _ = (
                    c.hhi(),
                    c.largest(),
                    c.top_share(0),
                    c.top_share(5),
                    c.suppliers(),
                );
                render(&c);
            }
        }
        2 => {
            if let Ok(p) = serde_json::from_slice::<ProductConcentrations>(json) {
                for r in p.rows() {
                    let _ = (r.hhi(), r.largest(), r.suppliers());
                }
                render(&p);
            }
        }
        3 => {
            if let Ok(s) = serde_json::from_slice::<SelectorExposure>(json) {
                for r in s.rows() {
                    let _ = r.share();
                }
                render(&s);
            }
        }
        4 => {
            if let Ok(e) = serde_json::from_slice::<Exposure<ControlCategory>>(json) {
                let _ = (e.bounds().lower(), e.bounds().upper(), e.bounds().point());
                render(&e);
            }
        }
        5 => {
            if let Ok(r) = serde_json::from_slice::<Rca>(json) {
                render(&r);
            }
        }
        6 => {
            if let Ok(r) = serde_json::from_slice::<EuScreenResult>(json) {
                let _ = r.dependent().count();
                render(&r);
            }
        }
        7 => {
            if let Ok(r) = serde_json::from_slice::<GeoDepResult>(json) {
                render(&r);
            }
        }
        8 => {
            if let Ok(s) = serde_json::from_slice::<Series>(json) {
                let points: Vec<Period> = s.points().map(|(p, _)| p).collect();
                for p in &points {
                    let _ = (s.growth(*p), s.year_on_year(*p), s.highest_since(*p));
                    if let Some(first) = points.first() {
                        let _ = s.cumulative(*first, *p);
                        let _ = s.index(*first);
                    }
                }
                render(&s);
            }
        }
        9 => {
            if let Ok(b) = serde_json::from_slice::<Balance>(json) {
                let _ = b.balance();
                render(&b);
            }
        }
        10 => {
            if let Ok(m) = serde_json::from_slice::<Mirror>(json) {
                let _ = (m.ratio(), m.gap());
                render(&m);
            }
        }
        11 => {
            if let Ok(r) = serde_json::from_slice::<ImportReliance>(json) {
                let _ = (r.value(), r.is_net_exporter());
                render(&r);
            }
        }
        12 => {
            if let Ok(d) = serde_json::from_slice::<DirectEffect>(json) {
                let _ = (d.baseline(), d.blocked(), d.months());
                for case in tradedep::scenario::Case::BOTH {
                    let _ = d.retained(case);
                }
                let _ = d.uncertainty();
                render(&d.by_product(HsLevel::Chapter));
                render(&d.by_exporter());
            }
        }
        _ => {
            if let Ok(s) = serde_json::from_slice::<Substitution>(json) {
                let _ = (s.blocked(), s.shortfall());
                for case in tradedep::scenario::Case::BOTH {
                    let _ = s.substituted(case);
                }
            }
            if let Ok(r) = serde_json::from_slice::<ScenarioResult>(json) {
                let _ = r.to_string();
                let _ = (r.direct().blocked(), r.substitution().shortfall());
            }
        }
    }
});
