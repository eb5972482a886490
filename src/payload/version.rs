//! `"MAJOR.MINOR"` versions and the policy that decides which ones a parser accepts.

use std::fmt;

/// A payload version such as `2.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// Parses `"MAJOR.MINOR"`: ASCII digits only, no sign, no leading zeros, no spaces.
    pub fn parse(text: &str) -> Option<Self> {
        let (major, minor) = text.split_once('.')?;
        Some(Self::new(parse_component(major)?, parse_component(minor)?))
    }
}

fn parse_component(text: &str) -> Option<u32> {
    let canonical = !text.is_empty()
        && text.bytes().all(|byte| byte.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

impl fmt::Display for Version {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}", self.major, self.minor)
    }
}

/// Which versions a parser accepts and how it treats a payload without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionPolicy {
    /// Known major versions, each with the newest minor version this library was written for.
    /// Any minor of a known major is accepted; newer minors are flagged, not rejected.
    pub known: Vec<Version>,
    /// Whether a payload without a version has its version inferred from its shape. When false,
    /// such a payload is rejected.
    pub infer_missing: bool,
}

impl VersionPolicy {
    /// The webhook versions in the CustomBooks contract: 1.x change notifications up to 1.1 and
    /// 2.x events with data up to 2.1.
    pub fn webhooks() -> Self {
        Self {
            known: vec![Version::new(1, 1), Version::new(2, 1)],
            infer_missing: true,
        }
    }

    /// Returns the newest known version with the same major, or `None` for an unknown major.
    pub fn newest_known(&self, version: Version) -> Option<Version> {
        self.known
            .iter()
            .copied()
            .find(|known| known.major == version.major)
    }

    /// Known major versions, ascending.
    pub fn supported_majors(&self) -> Vec<u32> {
        let mut majors: Vec<u32> = self.known.iter().map(|known| known.major).collect();
        majors.sort_unstable();
        majors.dedup();
        majors
    }
}

impl Default for VersionPolicy {
    fn default() -> Self {
        Self::webhooks()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_versions_parse() {
        assert_eq!(Version::parse("2.1"), Some(Version::new(2, 1)));
        assert_eq!(Version::parse("1.0"), Some(Version::new(1, 0)));
        assert_eq!(Version::parse("10.12"), Some(Version::new(10, 12)));
    }

    #[test]
    fn non_canonical_versions_are_rejected() {
        for text in [
            "",
            "2",
            "2.",
            ".1",
            "2.1.0",
            " 2.1",
            "2.1 ",
            "+2.1",
            "-2.1",
            "02.1",
            "2.01",
            "2,1",
            "v2.1",
            "２.１",
            "99999999999.0",
        ] {
            assert_eq!(Version::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn policy_finds_known_majors() {
        let policy = VersionPolicy::webhooks();
        assert_eq!(
            policy.newest_known(Version::new(2, 7)),
            Some(Version::new(2, 1))
        );
        assert_eq!(policy.newest_known(Version::new(9, 0)), None);
        assert_eq!(policy.supported_majors(), vec![1, 2]);
    }
}
