//! Property tests: every text form round-trips, and the store's totals
//! agree with each other.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::{
    Currency, Direction, Economy, Frequency, HsCode, HsEdition, HsLevel, Money, Period, Provenance,
    Quantity, Query, TradeData, TradeFlow, Unit, Valuation,
};

pub(crate) fn economy() -> impl Strategy<Value = Economy> {
    let all: Vec<Economy> = Economy::all().collect();
    proptest::sample::select(all)
}

/// Codes of every chapter some HS edition has (01 to 97 but 77), and of
/// the reserved chapters 98 and 99, at the three levels.
pub(crate) fn hs_code() -> impl Strategy<Value = HsCode> {
    (
        (1u32..=99).prop_filter("no edition has chapter 77", |c| *c != 77),
        0u32..10_000,
        prop_oneof![
            Just(HsLevel::Chapter),
            Just(HsLevel::Heading),
            Just(HsLevel::Subheading)
        ],
    )
        .prop_map(|(chapter, rest, l)| {
            let d = (chapter * 10_000 + rest) / 10u32.pow(6 - u32::from(l.digits()));
            HsCode::new(d, l).unwrap()
        })
}

/// Subheadings of every chapter some edition has, 98 and 99 included.
pub(crate) fn subheading() -> impl Strategy<Value = HsCode> {
    (
        (1u32..=99).prop_filter("no edition has chapter 77", |c| *c != 77),
        0u32..10_000,
    )
        .prop_map(|(c, rest)| HsCode::new(c * 10_000 + rest, HsLevel::Subheading).unwrap())
}

pub(crate) fn period() -> impl Strategy<Value = Period> {
    (1000i32..=9999, 0u8..=16).prop_map(|(y, s)| match s {
        0 => Period::annual(y).unwrap(),
        1..=12 => Period::monthly(y, s).unwrap(),
        _ => Period::quarterly(y, s - 12).unwrap(),
    })
}

pub(crate) fn decimal() -> impl Strategy<Value = Decimal> {
    (0i64..=i64::MAX, 0u32..=10).prop_map(|(m, s)| Decimal::new(m, s))
}

pub(crate) fn unit() -> impl Strategy<Value = Unit> {
    proptest::sample::select(vec![
        Unit::SquareMetres,
        Unit::ThousandKilowattHours,
        Unit::Metres,
        Unit::Items,
        Unit::Pairs,
        Unit::Litres,
        Unit::Kilograms,
        Unit::ThousandItems,
        Unit::Packages,
        Unit::Dozens,
        Unit::CubicMetres,
        Unit::Carats,
        Unit::Tonnes,
    ])
}

pub(crate) fn currency() -> impl Strategy<Value = Currency> {
    proptest::sample::select(vec!["USD", "EUR", "JPY", "CNY", "CHF", "XAU", "KWD"])
        .prop_map(|c| c.parse::<Currency>().unwrap())
}

pub(crate) fn flow(currency: Currency) -> impl Strategy<Value = TradeFlow> {
    (
        economy(),
        economy(),
        proptest::sample::select(Direction::ALL.to_vec()),
        hs_code(),
        period(),
        0i64..1_000_000_000_000,
        0u32..=3,
        proptest::option::of((decimal(), unit())),
        proptest::sample::select(vec![Valuation::Cif, Valuation::Fob, Valuation::Unknown]),
        proptest::sample::select(vec![Provenance::Declared, Provenance::Reconciled]),
    )
        .prop_map(move |(r, p, d, k, t, v, s, q, val, prov)| {
            TradeFlow::new(r, p, d, k, t, Money::new(Decimal::new(v, s), currency))
                .unwrap()
                .with_quantity(q.map(|(a, u)| Quantity::new(a, u).unwrap()))
                .with_valuation(val)
                .with_provenance(prov)
        })
}

pub(crate) fn level() -> impl Strategy<Value = HsLevel> {
    prop_oneof![
        Just(HsLevel::Chapter),
        Just(HsLevel::Heading),
        Just(HsLevel::Subheading)
    ]
}

pub(crate) fn frequency() -> impl Strategy<Value = Frequency> {
    prop_oneof![
        Just(Frequency::Monthly),
        Just(Frequency::Quarterly),
        Just(Frequency::Annual)
    ]
}

/// Is a flow counted by a query that picks `level` and `frequency` and
/// names neither the World nor a direction? Not when it is a reported
/// total (the World on either side) or a breakdown (RM, RX, FM, DX).
pub(crate) fn counted(f: &TradeFlow, level: HsLevel, frequency: Frequency) -> bool {
    !f.direction().is_breakdown()
        && f.importer() != Economy::WORLD
        && f.exporter() != Economy::WORLD
        && f.product().level() == level
        && f.period().frequency() == frequency
}

proptest! {
    #[test]
    fn economy_text_round_trips(e in economy()) {
        prop_assert_eq!(e.to_string().parse::<Economy>().unwrap(), e);
        prop_assert_eq!(Economy::from_trade_code(e.trade_code()).unwrap(), e);
        if let Some(a2) = e.alpha2() {
            prop_assert_eq!(a2.parse::<Economy>().unwrap(), e);
        }
    }

    #[test]
    fn hs_text_round_trips_and_keeps_its_digits(c in hs_code(), ed in proptest::option::of(0usize..7)) {
        let editions = [HsEdition::Hs1992, HsEdition::Hs1996, HsEdition::Hs2002, HsEdition::Hs2007,
                        HsEdition::Hs2012, HsEdition::Hs2017, HsEdition::Hs2022];
        let c = match ed { Some(i) => c.with_edition(editions[i]), None => c };
        let text = c.to_string();
        prop_assert_eq!(HsCode::special(&text).unwrap(), c);
        // The strict parser reads every code but those of the reserved
        // chapters 98 and 99.
        prop_assert_eq!(text.parse::<HsCode>().ok(), (!c.is_special()).then_some(c));
        let digits = text.rsplit(':').next().unwrap();
        prop_assert_eq!(digits.len(), usize::from(c.level().digits()));
        prop_assert!(c.chapter().contains(c));
        if let Some(p) = c.parent() {
            prop_assert!(p.contains(c) && !c.contains(p) && p < c);
        }
    }

    #[test]
    fn national_lines_reduce_to_their_prefix(d in 0u64..10_000_000_000, n in 8usize..=10) {
        let text = format!("{:0n$}", d % 10u64.pow(n as u32));
        // Chapters 00 and 77 exist in no edition; 98 and 99 are special.
        let chapter = &text[..2];
        if chapter == "00" || chapter == "77" {
            prop_assert!(HsCode::special(&text).is_err());
            return Ok(());
        }
        let c = HsCode::special(&text).unwrap();
        prop_assert!(c.is_reduced());
        prop_assert_eq!(c.to_string(), text[..6].to_string());
    }

    #[test]
    fn period_text_round_trips(p in period()) {
        prop_assert_eq!(p.to_string().parse::<Period>().unwrap(), p);
        if let Some(s) = p.comtrade() {
            prop_assert_eq!(s.parse::<Period>().unwrap(), p);
        }
        if let Some(n) = p.next() {
            prop_assert!(n > p);
            prop_assert_eq!(n.previous(), Some(p));
        }
        prop_assert!(Period::annual(p.year()).unwrap().contains(p));
        prop_assert!(p.start() <= p.end());
    }

    #[test]
    fn money_and_quantity_text_round_trips(a in decimal(), c in currency(), u in unit()) {
        let m = Money::new(a, c);
        let back: Money = m.to_string().parse().unwrap();
        prop_assert_eq!(back.amount(), a);
        prop_assert_eq!(back.amount().scale(), a.scale());
        prop_assert_eq!(back.currency(), c);
        let q = Quantity::new(a, u).unwrap();
        prop_assert_eq!(q.to_string().parse::<Quantity>().unwrap(), q);
        prop_assert_eq!(c.to_string().parse::<Currency>().unwrap(), c);
    }

    #[test]
    fn thousands_are_exact_both_ways(a in decimal()) {
        if let Ok(m) = Money::from_thousands(a, Currency::USD) {
            prop_assert_eq!(m.in_thousands(), a);
        }
    }

    #[test]
    fn totals_agree_however_they_are_cut(
        flows in proptest::collection::vec(flow(Currency::USD), 0..60),
        level in level(),
        frequency in frequency(),
    ) {
        let data = TradeData::from_flows(&flows).unwrap();
        prop_assert_eq!(data.len(), flows.len());
        let base = Query::new().hs_level(level).frequency(frequency);
        let kept: Vec<&TradeFlow> = flows.iter().filter(|f| counted(f, level, frequency)).collect();
        let sum = kept.iter().fold(Decimal::ZERO, |a, f| a + f.value().amount());
        let all = data.total(&base).unwrap();
        prop_assert_eq!(all.amount(), sum);
        let by_imp = data.totals_by_importer(&base).unwrap();
        prop_assert_eq!(by_imp.values().fold(Decimal::ZERO, |a, m| a + m.amount()), sum);
        // Each importer's total by index equals a brute-force sum; so does
        // each importer-exporter pair's, and each exporter's.
        for (imp, total) in &by_imp {
            let brute = kept.iter().filter(|f| f.importer() == *imp).fold(Decimal::ZERO, |a, f| a + f.value().amount());
            prop_assert_eq!(total.amount(), brute);
        }
        for ((imp, exp), total) in data.totals_by_pair(&base).unwrap() {
            let q = base.clone().importer(imp).exporter(exp);
            prop_assert_eq!(data.total(&q).unwrap(), total);
        }
        for (exp, total) in data.totals_by_exporter(&base).unwrap() {
            prop_assert_eq!(data.total(&base.clone().exporter(exp)).unwrap(), total);
        }
        let by_chapter = data.totals_by_product(&base, HsLevel::Chapter).unwrap();
        prop_assert_eq!(by_chapter.values().fold(Decimal::ZERO, |a, m| a + m.amount()), sum);
    }

    #[test]
    fn product_and_period_queries_match_a_brute_force_scan(
        flows in proptest::collection::vec(flow(Currency::USD), 1..60),
        pick in 0usize..60,
        level in prop_oneof![Just(HsLevel::Chapter), Just(HsLevel::Heading), Just(HsLevel::Subheading)],
    ) {
        let data = TradeData::from_flows(&flows).unwrap();
        let f = flows[pick % flows.len()];
        let code = f.product().truncate(level);
        let year = Period::annual(f.period().year()).unwrap();
        let (kept_level, kept_frequency) = (f.product().level(), f.period().frequency());
        let q = Query::new().importer(f.importer()).exporter(f.exporter()).product(code).period(year)
            .hs_level(kept_level).frequency(kept_frequency);
        let brute: Vec<&TradeFlow> = flows.iter().filter(|g| {
            g.importer() == f.importer() && g.exporter() == f.exporter()
                && code.contains(g.product()) && year.contains(g.period())
                && !g.direction().is_breakdown()
                && g.product().level() == kept_level
                && g.period().frequency() == kept_frequency
                // The World's flows count where the query names the World.
                && (g.importer() != Economy::WORLD && g.exporter() != Economy::WORLD
                    || f.importer() == Economy::WORLD || f.exporter() == Economy::WORLD)
        }).collect();
        prop_assert_eq!(data.count(&q).unwrap(), brute.len());
        let sum = brute.iter().fold(Decimal::ZERO, |a, g| a + g.value().amount());
        prop_assert_eq!(data.total(&q).unwrap().amount(), sum);
    }
}
