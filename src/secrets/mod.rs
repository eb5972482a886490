//! Secret values that stay out of logs and are wiped from memory when dropped.

use std::fmt;

use zeroize::Zeroizing;

/// Bytes of a key or token, such as a Signature Secret Key.
///
/// `Debug` prints a fixed mask and the length is the only thing the type reveals, so a secret
/// that ends up in a log line or an error by mistake shows nothing. The buffer is zeroed on drop.
#[derive(Clone)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// Returns the secret itself; every call site is a place where the value leaves this type.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for SecretBytes {
    fn from(value: &str) -> Self {
        Self::new(value.as_bytes().to_vec())
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("SecretBytes(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::SecretBytes;

    #[test]
    fn debug_hides_the_value() {
        let secret = SecretBytes::from("hunter2-signature-key");
        let shown = format!("{secret:?}");
        assert_eq!(shown, "SecretBytes(***)");
        assert!(!shown.contains("hunter2"));
    }

    #[test]
    fn expose_returns_the_bytes() {
        let secret = SecretBytes::from("abc");
        assert_eq!(secret.expose(), b"abc");
        assert_eq!(secret.len(), 3);
        assert!(!secret.is_empty());
    }
}
