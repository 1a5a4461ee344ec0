//! The hash of the word tables' perfect hashing (`word_tables`), shared
//! with build.rs, which builds the tables with it: the two must agree on
//! every word, on every platform, so it is XXH3 (a specified, portable
//! hash). It replaced phf's SipHash, which cost a look-up three times the
//! instructions for no use here: the words are fixed when mtlint is built.

/// The 64 bits phf's PtrHash places a word by, and a 16-bit fingerprint:
/// a slot whose fingerprint differs holds another word, which then need
/// not be read. The fingerprint is the hash's lowest bits, which place a
/// word least (PtrHash picks the bucket by the top bits of the low half
/// and the slot from the high half).
#[derive(Debug, Clone, Copy)]
pub struct WordHash {
    pub hash: u64,
    pub fingerprint: u16,
}

pub fn word_hash(word: &[u8], seed: u64) -> WordHash {
    let hash = xxhash_rust::xxh3::xxh3_64_with_seed(word, seed);
    WordHash {
        hash,
        fingerprint: hash as u16,
    }
}
