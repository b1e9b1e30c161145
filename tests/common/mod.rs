//! Shared set-up: a desk over the shipped knowledge base with its own data
//! folder, so tests never share an index.

use std::path::{Path, PathBuf};

use auskunft::{Desk, DeskConfig};
use chrono::{DateTime, Utc};

/// The shipped knowledge base.
pub fn shipped_kb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge-base")
}

/// A desk over `kb` with a fresh data folder (kept alive by the guard).
pub fn desk_over(kb: &Path) -> (Desk, tempfile::TempDir) {
    let data = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open(DeskConfig {
        kb_dir: kb.to_path_buf(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk opens");
    (desk, data)
}

/// A desk over the shipped knowledge base.
pub fn shipped_desk() -> (Desk, tempfile::TempDir) {
    desk_over(&shipped_kb())
}

/// An instant given in RFC 3339.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

/// Writes a file, creating folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A minimal valid service entry.
pub fn service(id: &str, title: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\nkind = \"service\"\ntitle = \"{title}\"\nsummary = \"Kurz.\"\nsynonyms = [\"x\"]\nreviewed = 2026-11-01\nsource = \"https://www.bochum.de/\"\n{extra}+++\n{body}"
    )
}
