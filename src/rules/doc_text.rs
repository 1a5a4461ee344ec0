//! Text a rule file holds for people (an explanation, an example), which
//! most runs never read. A bundled pack stores it as bytes, so start-up
//! does not check the UTF-8 of 90 KB that only `explain`, `test` and the
//! SARIF and HTML reports read: it is checked when read. `build.rs`
//! compiles this file too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A string, shared: a rule's metadata holds its pack's text without a
/// copy. Each read checks its UTF-8 again, so it is for text read rarely.
#[derive(Clone, PartialEq, Eq)]
pub struct DocText(Arc<[u8]>);

impl DocText {
    pub fn as_str(&self) -> &str {
        // Made from a `str` (TOML, or this type's own stored form).
        std::str::from_utf8(&self.0).expect("doc text is stored from a string")
    }
}

impl std::ops::Deref for DocText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for DocText {
    fn from(text: &str) -> Self {
        DocText(Arc::from(text.as_bytes()))
    }
}

impl From<String> for DocText {
    fn from(text: String) -> Self {
        DocText::from(text.as_str())
    }
}

impl fmt::Debug for DocText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// TOML writes a string; the binary form, bytes.
impl Serialize for DocText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.as_str())
        } else {
            serializer.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for DocText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return String::deserialize(deserializer).map(DocText::from);
        }
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = DocText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the bytes of a string")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<DocText, E> {
                Ok(DocText(Arc::from(bytes)))
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
        let text = DocText::from("«زنازين نائمة» are prison cells");
        let bytes = postcard::to_allocvec(&text).unwrap();
        assert_eq!(postcard::from_bytes::<DocText>(&bytes).unwrap(), text);
        #[derive(Deserialize)]
        struct Table {
            text: DocText,
        }
        let table: Table = toml::from_str("text = \"«نص»\"").unwrap();
        assert_eq!(table.text.as_str(), "«نص»");
        assert_eq!(format!("{:?}", table.text), format!("{:?}", "«نص»"));
    }
}
