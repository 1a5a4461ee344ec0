//! Text a rule pack holds: an id, a message, a literal, an explanation, an
//! example. `build.rs` stores every string of the bundled packs once, in
//! one string compiled into the binary, and their parsed form names each
//! string by where it lies in it. So reading a bundled pack copies no text
//! and checks no UTF-8 (the compiler checked the string), and a rule made
//! from it keeps the stored text instead of a copy: copying, checking and
//! allocating the packs' strings was most of reading them at every
//! start-up. A pack read from disk holds its own text, shared among the
//! rules made from it. `build.rs` compiles this file too.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A string of a rule pack, cheap to clone: stored in the binary, or
/// shared.
#[derive(Clone)]
pub struct PackStr(Repr);

#[derive(Clone)]
enum Repr {
    Stored(&'static str),
    Shared(Arc<str>),
}

impl PackStr {
    /// Text the program holds for its whole run.
    pub const fn from_static(text: &'static str) -> PackStr {
        PackStr(Repr::Stored(text))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Stored(text) => text,
            Repr::Shared(text) => text,
        }
    }
}

impl std::ops::Deref for PackStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for PackStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for PackStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for PackStr {
    fn from(text: &str) -> Self {
        PackStr(Repr::Shared(Arc::from(text)))
    }
}

impl From<String> for PackStr {
    fn from(text: String) -> Self {
        PackStr(Repr::Shared(Arc::from(text)))
    }
}

impl Default for PackStr {
    fn default() -> Self {
        PackStr::from_static("")
    }
}

impl PartialEq for PackStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for PackStr {}

impl PartialEq<str> for PackStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for PackStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for PackStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PackStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for PackStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for PackStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// As a `str` is shown: width, fill and alignment apply.
impl fmt::Display for PackStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

thread_local! {
    /// The stored strings the binary form being read names.
    static READING: Cell<&'static str> = const { Cell::new("") };
    /// The strings the binary form being written names.
    static WRITING: RefCell<StringTable> = RefCell::new(StringTable::default());
}

/// Strings, each once, one after another.
#[derive(Default)]
struct StringTable {
    text: String,
    at: HashMap<String, (u32, u32)>,
}

impl StringTable {
    fn place(&mut self, text: &str) -> Option<(u32, u32)> {
        if let Some(&place) = self.at.get(text) {
            return Some(place);
        }
        let place = (u32::try_from(self.text.len()).ok()?, u32::try_from(text.len()).ok()?);
        self.text.push_str(text);
        self.at.insert(text.to_string(), place);
        Some(place)
    }
}

/// Runs `read` (which decodes a binary form) with `table` as the strings
/// it names.
pub fn reading_stored<R>(table: &'static str, read: impl FnOnce() -> R) -> R {
    let before = READING.with(|reading| reading.replace(table));
    let result = read();
    READING.with(|reading| reading.set(before));
    result
}

/// The strings every binary form written on this thread names, so far.
pub fn written_strings() -> String {
    WRITING.with(|table| table.borrow().text.clone())
}

/// The binary form of a stored string: where it lies in the table.
fn write_stored<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let place = WRITING.with(|table| table.borrow_mut().place(text));
    place
        .ok_or_else(|| serde::ser::Error::custom("the stored strings take more than 4 GiB"))?
        .serialize(serializer)
}

fn read_stored<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    let (start, len) = <(u32, u32)>::deserialize(deserializer)?;
    let (start, len) = (start as usize, len as usize);
    READING
        .with(Cell::get)
        .get(start..start + len)
        .ok_or_else(|| serde::de::Error::custom("a stored string lies outside the stored strings"))
}

/// TOML writes a string; the binary form, where it lies in the table.
impl Serialize for PackStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(self.as_str())
        } else {
            write_stored(self.as_str(), serializer)
        }
    }
}

impl<'de> Deserialize<'de> for PackStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            String::deserialize(deserializer).map(PackStr::from)
        } else {
            read_stored(deserializer).map(PackStr::from_static)
        }
    }
}

/// A string among the stored ones, for a type only the binary form holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredStr(pub &'static str);

impl Serialize for StoredStr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write_stored(self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for StoredStr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_stored(deserializer).map(StoredStr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize, Serialize)]
    struct Table {
        text: PackStr,
        other: PackStr,
        again: PackStr,
    }

    #[test]
    fn the_binary_form_names_each_string_once_and_reads_back() {
        let table = Table {
            text: PackStr::from("«زنازين نائمة» are prison cells"),
            other: PackStr::from_static("خلايا نائمة"),
            again: PackStr::from("«زنازين نائمة» are prison cells"),
        };
        let bytes = postcard::to_allocvec(&table).unwrap();
        let strings: &'static str = Box::leak(written_strings().into_boxed_str());
        assert!(strings.contains("خلايا نائمة"));
        assert_eq!(strings.matches("prison cells").count(), 1);
        let read: Table = reading_stored(strings, || postcard::from_bytes(&bytes)).unwrap();
        assert_eq!(read, table);
        assert!(
            matches!(read.text.0, Repr::Stored(_)),
            "read from the table, not copied"
        );
    }

    #[test]
    fn a_place_outside_the_table_is_an_error_not_a_panic() {
        let bytes = postcard::to_allocvec(&(3u32, 40u32)).unwrap();
        let read = reading_stored("short", || postcard::from_bytes::<PackStr>(&bytes));
        assert!(read.is_err());
        // Not on a character boundary.
        let bytes = postcard::to_allocvec(&(0u32, 1u32)).unwrap();
        assert!(reading_stored("نص", || postcard::from_bytes::<PackStr>(&bytes)).is_err());
    }

    #[test]
    fn it_is_shown_as_its_str_is() {
        let id = PackStr::from_static("bidi-control");
        assert_eq!(format!("[{id:14}]"), "[bidi-control  ]");
        assert_eq!(format!("[{:>14}]", PackStr::from("نص")), format!("[{:>14}]", "نص"));
        assert_eq!(format!("{id:?}"), format!("{:?}", "bidi-control"));
    }

    #[test]
    fn toml_reads_and_writes_a_string() {
        let table: Table = toml::from_str("text = \"«نص»\"\nother = \"a\"\nagain = \"b\"").unwrap();
        assert_eq!(table.text.as_str(), "«نص»");
        assert_eq!(format!("{:?}", table.text), format!("{:?}", "«نص»"));
        assert!(toml::to_string(&table).unwrap().contains("text = \"«نص»\""));
    }
}
