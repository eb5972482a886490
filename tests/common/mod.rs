//! Locating the shared data folder that the integration tests read.

use std::path::PathBuf;

/// Returns `../shared/<relative>` beside the repository, or `None` (after saying why on stderr)
/// when that folder is absent, so a test can skip.
pub fn shared_path(relative: &str) -> Option<PathBuf> {
    let root = std::env::var_os("CUSTOMBOOKS_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        PathBuf::from,
    );
    let path = root.join(relative);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (set CUSTOMBOOKS_SHARED to the shared data folder)",
            path.display()
        );
        None
    }
}
