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
    /// The [`letter_set`] of each spelling added.
    letter_sets: LetterSets,
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

/// The letters of a word as a set of bits: a bit for each letter of the
/// Arabic block (U+0621 to U+065F), one for every other character. Two
/// words one letter apart (one inserted, dropped or replaced, or two
/// neighbours swapped) each have at most one letter the other lacks, and
/// so, letters mapped to bits, at most one bit.
fn letter_set(word: &str) -> u64 {
    word.chars().fold(0, |set, c| {
        let bit = (c as u32).checked_sub(0x0621).filter(|&b| b < 63).unwrap_or(63);
        set | 1 << bit
    })
}

/// Whether words with these [`letter_set`]s may be one letter apart.
fn may_be_one_letter_apart(a: u64, b: u64) -> bool {
    (a & !b).count_ones() <= 1 && (b & !a).count_ones() <= 1
}

/// Letter sets, and for each letter which of them hold it, so a word's set
/// is compared with them all a letter at a time, 64 sets at once.
#[derive(Debug, Default)]
struct LetterSets {
    sets: Vec<u64>,
    /// For each 64 sets: for each bit of a letter set, which of the 64
    /// hold it.
    holders: Vec<[u64; 64]>,
}

impl LetterSets {
    fn insert(&mut self, set: u64) {
        if self.sets.contains(&set) {
            return;
        }
        let at = self.sets.len();
        self.sets.push(set);
        if at.is_multiple_of(64) {
            self.holders.push([0; 64]);
        }
        let holders = self.holders.last_mut().expect("pushed above");
        for (bit, holding) in holders.iter_mut().enumerate() {
            if set & 1 << bit != 0 {
                *holding |= 1 << (at % 64);
            }
        }
    }

    /// Whether any set may be one letter from `word` ([`may_be_one_letter_apart`]).
    fn any_near(&self, word: u64) -> bool {
        self.holders.iter().zip(self.sets.chunks(64)).any(|(holders, sets)| {
            let present = if sets.len() == 64 {
                u64::MAX
            } else {
                (1 << sets.len()) - 1
            };
            // The sets that lack one of the word's letters, and those that
            // lack two or more.
            let (mut lack_one, mut lack_two) = (0u64, 0u64);
            let mut letters = word;
            while letters != 0 {
                let lacking = !holders[letters.trailing_zeros() as usize];
                lack_two |= lack_one & lacking;
                lack_one |= lacking;
                letters &= letters - 1;
            }
            let mut candidates = present & !lack_two;
            while candidates != 0 {
                if may_be_one_letter_apart(word, sets[candidates.trailing_zeros() as usize]) {
                    return true;
                }
                candidates &= candidates - 1;
            }
            false
        })
    }
}

impl DeletionIndex {
    pub fn add(&mut self, spelling: &str, name: usize) {
        self.letter_sets.insert(letter_set(spelling));
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
        // Nearly every rare word of an article has letters no name has;
        // comparing letter sets lets it go without building and looking up
        // each of its deletions (4 % of the instructions of a run over news
        // articles, when it did).
        if !self.letter_sets.any_near(letter_set(word)) {
            return Vec::new();
        }
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

    /// Letter sets compared a letter at a time find what comparing each
    /// set finds, with more than 64 sets (two groups, the last one short).
    #[test]
    fn letter_sets_compared_by_letter_agree_with_each_set() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut random = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Sets of a few letters from a few bits, so that near ones are common.
        let random_set = |random: &mut dyn FnMut() -> u64| (0..5).fold(0u64, |s, _| s | 1 << (random() % 12));
        let mut sets = LetterSets::default();
        let mut every = Vec::new();
        for _ in 0..100 {
            let s = random_set(&mut random);
            sets.insert(s);
            if !every.contains(&s) {
                every.push(s);
            }
        }
        assert!(sets.sets.len() > 64, "{} sets", sets.sets.len());
        let (mut near, mut far) = (0, 0);
        for _ in 0..2000 {
            let word = random_set(&mut random);
            let expected = every.iter().any(|&s| may_be_one_letter_apart(word, s));
            assert_eq!(sets.any_near(word), expected, "{word:b}");
            if expected { near += 1 } else { far += 1 }
        }
        assert!(near > 100 && far > 100, "{near} near, {far} far");
    }

    /// The letter sets let through every word one letter from a name,
    /// whatever the letters (the set of the Arabic block, and the bit that
    /// all other characters share).
    #[test]
    fn letter_sets_let_through_every_word_one_letter_away() {
        let names = ["ميتا", "انفيديا", "تايوان", "اوبنايه", "abcde", "تيكتوك", "ڤولفو"];
        let mut index = DeletionIndex::default();
        for (i, name) in names.iter().enumerate() {
            index.add(name, i);
        }
        let letters = ["ا", "ي", "ت", "م", "x", "ڤ", "ة", "ء"];
        for (i, name) in names.iter().enumerate() {
            let chars: Vec<char> = name.chars().collect();
            let mut near: Vec<String> = Vec::new();
            for k in 0..=chars.len() {
                let (before, after) = (
                    chars[..k].iter().collect::<String>(),
                    chars[k..].iter().collect::<String>(),
                );
                for l in letters {
                    near.push(format!("{before}{l}{after}"));
                    if k < chars.len() {
                        let rest: String = chars[k + 1..].iter().collect();
                        near.push(format!("{before}{l}{rest}"));
                    }
                }
                if k < chars.len() {
                    near.push(format!("{before}{}", chars[k + 1..].iter().collect::<String>()));
                }
                if k + 1 < chars.len() {
                    let mut swapped = chars.clone();
                    swapped.swap(k, k + 1);
                    near.push(swapped.iter().collect());
                }
            }
            for word in near.iter().filter(|w| w.as_str() != *name) {
                assert!(
                    index.letter_sets.any_near(letter_set(word)),
                    "{word} is a letter from {name}"
                );
                assert!(
                    index.near(word).iter().any(|&(n, _)| n == i),
                    "{word} is a letter from {name}"
                );
            }
        }
        // Words with two or more letters no name has.
        assert!(!index.letter_sets.any_near(letter_set("ميتاخظ")));
        assert!(index.near("ميتاخظ").is_empty());
        assert!(index.near("زوين").is_empty());
    }
}
