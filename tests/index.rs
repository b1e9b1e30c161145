//! The on-disk index: reused, patched, rebuilt when stale or corrupt.

use auskunft::kb::index::OpenOutcome;
use auskunft::{Desk, DeskConfig};

use crate::common::{service, write};

fn kb_with(dir: &std::path::Path, entries: &[(&str, &str)]) {
    for (id, title) in entries {
        write(
            &dir.join(format!("services/{id}.md")),
            &service(
                id,
                title,
                "",
                &format!("## Ablauf\n- {title} beim Amt erledigen.\n"),
            ),
        );
    }
}

fn open(kb: &std::path::Path, data: &std::path::Path) -> Desk {
    Desk::open(DeskConfig {
        kb_dir: kb.to_path_buf(),
        data_dir: data.to_path_buf(),
    })
    .expect("opens")
}

#[test]
fn second_open_reuses_then_patches_a_changed_entry() {
    let kb = tempfile::tempdir().expect("tmp");
    let data = tempfile::tempdir().expect("tmp");
    kb_with(
        kb.path(),
        &[("hund", "Hund anmelden"), ("pass", "Reisepass beantragen")],
    );
    assert!(matches!(
        open(kb.path(), data.path()).index_outcome(),
        OpenOutcome::Rebuilt(_)
    ));
    assert_eq!(
        open(kb.path(), data.path()).index_outcome(),
        &OpenOutcome::Reused
    );

    // Same words, other review date: the entry's hash changes, the
    // vocabulary does not, so the index is patched, not rebuilt.
    let path = kb.path().join("services/hund.md");
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace("2026-11-01", "2026-11-20");
    std::fs::write(&path, text).expect("write");
    let desk = open(kb.path(), data.path());
    assert_eq!(
        desk.index_outcome(),
        &OpenOutcome::Updated {
            changed: 1,
            removed: 0
        }
    );
    assert_eq!(
        desk.search("hund", 5).len(),
        1,
        "no duplicate after delete + add"
    );

    std::fs::remove_file(kb.path().join("services/pass.md")).expect("rm");
    let desk = open(kb.path(), data.path());
    assert!(matches!(
        desk.index_outcome(),
        OpenOutcome::Rebuilt(_) | OpenOutcome::Updated { .. }
    ));
    assert!(
        desk.search("reisepass", 5).is_empty(),
        "removed entry must not be found"
    );
}

#[test]
fn a_new_word_rebuilds_because_compounds_may_split_differently() {
    let kb = tempfile::tempdir().expect("tmp");
    let data = tempfile::tempdir().expect("tmp");
    kb_with(kb.path(), &[("park", "Bewohnerparkausweis beantragen")]);
    open(kb.path(), data.path());
    // Trailing space: the agent finished typing, so no prefix completion.
    assert!(
        open(kb.path(), data.path())
            .search("parkausweis bewohner ", 5)
            .is_empty()
    );
    kb_with(kb.path(), &[("neu", "Parkausweis für Bewohner")]);
    let desk = open(kb.path(), data.path());
    assert!(
        matches!(desk.index_outcome(), OpenOutcome::Rebuilt(_)),
        "{:?}",
        desk.index_outcome()
    );
    let ids: Vec<String> = desk
        .search("bewohnerparkausweis", 5)
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert!(
        ids.contains(&"park".to_string()) && ids.contains(&"neu".to_string()),
        "{ids:?}"
    );
}

#[test]
fn a_corrupt_index_is_rebuilt_and_the_desk_still_starts() {
    let kb = tempfile::tempdir().expect("tmp");
    let data = tempfile::tempdir().expect("tmp");
    kb_with(kb.path(), &[("hund", "Hund anmelden")]);
    open(kb.path(), data.path());
    // Scribble over every file tantivy wrote.
    for f in std::fs::read_dir(data.path().join("index"))
        .expect("dir")
        .flatten()
    {
        let name = f.file_name().to_string_lossy().to_string();
        if name != "auskunft-index.json" {
            std::fs::write(f.path(), b"garbage").expect("scribble");
        }
    }
    let desk = open(kb.path(), data.path());
    assert!(
        matches!(desk.index_outcome(), OpenOutcome::Rebuilt(_)),
        "{:?}",
        desk.index_outcome()
    );
    assert_eq!(
        desk.search("hund anmelden", 5)
            .first()
            .map(|h| h.id.as_str()),
        Some("hund")
    );
}

#[test]
fn an_unusable_index_folder_falls_back_to_memory() {
    let kb = tempfile::tempdir().expect("tmp");
    let data = tempfile::tempdir().expect("tmp");
    kb_with(kb.path(), &[("hund", "Hund anmelden")]);
    // A file where the index folder should be.
    std::fs::write(data.path().join("index"), b"not a folder").expect("write");
    let desk = open(kb.path(), data.path());
    assert!(
        matches!(
            desk.index_outcome(),
            OpenOutcome::InMemory(_) | OpenOutcome::Rebuilt(_)
        ),
        "{:?}",
        desk.index_outcome()
    );
    assert_eq!(desk.search("hund", 5).len(), 1);
}

#[test]
fn a_missing_knowledge_base_is_a_coded_error() {
    let data = tempfile::tempdir().expect("tmp");
    let err = Desk::open(DeskConfig {
        kb_dir: data.path().join("nope"),
        data_dir: data.path().to_path_buf(),
    })
    .expect_err("must fail");
    assert_eq!(err.code(), auskunft::ErrorCode::KbUnavailable);
    assert!(err.to_string().contains("nope"), "{err}");
}
