//! Shared set-up: a desk over the shipped knowledge base with its own data
//! folder, so tests never share an index.

use std::path::{Path, PathBuf};

use auskunft::{Desk, DeskConfig};
use chrono::{DateTime, Utc};

/// A property suite's number of cases (see `auskunft::testing::cases`).
pub use auskunft::testing::cases;

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

/// A copy of the shipped knowledge base that a test may edit, as editors
/// publish to a desk's folder.
pub fn copy_of_shipped_kb() -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temp dir");
    let from = shipped_kb();
    for dir in ["", "services", "locations"] {
        let to = copy.path().join(dir);
        std::fs::create_dir_all(&to).expect("folder");
        for item in std::fs::read_dir(from.join(dir)).expect("read").flatten() {
            if item.path().is_file() {
                std::fs::copy(item.path(), to.join(item.file_name())).expect("copy");
            }
        }
    }
    copy
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

/// Runs the real `auskunft` binary over the shipped knowledge base and the
/// data folder `data`: exit code, stdout as bytes (CSV carries a BOM),
/// stderr.
pub fn auskunft_bytes(data: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`auskunft_bytes`] with stdout as text.
pub fn auskunft(data: &Path, args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = auskunft_bytes(data, args);
    (code, String::from_utf8_lossy(&out).into_owned(), err)
}
