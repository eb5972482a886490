//! `DE_TAX_ID`: German tax identification numbers (Steuer-IdNr) after a context word.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::iso7064_mod_11_10_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "DE_TAX_ID",
    context_words: &[
        "steuer-id",
        "steuerid",
        "steuer-idnr",
        "idnr",
        "steueridentifikationsnummer",
        "identifikationsnummer",
        "tax id",
    ],
    countries: &["DE"],
    patterns: &[Pattern {
        rule: "de_tax_id.checksum",
        regex: r"(?-u:\b)[1-9][0-9](?:[ ]?[0-9]{3}){3}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

/// Checks the digit pattern and the ISO 7064 MOD 11,10 check digit. Among the first ten digits
/// exactly one value repeats, two or three times, and the others appear once.
fn is_tax_id(digits: &str) -> bool {
    let Some(body) = digits.get(..10) else {
        return false;
    };
    let mut counts = [0u8; 10];
    for byte in body.bytes() {
        if let Some(count) = counts.get_mut(usize::from(byte.wrapping_sub(b'0'))) {
            *count += 1;
        }
    }
    let repeated = counts.iter().filter(|count| **count > 1).count();
    let most = counts.iter().copied().max().unwrap_or(0);
    digits.len() == 11
        && repeated == 1
        && (2..=3).contains(&most)
        && iso7064_mod_11_10_valid(digits)
}

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, is_tax_id)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn numbers(text: &str) -> Vec<&str> {
        found("DE_TAX_ID", text)
    }

    #[test]
    fn de_tax_id_finds_number_after_context() {
        assert_eq!(numbers("Steuer-ID 36 574 261 809"), ["36 574 261 809"]);
        assert_eq!(numbers("IdNr: 36574261809"), ["36574261809"]);
    }

    #[test]
    fn de_tax_id_rejects_bad_check_and_digit_pattern() {
        assert!(numbers("Steuer-ID 36574261808").is_empty());
        // Passes no digit-pattern rule: every digit appears once.
        assert!(numbers("Steuer-ID 12345678903").is_empty());
        assert!(numbers("Order 36574261809").is_empty());
    }
}
