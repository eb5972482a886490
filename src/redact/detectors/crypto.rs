//! `CRYPTO`: Bitcoin addresses, in `Base58Check` (`1...`, `3...`) or `SegWit` Bech32 (`bc1...`)
//! form, with a valid checksum.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::{base58check_valid, bech32_address_valid};

pub(super) const DETECTOR: Detector = Detector {
    entity: "CRYPTO",
    context_words: &["bitcoin", "btc", "wallet", "crypto"],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "crypto.base58check",
            regex: r"(?-u:\b)[13][1-9A-HJ-NP-Za-km-z]{25,34}(?-u:\b)",
            score: 0.9,
            requires_context: false,
            validate: validate_base58,
        },
        Pattern {
            rule: "crypto.bech32",
            regex: r"(?-u:\b)(?:bc1|tb1)[02-9ac-hj-np-z]{6,87}(?-u:\b)",
            score: 0.9,
            requires_context: false,
            validate: validate_bech32,
        },
    ],
};

fn validate_base58(text: &str, span: Span) -> Option<Span> {
    let address = text.get(span.start..span.end)?;
    (is_alphanumeric_token(text, span) && base58check_valid(address)).then_some(span)
}

fn validate_bech32(text: &str, span: Span) -> Option<Span> {
    let address = text.get(span.start..span.end)?;
    (is_alphanumeric_token(text, span) && bech32_address_valid(address)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn crypto_finds_valid_addresses() {
        for address in [
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ] {
            let text = format!("Refund to wallet {address} today");
            assert_eq!(found("CRYPTO", &text), [address], "{text}");
        }
    }

    #[test]
    fn crypto_rejects_bad_checksums() {
        assert!(found("CRYPTO", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3").is_empty());
        assert!(found("CRYPTO", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp").is_empty());
    }
}
