//! The portal token is a secret whose every exposure is explicit
//! (`PortalToken::expose_secret`): no `Display`, no `Serialize`, a redacted
//! `Debug`; only the settings file writes it, on purpose. Checked through
//! `{:?}`, error messages and what the CLI prints.

use std::marker::PhantomData;
use std::process::Command;

use auskunft::cases::DeskSettings;
use auskunft::handoff::{PortalConfig, PortalSettings, PortalToken};

use crate::common::shipped_kb;

const SECRET: &str = "tok-SECRET-settings-only-7e1";

/// Answers at run time whether `T` implements a trait, by method
/// resolution: an inherent method (only where `T: Trait`) wins over the
/// blanket trait method that says no.
struct Probe<T>(PhantomData<T>);

trait Lacks {
    fn serializes(&self) -> bool {
        false
    }
    fn displays(&self) -> bool {
        false
    }
}
impl<T> Lacks for Probe<T> {}

impl<T: serde::Serialize> Probe<T> {
    #[allow(dead_code)]
    fn serializes(&self) -> bool {
        true
    }
}

impl<T: std::fmt::Display> Probe<T> {
    #[allow(dead_code)]
    fn displays(&self) -> bool {
        true
    }
}

#[test]
fn the_token_has_no_display_no_serialize_and_a_redacted_debug() {
    let probe = Probe::<PortalToken>(PhantomData);
    assert!(!probe.serializes(), "PortalToken must not derive Serialize");
    assert!(!probe.displays(), "PortalToken must not have Display");
    // The probe itself can tell.
    assert!(Probe::<String>(PhantomData).serializes());
    assert!(Probe::<String>(PhantomData).displays());

    let token = PortalToken::new(SECRET);
    assert_eq!(token.expose_secret(), SECRET);
    let settings = DeskSettings::parse(&format!(
        "[portal]\nurl = \"https://portal.example\"\ntoken = \"{SECRET}\"\n"
    ))
    .unwrap();
    let config = PortalConfig::new("https://portal.example", token.clone()).unwrap();
    for shown in [
        format!("{token:?}"),
        format!("{token:#?}"),
        format!("{settings:?}"),
        format!("{:?}", settings.portal),
        format!("{config:?}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
    }
}

#[test]
fn saving_the_settings_keeps_the_token() {
    let data = tempfile::tempdir().unwrap();
    let settings = DeskSettings {
        agent: Some("Anna K.".into()),
        portal: PortalSettings {
            url: Some("https://portal.example".into()),
            token: Some(PortalToken::new(SECRET)),
            ..PortalSettings::default()
        },
        ..DeskSettings::default()
    };
    settings.save(data.path()).unwrap();
    let loaded = DeskSettings::load(data.path()).unwrap();
    assert_eq!(
        loaded.portal.token.as_ref().map(PortalToken::expose_secret),
        Some(SECRET)
    );
    assert_eq!(loaded, settings);
    // Without a token nothing is written for it.
    DeskSettings::default().save(data.path()).unwrap();
    let text = std::fs::read_to_string(DeskSettings::path(data.path())).unwrap();
    assert!(!text.contains("token"), "{text}");
}

#[test]
fn errors_never_carry_the_token() {
    let token = || PortalToken::new(SECRET);
    for url in ["http://portal.example", "ftp://portal.example", "kein url"] {
        let e = PortalConfig::new(url, token()).unwrap_err();
        assert!(!e.to_string().contains(SECRET), "{e}");
    }
    for text in [
        format!("[portal]\ntoken = \"{SECRET}\"\nstuck_after_minutes = \"bald\"\n"),
        format!("[portal]\ntoken = \"{SECRET}\"\nunknown = 1\n"),
        format!("[portal]\ntoken = {SECRET}\n"),
        format!("retention_days = -1\n[portal]\ntoken = \"{SECRET}\"\n"),
    ] {
        let e = DeskSettings::parse(&text).unwrap_err();
        assert!(!e.contains(SECRET), "{e}");
    }
}

/// The CLI with the token in `settings.toml` (not the environment): a
/// portal that cannot be used and a settings file with a bad value give
/// errors, never the token.
#[test]
fn the_cli_never_prints_a_token_from_the_settings() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_auskunft"))
            .arg("--kb")
            .arg(shipped_kb())
            .arg("--data")
            .arg(data.path())
            .args(args)
            .env_remove("AUSKUNFT_PORTAL_URL")
            .env_remove("AUSKUNFT_PORTAL_TOKEN")
            .env("AUSKUNFT_LOG", "debug")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let file = DeskSettings::path(data.path());
    let mut seen = String::new();
    for settings in [
        // Plain http to another machine: refused, token kept back.
        format!("[portal]\nurl = \"http://portal.example\"\ntoken = \"{SECRET}\"\n"),
        // A bad value elsewhere in the file.
        format!("per_agent_figures = \"ja\"\n[portal]\ntoken = \"{SECRET}\"\n"),
        // The token's own line broken.
        format!("[portal]\ntoken = \"{SECRET}\n"),
    ] {
        std::fs::write(&file, settings).unwrap();
        let (code, text) = run(&["handoff", "deliver", "--until-empty"]);
        assert_eq!(code, Some(2), "{text}");
        seen.push_str(&text);
        for args in [&["handoff", "list"][..], &["calls", "list"][..]] {
            seen.push_str(&run(args).1);
        }
    }
    if let Ok(log) = std::fs::read_to_string(data.path().join("logs").join("auskunft.log")) {
        seen.push_str(&log);
    }
    assert!(!seen.contains(SECRET), "{seen}");
    assert!(
        seen.contains("settings.toml"),
        "the errors name the file: {seen}"
    );
}
