//! The BACI reader's fast path (standard column order, plain numbers)
//! against its general path (any column order): the same flows and the
//! same errors for every line, valid or not.

use proptest::prelude::*;
use tradedep::Reader;

/// A field as BACI writes it (most often), or one of the ways a file
/// can differ; the first variant of each is the common one.
fn field(kind: usize) -> impl Strategy<Value = String> {
    let variants: Vec<BoxedStrategy<String>> = match kind {
        // t
        0 => vec![
            Just("2022".to_string()).boxed(),
            Just("2023".to_string()).boxed(),
            Just("0024".to_string()).boxed(),
            Just(" 2022".to_string()).boxed(),
            "[0-9]{1,5}".boxed(),
        ],
        // i, j
        1 | 2 => vec![
            prop::sample::select(vec!["156", "392", "842", "251", "699", "490", "4", "0156"])
                .prop_map(String::from)
                .boxed(),
            "[0-9]{1,4}".boxed(),
            Just("156 ".to_string()).boxed(),
        ],
        // k
        3 => vec![
            "[0-9]{6}".boxed(),
            "[0-9]{5}".boxed(),
            "[0-9]{4,8}".boxed(),
            Just("85051a".to_string()).boxed(),
        ],
        // v
        4 => vec![
            "[0-9]{1,9}\\.[0-9]{3}".boxed(),
            "[0-9]{1,20}".boxed(),
            "[0-9]{0,3}\\.[0-9]{0,6}".boxed(),
            Just("-1.5".to_string()).boxed(),
            Just("1e3".to_string()).boxed(),
            Just("\"12.5\"".to_string()).boxed(),
        ],
        // q
        _ => vec![
            Just("NA".to_string()).boxed(),
            Just(String::new()).boxed(),
            Just("na".to_string()).boxed(),
            "[0-9]{1,6}\\.[0-9]{0,3}".boxed(),
            Just("-2".to_string()).boxed(),
        ],
    };
    let weighted = variants
        .into_iter()
        .enumerate()
        .map(|(k, v)| (if k == 0 { 12 } else { 1 }, v))
        .collect::<Vec<_>>();
    proptest::strategy::Union::new_weighted(weighted)
}

fn line() -> impl Strategy<Value = Vec<String>> {
    (0..6).map(field).collect::<Vec<_>>()
}

/// A reader that hands out at most `step` bytes a call, so that lines
/// straddle the line reader's buffer refills.
struct Trickle<'a> {
    bytes: &'a [u8],
    step: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.bytes.len());
        let (now, later) = self.bytes.split_at(n);
        buf[..n].copy_from_slice(now);
        self.bytes = later;
        Ok(n)
    }
}

/// Renders every flow or error of a BACI text.
fn render(text: impl std::io::Read) -> Vec<String> {
    Reader::baci()
        .flows(text)
        .unwrap()
        .map(|r| match r {
            Ok(f) => format!("{f:?}"),
            // Columns are named, so the same field fails either way;
            // only its place in the line differs.
            Err(e) => format!("{:?} {:?}", e.kind(), e.position().and_then(|p| p.column())),
        })
        .collect()
}

/// Reads `lines` in the standard order and with the columns reversed,
/// and renders every flow or error of each.
fn both(lines: &[Vec<String>]) -> (Vec<String>, Vec<String>) {
    both_with(lines, "\n", None)
}

/// [`both`], with lines ended by `end`, the standard text read `step`
/// bytes at a time where given.
fn both_with(lines: &[Vec<String>], end: &str, step: Option<usize>) -> (Vec<String>, Vec<String>) {
    let standard: String = std::iter::once("t,i,j,k,v,q".to_string())
        .chain(lines.iter().map(|f| f.join(",")))
        .collect::<Vec<_>>()
        .join(end);
    let reversed: String = std::iter::once("q,v,k,j,i,t".to_string())
        .chain(lines.iter().map(|f| {
            let mut r = f.clone();
            r.reverse();
            r.join(",")
        }))
        .collect::<Vec<_>>()
        .join(end);
    let fast = match step {
        Some(step) => render(Trickle {
            bytes: standard.as_bytes(),
            step,
        }),
        None => render(standard.as_bytes()),
    };
    (fast, render(reversed.as_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_and_general_paths_agree(lines in proptest::collection::vec(line(), 1..8)) {
        let (fast, general) = both(&lines);
        prop_assert_eq!(fast, general);
    }

    /// The same with lines cut anywhere by the reads underneath, and
    /// with Windows line ends.
    #[test]
    fn paths_agree_across_reads_and_line_ends(lines in proptest::collection::vec(line(), 1..8),
                                              step in 1usize..40, crlf in any::<bool>()) {
        let end = if crlf { "\r\n" } else { "\n" };
        let (fast, general) = both_with(&lines, end, Some(step));
        prop_assert_eq!(fast, general);
    }
}

/// Worked by hand: the first line sets the year, the second takes the
/// fast path; both make the flow BACI means (value in thousands).
#[test]
fn a_standard_line_reads_as_its_general_form() {
    let lines = vec![
        "2022,156,392,850511,1.5,NA"
            .split(',')
            .map(String::from)
            .collect::<Vec<_>>(),
        "2022,842,392,10121,20.945,2.5"
            .split(',')
            .map(String::from)
            .collect(),
    ];
    let (fast, general) = both(&lines);
    assert_eq!(fast, general);
    assert!(fast[1].contains("20945"), "{}", fast[1]);
    assert!(fast[1].contains("010121"), "{}", fast[1]);
}
