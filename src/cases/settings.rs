//! The desk's local settings: who is signed in at this desk, how long
//! personal data is kept, and whether the figures show individual agents.
//! A small TOML file in the data folder, because these belong to this
//! desk, not to the store that the whole centre will share.
//!
//! Two layers: the centre's file (`/etc/auskunft/settings.toml`, installed
//! by the city's IT: store URL, portal, retention) and the user's file in
//! the data folder (who is signed in). A key the centre's file sets is the
//! centre's: it wins over the user's file, and saving never copies it into
//! the user's file (a portal token the centre configures stays out of the
//! user's folder).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::retention::DEFAULT_RETENTION_DAYS;
use crate::error::{Error, Result};

/// The settings file's name inside the data folder.
pub const SETTINGS_FILE: &str = "settings.toml";

/// The centre's settings file, which the package's configuration holds.
pub const SYSTEM_SETTINGS_FILE: &str = "/etc/auskunft/settings.toml";

/// Names another centre file (tests, an installation elsewhere).
pub const SYSTEM_SETTINGS_ENV: &str = "AUSKUNFT_SYSTEM_SETTINGS";

/// The centre's settings file: `$AUSKUNFT_SYSTEM_SETTINGS` or
/// [`SYSTEM_SETTINGS_FILE`].
pub fn system_settings_path() -> PathBuf {
    std::env::var_os(SYSTEM_SETTINGS_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(SYSTEM_SETTINGS_FILE))
}

/// Where the centre's values came from: the file and the dotted keys it
/// sets (`store.url`, `retention_days`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CentreLayer {
    /// The centre's file, when it exists.
    pub path: Option<PathBuf>,
    /// The keys it sets.
    pub keys: BTreeSet<String>,
}

/// What `<data>/settings.toml` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeskSettings {
    /// The name last signed in at this desk (signed in again on start).
    pub agent: Option<String>,
    /// Days after a call's end until its personal data is anonymised.
    pub retention_days: u32,
    /// Whether the supervisor view also shows figures per agent. Off by
    /// default, and only a setting (never a command-line flag): figures per
    /// person make the desk a technical device suited to monitor the
    /// performance of staff, on whose introduction and use the staff
    /// council co-decides under LPVG NRW § 72. Switch it on only once the
    /// staff council has agreed; [`PER_AGENT_FIGURES_REASON`] is the text
    /// the window shows next to the switch.
    pub per_agent_figures: bool,
    /// The portal handoff: the `[portal]` table (URL, token, when an
    /// undelivered application is shown to supervisors). The token's
    /// `Debug` is redacted; the environment overrides both.
    pub portal: crate::handoff::PortalSettings,
    /// The case store: the `[store]` table. Without a URL the desk keeps
    /// its own SQLite file; a centre sets `url = "postgres://…"` (or
    /// `AUSKUNFT_DATABASE_URL`, which wins).
    pub store: StoreSettings,
    /// The knowledge-base folder (a network share or a synced checkout
    /// the editors publish to); before `$AUSKUNFT_KB` and the packaged
    /// snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub knowledge_base: Option<PathBuf>,
    /// The values the centre's file fixed; not part of any file.
    #[serde(skip)]
    pub centre: CentreLayer,
}

/// The `[store]` table of `settings.toml`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreSettings {
    /// `postgres://user:password@host:port/database` of the centre's
    /// store. May hold a password, so it is never shown (`Debug` redacts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl std::fmt::Debug for StoreSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreSettings")
            .field("url", &self.url.as_deref().map(super::db::redact_url))
            .finish()
    }
}

/// Keys whose values are secrets (or may hold one, like a URL with a
/// password): a settings error on their line never shows the line.
const SECRET_KEYS: [&str; 3] = ["token", "url", "password"];

/// The label of the per-agent switch in the window's settings.
pub const PER_AGENT_FIGURES_LABEL: &str = "Kennzahlen je Mitarbeiterin und Mitarbeiter anzeigen";

/// Why the per-agent figures are off by default, shown next to the switch.
pub const PER_AGENT_FIGURES_REASON: &str = "Kennzahlen je Person eignen sich, Verhalten und \
     Leistung der Beschäftigten zu überwachen. Über die Einführung und Anwendung solcher \
     Auswertungen bestimmt der Personalrat mit (§ 72 LPVG NRW). Deshalb sind sie \
     ausgeschaltet; einschalten nur, wenn der Personalrat zugestimmt hat (zum Beispiel in \
     einer Dienstvereinbarung). Die Teamkennzahlen zeigen nie einzelne Beschäftigte.";

impl Default for DeskSettings {
    fn default() -> Self {
        Self {
            agent: None,
            retention_days: DEFAULT_RETENTION_DAYS,
            per_agent_figures: false,
            portal: crate::handoff::PortalSettings::default(),
            store: StoreSettings::default(),
            knowledge_base: None,
            centre: CentreLayer::default(),
        }
    }
}

impl DeskSettings {
    /// The settings file of a data folder.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(SETTINGS_FILE)
    }

    /// Reads the settings; a missing file gives the defaults. A file that
    /// cannot be read or has one bad value stops the start with
    /// `path:line: what` (a centre's `retention_days = 30` must never
    /// silently become the default 90), and the value on the line of a
    /// secret key is never repeated.
    pub fn load(data_dir: &Path) -> Result<Self> {
        Self::load_layers(&system_settings_path(), &Self::path(data_dir))
    }

    /// The centre's file `system` under the user's file `user` (either
    /// may be missing). Each file is checked on its own first, so an error
    /// names the file and line it is in.
    pub fn load_layers(system: &Path, user: &Path) -> Result<Self> {
        let user_table = read_layer(user)?.unwrap_or_default();
        let Some(centre_table) = read_layer(system)? else {
            return table_into(user_table, user);
        };
        if centre_table.contains_key("agent") {
            return Err(Error::invalid(
                "settings",
                format!(
                    "{}: `agent` is the person signed in at one desk; it belongs in the user's file, not the centre's",
                    system.display()
                ),
            ));
        }
        let mut keys = BTreeSet::new();
        leaf_keys(&centre_table, "", &mut keys);
        let mut merged = user_table;
        merge_over(&mut merged, centre_table);
        let mut settings = table_into(merged, system)?;
        settings.centre = CentreLayer {
            path: Some(system.to_path_buf()),
            keys,
        };
        Ok(settings)
    }

    /// Every value as a dotted key with where it came from, for
    /// `auskunft config show`: the centre's file, the user's file, the
    /// environment (which wins over both) or the default. Secrets show as
    /// "(set, not shown)"; URLs without their password.
    pub fn explain(&self, data_dir: &Path) -> Result<Vec<(String, String, String)>> {
        let user_path = Self::path(data_dir);
        let mut user_keys = BTreeSet::new();
        if let Some(t) = read_layer(&user_path)? {
            leaf_keys(&t, "", &mut user_keys);
        }
        let effective = toml::Table::try_from(self).map_err(|e| Error::Io {
            path: user_path.clone(),
            source: std::io::Error::other(e),
        })?;
        let mut values = Vec::new();
        leaf_values(&effective, "", &mut values);
        // Keys that are unset by default still belong in the list.
        for key in [
            "agent",
            "knowledge_base",
            "portal.url",
            "portal.token",
            "portal.token_file",
            "store.url",
        ] {
            if !values.iter().any(|(k, _)| k == key) {
                values.push((key.to_string(), None));
            }
        }
        values.sort_by(|a, b| a.0.cmp(&b.0));
        let env_of = |key: &str| match key {
            "store.url" => Some(crate::cases::DATABASE_URL_ENV),
            "portal.url" => Some(crate::handoff::PORTAL_URL_ENV),
            "portal.token" => Some(crate::handoff::PORTAL_TOKEN_ENV),
            _ => None,
        };
        Ok(values
            .into_iter()
            .map(|(key, value)| {
                let env =
                    env_of(&key).filter(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
                let (value, source) = match env {
                    Some(var) => (std::env::var(var).ok(), format!("environment {var}")),
                    None if self.centre.keys.contains(&key) => (
                        value,
                        format!(
                            "centre file {}",
                            self.centre
                                .path
                                .as_deref()
                                .unwrap_or(Path::new("?"))
                                .display()
                        ),
                    ),
                    None if user_keys.contains(&key) => {
                        (value, format!("user file {}", user_path.display()))
                    }
                    None => (value, "default".to_string()),
                };
                (key.clone(), shown_value(&key, value.as_deref()), source)
            })
            .collect())
    }

    /// Parses a settings file's text; the error is `line: what`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        toml::from_str(text).map_err(|e| settings_problem(text, &e))
    }

    /// Writes the settings atomically (a temporary file renamed over the
    /// old one), so a crash or a second desk never leaves half a file.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
        let path = Self::path(data_dir);
        let io = |e: toml::ser::Error| Error::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        };
        // The centre's values stay in the centre's file.
        let mut table = toml::Table::try_from(self).map_err(io)?;
        for key in &self.centre.keys {
            remove_key(&mut table, key);
        }
        let text = toml::to_string(&table).map_err(io)?;
        let tmp = data_dir.join(format!("{SETTINGS_FILE}.{}.tmp", std::process::id()));
        write_private(&tmp, text.as_bytes()).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }
}

/// Reads and checks one layer; `None` when the file does not exist.
fn read_layer(path: &Path) -> Result<Option<toml::Table>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let at = |message: String| Error::invalid("settings", format!("{}:{message}", path.display()));
    // The whole file as settings first: unknown keys and bad values are
    // reported at their line in this file.
    DeskSettings::parse(&text).map_err(at)?;
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| at(settings_problem(&text, &e)))
}

fn table_into(table: toml::Table, path: &Path) -> Result<DeskSettings> {
    toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| {
            Error::invalid(
                "settings",
                format!("{}: {}", path.display(), without_strings(e.message())),
            )
        })
}

/// `over`'s values replace `base`'s, table by table.
fn merge_over(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge_over(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn leaf_keys(table: &toml::Table, prefix: &str, out: &mut BTreeSet<String>) {
    for (k, v) in table {
        let key = format!("{prefix}{k}");
        match v {
            toml::Value::Table(t) => leaf_keys(t, &format!("{key}."), out),
            _ => {
                out.insert(key);
            }
        }
    }
}

fn leaf_values(table: &toml::Table, prefix: &str, out: &mut Vec<(String, Option<String>)>) {
    for (k, v) in table {
        let key = format!("{prefix}{k}");
        match v {
            toml::Value::Table(t) => leaf_values(t, &format!("{key}."), out),
            toml::Value::String(s) => out.push((key, Some(s.clone()))),
            other => out.push((key, Some(other.to_string()))),
        }
    }
}

fn remove_key(table: &mut toml::Table, dotted: &str) {
    match dotted.split_once('.') {
        Some((head, rest)) => {
            if let Some(toml::Value::Table(t)) = table.get_mut(head) {
                remove_key(t, rest);
                if t.is_empty() {
                    table.remove(head);
                }
            }
        }
        None => {
            table.remove(dotted);
        }
    }
}

/// A value as `config show` prints it: secrets never, URLs without a
/// password, unset as "(not set)".
fn shown_value(key: &str, value: Option<&str>) -> String {
    match value {
        None => "(not set)".into(),
        Some(_) if key.ends_with("token") || key.ends_with("password") => "(set, not shown)".into(),
        Some(v) if key.ends_with("url") => super::db::redact_url(v),
        Some(v) => v.to_string(),
    }
}

/// `line: what` for a settings error, safe to log and show: the line
/// number from the error's span, the key on that line, and toml's
/// description only when the key is not a secret (toml quotes the bad
/// value). Control characters are dropped and the text is bounded.
fn settings_problem(text: &str, e: &toml::de::Error) -> String {
    let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
    let line_no = text
        .get(..offset)
        .map(|t| t.matches('\n').count() + 1)
        .unwrap_or(1);
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line
        .split('=')
        .next()
        .map(str::trim)
        // Settings keys are bare: a quoted "key" is more likely a value
        // broken onto its own line (`token =` then `"s3cr3t-t=…"`).
        .filter(|k| !k.starts_with(['"', '\'']))
        .map(str::to_string)
        .filter(|k| line.contains('=') && !k.is_empty() && k.len() <= 60)
        // Only a real key is named: text that merely stands before a `=`
        // (a broken line, say part of a URL with its password) is the
        // file's content and may be a secret.
        .filter(|k| {
            k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        });
    let secret_key = key
        .as_deref()
        .is_some_and(|k| SECRET_KEYS.iter().any(|s| k.ends_with(s)));
    // A secret's key left without its value on the line before: this
    // line is that value.
    let after_secret_key = line_no >= 2
        && text.lines().nth(line_no - 2).is_some_and(|before| {
            let before = before.trim_end();
            before.ends_with('=')
                && SECRET_KEYS
                    .iter()
                    .any(|s| before.trim_end_matches('=').trim_end().ends_with(s))
        });
    let secret = secret_key || after_secret_key || SECRET_KEYS.iter().any(|s| line.contains(s));
    // The key is the file's text too: shown bounded and escaped.
    let key = key.as_deref().map(crate::error::shown);
    let what = if secret_key {
        format!(
            "the value of `{}` cannot be read (not shown: it may be a secret)",
            key.as_deref().unwrap_or("?")
        )
    } else if secret {
        // A secret's word on a line whose "key" is not a secret's key: the
        // text before its `=` may be the secret itself (a token's value
        // broken onto its own line, `"s3cr3t=…"`), so nothing of the line
        // is named.
        "a value on this line cannot be read (not shown: it may be a secret)".to_string()
    } else {
        let message: String = without_strings(e.message())
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        match key {
            Some(k) => format!("`{k}`: {message}"),
            None => message,
        }
    };
    format!("{line_no}: {what}")
}

/// toml's message with every double-quoted string replaced by `"…"`:
/// serde quotes the value it could not use (`invalid type: string "…",
/// expected u32`), and a value need not sit under a secret key to be one
/// (a token pasted on the wrong line, two lines run together). The line
/// and the key say where; the editor shows the value.
fn without_strings(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            // Skip to the closing quote (serde escapes inner ones).
            let mut escaped = false;
            for inner in chars.by_ref() {
                match inner {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => break,
                    _ => escaped = false,
                }
            }
            out.push_str("…\"");
        }
    }
    out
}

/// Writes `bytes` to a new file only its owner can read: settings may hold
/// the portal token. (A file an editor created by hand keeps its mode until
/// the desk saves it.)
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_gives_defaults_and_saving_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            DeskSettings::load(dir.path()).unwrap(),
            DeskSettings::default()
        );
        let s = DeskSettings {
            agent: Some("Anna K.".into()),
            retention_days: 30,
            per_agent_figures: true,
            ..DeskSettings::default()
        };
        s.save(dir.path()).unwrap();
        assert_eq!(DeskSettings::load(dir.path()).unwrap(), s);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(DeskSettings::path(dir.path()))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "settings may hold the portal token");
        }
        // A file written before the switch existed keeps it off.
        std::fs::write(DeskSettings::path(dir.path()), "retention_days = 30").unwrap();
        assert!(!DeskSettings::load(dir.path()).unwrap().per_agent_figures);
    }

    #[test]
    fn one_bad_value_stops_the_start_with_path_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = DeskSettings::path(dir.path());
        std::fs::write(&file, "retention_days = 30\nper_agent_figures = \"yes\"\n").unwrap();
        let err = DeskSettings::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(&format!("{}:2:", file.display())) && err.contains("per_agent_figures"),
            "{err}"
        );
    }

    #[test]
    fn a_broken_secret_line_is_never_echoed() {
        for text in [
            "[portal]\ntoken = \"s3cr3t-t0ken\nurl = \"http://x\"\n",
            "[portal]\ntoken = s3cr3t-t0ken\n",
            "[store]\nurl = 42s3cr3t-t0ken\n",
        ] {
            let err = DeskSettings::parse(text).unwrap_err();
            assert!(!err.contains("s3cr3t"), "{err}");
            assert!(err.starts_with("2:"), "{err}");
        }
        // The token's value broken onto a line of its own (the fuzz test
        // found it): what stands before its `=` is the secret, not a key.
        for text in [
            "[portal]\ntoken =\r\n \"s3cr3t=+[] -token\"\n",
            "[portal]\ntoken =\r\n \"s3cr3t-t=+[] oken\"\n",
        ] {
            let err = DeskSettings::parse(text).unwrap_err();
            assert_eq!(
                err, "3: a value on this line cannot be read (not shown: it may be a secret)",
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_value_under_another_key_is_not_echoed_either() {
        let err = DeskSettings::parse("[portal]\nstuck_after_minutes = \"s3cr3t \\\" t0ken\"\n")
            .unwrap_err();
        assert_eq!(
            err,
            "2: `stuck_after_minutes`: invalid type: string \"…\", expected u32"
        );
        assert_eq!(without_strings("a \"b\" c \"d"), "a \"…\" c \"…\"");
    }

    #[test]
    fn the_centre_file_wins_and_its_values_never_land_in_the_users_file() {
        let dir = tempfile::tempdir().unwrap();
        let centre = dir.path().join("centre.toml");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(
            &centre,
            "retention_days = 30\n[store]\nurl = \"postgres://desk:pw@db/auskunft\"\n[portal]\ntoken = \"centre-t0ken\"\n",
        )
        .unwrap();
        let user = DeskSettings::path(&data);
        std::fs::write(
            &user,
            "agent = \"Anna K.\"\nretention_days = 60\nper_agent_figures = true\n[portal]\ntoken = \"old-user-t0ken\"\n",
        )
        .unwrap();
        let mut s = DeskSettings::load_layers(&centre, &user).unwrap();
        assert_eq!(s.retention_days, 30, "the centre's retention wins");
        assert!(
            s.per_agent_figures,
            "keys the centre does not set stay the user's"
        );
        assert_eq!(s.agent.as_deref(), Some("Anna K."));
        assert_eq!(
            s.portal
                .token
                .as_ref()
                .map(|t| t.expose_secret().to_string())
                .as_deref(),
            Some("centre-t0ken")
        );
        assert!(s.centre.keys.contains("store.url") && s.centre.keys.contains("portal.token"));

        s.agent = Some("Tom B.".into());
        s.save(&data).unwrap();
        let written = std::fs::read_to_string(&user).unwrap();
        assert!(written.contains("Tom B."), "{written}");
        assert!(
            !written.contains("t0ken") && !written.contains("postgres"),
            "{written}"
        );
        assert!(!written.contains("retention_days"), "{written}");
        assert!(written.contains("per_agent_figures = true"), "{written}");
        // Read back, the layers give the same settings.
        let again = DeskSettings::load_layers(&centre, &user).unwrap();
        assert_eq!(again.agent.as_deref(), Some("Tom B."));
        assert_eq!(again.retention_days, 30);
    }

    #[test]
    fn a_centre_file_error_names_that_file_and_line_and_no_agent_belongs_there() {
        let dir = tempfile::tempdir().unwrap();
        let centre = dir.path().join("centre.toml");
        let user = dir.path().join("user.toml");
        std::fs::write(&centre, "retention_days = 30\nretention_dayz = 5\n").unwrap();
        let err = DeskSettings::load_layers(&centre, &user)
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("{}:2:", centre.display())), "{err}");
        std::fs::write(&centre, "agent = \"Anna K.\"\n").unwrap();
        let err = DeskSettings::load_layers(&centre, &user)
            .unwrap_err()
            .to_string();
        assert!(err.contains("centre") && err.contains("agent"), "{err}");
        // No files at all: the defaults.
        let none = DeskSettings::load_layers(&dir.path().join("a"), &dir.path().join("b")).unwrap();
        assert_eq!(none, DeskSettings::default());
    }

    #[test]
    fn the_store_url_is_redacted_in_debug() {
        let s = DeskSettings::parse("[store]\nurl = \"postgres://a:pw@h/d\"\n").unwrap();
        assert_eq!(s.store.url.as_deref(), Some("postgres://a:pw@h/d"));
        assert!(!format!("{s:?}").contains("pw"));
    }
}
