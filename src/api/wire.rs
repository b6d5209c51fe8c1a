//! How the API's JSON is read where serde's derives need help: integer enums that keep the
//! values they do not know, and fields the API sends as one string or a list of them.

use serde::{Deserialize, Deserializer};

/// Declares an integer enum of the API that keeps values it does not know as `Other(n)`.
macro_rules! api_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:expr => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the library does not know.
            Other(i64),
        }

        impl $name {
            /// Every named value: the API's name (`"ON_SCENE"`) and its integer.
            pub const NAMES: &'static [(&'static str, i64)] = &[$(($text, $value)),+];

            /// The API's integer for this value.
            pub fn as_i64(self) -> i64 {
                match self {
                    $($name::$variant => $value,)+
                    $name::Other(n) => n,
                }
            }

            /// The value for the API's integer `n`.
            pub fn from_i64(n: i64) -> Self {
                match n {
                    $($value => $name::$variant,)+
                    n => $name::Other(n),
                }
            }
        }

        /// The API's name (`ON_SCENE`), or the integer of a value without one.
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match Self::NAMES.iter().find(|(_, n)| *n == self.as_i64()) {
                    Some((name, _)) => f.write_str(name),
                    None => write!(f, "{}", self.as_i64()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                i64::deserialize(d).map($name::from_i64)
            }
        }
    };
}
pub(crate) use api_enum;

/// One string or a list of them (`apiIds` is either, depending on the endpoint).
pub(crate) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
        None(()),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
        OneOrMany::None(()) => Vec::new(),
    })
}
