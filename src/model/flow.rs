//! Trade flows: who trades what with whom, when, for how much.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::hs::HsCode;
use crate::model::money::Money;
use crate::model::period::Period;
use crate::model::quantity::Quantity;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, $expected:literal, [$($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)*),+ $(,)?]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// The canonical text form.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<$name> {
                $(
                    if s.eq_ignore_ascii_case($text) $(|| s.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err(Error::new(ErrorKind::Enum { what: $what, input: crate::error::quote(s), expected: $expected }))
            }
        }

        #[cfg(feature = "serde")]
        crate::model::serde_str::via_str!($name, $expected);
    };
}

text_enum!(
    /// The direction of a flow, as its reporter declared it. Text forms:
    /// `import`, `export`, `re-import`, `re-export`, `foreign-import`,
    /// `domestic-export`; UN Comtrade's flow codes `M`, `X`, `RM`, `RX`,
    /// `FM`, `DX` are read too.
    ///
    /// # Totals and their breakdowns
    ///
    /// [`Import`](Direction::Import) and [`Export`](Direction::Export) are
    /// the reporter's *total* imports and exports. The other four are
    /// parts of them, as UN Comtrade defines its flows ("Trade flows in UN
    /// Comtrade"): total imports `M` include re-imports `RM` and foreign
    /// imports `FM`; total exports `X` include re-exports `RX` and
    /// domestic exports `DX`. A breakdown never adds to its total: a
    /// [`Query`](crate::Query) that names no direction selects only `M`
    /// and `X`, so every total, share and indicator counts each good once;
    /// ask for a breakdown by name (`Query::direction(Direction::ReExport)`)
    /// to see it on its own.
    ///
    /// ```
    /// use tradedep::Direction;
    ///
    /// let rx: Direction = "RX".parse()?;
    /// assert!(rx.is_breakdown());
    /// assert_eq!(rx.total(), Direction::Export);
    /// assert_eq!(Direction::ReImport.total(), Direction::Import);
    /// assert!(!Direction::Import.is_breakdown());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Direction, "flow direction", "import, export, re-import, re-export, foreign-import, domestic-export (or M, X, RM, RX, FM, DX)",
    [
        /// Total imports of the reporter (Comtrade `M`).
        Import = "import" | "M",
        /// Total exports of the reporter (`X`).
        Export = "export" | "X",
        /// Goods re-entering the reporter in the state they left (`RM`), a
        /// part of [`Import`](Direction::Import).
        ReImport = "re-import" | "RM",
        /// Foreign goods leaving the reporter as they came in (`RX`), a
        /// part of [`Export`](Direction::Export).
        ReExport = "re-export" | "RX",
        /// Imports of foreign goods (`FM`), the part of
        /// [`Import`](Direction::Import) that is not re-imports.
        ForeignImport = "foreign-import" | "FM",
        /// Exports of domestic goods (`DX`), the part of
        /// [`Export`](Direction::Export) that is not re-exports.
        DomesticExport = "domestic-export" | "DX",
    ]
);

impl Direction {
    /// Every direction: the two totals, then their breakdowns.
    pub const ALL: [Direction; 6] = [
        Direction::Import,
        Direction::Export,
        Direction::ReImport,
        Direction::ReExport,
        Direction::ForeignImport,
        Direction::DomesticExport,
    ];

    /// True for inward flows (imports and their parts): the reporter is
    /// the importer.
    #[must_use]
    pub fn is_inward(self) -> bool {
        matches!(
            self,
            Direction::Import | Direction::ReImport | Direction::ForeignImport
        )
    }

    /// True for a part of a total (re-imports, re-exports, foreign
    /// imports, domestic exports), which queries leave out unless asked.
    #[must_use]
    pub fn is_breakdown(self) -> bool {
        !matches!(self, Direction::Import | Direction::Export)
    }

    /// The total this direction is part of: [`Import`](Direction::Import)
    /// for inward flows, [`Export`](Direction::Export) for the others.
    #[must_use]
    pub fn total(self) -> Direction {
        if self.is_inward() {
            Direction::Import
        } else {
            Direction::Export
        }
    }

    /// UN Comtrade's flow code.
    #[must_use]
    pub fn comtrade_code(self) -> &'static str {
        match self {
            Direction::Import => "M",
            Direction::Export => "X",
            Direction::ReImport => "RM",
            Direction::ReExport => "RX",
            Direction::ForeignImport => "FM",
            Direction::DomesticExport => "DX",
        }
    }
}

text_enum!(
    /// How a value was measured: CIF (cost, insurance and freight to the
    /// importer's border, the usual basis of imports), FOB (free on board
    /// at the exporter's border, the usual basis of exports and of BACI),
    /// or unknown.
    Valuation, "valuation basis", "CIF, FOB or unknown",
    [
        /// Cost, insurance and freight.
        Cif = "CIF",
        /// Free on board.
        Fob = "FOB",
        /// Not stated.
        Unknown = "unknown",
    ]
);

text_enum!(
    /// Whether a flow is one economy's declaration or a reconciliation of
    /// both sides (as CEPII BACI reconciles the importer's and the
    /// exporter's reports).
    Provenance, "provenance", "declared or reconciled",
    [
        /// Declared by its reporter: the importer for imports and
        /// re-imports, the exporter for exports and re-exports.
        Declared = "declared",
        /// Reconciled from the mirror declarations of both sides.
        Reconciled = "reconciled",
    ]
);

/// A flow whose valuation is not given has [`Valuation::Unknown`], in
/// [`TradeFlow::new`], the tidy CSV and the JSON form alike.
impl Default for Valuation {
    fn default() -> Self {
        Valuation::Unknown
    }
}

/// A flow whose provenance is not given is [`Provenance::Declared`], in
/// [`TradeFlow::new`], the tidy CSV and the JSON form alike.
impl Default for Provenance {
    fn default() -> Self {
        Provenance::Declared
    }
}

text_enum!(
    /// A side of a trade flow.
    Side, "side", "importer or exporter",
    [
        /// The economy the goods go to.
        Importer = "importer",
        /// The economy the goods come from.
        Exporter = "exporter",
    ]
);

/// One flow of goods: a reporter's declared (or a reconciled) trade with a
/// partner in one product and period.
///
/// Mirror statistics differ: what China reports exporting to Japan is not
/// what Japan reports importing from China. A flow keeps who reported it:
/// the [`reporter`](TradeFlow::reporter) with the
/// [`direction`](TradeFlow::direction) it declared, and its
/// [`provenance`](TradeFlow::provenance). [`importer`](TradeFlow::importer)
/// and [`exporter`](TradeFlow::exporter) read the same flow from the goods'
/// point of view.
///
/// The value is never negative.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Side, TradeFlow, Valuation};
///
/// // Japan declares imports of HS 854110 (diodes) from China.
/// let f = TradeFlow::new(
///     "JPN".parse()?, "CHN".parse()?, Direction::Import,
///     "854110".parse()?, "2025".parse()?, "1250000 USD".parse()?,
/// )?
/// .with_valuation(Valuation::Cif);
/// assert_eq!(f.importer().alpha3(), "JPN");
/// assert_eq!(f.exporter().alpha3(), "CHN");
/// assert_eq!(f.declared_by(), Some(Side::Importer));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "FlowRecord", into = "FlowRecord")
)]
pub struct TradeFlow {
    reporter: Economy,
    partner: Economy,
    direction: Direction,
    product: HsCode,
    period: Period,
    value: Money,
    quantity: Option<Quantity>,
    valuation: Valuation,
    provenance: Provenance,
}

impl TradeFlow {
    /// A declared flow with unknown valuation and no quantity.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Negative`] when the value is below zero.
    pub fn new(
        reporter: Economy,
        partner: Economy,
        direction: Direction,
        product: HsCode,
        period: Period,
        value: Money,
    ) -> Result<TradeFlow> {
        if value.amount().is_sign_negative() && !value.amount().is_zero() {
            return Err(Error::new(ErrorKind::Negative {
                what: "value",
                value: value.amount().to_string(),
            }));
        }
        Ok(TradeFlow::from_valid_parts(
            reporter, partner, direction, product, period, value,
        ))
    }

    /// A flow from parts known to be valid (a non-negative value).
    pub(crate) fn from_valid_parts(
        reporter: Economy,
        partner: Economy,
        direction: Direction,
        product: HsCode,
        period: Period,
        value: Money,
    ) -> TradeFlow {
        TradeFlow {
            reporter,
            partner,
            direction,
            product,
            period,
            value,
            quantity: None,
            valuation: Valuation::default(),
            provenance: Provenance::default(),
        }
    }

    /// The same flow with a quantity.
    #[must_use]
    pub fn with_quantity(mut self, quantity: Option<Quantity>) -> TradeFlow {
        self.quantity = quantity;
        self
    }

    /// The same flow with another value, known not to be negative (a
    /// non-negative value times a positive rate).
    pub(crate) fn with_value(mut self, value: Money) -> TradeFlow {
        self.value = value;
        self
    }

    /// The same flow with another product code (an edition's conversion).
    pub(crate) fn with_product(mut self, product: HsCode) -> TradeFlow {
        self.product = product;
        self
    }

    /// The same flow with a valuation basis.
    #[must_use]
    pub fn with_valuation(mut self, valuation: Valuation) -> TradeFlow {
        self.valuation = valuation;
        self
    }

    /// The same flow with a provenance.
    #[must_use]
    pub fn with_provenance(mut self, provenance: Provenance) -> TradeFlow {
        self.provenance = provenance;
        self
    }

    /// The economy whose declaration this is (for a reconciled flow, the
    /// side its direction names: the exporter of an export).
    #[must_use]
    pub fn reporter(&self) -> Economy {
        self.reporter
    }

    /// The other economy.
    #[must_use]
    pub fn partner(&self) -> Economy {
        self.partner
    }

    /// The direction, as the reporter declared it.
    #[must_use]
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The economy the goods go to.
    #[must_use]
    pub fn importer(&self) -> Economy {
        if self.direction.is_inward() {
            self.reporter
        } else {
            self.partner
        }
    }

    /// The economy the goods come from.
    #[must_use]
    pub fn exporter(&self) -> Economy {
        if self.direction.is_inward() {
            self.partner
        } else {
            self.reporter
        }
    }

    /// Which side declared the flow; `None` for a reconciled flow.
    #[must_use]
    pub fn declared_by(&self) -> Option<Side> {
        match (self.provenance, self.direction.is_inward()) {
            (Provenance::Reconciled, _) => None,
            (Provenance::Declared, true) => Some(Side::Importer),
            (Provenance::Declared, false) => Some(Side::Exporter),
        }
    }

    /// The product.
    #[must_use]
    pub fn product(&self) -> HsCode {
        self.product
    }

    /// The period.
    #[must_use]
    pub fn period(&self) -> Period {
        self.period
    }

    /// The value.
    #[must_use]
    pub fn value(&self) -> Money {
        self.value
    }

    /// The quantity, where known.
    #[must_use]
    pub fn quantity(&self) -> Option<Quantity> {
        self.quantity
    }

    /// The valuation basis.
    #[must_use]
    pub fn valuation(&self) -> Valuation {
        self.valuation
    }

    /// Declared or reconciled.
    #[must_use]
    pub fn provenance(&self) -> Provenance {
        self.provenance
    }
}

/// The flat serde form of a flow: the columns of the tidy CSV.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct FlowRecord {
    reporter: Economy,
    partner: Economy,
    direction: Direction,
    product: HsCode,
    period: Period,
    #[serde(with = "crate::model::serde_decimal::exact")]
    value: rust_decimal::Decimal,
    currency: crate::model::money::Currency,
    #[serde(with = "crate::model::serde_decimal::exact_option", default)]
    quantity: Option<rust_decimal::Decimal>,
    #[serde(default)]
    unit: Option<crate::model::quantity::Unit>,
    #[serde(default)]
    valuation: Valuation,
    #[serde(default)]
    provenance: Provenance,
}

#[cfg(feature = "serde")]
impl From<TradeFlow> for FlowRecord {
    fn from(f: TradeFlow) -> FlowRecord {
        FlowRecord {
            reporter: f.reporter,
            partner: f.partner,
            direction: f.direction,
            product: f.product,
            period: f.period,
            value: f.value.amount(),
            currency: f.value.currency(),
            quantity: f.quantity.map(|q| q.amount()),
            unit: f.quantity.map(|q| q.unit()),
            valuation: f.valuation,
            provenance: f.provenance,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<FlowRecord> for TradeFlow {
    type Error = Error;
    fn try_from(r: FlowRecord) -> Result<TradeFlow> {
        let quantity = match (r.quantity, r.unit) {
            (Some(a), Some(u)) => Some(Quantity::new(a, u)?),
            (None, None) => None,
            _ => {
                return Err(Error::new(ErrorKind::Flow {
                    reason: "a quantity needs both an amount and a unit".to_owned(),
                }));
            }
        };
        Ok(TradeFlow::new(
            r.reporter,
            r.partner,
            r.direction,
            r.product,
            r.period,
            Money::new(r.value, r.currency),
        )?
        .with_quantity(quantity)
        .with_valuation(r.valuation)
        .with_provenance(r.provenance))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(dir: Direction) -> TradeFlow {
        TradeFlow::new(
            "CHN".parse().unwrap(),
            "JPN".parse().unwrap(),
            dir,
            "2805".parse().unwrap(),
            "2025".parse().unwrap(),
            "10 USD".parse().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn sides_follow_the_direction() {
        let x = flow(Direction::Export);
        assert_eq!(
            (x.exporter().alpha3(), x.importer().alpha3()),
            ("CHN", "JPN")
        );
        assert_eq!(x.declared_by(), Some(Side::Exporter));
        let m = flow(Direction::ReImport);
        assert_eq!(
            (m.importer().alpha3(), m.exporter().alpha3()),
            ("CHN", "JPN")
        );
        assert_eq!(m.declared_by(), Some(Side::Importer));
        assert_eq!(
            x.with_provenance(Provenance::Reconciled).declared_by(),
            None
        );
    }

    #[test]
    fn negative_values_are_refused() {
        let e = TradeFlow::new(
            "CHN".parse().unwrap(),
            "JPN".parse().unwrap(),
            Direction::Export,
            "2805".parse().unwrap(),
            "2025".parse().unwrap(),
            "-1 USD".parse().unwrap(),
        )
        .unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Negative { .. }));
    }

    #[test]
    fn enum_text_forms() {
        assert_eq!("RX".parse::<Direction>().unwrap(), Direction::ReExport);
        assert_eq!("m".parse::<Direction>().unwrap(), Direction::Import);
        assert_eq!(Direction::ReImport.to_string(), "re-import");
        assert_eq!(Direction::ReImport.comtrade_code(), "RM");
        assert_eq!("fob".parse::<Valuation>().unwrap(), Valuation::Fob);
        assert!("DAP".parse::<Valuation>().is_err());
        assert_eq!(
            "reconciled".parse::<Provenance>().unwrap(),
            Provenance::Reconciled
        );
    }
}
