//! The on-disk index: reused, patched, rebuilt when stale or corrupt.

use std::path::Path;

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

/// Gives entry `id` another review date: its hash changes, its words do
/// not, so the next open patches the index instead of rebuilding it.
fn review_again(kb: &Path, id: &str) {
    let path = kb.join(format!("services/{id}.md"));
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace("2026-11-01", "2026-11-20");
    std::fs::write(&path, text).expect("write");
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
        OpenOutcome::Reused
    );

    // Same words, other review date: the entry's hash changes, the
    // vocabulary does not, so the index is patched, not rebuilt.
    review_again(kb.path(), "hund");
    let desk = open(kb.path(), data.path());
    assert_eq!(
        desk.index_outcome(),
        OpenOutcome::Updated {
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

/// Ids and scores of a search, scores rounded to what ranking can tell.
fn scored(desk: &Desk, query: &str) -> Vec<(String, i64)> {
    desk.search(query, 10)
        .into_iter()
        .map(|h| (h.id, (h.score * 10_000.0).round() as i64))
        .collect()
}

#[test]
fn a_patched_index_ranks_as_a_fresh_build_does() {
    let kb = tempfile::tempdir().expect("tmp");
    let data = tempfile::tempdir().expect("tmp");
    kb_with(
        kb.path(),
        &[
            ("hund", "Hund anmelden"),
            ("hundab", "Hund abmelden"),
            ("steuer", "Hundesteuer zahlen"),
        ],
    );
    open(kb.path(), data.path());
    // The entry is replaced (delete + add): the deleted copy must not stay
    // in the statistics that weigh "hund".
    review_again(kb.path(), "hund");
    let patched = open(kb.path(), data.path());
    assert!(
        matches!(patched.index_outcome(), OpenOutcome::Updated { .. }),
        "{:?}",
        patched.index_outcome()
    );
    let fresh_data = tempfile::tempdir().expect("tmp");
    let fresh = open(kb.path(), fresh_data.path());
    for query in ["hund anmelden", "hund", "hundesteuer abmelden"] {
        assert_eq!(scored(&patched, query), scored(&fresh, query), "{query}");
    }
}

#[test]
fn a_new_word_rebuilds_because_compounds_may_split_differently() {
    let kb = tempfile::tempdir().expect("tmp");
    let data = tempfile::tempdir().expect("tmp");
    kb_with(kb.path(), &[("park", "Bewohnerparkausweis beantragen")]);
    open(kb.path(), data.path());
    // Trailing space: the agent finished typing, so no prefix completion.
    // ("bewohner" alone would now find the compound it opens, in part.)
    assert!(
        open(kb.path(), data.path())
            .search("parkausweis ", 5)
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
        matches!(desk.index_outcome(), OpenOutcome::InMemory(_)),
        "{:?}",
        desk.index_outcome()
    );
    assert_eq!(desk.search("hund", 5).len(), 1);
    assert_eq!(
        std::fs::read(data.path().join("index")).expect("the file is kept"),
        b"not a folder"
    );
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

/// The index files of one kind (`idx`, `term`, …) in a data folder.
fn index_files(data: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(data.join("index"))
        .expect("index folder")
        .flatten()
        .map(|f| f.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .{ext} file in {}", data.display());
    files
}

/// Zeroes the middle third of a file in place (same length, same inode),
/// as a bad sector or a torn copy would.
fn zero_middle(path: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(path).expect("meta").len();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open for writing");
    f.seek(SeekFrom::Start(len / 3)).expect("seek");
    f.write_all(&vec![0; (len / 3) as usize]).expect("zero");
    f.sync_all().expect("sync");
}

fn ids(hits: Vec<auskunft::kb::search::SearchHit>) -> Vec<String> {
    hits.into_iter().map(|h| h.id).collect()
}

/// Regression: a postings file (`*.idx`) zeroed in the middle made every
/// search panic (the CLI exited 101). The checksum check at open finds it
/// and the folder is rebuilt.
#[test]
fn a_zeroed_postings_file_is_found_at_open_and_rebuilt() {
    let data = tempfile::tempdir().expect("tmp");
    let desk = shipped_open(data.path());
    let before = ids(desk.search("hund anmelden", 3));
    drop(desk);
    for f in index_files(data.path(), "idx") {
        zero_middle(&f);
    }
    let desk = shipped_open(data.path());
    match desk.index_outcome() {
        OpenOutcome::Rebuilt(why) => assert!(why.contains("damaged"), "{why}"),
        other => panic!("expected a rebuild, got {other:?}"),
    }
    assert_eq!(ids(desk.search("hund anmelden", 3)), before);
    assert_eq!(
        shipped_open(data.path()).index_outcome(),
        OpenOutcome::Reused
    );
}

/// Regression: a term dictionary (`*.term`) zeroed in the middle gave
/// "Keine Treffer." for ever and was never rebuilt.
#[test]
fn a_zeroed_term_dictionary_is_found_at_open_and_rebuilt() {
    let data = tempfile::tempdir().expect("tmp");
    let before = ids(shipped_open(data.path()).search("reisepass", 3));
    assert!(!before.is_empty());
    for f in index_files(data.path(), "term") {
        zero_middle(&f);
    }
    let desk = shipped_open(data.path());
    assert!(
        matches!(desk.index_outcome(), OpenOutcome::Rebuilt(_)),
        "{:?}",
        desk.index_outcome()
    );
    assert_eq!(ids(desk.search("reisepass", 3)), before);
}

/// Damage that appears while the desk runs (the open check cannot see
/// it): the search that hits it still answers, from an index built in
/// memory, and the folder is rebuilt in the background and taken back.
#[test]
fn damage_in_use_answers_from_memory_and_rebuilds_the_folder() {
    let data = tempfile::tempdir().expect("tmp");
    let desk = shipped_open(data.path());
    let before = ids(desk.search("hund anmelden", 3));
    assert!(!before.is_empty());
    for f in index_files(data.path(), "idx") {
        zero_middle(&f);
    }
    assert_eq!(ids(desk.search("hund anmelden", 3)), before);
    assert!(
        matches!(
            desk.index_outcome(),
            OpenOutcome::InMemory(_) | OpenOutcome::Rebuilt(_)
        ),
        "{:?}",
        desk.index_outcome()
    );
    desk.wait_for_index_rebuild();
    match desk.index_outcome() {
        OpenOutcome::Rebuilt(why) => assert!(why.contains("failed in use"), "{why}"),
        other => panic!("expected the background rebuild, got {other:?}"),
    }
    assert_eq!(ids(desk.search("hund anmelden", 3)), before);
    drop(desk);
    let again = shipped_open(data.path());
    assert_eq!(again.index_outcome(), OpenOutcome::Reused);
    assert_eq!(ids(again.search("hund anmelden", 3)), before);
}

/// The CLI over a damaged index: exit 0 and the same answer (was a panic,
/// exit 101), no panic text on stderr.
#[test]
fn cli_search_over_a_damaged_index_answers() {
    let data = tempfile::tempdir().expect("tmp");
    let (code, before, _) = crate::common::auskunft(data.path(), &["search", "hund anmelden"]);
    assert_eq!(code, 0);
    for f in index_files(data.path(), "idx") {
        zero_middle(&f);
    }
    let (code, after, err) = crate::common::auskunft(data.path(), &["search", "hund anmelden"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(after, before);
    assert!(!err.contains("panicked"), "{err}");
}

fn shipped_open(data: &Path) -> Desk {
    open(&crate::common::shipped_kb(), data)
}

/// Regression: without its marker file the index folder was deleted
/// recursively, whatever it held (`--data ~/somefolder` would have removed
/// `~/somefolder/index`). Now a folder holding anything the desk did not
/// write is left as it is, the error names it, and search runs in memory.
#[test]
fn a_folder_holding_other_files_is_left_alone_and_search_uses_memory() {
    for foreign in ["notizen.txt", "Fotos/urlaub.jpg"] {
        let data = tempfile::tempdir().expect("tmp");
        let path = data.path().join("index").join(foreign);
        write(&path, "meins");
        let desk = shipped_open(data.path());
        match desk.index_outcome() {
            OpenOutcome::InMemory(why) => {
                let folder = data.path().join("index").display().to_string();
                assert!(why.contains(&folder), "names the folder: {why}");
                let first = foreign.split('/').next().expect("name");
                assert!(why.contains(first), "names what is in the way: {why}");
            }
            other => panic!("{foreign}: expected memory, got {other:?}"),
        }
        assert_eq!(
            std::fs::read_to_string(&path).expect("still there"),
            "meins"
        );
        assert_eq!(
            ids(desk.search("hund anmelden", 1)),
            vec!["hund-anmelden".to_string()]
        );
    }
}

/// A damaged index of the desk with someone's file beside it: the
/// damaged files are not cleared either (the folder is not only ours).
#[test]
fn a_damaged_index_beside_a_foreign_file_is_not_cleared() {
    let data = tempfile::tempdir().expect("tmp");
    drop(shipped_open(data.path()));
    for f in index_files(data.path(), "idx") {
        zero_middle(&f);
    }
    let mine = data.path().join("index/liesmich.md");
    write(&mine, "meins");
    let before = std::fs::read_dir(data.path().join("index"))
        .expect("dir")
        .count();
    let desk = shipped_open(data.path());
    assert!(
        matches!(desk.index_outcome(), OpenOutcome::InMemory(_)),
        "{:?}",
        desk.index_outcome()
    );
    assert!(mine.exists());
    let after = std::fs::read_dir(data.path().join("index"))
        .expect("dir")
        .count();
    assert_eq!(before, after, "nothing deleted");
    assert!(!desk.search("hund anmelden", 1).is_empty());
}

/// Without its marker but holding only what tantivy wrote, the folder is
/// the desk's own: cleared and rebuilt.
#[test]
fn a_folder_of_tantivy_files_without_the_marker_is_rebuilt() {
    let data = tempfile::tempdir().expect("tmp");
    drop(shipped_open(data.path()));
    std::fs::remove_file(data.path().join("index/auskunft-index.json")).expect("rm marker");
    let desk = shipped_open(data.path());
    assert!(
        matches!(desk.index_outcome(), OpenOutcome::Rebuilt(_)),
        "{:?}",
        desk.index_outcome()
    );
    assert!(data.path().join("index/auskunft-index.json").exists());
    assert!(!desk.search("hund anmelden", 1).is_empty());
}

/// The CLI still answers over such a folder and says on stderr why the
/// index is in memory, naming the folder.
#[test]
fn cli_search_over_a_foreign_folder_answers_and_warns() {
    let data = tempfile::tempdir().expect("tmp");
    write(&data.path().join("index/notizen.txt"), "meins");
    let (code, out, err) = crate::common::auskunft(data.path(), &["search", "hund anmelden"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("hund-anmelden\t"), "{out}");
    assert!(
        err.contains(&data.path().join("index").display().to_string())
            && err.contains("notizen.txt"),
        "{err}"
    );
    assert!(data.path().join("index/notizen.txt").exists());
}

/// An editor publishes a broken file: the desk keeps answering with the
/// entry's last good version and tells the editors both the error and
/// that; once the file is fixed, its new text answers.
#[test]
fn a_broken_published_file_keeps_the_last_good_entry_until_it_is_fixed() {
    use auskunft::kb::Severity;
    let kb = crate::common::copy_of_shipped_kb();
    let (mut desk, _data) = crate::common::desk_over(kb.path());
    let file = kb.path().join("services/hund-anmelden.md");
    let good = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        "+++\nid = \"hund-anmelden\"\ntitle = \n+++\nkaputt\n",
    )
    .expect("write");
    desk.reload().expect("reload");
    assert_eq!(desk.search("hund anmelden", 3)[0].id, "hund-anmelden");
    let about = |severity: Severity| {
        desk.problems()
            .iter()
            .filter(|p| p.path == file && p.severity == severity)
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
    };
    assert!(!about(Severity::Error).is_empty(), "{:?}", desk.problems());
    assert!(
        about(Severity::Warning)
            .iter()
            .any(|m| m.contains("last good version")),
        "{:?}",
        desk.problems()
    );
    let fixed = good.replacen("summary = \"", "summary = \"Stichwort Zebrafink. ", 1);
    assert_ne!(fixed, good);
    std::fs::write(&file, fixed).expect("write");
    desk.reload().expect("reload");
    assert_eq!(desk.search("zebrafink", 3)[0].id, "hund-anmelden");
    assert!(
        desk.problems().iter().all(|p| p.path != file),
        "{:?}",
        desk.problems()
    );
}
