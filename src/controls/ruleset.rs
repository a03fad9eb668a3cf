//! Rule sets: which rules bind a flow on a date, and what changes when.

use std::fmt;

use chrono::NaiveDate;

use crate::controls::blocked::{BlockedShare, Uncertainty};
use crate::controls::rule::Rule;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::hs::HsCode;

/// What happened to a rule on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ChangeKind {
    /// It came into force.
    Started,
    /// A suspension began.
    Suspended,
    /// A suspension ended: it binds again.
    Resumed,
    /// It ended.
    Ended,
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeKind::Started => "started",
            ChangeKind::Suspended => "suspended",
            ChangeKind::Resumed => "resumed",
            ChangeKind::Ended => "ended",
        })
    }
}

/// A change of a rule set between two dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    date: NaiveDate,
    rule: &'a Rule,
    kind: ChangeKind,
}

impl<'a> Change<'a> {
    /// The day of the change.
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The rule.
    #[must_use]
    pub fn rule(&self) -> &'a Rule {
        self.rule
    }

    /// What happened.
    #[must_use]
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }
}

/// The rules that bind one flow on one day, the most restrictive first,
/// each with the share of the flow it blocks as an interval and why its
/// bounds differ; [`blocked_share`](Self::blocked_share) combines them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding<'a> {
    rules: Vec<&'a Rule>,
    /// What the rules were asked about, from which each rule's share is
    /// worked out when asked for (not on the way, which is hot).
    question: Question,
}

/// What a [`Binding`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Question {
    /// A flow of this product (perhaps coarser than the rules' scopes).
    Flow(HsCode),
    /// Any flow of the pair.
    Pair,
}

impl<'a> Binding<'a> {
    /// Every binding rule, the most restrictive first (ties by id).
    #[must_use]
    pub fn rules(&self) -> &[&'a Rule] {
        &self.rules
    }

    /// The most restrictive rule by measure (see [`RuleSet`]); what the
    /// rules block together is [`blocked_share`](Self::blocked_share).
    #[must_use]
    pub fn strictest(&self) -> Option<&'a Rule> {
        self.rules.first().copied()
    }

    /// True when no rule binds.
    #[must_use]
    pub fn is_free(&self) -> bool {
        self.rules.is_empty()
    }

    /// Each binding rule with its own blocked share and the reasons its
    /// lower bound is below its upper bound, in the order of
    /// [`rules`](Self::rules).
    pub fn rule_shares(&self) -> impl Iterator<Item = (&'a Rule, BlockedShare, Vec<Uncertainty>)> {
        self.rules.iter().map(move |r| {
            let (share, why) = match self.question {
                Question::Flow(p) => r.blocked_share(p),
                Question::Pair => r.blocked_share(HsCode::TOTAL),
            };
            (*r, share, why)
        })
    }

    /// The share of the flow the rules block together
    /// ([`BlockedShare::combine`]): the largest lower bound, the sum of
    /// upper bounds at most 1. Nothing for a free flow.
    #[must_use]
    pub fn blocked_share(&self) -> BlockedShare {
        BlockedShare::combine(self.rule_shares().map(|(_, s, _)| s))
    }
}

/// A set of rules with unique ids.
///
/// # Several rules on one flow
///
/// Where several rules bind a flow, every one is listed, ordered by how
/// restrictive its measure is ([`Binding::strictest`] first): a ban
/// before a value or quantity cap, a cap before a licence requirement,
/// licences by approval rate (the lower the stricter), a tax last (the
/// higher the stricter); ties by id. The order is for reading: what they
/// block together is an interval ([`Binding::blocked_share`]), in which a
/// ban on everyone decides the lower bound even beside a "stricter"
/// military-only ban. Rules that overlap and disagree are not an error:
/// that is how measures accumulate (a licence requirement on rare
/// earths, then a ban on exports to one country's military end users).
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tradedep::controls::{ControlDirection, Instrument, Measure, Rule, RuleSet};
///
/// let day = |s: &str| s.parse::<NaiveDate>();
/// let instrument = |id: &str, date: &str| -> Result<Instrument, chrono::ParseError> {
///     Ok(Instrument { id: id.into(), title: String::new(), announced: day(date)?, url: String::new() })
/// };
/// let licence = Rule::builder("licence", "CHN".parse()?, instrument("No. 18", "2025-04-04")?,
///     ControlDirection::Export, "2805".parse()?,
///     Measure::Licence { approval_rate: "0.5".parse()? }, day("2025-04-04")?).build()?;
/// let ban = Rule::builder("ban", "CHN".parse()?, instrument("No. 1", "2026-01-06")?,
///     ControlDirection::Export, "28".parse()?, Measure::Ban, day("2026-01-06")?).build()?;
/// let set = RuleSet::new([licence, ban])?;
/// let b = set.binding("CHN".parse()?, "JPN".parse()?, "280530".parse()?, day("2026-02-01")?);
/// assert_eq!(b.rules().len(), 2);
/// assert_eq!(b.strictest().unwrap().id(), "ban");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "Vec<Rule>", into = "Vec<Rule>"))]
pub struct RuleSet {
    rules: Vec<Rule>,
}

impl RuleSet {
    /// A set of `rules`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Rule`] when two rules share an id.
    pub fn new(rules: impl IntoIterator<Item = Rule>) -> Result<RuleSet> {
        let mut set = RuleSet::default();
        for r in rules {
            set.add(r)?;
        }
        Ok(set)
    }

    /// Adds a rule.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Rule`] when a rule with that id is already in the
    /// set.
    pub fn add(&mut self, rule: Rule) -> Result<()> {
        if self.get(rule.id()).is_some() {
            return Err(Error::new(ErrorKind::Rule {
                rule: rule.id().to_owned(),
                reason: "a rule with this id is already in the set".into(),
            }));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// Every rule, in the order added.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with `id`.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    /// The rules that bind goods `product` from `exporter` to `importer`
    /// on `date`, the most restrictive first.
    #[must_use]
    pub fn binding(
        &self,
        exporter: Economy,
        importer: Economy,
        product: HsCode,
        date: NaiveDate,
    ) -> Binding<'_> {
        self.strictest_of(
            |r| r.binds(exporter, importer, product, date),
            Question::Flow(product),
        )
    }

    /// As [`binding`](Self::binding), with [`Rule::may_bind`]: the rules
    /// that reach some goods under `product`, for trade recorded at a
    /// coarser level than the rules' scopes.
    #[must_use]
    pub fn may_binding(
        &self,
        exporter: Economy,
        importer: Economy,
        product: HsCode,
        date: NaiveDate,
    ) -> Binding<'_> {
        self.strictest_of(
            |r| r.may_bind(exporter, importer, product, date),
            Question::Flow(product),
        )
    }

    /// The rules in force on `date` that apply to goods from `exporter`
    /// to `importer`, whatever the product (imposed by the exporter or
    /// the importer as the rule's direction says, targeting the other),
    /// the most restrictive first. With no product, each rule's share is
    /// that of a coarse flow: nothing certain, up to what its measure
    /// blocks.
    #[must_use]
    pub fn for_pair(&self, exporter: Economy, importer: Economy, date: NaiveDate) -> Binding<'_> {
        self.strictest_of(|r| r.applies(exporter, importer, date), Question::Pair)
    }

    /// The rules `keep` keeps, the most restrictive first.
    fn strictest_of(&self, keep: impl Fn(&Rule) -> bool, question: Question) -> Binding<'_> {
        let mut rules: Vec<&Rule> = self.rules.iter().filter(|r| keep(r)).collect();
        rules.sort_by(|a, b| {
            b.measure()
                .restrictiveness(a.measure())
                .then_with(|| a.id().cmp(b.id()))
        });
        Binding { rules, question }
    }

    /// The rules in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> impl Iterator<Item = &Rule> + '_ {
        self.rules.iter().filter(move |r| r.in_force(date))
    }

    /// What changed after `from` up to and including `to`: every rule
    /// that came into force, was suspended, resumed or ended on a day in
    /// `(from, to]`, by date then rule id. Changes are of the rule being
    /// in force, so a suspension that begins before the rule takes
    /// effect shows as the rule starting when the suspension ends.
    #[must_use]
    pub fn changes(&self, from: NaiveDate, to: NaiveDate) -> Vec<Change<'_>> {
        let mut out: Vec<Change<'_>> = self
            .rules
            .iter()
            .flat_map(|rule| {
                rule.transitions()
                    .into_iter()
                    .filter(|(d, _)| *d > from && *d <= to)
                    .map(move |(date, kind)| Change { date, rule, kind })
            })
            .collect();
        out.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.rule.id().cmp(b.rule.id()))
        });
        out
    }

    /// Reads a rule set from JSON (an array of rules), validating every
    /// rule.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Json`] for malformed JSON or an invalid rule (the
    /// message names the rule and the problem).
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<RuleSet> {
        serde_json::from_str(text).map_err(|e| {
            Error::new(ErrorKind::Json {
                detail: e.to_string(),
            })
        })
    }

    /// Writes the rule set as pretty JSON; [`from_json`](Self::from_json)
    /// reads it back to an equal set.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Json`] if serialization fails.
    #[cfg(feature = "json")]
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| {
            Error::new(ErrorKind::Json {
                detail: e.to_string(),
            })
        })
    }
}

impl TryFrom<Vec<Rule>> for RuleSet {
    type Error = Error;

    fn try_from(rules: Vec<Rule>) -> Result<RuleSet> {
        RuleSet::new(rules)
    }
}

impl From<RuleSet> for Vec<Rule> {
    fn from(set: RuleSet) -> Vec<Rule> {
        set.rules
    }
}
