//! `DATE_OF_BIRTH`: dates after a birth context word, in numeric (`06/21/1972`, `1968-02-25`,
//! `21.06.1972`) and written forms (`23 May 1985`, `November 02, 1953`).

use super::{Detector, Pattern, Span};

macro_rules! month_name {
    () => {
        r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
    };
}

pub(super) const DETECTOR: Detector = Detector {
    entity: "DATE_OF_BIRTH",
    context_words: &[
        "date of birth",
        "birth date",
        "birthdate",
        "birthday",
        "born",
        "born on",
        "dob",
        "d.o.b",
        "birth",
        "fecha de nacimiento",
        "geburtsdatum",
        "date de naissance",
        "data di nascita",
    ],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "dob.numeric",
            regex: r"(?-u:\b)(?:[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2})(?-u:\b)",
            score: 0.4,
            requires_context: true,
            validate: validate_numeric,
        },
        Pattern {
            rule: "dob.written",
            regex: concat!(
                r"(?-u:\b)(?:[0-9]{1,2}(?:st|nd|rd|th)? ",
                month_name!(),
                r",? (?:19|20)[0-9]{2}|",
                month_name!(),
                r" [0-9]{1,2}(?:st|nd|rd|th)?,? (?:19|20)[0-9]{2})(?-u:\b)"
            ),
            score: 0.4,
            requires_context: true,
            validate: validate_written,
        },
    ],
};

/// Checks that the numbers form a calendar date in either day-month or month-day order.
fn validate_numeric(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let parts: Vec<u32> = candidate
        .split(['/', '.', '-'])
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [first, second, third] = parts.as_slice() else {
        return None;
    };
    let plausible = |month: u32, day: u32| (1..=12).contains(&month) && (1..=31).contains(&day);
    let valid = if *first > 31 {
        plausible(*second, *third)
    } else {
        plausible(*first, *second) || plausible(*second, *first)
    };
    valid.then_some(span)
}

fn validate_written(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let day = candidate
        .split(|character: char| !character.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .find(|part| part.len() <= 2)?
        .parse::<u32>()
        .ok()?;
    (1..=31).contains(&day).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn dates(text: &str) -> Vec<&str> {
        found("DATE_OF_BIRTH", text)
    }

    #[test]
    fn dob_finds_dates_after_birth_context() {
        for date in [
            "09/08/1971",
            "12/28/1978",
            "November 02, 1953",
            "23 May 1985",
            "1968-02-25",
            "21.06.1972",
            "Sept. 3, 1990",
        ] {
            let text = format!("Employee date of birth: {date}.");
            assert_eq!(dates(&text), [date], "{text}");
        }
        assert_eq!(dates("DOB 4/7/1988"), ["4/7/1988"]);
        assert_eq!(dates("born on 2 March 1961 in Leeds"), ["2 March 1961"]);
    }

    #[test]
    fn dob_needs_birth_context_and_a_calendar_date() {
        assert!(dates("Invoice dated 09/08/1971.").is_empty());
        assert!(dates("Paid on 23 May 1985.").is_empty());
        assert!(dates("date of birth: 13/13/1971").is_empty());
        assert!(dates("date of birth: 32 May 1985").is_empty());
    }
}
