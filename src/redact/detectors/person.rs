//! `PERSON`: personal names, found without a language model from capitalisation, a gazetteer of
//! given and family names, and the words that introduce a person.
//!
//! The gazetteer comes from the US Census 1990 name frequency lists (public domain), built into
//! `given_names.txt` and `family_names.txt` by `scripts/build_person_names.py`.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Detector, Pattern, Span};

/// Words right before a name that introduce a person: roles, greetings and honorifics.
const INTRODUCERS: &[&str] = &[
    "customer",
    "contractor",
    "employee",
    "vendor contact",
    "contact",
    "client",
    "tenant",
    "payee",
    "cardholder",
    "dear",
    "hi",
    "hello",
    "attn",
    "attention",
    "signed by",
    "approved by",
    "prepared by",
    "submitted by",
    "spoke with",
    "spoke to",
    "ship to",
    "bill to",
    "sold to",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
];

/// Capitalised words that are never part of a name here, although some are given or family
/// names too: bookkeeping terms, months and days, greetings, roles and place-name parts.
const STOP_WORDS: &[&str] = &[
    // Bookkeeping.
    "account",
    "accounts",
    "amount",
    "balance",
    "bank",
    "bill",
    "bills",
    "budget",
    "card",
    "cash",
    "check",
    "cheque",
    "cost",
    "credit",
    "debit",
    "deposit",
    "discount",
    "due",
    "entry",
    "estimate",
    "expense",
    "expenses",
    "freight",
    "general",
    "grant",
    "income",
    "insurance",
    "interest",
    "inventory",
    "invoice",
    "invoices",
    "journal",
    "ledger",
    "memo",
    "net",
    "note",
    "notes",
    "order",
    "paid",
    "payables",
    "payment",
    "payments",
    "payroll",
    "penny",
    "period",
    "price",
    "quarter",
    "quote",
    "receipt",
    "receivables",
    "refund",
    "rent",
    "report",
    "revenue",
    "sale",
    "sales",
    "shipping",
    "statement",
    "sterling",
    "summary",
    "supplies",
    "tax",
    "taxes",
    "total",
    "transfer",
    "utilities",
    "will",
    "wire",
    "fiscal",
    "rich",
    "chase",
    "visa",
    "mastercard",
    "tracking",
    "login",
    "routing",
    "reference",
    // Calendar.
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "spring",
    "summer",
    "autumn",
    "winter",
    "christmas",
    "easter",
    // Roles, greetings, honorifics and sentence words.
    "customer",
    "customers",
    "contractor",
    "employee",
    "vendor",
    "supplier",
    "client",
    "contact",
    "dear",
    "hi",
    "hello",
    "thanks",
    "thank",
    "please",
    "regards",
    "best",
    "sincerely",
    "attn",
    "ship",
    "team",
    "support",
    "service",
    "services",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "the",
    "and",
    "for",
    "from",
    "with",
    "our",
    "your",
    "this",
    "that",
    "new",
    // Organisations and places.
    "company",
    "inc",
    "llc",
    "ltd",
    "corp",
    "limited",
    "group",
    "street",
    "road",
    "avenue",
    "lane",
    "drive",
    "way",
    "court",
    "suite",
    "city",
    "county",
    "state",
    "north",
    "south",
    "east",
    "west",
    "lake",
    "river",
    "park",
    "hill",
    "valley",
    "port",
    "mount",
    "fort",
    "saint",
    "san",
    "los",
    "las",
    "office",
    "warehouse",
    "store",
];

static GIVEN_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| read_names(include_str!("given_names.txt")));
static FAMILY_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| read_names(include_str!("family_names.txt")));
static STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Maximum number of words in one name: given names, family names and particles.
const MAX_NAME_WORDS: usize = 4;

pub(super) const DETECTOR: Detector = Detector {
    entity: "PERSON",
    context_words: INTRODUCERS,
    countries: &[],
    patterns: &[Pattern {
        rule: "person.name",
        // Runs of capitalised words, such as `Maria Lopez`, `McDonald`, `O'Neil-Smith` or
        // `D'Angelo`. Boundaries and stop words are checked in `validate`, which also narrows
        // the match.
        regex: r"(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:['’-]\p{Lu}?\p{Ll}+)*(?:[ ](?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:['’-]\p{Lu}?\p{Ll}+)*)*",
        score: 0.6,
        requires_context: false,
        validate,
    }],
};

fn read_names(list: &'static str) -> HashSet<&'static str> {
    list.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
}

/// One capitalised word of a match, as byte offsets into the text and its lower-case form.
struct Word {
    start: usize,
    end: usize,
    lower: String,
}

fn words(text: &str, span: Span) -> Vec<Word> {
    let mut words = Vec::new();
    let mut offset = span.start;
    for part in text
        .get(span.start..span.end)
        .unwrap_or_default()
        .split(' ')
    {
        words.push(Word {
            start: offset,
            end: offset + part.len(),
            lower: part.to_lowercase(),
        });
        offset += part.len() + 1;
    }
    words
}

fn is_stop(word: &Word) -> bool {
    STOP.contains(word.lower.as_str())
}

/// Checks whether one of [`INTRODUCERS`] ends the text right before `start`, ignoring spaces,
/// a colon or a comma, so only the words next to a name count.
fn is_introduced(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or_default();
    let trimmed = before.trim_end_matches([' ', ':', ',', '.']);
    let tail_start = trimmed.len().saturating_sub(24);
    let Some(tail) = (tail_start..=trimmed.len()).find_map(|index| trimmed.get(index..)) else {
        return false;
    };
    let tail = tail.to_ascii_lowercase();
    INTRODUCERS.iter().any(|word| {
        tail.strip_suffix(word).is_some_and(|rest| {
            rest.chars()
                .next_back()
                .is_none_or(|character| !character.is_alphanumeric())
        })
    })
}

/// Checks whether an e-mail address in angle brackets follows, as in `Maria Lopez <m@x.com>`.
fn is_followed_by_address(text: &str, end: usize) -> bool {
    let after = text.get(end..).unwrap_or_default();
    after.strip_prefix(" <").is_some_and(|rest| {
        rest.find('>')
            .and_then(|close| rest.get(..close))
            .is_some_and(|address| address.contains('@') && !address.contains(' '))
    })
}

/// Checks that the match is a whole token: no letter, digit or apostrophe touches it, and the
/// word before is not a number, which would make it a street such as `792 Sean Divide`.
fn is_separate(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).unwrap_or_default();
    let touches = before
        .chars()
        .next_back()
        .is_some_and(|character| character.is_alphanumeric() || matches!(character, '\'' | '_'));
    let previous_word = before
        .trim_end()
        .rsplit([' ', '\n', '\t'])
        .next()
        .unwrap_or_default();
    let after_number = before.ends_with(' ')
        && !previous_word.is_empty()
        && previous_word
            .chars()
            .any(|character| character.is_ascii_digit());
    !touches && !after_number
}

/// Narrows a run of capitalised words to the name inside it and decides whether it is one.
///
/// Leading and trailing stop words are dropped (`Customer Leonard Baxter` becomes `Leonard
/// Baxter`). What remains is a name when it has no stop word inside and either starts with a
/// known given name and ends with a known family name, or an introducing word (`Dear`,
/// `Customer`, `signed by`) or a following `<address>` vouches for it.
fn validate(text: &str, span: Span) -> Option<Span> {
    let all = words(text, span);
    let first = all.iter().position(|word| !is_stop(word))?;
    let mut last = all.iter().rposition(|word| !is_stop(word))?;
    // A stop word that is also a family name ends a name after a given name: `Monica Price`.
    if let Some(next) = all.get(last + 1) {
        let after_given = GIVEN_NAMES.contains(all.get(last)?.lower.as_str()) && last == first;
        if after_given && FAMILY_NAMES.contains(next.lower.as_str()) {
            last += 1;
        }
    }
    let name = all.get(first..=last)?;
    let inner_stop = name.iter().take(name.len() - 1).any(is_stop);
    if name.len() > MAX_NAME_WORDS || inner_stop {
        return None;
    }
    let narrowed = Span {
        start: name.first()?.start,
        end: name.last()?.end,
    };
    if !is_separate(text, narrowed) {
        return None;
    }

    let given = GIVEN_NAMES.contains(name.first()?.lower.as_str());
    let family = FAMILY_NAMES.contains(name.last()?.lower.as_str());
    let vouched = is_introduced(text, narrowed.start) || is_followed_by_address(text, narrowed.end);
    let accepted = if name.len() == 1 {
        vouched && (given || family)
    } else {
        (given && family) || vouched
    };
    accepted.then_some(narrowed)
}

#[cfg(test)]
mod tests {
    use super::{FAMILY_NAMES, GIVEN_NAMES};
    use crate::redact::detectors::found;

    fn people(text: &str) -> Vec<&str> {
        found("PERSON", text)
    }

    #[test]
    fn gazetteer_is_loaded() {
        assert!(GIVEN_NAMES.contains("maria"));
        assert!(FAMILY_NAMES.contains("lopez"));
        assert!(GIVEN_NAMES.len() > 5000);
        assert!(!GIVEN_NAMES.iter().any(|name| name.starts_with('#')));
    }

    #[test]
    fn person_keeps_apostrophe_surnames_whole() {
        assert_eq!(people("Customer Sarah O'Neil called"), ["Sarah O'Neil"]);
        assert_eq!(
            people("Customer Anne-Marie D'Angelo called"),
            ["Anne-Marie D'Angelo"]
        );
        assert!(people("It's O'Clock").is_empty());
    }

    #[test]
    fn person_finds_known_names() {
        assert_eq!(people("Maria Lopez paid the invoice."), ["Maria Lopez"]);
        assert_eq!(
            people("Customer Leonard Baxter called from +44 306"),
            ["Leonard Baxter"]
        );
        assert_eq!(people("Mr Kenneth Kelly asked"), ["Kenneth Kelly"]);
        assert_eq!(people("Approved: Sean McDonald."), ["Sean McDonald"]);
        assert_eq!(
            people("Monica Price <m@example.org> asked"),
            ["Monica Price"]
        );
    }

    #[test]
    fn person_uses_introducers_for_unknown_names() {
        assert_eq!(
            people("Contractor Udyati Seth, SSN 519-16-1558"),
            ["Udyati Seth"]
        );
        assert_eq!(people("Dear Maria,"), ["Maria"]);
        assert_eq!(
            people("Aachal Murty <amurty@example.com> asked"),
            ["Aachal Murty"]
        );
    }

    #[test]
    fn person_ignores_bookkeeping_words() {
        for text in [
            "Bill Payment posted.",
            "Invoice May 2026 Sales Report",
            "Will Call order",
            "Sales Tax Payable",
            "Account 4000 Sales, 1200 Receivables",
            "Dear Customer,",
            "Balance Sheet for June",
        ] {
            assert!(people(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn person_ignores_streets_and_unknown_pairs() {
        assert_eq!(
            people("Ship to Julie Romero at 792 Sean Divide, New Lisaton."),
            ["Julie Romero"]
        );
        assert!(people("Harbor Way Terminal").is_empty());
        assert!(people("Report Generated").is_empty());
    }
}
