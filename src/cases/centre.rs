//! Centre-wide settings, kept in the store (`centre_settings`, migrations
//! sqlite/0006 and postgres/0002): how long personal data is kept and
//! whether the figures show individual agents. Twenty desks share one
//! value, a change is one write with its audit row, and every desk reads
//! the current value when it needs it (the retention job at each run, the
//! figures at each read) — never a copy in a desk's settings file.
//!
//! A desk's `settings.toml` may still carry `retention_days` and
//! `per_agent_figures` from before the centre store: a value there that is
//! not the default is imported once into a store that has none for that
//! key ([`CaseStore::import_centre_settings`]), with an audit row.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::fail::store_error;
use super::model::{AgentId, to_ms};
use super::retention::DEFAULT_RETENTION_DAYS;
use super::store::CaseStore;
use crate::error::{Error, Result};

/// Shortest retention a centre may set: forwards are answered within 24
/// service hours and callers call back about them for a few weeks.
pub const MIN_RETENTION_DAYS: u32 = 7;
/// Longest retention: personal data is kept only as long as needed.
pub const MAX_RETENTION_DAYS: u32 = 3_650;

/// The centre's settings as the store holds them now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CentreSettings {
    /// Days after a call's end until its personal data is anonymised.
    pub retention_days: u32,
    /// Whether the supervisors' view shows figures per agent (LPVG NRW
    /// § 72: only with the staff council's consent).
    pub per_agent_figures: bool,
}

impl Default for CentreSettings {
    fn default() -> Self {
        CentreSettings {
            retention_days: DEFAULT_RETENTION_DAYS,
            per_agent_figures: false,
        }
    }
}

/// One centre-wide setting and its new value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CentreSetting {
    /// `retention_days`, checked against the limits above.
    RetentionDays(u32),
    /// `per_agent_figures`.
    PerAgentFigures(bool),
}

impl CentreSetting {
    fn key(self) -> &'static str {
        match self {
            CentreSetting::RetentionDays(_) => "retention_days",
            CentreSetting::PerAgentFigures(_) => "per_agent_figures",
        }
    }

    fn value(self) -> String {
        match self {
            CentreSetting::RetentionDays(d) => d.to_string(),
            CentreSetting::PerAgentFigures(on) => if on { "on" } else { "off" }.to_string(),
        }
    }

    fn check(self) -> Result<Self> {
        if let CentreSetting::RetentionDays(d) = self
            && !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&d)
        {
            return Err(Error::invalid(
                "retention_days",
                format!("{d} is outside {MIN_RETENTION_DAYS}..={MAX_RETENTION_DAYS} days"),
            ));
        }
        Ok(self)
    }
}

impl CaseStore {
    /// The centre's settings now (defaults for keys the store lacks; a
    /// value that does not read — a hand edit — counts as its default and
    /// is logged).
    pub async fn centre_settings(&self) -> Result<CentreSettings> {
        let action = "reading the centre's settings";
        let rows = sqlx::query("SELECT key, value FROM centre_settings")
            .fetch_all(self.pool())
            .await
            .map_err(|e| store_error(action, &e))?;
        let mut out = CentreSettings::default();
        for row in rows {
            let key: String = row.try_get(0).map_err(|e| store_error(action, &e))?;
            let value: String = row.try_get(1).map_err(|e| store_error(action, &e))?;
            match (key.as_str(), value.as_str()) {
                ("retention_days", v) => match v.parse::<u32>() {
                    Ok(d) => out.retention_days = d,
                    Err(_) => tracing::warn!(key, "unreadable centre setting; default used"),
                },
                ("per_agent_figures", "on") => out.per_agent_figures = true,
                ("per_agent_figures", "off") => out.per_agent_figures = false,
                _ => tracing::warn!(key, "unreadable centre setting; default used"),
            }
        }
        Ok(out)
    }

    /// Changes one centre-wide setting, with an audit row naming the agent
    /// and the new value (never a person's data). Who may change it is
    /// the caller's check ([`crate::Desk`]).
    pub async fn set_centre_setting(
        &self,
        agent: Option<AgentId>,
        setting: CentreSetting,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let setting = setting.check()?;
        self.write("changing a centre setting", async |c| {
            let at = to_ms(at);
            sqlx::query(
                "INSERT INTO centre_settings (key, value, changed_at, changed_by) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET \
                 value = excluded.value, changed_at = excluded.changed_at, \
                 changed_by = excluded.changed_by",
            )
            .bind(setting.key())
            .bind(setting.value())
            .bind(at)
            .bind(agent.map(|a| a.0))
            .execute(&mut *c)
            .await?;
            // The audit row is the store's own trigger's (migrations
            // sqlite/0007, postgres/0003): a change by any client is
            // audited, not only one made through the desk.
            Ok(())
        })
        .await
    }

    /// Imports a desk file's values for keys the store has no row for
    /// (see the module); returns how many were imported. Two desks
    /// importing at once: the first row wins, the second inserts nothing.
    pub async fn import_centre_settings(
        &self,
        from_file: CentreSettings,
        at: DateTime<Utc>,
    ) -> Result<u32> {
        let defaults = CentreSettings::default();
        let mut wanted = Vec::new();
        if from_file.retention_days != defaults.retention_days {
            wanted.push(CentreSetting::RetentionDays(from_file.retention_days).check()?);
        }
        if from_file.per_agent_figures != defaults.per_agent_figures {
            wanted.push(CentreSetting::PerAgentFigures(from_file.per_agent_figures));
        }
        if wanted.is_empty() {
            return Ok(0);
        }
        self.write("importing centre settings", async |c| {
            let at = to_ms(at);
            let mut imported = 0;
            for setting in &wanted {
                let n = sqlx::query(
                    "INSERT INTO centre_settings (key, value, changed_at, changed_by) \
                     VALUES ($1, $2, $3, NULL) ON CONFLICT (key) DO NOTHING",
                )
                .bind(setting.key())
                .bind(setting.value())
                .bind(at)
                .execute(&mut *c)
                .await?
                .rows_affected();
                // Audited by the store's trigger, like every change.
                if n == 1 {
                    imported += 1;
                }
            }
            Ok(imported)
        })
        .await
    }
}
