//! The council's own child identifiers, sealed. A pseudonymised extract keeps, beside each
//! pseudonym, the council's own identifier encrypted with a key derived from the installation's
//! secret key (XChaCha20-Poly1305, a fresh random nonce each), so the database alone does not
//! reveal it and a team manager can still find the child in the case system. Only roles
//! allowed child-level data are given it opened; pooled and exported data keep the pseudonym.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The sealing key: a keyed hash of a fixed label, so it is never the pseudonymisation key
/// itself.
fn cipher(secret: &[u8]) -> XChaCha20Poly1305 {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(b"sightline: sealing the council's own child identifiers");
    let key = mac.finalize().into_bytes();
    XChaCha20Poly1305::new(&key)
}

/// `id` sealed: hex of a 24-byte nonce and the ciphertext with its tag.
pub(crate) fn seal(secret: &[u8], id: &str) -> String {
    let mut nonce = [0u8; 24];
    // Without an OS random source there is no safe nonce; fail loudly rather than weakly.
    getrandom::fill(&mut nonce).expect("the operating system provides random bytes");
    let sealed = cipher(secret)
        .encrypt(XNonce::from_slice(&nonce), id.trim().as_bytes())
        .expect("sealing a short identifier cannot fail");
    let mut out = hex::encode(nonce);
    out.push_str(&hex::encode(&sealed));
    out
}

/// The identifier a [`seal`] holds, or `None` when it was sealed with another key or altered.
pub(crate) fn open(secret: &[u8], sealed: &str) -> Option<String> {
    let bytes: Vec<u8> = (0..sealed.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(sealed.get(i..i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    if bytes.len() < 24 + 16 {
        return None;
    }
    let (nonce, body) = bytes.split_at(24);
    let plain = cipher(secret)
        .decrypt(XNonce::from_slice(nonce), body)
        .ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_sealed_id_opens_with_its_key_only() {
        let s = seal(KEY, " 000123 ");
        assert!(!s.contains("000123"), "the id is not readable in {s}");
        assert_eq!(open(KEY, &s).as_deref(), Some("000123"));
        assert_eq!(open(b"another key, just as long, 32 by", &s), None);
    }

    #[test]
    fn the_same_id_seals_differently_each_time() {
        assert_ne!(seal(KEY, "42"), seal(KEY, "42"));
    }

    #[test]
    fn an_altered_or_malformed_seal_opens_to_nothing() {
        let s = seal(KEY, "42");
        let mut altered = s.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        let altered = String::from_utf8(altered).expect("hex");
        for bad in [altered.as_str(), "", "zz", &s[..20], "é"] {
            assert_eq!(open(KEY, bad), None, "{bad}");
        }
    }
}
