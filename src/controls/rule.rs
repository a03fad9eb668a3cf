//! Export- and import-control rules as dated objects, and the rule sets
//! that say which of them bind a flow on a date.

use std::cmp::Ordering;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::classify::selector::ProductSelector;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::group::EconomyGroup;
use crate::model::hs::HsCode;
use crate::model::money::Money;
use crate::model::period::Frequency;
use crate::model::quantity::Quantity;

/// The legal instrument that enacts a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Instrument {
    /// Its identifier, as the issuer numbers it ("MOFCOM Announcement
    /// No. 1 of 2026").
    pub id: String,
    /// Its title.
    pub title: String,
    /// The day it was announced.
    pub announced: NaiveDate,
    /// Where it is published.
    pub url: String,
}

/// Whether a rule controls what leaves the issuing economy or what
/// enters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum ControlDirection {
    /// An export control: the issuer is the exporter, targets are
    /// destinations.
    Export,
    /// An import control: the issuer is the importer, targets are
    /// origins.
    Import,
}

/// The partner economies a rule applies to: destinations of an export
/// control, origins of an import control.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Targets {
    /// Every partner.
    All,
    /// Only the members of the group.
    Only(EconomyGroup),
    /// Every partner except the members of the group.
    AllExcept(EconomyGroup),
}

impl Targets {
    /// True when `partner` is targeted.
    #[must_use]
    pub fn contains(&self, partner: Economy) -> bool {
        match self {
            Targets::All => true,
            Targets::Only(g) => g.contains(partner),
            Targets::AllExcept(g) => !g.contains(partner),
        }
    }
}

/// The end users or end uses a rule reaches.
///
/// Trade statistics record goods, partners and values, not who uses the
/// goods: a flow to a targeted economy cannot be split into military and
/// civilian end use. So a rule limited to some end users binds, as far as
/// this crate can tell, the whole flow, and the value it puts at risk is
/// an **upper bound**. [`Rule::is_upper_bound`] says when this applies.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EndUse {
    /// Every end user and use.
    Any,
    /// Military end users and military end uses.
    Military,
    /// A listed entity (named in the text).
    Entity(String),
}

/// What a rule does to the goods it binds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Measure {
    /// No trade allowed.
    Ban,
    /// Trade needs a licence; `approval_rate` (0 to 1) is the assumed
    /// share of the trade that is licensed.
    Licence {
        /// The assumed share licensed, 0 to 1.
        #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
        approval_rate: Decimal,
    },
    /// At most `cap` in value per period of the given frequency.
    ValueCap {
        /// The cap.
        cap: Money,
        /// The period the cap applies to.
        per: Frequency,
    },
    /// At most `cap` in quantity per period of the given frequency.
    QuantityCap {
        /// The cap.
        cap: Quantity,
        /// The period the cap applies to.
        per: Frequency,
    },
    /// An export (or import) tax at `rate` of the value (0.25 = 25%).
    Tax {
        /// The rate, 0 or more.
        #[cfg_attr(feature = "serde", serde(with = "rust_decimal::serde::str"))]
        rate: Decimal,
    },
}

impl Measure {
    /// The measure's rank for precedence, most restrictive highest: a ban;
    /// then caps; then licences, the lower the approval rate the higher;
    /// then taxes, the higher the rate the higher.
    #[expect(
        clippy::arithmetic_side_effects,
        reason = "negating a Decimal cannot overflow: its range is symmetric"
    )]
    fn severity(&self) -> (u8, Decimal) {
        match self {
            Measure::Ban => (4, Decimal::ZERO),
            Measure::ValueCap { .. } | Measure::QuantityCap { .. } => (3, Decimal::ZERO),
            // The lower the approval rate, the stricter; negation cannot
            // overflow where `1 - rate` could for a rate built by hand.
            Measure::Licence { approval_rate } => (2, -*approval_rate),
            Measure::Tax { rate } => (1, *rate),
        }
    }

    /// Compares by restrictiveness (see [`RuleSet::binding`]).
    #[must_use]
    pub fn restrictiveness(&self, other: &Measure) -> Ordering {
        self.severity().cmp(&other.severity())
    }

    fn check(&self) -> std::result::Result<(), String> {
        match self {
            Measure::Licence { approval_rate }
                if !(Decimal::ZERO..=Decimal::ONE).contains(approval_rate) =>
            {
                Err(format!(
                    "approval rate {approval_rate} is not between 0 and 1"
                ))
            }
            Measure::Tax { rate } if *rate < Decimal::ZERO => {
                Err(format!("tax rate {rate} is negative"))
            }
            Measure::ValueCap { cap, .. } if cap.amount() < Decimal::ZERO => {
                Err(format!("the cap {cap} is negative"))
            }
            Measure::QuantityCap { cap, .. } if cap.amount() < Decimal::ZERO => {
                Err(format!("the cap {cap} is negative"))
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Measure::Ban => f.write_str("ban"),
            Measure::Licence { approval_rate } => {
                write!(f, "licence (approval rate {approval_rate})")
            }
            Measure::ValueCap { cap, per } => write!(f, "value cap {cap} per {per} period"),
            Measure::QuantityCap { cap, per } => write!(f, "quantity cap {cap} per {per} period"),
            Measure::Tax { rate } => write!(f, "tax at {rate}"),
        }
    }
}

/// A window of days `[from, until)`: `from` included, `until` excluded
/// (the first day the window is over); no `until` means open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Window {
    /// The first day in the window.
    pub from: NaiveDate,
    /// The first day after the window, if it ends.
    pub until: Option<NaiveDate>,
}

impl Window {
    /// True when `date` is in the window.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.from && self.until.is_none_or(|u| date < u)
    }
}

/// The fields of a rule, as written and read; [`Rule`] is the validated
/// form.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RuleData {
    /// A short identifier, unique within a rule set.
    pub id: String,
    /// The economy that imposes the rule.
    pub issuer: Economy,
    /// The instrument that enacts it.
    pub instrument: Instrument,
    /// Export or import control.
    pub direction: ControlDirection,
    /// The partners it applies to.
    pub targets: Targets,
    /// The end users or uses it reaches.
    pub end_use: EndUse,
    /// The goods it covers.
    pub products: ProductSelector,
    /// Goods it exempts (empty for none).
    #[cfg_attr(feature = "serde", serde(default))]
    pub exempt: ProductSelector,
    /// What it does.
    pub measure: Measure,
    /// When it is in force: from its first day, until (excluded) its end.
    pub life: Window,
    /// Windows during which it is suspended, within its life.
    #[cfg_attr(feature = "serde", serde(default))]
    pub suspensions: Vec<Window>,
    /// Free text.
    #[cfg_attr(feature = "serde", serde(default))]
    pub notes: String,
}

/// An export- or import-control rule: who imposes it, on which goods,
/// towards which partners and end users, what it does, and when it is in
/// force.
///
/// # Dates
///
/// A rule is in force on the days of its [`Window`] `[from, until)`: on
/// and after `from`, before `until` (the first day it no longer applies;
/// no `until` for a rule without end), except during a suspension, itself
/// a window `[from, until)` that must overlap the rule's life (it may
/// start before the rule takes effect, as when a measure is suspended
/// before its first day); the rule binds again on a suspension's `until`.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tradedep::controls::{ControlDirection, EndUse, Instrument, Measure, Rule, Targets, Window};
/// use tradedep::{EconomyGroup, ProductSelector};
///
/// let day = |s: &str| s.parse::<NaiveDate>();
/// let rule = Rule::builder(
///     "cn-2026-1",
///     "CHN".parse()?,
///     Instrument {
///         id: "MOFCOM Announcement No. 1 of 2026".into(),
///         title: "Strengthening export control of dual-use items to Japan".into(),
///         announced: day("2026-01-06")?,
///         url: "https://www.mofcom.gov.cn/".into(),
///     },
///     ControlDirection::Export,
///     "2805, 2846".parse::<ProductSelector>()?,
///     Measure::Ban,
///     day("2026-01-06")?,
/// )
/// .targets(Targets::Only(EconomyGroup::new("Japan", ["JPN"])?))
/// .end_use(EndUse::Military)
/// .build()?;
/// let (chn, jpn, kor) = ("CHN".parse()?, "JPN".parse()?, "KOR".parse()?);
/// assert!(rule.binds(chn, jpn, "280530".parse()?, day("2026-01-06")?));
/// assert!(!rule.binds(chn, jpn, "280530".parse()?, day("2026-01-05")?));
/// assert!(!rule.binds(chn, kor, "280530".parse()?, day("2026-02-01")?));
/// assert!(rule.is_upper_bound()); // military end users only
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "RuleData", into = "RuleData"))]
pub struct Rule(RuleData);

/// Builds a [`Rule`]; see [`Rule::builder`].
#[derive(Debug, Clone)]
pub struct RuleBuilder(RuleData);

impl RuleBuilder {
    /// The partners the rule applies to (all by default).
    #[must_use]
    pub fn targets(mut self, targets: Targets) -> RuleBuilder {
        self.0.targets = targets;
        self
    }

    /// The end users or uses it reaches (any by default).
    #[must_use]
    pub fn end_use(mut self, end_use: EndUse) -> RuleBuilder {
        self.0.end_use = end_use;
        self
    }

    /// The first day it no longer applies.
    #[must_use]
    pub fn until(mut self, until: NaiveDate) -> RuleBuilder {
        self.0.life.until = Some(until);
        self
    }

    /// Suspends it from `from` until (excluded) `until`, or for good.
    #[must_use]
    pub fn suspend(mut self, from: NaiveDate, until: Option<NaiveDate>) -> RuleBuilder {
        self.0.suspensions.push(Window { from, until });
        self
    }

    /// Exempts goods.
    #[must_use]
    pub fn exempt(mut self, products: &ProductSelector) -> RuleBuilder {
        self.0.exempt = self.0.exempt.union(products);
        self
    }

    /// Adds notes.
    #[must_use]
    pub fn notes(mut self, notes: impl Into<String>) -> RuleBuilder {
        self.0.notes = notes.into();
        self
    }

    /// The validated rule.
    ///
    /// # Errors
    ///
    /// As [`Rule::new`].
    pub fn build(self) -> Result<Rule> {
        Rule::new(self.0)
    }
}

impl Rule {
    /// A builder with the required fields; the rest default to all
    /// partners, any end use, no end, no suspension, no exemption.
    #[must_use]
    pub fn builder(
        id: impl Into<String>,
        issuer: Economy,
        instrument: Instrument,
        direction: ControlDirection,
        products: ProductSelector,
        measure: Measure,
        from: NaiveDate,
    ) -> RuleBuilder {
        RuleBuilder(RuleData {
            id: id.into(),
            issuer,
            instrument,
            direction,
            targets: Targets::All,
            end_use: EndUse::Any,
            products,
            exempt: ProductSelector::new(),
            measure,
            life: Window { from, until: None },
            suspensions: Vec::new(),
            notes: String::new(),
        })
    }

    /// Validates the fields.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Rule`] naming the rule and the problem: an empty id;
    /// an end on or before the start; a suspension that ends on or
    /// before it starts, or that does not overlap the rule's life; an empty
    /// product scope; targets `Only` an empty group; an approval rate
    /// outside 0 to 1; a negative tax rate or cap.
    pub fn new(data: RuleData) -> Result<Rule> {
        let bad = |reason: String| {
            Error::new(ErrorKind::Rule {
                rule: data.id.clone(),
                reason,
            })
        };
        if data.id.trim().is_empty() {
            return Err(bad("the id is empty".into()));
        }
        if let Some(until) = data.life.until
            && until <= data.life.from
        {
            return Err(bad(format!(
                "it ends on {until}, not after it starts on {}",
                data.life.from
            )));
        }
        for s in &data.suspensions {
            if s.until.is_some_and(|u| u <= s.from) {
                return Err(bad(format!(
                    "a suspension from {} ends before it starts",
                    s.from
                )));
            }
            let before = s.until.is_some_and(|u| u <= data.life.from);
            let after = data.life.until.is_some_and(|end| s.from >= end);
            if before || after {
                return Err(bad(format!(
                    "the suspension from {} lies outside the rule's life ({} to {})",
                    s.from,
                    data.life.from,
                    data.life.until.map_or("no end".into(), |u| u.to_string())
                )));
            }
        }
        if data.products.is_empty() {
            return Err(bad("its product scope is empty".into()));
        }
        if let Targets::Only(g) = &data.targets
            && g.iter().next().is_none()
        {
            return Err(bad("it targets an empty group".into()));
        }
        data.measure.check().map_err(bad)?;
        let mut data = data;
        data.suspensions.sort();
        Ok(Rule(data))
    }

    /// The fields.
    #[must_use]
    pub fn data(&self) -> &RuleData {
        &self.0
    }

    /// The identifier.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// The measure.
    #[must_use]
    pub fn measure(&self) -> &Measure {
        &self.0.measure
    }

    /// True when the rule is in force on `date`: within its life and not
    /// suspended.
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.0.life.contains(date) && !self.0.suspensions.iter().any(|s| s.contains(date))
    }

    /// True when the rule covers `product` (in scope and not exempt).
    #[must_use]
    pub fn covers(&self, product: HsCode) -> bool {
        self.0.products.matches(product) && !self.0.exempt.matches(product)
    }

    /// True when the rule binds goods `product` from `exporter` to
    /// `importer` on `date`: in force, covering the product, imposed by
    /// the exporter (export control) or the importer (import control),
    /// and targeting the other.
    #[must_use]
    pub fn binds(
        &self,
        exporter: Economy,
        importer: Economy,
        product: HsCode,
        date: NaiveDate,
    ) -> bool {
        self.applies(exporter, importer, date) && self.covers(product)
    }

    /// True when the rule is in force on `date` and reaches trade from
    /// `exporter` to `importer`: imposed by the exporter (export control)
    /// or the importer (import control), and targeting the other.
    #[must_use]
    pub fn applies(&self, exporter: Economy, importer: Economy, date: NaiveDate) -> bool {
        let (imposer, partner) = match self.0.direction {
            ControlDirection::Export => (exporter, importer),
            ControlDirection::Import => (importer, exporter),
        };
        imposer == self.0.issuer && self.0.targets.contains(partner) && self.in_force(date)
    }

    /// As [`binds`](Self::binds), for trade recorded at any HS level:
    /// true also when only some goods under `product` are in scope (a
    /// chapter-level flow of `85` under a rule on `850511`), so the flow's
    /// value is an upper bound on what the rule binds.
    #[must_use]
    pub fn may_bind(
        &self,
        exporter: Economy,
        importer: Economy,
        product: HsCode,
        date: NaiveDate,
    ) -> bool {
        self.applies(exporter, importer, date)
            && (self.covers(product)
                || (self.0.products.overlaps(product) && !self.0.exempt.matches(product)))
    }

    /// True when the value the rule binds is an upper bound on the value
    /// at risk: the rule reaches only some end users or uses, which trade
    /// statistics cannot see.
    #[must_use]
    pub fn is_upper_bound(&self) -> bool {
        self.0.end_use != EndUse::Any
    }

    /// The days on which the rule starts or stops being in force, in
    /// order, with what happens on each: the first day in force is
    /// `Started` (which, for a rule suspended before it took effect, is
    /// the day the suspension ends), later ones `Resumed`; a stop within
    /// the rule's life is `Suspended`, at its end `Ended`.
    fn transitions(&self) -> Vec<(NaiveDate, ChangeKind)> {
        let mut days = vec![self.0.life.from];
        for s in &self.0.suspensions {
            days.push(s.from);
            days.extend(s.until);
        }
        days.extend(self.0.life.until);
        days.sort();
        days.dedup();
        let mut out = Vec::new();
        let mut started = false;
        for d in days {
            let before = d.pred_opt().is_some_and(|p| self.in_force(p));
            let now = self.in_force(d);
            match (before, now) {
                (false, true) if started => out.push((d, ChangeKind::Resumed)),
                (false, true) => {
                    started = true;
                    out.push((d, ChangeKind::Started));
                }
                (true, false) if self.0.life.until == Some(d) => out.push((d, ChangeKind::Ended)),
                (true, false) => out.push((d, ChangeKind::Suspended)),
                _ => {}
            }
        }
        out
    }
}

impl TryFrom<RuleData> for Rule {
    type Error = Error;

    fn try_from(data: RuleData) -> Result<Rule> {
        Rule::new(data)
    }
}

impl From<Rule> for RuleData {
    fn from(rule: Rule) -> RuleData {
        rule.0
    }
}

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
    /// The day of the change.
    pub date: NaiveDate,
    /// The rule.
    pub rule: &'a Rule,
    /// What happened.
    pub kind: ChangeKind,
}

/// The rules that bind one flow on one day, the most restrictive first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding<'a> {
    rules: Vec<&'a Rule>,
}

impl<'a> Binding<'a> {
    /// Every binding rule, the most restrictive first (ties by id).
    #[must_use]
    pub fn rules(&self) -> &[&'a Rule] {
        &self.rules
    }

    /// The rule that decides: the most restrictive.
    #[must_use]
    pub fn strictest(&self) -> Option<&'a Rule> {
        self.rules.first().copied()
    }

    /// True when no rule binds.
    #[must_use]
    pub fn is_free(&self) -> bool {
        self.rules.is_empty()
    }
}

/// A set of rules with unique ids.
///
/// # Precedence
///
/// Where several rules bind a flow, every one is listed and the most
/// restrictive decides ([`Binding::strictest`]): a ban before a value or
/// quantity cap, a cap before a licence requirement, licences by
/// approval rate (the lower the stricter), a tax last (the higher the
/// stricter); ties by id. Rules that overlap and disagree are not an
/// error: that is how measures accumulate (a licence requirement on rare
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
        self.strictest_of(|r| r.binds(exporter, importer, product, date))
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
        self.strictest_of(|r| r.may_bind(exporter, importer, product, date))
    }

    /// The rules in force on `date` that apply to goods from `exporter`
    /// to `importer`, whatever the product (imposed by the exporter or
    /// the importer as the rule's direction says, targeting the other),
    /// the most restrictive first.
    #[must_use]
    pub fn for_pair(&self, exporter: Economy, importer: Economy, date: NaiveDate) -> Binding<'_> {
        self.strictest_of(|r| r.applies(exporter, importer, date))
    }

    /// The rules `keep` keeps, the most restrictive first.
    fn strictest_of(&self, keep: impl Fn(&Rule) -> bool) -> Binding<'_> {
        let mut rules: Vec<&Rule> = self.rules.iter().filter(|r| keep(r)).collect();
        rules.sort_by(|a, b| {
            b.measure()
                .restrictiveness(a.measure())
                .then_with(|| a.id().cmp(b.id()))
        });
        Binding { rules }
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
