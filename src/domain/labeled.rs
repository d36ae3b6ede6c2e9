//! A small macro for the many closed vocabularies of the domain (asset kinds, statuses,
//! roles...). Each value has a stable key, stored in the workspace and used in CSV/JSON,
//! and a label shown to people. One declaration gives both, the full list for pickers,
//! and serde that uses the key, so the three can never drift apart.

/// A closed vocabulary value with a stable key and a human label.
pub trait Labeled: Sized + Copy + 'static {
    /// Every value, in the order pickers show them.
    const ALL: &'static [Self];
    /// The stable key stored in files.
    fn key(self) -> &'static str;
    /// The label shown to people.
    fn label(self) -> &'static str;
    /// The value whose key is `key` (exact match).
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.key() == key)
    }
}

/// Declares an enum whose variants carry a stable key and a label.
#[macro_export]
macro_rules! labeled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => ($key:literal, $label:literal) ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value's (key, label), in order: the choices of a record field.
            pub const CHOICES: &'static [(&'static str, &'static str)] = &[ $( ($key, $label) ),+ ];
        }

        impl $crate::domain::Labeled for $name {
            const ALL: &'static [Self] = &[ $( $name::$variant ),+ ];
            fn key(self) -> &'static str { match self { $( $name::$variant => $key ),+ } }
            fn label(self) -> &'static str { match self { $( $name::$variant => $label ),+ } }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::domain::Labeled::label(*self))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::domain::Labeled::key(*self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let key = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                <$name as $crate::domain::Labeled>::from_key(&key).ok_or_else(|| {
                    let expected: Vec<&str> = <$name as $crate::domain::Labeled>::ALL
                        .iter().map(|v| $crate::domain::Labeled::key(*v)).collect();
                    serde::de::Error::custom(format!(
                        "unknown {} `{}` (expected one of: {})",
                        stringify!($name), key, expected.join(", ")
                    ))
                })
            }
        }
    };
}
