//! Content hashes, as lower-case hex: paragraph and file digests in
//! sidecars, keys of drafts and fallback sidecars.

use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest (the `hex` crate: a `format!` per byte cost
/// doctor a twentieth of its time, in the paragraph hashes of placing).
pub fn hex(digest: &[u8]) -> String {
    hex::encode(digest)
}

#[cfg(test)]
mod tests {
    /// The FIPS 180-2 test vector, lower-case.
    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(super::hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
