//! Breakdowns of scenario results, their tables and the readable report.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::classify::links::ProductLinks;
use crate::metrics::table::{Cell, Table, display, money_column};
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::Currency;
use crate::scenario::ScenarioResult;
use crate::scenario::direct::DirectEffect;
use crate::scenario::runway::RunwayRow;
use crate::scenario::substitution::Substitution;

/// A stage's values summed by some key (product, exporter, importer,
/// control category): three columns whose first equals the sum of the
/// other two (`baseline = retained + blocked`, or `blocked =
/// substituted + shortfall`).
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
    currency: Currency,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_rows")
    )]
    rows: Vec<(K, [Decimal; 3])>,
}

impl<K: Clone> Breakdown<K> {
    /// Every key with its three values: the whole, then its two parts.
    #[must_use]
    pub fn rows(&self) -> &[(K, [Decimal; 3])] {
        &self.rows
    }

    /// The values for `key`.
    #[must_use]
    pub fn get(&self, key: &K) -> Option<[Decimal; 3]>
    where
        K: PartialEq,
    {
        self.rows.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

impl<K: fmt::Display> Table for Breakdown<K> {
    fn header(&self) -> Vec<String> {
        let mut h = vec![self.key.to_owned()];
        h.extend(self.columns.iter().map(|c| money_column(c, self.currency)));
        h
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let (k, v) = self.rows.get(i)?;
        Some(vec![
            Cell::text(k),
            Cell::Number(v[0]),
            Cell::Number(v[1]),
            Cell::Number(v[2]),
        ])
    }
}

impl<K: fmt::Display> fmt::Display for Breakdown<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display(self, f)
    }
}

fn group<K: Ord, I>(items: I) -> Vec<(K, [Decimal; 3])>
where
    I: IntoIterator<Item = (K, Decimal, Decimal)>,
{
    let mut m: BTreeMap<K, [Decimal; 3]> = BTreeMap::new();
    for (k, whole, part) in items {
        let e = m.entry(k).or_insert([Decimal::ZERO; 3]);
        // Exact: every group sums a subset of a result's rows, whose
        // total was checked when the result was made (saturation is a
        // guard that cannot trigger).
        let [w, _, p] = *e;
        let (w, p) = (w.saturating_add(whole), p.saturating_add(part));
        *e = [w, w.saturating_sub(p), p];
    }
    m.into_iter().collect()
}

impl DirectEffect {
    fn breakdown<K: Ord>(
        &self,
        key: &'static str,
        k: impl Fn(&super::DirectRow) -> K,
    ) -> Breakdown<K> {
        Breakdown {
            key,
            columns: ["baseline", "retained", "blocked"],
            currency: self.currency,
            rows: group(self.rows.iter().map(|r| (k(r), r.baseline, r.blocked))),
        }
    }

    /// Baseline, retained and blocked by product at `level`.
    #[must_use]
    pub fn by_product(&self, level: HsLevel) -> Breakdown<HsCode> {
        self.breakdown("product", |r| r.product.truncate(level))
    }

    /// Baseline, retained and blocked by exporter.
    #[must_use]
    pub fn by_exporter(&self) -> Breakdown<Economy> {
        self.breakdown("exporter", |r| r.exporter)
    }

    /// Baseline, retained and blocked by importer.
    #[must_use]
    pub fn by_importer(&self) -> Breakdown<Economy> {
        self.breakdown("importer", |r| r.importer)
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
            currency: self.currency,
            rows: group(self.rows.iter().flat_map(|r| {
                categories(links, r.product)
                    .into_iter()
                    .map(move |c| (c, r.baseline, r.blocked))
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
        k: impl Fn(&super::SubstitutionRow) -> K,
        currency: Currency,
    ) -> Breakdown<K> {
        Breakdown {
            key,
            columns: ["blocked", "substituted", "shortfall"],
            currency,
            rows: group(self.rows.iter().map(|r| (k(r), r.blocked, r.shortfall))),
        }
    }

    /// Blocked, substituted and shortfall by product at `level`.
    #[must_use]
    pub fn by_product(&self, level: HsLevel, currency: Currency) -> Breakdown<HsCode> {
        self.breakdown("product", |r| r.product.truncate(level), currency)
    }

    /// Blocked, substituted and shortfall by importer.
    #[must_use]
    pub fn by_importer(&self, currency: Currency) -> Breakdown<Economy> {
        self.breakdown("importer", |r| r.importer, currency)
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
            currency,
            rows: group(self.rows.iter().flat_map(|r| {
                categories(links, r.product)
                    .into_iter()
                    .map(move |c| (c, r.blocked, r.shortfall))
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
    fn header(&self) -> Vec<String> {
        vec![
            "importer".into(),
            "inventory".into(),
            money_column("monthly_imports", self.currency),
            money_column("monthly_shortfall", self.currency),
            money_column("stock", self.currency),
            "runway_months".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.importer),
            Cell::text(&r.group),
            Cell::Number(r.monthly_imports),
            Cell::Number(r.monthly_shortfall),
            Cell::Number(r.stock),
            match r.runway {
                super::Runway::Months(m) => Cell::Number(m),
                super::Runway::Unlimited => Cell::Missing,
            },
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
    /// A short report: totals of each stage, then the breakdowns by
    /// exporter, by product (HS6) and the runways.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.direct.currency;
        let d = &self.direct;
        let s = &self.substitution;
        writeln!(f, "Scenario as of {}", d.as_of)?;
        writeln!(f, "  baseline   {:>24} {c}", d.baseline().round_dp(2))?;
        writeln!(
            f,
            "  blocked    {:>24} {c}{}",
            d.blocked().round_dp(2),
            if d.is_upper_bound() {
                "  (upper bound: end-user scope)"
            } else {
                ""
            }
        )?;
        writeln!(
            f,
            "  substituted{:>24} {c}  (reallocation rate {})",
            s.substituted().round_dp(2),
            s.rate
        )?;
        writeln!(f, "  shortfall  {:>24} {c}", s.shortfall().round_dp(2))?;
        writeln!(f, "\nDirect effect by exporter\n{}", d.by_exporter())?;
        writeln!(
            f,
            "Shortfall by product\n{}",
            s.by_product(HsLevel::Subheading, c)
        )?;
        if !self.runways.is_empty() {
            writeln!(f, "Stockpile runways\n{}", self.runway_table())?;
        }
        Ok(())
    }
}
