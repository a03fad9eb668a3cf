//! How a code with several targets is split: equally, by given weights,
//! or by the targets' trade in a reference year.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use rust_decimal::Decimal;

use crate::concordance::table::concordance_error;
use crate::data::query::Query;
use crate::data::store::TradeData;
use crate::error::Result;
use crate::model::edition::HsEdition;
use crate::model::hs::{HsCode, HsLevel};

/// How the value of a source code with several targets is split among
/// them ([`Concordance::convert`](crate::concordance::Concordance::convert)).
///
/// - [`equal`](Weights::equal): in equal parts.
/// - [`given`](Weights::given): by weights the user gives per link
///   (normalised over each source's targets).
/// - [`trade`](Weights::trade): **trade-weighted**: the weight of link
///   `a -> b` is the value of the reference data's flows in target code
///   `b` (the flows a query selects, in a year reported in the target
///   edition), and a source's value is split in proportion to its
///   targets' values, `w(a -> b) = V(b) / sum_(b' in targets(a)) V(b')`.
///   Where all of a source's targets have no trade in the reference, it is
///   split equally, and the conversion reports it. The Harvard Growth
///   Lab's conversion weights go further (a constrained least-squares fit
///   of importers' trade in the years around an edition's start, per
///   group of linked codes); these are the simpler target shares, stated
///   with the flows they come from ([`EditionReport::weights`](crate::concordance::EditionReport::weights)).
/// - UNSD's conversion table (one target per code) needs no weights:
///   read it as a [`Concordance`](crate::concordance::Concordance) of its
///   own; nothing is split.
///
/// # Example
///
/// ```
/// use tradedep::concordance::Weights;
///
/// let w = Weights::given([("854231".parse()?, "854231".parse()?, "3".parse()?),
///                         ("854231".parse()?, "854239".parse()?, "1".parse()?)])?;
/// assert_eq!(w.to_string(), "weights given for 2 links");
/// assert_eq!(Weights::equal().to_string(), "equal split");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Equal,
    Given(BTreeMap<(HsCode, HsCode), Decimal>),
    Trade {
        values: HashMap<HsCode, Decimal>,
        edition: Option<HsEdition>,
        basis: String,
    },
}

/// The weights of one source's links, and whether they fell back to an
/// equal split.
pub(crate) struct SourceWeights {
    pub(crate) weights: Vec<Decimal>,
    pub(crate) fallback: bool,
}

impl Weights {
    /// Equal parts.
    #[must_use]
    pub fn equal() -> Weights {
        Weights { kind: Kind::Equal }
    }

    /// Weights per link `(source, target, weight)`, each at least 0;
    /// normalised over a source's targets when used, a target without one
    /// counting 0.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Correlation`](crate::ErrorKind::Correlation) for a
    /// negative weight, a code that is not a subheading, or a link given
    /// twice with different weights.
    pub fn given<I>(links: I) -> Result<Weights>
    where
        I: IntoIterator<Item = (HsCode, HsCode, Decimal)>,
    {
        let mut map = BTreeMap::new();
        for (a, b, w) in links {
            if a.level() != HsLevel::Subheading || b.level() != HsLevel::Subheading {
                return Err(concordance_error(format!(
                    "weights link subheadings; {a} -> {b} does not"
                )));
            }
            if w.is_sign_negative() && !w.is_zero() {
                return Err(concordance_error(format!(
                    "the weight of {a} -> {b} is negative ({w})"
                )));
            }
            let key = (a.without_edition(), b.without_edition());
            if let Some(prev) = map.insert(key, w)
                && prev != w
            {
                return Err(concordance_error(format!(
                    "the link {a} -> {b} is given two weights, {prev} and {w}"
                )));
            }
        }
        Ok(Weights {
            kind: Kind::Given(map),
        })
    }

    /// Trade weights from reference data in the target edition: the value
    /// of the flows `query` selects, by subheading (see the type's
    /// documentation). Name the year and the flows in the query, such as
    /// every importer's imports of 2022 in an HS2022 BACI file.
    ///
    /// # Errors
    ///
    /// As [`TradeData::totals_by_product`], and
    /// [`ErrorKind::Correlation`](crate::ErrorKind::Correlation) when the
    /// reference holds codes of more than one edition.
    pub fn trade(reference: &TradeData, query: &Query) -> Result<Weights> {
        let totals = reference.totals_by_product(query, HsLevel::Subheading)?;
        let mut editions: Vec<Option<HsEdition>> = totals.keys().map(|c| c.edition()).collect();
        editions.sort_unstable();
        editions.dedup();
        if editions.len() > 1 {
            return Err(concordance_error(
                "the reference data holds codes of more than one HS edition: trade weights come \
                 from one edition's codes",
            ));
        }
        let mut values = HashMap::with_capacity(totals.len());
        for (code, money) in &totals {
            if code.level() == HsLevel::Subheading {
                values.insert(code.without_edition(), money.amount());
            }
        }
        Ok(Weights {
            kind: Kind::Trade {
                values,
                edition: editions.first().copied().flatten(),
                basis: format!("trade of {query}"),
            },
        })
    }

    /// The edition of the reference data of trade weights, where its codes
    /// carry one.
    pub(crate) fn reference_edition(&self) -> Option<HsEdition> {
        match &self.kind {
            Kind::Trade { edition, .. } => *edition,
            _ => None,
        }
    }

    /// The weights of a source's links `(source, target)`.
    pub(crate) fn of(&self, links: &[(HsCode, HsCode)]) -> Result<SourceWeights> {
        let equal = || SourceWeights {
            weights: vec![Decimal::ONE; links.len()],
            fallback: false,
        };
        match &self.kind {
            Kind::Equal => Ok(equal()),
            Kind::Given(map) => {
                let weights: Vec<Decimal> = links
                    .iter()
                    .map(|k| map.get(k).copied().unwrap_or(Decimal::ZERO))
                    .collect();
                if weights.iter().all(Decimal::is_zero) && links.len() > 1 {
                    let a = links
                        .first()
                        .map(|(a, _)| a.to_string())
                        .unwrap_or_default();
                    return Err(concordance_error(format!(
                        "no weight is given for the targets of {a}: give them, or convert with \
                         Weights::equal or Weights::trade"
                    )));
                }
                Ok(SourceWeights {
                    weights,
                    fallback: false,
                })
            }
            Kind::Trade { values, .. } => {
                let weights: Vec<Decimal> = links
                    .iter()
                    .map(|(_, b)| values.get(b).copied().unwrap_or(Decimal::ZERO))
                    .collect();
                if weights.iter().all(Decimal::is_zero) {
                    return Ok(SourceWeights {
                        fallback: links.len() > 1,
                        ..equal()
                    });
                }
                Ok(SourceWeights {
                    weights,
                    fallback: false,
                })
            }
        }
    }
}

impl fmt::Display for Weights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Equal => f.write_str("equal split"),
            Kind::Given(m) => write!(f, "weights given for {} links", m.len()),
            Kind::Trade { basis, .. } => write!(f, "weighted by the {basis}"),
        }
    }
}
