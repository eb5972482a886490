//! Checks that keep reference numbers and amounts written in phone-number shapes out.

/// Words that introduce a reference number rather than a phone number, in English and in the
/// languages of the other countries the detector aims at.
const REFERENCE_WORDS: &[&str] = &[
    "invoice",
    "inv",
    "order",
    "po",
    "ref",
    "reference",
    "batch",
    "sku",
    "ticket",
    "case",
    "account",
    "acct",
    "receipt",
    "transaction",
    "txn",
    "item",
    "part",
    "serial",
    "tracking",
    "confirmation",
    "booking",
    "quote",
    "id",
    "check",
    "cheque",
    "voucher",
    "entry",
    "journal",
    "document",
    "doc",
    "contract",
    "policy",
    "claim",
    "shipment",
    "lot",
    "job",
    "rechnung",
    "bestellung",
    "auftrag",
    "facture",
    "commande",
    "factura",
    "pedido",
    "fattura",
    "ordine",
    "factuur",
    "bestelling",
    "nota",
];

/// Words that may stand between a reference word and its number and carry no meaning of their own: `Invoice No. 12`,
/// `Order number 12`, `Rechnung Nr. 12`.
const FILLER_WORDS: &[&str] = &["", "no", "nr", "number", "num", "n°", "nº"];

/// Currency codes and symbols that mark a number as an amount when written right before it.
const CURRENCIES: &[&str] = &[
    "$", "€", "£", "¥", "₹", "r$", "usd", "eur", "gbp", "inr", "jpy", "brl", "aud", "cad", "chf",
];

/// Maximum number of words read backwards from a match when looking for a reference word.
const WORDS_BEFORE: usize = 3;

/// Checks whether a reference word such as "Invoice" or "Order" introduces the number at
/// `start`, possibly followed by filler such as `#`, `No.` or a colon.
pub(super) fn follows_reference_word(text: &str, start: usize) -> bool {
    let line = line_before(text, start);
    for word in line.split_whitespace().rev().take(WORDS_BEFORE) {
        let word = trim_punctuation(word).to_lowercase();
        if FILLER_WORDS.contains(&word.as_str()) {
            continue;
        }
        return REFERENCE_WORDS.contains(&word.as_str());
    }
    false
}

/// Checks whether the number at `start` is glued by a hyphen to a code before it, as in
/// `Q-07700-900123` or `INV-020 7946 0958`: such a number is part of an identifier.
pub(super) fn follows_hyphenated_code(text: &str, start: usize) -> bool {
    match text.as_bytes().get(..start).unwrap_or_default() {
        [.., previous, b'-'] => previous.is_ascii_alphabetic(),
        _ => false,
    }
}

/// Checks whether the number between `start` and `end` is an amount: a currency written right
/// before or after it, or decimals after a comma or period (`612 345 678,90`).
pub(super) fn is_amount(text: &str, start: usize, end: usize) -> bool {
    let before = line_before(text, start);
    let before_word = before
        .split_whitespace()
        .next_back()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let currency_before = CURRENCIES
        .iter()
        .any(|currency| before_word.ends_with(currency));

    let after = text_after(text, end);
    let decimals = after
        .strip_prefix([',', '.'])
        .is_some_and(|rest| rest.starts_with(|character: char| character.is_ascii_digit()));
    let after_word = after
        .trim_start()
        .split(|character: char| character.is_whitespace() || character == ',' || character == '.')
        .next()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let currency_after = CURRENCIES.contains(&after_word.as_str());
    currency_before || decimals || currency_after
}

/// Maximum number of four-character groups read backwards from a match when looking for the
/// start of an IBAN (34 characters at most, so eight groups after the first).
const IBAN_GROUPS_BEFORE: usize = 8;

/// Checks whether the number at `start` continues an IBAN written in groups of four, such as
/// the `0417 1643 00` of `NL91 ABNA 0417 1643 00`. The words before such a number are groups of
/// four upper-case letters or digits, and the first of them is two letters and two digits.
pub(super) fn follows_iban_groups(text: &str, start: usize) -> bool {
    let line = line_before(text, start);
    if !line.ends_with(' ') {
        return false;
    }
    for word in line.split(' ').rev().skip(1).take(IBAN_GROUPS_BEFORE) {
        let bytes = word.as_bytes();
        if let [first, second, third, fourth] = bytes {
            let is_country_start = first.is_ascii_uppercase()
                && second.is_ascii_uppercase()
                && third.is_ascii_digit()
                && fourth.is_ascii_digit();
            if is_country_start {
                return true;
            }
            if bytes
                .iter()
                .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
            {
                continue;
            }
        }
        return false;
    }
    false
}

/// Maximum number of bytes read before or after a match by these checks, so that every match
/// costs a bounded amount of work and a long text is still scanned in linear time. It covers
/// three words before a number, or an IBAN's groups before its tail.
const WINDOW_BYTES: usize = 64;

/// Returns the text before `start` on the same line, at most [`WINDOW_BYTES`] long.
fn line_before(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(WINDOW_BYTES);
    while from < start && !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text.get(from..start).unwrap_or_default();
    before
        .rfind(['\n', '\r'])
        .and_then(|index| before.get(index + 1..))
        .unwrap_or(before)
}

/// Returns the text after `end`, at most [`WINDOW_BYTES`] long.
fn text_after(text: &str, end: usize) -> &str {
    let mut to = end.saturating_add(WINDOW_BYTES).min(text.len());
    while to > end && !text.is_char_boundary(to) {
        to -= 1;
    }
    text.get(end..to).unwrap_or_default()
}

/// Returns `word` without the punctuation written around a reference word (`#`, `:`, `.`).
fn trim_punctuation(word: &str) -> &str {
    word.trim_matches(|character: char| {
        matches!(character, '#' | ':' | '.' | ',' | '(' | ')' | '-')
    })
}

#[cfg(test)]
mod tests {
    use super::{follows_iban_groups, follows_reference_word, is_amount};

    #[test]
    fn windows_cut_at_char_boundaries() {
        let text = format!("{} Invoice 612 345 678 {}", "é".repeat(40), "€".repeat(40));
        let start = text.find("612").unwrap_or_default();
        assert!(follows_reference_word(&text, start));
        assert!(!is_amount(&text, start, start + 11));
        let far = format!("Invoice {} 612 345 678", "x ".repeat(40));
        assert!(!follows_reference_word(&far, far.len() - 11));
    }

    #[test]
    fn iban_groups_found_before_number() {
        let text = "IBAN NL91 ABNA 0417 1643 00";
        assert!(follows_iban_groups(
            text,
            text.find("0417").unwrap_or_default()
        ));
        let text = "GB82 WEST 1234 5698 7654 32";
        assert!(follows_iban_groups(
            text,
            text.find("1234").unwrap_or_default()
        ));
    }

    #[test]
    fn iban_groups_not_found_before_phone() {
        let text = "Call ABNA 0417 1643 00";
        assert!(!follows_iban_groups(
            text,
            text.find("0417").unwrap_or_default()
        ));
        let text = "Tel 020 7946 0958";
        assert!(!follows_iban_groups(
            text,
            text.find("020").unwrap_or_default()
        ));
    }

    fn reference_before_end(text: &str) -> bool {
        follows_reference_word(text, text.len())
    }

    #[test]
    fn reference_word_found_before_number() {
        assert!(reference_before_end("Invoice "));
        assert!(reference_before_end("Invoice #: "));
        assert!(reference_before_end("Order No. "));
        assert!(reference_before_end("PO#"));
        assert!(reference_before_end("Rechnung Nr. "));
    }

    #[test]
    fn reference_word_ignores_phone_wording() {
        assert!(!reference_before_end("Call the number "));
        assert!(!reference_before_end("Order from "));
        assert!(!reference_before_end("Phone: "));
        assert!(!reference_before_end("invoice\nPhone "));
        assert!(!reference_before_end(""));
    }

    #[test]
    fn amount_found_by_currency_or_decimals() {
        let text = "Total EUR 612 345 678 due";
        assert!(is_amount(text, 10, 21));
        let text = "€612 345 678";
        assert!(is_amount(text, 3, text.len()));
        let text = "612 345 678,90 due";
        assert!(is_amount(text, 0, 11));
        let text = "612 345 678 EUR";
        assert!(is_amount(text, 0, 11));
    }

    #[test]
    fn amount_not_found_for_plain_number() {
        let text = "Call 612 345 678, please.";
        assert!(!is_amount(text, 5, 16));
        let text = "Call 612 345 678.";
        assert!(!is_amount(text, 5, 16));
    }
}
