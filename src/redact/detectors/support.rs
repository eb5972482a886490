//! Checks that several detectors share: digit-run boundaries, separators and context words.

use super::Span;

/// Characters that join groups of digits inside one number.
const DIGIT_SEPARATORS: &[u8] = b" -.";

/// Maximum number of bytes before a match that are searched for context words.
pub(crate) const CONTEXT_WINDOW_BYTES: usize = 48;

/// Minimum length of the word before a period for the period to end a sentence.
///
/// Shorter words before a period are treated as abbreviations ("Tel.", "Ph.", "Mr."), so a context
/// word such as "tel" right before "Tel. 4511 5652" still counts.
const SENTENCE_WORD_MIN_LETTERS: usize = 4;

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Checks that a numeric match is not part of a longer token or digit run.
///
/// Rejects a span touched by an ASCII letter, digit or underscore, and a span joined to more
/// digits: by a hyphen or period next to a digit (`123-45-6789-0`), or by a space next to a group
/// of digits (`1234 4111 1111 1111 1111`). Before the span, a space also joins an alphanumeric
/// group that ends with a digit, such as the `DE76` that starts an IBAN or a country code. A space next to other
/// tokens does not join, so two phone numbers in a row, or a card number followed by its expiry
/// date, are still found. A comma and two decimals after the span (`701 717 902,00`) join too. Non-ASCII characters (Japanese, accented letters) are boundaries, so
/// `電話090-1234-5678です` yields the number.
pub(crate) fn is_standalone(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let before = bytes.get(..span.start).unwrap_or_default();
    let after = bytes.get(span.end..).unwrap_or_default();

    let joined_before = match before {
        [.., previous] if is_word_byte(*previous) => true,
        [rest @ .., b' '] => is_digit_group_end(rest),
        [.., digit, separator] => DIGIT_SEPARATORS.contains(separator) && digit.is_ascii_digit(),
        _ => false,
    };
    let joined_after = match after {
        [next, ..] if is_word_byte(*next) => true,
        [b' ', rest @ ..] => is_digit_group_start(rest),
        // Decimals after a comma, as in the amount `701 717 902,00`.
        [b',', first, second, rest @ ..] if first.is_ascii_digit() && second.is_ascii_digit() => {
            !rest.first().is_some_and(u8::is_ascii_digit)
        }
        [separator, digit, ..] => DIGIT_SEPARATORS.contains(separator) && digit.is_ascii_digit(),
        _ => false,
    };
    !joined_before && !joined_after
}

/// Length of a UUID in its usual form, such as `8f5cc3ed-2957-4570-8866-c802b5294aa4`.
const UUID_BYTES: usize = 36;

/// Checks whether `span` lies inside a UUID, whose groups of digits look like phone numbers and
/// identity numbers (`2957-4570-8866`) but are part of an identifier.
pub(crate) fn lies_in_uuid(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let is_part = |byte: u8| byte.is_ascii_hexdigit() || byte == b'-';
    let mut from = span.start;
    while from > 0 && span.start - from < UUID_BYTES && is_part(bytes[from - 1]) {
        from -= 1;
    }
    let mut to = span.end;
    while to < bytes.len() && to - span.end < UUID_BYTES && is_part(bytes[to]) {
        to += 1;
    }
    if span.end.saturating_sub(span.start) > UUID_BYTES || to - from < UUID_BYTES {
        return false;
    }
    // Every 36 bytes around the span that cover it.
    let first = span.end.saturating_sub(UUID_BYTES).max(from);
    let last = span.start.min(to - UUID_BYTES);
    (first..=last).any(|start| {
        bytes
            .get(start..start + UUID_BYTES)
            .is_some_and(|candidate| {
                candidate.iter().enumerate().all(|(index, &byte)| {
                    if matches!(index, 8 | 13 | 18 | 23) {
                        byte == b'-'
                    } else {
                        byte.is_ascii_hexdigit()
                    }
                })
            })
    })
}

/// Checks whether `bytes` ends with an alphanumeric token whose last character is a digit, such
/// as `DE76`, `1234` or the country code `+1`.
fn is_digit_group_end(bytes: &[u8]) -> bool {
    let token_start = bytes
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |index| index + 1);
    let mut token = bytes.get(token_start..).unwrap_or_default();
    if let [b'+', rest @ ..] = token {
        token = rest;
    }
    token.last().is_some_and(u8::is_ascii_digit) && token.iter().all(u8::is_ascii_alphanumeric)
}

/// Checks whether `bytes` starts with a token of digits only, ignoring punctuation that ends a
/// clause (`95,` or `12.`).
fn is_digit_group_start(bytes: &[u8]) -> bool {
    let token_end = bytes
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(bytes.len());
    let mut token = bytes.get(..token_end).unwrap_or_default();
    while let [rest @ .., b',' | b'.' | b';' | b':' | b')' | b'!' | b'?'] = token {
        token = rest;
    }
    !token.is_empty() && token.iter().all(u8::is_ascii_digit)
}

/// Counts the ASCII digits in a string.
pub(crate) fn count_digits(candidate: &str) -> usize {
    candidate.bytes().filter(u8::is_ascii_digit).count()
}

/// Returns the ASCII digits of a string, without separators.
pub(crate) fn digits_only(candidate: &str) -> String {
    let mut digits = String::with_capacity(candidate.len());
    for byte in candidate.bytes().filter(u8::is_ascii_digit) {
        digits.push(char::from(byte));
    }
    digits
}

/// Checks that every separator between digit groups is the same character.
///
/// Parentheses around an area code do not count as separators, so `(03)-9332-8367` is uniform
/// while the date and time `01.02.2026 10` is not.
pub(crate) fn has_uniform_separators(candidate: &str) -> bool {
    let mut separators = candidate
        .bytes()
        .filter(|byte| DIGIT_SEPARATORS.contains(byte));
    match separators.next() {
        Some(first) => separators.all(|separator| separator == first),
        None => true,
    }
}

/// Accepts every match unchanged, for patterns whose regex already checks everything.
// The `Validate` signature fixes the `Option` return type.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn accept_as_is(_text: &str, span: Span) -> Option<Span> {
    Some(span)
}

/// Validates a numeric identifier: the span is standalone, its separators are uniform, and
/// `check` accepts its digits.
pub(crate) fn validate_number(text: &str, span: Span, check: fn(&str) -> bool) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let valid = is_standalone(text, span)
        && has_uniform_separators(candidate)
        && check(&digits_only(candidate));
    valid.then_some(span)
}

/// Validates a standalone run of six digits with uniform separators, as bank sort codes and
/// BSBs are written.
pub(crate) fn validate_six_digits(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, |digits| digits.len() == 6)
}

/// Checks that the characters right before and after `span` are not ASCII letters or digits,
/// for identifiers that mix letters and digits.
pub(crate) fn is_alphanumeric_token(text: &str, span: Span) -> bool {
    let bytes = text.as_bytes();
    let before = span.start.checked_sub(1).and_then(|index| bytes.get(index));
    let after = bytes.get(span.end);
    !before.is_some_and(|byte| is_word_byte(*byte))
        && !after.is_some_and(|byte| is_word_byte(*byte))
}

/// Returns the text shortly before `start` in which context words are searched, as far back as
/// [`CONTEXT_WINDOW_BYTES`]. Only its part after the last sentence end counts (see
/// [`ends_sentence`]).
fn context_window(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(CONTEXT_WINDOW_BYTES);
    while from < start && !text.is_char_boundary(from) {
        from += 1;
    }
    text.get(from..start).unwrap_or_default()
}

/// Checks whether a sentence ends at byte `index` of `window`: at a line break, `!`, `?`, `;`,
/// `。`, `！`, `？` or a sentence-ending period, so that a word from an earlier sentence does not
/// count.
///
/// Every sentence end starts with an ASCII byte or with the first byte of `。`, `！` or `？`, and
/// no byte inside another character equals one of those, so bytes can be read one by one.
fn ends_sentence(window: &str, index: usize) -> bool {
    let bytes = window.as_bytes();
    match bytes.get(index) {
        Some(b'\n' | b'\r' | b'!' | b'?' | b';') => true,
        Some(b'.') => is_sentence_end(window, index),
        Some(0xE3 | 0xEF) => ["。", "！", "？"]
            .iter()
            .any(|mark| bytes[index..].starts_with(mark.as_bytes())),
        _ => false,
    }
}

/// Checks whether the period at `index` ends a sentence, which it does when whitespace follows it
/// and a word of at least [`SENTENCE_WORD_MIN_LETTERS`] letters precedes it.
fn is_sentence_end(window: &str, index: usize) -> bool {
    let followed_by_space = window
        .get(index + 1..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_whitespace);
    let preceding = window.get(..index).unwrap_or_default();
    let word_letters = preceding
        .chars()
        .rev()
        .take_while(|character| character.is_alphabetic())
        .count();
    followed_by_space && word_letters >= SENTENCE_WORD_MIN_LETTERS
}

/// Checks whether one of `words` occurs as a whole word or phrase shortly before `start`.
///
/// Matching ignores ASCII case. `words` must be lower case. A detector's own context words are
/// checked with a [`ContextWords`] built once, and this builds one for each call.
pub(crate) fn has_context_word(text: &str, start: usize, words: &[&'static str]) -> bool {
    ContextWords::new(words).occur_before(text, start)
}

/// Lower-case context words grouped by their first byte, so that a window of text is read once
/// however many words there are.
#[derive(Debug)]
pub(crate) struct ContextWords {
    /// For each byte, in either case: one more than the index of the group of words that start
    /// with it, or 0 when none does.
    group_of: [u8; 256],
    groups: Vec<Vec<&'static [u8]>>,
}

impl ContextWords {
    pub fn new(words: &[&'static str]) -> Self {
        let mut group_of = [0_u8; 256];
        let mut groups: Vec<Vec<&'static [u8]>> = Vec::new();
        for word in words {
            let Some(&first) = word.as_bytes().first() else {
                continue;
            };
            let slot = usize::from(first);
            if group_of[slot] == 0 {
                groups.push(Vec::new());
                // Words start with one of at most 256 bytes, so there are at most 256 groups. The
                // index saturates rather than wraps in any case.
                let number = u8::try_from(groups.len()).unwrap_or(u8::MAX);
                group_of[slot] = number;
                group_of[usize::from(first.to_ascii_uppercase())] = number;
            }
            if let Some(group) = groups.get_mut(usize::from(group_of[slot]) - 1) {
                group.push(word.as_bytes());
            }
        }
        Self { group_of, groups }
    }

    /// Checks whether one of the words occurs as a whole word or phrase shortly before `start`
    /// in `text`, ignoring ASCII case.
    ///
    /// The window is read backwards from `start`, so that a word right before the match, the
    /// usual place, is found after a few bytes.
    pub fn occur_before(&self, text: &str, start: usize) -> bool {
        if self.groups.is_empty() {
            return false;
        }
        let window = context_window(text, start);
        let bytes = window.as_bytes();
        for index in (0..bytes.len()).rev() {
            if ends_sentence(window, index) {
                return false;
            }
            let group = self.group_of[usize::from(bytes[index])];
            let at_word_start = index == 0 || !is_word_byte(bytes[index - 1]);
            if group == 0 || !at_word_start {
                continue;
            }
            let rest = &bytes[index..];
            let words = self
                .groups
                .get(usize::from(group) - 1)
                .map_or(&[][..], Vec::as_slice);
            let found = words.iter().any(|word| {
                rest.len() >= word.len()
                    && rest
                        .iter()
                        .zip(*word)
                        .all(|(byte, letter)| byte.to_ascii_lowercase() == *letter)
                    && rest.get(word.len()).is_none_or(|next| !is_word_byte(*next))
            });
            if found {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::{
        ContextWords, Span, context_window, count_digits, ends_sentence, has_context_word,
        has_uniform_separators, is_standalone, is_word_byte, lies_in_uuid,
    };

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle is in the text");
        Span {
            start,
            end: start + needle.len(),
        }
    }

    #[test]
    fn standalone_accepts_spaced_and_punctuated_numbers() {
        for (text, needle) in [
            ("call 415-555-0134.", "415-555-0134"),
            ("(415-555-0134)", "415-555-0134"),
            ("415-555-0134", "415-555-0134"),
            ("電話090-1234-5678です", "090-1234-5678"),
            ("tel:4155550134,", "4155550134"),
            ("415-555-0134 415-555-0199", "415-555-0134"),
            ("415-555-0134 415-555-0199", "415-555-0199"),
            ("4111 1111 1111 1111 09/27", "4111 1111 1111 1111"),
            ("on 2026-05-01 415-555-0134", "415-555-0134"),
            ("#10234 415-555-0134", "415-555-0134"),
            ("Visa 4111 1111 1111 1111", "4111 1111 1111 1111"),
            ("415-555-0134,4155550199", "415-555-0134"),
            ("415-555-0134, 415-555-0199", "415-555-0134"),
        ] {
            assert!(is_standalone(text, span_of(text, needle)), "{text}");
        }
    }

    #[test]
    fn standalone_rejects_joined_numbers() {
        for (text, needle) in [
            ("DE76 2374 0954 6111 3930 95", "2374 0954 6111 3930"),
            ("123-45-6789-0", "123-45-6789"),
            ("9123-45-6789", "123-45-6789"),
            ("evt_E8125661952975", "8125661952975"),
            ("id_4111111111111111", "4111111111111111"),
            ("4111111111111111abc", "4111111111111111"),
            ("+1 415-555-0134", "415-555-0134"),
            ("2374 0954 6111 3930 95, ref", "2374 0954 6111 3930"),
            ("4111 1111 1111 1111 1234", "4111 1111 1111 1111"),
            ("020 7946 0958 12.", "020 7946 0958"),
            ("EUR 701 717 902,00 total", "701 717 902"),
        ] {
            assert!(!is_standalone(text, span_of(text, needle)), "{text}");
        }
    }

    #[test]
    fn uniform_separators_ignore_parentheses() {
        assert!(has_uniform_separators("(03)-9332-8367"));
        assert!(has_uniform_separators("(0909)8790064"));
        assert!(has_uniform_separators("020 7946 0958"));
        assert!(!has_uniform_separators("01.02.2026 10"));
        assert!(!has_uniform_separators("4111 1111-1111 1111"));
    }

    #[test]
    fn count_digits_skips_separators() {
        assert_eq!(count_digits("+44 (0)20 7946-0958"), 13);
        assert_eq!(count_digits(""), 0);
    }

    /// Checks for a context word the plain way: cut the window after its last sentence end, then
    /// look for each word from the front.
    fn has_context_word_plainly(text: &str, start: usize, words: &[&str]) -> bool {
        let window = context_window(text, start);
        let cut = (0..window.len())
            .rev()
            .find(|&index| ends_sentence(window, index))
            .map_or(0, |index| {
                index + window[index..].chars().next().map_or(1, char::len_utf8)
            });
        let lower = window[cut..].to_ascii_lowercase();
        let bytes = lower.as_bytes();
        words.iter().any(|word| {
            lower.match_indices(word).any(|(index, _)| {
                (index == 0 || !is_word_byte(bytes[index - 1]))
                    && bytes
                        .get(index + word.len())
                        .is_none_or(|next| !is_word_byte(*next))
            })
        })
    }

    #[test]
    fn context_words_match_plain_check() {
        let words = ["card", "cardholder", "tel", "e-mail", "電話", "no.", "acct"];
        let pieces = [
            "card",
            "Card",
            "CARDHOLDER",
            "cards",
            "tel",
            "hotel",
            "e-mail",
            "電話",
            "No.",
            "acct",
            " ",
            " ",
            "  ",
            ". ",
            "end. ",
            "Dr. ",
            "\n",
            ";",
            "!",
            "。",
            "_",
            "x",
            "4111",
            ",",
        ];
        let mut state: u64 = 11;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).expect("31 bits fit") % bound
        };
        let context = ContextWords::new(&words);
        let mut found = 0;
        for round in 0..5000 {
            let text: String = (0..=next(20)).map(|_| pieces[next(pieces.len())]).collect();
            for start in (0..=text.len()).filter(|&index| text.is_char_boundary(index)) {
                let occurs = context.occur_before(&text, start);
                assert_eq!(
                    occurs,
                    has_context_word_plainly(&text, start, &words),
                    "round {round}, start {start}: {text:?}"
                );
                found += usize::from(occurs);
            }
        }
        assert!(found > 10_000, "the texts hold context words");
    }

    #[test]
    fn uuid_groups_are_not_numbers() {
        let text =
            "id 6e2390ec-0068-4991-9895-bce20c77055a, {8F5CC3ED-2957-4570-8866-C802B5294AA4}";
        assert!(lies_in_uuid(text, span_of(text, "0068-4991-9895")));
        assert!(lies_in_uuid(text, span_of(text, "2957-4570-8866")));
        assert!(lies_in_uuid(text, span_of(text, "6e2390ec")));
        for (text, number) in [
            ("call 0068-4991-9895 now", "0068-4991-9895"),
            ("ref ab-0068-4991-9895-cd", "0068-4991-9895"),
            ("6e2390ec-0068-4991-9895-bce20c77055", "0068-4991-9895"),
        ] {
            assert!(!lies_in_uuid(text, span_of(text, number)), "{text}");
        }
    }

    #[test]
    fn context_word_matches_whole_words_only() {
        let text = "Call Tammy on 45115652";
        assert!(has_context_word(text, text.len() - 8, &["call"]));

        let hotel = "Hotel booking 45115652";
        assert!(!has_context_word(hotel, hotel.len() - 8, &["tel"]));
    }

    #[test]
    fn context_word_ignores_earlier_sentence() {
        let text = "Please call tomorrow. Batch 4527926043";
        assert!(!has_context_word(text, text.len() - 10, &["call"]));

        let line = "call me\nBatch 4527926043";
        assert!(!has_context_word(line, line.len() - 10, &["call"]));
    }

    #[test]
    fn context_word_survives_abbreviation_period() {
        let text = "Tel. 4511 5652";
        assert!(has_context_word(text, 5, &["tel"]));
    }

    #[test]
    fn context_word_window_is_limited() {
        let text = format!("phone {} 45115652", "x".repeat(60));
        assert!(!has_context_word(&text, text.len() - 8, &["phone"]));
    }

    #[test]
    fn context_window_respects_char_boundaries() {
        // Multi-byte characters sit where the window would start.
        let text = format!("{}電話 phone 45115652", "é".repeat(40));
        assert!(has_context_word(&text, text.len() - 8, &["phone"]));
    }
}
