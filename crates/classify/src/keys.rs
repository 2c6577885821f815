//! 64-bit FNV-1a keys for text features, and a map that uses them as they are.
//!
//! The coders look up hundreds of n-grams, words and phrases per title. Hashing the pieces
//! of a feature where they lie, instead of building a string for each and hashing that again
//! with SipHash, is most of what makes coding fast. 64 bits make a collision among a few
//! hundred thousand features vanishingly unlikely; where a false match would matter (the
//! lexicon) the text is compared as well.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf29ce484222325;
const PRIME: u64 = 0x100000001b3;

/// An FNV-1a hash being fed.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(OFFSET)
    }
}

impl Fnv {
    pub fn byte(mut self, b: u8) -> Fnv {
        self.0 ^= b as u64;
        self.0 = self.0.wrapping_mul(PRIME);
        self
    }

    pub fn bytes(self, bs: &[u8]) -> Fnv {
        bs.iter().fold(self, |h, &b| h.byte(b))
    }

    pub fn str(self, s: &str) -> Fnv {
        self.bytes(s.as_bytes())
    }

    /// Feeds words with one space between them, as if they were joined.
    pub fn joined<'a>(self, words: impl IntoIterator<Item = &'a str>) -> Fnv {
        words.into_iter().enumerate().fold(self, |h, (i, w)| {
            if i > 0 { h.byte(b' ') } else { h }.str(w)
        })
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The key of a whole string.
pub fn key_of(s: &str) -> u64 {
    Fnv::default().str(s).finish()
}

/// Keys are already hashes: hashing them again for the map is wasted work.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hash_as_the_joined_string() {
        let joined = key_of("tukang las");
        let pieces = Fnv::default().str("tukang").byte(b' ').str("las").finish();
        assert_eq!(joined, pieces);
        assert_eq!(Fnv::default().joined(["tukang", "las"]).finish(), joined);
        assert_ne!(key_of("tukang las"), key_of("tukanglas"));
    }
}
