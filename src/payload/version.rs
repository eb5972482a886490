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

/// The two kinds of versioned payload, each with its own version field and major versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayloadKind {
    /// Webhook deliveries, versioned by `webhookVersion`.
    Webhook,
    /// API responses, versioned by `apiVersion`.
    ApiResponse,
}

impl PayloadKind {
    /// Name of the top-level member that carries the version.
    pub fn version_field(self) -> &'static str {
        match self {
            Self::Webhook => "webhookVersion",
            Self::ApiResponse => "apiVersion",
        }
    }

    /// A valid version of this kind, for messages that show the expected form.
    pub fn example_version(self) -> &'static str {
        match self {
            Self::Webhook => "2.1",
            Self::ApiResponse => "3.4",
        }
    }

    /// Major versions this library has a decoder for.
    pub fn decodable_majors(self) -> &'static [u32] {
        match self {
            Self::Webhook => &[1, 2],
            Self::ApiResponse => &[3],
        }
    }
}

/// Versions a parser accepts, and its treatment of a payload without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionPolicy {
    /// Known webhook major versions, each with the newest minor version the caller's code was
    /// written for. Any minor of a known major is accepted unless `reject_newer_minor` is set.
    pub webhook: Vec<Version>,
    /// Known API response major versions, in the same form as `webhook`.
    pub api: Vec<Version>,
    /// Whether a minor version newer than the known one is rejected instead of accepted and
    /// flagged. Minor versions only add fields, so the default accepts them.
    pub reject_newer_minor: bool,
    /// Whether a payload without a version has its version inferred from its shape. When false,
    /// such a payload is rejected.
    pub infer_missing: bool,
}

impl VersionPolicy {
    /// Returns the known versions for `kind`.
    pub fn known(&self, kind: PayloadKind) -> &[Version] {
        match kind {
            PayloadKind::Webhook => &self.webhook,
            PayloadKind::ApiResponse => &self.api,
        }
    }

    /// Returns the newest known version with the same major, or `None` for an unknown major.
    pub fn newest_known(&self, kind: PayloadKind, version: Version) -> Option<Version> {
        self.known(kind)
            .iter()
            .copied()
            .filter(|known| known.major == version.major)
            .max()
    }

    /// Known major versions of `kind`, ascending.
    pub fn supported_majors(&self, kind: PayloadKind) -> Vec<u32> {
        let mut majors: Vec<u32> = self.known(kind).iter().map(|known| known.major).collect();
        majors.sort_unstable();
        majors.dedup();
        majors
    }

    /// Checks that each kind lists at least one version, each major at most once, and only
    /// majors this library has a decoder for.
    pub fn check(&self) -> Result<(), PolicyError> {
        for kind in [PayloadKind::Webhook, PayloadKind::ApiResponse] {
            let known = self.known(kind);
            if known.is_empty() {
                return Err(PolicyError::NoVersions { kind });
            }
            for (index, version) in known.iter().enumerate() {
                if !kind.decodable_majors().contains(&version.major) {
                    return Err(PolicyError::NoDecoder {
                        kind,
                        version: *version,
                    });
                }
                if let Some(earlier) = known[..index]
                    .iter()
                    .find(|earlier| earlier.major == version.major)
                {
                    return Err(PolicyError::DuplicateMajor {
                        kind,
                        first: *earlier,
                        second: *version,
                    });
                }
            }
        }
        Ok(())
    }
}

impl Default for VersionPolicy {
    /// Returns the policy for the versions in the CustomBooks contract: webhook 1.x change notifications up to 1.1,
    /// webhook 2.x events with data up to 2.1, and API responses up to 3.4. Newer minors are
    /// accepted and a missing version is inferred.
    fn default() -> Self {
        Self {
            webhook: vec![Version::new(1, 1), Version::new(2, 1)],
            api: vec![Version::new(3, 4)],
            reject_newer_minor: false,
            infer_missing: true,
        }
    }
}

/// Reason a version policy cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("the version policy lists no {} versions: list at least one", kind_name(*.kind))]
    NoVersions { kind: PayloadKind },
    #[error(
        "the version policy lists {} version {version}, but this library has decoders only for \
         major versions {}: remove it or upgrade custombooks-guard",
        kind_name(*.kind),
        super::format_majors(kind.decodable_majors())
    )]
    NoDecoder { kind: PayloadKind, version: Version },
    #[error(
        "the version policy lists {} versions {first} and {second}, both of major version {}, \
         but it takes one MAJOR.MINOR per major, the newest minor the handlers read: list only \
         one of them",
        kind_name(*.kind),
        first.major
    )]
    DuplicateMajor {
        kind: PayloadKind,
        first: Version,
        second: Version,
    },
}

fn kind_name(kind: PayloadKind) -> &'static str {
    match kind {
        PayloadKind::Webhook => "webhook",
        PayloadKind::ApiResponse => "API response",
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
        let policy = VersionPolicy::default();
        assert_eq!(
            policy.newest_known(PayloadKind::Webhook, Version::new(2, 7)),
            Some(Version::new(2, 1))
        );
        assert_eq!(
            policy.newest_known(PayloadKind::Webhook, Version::new(9, 0)),
            None
        );
        assert_eq!(policy.supported_majors(PayloadKind::Webhook), vec![1, 2]);
        assert_eq!(policy.supported_majors(PayloadKind::ApiResponse), vec![3]);
    }

    #[test]
    fn policy_check_requires_decoders() {
        assert_eq!(VersionPolicy::default().check(), Ok(()));
        let policy = VersionPolicy {
            webhook: vec![Version::new(2, 1), Version::new(4, 0)],
            ..VersionPolicy::default()
        };
        let error = policy.check().unwrap_err();
        assert_eq!(
            error,
            PolicyError::NoDecoder {
                kind: PayloadKind::Webhook,
                version: Version::new(4, 0)
            }
        );
        assert!(error.to_string().contains("1.x, 2.x"), "{error}");
        let policy = VersionPolicy {
            api: Vec::new(),
            ..VersionPolicy::default()
        };
        assert!(matches!(
            policy.check(),
            Err(PolicyError::NoVersions { .. })
        ));
    }

    #[test]
    fn policy_check_rejects_duplicate_majors() {
        let policy = VersionPolicy {
            webhook: vec![Version::new(2, 1), Version::new(1, 1), Version::new(2, 3)],
            ..VersionPolicy::default()
        };
        let error = policy.check().unwrap_err();
        assert_eq!(
            error,
            PolicyError::DuplicateMajor {
                kind: PayloadKind::Webhook,
                first: Version::new(2, 1),
                second: Version::new(2, 3),
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("webhook versions 2.1 and 2.3"),
            "{message}"
        );
        assert!(message.contains("major version 2"), "{message}");
        let policy = VersionPolicy {
            api: vec![Version::new(3, 4), Version::new(3, 4)],
            ..VersionPolicy::default()
        };
        assert!(matches!(
            policy.check(),
            Err(PolicyError::DuplicateMajor {
                kind: PayloadKind::ApiResponse,
                ..
            })
        ));
    }
}
