//! `EMAIL_ADDRESS`: addresses with a dotted domain and an alphabetic top-level domain.

use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "EMAIL_ADDRESS",
    context_words: &[],
    countries: &[],
    patterns: &[Pattern {
        rule: "email.address",
        // Local part of at most 64 characters (RFC 5321), Latin letters included so that
        // `maría@example.es` is found whole. The domain needs at least one dot and an
        // alphabetic top-level domain, so `foo@bar` is not an address.
        regex: r"[\p{Latin}0-9_][\p{Latin}0-9._%+\-]{0,63}@(?:[\p{Latin}0-9](?:[\p{Latin}0-9\-]{0,61}[\p{Latin}0-9])?\.)+[A-Za-z]{2,63}",
        score: 0.85,
        requires_context: false,
        validate,
    }],
};

/// Checks whether a character could continue the local part or the domain of a match.
///
/// Covers ASCII letters and digits, the Latin-1 and Latin Extended letters that the pattern
/// accepts in practice, and the punctuation allowed in a local part. Characters of scripts such as
/// Japanese are boundaries, because addresses there often touch the surrounding words.
fn is_address_character(character: char) -> bool {
    character.is_ascii_alphanumeric()
        || matches!(character, '_' | '.' | '%' | '+' | '-')
        || (character.is_alphabetic()
            && matches!(character, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'))
}

/// Rejects a match that starts inside a longer local part or whose domain runs on into letters.
///
/// The pattern starts a match at the leftmost letter, digit or underscore it can, so one of those
/// right before a match means the local part is longer than the 64 characters allowed. Other
/// punctuation before a match, as in `..john@example.com`, is not part of the address.
fn validate(text: &str, span: Span) -> Option<Span> {
    let before = text.get(..span.start)?.chars().next_back();
    let after = text.get(span.end..)?.chars().next();

    let starts_inside_word = before.is_some_and(|character| {
        is_address_character(character) && !matches!(character, '.' | '%' | '+' | '-')
    });
    let domain_continues = after.is_some_and(|character| {
        is_address_character(character) && !matches!(character, '.' | '%' | '+')
    });
    (!starts_inside_word && !domain_continues).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::Redactor;

    fn emails(text: &str) -> Vec<&str> {
        let redactor = Redactor::with_entities(&["EMAIL_ADDRESS"]).expect("entity is known");
        redactor
            .analyze(text)
            .iter()
            .map(|finding| &text[finding.start..finding.end])
            .collect()
    }

    #[test]
    fn email_finds_ordinary_addresses() {
        assert_eq!(
            emails("Write to maria.lopez@example.com today."),
            ["maria.lopez@example.com"]
        );
        assert_eq!(
            emails("jane+billing@example.org"),
            ["jane+billing@example.org"]
        );
        assert_eq!(
            emails("ops@mail.eu.example.co.uk,"),
            ["ops@mail.eu.example.co.uk"]
        );
        assert_eq!(
            emails("Jason Johnson <david00@example.org> asked"),
            ["david00@example.org"]
        );
        assert_eq!(emails("..john@example.com"), ["john@example.com"]);
        assert_eq!(
            emails("first_last-2@sub-domain.example.net"),
            ["first_last-2@sub-domain.example.net"]
        );
    }

    #[test]
    fn email_finds_addresses_next_to_non_ascii_text() {
        assert_eq!(emails("メールはtaro@example.jpです"), ["taro@example.jp"]);
        assert_eq!(
            emails("Escriba a maría.lópez@correo.es, por favor."),
            ["maría.lópez@correo.es"]
        );
    }

    #[test]
    fn email_rejects_address_without_top_level_domain() {
        assert!(emails("foo@bar").is_empty());
        assert!(emails("user@localhost is local").is_empty());
        assert!(emails("x@1.2.3.4").is_empty());
        assert!(emails("qty 431 @ 255.91").is_empty());
        assert!(emails("@example.com").is_empty());
    }

    #[test]
    fn email_rejects_overlong_local_part() {
        let text = format!("{}@example.com", "a".repeat(70));
        assert!(emails(&text).is_empty());

        let longest = format!("{}@example.com", "a".repeat(64));
        assert_eq!(emails(&longest), [longest.as_str()]);
    }

    #[test]
    fn email_reports_rule_and_score() {
        let redactor = Redactor::with_entities(&["EMAIL_ADDRESS"]).expect("entity is known");
        let findings = redactor.analyze("a@example.com");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].entity, "EMAIL_ADDRESS");
        assert_eq!(findings[0].rule, "email.address");
        assert!(findings[0].score > 0.5);
    }
}
