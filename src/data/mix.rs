//! The HS levels and frequencies of a set of flows: one trade described
//! at two levels of detail (a chapter and its subheadings, a year and its
//! months) is never summed.

use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::HsLevel;
use crate::model::period::Frequency;

const LEVELS: [HsLevel; 4] = [
    HsLevel::Total,
    HsLevel::Chapter,
    HsLevel::Heading,
    HsLevel::Subheading,
];
const FREQUENCIES: [Frequency; 3] = [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual];

fn level_bit(l: HsLevel) -> u8 {
    1 << (l.digits() / 2)
}

fn frequency_bit(f: Frequency) -> u8 {
    match f {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 2,
        Frequency::Annual => 4,
    }
}

/// The HS levels and frequencies of a set of flows, one bit each, to
/// refuse sums that would count one trade at two levels of detail.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mix {
    levels: u8,
    frequencies: u8,
}

impl Mix {
    /// Notes one flow's level and frequency.
    #[inline]
    pub(crate) fn note(&mut self, level: HsLevel, frequency: Frequency) {
        self.levels |= level_bit(level);
        self.frequencies |= frequency_bit(frequency);
    }

    /// The levels and frequencies of both sets of flows.
    pub(crate) fn merge(self, other: Mix) -> Mix {
        Mix {
            levels: self.levels | other.levels,
            frequencies: self.frequencies | other.frequencies,
        }
    }

    /// The HS levels noted, coarsest first.
    pub(crate) fn levels(self) -> Vec<HsLevel> {
        LEVELS
            .into_iter()
            .filter(|l| self.levels & level_bit(*l) != 0)
            .collect()
    }

    /// The frequencies noted, shortest first.
    pub(crate) fn frequencies(self) -> Vec<Frequency> {
        FREQUENCIES
            .into_iter()
            .filter(|f| self.frequencies & frequency_bit(*f) != 0)
            .collect()
    }

    /// The same, forgetting frequencies (`keep_frequencies` false) or
    /// levels (`keep_levels` false): what a query that picked one need
    /// not check.
    pub(crate) fn only(self, keep_levels: bool, keep_frequencies: bool) -> Mix {
        Mix {
            levels: if keep_levels { self.levels } else { 0 },
            frequencies: if keep_frequencies {
                self.frequencies
            } else {
                0
            },
        }
    }

    /// True when flows of more than one level or frequency were noted.
    pub(crate) fn is_mixed(self) -> bool {
        self.levels.count_ones() > 1 || self.frequencies.count_ones() > 1
    }

    /// [`ErrorKind::Overlap`] when the flows are at two frequencies or two
    /// HS levels, with the fix to suggest for each.
    pub(crate) fn check(self, fix_frequency: &'static str, fix_level: &'static str) -> Result<()> {
        if let Some((first, second)) = first_two(self.frequencies, &FREQUENCIES, frequency_bit) {
            return Err(Error::new(ErrorKind::Overlap {
                what: "frequencies",
                first,
                second,
                fix: fix_frequency,
            }));
        }
        if let Some((first, second)) = first_two(self.levels, &LEVELS, level_bit) {
            return Err(Error::new(ErrorKind::Overlap {
                what: "HS levels",
                first,
                second,
                fix: fix_level,
            }));
        }
        Ok(())
    }
}

/// The names of the first two set bits of `mask`, from `all`.
fn first_two<T: Copy + std::fmt::Display>(
    mask: u8,
    all: &[T],
    bit: impl Fn(T) -> u8,
) -> Option<(String, String)> {
    let mut it = all.iter().filter(|x| mask & bit(**x) != 0);
    Some((it.next()?.to_string(), it.next()?.to_string()))
}
