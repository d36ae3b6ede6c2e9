//! Text the report model holds in several places at once: a scenario's threat, asset
//! names, owners and level labels appear in its threats row, its register row, the
//! summary and the groups. At 20,000 scenarios, each a separate `String`, they were a
//! third of the model. A `Text` is a shared, immutable string: cloning it costs a
//! counter, and `build` makes one per distinct value (`Texts`), so "High" or a threat
//! from the library is held once however many rows print it. It reads, compares and
//! serialises exactly as the string it holds (the JSON is unchanged).

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A shared immutable string (see the module documentation).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, formatter)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, formatter)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(Arc::from(text))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Arc::from(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// One `Text` per distinct string, for a model being built: `get` gives the same shared
/// text for equal strings. The set holds the texts themselves, so it copies nothing.
#[derive(Default)]
pub struct Texts {
    known: HashSet<Text>,
}

impl Texts {
    pub fn get(&mut self, text: &str) -> Text {
        if let Some(known) = self.known.get(text) {
            return known.clone();
        }
        let shared = Text::from(text);
        self.known.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_share_one_text_and_serialise_as_plain_strings() {
        let mut texts = Texts::default();
        let first = texts.get("Very High");
        let second = texts.get(&String::from("Very High"));
        assert!(Arc::ptr_eq(&first.0, &second.0));
        assert!(!Arc::ptr_eq(&first.0, &texts.get("High").0));
        assert_eq!(first, "Very High");
        let json = serde_json::to_string(&vec![first.clone(), Text::default()]).unwrap();
        assert_eq!(json, r#"["Very High",""]"#);
        let back: Vec<Text> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec![first, Text::default()]);
        assert_eq!(["a", "b"].map(Text::from).join("; "), "a; b");
    }
}
