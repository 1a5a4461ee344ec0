//! The hash of the word tables' perfect hashing (`word_tables`), shared
//! with build.rs, which builds the tables with it: the two must agree on
//! every word, on every platform, so it is XXH3 (a specified, portable
//! hash). It replaced phf's SipHash, which cost a look-up three times the
//! instructions for no use here: the words are fixed when mtlint is built.

/// phf's three hash values for a word, and a 16-bit fingerprint from the
/// hash's remaining bits: a slot whose fingerprint differs holds another
/// word, which then need not be read.
#[derive(Debug, Clone, Copy)]
pub struct WordHashes {
    /// Picks the word's bucket of displacements.
    pub g: u32,
    pub f1: u32,
    pub f2: u32,
    pub fingerprint: u16,
}

pub fn word_hashes(word: &[u8], key: u64) -> WordHashes {
    let hash = xxhash_rust::xxh3::xxh3_128_with_seed(word, key);
    WordHashes {
        g: (hash >> 96) as u32,
        f1: (hash >> 64) as u32,
        f2: (hash >> 32) as u32,
        fingerprint: hash as u16,
    }
}

impl WordHashes {
    /// The word's slot in a table of `len` slots with these displacements
    /// (phf's `get_index`, which takes phf's own hash type).
    pub fn slot(&self, disps: &[(u32, u32)], len: usize) -> usize {
        let (d1, d2) = disps[(self.g % disps.len() as u32) as usize];
        (phf_shared::displace(self.f1, self.f2, d1, d2) % len as u32) as usize
    }
}
