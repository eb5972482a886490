//! `IBAN_CODE`: international bank account numbers with the length of their country and a valid
//! mod 97 check, compact or in groups of four.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::iban_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "IBAN_CODE",
    context_words: &["iban", "bank account", "account", "wire", "sepa"],
    countries: &[],
    patterns: &[Pattern {
        rule: "iban.mod97",
        // Country code, check digits, then 11 to 30 letters or digits with optional single
        // spaces. The match may run into a following word, which validation trims off.
        regex: r"(?-u:\b)[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]){11,30}",
        score: 0.9,
        requires_context: false,
        validate,
    }],
};

/// IBAN length per country, from the ISO 13616 registry of SWIFT (release 99, 2024).
const LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

fn country_length(country: &str) -> Option<usize> {
    LENGTHS
        .iter()
        .find(|(code, _)| *code == country)
        .map(|(_, length)| *length)
}

/// Trims the match to its country's length, then checks the boundaries, the spacing and the
/// mod 97 check.
fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let length = country_length(candidate.get(..2)?)?;

    // Byte offset within the candidate just after the `length`-th letter or digit.
    let mut counted = 0;
    let mut end = None;
    for (index, character) in candidate.char_indices() {
        if character != ' ' {
            counted += 1;
            if counted == length {
                end = Some(index + character.len_utf8());
                break;
            }
        }
    }
    let trimmed = Span {
        start: span.start,
        end: span.start + end?,
    };
    let printed = text.get(trimmed.start..trimmed.end)?;
    let compact: String = printed
        .chars()
        .filter(|character| *character != ' ')
        .collect();
    // A spaced form groups by four from the start, as statements print it, so every group but
    // the last has four characters. Other spacing is more likely a run of unrelated codes.
    let groups: Vec<&str> = printed.split(' ').collect();
    let well_grouped = groups.len() == 1
        || groups.split_last().is_some_and(|(last, rest)| {
            rest.iter().all(|group| group.len() == 4) && last.len() <= 4
        });
    (is_alphanumeric_token(text, trimmed) && well_grouped && iban_valid(&compact))
        .then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn ibans(text: &str) -> Vec<&str> {
        found("IBAN_CODE", text)
    }

    #[test]
    fn iban_finds_spaced_and_compact_forms() {
        for iban in [
            "DE76 2374 0954 6111 3930 95",
            "NL08 DJCV 7376 3693 71",
            "BE15 7543 5845 6705",
            "IE41RTLM44435171879363",
            "AT118282705846701080",
            "GB82 WEST 1234 5698 7654 32",
            "FR14 2004 1010 0505 0001 3M02 606",
        ] {
            let text = format!("Wire the refund to IBAN {iban}, reference INV-60402.");
            assert_eq!(ibans(&text), [iban], "{text}");
        }
    }

    #[test]
    fn iban_trims_following_word() {
        assert_eq!(
            ibans("IBAN GB82 WEST 1234 5698 7654 32 EUR only"),
            ["GB82 WEST 1234 5698 7654 32"]
        );
    }

    #[test]
    fn iban_rejects_bad_check_length_and_country() {
        for text in [
            "DE76 2374 0954 6111 3930 96",
            "DE76 2374 0954 6111 3930 9",
            "ZZ76 2374 0954 6111 3930 95",
            "DE7623740954611139309512",
            "XDE76 2374 0954 6111 3930 95",
            "DE76 23 7409 5461 1139 3095",
        ] {
            assert!(ibans(text).is_empty(), "{text}");
        }
    }
}
