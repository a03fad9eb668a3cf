//! Links from HS codes to categories, each *full* or *partial*: the
//! generic form of a correlation table, used by exposure shares.

use rust_decimal::Decimal;

use crate::error::{Error, ErrorKind, Result};
use crate::model::hs::{HsCode, HsLevel};

/// How firmly a product code is linked to a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Link {
    /// Every good under the code belongs to the category.
    Full,
    /// The code also covers goods outside the category.
    Partial,
}

/// One link of a classification: goods under `code` belong to `category`,
/// fully or partly, with an optional coverage weight (the part of the
/// code's trade the category covers, between 0 and 1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProductLink<C> {
    code: HsCode,
    category: C,
    link: Link,
    #[cfg_attr(
        feature = "serde",
        serde(with = "crate::model::serde_decimal::exact_option")
    )]
    weight: Option<Decimal>,
}

impl<C> ProductLink<C> {
    /// The HS code (any level: a heading links every subheading in it).
    pub fn code(&self) -> HsCode {
        self.code
    }

    /// The category.
    pub fn category(&self) -> &C {
        &self.category
    }

    /// Full or partial.
    pub fn link(&self) -> Link {
        self.link
    }

    /// The coverage weight: 1 for a full link, the given weight or `None`
    /// for a partial one.
    pub fn weight(&self) -> Option<Decimal> {
        match self.link {
            Link::Full => Some(Decimal::ONE),
            Link::Partial => self.weight,
        }
    }
}

/// A classification of products into categories by links from HS codes,
/// each *full* or *partial*: the generic form of a correlation table
/// between customs codes and, say, dual-use control entries.
///
/// `C` is the category type: a control category, a list entry, a
/// string.
///
/// # Example
///
/// ```
/// use tradedep::metrics::{Link, ProductLinks};
///
/// let mut links = ProductLinks::new();
/// links.add("2805".parse()?, "1C", Link::Full);
/// links.add_weighted("854110".parse()?, "3A", "0.25".parse()?)?;
/// let found: Vec<_> = links.links_of("280530".parse()?).map(|l| *l.category()).collect();
/// assert_eq!(found, ["1C"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ProductLinks<C> {
    /// Sorted by code's padded digits then level.
    links: Vec<ProductLink<C>>,
}

impl<C> Default for ProductLinks<C> {
    fn default() -> Self {
        ProductLinks { links: Vec::new() }
    }
}

impl<C> ProductLinks<C> {
    /// No links.
    #[must_use]
    pub fn new() -> ProductLinks<C> {
        ProductLinks::default()
    }

    fn insert(&mut self, link: ProductLink<C>) {
        let k = link_key(link.code);
        let at = self.links.partition_point(|l| link_key(l.code) <= k);
        self.links.insert(at, link);
    }

    /// Links `code` to `category`.
    pub fn add(&mut self, code: HsCode, category: C, link: Link) {
        self.insert(ProductLink {
            code: code.without_edition(),
            category,
            link,
            weight: None,
        });
    }

    /// Links `code` to `category` partially, covering `weight` of its
    /// trade.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parameter`] when `weight` is not between 0 and 1.
    pub fn add_weighted(&mut self, code: HsCode, category: C, weight: Decimal) -> Result<()> {
        check_weight(weight)?;
        self.insert(ProductLink {
            code: code.without_edition(),
            category,
            link: Link::Partial,
            weight: Some(weight),
        });
        Ok(())
    }

    /// Every link.
    #[must_use]
    pub fn links(&self) -> &[ProductLink<C>] {
        &self.links
    }

    /// The number of links.
    #[must_use]
    pub fn len(&self) -> usize {
        self.links.len()
    }

    /// True when there is no link.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// The links whose code contains `product` (the code itself, its
    /// heading and its chapter).
    pub fn links_of(&self, product: HsCode) -> impl Iterator<Item = &ProductLink<C>> + '_ {
        let product = product.without_edition();
        [HsLevel::Chapter, HsLevel::Heading, HsLevel::Subheading]
            .into_iter()
            .filter(move |l| *l <= product.level())
            .flat_map(move |l| {
                let k = link_key(product.truncate(l));
                let a = self.links.partition_point(|x| link_key(x.code) < k);
                let b = self.links.partition_point(|x| link_key(x.code) <= k);
                self.links.get(a..b).unwrap_or(&[]).iter()
            })
    }

    /// The links on codes strictly within `product` (for a heading, those
    /// on its subheadings; for a chapter, on its headings and
    /// subheadings): the goods a coarse product contains in part.
    pub fn links_within(&self, product: HsCode) -> impl Iterator<Item = &ProductLink<C>> + '_ {
        let product = product.without_edition();
        let (lo, hi) = product.padded_range();
        let a = self.links.partition_point(|x| x.code.padded_digits() < lo);
        let b = self.links.partition_point(|x| x.code.padded_digits() <= hi);
        self.links
            .get(a..b)
            .unwrap_or(&[])
            .iter()
            .filter(move |l| l.code.level() > product.level())
    }
}

/// Checks that a coverage weight is a share, 0 to 1.
pub(crate) fn check_weight(weight: Decimal) -> Result<()> {
    if weight < Decimal::ZERO || weight > Decimal::ONE {
        return Err(Error::new(ErrorKind::Parameter {
            name: "coverage weight",
            value: weight.to_string(),
            expected: "a weight is a share of the code's trade, between 0 and 1",
        }));
    }
    Ok(())
}

pub(crate) fn link_key(code: HsCode) -> (u32, u8) {
    (code.padded_digits(), code.level().digits())
}
