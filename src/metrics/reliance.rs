//! Import reliance: how much of a market's use is met by net imports.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::metrics::table::{Cell, Table, money_column};
use crate::model::money::Money;

/// What the denominator of an [`ImportReliance`] is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RelianceBase {
    /// Domestic production `P`: the denominator is `P + M - X`.
    Production,
    /// Apparent consumption given directly (production plus net imports,
    /// adjusted for stock changes, as the source measured it).
    ApparentConsumption,
}

/// Import reliance, the EU critical raw materials method:
///
/// - `IR = (M - X) / (P + M - X)` from imports `M`, exports `X` and
///   domestic production `P` ([`eu_crm`](Self::eu_crm); European
///   Commission, *Methodology for establishing the EU list of critical
///   raw materials*, 2017, and the 2023 CRM assessment);
/// - net import reliance `NIR = (M - X) / C` from apparent consumption
///   `C` given directly ([`net`](Self::net); the USGS *Mineral Commodity
///   Summaries* definition, where `C` includes stock changes).
///
/// A net exporter (`X > M`) gets a **negative** value: it is returned as
/// is, never clamped to 0, so that "how far from reliance" stays
/// visible. A zero denominator gives `None`. All amounts must share one
/// currency (or one unit, expressed as money in any currency code).
///
/// # Example
///
/// ```
/// use tradedep::metrics::ImportReliance;
///
/// // Imports 90, exports 10, production 20: (90 - 10) / (20 + 90 - 10) = 0.8.
/// let ir = ImportReliance::eu_crm("90 USD".parse()?, "10 USD".parse()?, "20 USD".parse()?)?;
/// assert_eq!(ir.value().unwrap().to_string(), "0.8");
///
/// // A net exporter: (10 - 30) / (50 + 10 - 30) = -0.666...
/// let ir = ImportReliance::eu_crm("10 USD".parse()?, "30 USD".parse()?, "50 USD".parse()?)?;
/// assert!(ir.value().unwrap() < rust_decimal::Decimal::ZERO);
/// assert!(ir.is_net_exporter());
///
/// // Net import reliance from apparent consumption: (80 - 0) / 100.
/// let nir = ImportReliance::net("80 USD".parse()?, "0 USD".parse()?, "100 USD".parse()?)?;
/// assert_eq!(nir.value().unwrap().to_string(), "0.8");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ImportReliance {
    imports: Money,
    exports: Money,
    base: RelianceBase,
    base_value: Money,
    denominator: Money,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    value: Option<Decimal>,
}

impl ImportReliance {
    /// `IR = (M - X) / (P + M - X)`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::CurrencyMismatch`](crate::ErrorKind::CurrencyMismatch)
    /// for two currencies; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow).
    pub fn eu_crm(imports: Money, exports: Money, production: Money) -> Result<ImportReliance> {
        let net = imports.checked_sub(&exports)?;
        let denominator = production.checked_add(&net)?;
        ImportReliance::build(
            imports,
            exports,
            RelianceBase::Production,
            production,
            denominator,
        )
    }

    /// `NIR = (M - X) / C`, with apparent consumption `C` given.
    ///
    /// # Errors
    ///
    /// As [`eu_crm`](Self::eu_crm).
    pub fn net(
        imports: Money,
        exports: Money,
        apparent_consumption: Money,
    ) -> Result<ImportReliance> {
        ImportReliance::build(
            imports,
            exports,
            RelianceBase::ApparentConsumption,
            apparent_consumption,
            apparent_consumption,
        )
    }

    fn build(
        imports: Money,
        exports: Money,
        base: RelianceBase,
        base_value: Money,
        denominator: Money,
    ) -> Result<ImportReliance> {
        let net = imports.checked_sub(&exports)?;
        net.same_currency(&denominator, "divide")?;
        let value = if denominator.is_zero() {
            None
        } else {
            Some(net.ratio(&denominator)?.normalize())
        };
        Ok(ImportReliance {
            imports,
            exports,
            base,
            base_value,
            denominator,
            value,
        })
    }

    /// The reliance; `None` when the denominator is zero. Negative for a
    /// net exporter, above 1 when net imports exceed production plus net
    /// imports (stock building).
    #[must_use]
    pub fn value(&self) -> Option<Decimal> {
        self.value
    }

    /// True when exports exceed imports.
    #[must_use]
    pub fn is_net_exporter(&self) -> bool {
        self.exports.amount() > self.imports.amount()
    }

    /// Net imports `M - X` over this denominator: `P + M - X` or `C`.
    #[must_use]
    pub fn denominator(&self) -> Money {
        self.denominator
    }

    /// What the denominator was built from.
    #[must_use]
    pub fn base(&self) -> RelianceBase {
        self.base
    }
}

impl Table for ImportReliance {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.imports.currency())
    }

    fn header(&self) -> Vec<String> {
        let base = match self.base {
            RelianceBase::Production => "production",
            RelianceBase::ApparentConsumption => "apparent_consumption",
        };
        let c = self.imports.currency();
        vec![
            money_column("imports", c),
            money_column("exports", c),
            money_column(base, c),
            money_column("denominator", c),
            "reliance".into(),
        ]
    }

    fn len(&self) -> usize {
        1
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        (i == 0).then(|| {
            vec![
                Cell::Money(self.imports.amount()),
                Cell::Money(self.exports.amount()),
                Cell::Money(self.base_value.amount()),
                Cell::Money(self.denominator.amount()),
                Cell::ratio(self.value),
            ]
        })
    }
}
