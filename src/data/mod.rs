//! Trade data: the store, its queries, and readers and writers of trade
//! files.

pub(crate) mod builder;
pub(crate) mod convert;
pub(crate) mod editions;
pub(crate) mod lines;
pub(crate) mod mix;
pub(crate) mod num;
#[cfg(feature = "parquet")]
pub(crate) mod parquet_write;
pub(crate) mod query;
pub(crate) mod read;
pub(crate) mod row;
pub(crate) mod store;
pub(crate) mod write;
