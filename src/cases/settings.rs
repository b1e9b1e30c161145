//! The desk's local settings: who is signed in at this desk, how long
//! personal data is kept, and whether the figures show individual agents.
//! A small TOML file in the data folder, because these belong to this
//! desk, not to the store that the whole centre will share.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::retention::DEFAULT_RETENTION_DAYS;
use crate::error::{Error, Result};

/// The settings file's name inside the data folder.
pub const SETTINGS_FILE: &str = "settings.toml";

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
}

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
        }
    }
}

impl DeskSettings {
    /// The settings file of a data folder.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join(SETTINGS_FILE)
    }

    /// Reads the settings; a missing file gives the defaults. A file that
    /// cannot be read or parsed also gives the defaults (logged), so a
    /// hand-edited typo never keeps the desk from starting.
    pub fn load(data_dir: &Path) -> Self {
        let path = Self::path(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Self::default(),
            Err(e) => {
                tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "settings unreadable; using defaults"
                );
                return Self::default();
            }
        };
        match toml::from_str(&text) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(
                    path = %path.display(),
                    error = %e,
                    "settings invalid; using defaults"
                );
                Self::default()
            }
        }
    }

    /// Writes the settings atomically (a temporary file renamed over the
    /// old one), so a crash or a second desk never leaves half a file.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::io(data_dir, e))?;
        let path = Self::path(data_dir);
        let text = toml::to_string(self).map_err(|e| Error::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        let tmp = data_dir.join(format!("{SETTINGS_FILE}.{}.tmp", std::process::id()));
        write_private(&tmp, text.as_bytes()).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
    }
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
    fn missing_and_broken_files_give_defaults_and_saving_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(DeskSettings::load(dir.path()), DeskSettings::default());
        std::fs::write(DeskSettings::path(dir.path()), "retention_days = \"x\"").unwrap();
        assert_eq!(DeskSettings::load(dir.path()), DeskSettings::default());
        let s = DeskSettings {
            agent: Some("Anna K.".into()),
            retention_days: 30,
            per_agent_figures: true,
            ..DeskSettings::default()
        };
        s.save(dir.path()).unwrap();
        assert_eq!(DeskSettings::load(dir.path()), s);
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
        assert!(!DeskSettings::load(dir.path()).per_agent_figures);
    }
}
