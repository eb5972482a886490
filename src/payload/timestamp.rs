//! RFC 3339 timestamps that keep the sender's UTC offset.

/// A calendar date and time with the UTC offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Fraction of the second in nanoseconds; digits past the ninth are dropped.
    pub nanosecond: u32,
    /// Offset from UTC in seconds, east positive; `Z` is 0.
    pub offset_seconds: i32,
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
    ///
    /// `t`, `z` and a space in place of `T` are accepted, as RFC 3339 allows. Leap seconds
    /// (`:60`) are rejected because Python's `datetime` cannot hold them.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() < 20 || !text.is_ascii() {
            return None;
        }
        let year = digits(bytes, 0, 4)?;
        let month = digits(bytes, 5, 2)?;
        let day = digits(bytes, 8, 2)?;
        let hour = digits(bytes, 11, 2)?;
        let minute = digits(bytes, 14, 2)?;
        let second = digits(bytes, 17, 2)?;
        let separators_valid = bytes[4] == b'-'
            && bytes[7] == b'-'
            && matches!(bytes[10], b'T' | b't' | b' ')
            && bytes[13] == b':'
            && bytes[16] == b':';
        if !separators_valid {
            return None;
        }

        let mut position = 19;
        let mut nanosecond = 0u32;
        if bytes.get(position) == Some(&b'.') {
            position += 1;
            let start = position;
            while bytes.get(position).is_some_and(u8::is_ascii_digit) {
                if position - start < 9 {
                    nanosecond = nanosecond * 10 + u32::from(bytes[position] - b'0');
                }
                position += 1;
            }
            let count = position - start;
            if count == 0 {
                return None;
            }
            for _ in count..9 {
                nanosecond *= 10;
            }
        }

        let offset_seconds = parse_offset(&bytes[position..])?;
        let valid = year >= 1
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour <= 23
            && minute <= 59
            && second <= 59;
        if !valid {
            return None;
        }
        Some(Self {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
            hour: u8::try_from(hour).ok()?,
            minute: u8::try_from(minute).ok()?,
            second: u8::try_from(second).ok()?,
            nanosecond,
            offset_seconds,
        })
    }
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Option<u32> {
    let field = bytes.get(start..start + count)?;
    field.iter().try_fold(0u32, |value, byte| {
        byte.is_ascii_digit()
            .then(|| value * 10 + u32::from(byte - b'0'))
    })
}

fn parse_offset(bytes: &[u8]) -> Option<i32> {
    match bytes {
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let hours = digits(bytes, 1, 2)?;
            let minutes = digits(bytes, 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            Some(if *sign == b'-' { -seconds } else { seconds })
        }
        _ => None,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn utc_with_fraction() {
        let parsed = Timestamp::parse("2026-11-30T14:42:19.000Z").expect("valid");
        assert_eq!((parsed.year, parsed.month, parsed.day), (2026, 11, 30));
        assert_eq!((parsed.hour, parsed.minute, parsed.second), (14, 42, 19));
        assert_eq!(parsed.nanosecond, 0);
        assert_eq!(parsed.offset_seconds, 0);
    }

    #[test]
    fn negative_offset_is_kept() {
        let parsed = Timestamp::parse("2026-11-30T14:42:21-08:00").expect("valid");
        assert_eq!(parsed.offset_seconds, -8 * 3600);
    }

    #[test]
    fn half_hour_offset_and_millis() {
        let parsed = Timestamp::parse("2025-07-21T14:35:48.437+05:30").expect("valid");
        assert_eq!(parsed.offset_seconds, 5 * 3600 + 30 * 60);
        assert_eq!(parsed.nanosecond, 437_000_000);
    }

    #[test]
    fn long_fractions_are_truncated_to_nanoseconds() {
        let parsed = Timestamp::parse("2026-01-01T00:00:00.1234567891234Z").expect("valid");
        assert_eq!(parsed.nanosecond, 123_456_789);
    }

    #[test]
    fn leap_day_only_in_leap_years() {
        assert!(Timestamp::parse("2024-02-29T00:00:00Z").is_some());
        assert!(Timestamp::parse("2025-02-29T00:00:00Z").is_none());
        assert!(Timestamp::parse("1900-02-29T00:00:00Z").is_none());
        assert!(Timestamp::parse("2000-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn invalid_timestamps_are_rejected() {
        for text in [
            "",
            "2026-11-30",
            "2026-11-30T14:42:19",
            "2026-11-30T14:42:19+0800",
            "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00Z ",
            "2026/01/01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-01-01T00:00:00+24:00",
            "２026-01-01T00:00:00Z",
            "1764513739",
        ] {
            assert_eq!(Timestamp::parse(text), None, "{text:?}");
        }
    }
}
