//! The single desk's supervisor password: chosen once by the first person
//! who switches the desk to Teamleitung, stored as an argon2 hash, checked
//! with a growing wait after three wrong tries in a row (see `access`).
//! On a centre's store the server's logins decide instead.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::access::{check_length, hash_password, wait_after};
use super::audit::audit;
use super::db::Backend;
use super::fail::store_error;
use super::model::{AgentId, to_ms};
use super::store::CaseStore;
use crate::error::{Error, Result};

/// What the desk knows of its supervisor password.
struct Stored {
    hash: String,
    failures: i64,
    last_failure_at: Option<i64>,
}

impl CaseStore {
    /// Whether this desk's supervisor password has been chosen.
    pub async fn supervisor_password_set(&self) -> Result<bool> {
        Ok(self.stored_password().await?.is_some())
    }

    async fn stored_password(&self) -> Result<Option<Stored>> {
        let action = "reading the supervisor password";
        if self.backend() != Backend::Sqlite {
            return Err(Error::forbidden(
                action,
                "the centre's store has no desk password: roles come from the server",
            ));
        }
        let row = sqlx::query(
            "SELECT hash, failures, last_failure_at FROM supervisor_password WHERE id = 1",
        )
        .fetch_optional(self.pool())
        .await
        .map_err(|e| store_error(action, &e))?;
        row.map(|r| {
            Ok(Stored {
                hash: r.try_get("hash")?,
                failures: r.try_get("failures")?,
                last_failure_at: r.try_get("last_failure_at")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| store_error(action, &e))
    }

    /// Proves the supervisor password of a single desk, or chooses it
    /// when none is set yet (the first person to switch to Teamleitung).
    /// A wrong password is `FORBIDDEN` and counted; after [`FREE_TRIES`]
    /// in a row, tries within [`wait_after`] are refused unchecked. The
    /// password and its hash are never logged or put in a message.
    pub async fn prove_supervisor(
        &self,
        password: &str,
        by: AgentId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let action = "switching to Teamleitung";
        let Some(stored) = self.stored_password().await? else {
            check_length(password)?;
            let hash = hash_password(password)?;
            return self
                .write("choosing the supervisor password", async |c| {
                    let at = to_ms(at);
                    let n = sqlx::query(
                        "INSERT INTO supervisor_password (id, hash, set_at, set_by) \
                         VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(&hash)
                    .bind(at)
                    .bind(by.0)
                    .execute(&mut *c)
                    .await?
                    .rows_affected();
                    if n == 0 {
                        // Chosen at the same moment by someone else: theirs
                        // stands, and this one must be proved against it.
                        return Err(Error::forbidden(
                            action,
                            "the supervisor password was chosen just now at this desk; \
                             sign in again with it",
                        )
                        .into());
                    }
                    audit(
                        c,
                        at,
                        Some(by),
                        "supervisor.password",
                        "supervisor_password",
                        None,
                        None,
                    )
                    .await?;
                    Ok(())
                })
                .await;
        };
        let now = to_ms(at);
        if let Some(last) = stored.last_failure_at {
            let wait = i64::try_from(wait_after(stored.failures).as_millis()).unwrap_or(i64::MAX);
            let left = last.saturating_add(wait) - now;
            if left > 0 {
                return Err(Error::forbidden(
                    action,
                    format!(
                        "{} wrong tries in a row; the next try is possible in {} s",
                        stored.failures,
                        (left + 999) / 1000
                    ),
                ));
            }
        }
        // A damaged hash is refused like a wrong password, never accepted.
        let right = PasswordHash::new(&stored.hash).is_ok_and(|h| {
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        });
        self.write(action, async |c| {
            if right {
                sqlx::query(
                    "UPDATE supervisor_password SET failures = 0, last_failure_at = NULL \
                     WHERE id = 1",
                )
                .execute(&mut *c)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE supervisor_password SET failures = failures + 1, \
                     last_failure_at = $1 WHERE id = 1",
                )
                .bind(now)
                .execute(&mut *c)
                .await?;
                audit(
                    c,
                    now,
                    Some(by),
                    "supervisor.refused",
                    "supervisor_password",
                    None,
                    None,
                )
                .await?;
            }
            Ok(())
        })
        .await?;
        if right {
            Ok(())
        } else {
            Err(Error::forbidden(
                action,
                "the supervisor password is not right",
            ))
        }
    }
}
