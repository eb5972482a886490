//! Text detectors: one file per entity, each registered by one line in [`CATALOGUE`].
//!
//! A detector is a set of patterns. Each pattern is a `regex` expression (linear time, no
//! backtracking) plus a validation function that receives the match with its surrounding text, so it
//! can check digit-run boundaries, separators and check digits. Context words that precede a
//! match raise its score, and some patterns count only with such a word.

mod aba_routing;
mod au_abn;
mod au_acn;
mod au_bsb;
mod au_medicare;
mod au_tfn;
mod ca_bn;
mod ca_sin;
mod cloud_access_key;
mod credit_card;
mod crypto;
mod date_of_birth;
mod de_tax_id;
mod email;
mod es_nie;
mod es_nif;
mod eu_vat;
mod http_credential;
mod iban;
mod in_aadhaar;
mod in_gstin;
mod in_pan;
mod ip_address;
mod it_fiscal_code;
mod jwt;
mod mac_address;
mod oauth_token;
mod person;
mod phone;
mod private_key;
mod street_address;
pub(crate) mod support;
mod uk_nhs;
mod uk_nino;
mod uk_sort_code;
mod uk_utr;
mod url;
mod us_bank_number;
mod us_ein;
mod us_itin;
mod us_passport;
mod us_ssn;

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;
use regex_syntax::hir::{Hir, HirKind, Look};

pub(crate) use person::is_name_value;
use support::ContextWords;

/// Byte range of a match inside the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

/// Validation of one match: receives the whole text and the matched span, and returns the span
/// to report (the same or a narrower one) or `None` to reject the match.
pub(crate) type Validate = fn(&str, Span) -> Option<Span>;

/// One regular expression of a detector, with the checks its matches must pass.
#[derive(Debug)]
pub(crate) struct Pattern {
    /// Short stable id reported in `Finding::rule`, such as `"phone.international"`.
    pub rule: &'static str,
    pub regex: &'static str,
    /// Score of an accepted match without a context word, in `0.0..=1.0`.
    pub score: f32,
    /// Whether a match counts only when one of the detector's context words precedes it.
    pub requires_context: bool,
    pub validate: Validate,
}

/// Detector of one entity.
#[derive(Debug)]
pub(crate) struct Detector {
    /// Entity name, following Presidio's names where it has one.
    pub entity: &'static str,
    /// Lower-case words or phrases that, shortly before a match, make it more likely to be this entity.
    pub context_words: &'static [&'static str],
    /// ISO 3166-1 alpha-2 codes of the countries that issue this identifier; empty for entities
    /// found worldwide. `Settings::locales` selects by these.
    pub countries: &'static [&'static str],
    pub patterns: &'static [Pattern],
}

/// Every text detector. Adding an entity takes one new file and one line here.
pub(crate) const CATALOGUE: &[&Detector] = &[
    &email::DETECTOR,
    &phone::DETECTOR,
    &credit_card::DETECTOR,
    &us_ssn::DETECTOR,
    &iban::DETECTOR,
    &aba_routing::DETECTOR,
    &us_ein::DETECTOR,
    &us_itin::DETECTOR,
    &ca_sin::DETECTOR,
    &au_tfn::DETECTOR,
    &au_abn::DETECTOR,
    &uk_nino::DETECTOR,
    &in_pan::DETECTOR,
    &in_aadhaar::DETECTOR,
    &in_gstin::DETECTOR,
    &uk_nhs::DETECTOR,
    &au_acn::DETECTOR,
    &de_tax_id::DETECTOR,
    &jwt::DETECTOR,
    &oauth_token::DETECTOR,
    &http_credential::DETECTOR,
    &private_key::DETECTOR,
    &cloud_access_key::DETECTOR,
    &person::DETECTOR,
    &ip_address::DETECTOR,
    &mac_address::DETECTOR,
    &date_of_birth::DETECTOR,
    &url::DETECTOR,
    &street_address::DETECTOR,
    &es_nif::DETECTOR,
    &es_nie::DETECTOR,
    &it_fiscal_code::DETECTOR,
    &uk_utr::DETECTOR,
    &ca_bn::DETECTOR,
    &au_medicare::DETECTOR,
    &us_passport::DETECTOR,
    &us_bank_number::DETECTOR,
    &uk_sort_code::DETECTOR,
    &au_bsb::DETECTOR,
    &crypto::DETECTOR,
    &eu_vat::DETECTOR,
];

/// Detector with its patterns compiled, in the order of `Detector::patterns`.
#[derive(Debug)]
pub(crate) struct CompiledDetector {
    pub detector: &'static Detector,
    /// Index of the detector in [`CATALOGUE`].
    pub index: usize,
    pub regexes: Vec<meta::Regex>,
    /// For each pattern: whether every match starts at an ASCII word boundary (`(?-u:\b)`), so
    /// that no match starts inside a run of word characters.
    pub at_word_start: Vec<bool>,
    /// Case-insensitive search for any of the context words, without word boundaries. A text
    /// where it finds nothing cannot satisfy a pattern that requires context, so such patterns
    /// are skipped with one fast scan instead of checking the words around every match.
    pub context: Option<Regex>,
    /// The context words, for checking the text before each match.
    pub context_words: ContextWords,
    /// Index of this detector's first pattern in the catalogue's flat list of patterns, in
    /// catalogue order.
    pub first_pattern: usize,
}

impl CompiledDetector {
    /// Checks whether a pattern that requires context can match anywhere in `text`.
    pub fn may_have_context(&self, text: &str) -> bool {
        self.context
            .as_ref()
            .is_none_or(|context| context.is_match(text))
    }
}

fn context_regex(words: &[&str]) -> Option<Regex> {
    if words.is_empty() {
        return None;
    }
    let alternatives: Vec<String> = words.iter().map(|word| regex::escape(word)).collect();
    // The words are constants, and a unit test compiles every detector.
    Some(
        Regex::new(&format!("(?i){}", alternatives.join("|")))
            .expect("escaped context words must compile"),
    )
}

static COMPILED: LazyLock<Vec<CompiledDetector>> = LazyLock::new(|| {
    let mut first_pattern = 0;
    CATALOGUE
        .iter()
        .enumerate()
        .map(|(index, detector)| {
            let first = first_pattern;
            first_pattern += detector.patterns.len();
            (index, detector, first)
        })
        .map(|(index, detector, first_pattern)| CompiledDetector {
            detector,
            index,
            first_pattern,
            regexes: detector
                .patterns
                .iter()
                .map(|pattern| {
                    // The patterns are constants, and a unit test compiles every one of them.
                    meta::Regex::new(pattern.regex).expect("built-in detector pattern must compile")
                })
                .collect(),
            at_word_start: detector
                .patterns
                .iter()
                .map(|pattern| {
                    regex_syntax::parse(pattern.regex)
                        .is_ok_and(|hir| starts_with_ascii_word_boundary(&hir))
                })
                .collect(),
            context: context_regex(detector.context_words),
            context_words: ContextWords::new(detector.context_words),
        })
        .collect()
});

/// Checks whether every match of `hir` starts with an ASCII word boundary assertion.
fn starts_with_ascii_word_boundary(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => *look == Look::WordAscii,
        HirKind::Capture(capture) => starts_with_ascii_word_boundary(&capture.sub),
        HirKind::Concat(parts) => parts.first().is_some_and(starts_with_ascii_word_boundary),
        HirKind::Alternation(branches) => branches.iter().all(starts_with_ascii_word_boundary),
        _ => false,
    }
}

/// Returns the expression that the combined scan looks for in place of the pattern with rule
/// `rule`, when that pattern has one. It must match wherever a match that passes validation
/// starts, and it may match elsewhere too.
pub(crate) fn scan_gate(rule: &str) -> Option<&'static str> {
    (rule == "person.labelled").then_some(person::LABELLED_GATE)
}

/// Returns the compiled regex of every pattern of the catalogue, in the catalogue's flat order.
pub(crate) fn compiled_regexes() -> impl Iterator<Item = &'static meta::Regex> {
    COMPILED.iter().flat_map(|compiled| compiled.regexes.iter())
}

/// Returns the compiled detector of an entity, or `None` when the catalogue has no such entity.
pub(crate) fn find_compiled(entity: &str) -> Option<&'static CompiledDetector> {
    COMPILED
        .iter()
        .find(|compiled| compiled.detector.entity == entity)
}

/// Returns the names of all entities in the catalogue, in catalogue order.
pub(crate) fn catalogue_entities() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|detector| detector.entity)
}

/// Returns the text of each finding of `entity` in `text`, for the detectors' unit tests.
#[cfg(test)]
pub(crate) fn found<'t>(entity: &str, text: &'t str) -> Vec<&'t str> {
    crate::redact::Redactor::with_entities(&[entity])
        .expect("entity is in the catalogue")
        .analyze(text)
        .iter()
        .map(|finding| &text[finding.start..finding.end])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{CATALOGUE, COMPILED, find_compiled};

    #[test]
    fn catalogue_patterns_compile() {
        assert_eq!(COMPILED.len(), CATALOGUE.len());
        for compiled in COMPILED.iter() {
            assert_eq!(compiled.regexes.len(), compiled.detector.patterns.len());
        }
    }

    #[test]
    fn first_pattern_follows_catalogue_order() {
        let mut first = 0;
        for (index, compiled) in COMPILED.iter().enumerate() {
            assert_eq!(compiled.index, index);
            assert_eq!(compiled.first_pattern, first);
            first += compiled.detector.patterns.len();
        }
    }

    #[test]
    fn catalogue_entities_are_unique() {
        for (index, detector) in CATALOGUE.iter().enumerate() {
            assert!(
                CATALOGUE[index + 1..]
                    .iter()
                    .all(|other| other.entity != detector.entity),
                "{} is registered twice",
                detector.entity
            );
        }
    }

    #[test]
    fn catalogue_scores_and_rules_are_well_formed() {
        for detector in CATALOGUE {
            for pattern in detector.patterns {
                assert!(
                    (0.0..=1.0).contains(&pattern.score),
                    "score of {} is out of range",
                    pattern.rule
                );
                assert!(!pattern.rule.is_empty());
                assert!(
                    !pattern.requires_context || !detector.context_words.is_empty(),
                    "{} requires context but {} has no context words",
                    pattern.rule,
                    detector.entity
                );
            }
            for word in detector.context_words {
                assert_eq!(
                    *word,
                    word.to_ascii_lowercase(),
                    "context words are lower case"
                );
            }
        }
    }

    #[test]
    fn find_compiled_rejects_unknown_entity() {
        assert!(find_compiled("EMAIL_ADDRESS").is_some());
        assert!(find_compiled("email_address").is_none());
        assert!(find_compiled("").is_none());
    }

    #[test]
    fn catalogue_matches_default_entities() {
        let names: Vec<&str> = CATALOGUE.iter().map(|detector| detector.entity).collect();
        assert_eq!(names, crate::redact::DEFAULT_ENTITIES);
    }
}
