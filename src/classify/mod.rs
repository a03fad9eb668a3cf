//! Classifying products: selectors over HS codes.

pub(crate) mod selector;
