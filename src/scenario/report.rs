//! Breakdowns of scenario results, their tables and the readable report.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::classify::links::ProductLinks;
use crate::metrics::Grouped;
use crate::metrics::table::{Cell, Table, display, money_column};
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::Currency;
use crate::scenario::ScenarioResult;
use crate::scenario::bounds::{Bounds, Case};
use crate::scenario::direct::{DirectEffect, DirectRow};
use crate::scenario::runway::{Runway, RunwayRow};
use crate::scenario::substitution::{Substitution, SubstitutionRow};

/// A stage's values summed by some key (product, exporter, importer,
/// control category), in the best and the worst case ([`Case`]): in each
/// case three values whose first equals the sum of the other two
/// (`baseline = retained + blocked`, or `blocked = substituted +
/// shortfall`).
///
/// As a [`Table`], each value that differs between the cases is two
/// columns, `_best` and `_worst` (`blocked_best`, `blocked_worst`); the
/// baseline, the same in both, is one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(bound(
        serialize = "K: serde::Serialize",
        deserialize = "K: serde::de::DeserializeOwned"
    ))
)]
pub struct Breakdown<K> {
    key: &'static str,
    columns: [&'static str; 3],
    /// The first value is the same in both cases (a baseline).
    same_whole: bool,
    currency: Currency,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_rows")
    )]
    rows: Vec<(K, [[Decimal; 3]; 2])>,
}

impl<K: Clone> Breakdown<K> {
    /// The names of the three values (`baseline`, `retained`,
    /// `blocked`).
    #[must_use]
    pub fn columns(&self) -> [&'static str; 3] {
        self.columns
    }

    /// Every key with its three values in the best case, then in the
    /// worst: `[[whole, part, part]; 2]`.
    #[must_use]
    pub fn rows(&self) -> &[(K, [[Decimal; 3]; 2])] {
        &self.rows
    }

    /// The three values for `key` in `case`.
    #[must_use]
    pub fn get(&self, key: &K, case: Case) -> Option<[Decimal; 3]>
    where
        K: PartialEq,
    {
        self.rows
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.get(case_index(case)).copied())
    }

    /// The same breakdown without the keys whose last value (what is
    /// blocked, or short) is zero in both cases.
    #[must_use]
    pub fn without_zeros(mut self) -> Breakdown<K> {
        self.rows
            .retain(|(_, [best, worst])| !(best[2].is_zero() && worst[2].is_zero()));
        self
    }

    /// The same breakdown ordered by its last value in the worst case,
    /// largest first (ties by key order).
    #[must_use]
    pub fn largest_first(mut self) -> Breakdown<K> {
        // A stable sort keeps the key order among ties.
        self.rows.sort_by(|a, b| b.1[1][2].cmp(&a.1[1][2]));
        self
    }

    /// The value of column `column` (0 to 2) for `key`, best case to
    /// worst, ordered (a value substituted need not be larger in the
    /// worst case).
    #[must_use]
    pub fn bounds(&self, key: &K, column: usize) -> Option<Bounds>
    where
        K: PartialEq,
    {
        let best = self.get(key, Case::Best)?;
        let worst = self.get(key, Case::Worst)?;
        Some(Bounds::spanning(*best.get(column)?, *worst.get(column)?))
    }
}

fn case_index(case: Case) -> usize {
    match case {
        Case::Best => 0,
        Case::Worst => 1,
    }
}

impl<K: fmt::Display> Table for Breakdown<K> {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        let mut h = vec![self.key.to_owned()];
        for (i, c) in self.columns.iter().enumerate() {
            if i == 0 && self.same_whole {
                h.push(money_column(c, self.currency));
            } else {
                for case in Case::BOTH {
                    h.push(money_column(&format!("{c}_{case}"), self.currency));
                }
            }
        }
        h
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let (k, [best, worst]) = self.rows.get(i)?;
        let mut cells = vec![Cell::text(k)];
        for c in 0..3 {
            if c == 0 && self.same_whole {
                cells.push(Cell::Money(best[0]));
            } else {
                cells.push(Cell::Money(*best.get(c)?));
                cells.push(Cell::Money(*worst.get(c)?));
            }
        }
        Some(cells)
    }
}

impl<K: fmt::Display> fmt::Display for Breakdown<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self, f)
    }
}

/// Sums `(key, [whole, part] in the best case, [whole, part] in the
/// worst)` by key into `[whole, whole - part, part]` per case.
fn group<K: Ord, I>(items: I) -> Vec<(K, [[Decimal; 3]; 2])>
where
    I: IntoIterator<Item = (K, [[Decimal; 2]; 2])>,
{
    let mut m: BTreeMap<K, [[Decimal; 3]; 2]> = BTreeMap::new();
    for (k, cases) in items {
        let e = m.entry(k).or_insert([[Decimal::ZERO; 3]; 2]);
        for (slot, [whole, part]) in e.iter_mut().zip(cases) {
            // Exact: every group sums a subset of a result's rows, whose
            // total was checked when the result was made (saturation is a
            // guard that cannot trigger).
            let [w, _, p] = *slot;
            let (w, p) = (w.saturating_add(whole), p.saturating_add(part));
            *slot = [w, w.saturating_sub(p), p];
        }
    }
    m.into_iter().collect()
}

/// A direct row's `[baseline, blocked]` in each case.
fn direct_cases(r: &DirectRow) -> [[Decimal; 2]; 2] {
    let b = r.blocked();
    [[r.baseline(), b.lower()], [r.baseline(), b.upper()]]
}

/// A substitution row's `[blocked, shortfall]` in each case.
fn substitution_cases(r: &SubstitutionRow) -> [[Decimal; 2]; 2] {
    Case::BOTH.map(|c| [r.blocked().at(c), r.shortfall().at(c)])
}

impl DirectEffect {
    fn breakdown<K: Ord>(&self, key: &'static str, k: impl Fn(&DirectRow) -> K) -> Breakdown<K> {
        Breakdown {
            key,
            columns: ["baseline", "retained", "blocked"],
            same_whole: true,
            currency: self.currency,
            rows: group(self.rows.iter().map(|r| (k(r), direct_cases(r)))),
        }
    }

    /// Baseline, retained and blocked by product at `level`.
    #[must_use]
    pub fn by_product(&self, level: HsLevel) -> Breakdown<HsCode> {
        self.breakdown("product", |r| r.product().truncate(level))
    }

    /// Baseline, retained and blocked by exporter.
    #[must_use]
    pub fn by_exporter(&self) -> Breakdown<Economy> {
        self.breakdown("exporter", DirectRow::exporter)
    }

    /// Baseline, retained and blocked by importer.
    #[must_use]
    pub fn by_importer(&self) -> Breakdown<Economy> {
        self.breakdown("importer", DirectRow::importer)
    }

    /// Baseline, retained and blocked by category of a classification
    /// (a control category, a list entry): a product counts under every
    /// category it is linked to (its code, or a code containing it), so
    /// categories overlap and need not add up to the total; unlinked
    /// products are left out.
    #[must_use]
    pub fn by_category<C: Ord + Clone>(&self, links: &ProductLinks<C>) -> Breakdown<C> {
        Breakdown {
            key: "category",
            columns: ["baseline", "retained", "blocked"],
            same_whole: true,
            currency: self.currency,
            rows: group(self.rows.iter().flat_map(|r| {
                categories(links, r.product())
                    .into_iter()
                    .map(move |c| (c, direct_cases(r)))
            })),
        }
    }
}

fn categories<C: Ord + Clone>(links: &ProductLinks<C>, product: HsCode) -> Vec<C> {
    let mut cats: Vec<C> = links
        .links_of(product)
        .chain(links.links_within(product))
        .map(|l| l.category().clone())
        .collect();
    cats.sort();
    cats.dedup();
    cats
}

impl Substitution {
    fn breakdown<K: Ord>(
        &self,
        key: &'static str,
        k: impl Fn(&SubstitutionRow) -> K,
        currency: Currency,
    ) -> Breakdown<K> {
        Breakdown {
            key,
            columns: ["blocked", "substituted", "shortfall"],
            same_whole: false,
            currency,
            rows: group(self.rows.iter().map(|r| (k(r), substitution_cases(r)))),
        }
    }

    /// Blocked, substituted and shortfall by product at `level`.
    #[must_use]
    pub fn by_product(&self, level: HsLevel, currency: Currency) -> Breakdown<HsCode> {
        self.breakdown("product", |r| r.product().truncate(level), currency)
    }

    /// Blocked, substituted and shortfall by importer.
    #[must_use]
    pub fn by_importer(&self, currency: Currency) -> Breakdown<Economy> {
        self.breakdown("importer", SubstitutionRow::importer, currency)
    }

    /// Blocked, substituted and shortfall by category of a
    /// classification; categories overlap, as in
    /// [`DirectEffect::by_category`].
    #[must_use]
    pub fn by_category<C: Ord + Clone>(
        &self,
        links: &ProductLinks<C>,
        currency: Currency,
    ) -> Breakdown<C> {
        Breakdown {
            key: "category",
            columns: ["blocked", "substituted", "shortfall"],
            same_whole: false,
            currency,
            rows: group(self.rows.iter().flat_map(|r| {
                categories(links, r.product())
                    .into_iter()
                    .map(move |c| (c, substitution_cases(r)))
            })),
        }
    }
}

/// The runways as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunwayTable<'a> {
    currency: Currency,
    rows: &'a [RunwayRow],
}

impl Table for RunwayTable<'_> {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        vec![
            "importer".into(),
            "inventory".into(),
            money_column("monthly_imports", self.currency),
            money_column("monthly_shortfall_best", self.currency),
            money_column("monthly_shortfall_worst", self.currency),
            money_column("stock", self.currency),
            "runway_months_best".into(),
            "runway_months_worst".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        let months = |case| match r.runway(case) {
            Runway::Months(m) => Cell::Number(m),
            Runway::Unlimited => Cell::Missing,
        };
        Some(vec![
            Cell::text(r.importer()),
            Cell::text(r.group()),
            Cell::Money(r.monthly_imports()),
            Cell::Money(r.monthly_shortfall().lower()),
            Cell::Money(r.monthly_shortfall().upper()),
            Cell::Money(r.stock()),
            months(Case::Best),
            months(Case::Worst),
        ])
    }
}

impl fmt::Display for RunwayTable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self, f)
    }
}

impl ScenarioResult {
    /// The runways as a table (CSV with [`Table::write_csv`]; an
    /// unlimited runway is empty).
    #[must_use]
    pub fn runway_table(&self) -> RunwayTable<'_> {
        RunwayTable {
            currency: self.direct.currency,
            rows: &self.runways,
        }
    }
}

impl fmt::Display for ScenarioResult {
    /// A short report: totals of each stage in the best and the worst
    /// case, why they differ, the approval rates assumed, then the
    /// exporters with value blocked and the products short (HS6), largest
    /// first, the first [`DISPLAY_ROWS`](crate::metrics::DISPLAY_ROWS) of
    /// each (all with `{:#}`), and the runways.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.direct.currency;
        let d = &self.direct;
        let s = &self.substitution;
        writeln!(
            f,
            "Scenario as of {} (each value: best case, worst case)",
            d.as_of
        )?;
        writeln!(f, "  baseline     {:.2} {c}", Grouped(d.baseline()))?;
        writeln!(f, "  blocked      {} {c}", money_bounds(d.blocked()))?;
        writeln!(
            f,
            "  substituted  {:.2}, {:.2} {c}  (reallocation rate {})",
            Grouped(s.substituted(Case::Best)),
            Grouped(s.substituted(Case::Worst)),
            s.rate
        )?;
        writeln!(f, "  shortfall    {} {c}", money_bounds(s.shortfall()))?;
        let why = d.uncertainty();
        if !why.is_empty() {
            writeln!(f, "  the blocked bounds differ because:")?;
            for (reason, gap) in why {
                writeln!(f, "    - {reason} ({:.2} {c} of rows' gaps)", Grouped(gap))?;
            }
        }
        writeln!(f, "  licence approval: {}", self.approval)?;
        for (id, a) in &self.licences {
            writeln!(
                f,
                "    - {id}: {a} ({})",
                if a.is_fixed() { "fixed" } else { "range" }
            )?;
        }
        // Only what is blocked or short, largest first, the first rows
        // unless `{:#}` asks for all.
        let exporters = d.by_exporter().without_zeros().largest_first();
        let products = s
            .by_product(HsLevel::Subheading, c)
            .without_zeros()
            .largest_first();
        if f.alternate() {
            writeln!(f, "\nExporters with value blocked\n{exporters:#}")?;
            writeln!(f, "Shortfall by product\n{products:#}")?;
        } else {
            writeln!(f, "\nExporters with value blocked\n{exporters}")?;
            writeln!(f, "Shortfall by product\n{products}")?;
        }
        if !self.runways.is_empty() {
            writeln!(f, "Stockpile runways\n{}", self.runway_table())?;
        }
        Ok(())
    }
}

/// Money bounds to the cent, grouped in thousands, the lower bound
/// rounded down and the upper up: `[1,234.56, 7,890.13]`.
fn money_bounds(b: Bounds) -> String {
    let down = b
        .lower()
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity);
    let up = b
        .upper()
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToPositiveInfinity);
    format!("[{:.2}, {:.2}]", Grouped(down), Grouped(up))
}
