//! `CaseStore`: the case store (a SQLite file or a centre's PostgreSQL
//! database), its migrations, and every read and write of the call log.
//!
//! Writes go through [`CaseStore::write`]: one transaction holding the
//! change and its audit row. On SQLite it is `BEGIN IMMEDIATE`, which takes
//! the write lock at BEGIN, so a second desk waits in SQLite's busy handler
//! (up to [`BUSY_TIMEOUT`]) instead of failing: with a plain (deferred)
//! BEGIN a transaction that read first and then writes cannot wait for the
//! lock and fails at once with "database is locked". On PostgreSQL many
//! desks write at once; a write that depends on a call's state locks that
//! call's row first (`Backend::lock_row`), so two desks changing one call
//! take turns, and the aggregates are upserts taken in one key order, so
//! concurrent calls never lose an increment or wait on each other in a
//! circle.
//!
//! The writes that change what the figures count (start, topics, outcome
//! of an ended call, end) also update the aggregate tables in the same
//! transaction (`crate::stats::maintain`), so counts never drift from the
//! calls they count.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::{AnyPool, AssertSqlSafe, Connection, Row};

use super::access::Access;
use super::audit::{AuditOf, audit, audited};
use super::db::{self, Backend, StoreLocation};
use super::fail::{Fail, store_error};
use super::model::{
    Agent, AgentId, Call, CallId, CallerContact, Forward, ForwardCounts, ForwardDone, ForwardId,
    ForwardStatus, MAX_NOTES, NewForward, Outcome, ReplyChannel, Role, SearchId, check_agent_name,
    from_ms, nonempty, to_ms,
};
use super::request::RequestKey;
use crate::error::{Error, Result};
use crate::hours::{CALLBACK_SERVICE_HOURS, add_service_hours};
// The figures' aggregates, kept in step inside each write's transaction.
use crate::stats::maintain as stats;
use crate::stats::outcome_key;

pub use super::limits::BUSY_TIMEOUT;

/// The case store's file name inside the data folder.
pub const STORE_FILE: &str = "auskunft.sqlite3";

/// The migrations of each backend, embedded at compile time (build.rs
/// reruns on change). Both lists are append-only and numbered alike.
static MIGRATOR_SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");
static MIGRATOR_POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

/// Longest search text kept in the search log, as the search bounds it.
const MAX_QUERY: usize = 200;

/// How long a call write is sent again after the connection was lost
/// (see [`CaseStore::write_resending`]): long enough for a server restart
/// or a failover, short enough that the agent is told soon. Waiting for a
/// free connection ([`BUSY_TIMEOUT`] twice) comes on top of it.
pub const RESEND_WINDOW: std::time::Duration = std::time::Duration::from_secs(8);
const RESEND_FIRST_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);
const RESEND_MAX_PAUSE: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether an error means the connection to the server broke (so the
/// write may not have reached it, or its answer did not come back), as
/// opposed to the server refusing the write. Waiting for a free
/// connection timed out already took its time and is not sent again.
fn connection_lost(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
        // connection_exception (08…), admin/crash shutdown, cannot connect now.
        sqlx::Error::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        _ => false,
    }
}

/// The row of `table` written under `key` (in `key_column`) before, if
/// any: its id when `owner_column` names `agent` (`None`: a row written
/// before anyone signed in, as a search may be); a key another agent's row
/// carries is refused (keys are random; a clash means a client reuses keys).
/// `table` and `owner_column` are this module's constants, never input.
pub(crate) async fn keyed_row(
    c: &mut AnyConnection,
    (table, key_column, owner_column): (&'static str, &'static str, &'static str),
    key: &RequestKey,
    agent: Option<AgentId>,
) -> Result<Option<i64>, Fail> {
    let sql = format!("SELECT id, {owner_column} FROM {table} WHERE {key_column} = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(key.as_str())
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let owner: Option<i64> = row.try_get(1)?;
    if owner != agent.map(|a| a.0) {
        return Err(Error::invalid(
            "request_key",
            "this request key belongs to another agent's write; the window must choose a new one",
        )
        .into());
    }
    Ok(Some(row.try_get(0)?))
}

/// An entry id as a topic takes it: trimmed, not empty, not absurd.
fn checked_entry_id(entry_id: &str) -> Result<&str> {
    let entry_id = entry_id.trim();
    if entry_id.is_empty() || entry_id.len() > 200 {
        return Err(Error::invalid(
            "entry_id",
            format!("{entry_id:?} is not an entry id"),
        ));
    }
    Ok(entry_id)
}

/// A search text as the search log keeps it: trimmed and bounded.
fn checked_query(query: &str) -> Result<String> {
    let query: String = query.trim().chars().take(MAX_QUERY).collect();
    if query.is_empty() {
        return Err(Error::invalid("query", "the search text is empty"));
    }
    Ok(query)
}

/// Adds `entry_id` to the call's topics inside a write (see
/// [`CaseStore::add_topic`]); `false` if it was a topic already.
async fn topic_add_in(
    c: &mut AnyConnection,
    agent: AgentId,
    call: CallId,
    entry_id: &str,
    at: i64,
) -> Result<bool, Fail> {
    let state = call_for_change(c, call).await?;
    // The position is read and written under the call's lock, so two
    // desks adding topics to one call never get the same one. An entry
    // already among the topics inserts nothing.
    let added = audited(
        c,
        "INSERT INTO call_topics (call_id, position, entry_id, added_at) \
         SELECT $1, (SELECT COALESCE(MAX(position), 0) + 1 FROM call_topics \
         WHERE call_id = $1), $2, $3 \
         WHERE NOT EXISTS (SELECT 1 FROM call_topics WHERE call_id = $1 AND entry_id = $2) \
         RETURNING call_id AS id",
        |q| q.bind(call.0).bind(entry_id).bind(at),
        AuditOf {
            at,
            agent: Some(agent),
            action: "call.topic_add",
            table: "calls",
            detail: Some(entry_id),
        },
    )
    .await?;
    if added.is_empty() {
        return Ok(false);
    }
    // Shared rows last (see CaseStore::start_call_keyed).
    let counts_as = outcome_key(state.ended, state.outcome);
    stats::topic_changed(c, state.started_at, counts_as, entry_id, 1).await?;
    Ok(true)
}

/// Writes a search-log row inside a write (see [`CaseStore::log_search`]);
/// the call, if any, was checked by the caller.
#[allow(clippy::too_many_arguments)] // one row's columns, each its own type
async fn search_in(
    c: &mut AnyConnection,
    agent: Option<AgentId>,
    call: Option<CallId>,
    query: &str,
    result_count: u32,
    opened: Option<&str>,
    key: Option<&RequestKey>,
    at: i64,
) -> Result<SearchId, Fail> {
    let ids = audited(
        c,
        "INSERT INTO search_log \
         (at, agent_id, call_id, query, result_count, opened_entry_id, request_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_key) DO NOTHING RETURNING id",
        |q| {
            q.bind(at)
                .bind(agent.map(|a| a.0))
                .bind(call.map(|c| c.0))
                .bind(query)
                .bind(i64::from(result_count))
                .bind(opened)
                .bind(key.map(RequestKey::as_str))
        },
        AuditOf {
            at,
            agent,
            action: "search.log",
            table: "search_log",
            detail: None,
        },
    )
    .await?;
    if let Some(&id) = ids.first() {
        return Ok(SearchId(id));
    }
    // Sent before (its answer was lost, or the window sent it again after
    // the store was away): that row. Only a key can conflict.
    let key = key.ok_or(sqlx::Error::RowNotFound)?;
    let table = ("search_log", "request_key", "agent_id");
    let id = keyed_row(c, table, key, agent).await?;
    Ok(SearchId(id.ok_or_else(|| Fail::Core(invalid_key_race()))?))
}

/// A write naming an agent the store does not know fails on the agents'
/// foreign key: said as such, not as a database failure.
fn unknown_agent_or(e: sqlx::Error, agent: AgentId) -> Fail {
    if e.as_database_error()
        .is_some_and(|d| d.is_foreign_key_violation())
    {
        return Error::invalid("agent_id", format!("no agent with id {agent}")).into();
    }
    Fail::Db(e)
}

/// A key that conflicted on insert but whose row cannot be read: a row of
/// another login (not visible under its row policies).
pub(crate) fn invalid_key_race() -> Error {
    Error::invalid(
        "request_key",
        "this request key belongs to another write; the window must choose a new one",
    )
}

fn invalid_call(call: CallId) -> Error {
    Error::invalid("call_id", format!("no call with id {call}"))
}

/// The parts of a call's row that decide whether a change is allowed.
pub(crate) struct CallState {
    started_at: i64,
    ended_at: Option<i64>,
    ended: bool,
    anonymised: bool,
    outcome: Option<Outcome>,
    /// The call as read (its topics not filled in).
    call: Call,
}

/// The call log in a SQLite file or a PostgreSQL database. Cheap to clone
/// (a pool handle).
#[derive(Debug, Clone)]
pub struct CaseStore {
    pool: AnyPool,
    backend: Backend,
    location: Arc<StoreLocation>,
    clock: Arc<db::ClockSync>,
    access: Arc<Access>,
}

impl CaseStore {
    /// Opens (or creates) the SQLite store at `path` and applies any
    /// migrations it lacks.
    pub async fn open(path: &Path) -> Result<Self> {
        Self::open_at(&StoreLocation::File(path.to_path_buf())).await
    }

    /// Opens the store at `location` (a file, created if missing, or a
    /// PostgreSQL database) and applies any migrations it lacks. A store
    /// whose schema is newer than this desk knows is refused.
    pub async fn open_at(location: &StoreLocation) -> Result<Self> {
        let pool = db::connect(location).await?;
        let mut store = Self {
            pool,
            backend: location.backend(),
            location: Arc::new(location.clone()),
            clock: Arc::new(db::ClockSync::new()),
            access: Arc::new(Access::Desk),
        };
        if store.may_migrate().await? {
            store.migrate().await?;
        } else {
            store.check_schema().await?;
        }
        store.access = Arc::new(super::access::detect(&store.pool, store.backend).await?);
        Ok(store)
    }

    /// Who this store's connection is (see [`Access`]).
    pub fn access(&self) -> &Access {
        &self.access
    }

    /// Whether this connection applies migrations: always on a desk's own
    /// file; on a server only the login that owns the schema (or any login
    /// on an empty database, which then becomes the owner). A person's
    /// login cannot change the schema and must not try.
    async fn may_migrate(&self) -> Result<bool> {
        if self.backend == Backend::Sqlite {
            return Ok(true);
        }
        let action = format!("opening {}", self.location);
        sqlx::query_scalar::<_, bool>(
            "SELECT COALESCE((SELECT pg_has_role(current_user, tableowner, 'MEMBER') \
             FROM pg_tables WHERE schemaname = current_schema() \
             AND tablename = '_sqlx_migrations'), TRUE)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| store_error(&action, &e))
    }

    /// For a login that does not own the schema: the store must have
    /// exactly the migrations this desk knows, no newer and none missing.
    async fn check_schema(&self) -> Result<()> {
        let action = format!("checking the schema of {}", self.location);
        let applied: Vec<i64> = sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| store_error(&action, &e))?;
        let known: Vec<i64> = self.migrator().iter().map(|m| m.version).collect();
        if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
            return Err(self.migrate_error(&action, MigrateError::VersionMissing(*newer)));
        }
        if let Some(missing) = known.iter().find(|v| !applied.contains(v)) {
            return Err(Error::Store {
                action,
                message: format!(
                    "the store lacks migration {missing} of this desk; the centre's \
                     administrator applies it by running `auskunft store migrate` with the \
                     login that owns the store"
                ),
            });
        }
        Ok(())
    }

    /// Applies missing migrations. SQLite: under the write lock, so two
    /// desks opening a new file at once do not both see "no migrations
    /// applied" and the second fail creating tables that now exist; inside
    /// one IMMEDIATE transaction the second waits, then finds them applied
    /// (sqlx runs each migration in a nested savepoint here). PostgreSQL:
    /// sqlx's migrator holds an advisory lock while it runs, so desks
    /// started together take turns the same way.
    async fn migrate(&self) -> Result<()> {
        let action = format!("migrating {}", self.location);
        let err = |e: &sqlx::Error| store_error(&action, e);
        let migrator = self.migrator();
        let result = match self.backend {
            Backend::Sqlite => {
                let mut conn = self.pool.acquire().await.map_err(|e| err(&e))?;
                let mut tx = conn
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(|e| err(&e))?;
                let run = migrator.run_direct(None, &mut *tx, false).await;
                if run.is_ok() {
                    tx.commit().await.map_err(|e| err(&e))?;
                }
                run
            }
            Backend::Postgres => migrator.run(&self.pool).await,
        };
        result.map_err(|e| self.migrate_error(&action, e))
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &MIGRATOR_SQLITE,
            Backend::Postgres => &MIGRATOR_POSTGRES,
        }
    }

    fn migrate_error(&self, action: &str, e: MigrateError) -> Error {
        let known = self.migrator().iter().map(|m| m.version).max().unwrap_or(0);
        let message = match e {
            MigrateError::VersionMissing(v) => format!(
                "the store's schema is newer than this desk knows (it has migration {v}, this \
                 desk knows up to {known}); install the newer desk release before using this \
                 store"
            ),
            MigrateError::VersionMismatch(v) => format!(
                "migration {v} in the store differs from this desk's; the store was changed by \
                 hand or by a different build"
            ),
            MigrateError::Execute(e) => return store_error(action, &e),
            other => other.to_string(),
        };
        Error::Store {
            action: action.to_string(),
            message,
        }
    }

    /// Where the store is (a file's path, or the server without
    /// credentials when displayed).
    pub fn location(&self) -> &StoreLocation {
        &self.location
    }

    /// Which database the store is in.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Now on the store's timeline: the server's clock for a centre's
    /// store, this machine's for a SQLite file (see `db::ClockSync`). Every
    /// instant the desk writes comes from here.
    pub async fn now(&self) -> DateTime<Utc> {
        self.clock.now(&self.pool, self.backend).await
    }

    /// Pretends this desk's clock is off by `ms` milliseconds, to test
    /// that the store's timeline does not follow it.
    #[doc(hidden)]
    pub fn skew_local_clock_for_tests(&self, ms: i64) {
        self.clock.skew_local_clock(ms);
    }

    /// The connection pool, for the figures and for checks that read the
    /// tables directly. Writes belong in methods of this type.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every connection (and checkpoints the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs `body` in one write transaction and commits. An error anywhere
    /// rolls the whole transaction back, so a change and its audit row are
    /// written together or not at all. There is no retry loop: the lock
    /// order (the call's row first, then the aggregates in key order) keeps
    /// PostgreSQL from ever choosing a deadlock victim among desks, and a
    /// conflict it reports anyway reaches the agent as "try again".
    pub(crate) async fn write<T>(
        &self,
        action: &str,
        body: impl AsyncFnOnce(&mut AnyConnection) -> Result<T, Fail>,
    ) -> Result<T> {
        self.write_once(body)
            .await
            .map_err(|e| e.into_error(action))
    }

    /// One try of [`CaseStore::write`], its failure not yet explained.
    pub(crate) async fn write_once<T>(
        &self,
        body: impl AsyncFnOnce(&mut AnyConnection) -> Result<T, Fail>,
    ) -> Result<T, Fail> {
        let mut tx = self.begin_write().await?;
        let out = body(&mut tx).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Begins a write transaction. The pool pings a connection before it
    /// hands it out, but a server restart between that ping and BEGIN
    /// still shows here, at BEGIN, before anything of the write was sent:
    /// then BEGIN again on another connection. A server that is really
    /// gone fails the connect and ends the loop.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let mut tries = 0;
        loop {
            match self.pool.begin_with(self.backend.begin_write()).await {
                Err(e) if connection_lost(&e) && tries < super::limits::MAX_CONNECTIONS => {
                    tries += 1
                }
                begun => return begun,
            }
        }
    }

    /// Runs `attempt` (a [`CaseStore::write_once`] of a call write an
    /// agent makes during a call) and runs it again when the connection to
    /// the server was lost on the way (a restart, a failover, a dropped
    /// link): until [`RESEND_WINDOW`] has passed, with short pauses. Only
    /// writes that are safe to run twice may use it: if the COMMIT itself
    /// was cut, the first run may have been committed, and the second must
    /// find its work instead of doing it again (request keys for new calls
    /// and forwards, "already there" for topics, plain assignments for
    /// notes and outcome, an ended call stays ended).
    ///
    /// `attempt` is a closure that builds each try anew (rather than an
    /// `AsyncFn` body called twice), so the future stays `Send` for the
    /// desks' spawned tasks.
    pub(crate) async fn resending<T, F>(&self, action: &str, attempt: impl Fn() -> F) -> Result<T>
    where
        F: Future<Output = Result<T, Fail>>,
    {
        let started = std::time::Instant::now();
        let mut pause = RESEND_FIRST_PAUSE;
        loop {
            match attempt().await {
                Ok(out) => return Ok(out),
                Err(Fail::Db(e)) if connection_lost(&e) && started.elapsed() < RESEND_WINDOW => {
                    tracing::warn!(action, error = %e, "connection lost; sending the write again");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(RESEND_MAX_PAUSE);
                }
                Err(e) => return Err(e.into_error(action)),
            }
        }
    }

    // ---- agents --------------------------------------------------------

    /// Signs in by name: creates the agent with `role` if the name is new,
    /// or raises an existing agent to supervisor (audited). A sign-in as
    /// agent under a supervisor's name takes the calls as an agent and
    /// leaves the stored role alone. Names are unique. Who may sign in
    /// with which role is the desk's check (the supervisor password, see
    /// `cases::access`); on the centre's store a person's login signs in
    /// as itself with the server's role, whatever name and role are asked
    /// for ([`CaseStore::sign_in_login`]).
    pub async fn sign_in(&self, name: &str, role: Role, at: DateTime<Utc>) -> Result<Agent> {
        match &*self.access {
            Access::Login { .. } => return self.sign_in_login(at).await,
            Access::Service { login } => {
                return Err(Error::forbidden(
                    "signing in",
                    format!(
                        "the login {} is a service of the centre (retention or delivery) and \
                         takes no calls",
                        crate::error::quote(login)
                    ),
                ));
            }
            Access::Desk | Access::Owner => {}
        }
        if role == Role::Editor && self.backend == Backend::Sqlite {
            return Err(Error::invalid(
                "role",
                "the editors' role exists on the centre's store only",
            ));
        }
        let name = check_agent_name(name)?.to_string();
        self.write("signing in", async |c| {
            let at = to_ms(at);
            // ON CONFLICT DO NOTHING (SQLite ≥ 3.24, PostgreSQL ≥ 9.5):
            // two desks creating the same name at once both succeed.
            let created = sqlx::query(
                "INSERT INTO agents (name, role, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(&name)
            .bind(role.as_str())
            .bind(at)
            .execute(&mut *c)
            .await?
            .rows_affected()
                == 1;
            let row = sqlx::query("SELECT id, name, role FROM agents WHERE name = $1")
                .bind(&name)
                .fetch_one(&mut *c)
                .await?;
            let mut agent = agent_from_row(&row)?;
            if created {
                audit(
                    c,
                    at,
                    Some(agent.id),
                    "agent.create",
                    "agents",
                    Some(agent.id.0),
                    Some(role.as_str()),
                )
                .await?;
            } else if agent.role != role && role != Role::Agent {
                sqlx::query("UPDATE agents SET role = $1 WHERE id = $2")
                    .bind(role.as_str())
                    .bind(agent.id.0)
                    .execute(&mut *c)
                    .await?;
                audit(
                    c,
                    at,
                    Some(agent.id),
                    "agent.role",
                    "agents",
                    Some(agent.id.0),
                    Some(role.as_str()),
                )
                .await?;
            }
            agent.role = role;
            Ok(agent)
        })
        .await
    }

    /// Signs in the person whose login this store's connection is: their
    /// agent row (created at the first sign-in) with the role the server
    /// gives their login (function `auskunft_sign_in`, migration
    /// postgres/0003).
    pub async fn sign_in_login(&self, at: DateTime<Utc>) -> Result<Agent> {
        if !matches!(&*self.access, Access::Login { .. }) {
            return Err(Error::forbidden(
                "signing in",
                "this store is not reached with a person's own login",
            ));
        }
        self.write("signing in", async |c| {
            let id: i64 = sqlx::query_scalar("SELECT auskunft_sign_in($1)")
                .bind(to_ms(at))
                .fetch_one(&mut *c)
                .await?;
            let row = sqlx::query("SELECT id, name, role FROM agents WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *c)
                .await?;
            Ok(agent_from_row(&row)?)
        })
        .await
    }

    /// The agent with this name, if any.
    pub async fn agent_by_name(&self, name: &str) -> Result<Option<Agent>> {
        let row = sqlx::query("SELECT id, name, role FROM agents WHERE name = $1")
            .bind(name.trim())
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| store_error("reading an agent", &e))?;
        row.map(|r| agent_from_row(&r))
            .transpose()
            .map_err(|e| store_error("reading an agent", &e))
    }

    /// Every agent, by name.
    pub async fn agents(&self) -> Result<Vec<Agent>> {
        let rows = sqlx::query("SELECT id, name, role FROM agents ORDER BY name")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| store_error("listing agents", &e))?;
        rows.iter()
            .map(agent_from_row)
            .collect::<Result<_, _>>()
            .map_err(|e| store_error("listing agents", &e))
    }

    // ---- calls ---------------------------------------------------------

    /// Starts a call taken by `agent` at `at`.
    pub async fn start_call(&self, agent: AgentId, at: DateTime<Utc>) -> Result<CallId> {
        self.start_call_keyed(agent, &RequestKey::fresh(), at).await
    }

    /// Starts a call under the window's request key: the same key again
    /// (the first answer was lost) returns the call it started, without a
    /// second call, count or audit row. A key used by another agent's
    /// call is refused.
    pub async fn start_call_keyed(
        &self,
        agent: AgentId,
        key: &RequestKey,
        at: DateTime<Utc>,
    ) -> Result<CallId> {
        self.resending("starting a call", || {
            self.write_once(async |c| {
                let at = to_ms(at);
                // One statement in the common case: the key is new. The
                // agents' foreign key stands in for a check of the agent.
                let inserted = audited(
                    c,
                    "INSERT INTO calls (agent_id, started_at, request_key) VALUES ($1, $2, $3) \
                     ON CONFLICT (request_key) DO NOTHING RETURNING id",
                    |q| q.bind(agent.0).bind(at).bind(key.as_str()),
                    AuditOf {
                        at,
                        agent: Some(agent),
                        action: "call.start",
                        table: "calls",
                        detail: None,
                    },
                )
                .await
                .map_err(|e| unknown_agent_or(e, agent))?;
                let Some(&id) = inserted.first() else {
                    // Sent before (the answer was lost): that call.
                    let table = ("calls", "request_key", "agent_id");
                    let id = keyed_row(c, table, key, Some(agent)).await?;
                    return Ok(CallId(id.ok_or_else(|| Fail::Core(invalid_key_race()))?));
                };
                // The figures' rows last: the current hour's row is every
                // desk's, and its lock is held from here until COMMIT.
                stats::call_started(c, at).await?;
                Ok(CallId(id))
            })
        })
        .await
    }

    /// Adds an entry to the call's topics (the agent opened it). Opening
    /// the same entry again changes nothing and returns `false`.
    pub async fn add_topic(
        &self,
        agent: AgentId,
        call: CallId,
        entry_id: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let entry_id = checked_entry_id(entry_id)?;
        self.resending("adding a topic", || {
            self.write_once(async |c| topic_add_in(c, agent, call, entry_id, to_ms(at)).await)
        })
        .await
    }

    /// An entry opened during a call or after a search, as the window
    /// reports it: the entry joins the call's topics and the search that
    /// led to it is logged, in one transaction (one commit instead of two).
    /// Either part may be absent. Safe to send again under the opening's
    /// `key`: a topic already there is not added twice, and the search row
    /// is found by its key, so the write is sent again after a lost
    /// connection (see [`CaseStore::resending`]) and the window may send it
    /// again after the store was away.
    pub async fn note_opened(
        &self,
        agent: Option<AgentId>,
        call: Option<CallId>,
        entry_id: &str,
        search: Option<(&str, u32)>,
        key: &RequestKey,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let entry_id = checked_entry_id(entry_id)?;
        let search = match search {
            Some((query, count)) => Some((checked_query(query)?, count)),
            None => None,
        };
        let at = to_ms(at);
        self.resending("noting an opened entry", || {
            self.write_once(async |c| {
                if let Some(call) = call {
                    let agent = agent.ok_or(Error::NotSignedIn)?;
                    topic_add_in(c, agent, call, entry_id, at).await?;
                }
                if let Some((query, count)) = &search {
                    search_in(c, agent, call, query, *count, Some(entry_id), Some(key), at).await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Removes a topic from the call; `false` if it was not there.
    pub async fn remove_topic(
        &self,
        agent: AgentId,
        call: CallId,
        entry_id: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let entry_id = entry_id.trim();
        self.resending("removing a topic", || {
            self.write_once(async |c| {
                let state = call_for_change(c, call).await?;
                let removed =
                    sqlx::query("DELETE FROM call_topics WHERE call_id = $1 AND entry_id = $2")
                        .bind(call.0)
                        .bind(entry_id)
                        .execute(&mut *c)
                        .await?
                        .rows_affected();
                if removed == 0 {
                    return Ok(false);
                }
                let counts_as = outcome_key(state.ended, state.outcome);
                stats::topic_changed(c, state.started_at, counts_as, entry_id, -1).await?;
                audit(
                    c,
                    to_ms(at),
                    Some(agent),
                    "call.topic_remove",
                    "calls",
                    Some(call.0),
                    Some(entry_id),
                )
                .await?;
                Ok(true)
            })
        })
        .await
    }

    /// Chooses the outcome (the call may still be running). On an ended
    /// call the same rule as at the end applies: `forwarded` needs a forward.
    pub async fn set_outcome(
        &self,
        agent: AgentId,
        call: CallId,
        outcome: Outcome,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.resending("setting the outcome", || {
            self.write_once(async |c| {
                let state = call_for_change(c, call).await?;
                if state.ended {
                    check_forwarded(c, call, outcome).await?;
                }
                sqlx::query("UPDATE calls SET outcome = $1 WHERE id = $2")
                    .bind(outcome.as_str())
                    .bind(call.0)
                    .execute(&mut *c)
                    .await?;
                // A running call counts by its outcome only from its end on.
                if let (Some(ended_at), Some(old)) = (state.ended_at, state.outcome) {
                    stats::outcome_changed(c, call, state.started_at, ended_at, old, outcome)
                        .await?;
                }
                audit(
                    c,
                    to_ms(at),
                    Some(agent),
                    "call.outcome",
                    "calls",
                    Some(call.0),
                    Some(outcome.as_str()),
                )
                .await?;
                Ok(())
            })
        })
        .await
    }

    /// Saves the notes as typed (the window calls this while the agent
    /// types). Empty notes are stored as none. The audit row records that
    /// notes were saved, never their text.
    pub async fn save_notes(
        &self,
        agent: AgentId,
        call: CallId,
        notes: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if notes.chars().count() > MAX_NOTES {
            return Err(Error::invalid(
                "notes",
                format!("longer than {MAX_NOTES} characters"),
            ));
        }
        if notes.contains('\0') {
            return Err(Error::invalid("notes", "contains a NUL character"));
        }
        // Kept exactly as typed: trimming would eat the space the agent
        // just typed between two words while the notes save themselves.
        let notes = (!notes.trim().is_empty()).then_some(notes);
        self.resending("saving notes", || {
            self.write_once(async |c| {
                // The window saves while the agent types, so the usual case
                // takes one statement; only a refusal reads why.
                let saved = audited(
                    c,
                    "UPDATE calls SET notes = $1 WHERE id = $2 AND anonymised_at IS NULL \
                     RETURNING id",
                    |q| q.bind(notes).bind(call.0),
                    AuditOf {
                        at: to_ms(at),
                        agent: Some(agent),
                        action: "call.notes",
                        table: "calls",
                        detail: None,
                    },
                )
                .await?;
                if saved.is_empty() {
                    // Refused for the reason this says (no such call, or
                    // anonymised).
                    call_for_change(c, call).await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// Records a forward to an office with the 115 callback promise: due
    /// 24 service hours after `at`. Stores on the call only the contact
    /// the chosen channel needs (and the name), and sets the call's outcome
    /// to `forwarded` if none was chosen yet. The office must be checked
    /// against the knowledge base by the caller ([`crate::Desk::forward`]).
    pub async fn forward(
        &self,
        agent: AgentId,
        call: CallId,
        new: &NewForward,
        at: DateTime<Utc>,
    ) -> Result<Forward> {
        self.forward_keyed(agent, call, new, &RequestKey::fresh(), at)
            .await
    }

    /// [`CaseStore::forward`] under the forward dialog's request key: the
    /// same key again returns the forward written the first time.
    pub async fn forward_keyed(
        &self,
        agent: AgentId,
        call: CallId,
        new: &NewForward,
        key: &RequestKey,
        at: DateTime<Utc>,
    ) -> Result<Forward> {
        let office = new.office_id.trim();
        if office.is_empty() {
            return Err(Error::invalid("office", "no office chosen"));
        }
        let (question, reply_to) = new.check()?;
        let name = nonempty(&new.caller.name);
        let (phone, email, address) = match new.channel {
            ReplyChannel::Phone => (nonempty(&new.caller.phone), None, None),
            ReplyChannel::Email => (None, nonempty(&new.caller.email), None),
            ReplyChannel::Post => (None, None, nonempty(&new.caller.address)),
        };
        let due = add_service_hours(at, CALLBACK_SERVICE_HOURS);
        self.resending("forwarding", || {
            self.write_once(async |c| {
                let state = call_for_change(c, call).await?;
                let at_ms = to_ms(at);
                let inserted = audited(
                    c,
                    "INSERT INTO forwards (call_id, office_id, question, reply_channel, reply_to, \
                     created_at, created_by, due_at, status, request_key) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9) \
                     ON CONFLICT (request_key) DO NOTHING RETURNING id",
                    |q| {
                        q.bind(call.0)
                            .bind(office)
                            .bind(question.as_str())
                            .bind(new.channel.as_str())
                            .bind(reply_to.as_str())
                            .bind(at_ms)
                            .bind(agent.0)
                            .bind(to_ms(due))
                            .bind(key.as_str())
                    },
                    AuditOf {
                        at: at_ms,
                        agent: Some(agent),
                        action: "forward.create",
                        table: "forwards",
                        detail: Some(office),
                    },
                )
                .await?;
                let Some(&id) = inserted.first() else {
                    // Sent before (the answer was lost): that forward.
                    let table = ("forwards", "request_key", "created_by");
                    let id = keyed_row(c, table, key, Some(agent))
                        .await?
                        .ok_or_else(|| Fail::Core(invalid_key_race()))?;
                    let row = sqlx::query(AssertSqlSafe(format!("{FORWARD_SELECT} WHERE id = $1")))
                        .bind(id)
                        .fetch_one(&mut *c)
                        .await?;
                    return Ok(forward_from_row(&row)?);
                };
                let caller = CallerFields {
                    name,
                    phone,
                    email,
                    address,
                };
                note_on_call(c, call, &state, caller, Some(Outcome::Forwarded)).await?;
                Ok(Forward {
                    id: ForwardId(id),
                    call_id: call,
                    office_id: office.to_string(),
                    question: Some(question.clone()),
                    channel: new.channel,
                    reply_to: Some(reply_to.clone()),
                    created_at: from_ms(at_ms),
                    created_by: agent,
                    due_at: from_ms(to_ms(due)),
                    status: ForwardStatus::Open,
                    done_at: None,
                    done_by: None,
                })
            })
        })
        .await
    }

    /// Ends the call. An outcome is required: the one given here, or the
    /// one chosen before (`dropped` is an outcome too). `forwarded` needs a
    /// forward of this call.
    pub async fn end_call(
        &self,
        agent: AgentId,
        call: CallId,
        outcome: Option<Outcome>,
        at: DateTime<Utc>,
    ) -> Result<Call> {
        self.resending("ending a call", || {
            self.write_once(async |c| {
                let state = call_for_change(c, call).await?;
                if state.ended {
                    // Ending it again as it ended (F4 twice, or the first end's
                    // answer lost with the connection) is the same end.
                    if outcome.is_none_or(|o| Some(o) == state.outcome) {
                        let mut ended = state.call;
                        fill_topics(c, std::slice::from_mut(&mut ended)).await?;
                        return Ok(ended);
                    }
                    let was = state.outcome.map_or("", Outcome::as_str);
                    return Err(Error::invalid(
                        "call_id",
                        format!("call {call} has already ended (as {was})"),
                    )
                    .into());
                }
                let Some(outcome) = outcome.or(state.outcome) else {
                    return Err(Error::invalid(
                        "outcome",
                        "a call ends with an outcome: answered, forwarded, portal_handoff, \
                     referred or dropped",
                    )
                    .into());
                };
                check_forwarded(c, call, outcome).await?;
                // A clock set back between start and end must not produce a
                // negative handling time (the table's CHECK would refuse it).
                let ended = to_ms(at).max(state.started_at);
                audited(
                    c,
                    "UPDATE calls SET ended_at = $1, outcome = $2 WHERE id = $3 RETURNING id",
                    |q| q.bind(ended).bind(outcome.as_str()).bind(call.0),
                    AuditOf {
                        at: ended,
                        agent: Some(agent),
                        action: "call.end",
                        table: "calls",
                        detail: Some(outcome.as_str()),
                    },
                )
                .await?;
                // The call as it now is: the row read under the lock, with
                // what this end changed, and its topics.
                let mut read = state.call.clone();
                read.ended_at = Some(from_ms(ended));
                read.outcome = Some(outcome);
                fill_topics(c, std::slice::from_mut(&mut read)).await?;
                // Shared rows last (see start_call_keyed).
                stats::call_ended(c, call, state.started_at, ended, outcome).await?;
                Ok(read)
            })
        })
        .await
    }

    /// The call with this id.
    pub async fn call(&self, call: CallId) -> Result<Call> {
        let mut c = self
            .pool
            .acquire()
            .await
            .map_err(|e| store_error("reading a call", &e))?;
        read_call(&mut c, call)
            .await
            .map_err(|e| store_error("reading a call", &e))?
            .ok_or_else(|| invalid_call(call))
    }

    /// The newest calls first (by start), of one agent or of everyone.
    pub async fn recent_calls(&self, agent: Option<AgentId>, limit: u32) -> Result<Vec<Call>> {
        let action = "listing calls";
        let err = |e: sqlx::Error| store_error(action, &e);
        let mut c = self.pool.acquire().await.map_err(err)?;
        // Two statements rather than "$1 IS NULL OR agent_id = $1": that
        // form needs a typed NULL on PostgreSQL and defeats the index.
        let rows = match agent {
            Some(agent) => sqlx::query(AssertSqlSafe(format!(
                "{CALL_SELECT} WHERE c.agent_id = $1 ORDER BY c.started_at DESC, c.id DESC LIMIT $2"
            )))
            .bind(agent.0)
            .bind(i64::from(limit)),
            None => sqlx::query(AssertSqlSafe(format!(
                "{CALL_SELECT} ORDER BY c.started_at DESC, c.id DESC LIMIT $1"
            )))
            .bind(i64::from(limit)),
        }
        .fetch_all(&mut *c)
        .await
        .map_err(err)?;
        let mut calls = rows
            .iter()
            .map(call_from_row)
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?;
        fill_topics(&mut c, &mut calls).await.map_err(err)?;
        Ok(calls)
    }

    // ---- forwards ------------------------------------------------------

    /// Open forwards, the earliest due first.
    pub async fn open_forwards(&self) -> Result<Vec<Forward>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{FORWARD_SELECT} WHERE status = 'open' ORDER BY due_at, id"
        )))
        .fetch_all(&self.pool)
        .await
        .map_err(|e| store_error("listing open forwards", &e))?;
        rows.iter()
            .map(forward_from_row)
            .collect::<Result<_, _>>()
            .map_err(|e| store_error("listing open forwards", &e))
    }

    /// The first `limit` open forwards, earliest due first: those `agent`
    /// wrote, or the centre's (`None`).
    pub async fn open_forwards_first(
        &self,
        agent: Option<AgentId>,
        limit: u32,
    ) -> Result<Vec<Forward>> {
        let err = |e: sqlx::Error| store_error("listing open forwards", &e);
        // Two statements rather than "$1 IS NULL OR created_by = $1" (see
        // `recent_calls`).
        let rows = match agent {
            Some(agent) => sqlx::query(AssertSqlSafe(format!(
                "{FORWARD_SELECT} WHERE status = 'open' AND created_by = $1 \
                 ORDER BY due_at, id LIMIT $2"
            )))
            .bind(agent.0)
            .bind(i64::from(limit)),
            None => sqlx::query(AssertSqlSafe(format!(
                "{FORWARD_SELECT} WHERE status = 'open' ORDER BY due_at, id LIMIT $1"
            )))
            .bind(i64::from(limit)),
        }
        .fetch_all(&self.pool)
        .await
        .map_err(err)?;
        rows.iter()
            .map(forward_from_row)
            .collect::<Result<_, _>>()
            .map_err(err)
    }

    /// Open forwards and, of those, the ones past their due time at `now`:
    /// of the centre, and of those `agent` wrote.
    pub async fn open_forward_counts(
        &self,
        agent: AgentId,
        now: DateTime<Utc>,
    ) -> Result<(ForwardCounts, ForwardCounts)> {
        let err = |e: sqlx::Error| store_error("counting open forwards", &e);
        let row = sqlx::query(
            "SELECT COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN created_by = $2 THEN 1 ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN created_by = $2 AND due_at < $1 THEN 1 ELSE 0 END), 0) \
             AS BIGINT) \
             FROM forwards WHERE status = 'open'",
        )
        .bind(to_ms(now))
        .bind(agent.0)
        .fetch_one(&self.pool)
        .await
        .map_err(err)?;
        let n = |i: usize| -> Result<u64> {
            let v: i64 = row.try_get(i).map_err(err)?;
            Ok(u64::try_from(v).unwrap_or(0))
        };
        let all = ForwardCounts {
            open: n(0)?,
            overdue: n(1)?,
        };
        let mine = ForwardCounts {
            open: n(2)?,
            overdue: n(3)?,
        };
        Ok((all, mine))
    }

    /// The forwards of one call, oldest first.
    pub async fn forwards_of(&self, call: CallId) -> Result<Vec<Forward>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{FORWARD_SELECT} WHERE call_id = $1 ORDER BY id"
        )))
        .bind(call.0)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| store_error("listing forwards", &e))?;
        rows.iter()
            .map(forward_from_row)
            .collect::<Result<_, _>>()
            .map_err(|e| store_error("listing forwards", &e))
    }

    /// Marks a forward done (the office answered the caller). Two desks
    /// at once: the first wins (the row's update is atomic on both
    /// backends), and the second learns who was first and when, instead
    /// of closing it twice. An unknown id is refused.
    pub async fn mark_forward_done(
        &self,
        agent: AgentId,
        forward: ForwardId,
        at: DateTime<Utc>,
    ) -> Result<ForwardDone> {
        self.resending("marking a forward done", || {
            self.write_once(async |c| {
                let at = to_ms(at);
                let changed = sqlx::query(
                    "UPDATE forwards SET status = 'done', done_at = $1, done_by = $2 \
                 WHERE id = $3 AND status = 'open'",
                )
                .bind(at)
                .bind(agent.0)
                .bind(forward.0)
                .execute(&mut *c)
                .await?
                .rows_affected();
                if changed == 1 {
                    audit(
                        c,
                        at,
                        Some(agent),
                        "forward.done",
                        "forwards",
                        Some(forward.0),
                        None,
                    )
                    .await?;
                }
                let row = sqlx::query(
                    "SELECT a.name, f.done_at FROM forwards f JOIN agents a ON a.id = f.done_by \
                 WHERE f.id = $1",
                )
                .bind(forward.0)
                .fetch_optional(&mut *c)
                .await?
                .ok_or_else(|| {
                    Error::invalid("forward_id", format!("no forward with id {forward}"))
                })?;
                Ok(ForwardDone {
                    forward,
                    first: changed == 1,
                    by: row.try_get(0)?,
                    at: from_ms(row.try_get(1)?),
                })
            })
        })
        .await
    }

    // ---- search log ----------------------------------------------------

    /// Logs a search for the knowledge-gap figures: the text (cut to the
    /// 200 characters search looks at), the call, the number of results
    /// and the entry opened from them, if any.
    pub async fn log_search(
        &self,
        agent: Option<AgentId>,
        call: Option<CallId>,
        query: &str,
        result_count: u32,
        opened_entry: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<SearchId> {
        let query = checked_query(query)?;
        let opened = opened_entry.map(str::trim).filter(|s| !s.is_empty());
        self.write("logging a search", async |c| {
            if let Some(call) = call {
                call_state(c, call).await?;
            }
            search_in(
                c,
                agent,
                call,
                &query,
                result_count,
                opened,
                None,
                to_ms(at),
            )
            .await
        })
        .await
    }
}

/// The call's state, its row locked until the transaction ends (on
/// PostgreSQL; SQLite's write transaction holds the whole file), so that
/// what is decided from it still holds when the change commits.
/// The whole row is read (with the agent's name), so that ending a call
/// can answer with it without reading it again.
async fn call_state(c: &mut AnyConnection, call: CallId) -> Result<CallState, Fail> {
    let sql = format!("{CALL_SELECT} WHERE c.id = $1{}", Backend::of(c).lock_row());
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(call.0)
        .fetch_optional(&mut *c)
        .await?
        .ok_or_else(|| invalid_call(call))?;
    let outcome: Option<String> = row.try_get("outcome")?;
    let ended_at: Option<i64> = row.try_get("ended_at")?;
    Ok(CallState {
        started_at: row.try_get("started_at")?,
        ended_at,
        ended: ended_at.is_some(),
        anonymised: row.try_get::<Option<i64>, _>("anonymised_at")?.is_some(),
        outcome: outcome.as_deref().map(Outcome::parse).transpose()?,
        call: call_from_row(&row)?,
    })
}

/// The call's state for a change (locked, see [`call_state`]), refused
/// when retention has anonymised it. What every write that adds to a call
/// (a forward, a portal application) starts with.
pub(crate) async fn call_for_change(
    c: &mut AnyConnection,
    call: CallId,
) -> Result<CallState, Fail> {
    let state = call_state(c, call).await?;
    if state.anonymised {
        return Err(Error::invalid(
            "call_id",
            format!("call {call} has been anonymised by the retention job and cannot be changed"),
        )
        .into());
    }
    Ok(state)
}

/// What a forward or a portal application knows of the caller; absent
/// fields leave the call's as they are.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CallerFields<'a> {
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub address: Option<&'a str>,
}

/// Writes onto the call what a forward or a portal application tells of
/// it: the caller's contact where given, and `outcome` as the call's
/// outcome when the call still runs and the agent chose none. An ended
/// call keeps its outcome, so the figures' counts (taken at the end) stay
/// right. `state` comes from [`call_for_change`] in the same transaction,
/// so the call cannot end in between.
pub(crate) async fn note_on_call(
    c: &mut AnyConnection,
    call: CallId,
    state: &CallState,
    caller: CallerFields<'_>,
    outcome: Option<Outcome>,
) -> Result<(), Fail> {
    sqlx::query(
        "UPDATE calls SET caller_name = COALESCE($1, caller_name), \
         caller_phone = COALESCE($2, caller_phone), \
         caller_email = COALESCE($3, caller_email), \
         caller_address = COALESCE($4, caller_address), \
         outcome = COALESCE(outcome, $5) WHERE id = $6",
    )
    .bind(caller.name)
    .bind(caller.phone)
    .bind(caller.email)
    .bind(caller.address)
    .bind(outcome.filter(|_| !state.ended).map(Outcome::as_str))
    .bind(call.0)
    .execute(&mut *c)
    .await?;
    Ok(())
}

async fn check_forwarded(
    c: &mut AnyConnection,
    call: CallId,
    outcome: Outcome,
) -> Result<(), Fail> {
    if outcome != Outcome::Forwarded {
        return Ok(());
    }
    let any = sqlx::query("SELECT 1 FROM forwards WHERE call_id = $1 LIMIT 1")
        .bind(call.0)
        .fetch_optional(&mut *c)
        .await?;
    if any.is_none() {
        return Err(Error::invalid(
            "outcome",
            format!(
                "call {call} has no forward; write the forward first, or choose another outcome"
            ),
        )
        .into());
    }
    Ok(())
}

const CALL_SELECT: &str = "SELECT c.id, c.agent_id, a.name AS agent_name, c.started_at, \
     c.ended_at, \
     c.outcome, c.notes, c.caller_name, c.caller_phone, c.caller_email, c.caller_address, \
     c.anonymised_at FROM calls c JOIN agents a ON a.id = c.agent_id";

const FORWARD_SELECT: &str = "SELECT id, call_id, office_id, question, reply_channel, reply_to, \
     created_at, created_by, due_at, status, done_at, done_by FROM forwards";

async fn read_call(c: &mut AnyConnection, call: CallId) -> Result<Option<Call>, sqlx::Error> {
    let row = sqlx::query(AssertSqlSafe(format!("{CALL_SELECT} WHERE c.id = $1")))
        .bind(call.0)
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let mut calls = vec![call_from_row(&row)?];
    fill_topics(c, &mut calls).await?;
    Ok(calls.pop())
}

/// Reads the topics of `calls` with one query.
async fn fill_topics(c: &mut AnyConnection, calls: &mut [Call]) -> Result<(), sqlx::Error> {
    if calls.is_empty() {
        return Ok(());
    }
    // At most a few hundred calls are listed at once, well under SQLite's
    // limit of 32,766 parameters, so one IN list per chunk of 500 suffices.
    for chunk in calls.chunks_mut(500) {
        let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT call_id, entry_id FROM call_topics WHERE call_id IN ({}) \
             ORDER BY call_id, position",
            params.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for call in chunk.iter() {
            q = q.bind(call.id.0);
        }
        let rows = q.fetch_all(&mut *c).await?;
        for row in rows {
            let id: i64 = row.try_get(0)?;
            let entry: String = row.try_get(1)?;
            if let Some(call) = chunk.iter_mut().find(|x| x.id.0 == id) {
                call.topics.push(entry);
            }
        }
    }
    Ok(())
}

fn decode(e: Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

fn agent_from_row(row: &AnyRow) -> Result<Agent, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(Agent {
        id: AgentId(row.try_get("id")?),
        name: row.try_get("name")?,
        role: Role::parse(&role).map_err(decode)?,
    })
}

fn call_from_row(row: &AnyRow) -> Result<Call, sqlx::Error> {
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(Call {
        id: CallId(row.try_get("id")?),
        agent_id: AgentId(row.try_get("agent_id")?),
        agent_name: row.try_get("agent_name")?,
        started_at: from_ms(row.try_get("started_at")?),
        ended_at: row.try_get::<Option<i64>, _>("ended_at")?.map(from_ms),
        outcome: outcome
            .as_deref()
            .map(Outcome::parse)
            .transpose()
            .map_err(decode)?,
        notes: row.try_get("notes")?,
        topics: Vec::new(),
        caller: CallerContact {
            name: row.try_get("caller_name")?,
            phone: row.try_get("caller_phone")?,
            email: row.try_get("caller_email")?,
            address: row.try_get("caller_address")?,
        },
        anonymised_at: row.try_get::<Option<i64>, _>("anonymised_at")?.map(from_ms),
    })
}

fn forward_from_row(row: &AnyRow) -> Result<Forward, sqlx::Error> {
    let channel: String = row.try_get("reply_channel")?;
    let status: String = row.try_get("status")?;
    Ok(Forward {
        id: ForwardId(row.try_get("id")?),
        call_id: CallId(row.try_get("call_id")?),
        office_id: row.try_get("office_id")?,
        question: row.try_get("question")?,
        channel: ReplyChannel::parse(&channel).map_err(decode)?,
        reply_to: row.try_get("reply_to")?,
        created_at: from_ms(row.try_get("created_at")?),
        created_by: AgentId(row.try_get("created_by")?),
        due_at: from_ms(row.try_get("due_at")?),
        status: ForwardStatus::parse(&status).map_err(decode)?,
        done_at: row.try_get::<Option<i64>, _>("done_at")?.map(from_ms),
        done_by: row.try_get::<Option<i64>, _>("done_by")?.map(AgentId),
    })
}
