//! Partner shares: `s_ij = M_ij / M_i`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::{Error, ErrorKind, Result};
use crate::metrics::add_to;
use crate::metrics::table::{Cell, Table, money_column};
use crate::metrics::value::Share;
use crate::model::economy::Economy;
use crate::model::flow::Side;
use crate::model::hs::HsCode;
use crate::model::money::{Currency, Money};

/// One partner's part of an economy's imports (or exports).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PartnerShare {
    economy: Economy,
    partner: Economy,
    value: Money,
    share: Option<Share>,
}

impl PartnerShare {
    /// The economy whose trade is divided (the importer, for imports).
    #[must_use]
    pub fn economy(&self) -> Economy {
        self.economy
    }

    /// The partner (the exporter, for imports).
    #[must_use]
    pub fn partner(&self) -> Economy {
        self.partner
    }

    /// The trade between the two: `M_ij`.
    #[must_use]
    pub fn value(&self) -> Money {
        self.value
    }

    /// `M_ij / M_i`; `None` when the economy's total is zero.
    #[must_use]
    pub fn share(&self) -> Option<Share> {
        self.share
    }
}

/// What a partner share divides by: `M_i` in `s_ij = M_ij / M_i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum Denominator {
    /// The sum of the economy's trade over the partners listed: shares
    /// sum to 1. Trade with unspecified areas (n.e.s.) is in neither the
    /// numerator nor the denominator; it is reported by
    /// [`PartnerShares::unattributed`].
    PartnerSum,
    /// The economy's reported total: its flow with the World as partner
    /// ([`Economy::WORLD`], Comtrade's partner 0, a source's "Grand
    /// Total"). The right denominator when a source lists only some
    /// partners (Japan's Ministry of Finance lists its main areas); the
    /// shares of the partners listed then sum to at most 1, and the rest
    /// is trade with partners the source does not list.
    ReportedTotal,
}

impl std::fmt::Display for Denominator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Denominator::PartnerSum => "sum over partners",
            Denominator::ReportedTotal => "reported total",
        })
    }
}

/// Partner shares of every economy a query selects: `s_ij = M_ij / M_i`,
/// where `M_ij` is the value of `i`'s imports from `j` (or exports to
/// `j`) and `M_i` their sum over all partners ([`Denominator::PartnerSum`])
/// or the economy's reported total ([`Denominator::ReportedTotal`]), for
/// whatever products and periods the query selects (DESIGN indicator 1;
/// the standard geographic-concentration input of EU SWD(2021) 352 and
/// CEPII `GeoDep`).
///
/// Partners are the economies trade is attributed to
/// ([`Economy::is_attributed`]): the World is never a partner, and
/// unspecified areas (n.e.s.) are reported apart
/// ([`unattributed`](PartnerShares::unattributed)).
///
/// Partners are listed by value, largest first (ties: the smaller UN
/// Comtrade code first). Where the economy's total is zero, every share
/// is `None`, never NaN. Against the partner sum, shares of one economy
/// sum to 1 up to the last of `Decimal`'s 28 digits.
///
/// # Example
///
/// ```
/// use tradedep::{Direction, Query, TradeData, TradeFlow};
/// use tradedep::metrics::PartnerShares;
///
/// let flow = |exp: &str, hs: &str, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, exp.parse()?, Direction::Import, hs.parse()?,
///                    "2025".parse()?, v.parse()?)
/// };
/// let data = TradeData::from_flows([
///     flow("CHN", "854110", "230 USD")?,
///     flow("USA", "854110", "100 USD")?,
///     flow("USA", "280530", "20 USD")?,
///     flow("AUS", "280530", "650 USD")?,
/// ])?;
/// let jpn = "JPN".parse()?;
/// let shares = PartnerShares::imports(&data, &Query::new())?;
/// assert_eq!(shares.total(jpn).unwrap().to_string(), "1000 USD");
/// assert_eq!(shares.share(jpn, "CHN".parse()?).unwrap().to_string(), "0.23");
/// let top: Vec<String> = shares.top(jpn, 2).iter().map(|s| s.partner().to_string()).collect();
/// assert_eq!(top, ["AUS", "CHN"]);
///
/// // Any product aggregate: chapter 85 only.
/// let chips = PartnerShares::imports(&data, &Query::new().product("85".parse()?))?;
/// let usa = chips.share(jpn, "USA".parse()?).unwrap(); // 100 / 330
/// assert_eq!(format!("{usa:.4}"), "0.3030");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Against a reported total:
///
/// ```
/// use tradedep::{Direction, Economy, Query, TradeData, TradeFlow};
/// use tradedep::metrics::{Denominator, PartnerShares};
///
/// let flow = |exp: Economy, v: &str| -> Result<TradeFlow, tradedep::Error> {
///     TradeFlow::new("JPN".parse()?, exp, Direction::Import, "TOTAL".parse()?,
///                    "2025".parse()?, v.parse()?)
/// };
/// // A source that lists two partners and the World.
/// let data = TradeData::from_flows([
///     flow("CHN".parse()?, "244 USD")?,
///     flow("USA".parse()?, "756 USD")?,
///     flow(Economy::WORLD, "1200 USD")?,
/// ])?;
/// let jpn = "JPN".parse()?;
/// let over_partners = PartnerShares::imports(&data, &Query::new())?;
/// assert_eq!(over_partners.share(jpn, "CHN".parse()?).unwrap().to_string(), "0.244");
/// let over_total = PartnerShares::imports_with(&data, &Query::new(), Denominator::ReportedTotal)?;
/// assert_eq!(over_total.denominator(), Denominator::ReportedTotal);
/// assert_eq!(format!("{:.4}", over_total.share(jpn, "CHN".parse()?).unwrap()), "0.2033");
/// assert_eq!(over_total.total(jpn).unwrap().to_string(), "1200 USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PartnerShares {
    side: Side,
    currency: Currency,
    denominator: Denominator,
    rows: Vec<PartnerShare>,
    /// Per economy, in order: the denominator and the trade with
    /// unspecified areas.
    totals: Vec<(Economy, Money, Money)>,
}

impl PartnerShares {
    /// Each importer's suppliers: `M_ij / M_i` for the flows `query`
    /// selects.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when a sum
    /// does not fit a `Decimal`.
    pub fn imports(data: &TradeData, query: &Query) -> Result<PartnerShares> {
        PartnerShares::build(data, query, Side::Importer, Denominator::PartnerSum)
    }

    /// Each importer's suppliers against the chosen denominator.
    ///
    /// # Errors
    ///
    /// As [`imports`](Self::imports); with
    /// [`Denominator::ReportedTotal`], [`ErrorKind::MissingTotal`] for an
    /// economy whose reported total the data lacks.
    pub fn imports_with(
        data: &TradeData,
        query: &Query,
        denominator: Denominator,
    ) -> Result<PartnerShares> {
        PartnerShares::build(data, query, Side::Importer, denominator)
    }

    /// Each exporter's destinations against the chosen denominator.
    ///
    /// # Errors
    ///
    /// As [`imports_with`](Self::imports_with).
    pub fn exports_with(
        data: &TradeData,
        query: &Query,
        denominator: Denominator,
    ) -> Result<PartnerShares> {
        PartnerShares::build(data, query, Side::Exporter, denominator)
    }

    /// Each exporter's destinations: `X_ij / X_i` for the flows `query`
    /// selects.
    ///
    /// # Errors
    ///
    /// As [`imports`](Self::imports).
    pub fn exports(data: &TradeData, query: &Query) -> Result<PartnerShares> {
        PartnerShares::build(data, query, Side::Exporter, Denominator::PartnerSum)
    }

    fn build(
        data: &TradeData,
        query: &Query,
        side: Side,
        denominator: Denominator,
    ) -> Result<PartnerShares> {
        let sums = pair_sums(data, query, side, |_| false)?;
        let mut reported: BTreeMap<Economy, Decimal> = BTreeMap::new();
        if denominator == Denominator::ReportedTotal {
            let mut q = query.clone();
            match side {
                Side::Importer => {
                    q.exporter = Some(Economy::WORLD);
                    q.exporters = None;
                }
                Side::Exporter => {
                    q.importer = Some(Economy::WORLD);
                    q.importers = None;
                }
            }
            for r in data.candidates(&q)? {
                let e = match side {
                    Side::Importer => r.importer,
                    Side::Exporter => r.exporter,
                };
                add_to(reported.entry(e).or_default(), r.value)?;
            }
        }
        let money = |v: Decimal| Money::new(v, data.currency());
        let mut rows = Vec::with_capacity(sums.len());
        let mut totals = Vec::new();
        let mut it = sums.into_iter().peekable();
        while let Some(&((economy, _), _)) = it.peek() {
            let mut group: Vec<(Economy, Decimal)> = Vec::new();
            let mut other = Decimal::ZERO;
            while let Some(((_, partner), (v, _))) = it.next_if(|((e, _), _)| *e == economy) {
                if partner.is_attributed() {
                    group.push((partner, v));
                } else {
                    add_to(&mut other, v)?;
                }
            }
            if !economy.is_attributed() {
                continue;
            }
            let total = match denominator {
                Denominator::PartnerSum => {
                    let mut total = Decimal::ZERO;
                    for (_, v) in &group {
                        add_to(&mut total, *v)?;
                    }
                    total
                }
                Denominator::ReportedTotal => *reported.get(&economy).ok_or_else(|| {
                    Error::new(ErrorKind::MissingTotal {
                        economy: economy.to_string(),
                    })
                })?,
            };
            totals.push((economy, money(total), money(other)));
            group.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.trade_code().cmp(&b.0.trade_code())));
            rows.extend(group.into_iter().map(|(partner, v)| PartnerShare {
                economy,
                partner,
                value: money(v),
                share: Share::ratio(v, total),
            }));
        }
        Ok(PartnerShares {
            side,
            currency: data.currency(),
            denominator,
            rows,
            totals,
        })
    }

    /// What the shares divide by.
    #[must_use]
    pub fn denominator(&self) -> Denominator {
        self.denominator
    }

    /// The economy's trade with unspecified areas (n.e.s., bunkers, free
    /// zones), which no partner's share includes; `None` when the economy
    /// has no trade.
    #[must_use]
    pub fn unattributed(&self, economy: Economy) -> Option<Money> {
        self.totals
            .iter()
            .find(|(e, _, _)| *e == economy)
            .map(|(_, _, u)| *u)
    }

    /// Whose trade is divided: [`Side::Importer`] for
    /// [`imports`](Self::imports).
    #[must_use]
    pub fn side(&self) -> Side {
        self.side
    }

    /// Every row: economies in order, partners by value, largest first.
    #[must_use]
    pub fn rows(&self) -> &[PartnerShare] {
        &self.rows
    }

    /// The economies with trade, in order.
    pub fn economies(&self) -> impl Iterator<Item = Economy> + '_ {
        let mut last = None;
        self.rows.iter().filter_map(move |r| {
            if last == Some(r.economy) {
                None
            } else {
                last = Some(r.economy);
                Some(r.economy)
            }
        })
    }

    /// The partners of `economy`, largest first; empty when it has none.
    #[must_use]
    pub fn of(&self, economy: Economy) -> &[PartnerShare] {
        let a = self.rows.partition_point(|r| r.economy < economy);
        let b = self.rows.partition_point(|r| r.economy <= economy);
        self.rows.get(a..b).unwrap_or(&[])
    }

    /// The `k` largest partners of `economy` (fewer when it has fewer).
    #[must_use]
    pub fn top(&self, economy: Economy, k: usize) -> &[PartnerShare] {
        let all = self.of(economy);
        all.get(..k.min(all.len())).unwrap_or(all)
    }

    /// The share of the `k` largest partners together (0 for `k = 0`, as
    /// in [`Concentration::top_share`](crate::metrics::Concentration::top_share));
    /// `None` when the economy has no trade or a zero total.
    #[must_use]
    pub fn top_share(&self, economy: Economy, k: usize) -> Option<Share> {
        let total = self.total(economy)?;
        let mut sum = Decimal::ZERO;
        for r in self.top(economy, k) {
            sum = sum.checked_add(r.value.amount())?;
        }
        Share::ratio(sum, total.amount())
    }

    /// `partner`'s share of `economy`'s trade; `None` when `economy` has no
    /// trade or a zero total, `Some(0)` when it trades but not with
    /// `partner`.
    #[must_use]
    pub fn share(&self, economy: Economy, partner: Economy) -> Option<Share> {
        let rows = self.of(economy);
        rows.first()?.share?;
        Some(
            rows.iter()
                .find(|r| r.partner == partner)
                .and_then(|r| r.share)
                .unwrap_or(Share::ZERO),
        )
    }

    /// `M_i`, the denominator of the economy's shares (the partner sum or
    /// the reported total, as [`denominator`](Self::denominator) says);
    /// `None` when it has no trade.
    #[must_use]
    pub fn total(&self, economy: Economy) -> Option<Money> {
        self.totals
            .iter()
            .find(|(e, _, _)| *e == economy)
            .map(|(_, t, _)| *t)
    }
}

/// Sums of the flows `query` selects by (economy, partner), where the
/// economy is the importer for [`Side::Importer`] and the exporter
/// otherwise: the whole value, and the value of products `pick` accepts.
/// Consecutive rows of one pair (the store keeps them together) are
/// summed before touching the map.
pub(crate) fn pair_sums(
    data: &TradeData,
    query: &Query,
    side: Side,
    mut pick: impl FnMut(HsCode) -> bool,
) -> Result<BTreeMap<(Economy, Economy), (Decimal, Decimal)>> {
    type Key = (Economy, Economy);
    let mut out: BTreeMap<Key, (Decimal, Decimal)> = BTreeMap::new();
    let mut flush = |key: Key, (v, p): (Decimal, Decimal)| -> Result<()> {
        let slot = out.entry(key).or_default();
        add_to(&mut slot.0, v)?;
        add_to(&mut slot.1, p)
    };
    let mut current: Option<(Key, (Decimal, Decimal))> = None;
    for r in data.candidates(query)? {
        let key = match side {
            Side::Importer => (r.importer, r.exporter),
            Side::Exporter => (r.exporter, r.importer),
        };
        if current.as_ref().is_none_or(|(k, _)| *k != key) {
            if let Some((k, sums)) = current.take() {
                flush(k, sums)?;
            }
            current = Some((key, (Decimal::ZERO, Decimal::ZERO)));
        }
        if let Some((_, (v, p))) = &mut current {
            add_to(v, r.value)?;
            if pick(r.product) {
                add_to(p, r.value)?;
            }
        }
    }
    if let Some((k, sums)) = current {
        flush(k, sums)?;
    }
    Ok(out)
}

impl Table for PartnerShares {
    fn currency(&self) -> Option<crate::model::money::Currency> {
        Some(self.currency)
    }

    fn header(&self) -> Vec<String> {
        let (a, b) = match self.side {
            Side::Importer => ("importer", "exporter"),
            Side::Exporter => ("exporter", "importer"),
        };
        vec![
            a.into(),
            b.into(),
            money_column("value", self.currency),
            "share".into(),
        ]
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, i: usize) -> Option<Vec<Cell>> {
        let r = self.rows.get(i)?;
        Some(vec![
            Cell::text(r.economy),
            Cell::text(r.partner),
            Cell::Money(r.value.amount()),
            Cell::ratio(r.share.map(Share::value)),
        ])
    }
}
