//! Text analysis: runs the selected detectors and deny rules over a text, filters and resolves
//! overlapping matches, and replaces the findings with their operators' output.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::detectors::support::{CONTEXT_WINDOW_BYTES, ContextWords, lies_in_uuid};
use std::ops::Range;

use regex_automata::Input;
use regex_automata::meta;

use super::detectors::{CompiledDetector, Detector, Pattern, Span};
use super::operators;
use super::scan::{self, Hits};
use super::settings::{Compiled, Operator};
use super::{Finding, Redactor};

/// Score added to a match when a context word of its detector precedes it. Scores stay at or
/// below 1.0.
const CONTEXT_BOOST: f32 = 0.2;

/// Upper bound of the number of detectors in the catalogue, for a table on the stack; a unit
/// test checks it.
const MAX_DETECTORS: usize = 64;

/// Number of candidates up to which [`resolve_overlaps`] compares each one with every selected
/// finding instead of keeping them in a tree.
const FEW_CANDIDATES: usize = 32;

/// Score of a deny-list match: the caller asked for it, so it is certain.
const DENY_SCORE: f32 = 1.0;

/// Total size of a batch below which [`parallel_map`] stays on the calling thread. Starting a
/// thread costs tens of microseconds, so only large batches gain from more threads.
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Smallest part of a long text that [`analyze`] gives to a thread of its own.
const CHUNK_MIN_BYTES: usize = 512 * 1024;

/// Finds every selected entity in `text`, sorted by start and without overlaps.
///
/// A text of at least two [`CHUNK_MIN_BYTES`] is split at line breaks into parts that are
/// analysed on separate threads, the calling thread taking the first. No match of a pattern that
/// cannot match a line break crosses a part boundary. The few other patterns (PEM keys) and the
/// deny rules search the whole text first. Every search reads the whole text around its range, so
/// word boundaries and validation work as on one thread.
pub(crate) fn analyze(redactor: &Redactor, text: &str) -> Vec<Finding> {
    if text.len() < 2 * CHUNK_MIN_BYTES || !scan::is_available() {
        return analyze_whole(redactor, text);
    }
    // Only asked for long texts: on Linux the call reads cgroup files, which costs more than
    // analysing a short text.
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let parts = threads.min(text.len() / CHUNK_MIN_BYTES);
    let mut bounds = vec![0];
    for part in 1..parts {
        let target = text.len() / parts * part;
        // The start of the line after `target`: a line break is one byte, so the next byte
        // starts a character.
        let Some(offset) = memchr::memchr(b'\n', &text.as_bytes()[target..]) else {
            break;
        };
        let start = target + offset + 1;
        if bounds.last().is_some_and(|last| *last < start) && start < text.len() {
            bounds.push(start);
        }
    }
    bounds.push(text.len());
    if bounds.len() < 3 {
        return analyze_whole(redactor, text);
    }
    // The patterns that can cross a line break have literal prefilters, so their search is short.
    // Whether it finds anything decides whether the parts keep their candidates for one final
    // resolution or resolve them on their own.
    let across_lines = filter(redactor, text, cross_line_candidates(redactor, text));
    let resolve_parts = across_lines.is_empty();
    let analyze_part = |range: Range<usize>| {
        let candidates = filter(redactor, text, line_candidates(redactor, text, range));
        if resolve_parts {
            resolve_overlaps(candidates)
        } else {
            candidates
        }
    };
    let ranges: Vec<Range<usize>> = bounds.windows(2).map(|part| part[0]..part[1]).collect();
    let Some((first, rest)) = ranges.split_first() else {
        return analyze_whole(redactor, text);
    };
    std::thread::scope(|scope| {
        let analyze_part = &analyze_part;
        let handles: Vec<_> = rest
            .iter()
            .map(|range| scope.spawn(move || analyze_part(range.clone())))
            .collect();
        // The calling thread analyses the first part itself.
        let mut found = analyze_part(first.clone());
        for handle in handles {
            match handle.join() {
                Ok(part) => found.extend(part),
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        if resolve_parts {
            // Candidates of different parts never overlap, so each part's selection is final.
            return found;
        }
        found.extend(across_lines);
        resolve_overlaps(found)
    })
}

/// Returns the candidates in `range` of `text`, which starts and ends at line boundaries, of
/// the patterns that cannot match a line break.
fn line_candidates(redactor: &Redactor, text: &str, range: Range<usize>) -> Vec<Finding> {
    let mut candidates = Vec::new();
    scan::with_hits(text, range.clone(), |hits| match hits {
        Some(hits) => collect_where_matched(redactor, hits, text, Lines::Within, &mut candidates),
        // The scan gave up: every pattern that cannot match a line break searches the part.
        None => {
            for compiled in &redactor.detectors {
                collect_without_hits(
                    compiled,
                    text,
                    range.clone(),
                    scan::is_line_local,
                    &mut candidates,
                );
            }
        }
    });
    candidates
}

/// Returns the candidates of the patterns that can match a line break and of the deny rules,
/// searched over the whole text.
fn cross_line_candidates(redactor: &Redactor, text: &str) -> Vec<Finding> {
    let mut candidates = Vec::new();
    for compiled in &redactor.detectors {
        collect_without_hits(
            compiled,
            text,
            0..text.len(),
            |index| !scan::is_line_local(index),
            &mut candidates,
        );
    }
    collect_denied(redactor, text, &mut candidates);
    candidates
}

/// Finds every selected entity in `text` on the calling thread.
///
/// One scan with all patterns at once ([`scan`]) shows where each pattern can match. Each
/// pattern's own regex then searches only the lines where it can. The few patterns that can
/// match a line break search the whole text.
fn analyze_whole(redactor: &Redactor, text: &str) -> Vec<Finding> {
    if text.is_empty() {
        return Vec::new();
    }
    scan::with_hits(text, 0..text.len(), |hits| {
        analyze_with_hits(redactor, text, hits)
    })
}

/// Finds every selected entity in `text`, searching each pattern only where `hits` shows it can
/// match, or everywhere when `hits` is `None`.
fn analyze_with_hits(redactor: &Redactor, text: &str, hits: Option<&Hits<'_>>) -> Vec<Finding> {
    let mut candidates = Vec::new();
    match hits {
        Some(hits) => collect_where_matched(redactor, hits, text, Lines::Any, &mut candidates),
        None => {
            for compiled in &redactor.detectors {
                collect_without_hits(compiled, text, 0..text.len(), |_| true, &mut candidates);
            }
        }
    }
    collect_denied(redactor, text, &mut candidates);
    resolve_overlaps(filter(redactor, text, candidates))
}

/// Appends the matches of the deny rules in `text` to `candidates`.
fn collect_denied(redactor: &Redactor, text: &str, candidates: &mut Vec<Finding>) {
    for rule in redactor.deny_rules() {
        candidates.extend(rule.regex.find_iter(text).map(|found| Finding {
            entity: rule.entity,
            start: found.start(),
            end: found.end(),
            score: DENY_SCORE,
            rule: rule.rule,
        }));
    }
}

/// Drops the candidates below their entity's threshold and those on the allow list.
fn filter(redactor: &Redactor, text: &str, mut candidates: Vec<Finding>) -> Vec<Finding> {
    let settings = redactor.settings();
    candidates.retain(|finding| {
        finding.score >= settings.threshold(finding.entity)
            && !text
                .get(finding.start..finding.end)
                .is_some_and(|value| settings.is_allowed(value))
    });
    candidates
}

/// Applies `function` to each text, splitting the batch over the available cores when its total
/// size is at least [`PARALLEL_MIN_BYTES`]. Results keep the order of `texts`.
pub(crate) fn parallel_map<T: Send>(texts: &[&str], function: impl Fn(&str) -> T + Sync) -> Vec<T> {
    let total: usize = texts.iter().map(|text| text.len()).sum();
    if texts.len() < 2 || total < PARALLEL_MIN_BYTES {
        return texts.iter().map(|text| function(text)).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if threads < 2 {
        return texts.iter().map(|text| function(text)).collect();
    }
    // Contiguous chunks of about equal byte size, so one thread does not get all the long texts.
    let target = total.div_ceil(threads);
    let mut chunks: Vec<&[&str]> = Vec::with_capacity(threads);
    let mut chunk_start = 0;
    let mut chunk_bytes = 0;
    for (index, text) in texts.iter().enumerate() {
        chunk_bytes += text.len();
        if chunk_bytes >= target {
            chunks.push(&texts[chunk_start..=index]);
            chunk_start = index + 1;
            chunk_bytes = 0;
        }
    }
    if chunk_start < texts.len() {
        chunks.push(&texts[chunk_start..]);
    }
    let function = &function;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                scope.spawn(move || chunk.iter().map(|text| function(text)).collect::<Vec<T>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(results) => results,
                // A panic in the core is a bug. Re-raising it on the calling thread keeps it
                // visible instead of silently dropping that part's results.
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    })
}

/// Position of each catalogue detector in a redactor's selection, worked out once per
/// selection for [`collect_where_matched`].
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    /// For each detector of the catalogue, by index: its position in the selection, or
    /// `u8::MAX` when it is not selected.
    position: [u8; MAX_DETECTORS],
    /// Whether the selection lists its detectors in catalogue order.
    in_catalogue_order: bool,
}

impl Selection {
    pub fn new(detectors: &[&CompiledDetector]) -> Self {
        let mut position = [u8::MAX; MAX_DETECTORS];
        for (selected, compiled) in detectors.iter().enumerate() {
            if let (Some(slot), Ok(selected)) =
                (position.get_mut(compiled.index), u8::try_from(selected))
            {
                *slot = selected;
            }
        }
        let in_catalogue_order = detectors
            .windows(2)
            .all(|pair| pair[0].index < pair[1].index);
        Self {
            position,
            in_catalogue_order,
        }
    }
}

/// Choice of patterns that [`collect_where_matched`] searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// Every pattern.
    Any,
    /// Only the patterns that cannot match a line break, whose matches stay within a line.
    Within,
}

/// Appends the accepted matches of the selected detectors' patterns to `candidates`, searching
/// only where `hits` shows that a pattern and, when it needs them, its detector's context words
/// occur.
///
/// Candidates come in the order of the selection, then of each detector's patterns, then of
/// their start, as when every pattern searches the whole text: among spans of equal length and
/// score, [`resolve_overlaps`] keeps the first.
fn collect_where_matched(
    redactor: &Redactor,
    hits: &Hits<'_>,
    text: &str,
    lines: Lines,
    candidates: &mut Vec<Finding>,
) {
    let selection = &redactor.selection;
    let in_catalogue_order = selection.in_catalogue_order;
    let mut runs: Vec<(usize, Range<usize>)> = Vec::new();
    for (index, detector_index) in hits.matched_patterns() {
        let Some(&selected) = selection.position.get(detector_index) else {
            continue;
        };
        let selected = usize::from(selected);
        let Some(compiled) = redactor.detectors.get(selected) else {
            continue;
        };
        if lines == Lines::Within && !scan::is_line_local(index) {
            continue;
        }
        let first = candidates.len();
        collect_pattern(compiled, index, hits, text, candidates);
        if !in_catalogue_order {
            runs.push((selected, first..candidates.len()));
        }
    }
    if !in_catalogue_order {
        // Each pattern's candidates stay together and in order; the stable sort puts the
        // detectors in the order of the selection.
        let mut ordered: Vec<(usize, usize)> = Vec::with_capacity(candidates.len());
        for (selected, run) in runs {
            ordered.extend(run.map(|candidate| (selected, candidate)));
        }
        ordered.sort_by_key(|&(selected, _)| selected);
        let unordered = std::mem::take(candidates);
        candidates.extend(
            ordered
                .into_iter()
                .map(|(_, candidate)| unordered[candidate].clone()),
        );
    }
}

/// Appends the accepted matches of the pattern at `index` in the catalogue's flat list, which
/// belongs to `compiled`, to `candidates`.
fn collect_pattern(
    compiled: &CompiledDetector,
    index: usize,
    hits: &Hits<'_>,
    text: &str,
    candidates: &mut Vec<Finding>,
) {
    let Some(offset) = index.checked_sub(compiled.first_pattern) else {
        return;
    };
    let Some(pattern) = compiled.detector.patterns.get(offset) else {
        return;
    };
    if pattern.requires_context && !hits.context_matched(compiled.index) {
        return;
    }
    let context = hits.context_lines(compiled.index);
    hits.with_regex_cache(index, |mut cache| {
        let Some(lines) = hits.pattern_lines(index) else {
            let may_have_context = hits.context_matched(compiled.index);
            if let Some(search) = Search::new(compiled, offset, may_have_context) {
                search.collect(cache, text, 0..text.len(), candidates);
            }
            return;
        };
        if pattern.requires_context {
            // Such a pattern is searched on the lines with a context word. A context word counts
            // only before the match on its line, at most `CONTEXT_WINDOW_BYTES` before it, so a
            // match starts after the line's first context word and not far after its last.
            let Some(search) = Search::new(compiled, offset, true) else {
                return;
            };
            let windows = hits.context_windows(compiled.index);
            for (line, window) in context.iter().zip(windows) {
                let mut start = window.starts.start.clamp(line.start, line.end);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let last_start = (window.starts.end - 1).saturating_add(CONTEXT_WINDOW_BYTES);
                search.collect_until(
                    cache.as_deref_mut(),
                    text,
                    start..line.end,
                    last_start,
                    candidates,
                );
            }
        } else {
            let mut context = context.iter().peekable();
            let windows = hits.pattern_windows(index);
            for (number, line) in lines.iter().enumerate() {
                while context.next_if(|other| other.start < line.start).is_some() {}
                let may_have_context = context
                    .peek()
                    .is_some_and(|other| other.start == line.start);
                let Some(search) = Search::new(compiled, offset, may_have_context) else {
                    return;
                };
                // Matches start only where the scan worked out for this line.
                let window = windows.and_then(|windows| windows.get(number));
                let mut start = window.map_or(line.start, |window| {
                    window.starts.start.clamp(line.start, line.end)
                });
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let last_start = window.map_or(line.end, |window| window.starts.end - 1);
                let end = window.map_or(line.end, |window| window.end.clamp(start, line.end));
                search.collect_until(
                    cache.as_deref_mut(),
                    text,
                    start..end,
                    last_start,
                    candidates,
                );
            }
        }
    });
}

/// Appends to `candidates` the accepted matches in `range` of the detector's patterns that
/// `wanted` selects by their index in the catalogue's flat list, searching the whole range
/// without the combined scan.
fn collect_without_hits(
    compiled: &CompiledDetector,
    text: &str,
    range: Range<usize>,
    wanted: impl Fn(usize) -> bool,
    candidates: &mut Vec<Finding>,
) {
    // The context regex reads the whole text, so it runs only for a pattern that is searched.
    let mut may_have_context: Option<bool> = None;
    for (offset, pattern) in compiled.detector.patterns.iter().enumerate() {
        if !wanted(compiled.first_pattern + offset) {
            continue;
        }
        let context = *may_have_context.get_or_insert_with(|| compiled.may_have_context(text));
        if pattern.requires_context && !context {
            continue;
        }
        if let Some(search) = Search::new(compiled, offset, context) {
            search.collect(None, text, range.clone(), candidates);
        }
    }
}

/// Search for one pattern's matches.
struct Search<'s> {
    detector: &'static Detector,
    pattern: &'static Pattern,
    regex: &'s meta::Regex,
    /// Whether every match starts at an ASCII word boundary, so that after a rejected match the
    /// search can resume at the next boundary.
    at_word_start: bool,
    context_words: &'s ContextWords,
    /// Whether a context word of the detector may occur where the search looks. When it cannot,
    /// no match is checked for one.
    may_have_context: bool,
}

impl<'s> Search<'s> {
    /// Returns the search for the pattern at `offset` in `compiled`'s own list, or `None` when
    /// it has no such pattern.
    fn new(compiled: &'s CompiledDetector, offset: usize, may_have_context: bool) -> Option<Self> {
        let detector = compiled.detector;
        Some(Self {
            detector,
            pattern: detector.patterns.get(offset)?,
            regex: compiled.regexes.get(offset)?,
            at_word_start: compiled.at_word_start.get(offset).copied().unwrap_or(false),
            context_words: &compiled.context_words,
            may_have_context,
        })
    }

    /// Appends the accepted matches that lie in `range` to `candidates`.
    ///
    /// After a rejected match the search resumes one character after the match start, not after
    /// its end, so that a valid number that starts inside a rejected one is still found. Every
    /// pattern matches a bounded number of characters except the e-mail domain, so this stays
    /// linear in the length of the text. Text outside `range` is still seen by word boundaries
    /// and by the validation of each match.
    ///
    /// `cache` is the regex's cache for this thread, or `None` to use the regex's own.
    fn collect(
        &self,
        cache: Option<&mut meta::Cache>,
        text: &str,
        range: Range<usize>,
        candidates: &mut Vec<Finding>,
    ) {
        let last_start = range.end;
        self.collect_until(cache, text, range, last_start, candidates);
    }

    /// Appends the accepted matches that lie in `range` and start at or before `last_start` to
    /// `candidates`.
    fn collect_until(
        &self,
        mut cache: Option<&mut meta::Cache>,
        text: &str,
        range: Range<usize>,
        last_start: usize,
        candidates: &mut Vec<Finding>,
    ) {
        let mut position = range.start;
        while position <= range.end && position <= last_start {
            let input = Input::new(text).range(position..range.end);
            let found = match cache.as_deref_mut() {
                Some(cache) => self.regex.search_with(cache, &input),
                None => self.regex.search(&input),
            };
            let Some(found) = found else {
                break;
            };
            let matched = Span {
                start: found.start(),
                end: found.end(),
            };
            let next_start = next_char_boundary(text, matched.start);
            match self.accept(text, matched) {
                Some(finding) => {
                    position = finding.end.max(next_start);
                    candidates.push(finding);
                }
                None if self.at_word_start => {
                    position = next_ascii_word_boundary(text, matched.start + 1);
                }
                None => position = next_start,
            }
        }
    }

    /// Validates one match and scores it, or returns `None` when it does not count.
    fn accept(&self, text: &str, matched: Span) -> Option<Finding> {
        let (detector, pattern) = (self.detector, self.pattern);
        let span = (pattern.validate)(text, matched)?;
        // Validation may narrow a span, and a span must cut the text at character boundaries so
        // that replacing it cannot split a character.
        let well_formed = span.start < span.end
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if !well_formed || lies_in_uuid(text, span) {
            return None;
        }

        let has_context =
            self.may_have_context && self.context_words.occur_before(text, span.start);
        if pattern.requires_context && !has_context {
            return None;
        }
        let score = if has_context {
            (pattern.score + CONTEXT_BOOST).min(1.0)
        } else {
            pattern.score
        };
        Some(Finding {
            entity: detector.entity,
            start: span.start,
            end: span.end,
            score,
            rule: pattern.rule,
        })
    }
}

/// Returns the first offset at or after `index` where an ASCII word boundary (`(?-u:\b)`) holds,
/// or the text's length.
fn next_ascii_word_boundary(text: &str, index: usize) -> usize {
    let bytes = text.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let Some(mut before) = index.checked_sub(1).and_then(|last| bytes.get(last)) else {
        return index.min(bytes.len());
    };
    for (offset, byte) in bytes.iter().enumerate().skip(index) {
        if is_word(*before) != is_word(*byte) {
            return offset;
        }
        before = byte;
    }
    bytes.len()
}

/// Returns the byte offset of the character after the one at `index`, or `text.len() + 1` at
/// the end of the text.
fn next_char_boundary(text: &str, index: usize) -> usize {
    let width = text
        .get(index..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8);
    index.saturating_add(width)
}

/// Keeps a set of non-overlapping findings, sorted by start.
///
/// Longer spans win over shorter ones, so `+1 415-555-0134` beats the `415-555-0134` inside it.
/// Among spans of equal length the higher score wins, then the earlier start.
///
/// Candidates are first grouped into runs that overlap one another. A candidate alone in its run
/// is kept at once, and only the runs of several are resolved by length and score, which is the
/// same as resolving all candidates together, since no candidate overlaps one of another run.
fn resolve_overlaps(mut candidates: Vec<Finding>) -> Vec<Finding> {
    // A stable sort, so that candidates equal in all but their entity stay in the order that
    // decides between them.
    candidates.sort_by_key(|finding| finding.start);
    let mut selected = Vec::with_capacity(candidates.len());
    let mut run: Vec<Finding> = Vec::new();
    let mut run_end = 0;
    for candidate in candidates {
        if !run.is_empty() && candidate.start >= run_end {
            resolve_run(&mut run, &mut selected);
        }
        run_end = if run.is_empty() {
            candidate.end
        } else {
            run_end.max(candidate.end)
        };
        run.push(candidate);
    }
    resolve_run(&mut run, &mut selected);
    selected
}

/// Moves the findings that `run`, a run of overlapping candidates sorted by start, keeps to the
/// end of `selected`, sorted by start.
fn resolve_run(run: &mut Vec<Finding>, selected: &mut Vec<Finding>) {
    if run.len() == 1 {
        selected.append(run);
    } else {
        selected.extend(resolve_by_priority(std::mem::take(run)));
    }
}

/// Keeps a set of non-overlapping findings, sorted by start, taking the candidates longest
/// first, then by score, then by start.
fn resolve_by_priority(mut candidates: Vec<Finding>) -> Vec<Finding> {
    candidates.sort_by(|left, right| {
        let left_length = left.end.saturating_sub(left.start);
        let right_length = right.end.saturating_sub(right.start);
        right_length
            .cmp(&left_length)
            .then_with(|| right.score.total_cmp(&left.score))
            .then_with(|| left.start.cmp(&right.start))
    });

    // A short text has few candidates, and comparing with each selected one costs less than
    // keeping a tree.
    if candidates.len() <= FEW_CANDIDATES {
        let mut selected: Vec<Finding> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let overlaps = selected
                .iter()
                .any(|previous| previous.start < candidate.end && previous.end > candidate.start);
            if !overlaps {
                selected.push(candidate);
            }
        }
        selected.sort_by_key(|finding| finding.start);
        return selected;
    }

    // Selected findings keyed by start. They never overlap, so the selected finding with the
    // largest start before a candidate's end is the only one that can overlap the candidate.
    let mut selected: BTreeMap<usize, Finding> = BTreeMap::new();
    for candidate in candidates {
        let overlaps = selected
            .range(..candidate.end)
            .next_back()
            .is_some_and(|(_, previous)| previous.end > candidate.start);
        if !overlaps {
            selected.insert(candidate.start, candidate);
        }
    }
    selected.into_values().collect()
}

/// Callback that computes the replacement of a finding whose operator is [`Operator::Custom`],
/// from the finding and the matched text; `None` selects the `[ENTITY]` label.
pub(crate) type Custom<'c, E> = dyn FnMut(&Finding, &str) -> Result<Option<String>, E> + 'c;

/// Replaces every finding in `text` with its operator's output. `findings` must be sorted by
/// start, must not overlap and must cut `text` at character boundaries, as [`analyze`] returns
/// them.
///
/// `custom` computes the replacement for findings whose operator is [`Operator::Custom`]; when it
/// returns `None`, the `[ENTITY]` label is used.
pub(crate) fn replace<'t, E>(
    settings: &Compiled,
    text: &'t str,
    findings: &[Finding],
    custom: &mut Custom<'_, E>,
) -> Result<Cow<'t, str>, E> {
    let mut output: Option<String> = None;
    let mut cursor = 0;
    for finding in findings {
        let Some(value) = text.get(finding.start..finding.end) else {
            continue;
        };
        let replacement = if *settings.operator(finding.entity) == Operator::Custom {
            Some(custom(finding, value)?.unwrap_or_else(|| operators::label(finding.entity)))
        } else {
            operators::apply(settings, finding.entity, value)
        };
        let Some(replacement) = replacement else {
            continue;
        };
        let output = output.get_or_insert_with(|| String::with_capacity(text.len()));
        if let Some(before) = text.get(cursor..finding.start) {
            output.push_str(before);
        }
        output.push_str(&replacement);
        cursor = finding.end;
    }
    Ok(match output {
        None => Cow::Borrowed(text),
        Some(mut output) => {
            if let Some(rest) = text.get(cursor..) {
                output.push_str(rest);
            }
            Cow::Owned(output)
        }
    })
}

/// Converts the byte offsets of `findings`, sorted by start, into code point offsets, as Python
/// string indices count, walking `text` once for all findings.
pub fn code_point_offsets(text: &str, findings: &[Finding]) -> Vec<(usize, usize)> {
    let mut byte_position = 0;
    let mut code_points = 0;
    let mut advance = |target: usize| {
        let target = target.min(text.len());
        if target > byte_position {
            code_points += text
                .get(byte_position..target)
                .map_or(0, |part| part.chars().count());
            byte_position = target;
        }
        code_points
    };
    findings
        .iter()
        .map(|finding| (advance(finding.start), advance(finding.end)))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::time::{Duration, Instant};

    use super::{
        Search, analyze_whole, analyze_with_hits, next_ascii_word_boundary, resolve_by_priority,
        resolve_overlaps,
    };
    use crate::redact::{DEFAULT_ENTITIES, Finding, Redactor};

    fn finding(start: usize, end: usize, score: f32, rule: &'static str) -> Finding {
        Finding {
            entity: "PHONE_NUMBER",
            start,
            end,
            score,
            rule,
        }
    }

    #[test]
    fn overlaps_keep_longest_span() {
        let selected = resolve_overlaps(vec![
            finding(3, 15, 0.6, "short"),
            finding(0, 15, 0.5, "long"),
            finding(20, 25, 0.1, "separate"),
        ]);
        let rules: Vec<_> = selected.iter().map(|finding| finding.rule).collect();
        assert_eq!(rules, ["long", "separate"]);
    }

    #[test]
    fn overlaps_prefer_higher_score_for_equal_length() {
        let selected = resolve_overlaps(vec![
            finding(0, 10, 0.4, "low"),
            finding(2, 12, 0.9, "high"),
        ]);
        assert_eq!(selected.len(), 1);
        assert_eq!(selected[0].rule, "high");
    }

    #[test]
    fn overlaps_keep_adjacent_spans() {
        let selected = resolve_overlaps(vec![finding(0, 5, 0.5, "a"), finding(5, 9, 0.5, "b")]);
        assert_eq!(selected.len(), 2);
        assert_eq!(selected[0].start, 0);
        assert_eq!(selected[1].start, 5);
    }

    #[test]
    fn overlaps_prefer_international_phone_over_inner_number() {
        let redactor = Redactor::new();
        let findings = redactor.analyze("Call +1 415-555-0134 now");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "phone.international");
        assert_eq!(
            redactor.redact("Call +1 415-555-0134 now"),
            "Call [PHONE_NUMBER] now"
        );
    }

    #[test]
    fn analyze_returns_sorted_non_overlapping_findings() {
        let text = "SSN 123-45-6789, card 4111 1111 1111 1111, mail a@example.com, \
                    phone (415) 555-0134, again b@example.org";
        let findings = Redactor::new().analyze(text);
        let entities: Vec<_> = findings.iter().map(|finding| finding.entity).collect();
        assert_eq!(
            entities,
            [
                "US_SSN",
                "CREDIT_CARD",
                "EMAIL_ADDRESS",
                "PHONE_NUMBER",
                "EMAIL_ADDRESS"
            ]
        );
        for pair in findings.windows(2) {
            assert!(pair[0].end <= pair[1].start);
        }
    }

    #[test]
    fn redact_replaces_each_finding_with_label() {
        let redactor = Redactor::new();
        let redacted = redactor.redact(
            "Mail maria.lopez@example.com or call (415) 555-0134. Card 4111 1111 1111 1111, SSN 123-45-6789.",
        );
        assert_eq!(
            redacted,
            "Mail [EMAIL_ADDRESS] or call [PHONE_NUMBER]. Card [CREDIT_CARD], SSN [US_SSN]."
        );
    }

    #[test]
    fn redact_borrows_when_nothing_found() {
        let redactor = Redactor::new();
        let text = "Invoice 207610 total $55,005.19 due 2026-05-01.";
        assert!(matches!(redactor.redact(text), Cow::Borrowed(_)));
        assert!(matches!(redactor.redact(""), Cow::Borrowed("")));
    }

    #[test]
    fn analyze_empty_text_finds_nothing() {
        assert!(Redactor::new().analyze("").is_empty());
        assert!(Redactor::new().analyze(" ").is_empty());
    }

    #[test]
    fn offsets_are_char_boundaries_in_non_ascii_text() {
        let text = "顧客の電話番号は080-1542-9941、メールはtaro.yamada@example.jpです。\
                    Señora Núñez pagó con 4111 1111 1111 1111 y su número es +34806 28 66 33.";
        let findings = Redactor::new().analyze(text);
        let found: Vec<_> = findings
            .iter()
            .map(|finding| (finding.entity, &text[finding.start..finding.end]))
            .collect();
        assert_eq!(
            found,
            [
                ("PHONE_NUMBER", "080-1542-9941"),
                ("EMAIL_ADDRESS", "taro.yamada@example.jp"),
                ("CREDIT_CARD", "4111 1111 1111 1111"),
                ("PHONE_NUMBER", "+34806 28 66 33"),
            ]
        );
        for finding in &findings {
            assert!(text.is_char_boundary(finding.start));
            assert!(text.is_char_boundary(finding.end));
        }
        assert_eq!(
            Redactor::new().redact(text),
            "顧客の電話番号は[PHONE_NUMBER]、メールは[EMAIL_ADDRESS]です。\
             Señora Núñez pagó con [CREDIT_CARD] y su número es [PHONE_NUMBER]."
        );
    }

    #[test]
    fn analyze_does_not_panic_on_awkward_input() {
        let redactor = Redactor::new();
        for text in [
            "+",
            "@",
            "@.",
            "a@b.",
            "(",
            "(0",
            "+(0)",
            "0-",
            "1-",
            "x",
            "\u{0}",
            "é@é.é",
            "🙂+1 415 555 0134🙂",
            "SSN",
            "SSN 🙂123456789",
            "4111 1111 1111 1111 🙂",
        ] {
            let findings = redactor.analyze(text);
            for finding in &findings {
                assert!(text.is_char_boundary(finding.start), "{text:?}");
                assert!(text.is_char_boundary(finding.end), "{text:?}");
            }
            let _ = redactor.redact(text);
        }
    }

    fn sample_text(length: usize) -> String {
        let sentence = "Customer Maria Lopez (maria.lopez@example.com, +44 20 7946 0958) paid \
                        $1,520.75 on 2026-11-30 with card 4111 1111 1111 1111; SSN 123-45-6789. \
                        顧客の電話番号は080-1542-9941です。 ";
        let mut text = String::with_capacity(length + sentence.len());
        while text.len() < length {
            text.push_str(sentence);
        }
        text
    }

    fn time_analysis(text: &str) -> Duration {
        let redactor = Redactor::new();
        let started = Instant::now();
        let findings = redactor.analyze(text);
        let elapsed = started.elapsed();
        assert!(!findings.is_empty());
        elapsed
    }

    #[test]
    fn analyze_parts_match_whole_text_scan() {
        // Lines of varying length put findings across every part boundary.
        let mut text = String::new();
        let mut line = 0;
        while text.len() < 3 << 20 {
            line += 1;
            text.push_str(&"x".repeat(line % 97));
            text.push_str(
                " Customer Maria Lopez maria.lopez@example.com 4111 1111 1111 1111 \
                           DE76 2374 0954 6111 3930 95 電話 +44 20 7946 0958\n",
            );
        }
        let redactor = Redactor::new();
        let whole = super::analyze_whole(&redactor, &text);
        let parts = redactor.analyze(&text);
        assert!(!whole.is_empty());
        assert_eq!(parts, whole);
        // A PEM key across the boundary of two parts is found whole: the middle of the text
        // falls on the key's second line, and the parts split at the line break after it.
        let middle_line_end = text[..text.len() / 2].rfind('\n').expect("text has lines");
        let half = &text[..=middle_line_end];
        let key = "-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\n\
                   -----END PRIVATE KEY-----\n";
        let text = format!("{half}{key}{half}");
        let whole = super::analyze_whole(&redactor, &text);
        assert_eq!(redactor.analyze(&text), whole);
        assert!(whole.iter().any(|finding| finding.entity == "PRIVATE_KEY"));
    }

    #[test]
    fn analyze_one_megabyte_text() {
        let text = sample_text(1 << 20);
        let redactor = Redactor::new();
        let findings = redactor.analyze(&text);
        let sentences = text.matches("Customer").count();
        // Each sentence contains one name, one e-mail address, two phone numbers, one card and
        // one SSN.
        assert_eq!(findings.len(), sentences * 6);
        assert!(!redactor.redact(&text).contains("Maria Lopez"));
        let redacted = redactor.redact(&text);
        assert!(!redacted.contains("4111"));
        assert!(!redacted.contains("@example.com"));
    }

    #[test]
    fn analyze_time_grows_linearly() {
        let small = sample_text(1 << 17);
        let large = sample_text(1 << 20);
        // Warm up the compiled patterns and the regex caches.
        time_analysis(&small);
        let small_time = time_analysis(&small).max(Duration::from_micros(100));
        let large_time = time_analysis(&large);
        // Eight times the input: a linear algorithm takes about eight times as long, a quadratic
        // one about 64 times. The bound leaves room for timer noise on a loaded machine.
        assert!(
            large_time < small_time * 32,
            "128 KiB took {small_time:?}, 1 MiB took {large_time:?}"
        );
    }

    #[test]
    fn analyze_pathological_inputs() {
        let redactor = Redactor::new();
        let inputs = [
            "1".repeat(1 << 18),
            "1-".repeat(1 << 17),
            "1 ".repeat(1 << 17),
            "0 ".repeat(1 << 17),
            "+1 ".repeat(1 << 16),
            "a".repeat(1 << 18),
            format!("{}@example.com", "a".repeat(1 << 18)),
            "a@".repeat(1 << 17),
            "a.".repeat(1 << 17),
            "(0".repeat(1 << 17),
            "電".repeat(1 << 18),
            "call 1234567 ".repeat(1 << 14),
        ];
        for input in &inputs {
            let started = Instant::now();
            let findings = redactor.analyze(input);
            for finding in &findings {
                assert!(input.is_char_boundary(finding.start));
                assert!(input.is_char_boundary(finding.end));
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "input starting {:?} took {:?}",
                &input[..8],
                started.elapsed()
            );
        }
    }

    #[test]
    fn default_entities_cover_the_catalogue_defaults() {
        assert_eq!(Redactor::new().entities(), DEFAULT_ENTITIES);
    }

    /// Pieces of text that the generated texts of [`scan_matches_full_search`]
    /// are made of: values of most entities, context words, and words that look like them.
    const PIECES: &[&str] = &[
        "Maria Lopez",
        "maria.lopez@example.com",
        "+44 20 7946 0958",
        "(415) 555-0134",
        "4111 1111 1111 1111",
        "5555555555554444",
        "123-45-6789",
        "SSN",
        "phone",
        "call",
        "DE89 3704 0044 0532 0130 00",
        "63.252.72.138",
        "2001:db8::8a2e:370:7334",
        "14:42:05",
        "2026-11-30T14:42:05Z",
        "born 04/07/1985",
        "sort code 20-00-00",
        "account 12345678",
        "1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "10 Downing Street, London SW1A 2AA",
        "Musterstraße 12, 10115 Berlin",
        "-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8AgEAAkEAq7BFUpkGp3+LQmlQ\n-----END PRIVATE KEY-----",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl",
        "https://user:secret@example.com/path",
        "access_token=ya29.a0AfH6SMBx",
        "AKIAIOSFODNN7EXAMPLE",
        "Invoice INV-20391 total $1,250.75",
        "Dear John Smith",
        "ABN 51 824 753 556",
        "NINO QQ 12 34 56 C",
        "Ref 9479046054854601",
        "\u{e9}t\u{e9} 電話090-1234-5678です",
    ];

    const SEPARATORS: &[&str] = &[" ", "\n", ", ", "\r\n", "\t", ". ", ": ", "\n\n", ""];

    /// Builds a text of `count` pieces from a seed, with a small linear congruential generator so
    /// the test needs no random-number crate and every run gets the same texts.
    fn generated_text(seed: u64, count: usize) -> String {
        let mut state = seed;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).expect("31 bits fit a usize") % bound
        };
        let mut text = String::new();
        for _ in 0..count {
            text.push_str(PIECES[next(PIECES.len())]);
            text.push_str(SEPARATORS[next(SEPARATORS.len())]);
        }
        text
    }

    #[test]
    fn detector_table_fits_the_catalogue() {
        assert!(DEFAULT_ENTITIES.len() <= super::MAX_DETECTORS);
    }

    #[test]
    fn scan_matches_full_search() {
        let redactor = Redactor::new();
        let mut compared = 0;
        for seed in 0..3000 {
            let text = generated_text(seed, 1 + usize::try_from(seed % 24).expect("small"));
            let scanned = analyze_whole(&redactor, &text);
            let everywhere = analyze_with_hits(&redactor, &text, None);
            assert_eq!(scanned, everywhere, "seed {seed}: {text:?}");
            compared += scanned.len();
        }
        assert!(compared > 10_000, "the texts hold findings to compare");
    }

    #[test]
    fn runs_resolve_as_all_candidates_together() {
        // A small linear congruential generator gives the same candidates on every run.
        let mut state: u64 = 7;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).expect("31 bits fit") % bound
        };
        let rules = ["a", "b", "c", "d"];
        let scores = [0.4, 0.6, 0.6, 0.9];
        for round in 0..2000 {
            let count = 1 + next(60);
            let candidates: Vec<Finding> = (0..count)
                .map(|_| {
                    let start = next(200);
                    finding(
                        start,
                        start + 1 + next(12),
                        scores[next(scores.len())],
                        rules[next(rules.len())],
                    )
                })
                .collect();
            assert_eq!(
                resolve_overlaps(candidates.clone()),
                resolve_by_priority(candidates.clone()),
                "round {round}: {candidates:?}"
            );
        }
    }

    #[test]
    fn word_start_skip_keeps_matches() {
        let redactor = Redactor::new();
        let mut skipping = 0;
        for seed in 0..600 {
            let text = generated_text(seed * 3 + 2, 10);
            for compiled in &redactor.detectors {
                for offset in 0..compiled.detector.patterns.len() {
                    let search = |at_word_start: bool| {
                        let mut search =
                            Search::new(compiled, offset, true).expect("pattern exists");
                        search.at_word_start = at_word_start;
                        let mut candidates = Vec::new();
                        search.collect(None, &text, 0..text.len(), &mut candidates);
                        candidates
                    };
                    if compiled.at_word_start[offset] {
                        skipping += 1;
                        assert_eq!(search(true), search(false), "seed {seed}: {text:?}");
                    }
                }
            }
        }
        assert!(skipping > 0, "some patterns start at a word boundary");
    }

    #[test]
    fn next_word_boundary_positions() {
        let text = "ab 12_x-é9";
        let boundaries: Vec<usize> = (0..=text.len())
            .map(|index| next_ascii_word_boundary(text, index))
            .collect();
        assert_eq!(boundaries, [0, 2, 2, 3, 7, 7, 7, 7, 10, 10, 10, 11]);
    }

    #[test]
    fn random_base64_falls_back_to_pattern_searches() {
        // Random base64 makes the combined scan build a state for nearly every byte, so it gives
        // up and each pattern searches the text: the findings are the same.
        let mut state: u64 = 3;
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut text = String::from("attachment=");
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push(char::from(
                alphabet[usize::try_from(state >> 58).expect("6 bits fit")],
            ));
        }
        text.push_str("\nCall +44 20 7946 0958 or maria.lopez@example.com\n");
        let gave_up = super::scan::with_hits(&text, 0..text.len(), |hits| hits.is_none());
        assert!(gave_up, "the scan gives up on random base64");
        let redactor = Redactor::new();
        let found = analyze_whole(&redactor, &text);
        assert_eq!(found, analyze_with_hits(&redactor, &text, None));
        assert_eq!(found.len(), 2, "{found:?}");
        let log = generated_text(11, 400);
        let completed = super::scan::with_hits(&log, 0..log.len(), |hits| hits.is_some());
        assert!(completed, "the scan completes on ordinary text");
    }

    #[test]
    fn uuids_keep_their_digit_groups() {
        let redactor = Redactor::new();
        let text =
            "ids 6e2390ec-0068-4991-9895-bce20c77055a and 8f5cc3ed-2957-4570-8866-c802b5294aa4";
        assert_eq!(analyze_whole(&redactor, text), []);
        let phone = "call 0068-4991-9895";
        assert_eq!(analyze_whole(&redactor, phone).len(), 1);
    }

    #[test]
    fn labelled_names_found_with_scan_gate() {
        let redactor = Redactor::new();
        let texts = [
            "name: maria garcia",
            "NAME: JOHN SMITH",
            "customer john smith paid",
            "Dear j. smith, thanks",
            "name: élodie durand",
            "NAME: ÉLODIE DURAND",
            "attn: J\nname: linda davis",
            "customer Maria Lopez, customer_name=susan wilson",
            "Ms. KAREN TAYLOR signed by robert lee",
        ];
        let mut labelled = 0;
        for text in texts {
            let scanned = analyze_whole(&redactor, text);
            assert_eq!(
                scanned,
                analyze_with_hits(&redactor, text, None),
                "{text:?}"
            );
            labelled += scanned
                .iter()
                .filter(|finding| finding.rule == "person.labelled")
                .count();
        }
        assert!(labelled >= 6, "{labelled} labelled names");
    }

    #[test]
    fn scan_of_long_text_matches_full_search() {
        let redactor = Redactor::new();
        let key = "-----BEGIN PRIVATE KEY-----\nMIIBVgIBADANBgkqhkiG9w0BAQEFAASCAUAwggE8\n\
                   -----END PRIVATE KEY-----\n";
        for seed in 0..12 {
            let mut text = generated_text(seed + 5000, 1600);
            if seed % 2 == 0 {
                let mut half = text.len() / 2;
                while !text.is_char_boundary(half) {
                    half -= 1;
                }
                let middle = text[..half].rfind('\n').expect("text has lines") + 1;
                text.insert_str(middle, key);
            }
            assert_eq!(
                analyze_whole(&redactor, &text),
                analyze_with_hits(&redactor, &text, None),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn scan_matches_full_search_in_selections() {
        let selections: &[&[&str]] = &[
            &["PHONE_NUMBER"],
            &["US_SSN", "PERSON"],
            &["UK_SORT_CODE", "US_BANK_NUMBER", "STREET_ADDRESS"],
            &["PRIVATE_KEY", "EMAIL_ADDRESS", "IP_ADDRESS"],
        ];
        for names in selections {
            let redactor = Redactor::with_entities(names).expect("entities exist");
            for seed in 0..300 {
                let text = generated_text(seed * 7 + 1, 12);
                assert_eq!(
                    analyze_whole(&redactor, &text),
                    analyze_with_hits(&redactor, &text, None),
                    "{names:?} seed {seed}: {text:?}"
                );
            }
        }
    }
}
