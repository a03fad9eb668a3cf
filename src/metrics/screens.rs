//! The European Commission's screen of strategic import dependencies
//! (SWD(2021) 352), and what the screens share.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::row::Row;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::dense::ProductEconomySums;
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::{Hhi, Share};
use crate::model::economy::Economy;
use crate::model::group::EconomyGroup;
use crate::model::hs::{HsCode, HsLevel};
use crate::model::money::{Currency, Money};
use crate::model::sum::Sum;

/// Per-supplier sums for each year of a window.
pub(super) type Years = Vec<BTreeMap<Economy, Decimal>>;

/// The HHI of per-supplier sums.
pub(super) fn hhi_of(suppliers: &BTreeMap<Economy, Decimal>) -> Result<Option<Hhi>> {
    let (mut sum, mut squares) = (Sum::default(), Sum::default());
    for v in suppliers.values() {
        sum.add(*v)?;
        squares.add_square(*v)?;
    }
    Ok(squares.hhi(sum.value()?))
}

pub(super) fn threshold(name: &'static str, value: Decimal) -> Result<Decimal> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::new(ErrorKind::Parameter {
            name,
            value: value.to_string(),
            expected: "thresholds are not negative",
        }));
    }
    Ok(value)
}

/// The European Commission's screen of strategic import dependencies,
/// per product for a bloc (EU SWD(2021) 352, *Strategic dependencies and
/// capacities*, 5 May 2021, annex 1):
///
/// 1. concentration: HHI of extra-bloc imports by supplier `> 0.4`;
/// 2. importance of extra-bloc supply: extra-bloc imports / total imports
///    of the bloc (intra included) `> 0.5`;
/// 3. substitutability: extra-bloc imports / total exports of the bloc
///    (intra included) `> 1`.
///
/// A product is flagged dependent when all three hold. Every criterion's
/// value is reported, not only the flag. Where bloc exports are zero and
/// extra-bloc imports positive, the ratio is unbounded: it is reported as
/// `None` and criterion 3 holds. Thresholds are configurable; the preset
/// [`swd_2021_352`](Self::swd_2021_352) reproduces the published method
/// (HS6 products, one year of data).
///
/// # Example
///
/// ```
/// use tradedep::{Direction, EconomyGroup, Query, TradeData, TradeFlow};
/// use tradedep::metrics::EuScreen;
///
/// let f = |imp: &str, exp: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(imp.parse()?, exp.parse()?, Direction::Import, "280530".parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     f("DEU", "CHN", "90 USD")?, // extra-EU
///     f("FRA", "USA", "10 USD")?, // extra-EU
///     f("FRA", "DEU", "20 USD")?, // intra-EU: counts in imports and exports
///     f("USA", "FRA", "30 USD")?, // EU exports
/// ])?;
/// let screen = EuScreen::swd_2021_352().run(&data, &EconomyGroup::eu27(), &Query::new())?;
/// let row = &screen.rows()[0];
/// assert_eq!(row.hhi().unwrap().to_string(), "0.82");          // 0.9^2 + 0.1^2
/// assert_eq!(row.extra_share().unwrap().to_string(), "0.8333333333333333333333333333"); // 100 / 120
/// assert_eq!(row.import_export_ratio().unwrap().to_string(), "2"); // 100 / 50
/// assert!(row.is_dependent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EuScreen {
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    hhi_above: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    extra_share_above: Decimal,
    #[cfg_attr(feature = "serde", serde(with = "crate::model::serde_decimal::exact"))]
    ratio_above: Decimal,
    level: HsLevel,
}

impl EuScreen {
    /// The published thresholds: 0.4, 0.5 and 1, on HS6 products.
    #[must_use]
    pub fn swd_2021_352() -> EuScreen {
        EuScreen {
            hhi_above: Decimal::new(4, 1),
            extra_share_above: Decimal::new(5, 1),
            ratio_above: Decimal::ONE,
            level: HsLevel::Subheading,
        }
    }

    /// Sets the three thresholds (HHI, extra-bloc share, import/export
    /// ratio).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for a negative threshold.
    pub fn with_thresholds(
        mut self,
        hhi: Decimal,
        extra_share: Decimal,
        ratio: Decimal,
    ) -> Result<EuScreen> {
        self.hhi_above = threshold("HHI threshold", hhi)?;
        self.extra_share_above = threshold("extra-bloc share threshold", extra_share)?;
        self.ratio_above = threshold("import/export ratio threshold", ratio)?;
        Ok(self)
    }

    /// Screens products at `level` instead of HS6.
    #[must_use]
    pub fn at_level(mut self, level: HsLevel) -> EuScreen {
        self.level = level;
        self
    }

    /// The HS level products are screened at.
    pub(super) fn level(&self) -> HsLevel {
        self.level
    }

    /// Screens every product the bloc imports from outside, over the
    /// flows `query` selects (one year, as published).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum does not fit.
    pub fn run(
        &self,
        data: &TradeData,
        bloc: &EconomyGroup,
        query: &Query,
    ) -> Result<EuScreenResult> {
        let members = Members::of(bloc);
        let mut sums = EuSums::new();
        for r in data
            .candidates_by_exporter(query)?
            .filter(|r| attributed(r))
        {
            sums.add(
                &members,
                r.product.truncate(self.level),
                r.importer,
                r.exporter,
                r.value,
            )?;
        }
        sums.result(self, bloc, data.currency())
    }

    /// The rows of one bloc's sums.
    fn rows(&self, sums: EuSums, currency: Currency) -> Result<Vec<EuScreenRow>> {
        #[derive(Default)]
        struct Acc {
            extra: BTreeMap<Economy, Decimal>,
            imports: Sum,
            exports: Sum,
        }
        let mut acc: BTreeMap<HsCode, Acc> = BTreeMap::new();
        for (p, e, v) in sums.extra.into_sums()? {
            let a = acc.entry(p).or_default();
            a.extra.insert(e, v);
            a.imports.add(v)?;
        }
        for (p, _, v) in sums.intra.into_sums()? {
            let a = acc.entry(p).or_default();
            a.imports.add(v)?;
            a.exports.add(v)?;
        }
        for (p, _, v) in sums.out.into_sums()? {
            acc.entry(p).or_default().exports.add(v)?;
        }
        let mut rows = Vec::new();
        for (product, a) in acc {
            let mut extra = Sum::default();
            for v in a.extra.values() {
                extra.add(*v)?;
            }
            let extra = extra.value()?;
            if extra.is_zero() {
                continue;
            }
            let (imports, exports) = (a.imports.value()?, a.exports.value()?);
            let hhi = hhi_of(&a.extra)?;
            let share = Share::ratio(extra, imports);
            let ratio = extra.checked_div(exports).map(|d| d.normalize());
            let criteria = [
                hhi.is_some_and(|h| h.value() > self.hhi_above),
                share.is_some_and(|s| s.value() > self.extra_share_above),
                if exports.is_zero() {
                    true
                } else {
                    ratio.is_some_and(|r| r > self.ratio_above)
                },
            ];
            rows.push(EuScreenRow {
                product,
                extra_imports: Money::new(extra, currency),
                total_imports: Money::new(imports, currency),
                bloc_exports: Money::new(exports, currency),
                hhi,
                extra_share: share,
                import_export_ratio: if exports.is_zero() { None } else { ratio },
                criteria,
            });
        }
        Ok(rows)
    }
}

/// A bloc's members by table index.
pub(super) struct Members(Vec<bool>);

impl Members {
    pub(super) fn of(bloc: &EconomyGroup) -> Members {
        Members(Economy::all().map(|e| bloc.contains(e)).collect())
    }

    #[inline]
    fn contains(&self, e: Economy) -> bool {
        self.0
            .get(usize::from(e.table_index()))
            .copied()
            .unwrap_or(false)
    }
}

/// Exact sums per (product, exporter) of the three kinds of flow the EU
/// screen reads: into the bloc from outside, within it, and out of it.
pub(super) struct EuSums {
    extra: ProductEconomySums,
    intra: ProductEconomySums,
    out: ProductEconomySums,
}

impl EuSums {
    pub(super) fn new() -> EuSums {
        EuSums {
            extra: ProductEconomySums::new(),
            intra: ProductEconomySums::new(),
            out: ProductEconomySums::new(),
        }
    }

    /// Adds one attributed flow of `product`.
    #[inline]
    pub(super) fn add(
        &mut self,
        members: &Members,
        product: HsCode,
        importer: Economy,
        exporter: Economy,
        value: Decimal,
    ) -> Result<()> {
        match (members.contains(importer), members.contains(exporter)) {
            (true, false) => self.extra.add(product, exporter, value),
            (true, true) => self.intra.add(product, exporter, value),
            (false, true) => self.out.add(product, exporter, value),
            (false, false) => Ok(()),
        }
    }

    pub(super) fn merge(&mut self, other: EuSums) -> Result<()> {
        self.extra.merge(other.extra)?;
        self.intra.merge(other.intra)?;
        self.out.merge(other.out)
    }

    pub(super) fn result(
        self,
        screen: &EuScreen,
        bloc: &EconomyGroup,
        currency: Currency,
    ) -> Result<EuScreenResult> {
        Ok(EuScreenResult {
            bloc: bloc.name().to_string(),
            currency,
            rows: screen.rows(self, currency)?,
        })
    }
}

/// One product's values under [`EuScreen`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EuScreenRow {
    product: HsCode,
    extra_imports: Money,
    total_imports: Money,
    bloc_exports: Money,
    hhi: Option<Hhi>,
    extra_share: Option<Share>,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    import_export_ratio: Option<Decimal>,
    criteria: [bool; 3],
}

impl EuScreenRow {
    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// Imports from outside the bloc.
    #[must_use]
    pub fn extra_imports(&self) -> Money {
        self.extra_imports
    }

    /// All imports of the bloc's members, intra-bloc included.
    #[must_use]
    pub fn total_imports(&self) -> Money {
        self.total_imports
    }

    /// All exports of the bloc's members, intra-bloc included.
    #[must_use]
    pub fn bloc_exports(&self) -> Money {
        self.bloc_exports
    }

    /// Criterion 1's value: HHI of extra-bloc suppliers.
    #[must_use]
    pub fn hhi(&self) -> Option<Hhi> {
        self.hhi
    }

    /// Criterion 2's value: extra-bloc / total imports.
    #[must_use]
    pub fn extra_share(&self) -> Option<Share> {
        self.extra_share
    }

    /// Criterion 3's value: extra-bloc imports / bloc exports; `None`
    /// when bloc exports are zero (unbounded).
    #[must_use]
    pub fn import_export_ratio(&self) -> Option<Decimal> {
        self.import_export_ratio
    }

    /// Which criteria hold, in order.
    #[must_use]
    pub fn criteria(&self) -> [bool; 3] {
        self.criteria
    }

    /// True when all three criteria hold.
    #[must_use]
    pub fn is_dependent(&self) -> bool {
        self.criteria.iter().all(|c| *c)
    }
}

/// The result of [`EuScreen::run`]: one row per product with extra-bloc
/// imports, in product order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EuScreenResult {
    bloc: String,
    currency: Currency,
    rows: Vec<EuScreenRow>,
}

impl EuScreenResult {
    /// Every screened product.
    #[must_use]
    pub fn rows(&self) -> &[EuScreenRow] {
        &self.rows
    }

    /// The products flagged dependent.
    pub fn dependent(&self) -> impl Iterator<Item = &EuScreenRow> {
        self.rows.iter().filter(|r| r.is_dependent())
    }
}

impl Table for EuScreenResult {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        let c = self.currency;
        vec![
            "product".into(),
            money_column("extra_imports", c),
            money_column("total_imports", c),
            money_column("bloc_exports", c),
            "hhi".into(),
            "extra_share".into(),
            "import_export_ratio".into(),
            "dependent".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.product),
            Cell::Money(r.extra_imports.amount()),
            Cell::Money(r.total_imports.amount()),
            Cell::Money(r.bloc_exports.amount()),
            Cell::number(r.hhi.map(Hhi::value)),
            Cell::ratio(r.extra_share.map(Share::value)),
            Cell::number(r.import_export_ratio),
            Cell::Flag(r.is_dependent()),
        ])
    }
}

/// Both sides of a stored flow are economies a screen counts: never the
/// World or an unspecified area, which are no supplier.
pub(super) fn attributed(r: &Row) -> bool {
    r.importer.is_attributed() && r.exporter.is_attributed()
}
