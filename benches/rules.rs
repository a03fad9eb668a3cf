//! Rule-set evaluation: a catalogue of 100 export-control rules (bans,
//! licences, caps and taxes by four issuers, on chapters, headings and
//! subheadings, with windows, suspensions and targets) asked which of
//! them bind every flow of a BACI year on one date. The throughput is in
//! flows x rules per second.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;
use tradedep::controls::{ControlDirection, EndUse, Instrument, Measure, Rule, RuleSet, Targets};
use tradedep::{Economy, EconomyGroup, Money, ProductSelector, Reader, TradeFlow};

mod common;
use common::baci_year;

const ISSUERS: [&str; 4] = ["CHN", "USA", "JPN", "DEU"];

/// 100 rules, varied as a real catalogue is.
fn catalogue() -> RuleSet {
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let rules = (0u32..100).map(|k| {
        let issuer: Economy = ISSUERS[(k % 4) as usize].parse().unwrap();
        let scope = match k % 3 {
            0 => format!("{:02}", 25 + k % 70),
            1 => format!("{:04}, {:04}", 2800 + k, 8500 + k % 50),
            _ => format!(
                "{:02}, -{:04}{:02}",
                84 + k % 6,
                8400 + k % 100,
                10 + k % 80
            ),
        };
        let products: ProductSelector = scope.parse().unwrap();
        let measure = match k % 4 {
            0 => Measure::Ban,
            1 => Measure::Licence {
                approval_rate: tradedep::controls::Approval::fixed(Decimal::new(
                    i64::from(k % 10),
                    1,
                ))
                .unwrap(),
            },
            2 => Measure::ValueCap {
                cap: Money::new(Decimal::from(1_000_000 + k), "USD".parse().unwrap()),
                per: tradedep::Frequency::Annual,
            },
            _ => Measure::Tax {
                rate: Decimal::new(i64::from(5 + k % 20), 2),
            },
        };
        let mut b = Rule::builder(
            format!("rule-{k}"),
            issuer,
            Instrument {
                id: format!("instrument {k}"),
                title: String::new(),
                announced: day(2020 + (k % 6).cast_signed(), 1 + k % 12, 1),
                url: String::new(),
            },
            ControlDirection::Export,
            products,
            measure,
            day(2020 + (k % 6).cast_signed(), 1 + k % 12, 1),
        );
        if k % 5 == 0 {
            b = b.targets(Targets::Only(
                EconomyGroup::new("targets", ["JPN", "KOR", "TWN"]).unwrap(),
            ));
        } else if k % 5 == 1 {
            b = b.targets(Targets::AllExcept(EconomyGroup::eu27()));
        }
        if k % 7 == 0 {
            b = b.end_use(EndUse::Military);
        }
        if k % 9 == 0 {
            b = b.until(day(2027, 1, 1));
        }
        b.build().unwrap()
    });
    RuleSet::new(rules).unwrap()
}

fn rules(c: &mut Criterion) {
    let (bytes, label) = baci_year(200_000);
    let flows: Vec<TradeFlow> = Reader::baci()
        .flows(bytes.as_slice())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let set = catalogue();
    let date = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
    let mut g = c.benchmark_group("rules");
    g.sample_size(10);
    g.throughput(Throughput::Elements(
        flows.len() as u64 * set.rules().len() as u64,
    ));
    g.bench_function(format!("100 rules x {label}, binding on a date"), |b| {
        b.iter(|| {
            let mut bound = 0usize;
            for f in &flows {
                let binding = set.binding(f.exporter(), f.importer(), f.product(), date);
                bound += binding.rules().len();
            }
            black_box(bound)
        });
    });
    g.finish();
}

criterion_group!(benches, rules);
criterion_main!(benches);
