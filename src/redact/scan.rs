//! One pass over a text that tells where each pattern of the catalogue can match.
//!
//! Every pattern and every detector's context words are compiled into one lazy DFA that reports
//! all matches, overlapping ones included, by their end offset. Most patterns cannot match a line
//! break, so a report places such a pattern on one line, and only those lines are searched with
//! the pattern's own regex afterwards. The other patterns are searched over the whole text, and
//! only when the pass saw them match somewhere.
//!
//! On a log of one megabyte this replaces one scan per pattern (72 scans) with one scan plus
//! short searches on the lines where a pattern can match.

use std::ops::Range;
use std::sync::LazyLock;

use regex_automata::hybrid::dfa::{Cache, DFA, OverlappingState};
use regex_automata::nfa::thompson;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::detectors::CATALOGUE;

/// Memory that the combined NFA may use. The default limit is sized for one expression, and the
/// catalogue's Unicode classes need more when combined.
const NFA_SIZE_LIMIT: usize = 64 << 20;

/// Memory for the states that the lazy DFA builds as it scans, per thread.
const DFA_CACHE_BYTES: usize = 16 << 20;

/// What one pattern of the combined DFA stands for.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// A detector pattern, by its index in the catalogue's flat list of patterns.
    Pattern(usize),
    /// The context words of a detector, by its index in the catalogue.
    Context(usize),
}

/// The combined DFA, with what each of its patterns stands for.
struct Scanner {
    dfa: DFA,
    targets: Vec<Target>,
    /// For each pattern in the catalogue's flat list: whether it cannot match a line break.
    line_local: Vec<bool>,
    patterns: usize,
    detectors: usize,
    /// Caches of the DFA, shared by all threads. A cache holds the DFA states built so far, and
    /// building them costs more than scanning, so caches outlive the threads that
    /// [`super::text::analyze`] starts for each long text.
    caches: Pool<Cache, CacheFactory>,
}

/// The combined DFA, or `None` when it cannot be built; a unit test checks that it can, and
/// analysis then searches every pattern over the whole text.
static SCANNER: LazyLock<Option<Scanner>> = LazyLock::new(build);

/// Creates a cache for the combined DFA.
type CacheFactory = Box<dyn Fn() -> Cache + Send + Sync>;

fn build() -> Option<Scanner> {
    let mut expressions: Vec<String> = Vec::new();
    let mut targets = Vec::new();
    let mut line_local = Vec::new();
    for detector in CATALOGUE {
        for pattern in detector.patterns {
            let hir = regex_syntax::parse(pattern.regex).ok()?;
            let index = line_local.len();
            line_local.push(cannot_match_line_break(&hir));
            targets.push(Target::Pattern(index));
            expressions.push(gate(&hir).to_string());
        }
    }
    let patterns = line_local.len();
    for (index, detector) in CATALOGUE.iter().enumerate() {
        if detector.context_words.is_empty() {
            continue;
        }
        let words: Vec<String> = detector
            .context_words
            .iter()
            .map(|word| regex_syntax::escape(word))
            .collect();
        targets.push(Target::Context(index));
        expressions.push(format!("(?i:{})", words.join("|")));
    }
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(DFA_CACHE_BYTES)
                // Never give up on a text that keeps clearing the cache: the search stays linear,
                // and the fallback would be slower still.
                .minimum_cache_clear_count(None),
        )
        .syntax(syntax::Config::new())
        .thompson(
            thompson::Config::new()
                .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                .which_captures(thompson::WhichCaptures::None),
        )
        .build_many(&expressions)
        .ok()?;
    let factory = dfa.clone();
    Some(Scanner {
        caches: Pool::new(Box::new(move || factory.create_cache())),
        dfa,
        targets,
        line_local,
        patterns,
        detectors: CATALOGUE.len(),
    })
}

/// Checks whether no match of `hir` can contain a line break (`\n`).
fn cannot_match_line_break(hir: &Hir) -> bool {
    let nonempty = hir
        .properties()
        .minimum_len()
        .is_some_and(|length| length > 0);
    nonempty && !may_contain_line_break(hir)
}

/// Returns an expression that matches a prefix of every match of `hir`, cut where the pattern's
/// optional or repeated tail begins.
///
/// The combined DFA reports every end of every match: `\p{Lu}\p{Ll}+` ends after each letter of
/// a capitalised word. Its gate `\p{Lu}\p{Ll}` ends once per word. Wherever a pattern matches,
/// its gate matches a prefix of that match, on the same line, so the scan reports far less and
/// still shows every line where the pattern can match. A tail of look-around assertions alone,
/// such as the `\b` after a number, is kept whole, since it already lets a match end only once.
fn gate(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Concat(parts) => {
            let is_empty = |part: &Hir| part.properties().minimum_len() == Some(0);
            let Some(last) = parts.iter().rposition(|part| !is_empty(part)) else {
                return hir.clone();
            };
            let tail = &parts[last + 1..];
            if !tail.is_empty()
                && tail
                    .iter()
                    .all(|part| matches!(part.kind(), HirKind::Look(_)))
            {
                return hir.clone();
            }
            let mut kept = parts[..last].to_vec();
            kept.push(gate(&parts[last]));
            Hir::concat(kept)
        }
        HirKind::Alternation(branches) => Hir::alternation(branches.iter().map(gate).collect()),
        HirKind::Capture(capture) => gate(&capture.sub),
        // The fewest repetitions, the last of them cut short in turn.
        HirKind::Repetition(repetition) if repetition.min > 0 => {
            let exactly = |times: u32| {
                Hir::repetition(regex_syntax::hir::Repetition {
                    min: times,
                    max: Some(times),
                    greedy: true,
                    sub: repetition.sub.clone(),
                })
            };
            let last = gate(&repetition.sub);
            if last == *repetition.sub {
                exactly(repetition.min)
            } else {
                Hir::concat(vec![exactly(repetition.min - 1), last])
            }
        }
        _ => hir.clone(),
    }
}

fn may_contain_line_break(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(class)) => class
            .iter()
            .any(|range| (range.start()..=range.end()).contains(&'\n')),
        HirKind::Class(Class::Bytes(class)) => class
            .iter()
            .any(|range| (range.start()..=range.end()).contains(&b'\n')),
        HirKind::Repetition(repetition) => may_contain_line_break(&repetition.sub),
        HirKind::Capture(capture) => may_contain_line_break(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().any(may_contain_line_break)
        }
    }
}

/// Where each pattern and each detector's context words matched in one text.
#[derive(Debug)]
pub(crate) struct Hits {
    /// For each pattern in the catalogue's flat list, then each detector's context words:
    /// whether it matched anywhere.
    anywhere: Vec<bool>,
    /// The same, with the byte ranges of the lines where it matched, in text order and without
    /// repeats. Empty for patterns that can match a line break.
    lines: Vec<Vec<Range<usize>>>,
    patterns: usize,
}

impl Hits {
    /// Checks whether the pattern at `index` in the catalogue's flat list matched anywhere.
    pub fn pattern_matched(&self, index: usize) -> bool {
        self.anywhere.get(index).copied().unwrap_or(false)
    }

    /// Checks whether a context word of the detector at `index` in the catalogue occurs anywhere.
    pub fn context_matched(&self, index: usize) -> bool {
        self.pattern_matched(self.patterns + index)
    }

    /// Returns the lines where the pattern at `index` matched, or `None` when the pattern can
    /// match a line break and must be searched over the whole text.
    pub fn pattern_lines(&self, index: usize) -> Option<&[Range<usize>]> {
        is_line_local(index).then(|| self.lines[index].as_slice())
    }

    /// Returns the lines where a context word of the detector at `index` occurs.
    pub fn context_lines(&self, index: usize) -> &[Range<usize>] {
        self.lines
            .get(self.patterns + index)
            .map_or(&[], Vec::as_slice)
    }
}

/// Checks whether the pattern at `index` in the catalogue's flat list cannot match a line break.
pub(crate) fn is_line_local(index: usize) -> bool {
    SCANNER
        .as_ref()
        .and_then(|scanner| scanner.line_local.get(index).copied())
        .unwrap_or(false)
}

/// Scans `text` once with the combined DFA, or returns `None` when the DFA is not available or
/// the search fails, in which case every pattern is searched over the whole text.
pub(crate) fn scan(text: &str) -> Option<Hits> {
    let scanner = SCANNER.as_ref()?;
    let mut cache = scanner.caches.get();
    scan_with(scanner, &mut cache, text)
}

fn scan_with(scanner: &Scanner, cache: &mut Cache, text: &str) -> Option<Hits> {
    let targets = scanner.patterns + scanner.detectors;
    let mut hits = Hits {
        anywhere: vec![false; targets],
        lines: vec![Vec::new(); targets],
        patterns: scanner.patterns,
    };
    let bytes = text.as_bytes();
    let input = Input::new(text);
    let mut state = OverlappingState::start();
    // The line that holds the last reported match.
    let mut line = 0..0;
    loop {
        scanner
            .dfa
            .try_search_overlapping_fwd(cache, &input, &mut state)
            .ok()?;
        let Some(found) = state.get_match() else {
            break;
        };
        let slot = match scanner.targets[found.pattern().as_usize()] {
            Target::Pattern(index) => index,
            Target::Context(index) => scanner.patterns + index,
        };
        hits.anywhere[slot] = true;
        let line_local = scanner.line_local.get(slot).copied().unwrap_or(true);
        if !line_local {
            continue;
        }
        // The match's last byte. Matches of line-local patterns and context words are never
        // empty, and reports come in order of their end, so lines only move forward.
        let last = found.offset().saturating_sub(1);
        if !line.contains(&last) {
            line = line_around(bytes, last);
        }
        let lines = &mut hits.lines[slot];
        if lines.last() != Some(&line) {
            lines.push(line.clone());
        }
    }
    Some(hits)
}

/// Returns the byte range of the line that holds `offset`, without its line break.
fn line_around(bytes: &[u8], offset: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |index| index + 1);
    let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |index| offset + index);
    start..end
}

#[cfg(test)]
mod tests {
    use super::{SCANNER, cannot_match_line_break, gate, scan};

    #[test]
    fn scanner_builds_for_the_catalogue() {
        let scanner = SCANNER.as_ref().expect("combined DFA builds");
        let total: usize = super::CATALOGUE
            .iter()
            .map(|detector| detector.patterns.len())
            .sum();
        assert_eq!(scanner.patterns, total);
        assert_eq!(scanner.line_local.len(), total);
    }

    fn line_local(expression: &str) -> bool {
        cannot_match_line_break(&regex_syntax::parse(expression).expect("expression parses"))
    }

    #[test]
    fn line_break_analysis() {
        assert!(line_local(r"[0-9]{3}-[0-9]{4}"));
        assert!(line_local(r"\p{Lu}\p{Ll}+ [A-Z]"));
        assert!(!line_local(r"a\sb"));
        assert!(!line_local(r"[^@]+@x"));
        assert!(!line_local(r"(?s)a.b"));
        assert!(line_local(r"a.b"));
        assert!(!line_local(r"x?"));
    }

    fn gate_of(expression: &str) -> String {
        let hir = regex_syntax::parse(expression).expect("expression parses");
        gate(&hir).to_string()
    }

    #[test]
    fn gate_keeps_a_short_prefix() {
        let same = |left: &str, right: &str| {
            assert_eq!(
                gate_of(left),
                regex_syntax::parse(right).expect("parses").to_string()
            );
        };
        same(
            r"(?-u:\b)[0-9]{3}-[0-9]{4}(?-u:\b)",
            r"(?-u:\b)[0-9]{3}-[0-9]{4}(?-u:\b)",
        );
        same(r"[0-9]{13,19}", r"[0-9]{13}");
        same(r"ab|x[0-9]{5,}", r"ab|x[0-9]{5}");
        same(r"\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*", r"\p{Lu}\p{Ll}");
        same(r"[0-9]{3}(?: ?ext)?(?-u:\b)", r"[0-9]{3}");
        same(r"(?:a[0-9]+)+", r"a[0-9]");
        same(r"(?:ab){2,}", r"(?:ab){2}");
        same(r"(?:a[0-9]*){2,}", r"(?:a[0-9]*){1}a");
        same(r"a*", r"a*");
    }

    #[test]
    fn gate_matches_wherever_its_pattern_matches() {
        let samples = [
            "card 4111 1111 1111 1111 and 123-45-6789",
            "Maria Lopez, maria.lopez@example.com, +44 20 7946 0958",
            "IBAN DE89 3704 0044 0532 0130 00 from 63.252.72.138",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl",
            "https://user:secret@example.com/path?access_token=ya29.a0AfH6SMBx&code=4/0AX4",
            "Dear Mr. John O'Neil-Smith, 10 Downing Street, London SW1A 2AA, DOB 04/07/1985",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\n-----END RSA PRIVATE KEY-----",
            "AKIAIOSFODNN7EXAMPLE 2001:db8::8a2e:370:7334 00:1A:2B:3C:4D:5E bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        ];
        for detector in super::CATALOGUE {
            for pattern in detector.patterns {
                let full = regex::Regex::new(pattern.regex).expect("pattern compiles");
                let gated = regex::Regex::new(&gate_of(pattern.regex)).expect("gate compiles");
                for sample in samples {
                    for found in full.find_iter(sample) {
                        let inside = &sample[..found.end()];
                        assert!(
                            gated
                                .find_at(inside, found.start())
                                .is_some_and(|gate| gate.start() == found.start()),
                            "{}: {sample}",
                            pattern.rule
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn scan_places_matches_on_their_lines() {
        let text = "first line\nSSN 123-45-6789 here\nlast";
        let hits = scan(text).expect("scan succeeds");
        let index = super::CATALOGUE
            .iter()
            .flat_map(|detector| detector.patterns.iter())
            .position(|pattern| pattern.rule == "us_ssn.dashed")
            .expect("rule exists");
        assert!(hits.pattern_matched(index));
        let lines = hits.pattern_lines(index).expect("pattern is line-local");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0], 11..31);
        assert_eq!(&text[lines[0].clone()], "SSN 123-45-6789 here");
    }

    #[test]
    fn scan_of_empty_text_finds_nothing() {
        let hits = scan("").expect("scan succeeds");
        assert!(!(0..hits.patterns).any(|index| hits.pattern_matched(index)));
    }
}

#[cfg(test)]
mod explore {
    use regex_automata::Input;
    use regex_automata::hybrid::dfa::OverlappingState;

    #[test]
    #[ignore = "exploration"]
    fn explore_reports() {
        let document = std::fs::read_to_string("/tmp/doc.txt").unwrap();
        let scanner = super::SCANNER.as_ref().unwrap();
        let mut cache = scanner.dfa.create_cache();
        let all: Vec<&str> = super::CATALOGUE
            .iter()
            .flat_map(|d| d.patterns.iter().map(|p| p.rule))
            .collect();
        let rules: Vec<&str> = scanner
            .targets
            .iter()
            .map(|t| match t {
                super::Target::Pattern(i) => all[*i],
                super::Target::Context(d) => super::CATALOGUE[*d].entity,
            })
            .collect();
        let mut counts = vec![0usize; scanner.targets.len()];
        let input = Input::new(&document);
        let mut state = OverlappingState::start();
        loop {
            scanner
                .dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .unwrap();
            let Some(found) = state.get_match() else {
                break;
            };
            counts[found.pattern().as_usize()] += 1;
        }
        let mut rows: Vec<(usize, String)> = counts
            .iter()
            .enumerate()
            .filter(|r| *r.1 > 0)
            .map(|(i, c)| {
                (
                    *c,
                    rules
                        .get(i)
                        .map_or(format!("context {i}"), |r| (*r).to_owned()),
                )
            })
            .collect();
        rows.sort();
        println!("{rows:?} total {}", counts.iter().sum::<usize>());
    }
}
