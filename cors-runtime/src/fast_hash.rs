//! A fast hasher for the tables a request looks keys up in.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The hashing of the tables looked up per request (origins, hosts,
/// route names): a word at a time through a folded multiply (the mix of
/// foldhash and wyhash), several times faster than SipHash on strings of
/// the length of an origin, and every input bit reaches every output bit.
/// Every key comes from a policy or from the app's own resource names,
/// never from a request, so no request can lengthen a probe sequence (the
/// attack SipHash's random keys prevent).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        const SEED: u64 = 0x9e37_79b9_7f4a_7c15;
        let product = u128::from(self.hash ^ word) * u128::from(SEED);
        self.hash = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buffer = [0; 8];
            buffer.copy_from_slice(word);
            self.add(u64::from_le_bytes(buffer));
        }
        // The last bytes shifted into one word (a copy of a length known
        // only at run time would be a call to `memcpy`).
        let rest = words.remainder();
        let tail = rest
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte));
        self.add(tail ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A hash map hashed with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A hash set hashed with [`FastHasher`].
pub(crate) type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;
