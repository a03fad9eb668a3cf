//! Trade data converted as a whole to one currency, and rate tables as
//! CSV.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tradedep::{
    Currency, Direction, ErrorKind, ExchangeRates, Provenance, Quantity, Query, RatePeriod,
    TradeData, TradeFlow, Unit, Valuation,
};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Japan's imports from China of 850511 in yen: January and February
/// 2024 by month, with quantities.
fn yen_months() -> TradeData {
    let f = |period: &str, v: &str, kg: &str| {
        TradeFlow::new(
            "JPN".parse().unwrap(),
            "CHN".parse().unwrap(),
            Direction::Import,
            "850511".parse().unwrap(),
            period.parse().unwrap(),
            v.parse().unwrap(),
        )
        .unwrap()
        .with_quantity(Some(Quantity::new(d(kg), Unit::Kilograms).unwrap()))
        .with_valuation(Valuation::Cif)
        .with_provenance(Provenance::Declared)
    };
    TradeData::from_flows([
        f("2024-01", "300000000 JPY", "1000"),
        f("2024-02", "150000000 JPY", "500"),
    ])
    .unwrap()
}

#[test]
fn monthly_rates_convert_each_month_and_keep_everything_else() {
    // Monthly averages, yen per dollar (illustrative round figures: 150
    // and 149.5), one table row each.
    let fx = ExchangeRates::read_csv(
        "from,to,period,rate\nUSD,JPY,2024-01,150\nUSD,JPY,2024-02,149.5\n".as_bytes(),
    )
    .unwrap();
    let (usd, report) = yen_months()
        .convert(Currency::USD, &fx, RatePeriod::Exact)
        .unwrap();
    assert_eq!(usd.currency(), Currency::USD);
    let by_month = usd.totals_by_period(&Query::new()).unwrap();
    // 300,000,000 / 150 = 2,000,000; 150,000,000 / 149.5 = 1,003,344.481605...
    assert_eq!(by_month[&"2024-01".parse().unwrap()].amount(), d("2000000"));
    assert_eq!(
        by_month[&"2024-02".parse().unwrap()].amount(),
        d("1003344.481605")
    );
    let jan = usd.iter().next().unwrap();
    assert_eq!(
        jan.quantity(),
        Some(Quantity::new(d("1000"), Unit::Kilograms).unwrap())
    );
    assert_eq!(jan.valuation(), Valuation::Cif);
    assert_eq!(jan.provenance(), Provenance::Declared);
    assert_eq!(report.rates().len(), 2);
    assert_eq!(report.fallbacks(), 0);
    assert_eq!((report.from(), report.to()), (Currency::JPY, Currency::USD));
}

#[test]
fn a_month_without_its_rate_is_an_error_unless_the_year_may_stand_in() {
    let fx =
        ExchangeRates::read_csv("from,to,period,rate\nUSD,JPY,2024,151.48\n".as_bytes()).unwrap();
    let e = yen_months()
        .convert(Currency::USD, &fx, RatePeriod::Exact)
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::MissingRate { .. }), "{e}");
    assert!(e.to_string().contains("2024-01"), "{e}");
    let (usd, report) = yen_months()
        .convert(Currency::USD, &fx, RatePeriod::AnnualWhereMissing)
        .unwrap();
    assert_eq!(report.fallbacks(), 2);
    assert_eq!(report.rates()[0].period(), "2024".parse().unwrap());
    assert!(
        report.to_string().contains("2 of a shorter period"),
        "{report}"
    );
    // 450,000,000 / 151.48 = 2,970,689.2... at six places of each flow:
    // 1,980,459.466596 + 990,229.733298.
    assert_eq!(
        usd.total(&Query::new()).unwrap().amount(),
        d("1980459.466596") + d("990229.733298")
    );
    // Data already in the currency comes back as it is.
    let (same, report) = usd.convert(Currency::USD, &fx, RatePeriod::Exact).unwrap();
    assert_eq!(same, usd);
    assert!(report.to_string().contains("nothing converted"));
}

#[test]
fn bad_rate_tables_say_where() {
    let cases = [
        ("from,to,period,rate\nUSD,JPY,2024,0\n", "positive"),
        ("from,to,period,rate\nUSD,USD,2024,2\n", "itself is 1"),
        (
            "from,to,period,rate\nUSD,JPY,2024,150\nUSD,JPY,2024,151\n",
            "second rate",
        ),
        (
            "from,to,period,rate,source\nUSD,JPY,2024,150,BoJ\n",
            "no others",
        ),
        ("from,to,rate\nUSD,JPY,150\n", "period"),
        ("from,to,period,rate\nUSD,JPY,2024,abc\n", "abc"),
    ];
    for (csv, why) in cases {
        let e = ExchangeRates::read_csv(csv.as_bytes()).unwrap_err();
        assert!(e.to_string().contains(why), "{csv:?}: {e}");
    }
    let e = ExchangeRates::read_csv(
        "from,to,period,rate\nUSD,JPY,2024,150\nUSD,JPY,2024,151\n".as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.position().and_then(tradedep::Position::line), Some(3));
}

proptest! {
    #[test]
    fn rate_tables_round_trip_as_csv(rates in proptest::collection::vec((0usize..4, 0usize..4, 2000i32..2030, 1u32..10_000_000), 0..12)) {
        let cur = [Currency::USD, Currency::JPY, Currency::EUR, Currency::CNY];
        let mut fx = ExchangeRates::new();
        for (a, b, y, r) in rates {
            if a == b { continue; }
            fx.insert(cur[a], cur[b], tradedep::Period::annual(y).unwrap(), Decimal::new(i64::from(r), 4)).unwrap();
        }
        let mut out = Vec::new();
        fx.write_csv(&mut out).unwrap();
        prop_assert_eq!(ExchangeRates::read_csv(out.as_slice()).unwrap(), fx);
    }
}
