//! Queries over trade data: which flows a total, a share or an indicator
//! counts, and the rules that keep it from counting the same trade twice.

use std::collections::BTreeSet;

use crate::classify::selector::ProductSelector;
use crate::data::row::Row;
use crate::model::economy::{Economy, EconomyKind};
use crate::model::flow::{Direction, Provenance};
use crate::model::group::EconomyGroup;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::period::{Frequency, Period};

/// A filter over trade data: any combination of importer, exporter,
/// product (at any HS level: a chapter selects all its subheadings),
/// period (a year selects its quarters and months), direction,
/// provenance, frequency and HS level, and economies or kinds of economy
/// to leave out.
///
/// # What a query never counts twice
///
/// Trade data often holds aggregates beside their parts. A query keeps
/// them apart, so that every total, share and indicator over it counts
/// each good once:
///
/// - **The World.** Flows whose importer or exporter is
///   [`Economy::WORLD`] are a reporter's *reported totals*, not trade
///   with a partner. A query selects them only when it names the World
///   ([`exporter(Economy::WORLD)`](Query::exporter)); otherwise they are
///   left out. Unspecified areas ("Areas, n.e.s.", bunkers, free zones)
///   are real trade and are selected, but the indicators never count them
///   as a supplier (see [`metrics`](crate::metrics)).
/// - **Breakdowns of a flow.** Re-imports, re-exports, foreign imports
///   and domestic exports are parts of total imports and exports
///   ([`Direction`]). A query that names no direction selects only the
///   totals `M` and `X`.
/// - **Two frequencies, two HS levels.** A year and its months, or a
///   chapter and its subheadings, describe the same trade at two levels of
///   detail. A query whose flows *into one importer* mix frequencies or
///   HS levels is an error ([`ErrorKind::Overlap`](crate::ErrorKind::Overlap))
///   naming both, unless it picks one with [`frequency`](Query::frequency)
///   or [`hs_level`](Query::hs_level); importers may differ (one
///   reporting quarters, another years). "All products" (Comtrade's
///   `TOTAL`, [`HsCode::TOTAL`]) is an HS level of its own, the coarsest.
///
/// - **Two HS editions.** `HS2017:850511` and `HS2022:850511` (or a code
///   read without an edition) are not known to be the same goods. A query
///   whose flows hold codes of two editions is an error
///   ([`ErrorKind::Overlap`](crate::ErrorKind::Overlap)) naming both:
///   convert the data to one edition
///   ([`Concordance::convert`](crate::concordance::Concordance::convert)),
///   or tag codes read without one
///   ([`TradeData::with_edition`](crate::TradeData::with_edition)).
///
/// An empty query selects every flow that is not an aggregate.
///
/// # Example
///
/// ```
/// use tradedep::{EconomyKind, Frequency, Query};
///
/// let q = Query::new()
///     .importer("JPN".parse()?)
///     .exporter("CHN".parse()?)
///     .product("85".parse()?)
///     .period("2025".parse()?)
///     .frequency(Frequency::Monthly);
/// assert_eq!(
///     q.to_string(),
///     "importer JPN, exporter CHN, product 85, period 2025, monthly"
/// );
/// let q = Query::new().exclude("USA".parse()?).exclude_kind(EconomyKind::Unspecified);
/// assert_eq!(q.to_string(), "excluding USA, excluding unspecified areas");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub(crate) importer: Option<Economy>,
    pub(crate) exporter: Option<Economy>,
    pub(crate) importers: Option<EconomyGroup>,
    pub(crate) exporters: Option<EconomyGroup>,
    pub(crate) product: Option<HsCode>,
    products: Option<ProductSelector>,
    period: Option<Period>,
    pub(crate) direction: Option<Direction>,
    provenance: Option<Provenance>,
    pub(crate) frequency: Option<Frequency>,
    pub(crate) hs_level: Option<HsLevel>,
    excluded: BTreeSet<Economy>,
    excluded_kinds: BTreeSet<EconomyKind>,
}

impl Query {
    /// A query that selects every flow that is not an aggregate.
    #[must_use]
    pub fn new() -> Query {
        Query::default()
    }

    /// Only flows into `economy`. [`Economy::WORLD`] selects the
    /// reported totals of exports to the World.
    #[must_use]
    pub fn importer(mut self, economy: Economy) -> Query {
        self.importer = Some(economy);
        self
    }

    /// Only flows out of `economy`. [`Economy::WORLD`] selects the
    /// reported totals of imports from the World.
    #[must_use]
    pub fn exporter(mut self, economy: Economy) -> Query {
        self.exporter = Some(economy);
        self
    }

    /// Only flows into members of `group`.
    #[must_use]
    pub fn importer_in(mut self, group: EconomyGroup) -> Query {
        self.importers = Some(group);
        self
    }

    /// Only flows out of members of `group`.
    #[must_use]
    pub fn exporter_in(mut self, group: EconomyGroup) -> Query {
        self.exporters = Some(group);
        self
    }

    /// Only products within `code` (the code itself and every code below).
    #[must_use]
    pub fn product(mut self, code: HsCode) -> Query {
        self.product = Some(code);
        self
    }

    /// Only products a selector selects (a set of HS prefixes), on top of
    /// any [`product`](Self::product) filter.
    #[must_use]
    pub fn products(mut self, selector: ProductSelector) -> Query {
        self.products = Some(selector);
        self
    }

    /// Only flows of periods within `period`.
    #[must_use]
    pub fn period(mut self, period: Period) -> Query {
        self.period = Some(period);
        self
    }

    /// Only flows declared in `direction`. Without it, only the totals
    /// [`Direction::Import`] and [`Direction::Export`] are selected, never
    /// their breakdowns.
    #[must_use]
    pub fn direction(mut self, direction: Direction) -> Query {
        self.direction = Some(direction);
        self
    }

    /// Only declared, or only reconciled, flows.
    #[must_use]
    pub fn provenance(mut self, provenance: Provenance) -> Query {
        self.provenance = Some(provenance);
        self
    }

    /// Only flows of periods of `frequency` (annual, quarterly or
    /// monthly). Needed where the data holds one trade at two
    /// frequencies (a year and its months); without it such a query is an
    /// [`ErrorKind::Overlap`](crate::ErrorKind::Overlap) error.
    ///
    /// # Example
    ///
    /// ```
    /// use tradedep::{Direction, ErrorKind, Frequency, Query, TradeData, TradeFlow};
    ///
    /// let flow = |period: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
    ///     TradeFlow::new("JPN".parse()?, "CHN".parse()?, Direction::Import,
    ///                    "850511".parse()?, period.parse()?, v.parse()?)
    /// };
    /// // A year and its first month: the month is inside the year's figure.
    /// let data = TradeData::from_flows([flow("2024", "12000 USD")?, flow("2024-01", "1000 USD")?])?;
    /// let year = Query::new().period("2024".parse()?);
    /// let err = data.total(&year).unwrap_err();
    /// assert!(matches!(err.kind(), ErrorKind::Overlap { .. }));
    /// assert_eq!(data.total(&year.clone().frequency(Frequency::Annual))?.to_string(), "12000 USD");
    /// assert_eq!(data.total(&year.frequency(Frequency::Monthly))?.to_string(), "1000 USD");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn frequency(mut self, frequency: Frequency) -> Query {
        self.frequency = Some(frequency);
        self
    }

    /// Only products at `level` ([`HsLevel::Total`] for "all products").
    /// Needed where the data holds one trade at two HS levels (a chapter
    /// and its subheadings, or `TOTAL` and its chapters); without it such
    /// a query is an [`ErrorKind::Overlap`](crate::ErrorKind::Overlap)
    /// error.
    #[must_use]
    pub fn hs_level(mut self, level: HsLevel) -> Query {
        self.hs_level = Some(level);
        self
    }

    /// Leaves out flows into or out of `economy`.
    #[must_use]
    pub fn exclude(mut self, economy: Economy) -> Query {
        self.excluded.insert(economy);
        self
    }

    /// Leaves out flows into or out of every member of `group`.
    #[must_use]
    pub fn exclude_in(mut self, group: &EconomyGroup) -> Query {
        self.excluded.extend(group.iter());
        self
    }

    /// Leaves out flows into or out of every economy of `kind` (say
    /// [`EconomyKind::Unspecified`], the areas n.e.s., bunkers and free
    /// zones of trade statistics).
    #[must_use]
    pub fn exclude_kind(mut self, kind: EconomyKind) -> Query {
        self.excluded_kinds.insert(kind);
        self
    }

    /// The same query without its importer and exporter filters: the same
    /// products, periods, direction, provenance, frequency, level and
    /// exclusions, for every pair (the world market of a baseline).
    pub(crate) fn scope(&self) -> Query {
        Query {
            importer: None,
            exporter: None,
            importers: None,
            exporters: None,
            ..self.clone()
        }
    }

    /// True when the query names the World as importer or exporter, and
    /// so selects reported totals.
    fn asks_for_world(&self) -> bool {
        self.importer == Some(Economy::WORLD) || self.exporter == Some(Economy::WORLD)
    }

    pub(crate) fn matches(&self, r: &Row) -> bool {
        let world = r.importer == Economy::WORLD || r.exporter == Economy::WORLD;
        (!world || self.asks_for_world())
            && self.importer.is_none_or(|e| e == r.importer)
            && self.exporter.is_none_or(|e| e == r.exporter)
            && self
                .importers
                .as_ref()
                .is_none_or(|g| g.contains(r.importer))
            && self
                .exporters
                .as_ref()
                .is_none_or(|g| g.contains(r.exporter))
            && self.product.is_none_or(|p| p.contains(r.product))
            && self.products.as_ref().is_none_or(|s| s.matches(r.product))
            && self.period.is_none_or(|p| p.contains(r.period))
            && match self.direction {
                Some(d) => d == r.direction(),
                None => !r.direction().is_breakdown(),
            }
            && self.provenance.is_none_or(|p| p == r.provenance())
            && self.frequency.is_none_or(|f| f == r.period.frequency())
            && self.hs_level.is_none_or(|l| l == r.product.level())
            && (self.excluded.is_empty()
                || !(self.excluded.contains(&r.importer) || self.excluded.contains(&r.exporter)))
            && (self.excluded_kinds.is_empty()
                || !(self.excluded_kinds.contains(&r.importer.kind())
                    || self.excluded_kinds.contains(&r.exporter.kind())))
    }
}

fn kind_name(kind: EconomyKind) -> &'static str {
    match kind {
        EconomyKind::Current => "current economies",
        EconomyKind::Former => "former economies",
        EconomyKind::World => "the World",
        EconomyKind::Unspecified => "unspecified areas",
    }
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if let Some(e) = self.importer {
            parts.push(format!("importer {e}"));
        }
        if let Some(g) = &self.importers {
            parts.push(format!("importer in {}", g.name()));
        }
        if let Some(e) = self.exporter {
            parts.push(format!("exporter {e}"));
        }
        if let Some(g) = &self.exporters {
            parts.push(format!("exporter in {}", g.name()));
        }
        if let Some(p) = self.product {
            parts.push(format!("product {p}"));
        }
        if let Some(s) = &self.products {
            parts.push(format!("products [{s}]"));
        }
        if let Some(p) = self.period {
            parts.push(format!("period {p}"));
        }
        if let Some(d) = self.direction {
            parts.push(format!("direction {d}"));
        }
        if let Some(p) = self.provenance {
            parts.push(format!("provenance {p}"));
        }
        if let Some(fr) = self.frequency {
            parts.push(fr.to_string());
        }
        if let Some(l) = self.hs_level {
            parts.push(format!("HS level {l}"));
        }
        for e in &self.excluded {
            parts.push(format!("excluding {e}"));
        }
        for k in &self.excluded_kinds {
            parts.push(format!("excluding {}", kind_name(*k)));
        }
        if parts.is_empty() {
            f.write_str("all flows")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}
