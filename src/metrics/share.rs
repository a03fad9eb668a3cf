//! Partner shares: `s_ij = M_ij / M_i`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::data::store::{Query, TradeData};
use crate::error::Result;
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

/// Partner shares of every economy a query selects: `s_ij = M_ij / M_i`,
/// where `M_ij` is the value of `i`'s imports from `j` (or exports to
/// `j`) and `M_i` their sum over all partners, for whatever products and
/// periods the query selects (DESIGN indicator 1; the standard
/// geographic-concentration input of EU SWD(2021) 352 and CEPII `GeoDep`).
///
/// Partners are listed by value, largest first (ties: the smaller UN
/// Comtrade code first). Where the economy's total is zero, every share
/// is `None`, never NaN. Shares of one economy sum to 1 up to the last of
/// `Decimal`'s 28 digits.
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PartnerShares {
    side: Side,
    currency: Currency,
    rows: Vec<PartnerShare>,
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
        PartnerShares::build(data, query, Side::Importer)
    }

    /// Each exporter's destinations: `X_ij / X_i` for the flows `query`
    /// selects.
    ///
    /// # Errors
    ///
    /// As [`imports`](Self::imports).
    pub fn exports(data: &TradeData, query: &Query) -> Result<PartnerShares> {
        PartnerShares::build(data, query, Side::Exporter)
    }

    fn build(data: &TradeData, query: &Query, side: Side) -> Result<PartnerShares> {
        let sums = pair_sums(data, query, side, |_| false)?;
        let mut rows = Vec::with_capacity(sums.len());
        let mut it = sums.into_iter().peekable();
        while let Some(&((economy, _), _)) = it.peek() {
            let mut group: Vec<(Economy, Decimal)> = Vec::new();
            while let Some(((_, partner), (v, _))) = it.next_if(|((e, _), _)| *e == economy) {
                group.push((partner, v));
            }
            let mut total = Decimal::ZERO;
            for (_, v) in &group {
                add_to(&mut total, *v)?;
            }
            group.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.trade_code().cmp(&b.0.trade_code())));
            rows.extend(group.into_iter().map(|(partner, v)| PartnerShare {
                economy,
                partner,
                value: Money::new(v, data.currency()),
                share: Share::ratio(v, total),
            }));
        }
        Ok(PartnerShares {
            side,
            currency: data.currency(),
            rows,
        })
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

    /// The share of the `k` largest partners together; `None` when the
    /// economy has no trade or a zero total.
    #[must_use]
    pub fn top_share(&self, economy: Economy, k: usize) -> Option<Share> {
        let top = self.top(economy, k);
        let mut sum = Decimal::ZERO;
        for r in top {
            sum = sum.checked_add(r.share?.value())?;
        }
        top.first().map(|_| Share::new(sum))
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

    /// `M_i`, the economy's total; `None` when it has no trade.
    #[must_use]
    pub fn total(&self, economy: Economy) -> Option<Money> {
        let rows = self.of(economy);
        rows.first()?;
        let sum: Decimal = rows.iter().map(|r| r.value.amount()).sum();
        Some(Money::new(sum, self.currency))
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
    for r in data.candidates(query) {
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
            Cell::Number(r.value.amount()),
            Cell::number(r.share.map(Share::value)),
        ])
    }
}
