//! Finds the names one letter away from a word without comparing it with
//! every name: each name is stored with every spelling that drops one of
//! its letters, and a word is looked up with every spelling that drops one
//! of its own (two words one letter apart share such a spelling).

use rustc_hash::FxHashMap;

/// How a word differs from the name it is near.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The word has a letter the name has not («مايتا» / «ميتا»).
    Inserted,
    /// The word lacks a letter of the name.
    Dropped,
    /// One letter replaced, or two neighbours swapped.
    Replaced,
}

#[derive(Debug, Default)]
pub struct DeletionIndex {
    /// Spelling → the names spelt so.
    whole: FxHashMap<String, Vec<usize>>,
    /// A spelling with one letter dropped → the names it comes from, with
    /// the position dropped.
    dropped: FxHashMap<String, Vec<(usize, usize)>>,
}

/// The word with each of its letters dropped in turn, with the position
/// (in letters) of the one dropped, written in turn into one buffer: a
/// lookup runs for every rare word of every article, and needs no string
/// of its own.
fn for_each_deletion(word: &str, buffer: &mut String, mut visit: impl FnMut(usize, &str)) {
    for (k, (i, c)) in word.char_indices().enumerate() {
        buffer.clear();
        buffer.push_str(&word[..i]);
        buffer.push_str(&word[i + c.len_utf8()..]);
        visit(k, buffer);
    }
}

impl DeletionIndex {
    pub fn add(&mut self, spelling: &str, name: usize) {
        self.whole.entry(spelling.to_string()).or_default().push(name);
        let mut buffer = String::with_capacity(spelling.len());
        for_each_deletion(spelling, &mut buffer, |at, d| {
            let names = self.dropped.entry(d.to_string()).or_default();
            if !names.contains(&(name, at)) {
                names.push((name, at));
            }
        });
    }

    /// The names one letter away from `word`, insertions first. Two
    /// spellings that share a deletion are one letter apart only when the
    /// letters dropped stand at the same place or side by side (a letter
    /// replaced, or two swapped); «ابروكس» and «بروكسل» share «بروكس» but
    /// are a letter moved from one end to the other.
    pub fn near(&self, word: &str) -> Vec<(usize, Edit)> {
        let mut found: Vec<(usize, Edit)> = Vec::new();
        let mut push = |n: usize, edit: Edit| {
            if !found.iter().any(|&(m, _)| m == n) {
                found.push((n, edit));
            }
        };
        let mut buffer = String::with_capacity(word.len());
        for_each_deletion(word, &mut buffer, |_, d| {
            for &n in self.whole.get(d).into_iter().flatten() {
                push(n, Edit::Inserted);
            }
        });
        for &(n, _) in self.dropped.get(word).into_iter().flatten() {
            push(n, Edit::Dropped);
        }
        for_each_deletion(word, &mut buffer, |mine, d| {
            for &(n, theirs) in self.dropped.get(d).into_iter().flatten() {
                if mine.abs_diff(theirs) <= 1 {
                    push(n, Edit::Replaced);
                }
            }
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_inserted_dropped_or_replaced() {
        let mut index = DeletionIndex::default();
        index.add("ميتا", 0);
        index.add("انفيديا", 1);
        index.add("تايوان", 2);
        assert_eq!(index.near("مايتا"), [(0, Edit::Inserted)]);
        assert_eq!(index.near("تايواون"), [(2, Edit::Inserted)]);
        assert_eq!(index.near("تايون"), [(2, Edit::Dropped)]);
        assert_eq!(index.near("نيفيديا"), [(1, Edit::Replaced)]);
        assert!(index.near("برودكوم").is_empty());
        index.add("بروكسل", 3);
        assert!(index.near("ابروكس").is_empty(), "a letter moved end to end");
    }
}
