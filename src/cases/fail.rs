//! What a store failure means for the agent: a write transaction's
//! failure (`Fail`: the database's or the core's own) and the store's
//! errors in words (`store_error`: a refused role or sign-in, a busy or
//! full SQLite file, an unreachable server), for SQLite and PostgreSQL.

use super::limits::BUSY_TIMEOUT;
use crate::error::Error;

/// A failure inside a write transaction: the database's, or the core's
/// own (invalid input found after reading the current state).
pub(crate) enum Fail {
    Db(sqlx::Error),
    Core(Error),
}

impl From<sqlx::Error> for Fail {
    fn from(e: sqlx::Error) -> Self {
        Fail::Db(e)
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Core(e)
    }
}

impl Fail {
    pub(crate) fn into_error(self, action: &str) -> Error {
        match self {
            Fail::Db(e) => store_error(action, &e),
            Fail::Core(e) => e,
        }
    }
}

/// Turns a database error into the core's `StoreFailed` error with a
/// message an agent or operator can act on. Never echoes a URL or a
/// password: the server's own messages name roles and databases only.
pub(crate) fn store_error(action: &str, e: &sqlx::Error) -> Error {
    // Refused by the store's grants or row-level policies (SQLSTATE 42501,
    // insufficient_privilege): the person's role may not do this. Its own
    // code, so the window says so instead of "the store failed".
    if let sqlx::Error::Database(d) = e {
        match d.code().as_deref() {
            Some("42501") => {
                return Error::forbidden(
                    action,
                    format!("the role of this login may not do this ({})", d.message()),
                );
            }
            // The server refused the login itself: a wrong or expired
            // password, an unknown login. PostgreSQL does not say which,
            // on purpose; neither does the desk.
            Some("28P01" | "28000") => {
                return Error::forbidden(
                    action,
                    "the database server refused the sign-in (wrong login or password, or \
                     the password has expired)",
                );
            }
            _ => {}
        }
    }
    let message = match e {
        sqlx::Error::Database(d) => {
            let code = d.code();
            if d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                postgres_message(code.as_deref().unwrap_or(""), d.message())
            } else {
                sqlite_message(code.as_deref(), d.message())
            }
        }
        sqlx::Error::PoolTimedOut => "no database connection became free in time".to_string(),
        // Not "nothing was written": a connection that broke during COMMIT
        // leaves the change's fate unknown. The call writes are safe to
        // send again (request keys), which is what the agent is asked.
        sqlx::Error::Io(io) => format!(
            "the database server cannot be reached ({}); the change is not confirmed, send it \
             again when the server is back",
            io.kind()
        ),
        sqlx::Error::Tls(_) => "the TLS connection to the database server failed".to_string(),
        sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => {
            "the connection to the database was closed; nothing was written".to_string()
        }
        other => other.to_string(),
    };
    Error::Store {
        action: action.to_string(),
        message,
    }
}

fn sqlite_message(code: Option<&str>, message: &str) -> String {
    // SQLite reports extended result codes; the primary code is the low
    // byte (5 BUSY and 261/517/773 are all "busy").
    let code = code.and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff);
    match code {
        Some(5 | 6) => format!(
            "another desk kept the database busy for more than {} s (database is locked); \
             nothing was written, try again",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(13) => "the disk is full; nothing was written".to_string(),
        Some(11 | 26) => format!("the file is damaged or is not a case store ({message})"),
        Some(8) => "the file is read-only".to_string(),
        Some(14) => format!("the file cannot be opened ({message})"),
        _ => message.to_string(),
    }
}

fn postgres_message(sqlstate: &str, message: &str) -> String {
    match sqlstate {
        "3D000" => format!("the database does not exist ({message})"),
        "53100" => "the database server's disk is full; nothing was written".to_string(),
        "53300" => "the database server has no free connections; try again".to_string(),
        "55P03" => format!(
            "another desk held what this change needs for more than {} s; nothing was written, \
             try again",
            BUSY_TIMEOUT.as_secs()
        ),
        "40001" | "40P01" => {
            "the change collided with other desks' changes too often; nothing was written, \
             try again"
                .to_string()
        }
        s if s.starts_with("08") || s.starts_with("57P") => format!(
            "the connection to the database server was lost ({message}); nothing was written"
        ),
        _ => message.to_string(),
    }
}
