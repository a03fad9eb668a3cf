//! CEPII's `GeoDep` screen of every economy at once, year by year:
//! [`GeoDepAll`], from data of many years ([`GeoDepScreen::run_all`]) or
//! one year at a time in bounded memory ([`GeoDepWindow`]).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::dense::ProductEconomySums;
use crate::metrics::geodep::{GeoDepScreen, GeoDepYear};
use crate::metrics::product_concentration::ProductConcentrations;
use crate::metrics::stream::{ProductConcentrationsBuilder, counted};
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::Hhi;
use crate::model::economy::Economy;
use crate::model::flow::TradeFlow;
use crate::model::hs::HsCode;
use crate::model::money::Currency;
use crate::model::sum::Sum;

/// The flows of one year for [`GeoDepWindow::push`]: each economy's
/// imports by product and supplier (16 bytes a flow, as
/// [`ProductConcentrationsBuilder`]) and world exports by product and
/// exporter (one sum per pair). Builders of parts of a year
/// [`merge`](Self::merge), so that [`Reader::fold_path`] and
/// [`Panel::fold_years`] fill them on every core.
///
/// [`Reader::fold_path`]: crate::Reader::fold_path
/// [`Panel::fold_years`]: crate::Panel::fold_years
pub struct GeoDepYearBuilder {
    year: Option<i32>,
    imports: ProductConcentrationsBuilder,
    exports: ProductEconomySums,
    level: crate::model::hs::HsLevel,
}

impl fmt::Debug for GeoDepYearBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeoDepYearBuilder")
            .field("year", &self.year)
            .field("imports", &self.imports)
            .finish_non_exhaustive()
    }
}

fn two_years(a: i32, b: i32) -> Error {
    Error::new(ErrorKind::Parameter {
        name: "year of a GeoDep year builder",
        value: format!("{b} after {a}"),
        expected: "the flows of one year: fold each year apart (Panel::fold_years)",
    })
}

impl GeoDepYearBuilder {
    /// Adds one flow; flows that a [`Query`] would not count (the World,
    /// areas not elsewhere specified, breakdown directions) are passed
    /// over.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a flow of another year than the
    /// first; [`ErrorKind::CurrencyMismatch`] for one in another
    /// currency; [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn push(&mut self, flow: &TradeFlow) -> Result<()> {
        let year = flow.period().year();
        match self.year {
            Some(y) if y != year => return Err(two_years(y, year)),
            _ => self.year = Some(year),
        }
        self.imports.push(flow)?;
        if counted(flow) {
            self.exports.add(
                flow.product().truncate(self.level),
                flow.exporter(),
                flow.value().amount(),
            )?;
        }
        Ok(())
    }

    /// The builder of both builders' flows (`later`'s after this one's).
    ///
    /// # Errors
    ///
    /// As [`ProductConcentrationsBuilder::merge`], and
    /// [`ErrorKind::Parameter`] for builders of two years.
    pub fn merge(mut self, later: GeoDepYearBuilder) -> Result<GeoDepYearBuilder> {
        self.year = match (self.year, later.year) {
            (Some(a), Some(b)) if a != b => return Err(two_years(a, b)),
            (a, b) => a.or(b),
        };
        self.imports = self.imports.merge(later.imports)?;
        self.exports.merge(later.exports)?;
        Ok(self)
    }

    /// The year of the flows added, if any.
    #[must_use]
    pub fn year(&self) -> Option<i32> {
        self.year
    }
}

/// What one year leaves for the window: each market's imports, HHI and
/// whether the criteria hold; each economy's exports by product; and the
/// HHI of world exports by product.
struct YearFacts {
    year: i32,
    currency: Currency,
    /// By importer and product.
    markets: Vec<Market>,
    /// By exporter and product: in the markets' order, so that a pass
    /// over the markets finds each economy's exports by moving forward.
    exports: Vec<((Economy, HsCode), Decimal)>,
    /// By product.
    world: Vec<(HsCode, Option<Hhi>)>,
}

struct Market {
    key: (Economy, HsCode),
    imports: Decimal,
    hhi: Option<Hhi>,
    holds: bool,
}

impl YearFacts {
    fn new(
        screen: &GeoDepScreen,
        year: i32,
        concentrations: &ProductConcentrations,
        exports: ProductEconomySums,
    ) -> Result<YearFacts> {
        // World exports by product: a sum and a sum of squares each.
        let mut by_product: HashMap<HsCode, (Sum, Sum)> = HashMap::new();
        let exports = exports.into_sums()?;
        let mut sorted = Vec::with_capacity(exports.len());
        for (p, e, v) in exports {
            let (sum, squares) = by_product.entry(p).or_default();
            sum.add(v)?;
            squares.add_square(v)?;
            sorted.push(((e, p), v));
        }
        sorted.sort_unstable_by_key(|(k, _)| *k);
        let mut world = by_product
            .into_iter()
            .map(|(p, (sum, squares))| sum.value().map(|t| (p, squares.hhi(t))))
            .collect::<Result<Vec<_>>>()?;
        world.sort_unstable_by_key(|(p, _)| *p);
        let mut facts = YearFacts {
            year,
            currency: concentrations.currency(),
            markets: Vec::with_capacity(concentrations.rows().len()),
            exports: sorted,
            world,
        };
        let mut at = 0;
        for r in concentrations.rows() {
            let key = (r.importer(), r.product());
            let c = facts.criteria(screen, &mut at, key, r.total().amount(), r.hhi());
            facts.markets.push(Market {
                key,
                imports: r.total().amount(),
                hhi: r.hhi(),
                holds: c.holds(),
            });
        }
        Ok(facts)
    }

    /// The exports of `key`'s economy and product, from position `at` of
    /// the exports on (moved up to `key`): keys asked for in increasing
    /// order cost one pass in all.
    fn exports_of(&self, at: &mut usize, key: (Economy, HsCode)) -> Decimal {
        let rest = self.exports.get(*at..).unwrap_or_default();
        let skip = rest.partition_point(|(k, _)| *k < key);
        *at = at.saturating_add(skip);
        match self.exports.get(*at) {
            Some((k, v)) if *k == key => *v,
            _ => Decimal::ZERO,
        }
    }

    fn world_hhi(&self, product: HsCode) -> Option<Hhi> {
        self.world
            .binary_search_by_key(&product, |(p, _)| *p)
            .ok()
            .and_then(|i| self.world.get(i))
            .and_then(|(_, h)| *h)
    }

    fn criteria(
        &self,
        screen: &GeoDepScreen,
        at: &mut usize,
        key: (Economy, HsCode),
        imports: Decimal,
        hhi: Option<Hhi>,
    ) -> GeoDepYear {
        let x = self.exports_of(at, key);
        screen.criteria(
            self.year,
            imports,
            x,
            hhi,
            self.world_hhi(key.1),
            self.currency,
        )
    }
}

/// CEPII's `GeoDep` screen of every economy, one year at a time, in
/// bounded memory: made by [`GeoDepScreen::window`], it is given each
/// year's flows in year order ([`push`](Self::push)) and returns that
/// year's screen of every economy, persistence included, keeping only
/// what the persistence window needs of the years before (each market's
/// imports, HHI and flag: a few dozen bytes a market, none per flow).
///
/// # Example
///
/// ```
/// use tradedep::{Direction, TradeFlow};
/// use tradedep::metrics::GeoDepScreen;
///
/// let f = |imp: &str, exp: &str, y: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(imp.parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
///                    y.parse()?, v.parse()?)
/// };
/// let screen = GeoDepScreen::cepii();
/// let mut window = screen.window();
/// let mut flagged = Vec::new();
/// for (year, flows) in [
///     (2022, [f("JPN", "CHN", "2022", "90 USD")?, f("JPN", "VNM", "2022", "10 USD")?]),
///     (2023, [f("JPN", "CHN", "2023", "95 USD")?, f("JPN", "VNM", "2023", "5 USD")?]),
/// ] {
///     let mut b = screen.year_builder();
///     for flow in &flows {
///         b.push(flow)?;
///     }
///     let all = window.push(year, b)?;
///     flagged.push(all.dependent().count());
/// }
/// // Japan's HHI is 0.82, then 0.905; world exports are China's and Viet
/// // Nam's alone, as concentrated; Japan exports none. Two years of three
/// // are needed: flagged from 2023 on.
/// assert_eq!(flagged, [0, 1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct GeoDepWindow {
    screen: GeoDepScreen,
    years: VecDeque<YearFacts>,
}

impl fmt::Debug for GeoDepWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeoDepWindow")
            .field("screen", &self.screen)
            .field(
                "years",
                &self.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl GeoDepScreen {
    /// A builder of one year's flows for [`GeoDepWindow::push`].
    #[must_use]
    pub fn year_builder(&self) -> GeoDepYearBuilder {
        GeoDepYearBuilder {
            year: None,
            imports: ProductConcentrations::builder(self.level()),
            exports: ProductEconomySums::new(),
            level: self.level(),
        }
    }

    /// The screen of every economy, one year at a time: see
    /// [`GeoDepWindow`].
    #[must_use]
    pub fn window(&self) -> GeoDepWindow {
        GeoDepWindow {
            screen: self.clone(),
            years: VecDeque::new(),
        }
    }

    /// Screens every economy in every year of `data`, over the flows
    /// `query` selects, in one pass: one [`GeoDepAll`] per year with
    /// flows, oldest first. Each year's rows equal
    /// [`run`](Self::run)'s for each economy and that year.
    ///
    /// # Errors
    ///
    /// As [`run`](Self::run); [`ErrorKind::Overlap`] where an importer's
    /// flows of one year mix frequencies or HS levels (an economy may
    /// report years, then months);
    /// [`ErrorKind::Parameter`] for a query of a breakdown direction
    /// (re-imports, re-exports, ...).
    pub fn run_all(&self, data: &TradeData, query: &Query) -> Result<Vec<GeoDepAll>> {
        if let Some(d) = query.direction
            && d.is_breakdown()
        {
            return Err(Error::new(ErrorKind::Parameter {
                name: "direction",
                value: d.to_string(),
                expected: "a direction that is no breakdown: run_all screens imports and exports as the streaming builders count them; screen a breakdown one economy at a time with run",
            }));
        }
        let mut years: BTreeMap<i32, GeoDepYearBuilder> = BTreeMap::new();
        let currency = data.currency();
        // In exporter order, as BACI's files come: each exporter's export
        // sums stay in cache, and each importer's flows arrive by exporter.
        for r in data.candidates_by_year(query, true)? {
            let flow = r.to_flow(currency);
            years
                .entry(r.period.year())
                .or_insert_with(|| self.year_builder())
                .push(&flow)?;
        }
        let mut window = self.window();
        years
            .into_iter()
            .map(|(year, b)| window.push(year, b))
            .collect()
    }
}

impl GeoDepWindow {
    /// Screens every economy in `year`, from its flows in `builder` and
    /// the window's earlier years; years must come in increasing order
    /// (gaps are years without trade).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a year not after the last one, or a
    /// builder of flows of another year; as
    /// [`ProductConcentrationsBuilder::build`] for the year's flows.
    pub fn push(&mut self, year: i32, builder: GeoDepYearBuilder) -> Result<GeoDepAll> {
        if let Some(b) = builder.year
            && b != year
        {
            return Err(Error::new(ErrorKind::Parameter {
                name: "year",
                value: format!("{year} for a builder of flows of {b}"),
                expected: "the year of the builder's flows",
            }));
        }
        if let Some(last) = self.years.back()
            && year <= last.year
        {
            return Err(Error::new(ErrorKind::Parameter {
                name: "year",
                value: format!("{year} after {}", last.year),
                expected: "years in increasing order",
            }));
        }
        let concentrations = builder.imports.build()?;
        let facts = YearFacts::new(&self.screen, year, &concentrations, builder.exports)?;
        drop(concentrations);
        let (window, min_years) = self.screen.persistence();
        let first = year.saturating_sub(i32::from(window).saturating_sub(1));
        while self.years.front().is_some_and(|f| f.year < first) {
            self.years.pop_front();
        }
        // Of earlier years only the markets are read again.
        if let Some(previous) = self.years.back_mut() {
            previous.exports = Vec::new();
            previous.world = Vec::new();
        }
        self.years.push_back(facts);
        Ok(self.screen_year(year, min_years))
    }

    /// The screen of the last year pushed, over the years kept.
    fn screen_year(&self, year: i32, min_years: u16) -> GeoDepAll {
        let mut rows = Vec::new();
        let Some(now) = self.years.back() else {
            return GeoDepAll {
                year,
                currency: Currency::USD,
                rows,
            };
        };
        // A merge of the years' markets, each sorted by (economy, product).
        let mut at = vec![0usize; self.years.len()];
        let mut exports_at = 0;
        loop {
            let next = self
                .years
                .iter()
                .zip(&at)
                .filter_map(|(f, i)| f.markets.get(*i).map(|m| m.key))
                .min();
            let Some(key) = next else { break };
            let mut holding = 0u16;
            let mut this_year = None;
            for (f, i) in self.years.iter().zip(at.iter_mut()) {
                if let Some(m) = f.markets.get(*i)
                    && m.key == key
                {
                    holding = holding.saturating_add(u16::from(m.holds));
                    if f.year == year {
                        this_year = Some((m.imports, m.hhi));
                    }
                    *i = i.saturating_add(1);
                }
            }
            let (imports, hhi) = this_year.unwrap_or((Decimal::ZERO, None));
            rows.push(GeoDepEntry {
                economy: key.0,
                product: key.1,
                criteria: now.criteria(&self.screen, &mut exports_at, key, imports, hhi),
                holding,
                dependent: holding >= min_years,
            });
        }
        GeoDepAll {
            year,
            currency: now.currency,
            rows,
        }
    }
}

/// One economy and product in [`GeoDepAll`]: the year's criteria and the
/// persistence flag.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeoDepEntry {
    economy: Economy,
    product: HsCode,
    criteria: GeoDepYear,
    holding: u16,
    dependent: bool,
}

impl GeoDepEntry {
    /// The importing economy.
    #[must_use]
    pub fn economy(&self) -> Economy {
        self.economy
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// The criteria in the year screened (imports of zero where the
    /// economy imported the product only in earlier years of the window).
    #[must_use]
    pub fn criteria(&self) -> &GeoDepYear {
        &self.criteria
    }

    /// The years of the window in which all criteria hold.
    #[must_use]
    pub fn years_holding(&self) -> usize {
        usize::from(self.holding)
    }

    /// True when the criteria hold in enough years of the window.
    #[must_use]
    pub fn is_dependent(&self) -> bool {
        self.dependent
    }
}

/// Every economy's `GeoDep` screen in one year: a row per economy and
/// product imported in the window ending that year, by economy (in
/// [`Economy`]'s order) and product.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeoDepAll {
    year: i32,
    currency: Currency,
    rows: Vec<GeoDepEntry>,
}

impl GeoDepAll {
    /// The year screened (the window's last).
    #[must_use]
    pub fn year(&self) -> i32 {
        self.year
    }

    /// Every row.
    #[must_use]
    pub fn rows(&self) -> &[GeoDepEntry] {
        &self.rows
    }

    /// The rows of one economy, by product.
    #[must_use]
    pub fn of(&self, economy: Economy) -> &[GeoDepEntry] {
        let from = self.rows.partition_point(|r| r.economy < economy);
        let to = self.rows.partition_point(|r| r.economy <= economy);
        self.rows.get(from..to).unwrap_or_default()
    }

    /// The row of one economy and product.
    #[must_use]
    pub fn get(&self, economy: Economy, product: HsCode) -> Option<&GeoDepEntry> {
        self.rows
            .binary_search_by(|r| (r.economy, r.product).cmp(&(economy, product)))
            .ok()
            .and_then(|i| self.rows.get(i))
    }

    /// The rows flagged dependent.
    pub fn dependent(&self) -> impl Iterator<Item = &GeoDepEntry> {
        self.rows.iter().filter(|r| r.dependent)
    }
}

impl Table for GeoDepAll {
    fn currency(&self) -> Option<Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        [
            "economy".to_string(),
            "product".into(),
            "year".into(),
            money_column("imports", self.currency),
            money_column("exports", self.currency),
            "import_hhi".into(),
            "export_hhi".into(),
            "import_export_ratio".into(),
            "holds".into(),
            "years_holding".into(),
            "dependent".into(),
        ]
        .into()
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        let c = &r.criteria;
        Some(vec![
            Cell::text(r.economy),
            Cell::text(r.product),
            Cell::Count(u64::try_from(self.year).unwrap_or(0)),
            Cell::Money(c.imports().amount()),
            Cell::Money(c.exports().amount()),
            Cell::number(c.import_hhi().map(Hhi::value)),
            Cell::number(c.export_hhi().map(Hhi::value)),
            Cell::number(c.ratio()),
            Cell::Flag(c.holds()),
            Cell::Count(u64::from(r.holding)),
            Cell::Flag(r.dependent),
        ])
    }
}
