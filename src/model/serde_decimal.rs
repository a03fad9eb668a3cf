//! Decimals through their exact text, both ways: what the crate's own
//! formats write reads back to the last digit, and a value that a
//! `Decimal` cannot hold exactly is refused, never rounded.
//!
//! `rust_decimal::serde::str` reads through `Decimal::from_str`, which
//! rounds (`"12345678901234567890123456789.5"` became `...790`, and
//! `"0.00000000000000000000000000001"` became 0); these read through the
//! crate's exact parser.

use rust_decimal::Decimal;

/// `#[serde(with = "crate::model::serde_decimal::exact")]` for a
/// `Decimal` field.
pub(crate) mod exact {
    use super::Decimal;

    pub(crate) fn serialize<S: serde::Serializer>(
        d: &Decimal,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Decimal, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Decimal;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an exact decimal as text, such as \"20.945\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Decimal, E> {
                crate::model::decimal_text::parse_decimal(v).map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// `#[serde(with = "crate::model::serde_decimal::exact_option")]` for an
/// `Option<Decimal>` field.
pub(crate) mod exact_option {
    use super::Decimal;

    #[allow(clippy::ref_option)] // the signature serde's `with` calls
    pub(crate) fn serialize<S: serde::Serializer>(
        d: &Option<Decimal>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<Option<Decimal>, D::Error> {
        #[derive(serde::Deserialize)]
        struct Text(#[serde(with = "super::exact")] Decimal);
        let t: Option<Text> = serde::Deserialize::deserialize(d)?;
        Ok(t.map(|t| t.0))
    }
}

/// A decimal that serializes through its exact text.
#[derive(Clone, Copy)]
pub(crate) struct Exact(pub(crate) Decimal);

impl serde::Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        exact::serialize(&self.0, s)
    }
}

impl<'de> serde::Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        exact::deserialize(d).map(Exact)
    }
}

/// For a `BTreeMap<K, Decimal>` field: a map of exact texts.
pub(crate) mod exact_map {
    use std::collections::BTreeMap;

    use super::{Decimal, Exact};

    pub(crate) fn serialize<K: serde::Serialize, S: serde::Serializer>(
        m: &BTreeMap<K, Decimal>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, v)| (k, Exact(*v))))
    }

    pub(crate) fn deserialize<'de, K, D>(
        d: D,
    ) -> std::result::Result<BTreeMap<K, Decimal>, D::Error>
    where
        K: serde::Deserialize<'de> + Ord,
        D: serde::Deserializer<'de>,
    {
        let m: BTreeMap<K, Exact> = serde::Deserialize::deserialize(d)?;
        Ok(m.into_iter().map(|(k, v)| (k, v.0)).collect())
    }
}

/// For a `Vec<(K, [[Decimal; 3]; 2])>` field: rows of exact texts.
pub(crate) mod exact_rows {
    use super::{Decimal, Exact};

    /// Each key's three values in two cases.
    type Rows<K> = Vec<(K, [[Decimal; 3]; 2])>;

    pub(crate) fn serialize<K: serde::Serialize, S: serde::Serializer>(
        rows: &[(K, [[Decimal; 3]; 2])],
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(rows.iter().map(|(k, v)| (k, v.map(|c| c.map(Exact)))))
    }

    pub(crate) fn deserialize<'de, K, D>(d: D) -> std::result::Result<Rows<K>, D::Error>
    where
        K: serde::Deserialize<'de>,
        D: serde::Deserializer<'de>,
    {
        let rows: Vec<(K, [[Exact; 3]; 2])> = serde::Deserialize::deserialize(d)?;
        Ok(rows
            .into_iter()
            .map(|(k, v)| (k, v.map(|c| c.map(|e| e.0))))
            .collect())
    }
}
