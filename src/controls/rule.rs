//! Export- and import-control rules as dated objects.

use chrono::NaiveDate;

use crate::classify::selector::ProductSelector;
use crate::controls::blocked::{BlockedShare, Uncertainty};
use crate::controls::measure::{ControlDirection, EndUse, Instrument, Measure, Targets, Window};
use crate::controls::ruleset::ChangeKind;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::hs::HsCode;

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
    /// The goods of which it certainly covers every one: `None` for all
    /// of [`products`](Self::products) (a scope written in HS codes, such
    /// as chapter 03 for aquatic products), a smaller selector where the
    /// scope comes from a control list's partial links (empty for China's
    /// list, whose links are all partial). Lower bounds count only these.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub certain: Option<ProductSelector>,
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
pub struct Rule {
    data: RuleData,
    /// The goods it covers: its products less its exemptions.
    scope: ProductSelector,
}

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

    /// The goods of which the rule certainly covers every one (see
    /// [`RuleData::certain`]); by default all its products.
    #[must_use]
    pub fn certain(mut self, products: ProductSelector) -> RuleBuilder {
        self.0.certain = Some(products);
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
            certain: None,
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
    /// product scope; targets `Only` an empty group; a negative tax rate
    /// or cap. (An approval rate is checked where it is made:
    /// [`Approval`](crate::controls::Approval).)
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
        let scope = data.products.difference(&data.exempt);
        Ok(Rule { data, scope })
    }

    /// The fields.
    #[must_use]
    pub fn data(&self) -> &RuleData {
        &self.data
    }

    /// The identifier.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.data.id
    }

    /// The measure.
    #[must_use]
    pub fn measure(&self) -> &Measure {
        &self.data.measure
    }

    /// True when the rule is in force on `date`: within its life and not
    /// suspended.
    #[must_use]
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.data.life.contains(date) && !self.data.suspensions.iter().any(|s| s.contains(date))
    }

    /// True when the rule covers `product` (in scope and not exempt).
    #[must_use]
    pub fn covers(&self, product: HsCode) -> bool {
        self.scope.matches(product)
    }

    /// True when the rule covers every good under `product`: it covers
    /// the code and exempts nothing within it (a ban on `2805` exempting
    /// `280530` covers the heading `2805`, not all of it). For a
    /// subheading, the same as [`covers`](Self::covers).
    #[must_use]
    pub fn covers_all(&self, product: HsCode) -> bool {
        self.scope.matches_all(product)
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
        let (imposer, partner) = match self.data.direction {
            ControlDirection::Export => (exporter, importer),
            ControlDirection::Import => (importer, exporter),
        };
        imposer == self.data.issuer && self.data.targets.contains(partner) && self.in_force(date)
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
        self.applies(exporter, importer, date) && self.scope.overlaps(product)
    }

    /// The share of a flow of `product` the rule blocks, as an interval,
    /// and why its bounds differ, for a rule that binds or may bind the
    /// flow ([`may_bind`](Self::may_bind)). The measure decides the
    /// interval where the rule certainly reaches the flow: all for a ban,
    /// `[1 - high, 1 - low]` for a licence approved at a rate in `[low,
    /// high]`, nothing for a tax, anything up to all for a cap (on this
    /// flow alone). The lower bound falls to 0 where the rule's reach is
    /// uncertain: it reaches only some end users, or not every good under
    /// `product` ([`covers_all`](Self::covers_all): a flow coarser than
    /// its scope), or reaches the product through a partial link
    /// ([`RuleData::certain`]).
    #[must_use]
    pub fn blocked_share(&self, product: HsCode) -> (BlockedShare, Vec<Uncertainty>) {
        let mut why = Vec::new();
        if self.data.end_use != EndUse::Any {
            why.push(Uncertainty::EndUsers);
        }
        if !self.covers_all(product) {
            why.push(Uncertainty::CoarseFlow);
        } else if self
            .data
            .certain
            .as_ref()
            .is_some_and(|c| !c.matches_all(product))
        {
            why.push(Uncertainty::PartialLink);
        }
        match &self.data.measure {
            Measure::ValueCap { .. } | Measure::QuantityCap { .. } => why.push(Uncertainty::Cap),
            Measure::Licence { approval_rate } if !approval_rate.is_fixed() => {
                why.push(Uncertainty::ApprovalRange);
            }
            _ => {}
        }
        let share = BlockedShare::of_measure(&self.data.measure);
        let reach_uncertain = why
            .iter()
            .any(|w| !matches!(w, Uncertainty::Cap | Uncertainty::ApprovalRange));
        if reach_uncertain {
            (share.uncertain(), why)
        } else {
            (share, why)
        }
    }

    /// True when the value the rule binds is an upper bound on the value
    /// at risk: the rule reaches only some end users or uses, which trade
    /// statistics cannot see.
    #[must_use]
    pub fn is_upper_bound(&self) -> bool {
        self.data.end_use != EndUse::Any
    }

    /// The days on which the rule starts or stops being in force, in
    /// order, with what happens on each: the first day in force is
    /// `Started` (which, for a rule suspended before it took effect, is
    /// the day the suspension ends), later ones `Resumed`; a stop within
    /// the rule's life is `Suspended`, at its end `Ended`.
    pub(crate) fn transitions(&self) -> Vec<(NaiveDate, ChangeKind)> {
        let mut days = vec![self.data.life.from];
        for s in &self.data.suspensions {
            days.push(s.from);
            days.extend(s.until);
        }
        days.extend(self.data.life.until);
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
                (true, false) if self.data.life.until == Some(d) => {
                    out.push((d, ChangeKind::Ended));
                }
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
        rule.data
    }
}
