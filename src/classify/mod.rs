//! Classifying products: selectors over HS codes, export-control list
//! entries and the correlation tables that link them.

pub(crate) mod control;
pub(crate) mod control_class;
pub(crate) mod correlation;
mod correlation_io;
mod expr;
pub(crate) mod links;
pub(crate) mod selector;
