//! Country calling codes (ITU-T E.164) and the lengths of national significant numbers for the
//! countries whose formats the phone detector aims at.

use std::ops::RangeInclusive;

/// Two-digit country codes in service, after the one-digit codes 1 (North America) and 7
/// (Russia, Kazakhstan).
const TWO_DIGIT_CODES: &[&str] = &[
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// First two digits of the three-digit country codes, such as 35x (Portugal 351, Ireland 353)
/// and 97x (United Arab Emirates 971). `80` is the international freephone code 800.
const THREE_DIGIT_CODE_STARTS: &[&str] = &[
    "21", "22", "23", "24", "25", "26", "29", "35", "37", "38", "42", "50", "59", "67", "68", "69",
    "80", "85", "87", "88", "96", "97", "99",
];

/// Lengths of the national significant number (the digits after the country code, without the
/// trunk prefix) in the countries the detector aims at. Germany's and Italy's numbers vary in
/// length by area.
const NATIONAL_LENGTHS: &[(&str, RangeInclusive<usize>)] = &[
    ("1", 10..=10),
    ("31", 9..=9),
    ("33", 9..=9),
    ("34", 9..=9),
    ("39", 6..=11),
    ("44", 9..=10),
    ("49", 6..=13),
    ("55", 10..=11),
    ("61", 9..=9),
    ("81", 9..=10),
    ("91", 10..=10),
];

/// Returns the country code at the start of `digits`, or `None` when they start with no code in
/// service. Country codes form a prefix code, so at most one can match.
pub(super) fn country_code(digits: &str) -> Option<&str> {
    let first_two = digits.get(..2)?;
    let length = if digits.starts_with(['1', '7']) {
        1
    } else if TWO_DIGIT_CODES.contains(&first_two) {
        2
    } else if THREE_DIGIT_CODE_STARTS.contains(&first_two) {
        3
    } else {
        return None;
    };
    digits.get(..length)
}

/// Checks the length of a national significant number against the plan of its country, when the
/// detector has that plan. Numbers of other countries pass.
///
/// A number written with its trunk 0 after the country code (`+44 020 7946 0958`) is a common
/// mistake, so one extra digit is allowed when the number starts with 0. Italian numbers keep
/// their 0, and their range already counts it.
pub(super) fn has_plan_length(country: &str, national: &str) -> bool {
    let Some((_, lengths)) = NATIONAL_LENGTHS.iter().find(|(code, _)| *code == country) else {
        return true;
    };
    let written_trunk = usize::from(national.starts_with('0') && country != "39");
    lengths.contains(&national.len()) || lengths.contains(&(national.len() - written_trunk))
}

#[cfg(test)]
mod tests {
    use super::{country_code, has_plan_length};

    #[test]
    fn country_code_reads_one_to_three_digits() {
        assert_eq!(country_code("14155550134"), Some("1"));
        assert_eq!(country_code("442079460958"), Some("44"));
        assert_eq!(country_code("353123456789"), Some("353"));
        assert_eq!(country_code("2812345678"), None);
        assert_eq!(country_code("0123"), None);
        assert_eq!(country_code("4"), None);
    }

    #[test]
    fn plan_length_checks_known_countries() {
        assert!(has_plan_length("1", "4155550134"));
        assert!(!has_plan_length("1", "41555501344"));
        assert!(has_plan_length("44", "2079460958"));
        assert!(has_plan_length("44", "02079460958"));
        assert!(!has_plan_length("44", "20794609"));
        assert!(!has_plan_length("33", "12345678"));
        assert!(has_plan_length("39", "0612345678"));
        assert!(has_plan_length("49", "30901820"));
        assert!(has_plan_length("353", "12345"));
    }
}
