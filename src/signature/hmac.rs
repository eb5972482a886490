//! HMAC-SHA256 (RFC 2104) over SHA-256's compression function.
//!
//! The states after absorbing `key ^ ipad` and `key ^ opad` are computed once per key and kept
//! as two arrays of eight words. Each message then costs only its own blocks plus one outer
//! block, and the key material can be wiped when the key is dropped.

use sha2::compress256;
use sha2::digest::generic_array::GenericArray;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

pub const BLOCK_LENGTH: usize = 64;
pub const MAC_LENGTH: usize = 32;

/// SHA-256's initial hash value (FIPS 180-4, section 5.3.3).
const INITIAL_STATE: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

type Block = GenericArray<u8, sha2::digest::consts::U64>;

/// An HMAC-SHA256 key, held only as its two padded states.
pub struct HmacKey {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl Drop for HmacKey {
    fn drop(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

impl Clone for HmacKey {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner,
            outer: self.outer,
        }
    }
}

impl HmacKey {
    pub fn new(key: &[u8]) -> Self {
        let mut block = Zeroizing::new([0u8; BLOCK_LENGTH]);
        if key.len() > BLOCK_LENGTH {
            let mut digest = Sha256::digest(key);
            block[..MAC_LENGTH].copy_from_slice(&digest);
            digest.as_mut_slice().zeroize();
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        Self {
            inner: padded_state(&block, 0x36),
            outer: padded_state(&block, 0x5c),
        }
    }

    /// Computes the MAC of the concatenation of `parts`, so that callers can sign
    /// `timestamp.body` without building that string.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; MAC_LENGTH] {
        let mut hasher = Hasher::resume(self.inner);
        for part in parts {
            hasher.update(part);
        }
        let inner_digest = hasher.finish();
        let mut hasher = Hasher::resume(self.outer);
        hasher.update(&inner_digest);
        hasher.finish()
    }
}

fn padded_state(key_block: &[u8; BLOCK_LENGTH], pad: u8) -> [u32; 8] {
    let mut padded = Zeroizing::new([0u8; BLOCK_LENGTH]);
    for (target, byte) in padded.iter_mut().zip(key_block) {
        *target = byte ^ pad;
    }
    let mut state = INITIAL_STATE;
    compress256(
        &mut state,
        std::slice::from_ref(Block::from_slice(&padded[..])),
    );
    state
}

/// SHA-256 resumed from a state that has already absorbed exactly one block.
struct Hasher {
    state: [u32; 8],
    buffer: Block,
    buffered: usize,
    /// Bytes absorbed so far, including the pad block.
    length: u64,
}

impl Hasher {
    fn resume(state: [u32; 8]) -> Self {
        Self {
            state,
            buffer: Block::default(),
            buffered: 0,
            length: BLOCK_LENGTH as u64,
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if self.buffered > 0 {
            let take = (BLOCK_LENGTH - self.buffered).min(data.len());
            self.buffer[self.buffered..self.buffered + take].copy_from_slice(&data[..take]);
            self.buffered += take;
            data = &data[take..];
            if self.buffered < BLOCK_LENGTH {
                return;
            }
            compress256(&mut self.state, std::slice::from_ref(&self.buffer));
            self.buffered = 0;
        }
        let whole = data.len() / BLOCK_LENGTH * BLOCK_LENGTH;
        let (blocks, rest) = data.split_at(whole);
        compress256(&mut self.state, as_blocks(blocks));
        self.buffer[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    fn finish(mut self) -> [u8; MAC_LENGTH] {
        let bit_length = self.length.wrapping_mul(8);
        self.buffer[self.buffered] = 0x80;
        self.buffer[self.buffered + 1..].fill(0);
        if self.buffered + 1 > BLOCK_LENGTH - 8 {
            compress256(&mut self.state, std::slice::from_ref(&self.buffer));
            self.buffer.fill(0);
        }
        self.buffer[BLOCK_LENGTH - 8..].copy_from_slice(&bit_length.to_be_bytes());
        compress256(&mut self.state, std::slice::from_ref(&self.buffer));

        let mut digest = [0u8; MAC_LENGTH];
        for (chunk, word) in digest.chunks_exact_mut(4).zip(self.state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        digest
    }
}

/// Views whole 64-byte blocks of `bytes` as the block type `compress256` takes, without a copy.
#[allow(unsafe_code)]
fn as_blocks(bytes: &[u8]) -> &[Block] {
    debug_assert_eq!(bytes.len() % BLOCK_LENGTH, 0);
    // SAFETY: `GenericArray<u8, U64>` has the layout of `[u8; 64]` (size 64, alignment 1), the
    // length is a whole number of blocks, and the returned slice borrows `bytes` immutably for
    // the same lifetime.
    unsafe {
        std::slice::from_raw_parts(bytes.as_ptr().cast::<Block>(), bytes.len() / BLOCK_LENGTH)
    }
}

#[cfg(test)]
mod tests {
    use hmac::{Hmac, Mac};

    use super::*;

    fn reference(key: &[u8], message: &[u8]) -> [u8; MAC_LENGTH] {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn matches_reference_for_every_length_around_block_edges() {
        let message: Vec<u8> = (0..300u16).map(|index| (index * 7 % 251) as u8).collect();
        for key_length in [0, 1, 32, 63, 64, 65, 131] {
            let key = vec![0xa5u8; key_length];
            let hmac_key = HmacKey::new(&key);
            for length in 0..message.len() {
                assert_eq!(
                    hmac_key.mac(&[&message[..length]]),
                    reference(&key, &message[..length]),
                    "key {key_length}, message {length}"
                );
            }
        }
    }

    #[test]
    fn parts_equal_concatenation() {
        let key = HmacKey::new(b"key");
        let body = vec![b'x'; 200];
        let joined = [b"1614265330.".as_slice(), &body].concat();
        for split in [0, 1, 11, 63, 64, 65, 150, joined.len()] {
            let (head, tail) = joined.split_at(split);
            assert_eq!(key.mac(&[head, tail]), key.mac(&[&joined]), "split {split}");
        }
    }

    #[test]
    fn large_message_matches_reference() {
        let message = vec![0x5au8; 1 << 20];
        assert_eq!(
            HmacKey::new(b"k").mac(&[&message]),
            reference(b"k", &message)
        );
    }
}
