//! Serde through the text form, as `jiff` does: serialize with
//! `collect_str` (the `Display` form), deserialize with `visit_str` (the
//! `FromStr` form), so every format sees the same text a user would type.

/// Implements `Serialize` and `Deserialize` for a type through its
/// `Display` and `FromStr` implementations.
macro_rules! via_str {
    ($ty:ty, $expecting:literal) => {
        crate::model::serde_str::via_str!($ty, $expecting, str::parse);
    };
    ($ty:ty, $expecting:literal, $parse:path) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: serde::de::Error>(
                        self,
                        v: &str,
                    ) -> std::result::Result<$ty, E> {
                        $parse(v).map_err(E::custom)
                    }
                }
                d.deserialize_str(Visitor)
            }
        }
    };
}

pub(crate) use via_str;
