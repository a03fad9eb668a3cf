//! Control classes: a category and a group together (`1C`, special
//! materials), the level at which lists are usually summarised.

use std::fmt;
use std::str::FromStr;

use crate::classify::control::{ControlCategory, ControlEntry, ControlGroup};
use crate::error::{Error, ErrorKind, Result};

/// A control category and group together, such as `1C` (special
/// materials) or `3A` (electronic systems and components): the two first
/// characters of an entry.
///
/// # Example
///
/// ```
/// use tradedep::controls::{ControlClass, ControlEntry};
///
/// let e: ControlEntry = "cn:1C902.a.1".parse()?;
/// let class = ControlClass::of(&e);
/// assert_eq!(class.to_string(), "1C");
/// assert_eq!(class, "1c".parse()?);
/// assert_eq!(class.name(), "special materials and related equipment: materials");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ControlClass {
    category: ControlCategory,
    group: ControlGroup,
}

impl ControlClass {
    /// The class of `category` and `group`.
    #[must_use]
    pub fn new(category: ControlCategory, group: ControlGroup) -> ControlClass {
        ControlClass { category, group }
    }

    /// The class of an entry.
    #[must_use]
    pub fn of(entry: &ControlEntry) -> ControlClass {
        ControlClass::new(entry.category(), entry.group())
    }

    /// The category.
    #[must_use]
    pub fn category(self) -> ControlCategory {
        self.category
    }

    /// The group.
    #[must_use]
    pub fn group(self) -> ControlGroup {
        self.group
    }

    /// The category's name and the group's, as in "electronics: systems,
    /// equipment and components".
    #[must_use]
    pub fn name(self) -> String {
        format!("{}: {}", self.category.name(), self.group.name())
    }
}

impl fmt::Display for ControlClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{}{}", self.category, self.group))
    }
}

impl FromStr for ControlClass {
    type Err = Error;

    /// Reads a digit and a letter A to E (either case), such as `1C`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] for anything else.
    fn from_str(text: &str) -> Result<ControlClass> {
        let bad = || {
            Error::new(ErrorKind::Parameter {
                name: "control class",
                value: text.to_owned(),
                expected: "a category digit and a group letter A-E, such as 1C",
            })
        };
        match text.trim().as_bytes() {
            [d, g] => {
                let category: ControlCategory = std::str::from_utf8(&[*d])
                    .map_err(|_| bad())?
                    .parse()
                    .map_err(|_| bad())?;
                let group = ControlGroup::from_letter(*g).ok_or_else(bad)?;
                Ok(ControlClass::new(category, group))
            }
            _ => Err(bad()),
        }
    }
}

#[cfg(feature = "serde")]
crate::model::serde_str::via_str!(ControlClass, "a control class such as 1C");
