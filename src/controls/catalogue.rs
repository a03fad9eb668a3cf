//! The reference catalogue: real measures and figures, each with its
//! source.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::classify::control::Issuer;
use crate::classify::correlation::CorrelationTable;
use crate::classify::selector::ProductSelector;
use crate::controls::list::ControlList;
use crate::controls::measure::{ControlDirection, EndUse, Instrument, Measure, Targets};
use crate::controls::minerals;
use crate::controls::october;
use crate::controls::rule::Rule;
use crate::controls::ruleset::RuleSet;
use crate::error::{Error, ErrorKind, Result};
use crate::model::economy::Economy;
use crate::model::group::EconomyGroup;

/// A link the catalogue adds to China's list, with its source: the list
/// gives no customs code for samarium-cobalt permanent-magnet materials
/// (1C902.a.4); HS 8505.11 (permanent magnets of metal) is implied by
/// the item (MOFCOM/GAC Announcement No. 18 of 2025, English text by
/// Osenc Magnet, <https://osencmagnet.com/export-controls-on-rare-earth-elements/>).
/// Partial: 8505.11 also covers magnets of other metals.
const IMPLIED_LINKS: &str = "\
issuer,entry,hs,link
cn,1C902.a.4,850511,partial
";

/// A published figure kept for reference: documented, not used by any
/// computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceFigure {
    name: &'static str,
    value: Decimal,
    period: &'static str,
    source: &'static str,
    url: &'static str,
}

impl ReferenceFigure {
    /// What the figure measures.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value, as a ratio (0.42 for 42%).
    #[must_use]
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The year or date it refers to.
    #[must_use]
    pub fn period(&self) -> &'static str {
        self.period
    }

    /// Who published it, and where.
    #[must_use]
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The address of the source.
    #[must_use]
    pub fn url(&self) -> &'static str {
        self.url
    }
}

/// Real measures and figures, each with its source: China's whole
/// dual-use export list of 2026 ([`ControlList::china_dual_use_export_2026`])
/// as a correlation table, the rules that use it, and the headline
/// figures of Japan's dependence on China.
///
/// # Rules
///
/// | id | instrument | measure |
/// | --- | --- | --- |
/// | `cn-2023-23` | MOFCOM/GAC Announcement No. 23 of 2023, 3 July 2023 | export licence for gallium and germanium items (3C001, 3C002), all destinations, from 1 August 2023 |
/// | `cn-2023-39` | MOFCOM/GAC Announcement No. 39 of 2023, 20 October 2023 | export licence for graphite items (1C108), from 1 December 2023 |
/// | `cn-2024-33` | MOFCOM/GAC Announcement No. 33 of 2024, 15 August 2024 | export licence for antimony (3C003) and superhard materials (2A901, 2B901, 2C901), from 15 September 2024 |
/// | `cn-2024-46-military` | MOFCOM Announcement No. 46 of 2024, 3 December 2024 | ban on exports of all dual-use items to US military users and uses, in force immediately |
/// | `cn-2024-46-minerals` | the same, clause 2 | ban on gallium, germanium, antimony and superhard-material items to the United States; suspended by No. 72 of 2025 from 9 November 2025 until 27 November 2026 |
/// | `cn-2025-10` | MOFCOM/GAC Announcement No. 10 of 2025, 4 February 2025 | export licence for tungsten, tellurium, bismuth, molybdenum and indium items, in force on publication |
/// | `cn-2025-18` | MOFCOM/GAC Announcement No. 18 of 2025, 4 April 2025 | export licence for seven medium and heavy rare earths (1C902 to 1C908), all destinations, in force on publication |
/// | `cn-2025-55` | MOFCOM/GAC Announcement No. 55 of 2025, 9 October 2025 | export licence for more superhard materials (diamond micropowder and single crystals, diamond wire and grinding wheels, DC-arc plasma CVD equipment) from 8 November 2025; suspended by Announcement No. 70 of 2025 from 7 November 2025 until 10 November 2026 |
/// | `cn-2025-57` | MOFCOM/GAC Announcement No. 57 of 2025, 9 October 2025 | export licence for five more rare earths (holmium, erbium, thulium, europium, ytterbium), same dates and suspension |
/// | `cn-2025-58` | MOFCOM/GAC Announcement No. 58 of 2025, 9 October 2025 | export licence for high-energy lithium-ion batteries, cathode materials and their equipment, same dates and suspension |
/// | `cn-2026-1` | MOFCOM Announcement No. 1 of 2026, 6 January 2026 | ban on exports of all dual-use items (the whole list) to Japanese military end users and end uses, in force immediately |
/// | `cn-2023-aquatic` | GAC, 24 August 2023 | import ban on aquatic products originating in Japan |
///
/// Not modelled, for want of customs codes: Nos. 56 (rare-earth
/// equipment and materials), 61 (extraterritorial rare-earth rules) and
/// 62 (rare-earth technologies) of 2025, suspended with the others.
/// Suspensions No. 70 and No. 72 of 2025 ran until 10 and 27 November
/// 2026; no extension had been published in the sources at hand, so the
/// suspended rules bind again from those days. Check before relying on
/// a date after them.
///
/// Assumptions, stated on each rule: licence approval rates are unknown
/// (`0..1`: MOFCOM publishes none), so a licence blocks nothing in the
/// best case and everything in the worst ([`Approval::UNKNOWN`](crate::controls::Approval::UNKNOWN); set a
/// rate or range with
/// [`Scenario::approval_rate`](crate::scenario::Scenario::approval_rate));
/// product scopes are the list's
/// entries (for No. 1 of 2026, which covers all dual-use items, the whole
/// list: every HS6 any of its entries links) or the HS codes the
/// measure's items imply where no code is cited. Replace them with your
/// own where you have better ones.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use tradedep::controls::Catalogue;
///
/// let cat = Catalogue::reference()?;
/// let day: NaiveDate = "2026-02-01".parse()?;
/// let binding = cat.rules().binding("CHN".parse()?, "JPN".parse()?, "284690".parse()?, day);
/// let ids: Vec<&str> = binding.rules().iter().map(|r| r.id()).collect();
/// assert_eq!(ids, ["cn-2026-1", "cn-2025-18"]);
/// // The ban reaches military end users only and the licence's approval
/// // rate is unknown: nothing certain, up to the whole flow.
/// assert_eq!(binding.blocked_share().to_string(), "[0, 1]");
/// assert_eq!(cat.figure("dual_use_share_of_imports_from_china").unwrap().value().to_string(), "0.42");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    list: ControlList,
    correlation: CorrelationTable,
    rules: RuleSet,
    figures: Vec<(&'static str, ReferenceFigure)>,
}

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        Error::new(ErrorKind::Parameter {
            name: "date",
            value: format!("{y}-{m}-{d}"),
            expected: "a calendar date",
        })
    })
}

impl Catalogue {
    /// The reference catalogue.
    ///
    /// # Errors
    ///
    /// None in practice: the embedded data is checked by the crate's
    /// tests. The `Result` keeps a mistake in it from ever panicking.
    pub fn reference() -> Result<Catalogue> {
        let list = ControlList::china_dual_use_export_2026()?;
        let mut correlation = list.correlation().clone();
        for l in CorrelationTable::read_csv(IMPLIED_LINKS.as_bytes())?.links() {
            correlation.add(l.entry().clone(), l.code(), l.link())?;
        }
        let china: Economy = "CHN".parse()?;
        // The scope of a measure on all dual-use items: every HS6 the list
        // links, and the catalogue's implied links.
        let whole_list = list
            .products()
            .union(&correlation.products_for_issuer(Issuer::China));
        let japan = EconomyGroup::new("Japan", ["JPN"])?;

        let no_18 = Rule::builder(
            "cn-2025-18",
            china,
            Instrument {
                id: "MOFCOM/GAC Announcement No. 18 of 2025".into(),
                title: "Decision to implement export controls on certain medium and heavy rare earth-related items".into(),
                announced: day(2025, 4, 4)?,
                url: "https://osencmagnet.com/export-controls-on-rare-earth-elements/".into(),
            },
            ControlDirection::Export,
            correlation.selector("cn:1C902, cn:1C903, cn:1C904, cn:1C905, cn:1C906, cn:1C907, cn:1C908")?,
            minerals::licence(),
            day(2025, 4, 4)?,
        )
        .notes(format!(
            "Samarium, gadolinium, terbium, dysprosium, lutetium, scandium and yttrium items need \
             an export licence; in force on publication (MOFCOM spokesperson, 4 April 2025). \
             Scope: the list's entries 1C902 to 1C908 (samarium to yttrium, as the 2026 \
             catalogue names them), with their reference customs codes. \
             {}",
            minerals::ASSUMPTION
        ))
        .certain(correlation.fully_linked(Issuer::China))
        .build()?;

        let no_1 = Rule::builder(
            "cn-2026-1",
            china,
            Instrument {
                id: "MOFCOM Announcement No. 1 of 2026".into(),
                title: "Strengthening export controls on dual-use items to Japan".into(),
                announced: day(2026, 1, 6)?,
                url: "https://www.gvw.com/en/news/blog/detail/china-bans-exports-of-dual-use-items-to-japanese-military-and-expands-re-export-liability".into(),
            },
            ControlDirection::Export,
            whole_list.clone(),
            Measure::Ban,
            day(2026, 1, 6)?,
        )
        .targets(Targets::Only(japan.clone()))
        .end_use(EndUse::Military)
        .notes(
            "All dual-use items to Japanese military users, military uses, and any end user or \
             use that enhances Japan's military capabilities; transfers of Chinese-origin items \
             to Japan from third countries also prohibited. In force on 6 January 2026. \
             Scope: the whole dual-use export list of 2026 (every HS6 its entries link, and \
             8505.11 implied for samarium-cobalt magnets; each link partial, so the value bound \
             is an upper bound), and the end-use scope makes it an upper bound again.",
        )
        .certain(correlation.fully_linked(Issuer::China))
        .build()?;

        let aquatic = aquatic_rule(china, japan)?;
        let mut rules = RuleSet::new([no_18, no_1, aquatic])?;
        for rule in minerals::rules(&correlation, &whole_list, china, day)? {
            rules.add(rule)?;
        }
        for rule in october::rules(china, day)? {
            rules.add(rule)?;
        }
        Ok(Catalogue {
            list,
            correlation,
            rules,
            figures: reference_figures(),
        })
    }

    /// China's dual-use export list of 2026, which the rules use.
    #[must_use]
    pub fn china_export_list(&self) -> &ControlList {
        &self.list
    }

    /// The correlation table of China's export list: the list's links
    /// and the implied link of samarium-cobalt magnets (1C902.a.4 to HS
    /// 8505.11), every one partial.
    #[must_use]
    pub fn correlation(&self) -> &CorrelationTable {
        &self.correlation
    }

    /// The rules.
    #[must_use]
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Every reference figure, with its key.
    pub fn figures(&self) -> impl Iterator<Item = (&'static str, &ReferenceFigure)> + '_ {
        self.figures.iter().map(|(k, f)| (*k, f))
    }

    /// The reference figure with `key`.
    #[must_use]
    pub fn figure(&self, key: &str) -> Option<&ReferenceFigure> {
        self.figures.iter().find(|(k, _)| *k == key).map(|(_, f)| f)
    }
}

/// China's suspension of imports of Japanese aquatic products (GAC,
/// 24 August 2023).
fn aquatic_rule(china: Economy, japan: EconomyGroup) -> Result<Rule> {
    Rule::builder(
        "cn-2023-aquatic",
        china,
        Instrument {
            id: "GAC announcement of 24 August 2023".into(),
            title: "Suspension of imports of aquatic products originating in Japan".into(),
            announced: day(2023, 8, 24)?,
            url: "https://english.news.cn/20230824/aa8015d243164e7a844b190c9b47f7eb/c.html".into(),
        },
        ControlDirection::Import,
        "03".parse::<ProductSelector>()?,
        Measure::Ban,
        day(2023, 8, 24)?,
    )
    .targets(Targets::Only(japan))
    .notes(
        "All aquatic products (edible aquatic animals included) originating in Japan, from \
         24 August 2023 (inclusive). Scope: HS chapter 03; prepared aquatic products \
         (16.04, 16.05) are not named by the source and are left out. Later partial \
         resumptions are not recorded here.",
    )
    .build()
}

fn reference_figures() -> Vec<(&'static str, ReferenceFigure)> {
    vec![
        (
            "china_share_of_japan_imports",
            ReferenceFigure {
                name: "China's share of Japan's imports",
                value: Decimal::new(224, 3),
                period: "2024",
                source: "JPY 25.3 trillion of imports from China (Nomura Research Institute, from \
                         Japan's trade statistics) over JPY 113.2 trillion of imports in all \
                         (exports of JPY 107.9 trillion less a deficit of JPY 5.3 trillion, \
                         Japan's Ministry of Finance, preliminary, 23 January 2025)",
                url: "https://newsarenaindia.com/economy/japan-s-export-growth-helps-shrink-trade-deficit-by-44pc/34501",
            },
        ),
        (
            "dual_use_share_of_imports_from_china",
            ReferenceFigure {
                name: "Share of Japan's imports from China in categories a dual-use ban could reach",
                value: Decimal::new(42, 2),
                period: "2024",
                source: "Takahide Kiuchi, Nomura Research Institute, 7 January 2026, from \
                         Japan's 2024 trade statistics: about JPY 10.7 trillion of JPY 25.3 \
                         trillion (electrical machinery such as semiconductors, integrated \
                         circuits, electronic parts and telecommunications equipment JPY 7.7 \
                         trillion; personal computers and parts JPY 2.4 trillion; scientific and \
                         optical instruments JPY 0.4 trillion; rare earths about JPY 0.2 \
                         trillion), which he calls a maximum if China reads the scope broadly",
                url: "https://www.nri.com/jp/media/column/kiuchi/20260107.html",
            },
        ),
        (
            "china_share_of_japan_rare_earth_imports",
            ReferenceFigure {
                name: "China's share of Japan's rare-earth imports",
                value: Decimal::new(60, 2),
                period: "2024",
                source: "JOGMEC data: China's share back above 60% in 2024. Definitions differ: \
                         58% in METI's 2018 statistics; 68% of all rare-earth trade including \
                         final goods and 44% of raw materials alone in 2023 (Moneycontrol, from \
                         UN Comtrade)",
                url: "https://www.moneycontrol.com/news/business/economy/us-needs-lessons-from-japan-as-it-tries-to-move-away-from-china-in-rare-earth-trade-13612996.html",
            },
        ),
    ]
}
