//! Bilateral trade balance and mirror discrepancy.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::metrics::add_to;
use crate::metrics::table::{Cell, Table, money_column};
use crate::model::economy::Economy;
use crate::model::flow::Provenance;
use crate::model::hs::HsCode;
use crate::model::money::Money;

/// The trade balance of an economy with a partner: exports to it minus
/// imports from it, `B_ij = X_ij - M_ij`, over the flows a query selects.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
/// use tradedep::metrics::Balance;
///
/// let f = |imp: &str, exp: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(imp.parse()?, exp.parse()?, Direction::Import, "85".parse()?,
///                    "2024".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([f("JPN", "CHN", "250 USD")?, f("CHN", "JPN", "150 USD")?])?;
/// let b = Balance::between(&data, "JPN".parse()?, "CHN".parse()?, &Query::new())?;
/// assert_eq!(b.balance()?.to_string(), "-100 USD"); // a deficit with China
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Balance {
    economy: Economy,
    partner: Economy,
    exports: Money,
    imports: Money,
}

impl Balance {
    /// `economy`'s exports to and imports from `partner` in the flows
    /// `query` selects (its importer and exporter filters are replaced).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does
    /// not fit.
    pub fn between(
        data: &TradeData,
        economy: Economy,
        partner: Economy,
        query: &Query,
    ) -> Result<Balance> {
        let q = query.clone();
        Ok(Balance {
            economy,
            partner,
            exports: data.total(&q.clone().exporter(economy).importer(partner))?,
            imports: data.total(&q.importer(economy).exporter(partner))?,
        })
    }

    /// Exports to the partner, `X_ij`.
    #[must_use]
    pub fn exports(&self) -> Money {
        self.exports
    }

    /// Imports from the partner, `M_ij`.
    #[must_use]
    pub fn imports(&self) -> Money {
        self.imports
    }

    /// `X_ij - M_ij`: positive for a surplus.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) in the
    /// subtraction.
    pub fn balance(&self) -> Result<Money> {
        self.exports.checked_sub(&self.imports)
    }
}

/// The mirror discrepancy of a pair: what the importer declares importing
/// from the exporter (usually CIF) against what the exporter declares
/// exporting to the importer (usually FOB), as the ratio
/// `M_ij (reported by i) / X_ji (reported by j)` and the gap `M - X`.
///
/// Only declared flows count: imports with an inward direction declared
/// by the importer, exports with an outward direction declared by the
/// exporter; reconciled flows (BACI) have no side. Ratios a little above
/// 1 are the CIF/FOB margin (about 1.05 on average, OECD ITIC); large
/// gaps flag re-exports, misreporting or timing. The ratio is `None` when
/// the exporter reports nothing.
///
/// Like is compared with like: the two declarations are summed over the
/// products *both* sides report (the same codes), and what one side
/// reports in products the other does not is kept apart
/// ([`unmatched_imports`](Mirror::unmatched_imports),
/// [`unmatched_exports`](Mirror::unmatched_exports)). One side's chapter
/// 85 is never compared with the other's subheadings: over flows at two
/// HS levels the query is an [`ErrorKind::Overlap`](crate::ErrorKind::Overlap)
/// error unless it picks one, and at one level the codes must match.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
/// use tradedep::metrics::Mirror;
///
/// let f = |rep: &str, par: &str, d: Direction, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new(rep.parse()?, par.parse()?, d, "85".parse()?, "2024".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     f("JPN", "CHN", Direction::Import, "105 USD")?, // Japan's imports from China
///     f("CHN", "JPN", Direction::Export, "100 USD")?, // China's exports to Japan
/// ])?;
/// let m = Mirror::between(&data, "JPN".parse()?, "CHN".parse()?, &Query::new())?;
/// assert_eq!(m.ratio().unwrap().to_string(), "1.05");
/// assert_eq!(m.gap()?.to_string(), "5 USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Mirror {
    importer: Economy,
    exporter: Economy,
    reported_imports: Money,
    reported_exports: Money,
    unmatched_imports: Money,
    unmatched_exports: Money,
}

impl Mirror {
    /// The two declarations of `importer`'s imports from `exporter` in
    /// the flows `query` selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum does
    /// not fit.
    pub fn between(
        data: &TradeData,
        importer: Economy,
        exporter: Economy,
        query: &Query,
    ) -> Result<Mirror> {
        let q = query.clone().importer(importer).exporter(exporter);
        // Each side's declarations by product: (imports, exports).
        let mut by_product: BTreeMap<HsCode, (Option<Decimal>, Option<Decimal>)> = BTreeMap::new();
        for r in data.candidates(&q)? {
            if r.provenance() != Provenance::Declared {
                continue;
            }
            let e = by_product.entry(r.product).or_default();
            let slot = if r.direction().is_inward() {
                &mut e.0
            } else {
                &mut e.1
            };
            add_to(slot.get_or_insert(Decimal::ZERO), r.value)?;
        }
        let (mut imports_both, mut exports_both, mut imports_only, mut exports_only) =
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for (imports, exports) in by_product.into_values() {
            match (imports, exports) {
                (Some(i), Some(e)) => {
                    add_to(&mut imports_both, i)?;
                    add_to(&mut exports_both, e)?;
                }
                (Some(i), None) => add_to(&mut imports_only, i)?,
                (None, Some(e)) => add_to(&mut exports_only, e)?,
                (None, None) => {}
            }
        }
        let c = data.currency();
        Ok(Mirror {
            importer,
            exporter,
            reported_imports: Money::new(imports_both, c),
            reported_exports: Money::new(exports_both, c),
            unmatched_imports: Money::new(imports_only, c),
            unmatched_exports: Money::new(exports_only, c),
        })
    }

    /// The importer's declaration, over the products both sides report.
    #[must_use]
    pub fn reported_imports(&self) -> Money {
        self.reported_imports
    }

    /// The exporter's declaration, over the products both sides report.
    #[must_use]
    pub fn reported_exports(&self) -> Money {
        self.reported_exports
    }

    /// What the importer declares in products the exporter does not
    /// report: left out of the comparison.
    #[must_use]
    pub fn unmatched_imports(&self) -> Money {
        self.unmatched_imports
    }

    /// What the exporter declares in products the importer does not
    /// report: left out of the comparison.
    #[must_use]
    pub fn unmatched_exports(&self) -> Money {
        self.unmatched_exports
    }

    /// Imports over exports as reported; `None` when exports are zero.
    #[must_use]
    pub fn ratio(&self) -> Option<Decimal> {
        if self.reported_exports.is_zero() {
            return None;
        }
        self.reported_imports
            .amount()
            .checked_div(self.reported_exports.amount())
            .map(|d| d.normalize())
    }

    /// Imports minus exports as reported.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) in the
    /// subtraction.
    pub fn gap(&self) -> Result<Money> {
        self.reported_imports.checked_sub(&self.reported_exports)
    }
}

impl Table for Balance {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.exports.currency())
    }

    fn header(&self) -> Vec<String> {
        let c = self.exports.currency();
        vec![
            "economy".into(),
            "partner".into(),
            money_column("exports", c),
            money_column("imports", c),
            money_column("balance", c),
        ]
    }

    fn len(&self) -> usize {
        1
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        (i == 0).then(|| {
            vec![
                Cell::text(self.economy),
                Cell::text(self.partner),
                Cell::Money(self.exports.amount()),
                Cell::Money(self.imports.amount()),
                Cell::money(self.balance().ok().map(|b| b.amount())),
            ]
        })
    }
}

impl Table for Mirror {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.reported_imports.currency())
    }

    fn header(&self) -> Vec<String> {
        let c = self.reported_imports.currency();
        vec![
            "importer".into(),
            "exporter".into(),
            money_column("reported_imports", c),
            money_column("reported_exports", c),
            "ratio".into(),
            money_column("unmatched_imports", c),
            money_column("unmatched_exports", c),
        ]
    }

    fn len(&self) -> usize {
        1
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        (i == 0).then(|| {
            vec![
                Cell::text(self.importer),
                Cell::text(self.exporter),
                Cell::Money(self.reported_imports.amount()),
                Cell::Money(self.reported_exports.amount()),
                Cell::number(self.ratio()),
                Cell::Money(self.unmatched_imports.amount()),
                Cell::Money(self.unmatched_exports.amount()),
            ]
        })
    }
}
