//! A vector whose items are found by a key, through a hash table of their
//! indexes: each item is kept once, in the order it came, and the table
//! holds four bytes an item. The phrase registry, the word matcher's stems
//! and the rule ids are kept this way: a map from key to index held every
//! key a second time, in buckets of 25 to 48 bytes, and at start-up every
//! fresh page is a fault (docs/performance.md, twenty-fourth and
//! twenty-fifth stops).

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;
use std::hash::{BuildHasher, Hash};

/// What an item is found by.
pub trait Keyed {
    type Key: ?Sized + Hash + Eq;
    fn key(&self) -> &Self::Key;
}

/// A string is its own key.
impl Keyed for std::borrow::Cow<'static, str> {
    type Key = str;
    fn key(&self) -> &str {
        self
    }
}

#[derive(Debug)]
pub struct IndexedVec<T> {
    items: Vec<T>,
    /// Each item's index in `items`, found by the hash of its key.
    index: HashTable<u32>,
}

impl<T> Default for IndexedVec<T> {
    fn default() -> Self {
        IndexedVec {
            items: Vec::new(),
            index: HashTable::new(),
        }
    }
}

fn hash<K: ?Sized + Hash>(key: &K) -> u64 {
    FxBuildHasher.hash_one(key)
}

impl<T: Keyed> IndexedVec<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        IndexedVec {
            items: Vec::with_capacity(capacity),
            index: HashTable::with_capacity(capacity),
        }
    }

    /// Room for `additional` more items, in the vector and the table.
    pub fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
        let items = &self.items;
        self.index.reserve(additional, |&i| hash(items[i as usize].key()));
    }

    /// The index of the item whose key is `key`.
    pub fn find(&self, key: &T::Key) -> Option<u32> {
        self.index
            .find(hash(key), |&i| self.items[i as usize].key() == key)
            .copied()
    }

    /// The index of the item with `item`'s key, and whether `item` was
    /// added for it (false: one was there, and `item` is dropped).
    pub fn find_or_push(&mut self, item: T) -> (u32, bool) {
        let IndexedVec { items, index } = self;
        let entry = index.entry(
            hash(item.key()),
            |&i| items[i as usize].key() == item.key(),
            |&i| hash(items[i as usize].key()),
        );
        match entry {
            Entry::Occupied(found) => (*found.get(), false),
            Entry::Vacant(room) => {
                let i = u32::try_from(items.len()).expect("fewer than 2^32 items");
                room.insert(i);
                items.push(item);
                (i, true)
            }
        }
    }

    pub fn into_items(self) -> Vec<T> {
        self.items
    }
}

impl<T> std::ops::Deref for IndexedVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn an_item_is_kept_once_and_found_by_its_key() {
        let mut words: IndexedVec<Cow<'static, str>> = IndexedVec::default();
        words.reserve(2);
        assert_eq!(words.find_or_push(Cow::Borrowed("سجن")), (0, true));
        assert_eq!(words.find_or_push(Cow::Owned("هروب".to_string())), (1, true));
        assert_eq!(words.find_or_push(Cow::Owned("سجن".to_string())), (0, false));
        assert_eq!(words.len(), 2);
        assert_eq!(words.find("هروب"), Some(1));
        assert_eq!(words.find("فرار"), None);
        // Found again after the table grows past what was reserved.
        for i in 0..100 {
            words.find_or_push(Cow::Owned(format!("كلمة{i}")));
        }
        assert_eq!(words.find("سجن"), Some(0));
        assert_eq!(words.find("كلمة99"), Some(101));
        assert_eq!(words.into_items()[1], "هروب");
    }
}
