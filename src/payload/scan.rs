//! A validating JSON scanner that records byte offsets instead of building values.
//!
//! It accepts a subset of what [`super::json::check`] accepts under the same limits, and it
//! rejects everything else. Where the two might differ it rejects: escaped surrogates that do
//! not form a pair, numbers that could lie outside the range of `f64`, and strings whose raw
//! text is longer than the string limit. A rejected body goes to the tree-building decoders,
//! which report the error or parse the body, so a caller never sees the scanner's verdict.

// Inlining the per-member steps into their callers keeps their results in registers. Returned
// through memory, they made the parse about a tenth slower in one `perf` profile.
#![allow(clippy::inline_always)]

use std::ops::Range;

use super::Limits;
use super::json::MAX_DEPTH_CEILING;

/// A byte that the scanner does not accept, or a limit that it cannot prove is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rejected;

pub(super) type Scan<T> = Result<T, Rejected>;

/// Largest number of digits, counted before the decimal point plus the exponent, that the
/// scanner accepts. `f64` overflows past about 1.8e308, so 300 leaves a margin.
const MAX_NUMBER_MAGNITUDE: i64 = 300;

/// Largest number of digits in a mantissa, and largest magnitude of a negative exponent, that
/// the scanner accepts. Larger ones are valid JSON but rare in payloads, so they go to
/// `serde_json`, whose rounding and range rules decide.
const MAX_NUMBER_DIGITS: i64 = 300;

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// A string read from the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StringToken {
    /// Span of the text between the quotes, escapes as written.
    pub inner: Range<usize>,
    /// True when the text contains a backslash escape, so `inner` is not the string's value.
    pub escaped: bool,
}

/// Position inside an object or array, between [`Scanner::object`] or [`Scanner::array`] and
/// the closing bracket.
pub(super) struct Container {
    first: bool,
}

/// A reader of a body's bytes that checks JSON syntax and limits as it moves.
pub(super) struct Scanner<'a> {
    bytes: &'a [u8],
    position: usize,
    /// Containers open around the position.
    depth: usize,
    max_depth: usize,
    max_string_bytes: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, limits: &Limits) -> Self {
        Self {
            bytes: text.as_bytes(),
            position: 0,
            depth: 0,
            // serde_json stops at its own depth, one level past MAX_DEPTH_CEILING.
            max_depth: limits.max_depth.min(MAX_DEPTH_CEILING),
            max_string_bytes: limits.max_string_bytes,
        }
    }

    /// Checks that nothing but whitespace follows the position.
    #[inline]
    pub fn finish(&mut self) -> Scan<()> {
        self.skip_whitespace();
        if self.position == self.bytes.len() {
            Ok(())
        } else {
            Err(Rejected)
        }
    }

    /// Returns the next byte after whitespace without consuming it.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.position).copied()
    }

    /// Consumes `{` and opens an object.
    #[inline]
    pub fn object(&mut self) -> Scan<Container> {
        self.open(b'{')
    }

    /// Consumes `[` and opens an array.
    #[inline]
    pub fn array(&mut self) -> Scan<Container> {
        self.open(b'[')
    }

    #[inline]
    fn open(&mut self, bracket: u8) -> Scan<Container> {
        if self.peek() != Some(bracket) || self.depth >= self.max_depth {
            return Err(Rejected);
        }
        self.position += 1;
        self.depth += 1;
        Ok(Container { first: true })
    }

    /// Reads the next key of an object and the colon after it, or its closing brace.
    #[inline(always)]
    pub fn next_key(&mut self, object: &mut Container) -> Scan<Option<StringToken>> {
        if !self.next_entry(object, b'}')? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(Rejected);
        }
        let key = self.string()?;
        if self.peek() != Some(b':') {
            return Err(Rejected);
        }
        self.position += 1;
        Ok(Some(key))
    }

    /// Moves to the next item of an array and returns true, or consumes its closing bracket
    /// and returns false.
    #[inline]
    pub fn next_item(&mut self, array: &mut Container) -> Scan<bool> {
        self.next_entry(array, b']')
    }

    #[inline(always)]
    fn next_entry(&mut self, container: &mut Container, close: u8) -> Scan<bool> {
        let byte = self.peek().ok_or(Rejected)?;
        if byte == close {
            self.position += 1;
            self.depth -= 1;
            return Ok(false);
        }
        if container.first {
            container.first = false;
        } else if byte == b',' {
            self.position += 1;
        } else {
            return Err(Rejected);
        }
        Ok(true)
    }

    /// Reads any value and returns its span.
    #[inline(always)]
    pub fn value(&mut self) -> Scan<Range<usize>> {
        self.skip_whitespace();
        let start = self.position;
        self.skip_value()?;
        Ok(start..self.position)
    }

    /// Reads a string value.
    #[inline(always)]
    pub fn string(&mut self) -> Scan<StringToken> {
        if self.peek() != Some(b'"') {
            return Err(Rejected);
        }
        let start = self.position + 1;
        let escaped = self.skip_string()?;
        Ok(StringToken {
            inner: start..self.position - 1,
            escaped,
        })
    }

    /// Reads the string whose opening quote is at the position, and returns whether it
    /// contains escapes.
    #[inline]
    fn skip_string(&mut self) -> Scan<bool> {
        self.position += 1;
        let start = self.position;
        let mut escaped = false;
        loop {
            self.skip_plain_string_bytes();
            match self.bytes.get(self.position) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                // A control character, or the end of the body.
                _ => return Err(Rejected),
            }
        }
        // An escape is longer than what it stands for, so the raw length bounds the length
        // after unescaping from above.
        if self.position - start > self.max_string_bytes {
            return Err(Rejected);
        }
        self.position += 1;
        Ok(escaped)
    }

    /// Reads the value at the position, which is not whitespace.
    ///
    /// Nested containers are tracked in a bit stack instead of by recursion: bit `n` of
    /// `objects` is set when the container `n + 1` levels below the value is an object. The
    /// depth limit is at most [`MAX_DEPTH_CEILING`], below the 128 bits of the stack.
    fn skip_value(&mut self) -> Scan<()> {
        let base = self.depth;
        let mut objects: u128 = 0;
        loop {
            // At the start of a value.
            match self.bytes.get(self.position) {
                Some(b'"') => {
                    self.skip_string()?;
                }
                Some(&bracket @ (b'{' | b'[')) => {
                    if self.depth >= self.max_depth {
                        return Err(Rejected);
                    }
                    let level = self.depth - base;
                    self.depth += 1;
                    self.position += 1;
                    self.skip_whitespace();
                    let close = if bracket == b'{' {
                        objects |= 1 << level;
                        b'}'
                    } else {
                        objects &= !(1 << level);
                        b']'
                    };
                    if self.bytes.get(self.position) == Some(&close) {
                        self.position += 1;
                        self.depth -= 1;
                    } else {
                        if bracket == b'{' {
                            self.skip_key()?;
                        }
                        continue;
                    }
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return Err(Rejected),
            }
            // After a value: close containers until one has another entry.
            loop {
                if self.depth == base {
                    return Ok(());
                }
                let in_object = objects & (1 << (self.depth - base - 1)) != 0;
                self.skip_whitespace();
                match self.bytes.get(self.position) {
                    Some(b',') => {
                        self.position += 1;
                        self.skip_whitespace();
                        if in_object {
                            self.skip_key()?;
                        }
                        break;
                    }
                    Some(b'}') if in_object => {}
                    Some(b']') if !in_object => {}
                    _ => return Err(Rejected),
                }
                self.position += 1;
                self.depth -= 1;
            }
        }
    }

    /// Reads a key, the colon after it and the whitespace up to its value.
    #[inline]
    fn skip_key(&mut self) -> Scan<()> {
        if self.bytes.get(self.position) != Some(&b'"') {
            return Err(Rejected);
        }
        self.skip_string()?;
        self.skip_whitespace();
        if self.bytes.get(self.position) != Some(&b':') {
            return Err(Rejected);
        }
        self.position += 1;
        self.skip_whitespace();
        Ok(())
    }

    #[inline]
    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        let end = self.position + word.len();
        if self.bytes.get(self.position..end) != Some(word) {
            return Err(Rejected);
        }
        self.position = end;
        Ok(())
    }

    /// Reads a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Scan<()> {
        if self.bytes.get(self.position) == Some(&b'-') {
            self.position += 1;
        }
        let integer_digits = match self.bytes.get(self.position) {
            Some(b'0') => {
                self.position += 1;
                1
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Rejected),
        };
        let mut fraction_digits = 0;
        if self.bytes.get(self.position) == Some(&b'.') {
            self.position += 1;
            fraction_digits = self.digits();
            if fraction_digits == 0 {
                return Err(Rejected);
            }
        }
        let mut exponent = 0;
        if let Some(b'e' | b'E') = self.bytes.get(self.position) {
            self.position += 1;
            let negative = self.bytes.get(self.position) == Some(&b'-');
            if let Some(b'-' | b'+') = self.bytes.get(self.position) {
                self.position += 1;
            }
            let start = self.position;
            let exponent_digits = self.digits();
            if exponent_digits == 0 || exponent_digits > 5 {
                return Err(Rejected);
            }
            let text = &self.bytes[start..self.position];
            let magnitude = text
                .iter()
                .fold(0, |value, digit| value * 10 + i64::from(digit - b'0'));
            exponent = if negative { -magnitude } else { magnitude };
        }
        let in_range = integer_digits + exponent.max(0) <= MAX_NUMBER_MAGNITUDE
            && integer_digits + fraction_digits <= MAX_NUMBER_DIGITS
            && exponent >= -MAX_NUMBER_DIGITS;
        if in_range { Ok(()) } else { Err(Rejected) }
    }

    /// Consumes ASCII digits and returns how many there were.
    #[inline]
    fn digits(&mut self) -> i64 {
        let start = self.position;
        while self
            .bytes
            .get(self.position)
            .is_some_and(u8::is_ascii_digit)
        {
            self.position += 1;
        }
        i64::try_from(self.position - start).unwrap_or(i64::MAX)
    }

    /// Reads the backslash escape at the position. Escaped surrogates must form a pair, since
    /// `serde_json` rejects a lone one when it reads a string.
    fn escape(&mut self) -> Scan<()> {
        let kind = *self.bytes.get(self.position + 1).ok_or(Rejected)?;
        self.position += 2;
        match kind {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let unit = self.hex_unit()?;
                if (0xDC00..0xE000).contains(&unit) {
                    // A low surrogate without a high one before it.
                    return Err(Rejected);
                }
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate must be followed by an escaped low one.
                    if self.bytes.get(self.position..self.position + 2) != Some(b"\\u") {
                        return Err(Rejected);
                    }
                    self.position += 2;
                    let low = self.hex_unit()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(Rejected);
                    }
                }
                Ok(())
            }
            _ => Err(Rejected),
        }
    }

    /// Reads four hexadecimal digits.
    fn hex_unit(&mut self) -> Scan<u32> {
        let digits = self
            .bytes
            .get(self.position..self.position + 4)
            .ok_or(Rejected)?;
        let mut unit = 0;
        for &digit in digits {
            let value = char::from(digit).to_digit(16).ok_or(Rejected)?;
            unit = unit * 16 + value;
        }
        self.position += 4;
        Ok(unit)
    }

    /// Advances to the next quote, backslash or control character in a string, or to the end.
    ///
    /// Eight bytes are tested at a time. Each test below sets the high bit of a byte's lane when
    /// that byte matches, and of no lane before the first match. So the lowest set bit marks
    /// the first byte that ends the run.
    #[inline]
    fn skip_plain_string_bytes(&mut self) {
        while let Some(chunk) = self.bytes.get(self.position..self.position + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let word = u64::from_le_bytes(word);
            let quotes = word ^ (ONES * u64::from(b'"'));
            let backslashes = word ^ (ONES * u64::from(b'\\'));
            let matches = zero_lanes(quotes) | zero_lanes(backslashes) | lanes_below_space(word);
            if matches != 0 {
                self.position += (matches.trailing_zeros() / 8) as usize;
                return;
            }
            self.position += 8;
        }
        while let Some(&byte) = self.bytes.get(self.position) {
            if byte == b'"' || byte == b'\\' || byte < b' ' {
                return;
            }
            self.position += 1;
        }
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.position) {
            self.position += 1;
        }
    }
}

/// Sets the high bit of each zero byte's lane in `word`, and of none before the first one.
fn zero_lanes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// Sets the high bit of each lane whose byte is below 0x20, and of none before the first one.
fn lanes_below_space(word: u64) -> u64 {
    word.wrapping_sub(ONES * 0x20) & !word & HIGHS
}

/// Returns true when the scanner accepts `text` as one JSON value under `limits`, with the
/// body size limit checked first as the fast path checks it.
#[cfg(test)]
pub(super) fn accepts(text: &str, limits: &Limits) -> bool {
    if text.len() > limits.max_body_bytes {
        return false;
    }
    let mut scanner = Scanner::new(text, limits);
    scanner.value().is_ok() && scanner.finish().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts_default(text: &str) -> bool {
        accepts(text, &Limits::default())
    }

    #[test]
    fn usual_documents_are_accepted() {
        for text in [
            r#"{"a": [1, -2, 3.5, 0, -0.0, 1e5, 2E-3, 4e+2, true, false, null, "x\u00e9\n"]}"#,
            " [ ] ",
            "{}",
            r#""\ud83d\ude00""#,
            r#""a\"b\\c\/d\b\f\n\r\t""#,
            "123456789012345678901234567890",
            "\"h\u{e9}llo w\u{f6}rld, a longer string past eight bytes\"",
        ] {
            assert!(accepts_default(text), "{text}");
        }
    }

    #[test]
    fn invalid_or_doubtful_documents_are_rejected() {
        for text in [
            "",
            " ",
            "{} {}",
            "[1,]",
            "[,1]",
            r#"{"a" 1}"#,
            r#"{"a": 1,}"#,
            "{1: 1}",
            "[01]",
            "[1.]",
            "[.5]",
            "[-]",
            "[1e]",
            "[1e400]",
            "[1e-400]",
            "[NaN]",
            "[Infinity]",
            "[tru]",
            "[\"\u{1}\"]",
            "[\"a\tb\"]",
            r#"["\x"]"#,
            r#"["\u12"]"#,
            r#"["\ud800"]"#,
            r#"["\ud800\u0041"]"#,
            r#"["\udc00"]"#,
            "[\"unterminated",
            "[1 2]",
        ] {
            assert!(!accepts_default(text), "{text}");
        }
    }

    #[test]
    fn limits_are_kept() {
        let limits = Limits {
            max_depth: 2,
            max_string_bytes: 3,
            ..Limits::default()
        };
        assert!(accepts("[[1]]", &limits));
        assert!(!accepts("[[[1]]]", &limits));
        assert!(accepts(r#"{"abc": "xyz"}"#, &limits));
        assert!(!accepts(r#"{"abcd": 1}"#, &limits));
        assert!(!accepts(r#"["wxyz"]"#, &limits));
    }

    #[test]
    fn string_runs_stop_at_the_first_special_byte() {
        let limits = Limits::default();
        for length in 0..20 {
            for special in ["\"", "\\n", "\u{1f}"] {
                let text = format!("\"{}{special}{}\"", "\u{e9}".repeat(length), "a".repeat(9));
                let mut scanner = Scanner::new(&text, &limits);
                let token = scanner.string();
                if special == "\u{1f}" {
                    assert_eq!(token, Err(Rejected), "{text:?}");
                } else if special == "\"" {
                    assert_eq!(token.expect("string").inner, 1..1 + 2 * length);
                } else {
                    assert!(token.expect("string").escaped);
                }
            }
        }
    }
}
