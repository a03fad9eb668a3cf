//! CEPII's `GeoDep` screen of an economy's import dependencies.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::metrics::screens::{Years, attributed, hhi_of, threshold};
use crate::metrics::table::{Cell, Table};
use crate::metrics::value::Hhi;
use crate::model::economy::Economy;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};

/// CEPII's `GeoDep` screen of an economy's import dependencies, per
/// product and year (Jaravel & Méjean 2021, *A Data-Driven Resilience
/// Strategy in a Globalized World*, Conseil d'analyse économique Focus
/// 64; CEPII `GeoDep` database, 2023):
///
/// 1. the HHI of the economy's imports by supplier `> 0.4`;
/// 2. the HHI of world exports of the product by exporter `> 0.4`;
/// 3. the economy's imports / its exports of the product `> 1`, exports
///    of 0 counting as 9999.
///
/// Persistence: a product is flagged when all three hold in at least 2
/// years of a 3-year window ending in the year screened. Thresholds,
/// window, years required and the zero-export ratio are configurable;
/// [`cepii`](Self::cepii) is the published preset. Years in the window
/// without imports of the product do not hold. World exports are the
/// flows in the data: screen a full BACI year for the published method.
///
/// [`run`](Self::run) screens one economy; [`run_all`](Self::run_all)
/// screens every economy in every year of loaded data in one pass, and
/// [`window`](Self::window) does the same one year at a time, in bounded
/// memory, for a panel read with [`Panel::fold_years`](crate::Panel::fold_years).
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
/// use tradedep::metrics::GeoDepScreen;
///
/// let f = |imp: &str, exp: &str, y: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(imp.parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
///                    y.parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     f("JPN", "CHN", "2022", "90 USD")?, f("JPN", "VNM", "2022", "10 USD")?,
///     f("JPN", "CHN", "2023", "50 USD")?, f("JPN", "VNM", "2023", "50 USD")?,
///     f("JPN", "CHN", "2024", "95 USD")?, f("JPN", "VNM", "2024", "5 USD")?,
/// ])?;
/// let s = GeoDepScreen::cepii().run(&data, "JPN".parse()?, 2024, &Query::new())?;
/// let row = &s.rows()[0];
/// // 2022: HHI 0.82; 2023: 0.5 (all hold); 2024: 0.905. World exports: China and
/// // Viet Nam only, so the world HHI equals Japan's. Japan exports none: ratio 9999.
/// assert_eq!(row.years_holding(), 3);
/// assert!(row.is_dependent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeoDepScreen {
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    import_hhi_above: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    export_hhi_above: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    ratio_above: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    zero_export_ratio: Decimal,
    window: u16,
    min_years: u16,
    level: HsLevel,
}

impl GeoDepScreen {
    /// The published method: thresholds 0.4, 0.4 and 1, zero exports as
    /// 9999, 2 years of 3, HS6 products.
    #[must_use]
    pub fn cepii() -> GeoDepScreen {
        GeoDepScreen {
            import_hhi_above: Decimal::new(4, 1),
            export_hhi_above: Decimal::new(4, 1),
            ratio_above: Decimal::ONE,
            zero_export_ratio: Decimal::from(9999),
            window: 3,
            min_years: 2,
            level: HsLevel::Subheading,
        }
    }

    /// Sets the three thresholds (import HHI, world export HHI,
    /// import/export ratio).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a negative threshold.
    pub fn with_thresholds(
        mut self,
        import_hhi: Decimal,
        export_hhi: Decimal,
        ratio: Decimal,
    ) -> Result<GeoDepScreen> {
        self.import_hhi_above = threshold("import HHI threshold", import_hhi)?;
        self.export_hhi_above = threshold("export HHI threshold", export_hhi)?;
        self.ratio_above = threshold("import/export ratio threshold", ratio)?;
        Ok(self)
    }

    /// Sets the persistence rule: `min_years` of a `window`-year window.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] when `window` is 0 or `min_years` is 0 or
    /// above `window`.
    pub fn with_persistence(mut self, window: u16, min_years: u16) -> Result<GeoDepScreen> {
        if window == 0 || min_years == 0 || min_years > window {
            return Err(Error::new(ErrorKind::Parameter {
                name: "persistence",
                value: format!("{min_years} of {window} years"),
                expected: "at least 1 year, and no more years than the window has",
            }));
        }
        self.window = window;
        self.min_years = min_years;
        Ok(self)
    }

    /// Sets the ratio used when exports are zero (9999 in the preset).
    #[must_use]
    pub fn with_zero_export_ratio(mut self, ratio: Decimal) -> GeoDepScreen {
        self.zero_export_ratio = ratio;
        self
    }

    /// Screens products at `level` instead of HS6.
    #[must_use]
    pub fn at_level(mut self, level: HsLevel) -> GeoDepScreen {
        self.level = level;
        self
    }

    /// Screens every product `economy` imports in the window ending in
    /// `year`, over the flows `query` selects (flows of any frequency
    /// count toward their calendar year).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn run(
        &self,
        data: &TradeData,
        economy: Economy,
        year: i32,
        query: &Query,
    ) -> Result<GeoDepResult> {
        let first = year
            .checked_sub(i32::from(self.window))
            .and_then(|y| y.checked_add(1))
            .ok_or_else(|| {
                Error::new(ErrorKind::Parameter {
                    name: "year",
                    value: year.to_string(),
                    expected: "a year whose window starts after i32::MIN",
                })
            })?;
        let slot = |y: i32| -> Option<usize> {
            y.checked_sub(first)
                .and_then(|k| usize::try_from(k).ok())
                .filter(|&k| k < usize::from(self.window))
        };
        let n = usize::from(self.window);
        // Per product and year: the economy's suppliers, its exports, and
        // world exports by exporter.
        let mut imports: BTreeMap<HsCode, Years> = BTreeMap::new();
        let of_economy = query.clone().importer(economy);
        for r in data.candidates(&of_economy)?.filter(|r| attributed(r)) {
            if let Some(y) = slot(r.period.year()) {
                let years = imports
                    .entry(r.product.truncate(self.level))
                    .or_insert_with(|| vec![BTreeMap::new(); n]);
                if let Some(m) = years.get_mut(y) {
                    add_to(m.entry(r.exporter).or_default(), r.value)?;
                }
            }
        }
        let products: BTreeSet<HsCode> = imports.keys().copied().collect();
        let mut world: BTreeMap<HsCode, Years> = BTreeMap::new();
        for r in data.candidates(query)?.filter(|r| attributed(r)) {
            let p = r.product.truncate(self.level);
            if let Some(y) = slot(r.period.year())
                && products.contains(&p)
            {
                let years = world.entry(p).or_insert_with(|| vec![BTreeMap::new(); n]);
                if let Some(m) = years.get_mut(y) {
                    add_to(m.entry(r.exporter).or_default(), r.value)?;
                }
            }
        }
        let c = data.currency();
        let empty: Years = vec![BTreeMap::new(); n];
        let mut rows = Vec::new();
        for (product, imp_years) in imports {
            let wld_years = world.get(&product).unwrap_or(&empty);
            let mut years = Vec::with_capacity(n);
            for (y, (imp, wld)) in (first..).zip(imp_years.iter().zip(wld_years)) {
                let mut m = Decimal::ZERO;
                for v in imp.values() {
                    add_to(&mut m, *v)?;
                }
                let x = wld.get(&economy).copied().unwrap_or_default();
                years.push(self.criteria(y, m, x, hhi_of(imp)?, hhi_of(wld)?, c));
            }
            let holding = years.iter().filter(|y| y.holds).count();
            rows.push(GeoDepRow {
                product,
                dependent: holding >= usize::from(self.min_years),
                years,
            });
        }
        Ok(GeoDepResult {
            economy,
            year,
            rows,
        })
    }

    /// One year of one product: imports `m` and exports `x` of the
    /// economy, and the two HHIs.
    pub(super) fn criteria(
        &self,
        year: i32,
        m: Decimal,
        x: Decimal,
        import_hhi: Option<Hhi>,
        export_hhi: Option<Hhi>,
        currency: Currency,
    ) -> GeoDepYear {
        let ratio = if m.is_zero() {
            None
        } else if x.is_zero() {
            Some(self.zero_export_ratio)
        } else {
            m.checked_div(x).map(|d| d.normalize())
        };
        let holds = import_hhi.is_some_and(|h| h.value() > self.import_hhi_above)
            && export_hhi.is_some_and(|h| h.value() > self.export_hhi_above)
            && ratio.is_some_and(|r| r > self.ratio_above);
        GeoDepYear {
            year,
            imports: Money::new(m, currency),
            exports: Money::new(x, currency),
            import_hhi,
            export_hhi,
            ratio,
            holds,
        }
    }

    /// The HS level products are screened at.
    pub(super) fn level(&self) -> HsLevel {
        self.level
    }

    /// The persistence window and the years of it required.
    pub(super) fn persistence(&self) -> (u16, u16) {
        (self.window, self.min_years)
    }
}

/// One year of one product under [`GeoDepScreen`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeoDepYear {
    year: i32,
    imports: Money,
    exports: Money,
    import_hhi: Option<Hhi>,
    export_hhi: Option<Hhi>,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    ratio: Option<Decimal>,
    holds: bool,
}

impl GeoDepYear {
    /// The year.
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The economy's imports of the product.
    #[must_use]
    pub fn imports(&self) -> Money {
        self.imports
    }

    /// The economy's exports of the product.
    #[must_use]
    pub fn exports(&self) -> Money {
        self.exports
    }

    /// Criterion 1's value.
    #[must_use]
    pub fn import_hhi(&self) -> Option<Hhi> {
        self.import_hhi
    }

    /// Criterion 2's value.
    #[must_use]
    pub fn export_hhi(&self) -> Option<Hhi> {
        self.export_hhi
    }

    /// Criterion 3's value (the zero-export ratio where exports are 0);
    /// `None` without imports.
    #[must_use]
    pub fn ratio(&self) -> Option<Decimal> {
        self.ratio
    }

    /// True when all three criteria hold this year.
    #[must_use]
    pub fn holds(&self) -> bool {
        self.holds
    }
}

/// One product under [`GeoDepScreen`]: its years and the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeoDepRow {
    product: HsCode,
    years: Vec<GeoDepYear>,
    dependent: bool,
}

impl GeoDepRow {
    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// Each year of the window, oldest first.
    #[must_use]
    pub fn years(&self) -> &[GeoDepYear] {
        &self.years
    }

    /// The number of years in which all criteria hold.
    #[must_use]
    pub fn years_holding(&self) -> usize {
        self.years.iter().filter(|y| y.holds).count()
    }

    /// True when the criteria hold in enough years.
    #[must_use]
    pub fn is_dependent(&self) -> bool {
        self.dependent
    }
}

/// The result of [`GeoDepScreen::run`], in product order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeoDepResult {
    economy: Economy,
    year: i32,
    rows: Vec<GeoDepRow>,
}

impl GeoDepResult {
    /// Every screened product.
    #[must_use]
    pub fn rows(&self) -> &[GeoDepRow] {
        &self.rows
    }

    /// The products flagged dependent.
    pub fn dependent(&self) -> impl Iterator<Item = &GeoDepRow> {
        self.rows.iter().filter(|r| r.is_dependent())
    }
}

impl Table for GeoDepResult {
    fn header(&self) -> Vec<String> {
        [
            "economy",
            "product",
            "year",
            "import_hhi",
            "export_hhi",
            "import_export_ratio",
            "holds",
            "dependent",
        ]
        .map(String::from)
        .into()
    }

    fn len(&self) -> usize {
        self.rows.iter().map(|r| r.years.len()).sum::<usize>()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        // Every product has one entry per year of the window.
        let n = self.rows.first()?.years.len();
        let r = self.rows.get(i.checked_div(n)?)?;
        let y = r.years.get(i.checked_rem(n)?)?;
        Some(vec![
            Cell::text(self.economy),
            Cell::text(r.product),
            Cell::Count(u64::try_from(y.year).unwrap_or(0)),
            Cell::number(y.import_hhi.map(Hhi::value)),
            Cell::number(y.export_hhi.map(Hhi::value)),
            Cell::number(y.ratio),
            Cell::Flag(y.holds),
            Cell::Flag(r.dependent),
        ])
    }
}
