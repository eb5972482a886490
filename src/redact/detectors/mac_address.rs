//! `MAC_ADDRESS`: IEEE 802 MAC addresses in colon, hyphen or dotted (Cisco) notation.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "MAC_ADDRESS",
    context_words: &["mac", "mac address", "device", "hardware address"],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "mac.octets",
            regex: r"[0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}",
            score: 0.7,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "mac.dotted",
            regex: r"[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}",
            score: 0.6,
            requires_context: false,
            validate,
        },
    ],
};

/// Checks the boundaries and that one separator is used throughout.
fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let mut separators = candidate
        .chars()
        .filter(|character| !character.is_ascii_hexdigit());
    let first = separators.next()?;
    let uniform = separators.all(|separator| separator == first);
    let joined = text
        .get(span.end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|next| next == first)
        || text
            .get(..span.start)
            .and_then(|before| before.chars().next_back())
            .is_some_and(|previous| previous == first);
    (uniform && !joined && is_alphanumeric_token(text, span)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn macs(text: &str) -> Vec<&str> {
        found("MAC_ADDRESS", text)
    }

    #[test]
    fn mac_finds_common_notations() {
        assert_eq!(
            macs("device 00:1A:2b:3C:4d:5E joined"),
            ["00:1A:2b:3C:4d:5E"]
        );
        assert_eq!(macs("MAC 00-1A-2B-3C-4D-5E."), ["00-1A-2B-3C-4D-5E"]);
        assert_eq!(macs("port 001a.2b3c.4d5e up"), ["001a.2b3c.4d5e"]);
    }

    #[test]
    fn mac_rejects_mixed_and_longer_runs() {
        assert!(macs("00:1A-2B:3C:4D:5E").is_empty());
        assert!(macs("00:1A:2B:3C:4D:5E:6F").is_empty());
        assert!(macs("x00:1A:2B:3C:4D:5E").is_empty());
    }
}
