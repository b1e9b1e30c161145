//! Property: whatever text is given as a period's date — to the parser
//! the CLI and the window share, and to the real `auskunft stats` — it is
//! read or refused with a message naming the option; never a panic.

use std::path::PathBuf;

use auskunft::present::date as german_date;
use auskunft::stats::{Period, parse_date};
use proptest::prelude::*;

/// Date-like text: digits, separators and a little noise, so that most
/// cases get past the first character.
const DATE_LIKE: &str = "[ +-]?[0-9]{0,5}[./-]?[0-9]{0,3}[.-]?[0-9]{0,6}[ a-z]?";

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(500), .. ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_date_or_an_error_naming_the_field(
        from in prop_oneof!["\\PC{0,30}", DATE_LIKE],
        to in prop_oneof!["\\PC{0,30}", DATE_LIKE],
    ) {
        match parse_date("from", &from) {
            Ok(date) => {
                // Whatever was accepted has a four-digit year and reads
                // back the same in both forms.
                prop_assert!((1000..=9999).contains(&chrono::Datelike::year(&date)), "{from:?}");
                prop_assert_eq!(parse_date("from", &german_date(date)).ok(), Some(date));
                prop_assert_eq!(parse_date("from", &date.to_string()).ok(), Some(date));
                if let Ok(last) = parse_date("to", &to) {
                    match Period::new(date, last) {
                        Ok(p) => prop_assert!(p.days() >= 1),
                        Err(e) => prop_assert_eq!(e.field(), Some("to")),
                    }
                }
            }
            Err(e) => prop_assert_eq!(e.field(), Some("from")),
        }
    }
}

proptest! {
    // Each case starts the real binary: fewer cases.
    #![proptest_config(ProptestConfig { cases: crate::common::cases(24), .. ProptestConfig::default() })]

    #[test]
    fn the_stats_command_never_panics_on_any_date(
        from in prop_oneof!["\\PC{0,30}", DATE_LIKE],
    ) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_auskunft"))
            .arg("--kb")
            .arg(crate::common::shipped_kb())
            .arg("--data")
            .arg(data_dir())
            .args(["stats", "--json", "--to", "2026-12-01"])
            // `--from=…`: text starting with `-` stays the option's value.
            .arg(format!("--from={from}"))
            .output()
            .expect("runs");
        let code = out.status.code();
        let err = String::from_utf8_lossy(&out.stderr);
        prop_assert!(code == Some(0) || code == Some(2), "{from:?}: {code:?} {err}");
        prop_assert!(!err.contains("panicked"), "{from:?}: {err}");
        if code == Some(2) {
            prop_assert!(err.contains("from:") || err.contains("to:"), "{from:?}: {err}");
        }
    }
}

/// One data folder for every case, so the index and store are built once.
fn data_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tmp"))
        .path()
        .to_path_buf()
}
