//! Write then read gives back equal data, in every format, and serde
//! forms round-trip.

use proptest::prelude::*;
use tradedep::{Reader, TradeData, TradeFlow};

use super::properties::{currency, economy, flow, hs_code, period};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn national_lines_round_trip_as_text_and_serde(chapter in 1u32..=97, rest in 0u64..100_000_000, len in 8usize..=10) {
        let chapter = if chapter == 77 { 78 } else { chapter };
        let digits = format!("{chapter:02}{rest:08}");
        let text = &digits[..len];
        let line: tradedep::NationalLine = text.parse().unwrap();
        prop_assert_eq!(line.to_string(), text);
        prop_assert_eq!(line.digits(), len);
        prop_assert_eq!(line.subheading().to_string(), &digits[..6]);
        let json = serde_json::to_string(&line).unwrap();
        prop_assert_eq!(&json, &format!("\"{text}\""));
        prop_assert_eq!(serde_json::from_str::<tradedep::NationalLine>(&json).unwrap(), line);
    }

    #[test]
    fn tidy_csv_round_trips(flows in currency().prop_flat_map(|c| proptest::collection::vec(flow(c), 0..40))) {
        let data = TradeData::from_flows(&flows).unwrap();
        let mut out = Vec::new();
        data.write_csv(&mut out).unwrap();
        let (back, report) = Reader::tidy_csv().read(out.as_slice()).unwrap();
        prop_assert!(report.is_complete());
        prop_assert_eq!(&back, &data);
        // The same data always writes the same bytes.
        let mut again = Vec::new();
        back.write_csv(&mut again).unwrap();
        prop_assert_eq!(again, out);
    }

    #[test]
    fn json_round_trips(flows in currency().prop_flat_map(|c| proptest::collection::vec(flow(c), 0..30))) {
        let data = TradeData::from_flows(&flows).unwrap();
        let mut out = Vec::new();
        data.write_json(&mut out).unwrap();
        let (back, _) = Reader::json().read(out.as_slice()).unwrap();
        prop_assert_eq!(back, data);
    }

    #[test]
    fn serde_forms_are_the_text_forms(e in economy(), h in hs_code(), p in period(), f in currency().prop_flat_map(flow)) {
        prop_assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{e}\""));
        prop_assert_eq!(serde_json::to_string(&h).unwrap(), format!("\"{h}\""));
        prop_assert_eq!(serde_json::to_string(&p).unwrap(), format!("\"{p}\""));
        prop_assert_eq!(serde_json::from_str::<tradedep::Economy>(&format!("\"{e}\"")).unwrap(), e);
        prop_assert_eq!(serde_json::from_str::<tradedep::HsCode>(&format!("\"{h}\"")).unwrap(), h);
        prop_assert_eq!(serde_json::from_str::<tradedep::Period>(&format!("\"{p}\"")).unwrap(), p);
        let text = serde_json::to_string(&f).unwrap();
        prop_assert_eq!(serde_json::from_str::<TradeFlow>(&text).unwrap(), f);
        let m = f.value();
        prop_assert_eq!(serde_json::from_str::<tradedep::Money>(&serde_json::to_string(&m).unwrap()).unwrap(), m);
    }

    #[test]
    fn exchange_rates_round_trip(
        rates in proptest::collection::vec(
            (currency(), currency(), period(), 1u64..10_000_000_000, 0u32..10),
            0..20,
        )
    ) {
        let mut fx = tradedep::ExchangeRates::new();
        for &(from, to, p, mantissa, scale) in &rates {
            let rate = rust_decimal::Decimal::from_i128_with_scale(i128::from(mantissa), scale);
            // A rate from a currency to itself is 1, and only 1.
            let rate = if from == to { rust_decimal::Decimal::ONE } else { rate };
            fx.insert(from, to, p, rate).unwrap();
        }
        let json = serde_json::to_string(&fx).unwrap();
        let back: tradedep::ExchangeRates = serde_json::from_str(&json).unwrap();
        // Equal, and every rate kept to the last digit (scale included).
        prop_assert_eq!(back.len(), fx.len());
        for (a, b) in back.iter().zip(fx.iter()) {
            prop_assert_eq!(a.3.scale(), b.3.scale());
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}

#[test]
fn money_never_passes_through_f64() {
    // Measured: a CSV reader that guesses f64 turns this into ...67.
    let m: tradedep::Money = "123456789012345.6789 USD".parse().unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(json, "\"123456789012345.6789 USD\"");
    let tidy = "reporter,partner,direction,product,period,value,currency\nJPN,CHN,import,85,2024,123456789012345.6789,USD\n";
    let (data, _) = Reader::tidy_csv().read(tidy.as_bytes()).unwrap();
    assert_eq!(data.iter().next().unwrap().value(), m);
}

/// Every control class, 0A to 9E, round-trips as text and serde.
#[test]
fn control_classes_round_trip_as_text_and_serde() {
    use tradedep::controls::ControlClass;
    let mut n = 0;
    for c in 0..=9 {
        for g in ['A', 'B', 'C', 'D', 'E'] {
            let text = format!("{c}{g}");
            let class: ControlClass = text.parse().unwrap();
            assert_eq!(class.to_string(), text);
            let json = serde_json::to_string(&class).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<ControlClass>(&json).unwrap(), class);
            n += 1;
        }
    }
    assert_eq!(n, 50);
    for bad in ["1F", "C1", "11", "", "1CC"] {
        assert!(bad.parse::<ControlClass>().is_err(), "{bad}");
    }
}
