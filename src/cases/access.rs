//! Who is at the store, and how a person proves their role.
//!
//! On the centre's PostgreSQL store each person connects with a login role
//! of their own, member of `auskunft_agent`, `auskunft_supervisor` or
//! `auskunft_editor` (migration postgres/0003); the desk asks the server
//! which ([`Access::Login`]) and never takes a role from a dialog. The
//! server enforces the rules with grants and row-level policies, so they
//! hold for any client; the desk's own checks only give earlier, clearer
//! messages. The role that owns the schema is the administrator's
//! ([`Access::Owner`]: migrations, seeds, the demo): it signs in by name
//! and role like a single desk, and its credentials never go to a desk.
//!
//! A single desk's SQLite file has no logins: a person signs in by name,
//! and Teamleitung asks for the supervisor password chosen by the first
//! person who switched the desk to Teamleitung, stored as an argon2 hash.
//! Three wrong tries in a row slow further tries down (counted in the
//! file, so a restart does not reset it).

use std::time::Duration;

use argon2::password_hash::{PasswordHasher, SaltString};
use sqlx::{AnyPool, Row};

use super::db::Backend;
use super::fail::store_error;
use super::model::Role;
use crate::error::{Error, Result};

/// Who the store's connection is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// A single desk's file: names chosen at sign-in, Teamleitung behind
    /// the supervisor password.
    Desk,
    /// A person's own login on the centre's store, with the role the
    /// server gives it.
    Login {
        /// The login role's name (also the agent's name).
        login: String,
        /// Agent, supervisor or editor, from the login's membership.
        role: Role,
    },
    /// A service login of the centre (retention, central delivery): no
    /// agent, no calls.
    Service {
        /// The login role's name.
        login: String,
    },
    /// The login that owns the store's schema: the administrator's.
    Owner,
}

impl Access {
    /// How people sign in with this access, for the window's dialog.
    pub fn sign_in_kind(&self) -> SignInKind {
        match self {
            Access::Desk => SignInKind::DeskPassword,
            Access::Login { .. } | Access::Service { .. } => SignInKind::ServerLogin,
            Access::Owner => SignInKind::NameAndRole,
        }
    }
}

/// What the sign-in dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInKind {
    /// A name and Agent/Teamleitung; Teamleitung asks for the desk's
    /// supervisor password (or has it chosen, the first time).
    DeskPassword,
    /// The person's own login and password on the centre's server; the
    /// role comes from the server.
    ServerLogin,
    /// A name and a role, unchecked: the store owner's administration.
    NameAndRole,
}

/// Finds out who the connection is. SQLite: the desk. PostgreSQL: the
/// owner of the schema, else a login with an Auskunft role, else a service
/// login; a login that is none of these is refused with what it lacks.
pub(crate) async fn detect(pool: &AnyPool, backend: Backend) -> Result<Access> {
    if backend == Backend::Sqlite {
        return Ok(Access::Desk);
    }
    let action = "finding out the role of this login";
    let row = sqlx::query(
        "SELECT CAST(session_user AS TEXT) AS login, auskunft_role() AS role, \
         pg_has_role(current_user, (SELECT tableowner FROM pg_tables \
            WHERE schemaname = current_schema() AND tablename = 'agents'), 'MEMBER') AS owner, \
         (pg_has_role(session_user, 'auskunft_retention', 'MEMBER') \
            OR pg_has_role(session_user, 'auskunft_delivery', 'MEMBER')) AS service",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| store_error(action, &e))?;
    let login: String = row.try_get("login").map_err(|e| store_error(action, &e))?;
    let role: Option<String> = row.try_get("role").map_err(|e| store_error(action, &e))?;
    let owner = super::db::flag(&row, "owner").map_err(|e| store_error(action, &e))?;
    let service = super::db::flag(&row, "service").map_err(|e| store_error(action, &e))?;
    if owner {
        return Ok(Access::Owner);
    }
    if let Some(role) = role {
        return Ok(Access::Login {
            login,
            role: Role::parse(&role)?,
        });
    }
    if service {
        return Ok(Access::Service { login });
    }
    Err(Error::forbidden(
        action,
        format!(
            "the login {} is a member of none of the roles auskunft_agent, \
             auskunft_supervisor, auskunft_editor; ask the centre's administrator",
            crate::error::quote(&login)
        ),
    ))
}

/// Shortest supervisor password.
pub const MIN_PASSWORD: usize = 8;
/// Longest supervisor password (argon2 takes any length; a bound keeps a
/// pasted megabyte out of the hasher).
pub const MAX_PASSWORD: usize = 200;
/// Wrong tries in a row before further tries are slowed down.
pub const FREE_TRIES: i64 = 3;

/// How long after the `failures`-th wrong try in a row the next try is
/// refused unchecked: nothing for the first [`FREE_TRIES`], then 30 s,
/// doubling, at most 15 minutes.
pub fn wait_after(failures: i64) -> Duration {
    if failures < FREE_TRIES {
        return Duration::ZERO;
    }
    let doublings = u32::try_from((failures - FREE_TRIES).min(5)).unwrap_or(5);
    Duration::from_secs((30_u64 << doublings).min(15 * 60))
}

pub(super) fn hash_password(password: &str) -> Result<String> {
    // 16 random bytes for the salt, from the operating system's generator
    // (through uuid's v4, which the desk already uses).
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| Error::invalid("password", format!("no salt could be made ({e})")))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::invalid("password", format!("the password cannot be hashed ({e})")))
}

pub(super) fn check_length(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(Error::invalid(
            "password",
            format!("the supervisor password needs at least {MIN_PASSWORD} characters"),
        ));
    }
    if n > MAX_PASSWORD {
        return Err(Error::invalid(
            "password",
            format!("the supervisor password may have at most {MAX_PASSWORD} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

    use super::*;

    #[test]
    fn tries_slow_down_after_three() {
        assert_eq!(wait_after(0), Duration::ZERO);
        assert_eq!(wait_after(2), Duration::ZERO);
        assert_eq!(wait_after(3), Duration::from_secs(30));
        assert_eq!(wait_after(4), Duration::from_secs(60));
        assert_eq!(wait_after(100), Duration::from_secs(15 * 60));
    }

    #[test]
    fn a_hash_is_a_phc_string_that_verifies_only_its_password() {
        let h = hash_password("richtig-1234").expect("hash");
        assert!(h.starts_with("$argon2"), "{h}");
        assert!(!h.contains("richtig"));
        let parsed = PasswordHash::new(&h).expect("phc");
        let a = argon2::Argon2::default();
        assert!(a.verify_password(b"richtig-1234", &parsed).is_ok());
        assert!(a.verify_password(b"falsch-1234", &parsed).is_err());
    }
}
