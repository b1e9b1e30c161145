//! Where a desk finds its knowledge base when nothing names it: never a
//! path compiled in on the build machine.

use std::path::{Path, PathBuf};

use auskunft::desk::kb_dir_from;

#[test]
fn the_environment_then_the_package_then_next_to_the_executable() {
    let root = tempfile::tempdir().expect("tmp");
    let packaged = root.path().join("usr/share/auskunft/knowledge-base");
    let checkout = root.path().join("checkout");
    let exe = checkout.join("target/debug/auskunft");
    std::fs::create_dir_all(exe.parent().expect("dir")).expect("dirs");
    let env = Some(PathBuf::from("/srv/kb"));

    // Nothing there: the working folder's knowledge-base.
    assert_eq!(
        kb_dir_from(None, &packaged, Some(&exe)),
        Path::new("knowledge-base")
    );
    // A source checkout: found two folders above the executable.
    std::fs::create_dir_all(checkout.join("knowledge-base")).expect("kb");
    assert_eq!(
        kb_dir_from(None, &packaged, Some(&exe)),
        checkout.join("knowledge-base")
    );
    // An installed package wins over the checkout ...
    std::fs::create_dir_all(&packaged).expect("packaged");
    assert_eq!(kb_dir_from(None, &packaged, Some(&exe)), packaged);
    // ... and AUSKUNFT_KB over both.
    assert_eq!(
        kb_dir_from(env.clone(), &packaged, Some(&exe)),
        PathBuf::from("/srv/kb")
    );
    assert_eq!(kb_dir_from(None, &packaged, None), packaged);
}

#[test]
fn a_package_unpacked_elsewhere_finds_its_snapshot_next_to_its_bin_folder() {
    let root = tempfile::tempdir().expect("tmp");
    let exe = root.path().join("opt/auskunft/usr/bin/auskunft");
    let snapshot = root
        .path()
        .join("opt/auskunft/usr/share/auskunft/knowledge-base");
    std::fs::create_dir_all(&snapshot).expect("dirs");
    std::fs::create_dir_all(exe.parent().expect("dir")).expect("dirs");
    let not_installed = root.path().join("usr/share/auskunft/knowledge-base");
    assert_eq!(kb_dir_from(None, &not_installed, Some(&exe)), snapshot);
}
