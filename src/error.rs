//! Errors of the core, each with a stable code that the window and scripts
//! classify by. Messages say what and where; codes never change meaning.

use std::path::PathBuf;

/// Stable error codes. The UI chooses its German text by code, never by
/// message, so a code may only be added, not renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The knowledge-base folder cannot be read at all.
    KbUnavailable,
    /// An entry id that does not exist.
    EntryNotFound,
    /// The search index could not be opened, built or updated.
    IndexFailed,
    /// Input from an agent or script that is not valid (with the field).
    InvalidInput,
    /// The case store failed (locked, corrupt, full disk).
    StoreFailed,
    /// Anything else; a bug if it ever shows.
    Internal,
    /// A call-log action needs a signed-in agent; the window shows the
    /// sign-in dialog.
    NotSignedIn,
    /// The portal could not be asked (not configured, unreachable, or its
    /// answer was not the contract's); nothing was changed.
    PortalUnavailable,
    /// The signed-in person's role may not do this (the store refused it,
    /// or the desk knows it would); nothing was changed.
    Forbidden,
}

impl ErrorCode {
    /// The wire form: `SCREAMING_SNAKE_CASE`, as the UI and JSON see it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::KbUnavailable => "KB_UNAVAILABLE",
            ErrorCode::EntryNotFound => "ENTRY_NOT_FOUND",
            ErrorCode::IndexFailed => "INDEX_FAILED",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::StoreFailed => "STORE_FAILED",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::NotSignedIn => "NOT_SIGNED_IN",
            ErrorCode::PortalUnavailable => "PORTAL_UNAVAILABLE",
            ErrorCode::Forbidden => "FORBIDDEN",
        }
    }
}

/// An error of the Auskunft core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nobody is signed in at this desk.
    #[error("nobody is signed in at this desk; sign in first")]
    NotSignedIn,
    /// The knowledge-base folder is missing or unreadable.
    #[error("knowledge base {path}: {source}")]
    KbUnavailable {
        /// The folder.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// No entry with this id.
    #[error("no entry with id {}", quote(.0))]
    EntryNotFound(String),
    /// The tantivy index failed.
    #[error("search index in {path}: {message}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Invalid input, naming the field and the reason.
    #[error("{field}: {message}")]
    InvalidInput {
        /// The field or argument.
        field: String,
        /// Why it is invalid.
        message: String,
    },
    /// A portal form with invalid fields: every field's problem with its
    /// German message (code `INVALID_INPUT`, like one invalid field).
    #[error("{}", list_problems(.0))]
    InvalidForm(Vec<FieldProblem>),
    /// Any I/O problem outside the knowledge base.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The portal could not be asked, or answered outside the contract.
    #[error("portal: {action}: {message}")]
    Portal {
        /// What the desk asked ("asking for application 7's state").
        action: String,
        /// What went wrong, without the token or personal data.
        message: String,
    },
    /// The case store failed: it cannot be opened, stayed busy beyond the
    /// busy timeout ("database is locked"), is corrupt, or the disk is full.
    #[error("case store: {action}: {message}")]
    Store {
        /// What the desk was doing ("starting a call", "opening /path/…").
        action: String,
        /// What the database said, made readable.
        message: String,
    },
    /// The role of the person signed in may not do this: refused by the
    /// store's grants and row-level policies, or by the desk itself.
    #[error("not permitted: {action}: {message}")]
    Forbidden {
        /// What was attempted ("reading the per-agent figures").
        action: String,
        /// Why not, in words an agent can act on.
        message: String,
    },
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::KbUnavailable { .. } => ErrorCode::KbUnavailable,
            Error::EntryNotFound(_) => ErrorCode::EntryNotFound,
            Error::Index { .. } => ErrorCode::IndexFailed,
            Error::InvalidInput { .. } | Error::InvalidForm(_) => ErrorCode::InvalidInput,
            Error::Io { .. } => ErrorCode::Internal,
            Error::Store { .. } => ErrorCode::StoreFailed,
            Error::NotSignedIn => ErrorCode::NotSignedIn,
            Error::Portal { .. } => ErrorCode::PortalUnavailable,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
        }
    }

    /// The field an `InvalidInput` is about, for forms that show the
    /// problem next to it.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            Error::InvalidForm(problems) => problems.first().map(|p| p.field.as_str()),
            _ => None,
        }
    }

    /// Every field's problem of an invalid form (one for `InvalidInput`
    /// with its field), so a form can show each next to its field.
    pub fn problems(&self) -> Vec<FieldProblem> {
        match self {
            Error::InvalidForm(problems) => problems.clone(),
            Error::InvalidInput { field, message } => {
                vec![FieldProblem::new(field.clone(), message.clone())]
            }
            _ => Vec::new(),
        }
    }

    pub(crate) fn index(path: &std::path::Path, e: impl std::fmt::Display) -> Self {
        Error::Index {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn forbidden(action: &str, message: impl Into<String>) -> Self {
        Error::Forbidden {
            action: action.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

fn list_problems(problems: &[FieldProblem]) -> String {
    let parts: Vec<String> = problems
        .iter()
        .map(|p| {
            if p.field.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", p.field, p.message)
            }
        })
        .collect();
    parts.join("; ")
}

/// Most characters of a rejected value that a message repeats.
pub const QUOTE_MAX: usize = 60;

/// A rejected value as a message shows it: in „…“, at most [`QUOTE_MAX`]
/// characters (then "…"), control and invisible formatting characters
/// escaped (`\u{1b}`, `\n`, `\u{202e}`).
///
/// The one place a message repeats input: the handoff readers, the code and
/// plate checks, the call log. Messages reach terminals, logs, the window
/// and portal-sim's answers; a pasted megabyte must not become a megabyte
/// message, and an escape sequence or a right-to-left override must not
/// act on whoever reads it. German quotation marks because most messages
/// that quote are the agent's German ones.
pub fn quote(value: &str) -> String {
    format!("„{}“", shown(value))
}

/// [`quote`] without the quotation marks, for a value that becomes part of
/// a name rather than of a sentence (an unknown key in a field path).
pub fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(QUOTE_MAX * 4) + 4);
    let mut chars = value.chars();
    for c in chars.by_ref().take(QUOTE_MAX) {
        if c.is_control() || is_invisible_format(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// [`quote`] of one character (the one a check stumbled over).
pub fn quote_char(c: char) -> String {
    quote(c.encode_utf8(&mut [0; 4]))
}

/// Zero-width and bidirectional formatting characters: invisible, but they
/// reorder or hide what a reader sees around them.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem with one field: what the desk shows next to the field and
/// what portal-sim lists in a 422 answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldProblem {
    /// Dotted path of the field inside the form's data, e.g.
    /// `person.birth_name` or `seal_codes.rear`; in a whole request
    /// (see [`crate::handoff::parse_request`]) prefixed with `data.`.
    pub field: String,
    /// What is wrong, in German, for the agent.
    pub message: String,
}

impl FieldProblem {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldProblem {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_bounds_and_escapes() {
        assert_eq!(quote("BO-AB 1"), "„BO-AB 1“");
        assert_eq!(quote("\x1b[31mrot"), "„\\u{1b}[31mrot“");
        assert_eq!(quote("a\nb\u{202e}c"), "„a\\nb\\u{202e}c“");
        assert_eq!(quote_char('\x07'), "„\\u{7}“");
        let long = "ä".repeat(1_000_000);
        let shown = quote(&long);
        assert_eq!(shown.chars().count(), QUOTE_MAX + 3, "{shown}");
        assert!(shown.ends_with("…“"));
        assert_eq!(
            quote(&"x".repeat(QUOTE_MAX)),
            format!("„{}“", "x".repeat(QUOTE_MAX))
        );
    }
}
