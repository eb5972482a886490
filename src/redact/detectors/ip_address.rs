//! `IP_ADDRESS`: IPv4 addresses in dotted-decimal form and IPv6 addresses in any RFC 4291 text
//! form, validated by the standard library's parsers.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "IP_ADDRESS",
    context_words: &[
        "ip",
        "ip address",
        "address",
        "from",
        "login",
        "host",
        "client",
        "remote",
    ],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "ip.v4",
            regex: r"(?-u:\b)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate: validate_v4,
        },
        Pattern {
            rule: "ip.v6",
            // Eight groups of up to four hexadecimal digits separated by colons, or fewer
            // groups around one `::`, each optionally ending in an IPv4 address. The forms that
            // end in an IPv4 address come first, so that they win. Requiring eight groups or a
            // `::` keeps times such as `14:42:05`, which most log lines hold, from matching.
            regex: concat!(
                r"(?:[0-9A-Fa-f]{1,4}:){6}[0-9]{1,3}(?:\.[0-9]{1,3}){3}",
                r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?::",
                r"(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9]{1,3}(?:\.[0-9]{1,3}){3}",
                r"|(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}",
                r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::",
                r"(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?"
            ),
            score: 0.7,
            requires_context: false,
            validate: validate_v6,
        },
    ],
};

/// Checks that no letter, digit or further dotted or colon group joins the match, so version
/// strings such as `1.2.3.4.5` and ids such as `x1.2.3.4` do not count.
fn is_whole(text: &str, span: Span) -> bool {
    let is_word = |character: char| character.is_alphanumeric() || character == '_';
    let before: Vec<char> = text
        .get(..span.start)
        .unwrap_or_default()
        .chars()
        .rev()
        .take(2)
        .collect();
    let after: Vec<char> = text
        .get(span.end..)
        .unwrap_or_default()
        .chars()
        .take(2)
        .collect();
    let joined_before = match before.as_slice() {
        [previous, ..] if is_word(*previous) => true,
        ['.' | ':', group, ..] => group.is_ascii_hexdigit(),
        _ => false,
    };
    let joined_after = match after.as_slice() {
        [next, ..] if is_word(*next) => true,
        ['.' | ':', group, ..] => group.is_ascii_hexdigit(),
        _ => false,
    };
    !joined_before && !joined_after
}

fn validate_v4(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    (candidate.parse::<Ipv4Addr>().is_ok() && is_whole(text, span)).then_some(span)
}

/// Accepts what `Ipv6Addr` parses, with at least one hexadecimal letter, a `::` or all eight
/// groups, so times such as `10:30:00` and ratios never count.
fn validate_v6(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let looks_like_v6 = candidate.contains("::")
        || candidate.bytes().any(|byte| byte.is_ascii_alphabetic())
        || candidate.matches(':').count() == 7
        || (candidate.matches(':').count() == 6 && candidate.contains('.'));
    (looks_like_v6 && candidate.parse::<Ipv6Addr>().is_ok() && is_whole(text, span)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn addresses(text: &str) -> Vec<&str> {
        found("IP_ADDRESS", text)
    }

    #[test]
    fn ip_finds_v4_and_v6_forms() {
        assert_eq!(
            addresses("Login from 63.252.72.138 at 17:51."),
            ["63.252.72.138"]
        );
        for address in [
            "965e:da32:dae4:4550:8201:e2be:73ab:4876",
            "f6fa:5db8:656a:bd72:fb71:735:986e:86cb",
            "2001:db8::8a2e:370:7334",
            "::1",
            "fe80::1ff:fe23:4567:890a",
            "::ffff:192.0.2.128",
            "64:ff9b::192.0.2.33",
            "1:2:3:4:5:6:192.0.2.1",
            "1:2:3:4:5:6:7:8",
            "fe80::",
        ] {
            let text = format!("Login to the portal from {address} at 12:35.");
            assert_eq!(addresses(&text), [address], "{text}");
        }
    }

    #[test]
    fn ip_rejects_versions_times_and_bad_octets() {
        for text in [
            "version 1.2.3.4.5",
            "build v1.2.3.4",
            "256.1.1.1",
            "at 10:30:00",
            "ratio 1:2:3",
            "01.02.2026",
            "1200:1300",
            "2026-11-30T14:42:05Z INFO sync",
            "1:2:3:4:5:6:7",
        ] {
            assert!(addresses(text).is_empty(), "{text}");
        }
    }
}
