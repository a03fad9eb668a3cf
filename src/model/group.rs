//! Groups of economies: blocs such as the EU27, or any a user defines.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::model::economy::{Economy, lookup_alpha3};

/// A named set of economies: a bloc such as the EU27, or any group a user
/// defines, for "extra-bloc" indicators.
///
/// # Example
///
/// ```
/// use tradedep::{Economy, EconomyGroup};
///
/// let eu = EconomyGroup::eu27();
/// assert_eq!(eu.len(), 27);
/// assert!(eu.contains("DEU".parse()?));
/// assert!(!eu.contains("GBR".parse()?));
///
/// let quad: EconomyGroup = EconomyGroup::new("Quad", ["AUS", "IND", "JPN", "USA"])?;
/// assert!(quad.contains(Economy::from_trade_code(699)?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EconomyGroup {
    name: String,
    members: BTreeSet<Economy>,
}

/// The 27 member states of the European Union from 1 February 2020, the
/// day after the United Kingdom's withdrawal (Withdrawal Agreement, OJ L 29,
/// 31.1.2020).
const EU27: [&str; 27] = [
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
];

impl EconomyGroup {
    /// Makes a group from a name and members given as codes (any form
    /// [`Economy`]'s `FromStr` accepts) or as economies.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Economy`](crate::ErrorKind::Economy) for the first code that is not an economy.
    pub fn new<I, T>(name: impl Into<String>, members: I) -> Result<EconomyGroup>
    where
        I: IntoIterator<Item = T>,
        T: TryInto<Economy>,
        T::Error: Into<Error>,
    {
        let members = members
            .into_iter()
            .map(|m| m.try_into().map_err(Into::into))
            .collect::<Result<BTreeSet<Economy>>>()?;
        Ok(EconomyGroup {
            name: name.into(),
            members,
        })
    }

    /// A group of economies known to be valid.
    pub(crate) fn from_members(
        name: impl Into<String>,
        members: impl IntoIterator<Item = Economy>,
    ) -> EconomyGroup {
        EconomyGroup {
            name: name.into(),
            members: members.into_iter().collect(),
        }
    }

    /// The European Union of 28 member states, from Croatia's accession
    /// on 1 July 2013 to the United Kingdom's withdrawal on 31 January
    /// 2020 (its last day as a member); [`Preset::Eu`](crate::Preset::Eu)
    /// gives any other day.
    #[must_use]
    pub fn eu28() -> EconomyGroup {
        let mut g = EconomyGroup::eu27();
        "EU28".clone_into(&mut g.name);
        g.members.extend(lookup_alpha3("GBR"));
        g
    }

    /// The European Union of 27 member states, membership as of
    /// 1 February 2020 (after the United Kingdom left).
    #[must_use]
    pub fn eu27() -> EconomyGroup {
        EconomyGroup {
            name: "EU27".to_owned(),
            members: EU27.iter().filter_map(|c| lookup_alpha3(c)).collect(),
        }
    }

    /// The group's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Is `economy` a member?
    #[must_use]
    pub fn contains(&self, economy: Economy) -> bool {
        self.members.contains(&economy)
    }

    /// Adds a member; returns false if it was already one.
    pub fn insert(&mut self, economy: Economy) -> bool {
        self.members.insert(economy)
    }

    /// Removes a member; returns false if it was not one.
    pub fn remove(&mut self, economy: Economy) -> bool {
        self.members.remove(&economy)
    }

    /// The members in alpha-3 order.
    pub fn iter(&self) -> impl Iterator<Item = Economy> + '_ {
        self.members.iter().copied()
    }

    /// The number of members.
    #[must_use]
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when the group has no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu27_membership() {
        let eu = EconomyGroup::eu27();
        assert_eq!(eu.len(), 27);
        for c in ["FRA", "DEU", "HRV", "IRL"] {
            assert!(eu.contains(c.parse().unwrap()));
        }
        // The United Kingdom left on 31 January 2020.
        assert!(!eu.contains("GBR".parse().unwrap()));
        assert!(!eu.contains("CHE".parse().unwrap()));
    }

    #[test]
    fn user_groups() {
        let mut g = EconomyGroup::new("G", ["JPN", "KR", "156"]).unwrap();
        assert_eq!(
            g.iter().map(Economy::alpha3).collect::<Vec<_>>(),
            ["CHN", "JPN", "KOR"]
        );
        assert!(g.insert(Economy::from_alpha3("TWN").unwrap()));
        assert!(!g.insert(Economy::from_alpha3("TWN").unwrap()));
        assert!(g.remove(Economy::from_alpha3("JPN").unwrap()));
        assert_eq!(g.len(), 3);
        assert!(EconomyGroup::new("bad", ["JPN", "ZZZ"]).is_err());
    }
}
