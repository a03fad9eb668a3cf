//! The Common High Priority List: the HS codes of goods Russia's weapons
//! need, which the United States, the European Union, the United Kingdom
//! and Japan watch together.

use std::fmt;

use crate::classify::selector::ProductSelector;
use crate::error::Result;
use crate::model::hs::HsCode;

/// The list of 23 February 2024, 50 HS6 subheadings by tier (published by
/// the US Bureau of Industry and Security with the EU, Japan and the UK;
/// also Annex XL to Council Regulation (EU) No 833/2014).
const CHPL_2024: &str = "\
1,854231
1,854232
1,854233
1,854239
2,851762
2,852691
2,853221
2,853224
2,854800
3.A,847150
3.A,850440
3.A,851769
3.A,852589
3.A,852910
3.A,852990
3.A,853669
3.A,853690
3.A,854110
3.A,854121
3.A,854129
3.A,854130
3.A,854149
3.A,854151
3.A,854159
3.A,854160
3.B,848210
3.B,848220
3.B,848230
3.B,848250
3.B,880730
3.B,901310
3.B,901380
3.B,901420
3.B,901480
4.A,847180
4.A,848610
4.A,848620
4.A,848640
4.A,853400
4.A,854320
4.A,902750
4.A,903020
4.A,903032
4.A,903039
4.A,903082
4.B,845710
4.B,845811
4.B,845891
4.B,845961
4.B,846693
";

/// A tier of the [`HighPriorityList`], from the highest concern down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum PriorityTier {
    /// Tier 1: integrated circuits, critical to Russia's precision-guided
    /// weapons, with no Russian production and few makers worldwide.
    T1,
    /// Tier 2: more electronics, which Russia makes some of but prefers
    /// to source from the West.
    T2,
    /// Tier 3.A: more electronic components, with a broader supplier
    /// base.
    T3A,
    /// Tier 3.B: mechanical and other components (bearings, optics,
    /// navigation instruments, aircraft parts).
    T3B,
    /// Tier 4.A: equipment to make and test electronic components,
    /// circuit boards and modules.
    T4A,
    /// Tier 4.B: numerically controlled machine tools and their parts.
    T4B,
}

impl PriorityTier {
    fn parse(text: &str) -> Option<PriorityTier> {
        Some(match text {
            "1" => PriorityTier::T1,
            "2" => PriorityTier::T2,
            "3.A" => PriorityTier::T3A,
            "3.B" => PriorityTier::T3B,
            "4.A" => PriorityTier::T4A,
            "4.B" => PriorityTier::T4B,
            _ => return None,
        })
    }
}

impl fmt::Display for PriorityTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            PriorityTier::T1 => "1",
            PriorityTier::T2 => "2",
            PriorityTier::T3A => "3.A",
            PriorityTier::T3B => "3.B",
            PriorityTier::T4A => "4.A",
            PriorityTier::T4B => "4.B",
        })
    }
}

/// The Common High Priority List: HS6 subheadings in tiers, a ready
/// product selector from the other side of export controls (what the US,
/// the EU, the UK and Japan ask exporters to watch for diversion to
/// Russia).
///
/// Source: US Bureau of Industry and Security, "Common High Priority List
/// (February 23, 2024)",
/// <https://www.bis.gov/licensing/country-guidance/common-high-priority-items-list-chpl>.
/// The codes are HS6, so a selector built from them reaches every good
/// under each subheading, listed or not.
///
/// # Example
///
/// ```
/// use tradedep::controls::{HighPriorityList, PriorityTier};
///
/// let chpl = HighPriorityList::common_2024()?;
/// assert_eq!(chpl.items().len(), 50);
/// assert_eq!(chpl.tier(PriorityTier::T1).to_string(), "854231, 854232, 854233, 854239");
/// assert!(chpl.selector().matches("848210".parse()?)); // ball bearings, tier 3.B
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighPriorityList {
    items: Vec<(PriorityTier, HsCode)>,
}

impl HighPriorityList {
    /// The list of 23 February 2024.
    ///
    /// # Errors
    ///
    /// None in practice: the embedded list is checked by the crate's
    /// tests.
    pub fn common_2024() -> Result<HighPriorityList> {
        let mut items = Vec::new();
        for line in CHPL_2024.lines() {
            let (tier, code) = line.split_once(',').unwrap_or((line, ""));
            let tier = PriorityTier::parse(tier).ok_or_else(|| {
                crate::error::Error::new(crate::error::ErrorKind::Enum {
                    what: "priority tier",
                    input: tier.to_owned(),
                    expected: "1, 2, 3.A, 3.B, 4.A, 4.B",
                })
            })?;
            items.push((tier, code.parse::<HsCode>()?));
        }
        Ok(HighPriorityList { items })
    }

    /// Every item: its tier and HS6 code, by tier then code.
    #[must_use]
    pub fn items(&self) -> &[(PriorityTier, HsCode)] {
        &self.items
    }

    /// Every code of the list.
    #[must_use]
    pub fn selector(&self) -> ProductSelector {
        self.items.iter().map(|(_, c)| *c).collect()
    }

    /// The codes of one tier.
    #[must_use]
    pub fn tier(&self, tier: PriorityTier) -> ProductSelector {
        self.items
            .iter()
            .filter(|(t, _)| *t == tier)
            .map(|(_, c)| *c)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_hold_the_published_counts() {
        // BIS, February 2024: 4, 5, 16, 9, 11 and 5 codes, 50 in all, each
        // once.
        let chpl = HighPriorityList::common_2024().unwrap();
        let count = |t| chpl.tier(t).included().count();
        assert_eq!(
            [
                PriorityTier::T1,
                PriorityTier::T2,
                PriorityTier::T3A,
                PriorityTier::T3B,
                PriorityTier::T4A,
                PriorityTier::T4B
            ]
            .map(count),
            [4, 5, 16, 9, 11, 5]
        );
        assert_eq!(chpl.selector().included().count(), 50);
        assert_eq!(
            chpl.tier(PriorityTier::T4B).to_string(),
            "845710, 845811, 845891, 845961, 846693"
        );
        assert_eq!(PriorityTier::T3A.to_string(), "3.A");
    }
}
