//! Text a rule file holds for people (an explanation, an example), which
//! most runs never read. A bundled pack stores it as bytes, so start-up
//! does not check the UTF-8 of 90 KB that only `explain`, `test` and the
//! SARIF and HTML reports read: it is checked when read. `build.rs`
//! compiles this file too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A string, shared: a rule's metadata holds its pack's text without a
/// copy.
#[derive(Clone, PartialEq, Eq)]
pub struct Prose(Arc<[u8]>);

impl Prose {
    pub fn as_str(&self) -> &str {
        // Made from a `str` (TOML, or this type's own stored form).
        std::str::from_utf8(&self.0).expect("prose is stored from a string")
    }
}

impl std::ops::Deref for Prose {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Prose {
    fn from(text: &str) -> Self {
        Prose(Arc::from(text.as_bytes()))
    }
}

impl From<String> for Prose {
    fn from(text: String) -> Self {
        Prose::from(text.as_str())
    }
}

impl fmt::Debug for Prose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Prose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// TOML writes a string; the binary form, bytes.
impl Serialize for Prose {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.as_str())
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Prose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return String::deserialize(deserializer).map(Prose::from);
        }
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Prose;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the bytes of a string")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Prose, E> {
                Ok(Prose(Arc::from(bytes)))
            }
        }
        deserializer.deserialize_bytes(Bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_binary_form_reads_back_and_toml_reads_a_string() {
        let prose = Prose::from("«زنازين نائمة» are prison cells");
        let bytes = postcard::to_allocvec(&prose).unwrap();
        assert_eq!(postcard::from_bytes::<Prose>(&bytes).unwrap(), prose);
        #[derive(Deserialize)]
        struct Table {
            text: Prose,
        }
        let table: Table = toml::from_str("text = \"«نص»\"").unwrap();
        assert_eq!(table.text.as_str(), "«نص»");
        assert_eq!(format!("{:?}", table.text), format!("{:?}", "«نص»"));
    }
}
