//! One pass over a text that shows where each pattern of the catalogue can match.
//!
//! Every pattern and every detector's context words are compiled into one lazy DFA that reports
//! all matches, overlapping ones included, by their end offset. Most patterns cannot match a line
//! break, so a report places such a pattern on one line, and only those lines are searched with
//! the pattern's own regex afterwards. The other patterns are searched over the whole text, and
//! only when the pass saw them match somewhere.
//!
//! On a log of one megabyte this replaces one scan per pattern (72 scans) with one scan plus
//! short searches on the lines where a pattern can match.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut, Range};
use std::sync::{LazyLock, Mutex, PoisonError};

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::syntax;
use regex_automata::{Input, MatchKind, meta};
use regex_syntax::hir::{Class, Hir, HirKind};

use super::detectors::{CATALOGUE, compiled_regexes, scan_gate};

/// Memory that the combined NFA may use. The default limit is sized for one expression, and the
/// catalogue's Unicode classes need more when combined.
const NFA_SIZE_LIMIT: usize = 64 << 20;

/// Memory for the states that the lazy DFA builds as it scans, per thread.
const DFA_CACHE_BYTES: usize = 16 << 20;

/// Meaning of one pattern of the combined DFA.
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
    /// For each pattern in the catalogue's flat list: the index of its detector in the catalogue.
    detector_of: Vec<usize>,
    /// For each pattern in the catalogue's flat list: the shortest match of its gate.
    gate_min: Vec<usize>,
    /// For each pattern in the catalogue's flat list: whether its gate is the whole pattern, so
    /// that every match is reported where it ends.
    gate_whole: Vec<bool>,
    /// For each pattern in the catalogue's flat list: the longest match of its gate, when it has
    /// one.
    gate_max: Vec<Option<usize>>,
    /// For each pattern in the catalogue's flat list: whether it needs a context word, and is
    /// therefore searched wherever its detector's context words occur instead of being scanned
    /// for.
    context_only: Vec<bool>,
    /// For each detector in the catalogue: its patterns that need a context word.
    needing_context: Vec<Vec<usize>>,
    patterns: usize,
    /// Working memory of scans, shared by all threads. Its DFA cache keeps the states built so
    /// far, and building them costs more than scanning, so it outlives the threads that
    /// [`super::text::analyze`] starts for each long text.
    scratch: ScratchPool,
}

/// Working memory of one scan at a time.
struct Scratch {
    cache: Cache,
    /// For each pattern in the catalogue's flat list, then each detector's context words:
    /// whether it matched anywhere.
    anywhere: Vec<bool>,
    /// The same, with the byte ranges of the lines where it matched, in text order and without
    /// repeats. Empty for patterns that can match a line break.
    lines: Vec<Vec<Range<usize>>>,
    /// For each slot, beside `lines`: where on each line matches of the pattern can lie.
    windows: Vec<Vec<Window>>,
    /// The slots of `anywhere` that are set, in the order they were first reported.
    matched: Vec<usize>,
    /// The patterns that may match, in ascending order, for [`Hits`].
    patterns_matched: Vec<usize>,
    /// A cache for each pattern's own regex, in the catalogue's flat order. The regexes keep
    /// caches of their own, but a thread other than the first to use a regex reaches those
    /// through a lock on every search, and the threads that analyse parts of a long text are
    /// often first.
    regex_caches: Vec<meta::Cache>,
}

/// The parts of [`Scratch`] that a scan records its reports in.
struct Reports<'s> {
    anywhere: &'s mut [bool],
    matched: &'s mut Vec<usize>,
    lines: &'s mut [Vec<Range<usize>>],
    windows: &'s mut [Vec<Window>],
}

impl Scratch {
    /// Returns the DFA cache beside the parts that record reports.
    fn split(&mut self) -> (&Cache, Reports<'_>) {
        (
            &self.cache,
            Reports {
                anywhere: &mut self.anywhere,
                matched: &mut self.matched,
                lines: &mut self.lines,
                windows: &mut self.windows,
            },
        )
    }

    /// Forgets the last scan, touching only what it set.
    fn clear(&mut self) {
        for &slot in &self.matched {
            self.anywhere[slot] = false;
            self.lines[slot].clear();
            self.windows[slot].clear();
        }
        self.matched.clear();
        self.patterns_matched.clear();
    }
}

/// Bounds of the matches of a pattern on one line, as worked out from the scan's reports.
#[derive(Debug, Clone)]
pub(crate) struct Window {
    /// The offsets where a match can start. No match starts before the first report's end less
    /// the gate's longest match, nor after the last report's end less the gate's shortest match.
    /// The offsets may fall inside a character. For a detector's context words: from the end of
    /// the first to the end of the last.
    pub starts: Range<usize>,
    /// The offset where the last match ends at the latest: the last report's end when the gate
    /// is the whole pattern, or else the end of the line.
    pub end: usize,
}

/// The combined DFA, or `None` when it cannot be built. A unit test checks that it can. Without
/// it, analysis searches every pattern over the whole text.
static SCANNER: LazyLock<Option<Scanner>> = LazyLock::new(build);

/// Creates the working memory of a scan.
type ScratchFactory = Box<dyn Fn() -> Scratch + Send + Sync>;

/// Working memory of scans, lent to one scan at a time, the most recently returned first.
///
/// `regex_automata`'s own pool keeps a value for its first thread and spreads the others over
/// stacks chosen by thread id. The threads that analyse the parts of a long text are new each
/// time, so each would land on another stack and find no warm cache there until every stack held
/// one. A single stack hands each thread the working memory that was used last.
struct ScratchPool {
    free: Mutex<Vec<Scratch>>,
    create: ScratchFactory,
}

impl ScratchPool {
    fn new(create: ScratchFactory) -> Self {
        Self {
            free: Mutex::new(Vec::new()),
            create,
        }
    }

    fn get(&self) -> Lent<'_> {
        let reused = self
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        Lent {
            pool: self,
            scratch: Some(reused.unwrap_or_else(|| (self.create)())),
        }
    }
}

/// Working memory lent by a [`ScratchPool`], returned to it when dropped.
struct Lent<'p> {
    pool: &'p ScratchPool,
    scratch: Option<Scratch>,
}

impl Deref for Lent<'_> {
    type Target = Scratch;

    fn deref(&self) -> &Scratch {
        self.scratch
            .as_ref()
            .expect("lent scratch is present until dropped")
    }
}

impl DerefMut for Lent<'_> {
    fn deref_mut(&mut self) -> &mut Scratch {
        self.scratch
            .as_mut()
            .expect("lent scratch is present until dropped")
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(scratch) = self.scratch.take() {
            self.pool
                .free
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(scratch);
        }
    }
}

fn build() -> Option<Scanner> {
    let mut expressions: Vec<String> = Vec::new();
    let mut targets = Vec::new();
    let mut line_local = Vec::new();
    let mut detector_of = Vec::new();
    let mut gate_min = Vec::new();
    let mut gate_whole = Vec::new();
    let mut gate_max = Vec::new();
    let mut context_only = Vec::new();
    for (detector_index, detector) in CATALOGUE.iter().enumerate() {
        for pattern in detector.patterns {
            detector_of.push(detector_index);
            let hir = regex_syntax::parse(pattern.regex).ok()?;
            let index = line_local.len();
            line_local.push(cannot_match_line_break(&hir));
            context_only.push(pattern.requires_context);
            // A pattern that needs a context word is searched on the lines that hold one, so
            // the scan does not look for it.
            let gated = match scan_gate(pattern.rule) {
                Some(expression) => regex_syntax::parse(expression).ok()?,
                None => gate(&hir),
            };
            gate_min.push(gated.properties().minimum_len().unwrap_or(0));
            gate_whole.push(gated == hir);
            gate_max.push(gated.properties().maximum_len());
            if !pattern.requires_context {
                targets.push(Target::Pattern(index));
                expressions.push(gated.to_string());
            }
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
            .map(|word| whole_word(word))
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
    let needing_context = (0..CATALOGUE.len())
        .map(|detector| {
            (0..patterns)
                .filter(|&index| context_only[index] && detector_of[index] == detector)
                .collect()
        })
        .collect();
    let factory = dfa.clone();
    let slots = patterns + CATALOGUE.len();
    Some(Scanner {
        scratch: ScratchPool::new(Box::new(move || Scratch {
            cache: factory.create_cache(),
            anywhere: vec![false; slots],
            lines: vec![Vec::new(); slots],
            windows: vec![Vec::new(); slots],
            matched: Vec::new(),
            patterns_matched: Vec::new(),
            regex_caches: compiled_regexes().map(meta::Regex::create_cache).collect(),
        })),
        dfa,
        targets,
        line_local,
        detector_of,
        gate_min,
        gate_whole,
        gate_max,
        needing_context,
        context_only,
        patterns,
    })
}

/// Returns an expression for `word` as a whole word, as the context check counts it: with an
/// ASCII word boundary at each end that is an ASCII letter, digit or underscore.
fn whole_word(word: &str) -> String {
    let is_word =
        |byte: Option<&u8>| byte.is_some_and(|byte| byte.is_ascii_alphanumeric() || *byte == b'_');
    let boundary = |at_word: bool| if at_word { r"(?-u:\b)" } else { "" };
    format!(
        "{}{}{}",
        boundary(is_word(word.as_bytes().first())),
        regex_syntax::escape(word),
        boundary(is_word(word.as_bytes().last()))
    )
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
            let mut prefix = parts[..last].to_vec();
            prefix.push(gate(&parts[last]));
            Hir::concat(prefix)
        }
        HirKind::Alternation(branches) => Hir::alternation(branches.iter().map(gate).collect()),
        HirKind::Capture(capture) => gate(&capture.sub),
        // The minimum number of repetitions, the last of them cut short in turn.
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

/// Matches of the patterns and of each detector's context words in one text, by line.
#[derive(Debug)]
pub(crate) struct Hits<'s> {
    anywhere: &'s [bool],
    lines: &'s [Vec<Range<usize>>],
    windows: &'s [Vec<Window>],
    /// Indices of the patterns, in the catalogue's flat list, that matched, in ascending order.
    patterns_matched: &'s [usize],
    patterns: usize,
    regex_caches: RefCell<&'s mut [meta::Cache]>,
}

impl Hits<'_> {
    /// Returns the indices of the patterns, in the catalogue's flat list, that matched anywhere,
    /// in ascending order, each with the index of its detector in the catalogue.
    pub fn matched_patterns(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let detector_of = SCANNER
            .as_ref()
            .map_or(&[][..], |scanner| scanner.detector_of.as_slice());
        self.patterns_matched
            .iter()
            .filter_map(|&index| Some((index, *detector_of.get(index)?)))
    }

    /// Checks whether a context word of the detector at `index` in the catalogue occurs anywhere.
    pub fn context_matched(&self, index: usize) -> bool {
        self.anywhere
            .get(self.patterns + index)
            .copied()
            .unwrap_or(false)
    }

    /// Returns the lines where the pattern at `index` matched, or `None` when the pattern can
    /// match a line break and must be searched over the whole text.
    pub fn pattern_lines(&self, index: usize) -> Option<&[Range<usize>]> {
        let scanner = SCANNER.as_ref()?;
        if !scanner.line_local.get(index).copied().unwrap_or(false) {
            return None;
        }
        if scanner.context_only[index] {
            return Some(self.context_lines(*scanner.detector_of.get(index)?));
        }
        Some(self.lines[index].as_slice())
    }

    /// Returns, beside [`Hits::pattern_lines`], the bounds of the matches of the pattern at
    /// `index` on each line, or `None` when the search must cover whole lines.
    pub fn pattern_windows(&self, index: usize) -> Option<&[Window]> {
        let scanner = SCANNER.as_ref()?;
        let usable = scanner.line_local.get(index).copied().unwrap_or(false)
            && !scanner.context_only.get(index).copied().unwrap_or(true);
        usable.then(|| self.windows[index].as_slice())
    }

    /// Runs `work` with the cache for the regex of the pattern at `index` in the catalogue's
    /// flat list.
    pub fn with_regex_cache<R>(
        &self,
        index: usize,
        work: impl FnOnce(Option<&mut meta::Cache>) -> R,
    ) -> R {
        let mut caches = self.regex_caches.borrow_mut();
        work(caches.get_mut(index))
    }

    /// Returns the lines where a context word of the detector at `index` occurs.
    pub fn context_lines(&self, index: usize) -> &[Range<usize>] {
        self.lines
            .get(self.patterns + index)
            .map_or(&[], Vec::as_slice)
    }

    /// Returns, beside [`Hits::context_lines`], where the context words lie on each line.
    pub fn context_windows(&self, index: usize) -> &[Window] {
        self.windows
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

/// Checks whether the combined DFA is available.
pub(crate) fn is_available() -> bool {
    SCANNER.is_some()
}

/// Scans `range` of `text` once with the combined DFA and calls `work` with the hits. `work`
/// gets `None` when the DFA is not available or the search fails; every pattern must then be
/// searched over the whole text.
pub(crate) fn with_hits<R>(
    text: &str,
    range: Range<usize>,
    work: impl FnOnce(Option<&Hits<'_>>) -> R,
) -> R {
    let Some(scanner) = SCANNER.as_ref() else {
        return work(None);
    };
    let mut scratch = scanner.scratch.get();
    // Cleared before use rather than after, so a scan that a panic cut short cannot leave its
    // lines to the next text.
    scratch.clear();
    let completed = scan_into(scanner, &mut scratch, text, range);
    let Scratch {
        anywhere,
        lines,
        windows,
        matched,
        patterns_matched,
        regex_caches,
        ..
    } = &mut *scratch;
    for &slot in matched.iter() {
        match slot.checked_sub(scanner.patterns) {
            None => patterns_matched.push(slot),
            // Context words of a detector: its patterns that need them may match.
            Some(detector) => {
                if let Some(indices) = scanner.needing_context.get(detector) {
                    patterns_matched.extend_from_slice(indices);
                }
            }
        }
    }
    patterns_matched.sort_unstable();

    if completed {
        work(Some(&Hits {
            anywhere,
            lines,
            windows,
            patterns_matched,
            patterns: scanner.patterns,
            regex_caches: RefCell::new(regex_caches),
        }))
    } else {
        work(None)
    }
}

/// Scans `range` of `text` into `scratch`, which must be clear. Returns false when the search
/// fails.
///
/// The loop walks the lazy DFA itself rather than calling its overlapping search once per
/// report: a state that matches lists every pattern that ends where the state is entered, and
/// they are all recorded at once. As in the DFA's own searches, a match shows one byte late, so
/// the state entered on the byte at `at` reports matches that end at `at`.
fn scan_into(scanner: &Scanner, scratch: &mut Scratch, text: &str, range: Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let dfa = &scanner.dfa;
    let input = Input::new(text).range(range.clone());
    let Ok(mut state) = dfa.start_state_forward(&mut scratch.cache, &input) else {
        return false;
    };
    // The line of the last reported match.
    let mut line = 0..0;
    let Some(haystack) = bytes.get(range.clone()) else {
        return false;
    };
    let mut growth = Growth::new(&scratch.cache);
    for (number, chunk) in haystack.chunks(GROWTH_CHUNK_BYTES).enumerate() {
        let chunk_start = range.start + number * GROWTH_CHUNK_BYTES;
        for (offset, &byte) in chunk.iter().enumerate() {
            let Ok(next) = dfa.next_state(&mut scratch.cache, state, byte) else {
                return false;
            };
            state = next;
            if state.is_tagged()
                && !take_state(
                    scanner,
                    scratch,
                    bytes,
                    &mut line,
                    state,
                    chunk_start + offset,
                )
            {
                return !state.is_quit();
            }
        }
        if growth.gives_up(&scratch.cache) {
            return false;
        }
    }
    // A range that ends inside the text looks at the next byte, for word boundaries.
    let last = match bytes.get(range.end) {
        Some(&byte) => dfa.next_state(&mut scratch.cache, state, byte),
        None => dfa.next_eoi_state(&mut scratch.cache, state),
    };
    let Ok(last) = last else {
        return false;
    };
    if last.is_tagged() {
        take_state(scanner, scratch, bytes, &mut line, last, range.end);
    }
    !last.is_quit()
}

/// Bytes of text between two checks of how fast the DFA's states grow.
const GROWTH_CHUNK_BYTES: usize = 4 << 10;

/// Memory of new DFA states per chunk above which a chunk counts as one where the states grow.
const GROWTH_LIMIT_BYTES: usize = 64 << 10;

/// Chunks in a row with growing states after which the scan gives up.
const GROWTH_CHUNKS: usize = 4;

/// Memory of DFA states below which the scan never gives up. A log of one megabyte needs about
/// one megabyte of states, built over its first analyses, and a scan that gave up while they
/// are built would leave them unbuilt for the next analysis too.
const GROWTH_FLOOR_BYTES: usize = 4 << 20;

/// Watches how fast the combined DFA adds states during a scan.
///
/// On ordinary text the DFA soon has the states it needs. Some text, such as a long run of
/// random base64, makes nearly every byte a new combination of the patterns' repetition counts,
/// and building states then costs far more than scanning. The scan gives up after
/// [`GROWTH_CHUNKS`] chunks in a row that each add more than [`GROWTH_LIMIT_BYTES`] of states or
/// clear the cache, once the states take more than [`GROWTH_FLOOR_BYTES`] or the cache has been
/// cleared before. Each pattern then searches the text on its own, and each pattern alone has
/// few states.
struct Growth {
    memory: usize,
    clears: usize,
    strikes: usize,
}

impl Growth {
    fn new(cache: &Cache) -> Self {
        Self {
            memory: cache.memory_usage(),
            clears: cache.clear_count(),
            strikes: 0,
        }
    }

    /// Checks the growth since the last check, and whether the scan should give up.
    fn gives_up(&mut self, cache: &Cache) -> bool {
        let (memory, clears) = (cache.memory_usage(), cache.clear_count());
        let grew = clears != self.clears || memory.saturating_sub(self.memory) > GROWTH_LIMIT_BYTES;
        (self.memory, self.clears) = (memory, clears);
        self.strikes = if grew { self.strikes + 1 } else { 0 };
        self.strikes >= GROWTH_CHUNKS && (memory > GROWTH_FLOOR_BYTES || clears != 0)
    }
}

/// Handles a tagged state that the walk entered on the byte at `at`: records the patterns of a
/// matching state as ending at `at`. Returns false when the walk must stop, at a dead or quit
/// state.
fn take_state(
    scanner: &Scanner,
    scratch: &mut Scratch,
    bytes: &[u8],
    line: &mut Range<usize>,
    state: LazyStateID,
    at: usize,
) -> bool {
    if state.is_match() {
        let dfa = &scanner.dfa;
        let (cache, mut reports) = scratch.split();
        for index in 0..dfa.match_len(cache, state) {
            let pattern = dfa.match_pattern(cache, state, index).as_usize();
            record(scanner, &mut reports, bytes, line, pattern, at);
        }
        return true;
    }
    !state.is_dead() && !state.is_quit()
}

/// Records that the combined DFA's pattern `pattern` matched, ending at `end`.
fn record(
    scanner: &Scanner,
    scratch: &mut Reports<'_>,
    bytes: &[u8],
    line: &mut Range<usize>,
    pattern: usize,
    end: usize,
) {
    let slot = match scanner.targets[pattern] {
        Target::Pattern(index) => index,
        Target::Context(index) => scanner.patterns + index,
    };
    if !scratch.anywhere[slot] {
        scratch.anywhere[slot] = true;
        scratch.matched.push(slot);
    }
    let line_local = scanner.line_local.get(slot).copied().unwrap_or(true);
    if !line_local {
        return;
    }

    // The match's last byte. Matches of line-local patterns and context words are never
    // empty, and reports come in order of their end, so lines only move forward.
    let last = end.saturating_sub(1);
    if !line.contains(&last) {
        *line = line_around(bytes, last);
    }

    let shortest = scanner.gate_min.get(slot).copied().unwrap_or(0);
    let last_start = line.start.max(end.saturating_sub(shortest));
    let lines = &mut scratch.lines[slot];
    let windows = &mut scratch.windows[slot];
    let last_end = if scanner.gate_whole.get(slot).copied().unwrap_or(false) {
        end
    } else {
        line.end
    };
    if lines.last() == Some(&*line) {
        if let Some(window) = windows.last_mut() {
            window.starts.end = last_start + 1;
            window.end = last_end;
        }
    } else {
        lines.push(line.clone());
        // Context words have no gate: their window spans the ends of the first and last.
        let longest = scanner.gate_max.get(slot).copied().unwrap_or(Some(0));
        let first_start = longest.map_or(line.start, |longest| {
            line.start.max(end.saturating_sub(longest))
        });
        windows.push(Window {
            starts: first_start..last_start + 1,
            end: last_end,
        });
    }
}

/// Returns the byte range of the line with `offset` in it, without its line break.
fn line_around(bytes: &[u8], offset: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |index| index + 1);
    let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |index| offset + index);
    start..end
}

#[cfg(test)]
mod tests {
    use super::{SCANNER, cannot_match_line_break, gate, with_hits};

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
    fn gate_matches_where_pattern_matches() {
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
        let index = super::CATALOGUE
            .iter()
            .flat_map(|detector| detector.patterns.iter())
            .position(|pattern| pattern.rule == "us_ssn.dashed")
            .expect("rule exists");
        with_hits(text, 0..text.len(), |hits| {
            let hits = hits.expect("scan succeeds");
            assert!(hits.matched_patterns().any(|(matched, _)| matched == index));
            let lines = hits.pattern_lines(index).expect("pattern is line-local");
            assert_eq!(lines.len(), 1);
            assert_eq!(lines[0], 11..31);
            assert_eq!(&text[lines[0].clone()], "SSN 123-45-6789 here");
        });
        // The scratch memory is cleared for the next scan.
        with_hits("nothing to see", 0..14, |hits| {
            let hits = hits.expect("scan succeeds");
            assert!(hits.pattern_lines(index).is_some_and(<[_]>::is_empty));
        });
    }

    #[test]
    fn scan_of_empty_text_finds_nothing() {
        with_hits("", 0..0, |hits| {
            assert_eq!(hits.expect("scan succeeds").matched_patterns().count(), 0);
        });
    }
}
