//! Noticing that editors published a change to the knowledge-base folder.
//!
//! The folder may be a network share or a synced git checkout, where file
//! system notifications are unreliable or absent; so the desk polls: a
//! stamp of every file's name, size and modification time, taken every few
//! seconds (a stat of about 130 files). A changed stamp counts only once it
//! stayed the same for one more look, so a sync that copies files one by
//! one is read when it is done, not halfway.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::Duration;

use super::ENTRY_DIRS;

/// How often a desk looks at the folder: a published change is in search
/// within two looks (well under the minute editors are promised).
pub const INTERVAL: Duration = Duration::from_secs(10);

/// What the folder holds, in one number: names, sizes and modification
/// times of the entry files and of the `.toml` files beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(u64);

/// Takes the folder's stamp. A folder that cannot be read has a stamp too
/// (of nothing), so it going away and coming back are changes as well.
pub fn stamp(root: &Path) -> Stamp {
    let mut files = Vec::new();
    let mut look = |dir: &Path, wanted: &str| {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for item in read.flatten() {
            let path = item.path();
            if path.extension().is_none_or(|e| e != wanted) {
                continue;
            }
            let Ok(meta) = item.metadata() else { continue };
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            files.push((path, meta.len(), modified));
        }
    };
    look(root, "toml");
    for dir in ENTRY_DIRS {
        look(&root.join(dir), "md");
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    files.hash(&mut hasher);
    Stamp(hasher.finish())
}

/// The watcher's state between looks.
#[derive(Debug)]
pub struct Watch {
    seen: Stamp,
    pending: Option<Stamp>,
}

impl Watch {
    /// Starts from the folder as it is now (the desk just loaded it).
    pub fn new(root: &Path) -> Self {
        Self {
            seen: stamp(root),
            pending: None,
        }
    }

    /// One look: `true` when the folder changed and then held still for a
    /// look, so it is time to reload.
    pub fn look(&mut self, root: &Path) -> bool {
        self.settle(stamp(root))
    }

    fn settle(&mut self, now: Stamp) -> bool {
        if now == self.seen {
            self.pending = None;
            return false;
        }
        if self.pending == Some(now) {
            self.seen = now;
            self.pending = None;
            return true;
        }
        self.pending = Some(now);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_counts_once_it_held_still_for_a_look() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir(dir.path().join("services")).expect("dir");
        let file = dir.path().join("services/a.md");
        std::fs::write(&file, "eins").expect("write");
        let mut watch = Watch::new(dir.path());
        assert!(!watch.look(dir.path()), "nothing changed");
        std::fs::write(&file, "eins zwei").expect("write");
        assert!(!watch.look(dir.path()), "changed, not yet still");
        std::fs::write(dir.path().join("services/b.md"), "neu").expect("write");
        assert!(!watch.look(dir.path()), "still being copied");
        assert!(watch.look(dir.path()), "held still: reload");
        assert!(!watch.look(dir.path()), "reloaded once");
        // Other files do not count; a removed entry does.
        std::fs::write(dir.path().join("services/notes.txt"), "x").expect("write");
        assert!(!watch.look(dir.path()));
        assert!(!watch.look(dir.path()));
        std::fs::remove_file(&file).expect("remove");
        assert!(!watch.look(dir.path()));
        assert!(watch.look(dir.path()));
    }
}
