//! Problems found in knowledge-base files, reported as `path:line: message`
//! (`path: message` for a folder, which has no lines).

use std::path::PathBuf;

/// Whether a problem stops the entry from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The entry is skipped (or the link is broken); `kb check` exits 1.
    Error,
    /// Worth an editor's look; `kb check` still exits 0.
    Warning,
}

/// A problem at a line of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// 1-based line; 0 for a folder (missing, or without entries), which
    /// has no line to point at.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, naming the field and value.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = self.path.display();
        match self.line {
            0 => write!(f, "{path}: {sev}: {}", self.message),
            line => write!(f, "{path}:{line}: {sev}: {}", self.message),
        }
    }
}
