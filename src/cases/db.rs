//! Where the case store lives and the few places where its two databases
//! differ.
//!
//! A single desk keeps its store in a SQLite file in the data folder; a
//! centre points every desk at one PostgreSQL database
//! (`AUSKUNFT_DATABASE_URL` or `[store] url` in the settings). Both are
//! reached through sqlx's `Any` driver, so every statement of the store is
//! written once: the SQL is portable (`$1` parameters, `RETURNING`,
//! `ON CONFLICT`, integers for instants, `CHECK`s instead of enum types)
//! and the differences are named here, as methods of [`Backend`]: how a
//! write transaction begins, how a row is locked for the rest of a
//! transaction, how a queue claim skips rows another desk holds, and the
//! placeholders of a bulk insert.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AnyPool, ConnectOptions, Executor};

use super::limits::{BUSY_TIMEOUT, MAX_CONNECTIONS};
use crate::error::{Error, Result};

/// The environment variable that points a desk at a centre's store.
pub const DATABASE_URL_ENV: &str = "AUSKUNFT_DATABASE_URL";

/// Which database a store is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded file of a single desk.
    Sqlite,
    /// A centre's shared server.
    Postgres,
}

impl Backend {
    /// The backend of an open connection.
    pub fn of(c: &AnyConnection) -> Self {
        if c.backend_name().eq_ignore_ascii_case("postgresql") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// Its name for messages and `--json`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The statement that opens a write transaction. SQLite's IMMEDIATE
    /// takes the write lock at BEGIN, so a second desk waits in the busy
    /// handler instead of failing when its read turns into a write.
    /// PostgreSQL locks rows, not the database: READ COMMITTED, with the
    /// rows a write depends on locked by [`Backend::lock_row`].
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// Appended to the `SELECT` of a call (`calls c`, joined with its
    /// agent) that the transaction goes on to change (a topic, an end, a
    /// forward): on PostgreSQL two desks changing one call then take turns;
    /// only the call's row is locked, not the agent's. SQLite's IMMEDIATE
    /// transaction has locked everything already.
    pub(crate) fn lock_row(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE OF c",
        }
    }

    /// Appended to a queue claim's inner `SELECT`: rows another desk is
    /// claiming right now are skipped rather than waited for, so any
    /// number of workers claim different rows at once.
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// `VALUES (…), (…)` for a bulk insert of `rows` rows of `columns`
    /// values. SQLite gets anonymous `?`: it resolves numbered parameters
    /// by a linear search while preparing, which is quadratic in a
    /// statement of thousands. PostgreSQL only knows `$n`.
    pub(crate) fn bulk_values(self, columns: usize, rows: usize) -> String {
        let mut sql = String::with_capacity(8 + rows * columns * 6);
        sql.push_str("VALUES ");
        let mut n = 0_usize;
        for r in 0..rows {
            if r > 0 {
                sql.push(',');
            }
            sql.push('(');
            for col in 0..columns {
                if col > 0 {
                    sql.push(',');
                }
                match self {
                    Backend::Sqlite => sql.push('?'),
                    Backend::Postgres => {
                        n += 1;
                        sql.push('$');
                        sql.push_str(&n.to_string());
                    }
                }
            }
            sql.push(')');
        }
        sql
    }
}

/// The store's clock. Desks in a centre run on twenty PCs whose clocks
/// drift; a call started at one desk and ended at another, a lease taken
/// by one worker and judged expired by another, must use one timeline. On
/// PostgreSQL that is the server's: the desk measures the offset of its own
/// clock to the server's (half a round trip precise) and re-measures at
/// most every [`ClockSync::RESYNC`]; between measurements `now()` costs
/// nothing. A SQLite store lives on one machine and uses its clock.
#[derive(Debug)]
pub(crate) struct ClockSync {
    offset_ms: std::sync::atomic::AtomicI64,
    synced: std::sync::Mutex<Option<std::time::Instant>>,
    /// Pretends the local clock is off by this much (tests of skew only).
    local_skew_ms: std::sync::atomic::AtomicI64,
}

impl ClockSync {
    /// How long a measured offset is trusted.
    pub(crate) const RESYNC: Duration = Duration::from_secs(60);

    pub(crate) fn new() -> Self {
        ClockSync {
            offset_ms: std::sync::atomic::AtomicI64::new(0),
            synced: std::sync::Mutex::new(None),
            local_skew_ms: std::sync::atomic::AtomicI64::new(0),
        }
    }

    fn local_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
            + self
                .local_skew_ms
                .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub(crate) fn skew_local_clock(&self, ms: i64) {
        self.local_skew_ms
            .store(ms, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut s) = self.synced.lock() {
            *s = None;
        }
    }

    /// Now on the store's timeline.
    pub(crate) async fn now(
        &self,
        pool: &AnyPool,
        backend: Backend,
    ) -> chrono::DateTime<chrono::Utc> {
        use std::sync::atomic::Ordering;
        if backend == Backend::Postgres {
            let stale = self
                .synced
                .lock()
                .map(|s| s.is_none_or(|at| at.elapsed() > Self::RESYNC))
                .unwrap_or(true);
            if stale {
                let before = self.local_ms();
                let server: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
                    "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
                )
                .fetch_one(pool)
                .await;
                let after = self.local_ms();
                match server {
                    Ok(server) => {
                        self.offset_ms
                            .store(server - (before + after) / 2, Ordering::Relaxed);
                        if let Ok(mut s) = self.synced.lock() {
                            *s = Some(std::time::Instant::now());
                        }
                    }
                    // The write that follows reports the server's trouble;
                    // the last offset stays the best guess.
                    Err(e) => tracing::debug!(error = %e, "clock not synced with the store"),
                }
            }
        }
        let ms = self.local_ms() + self.offset_ms.load(Ordering::Relaxed);
        chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }
}

/// Where a case store is: a SQLite file or a PostgreSQL server.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// `<data>/auskunft.sqlite3` or another file.
    File(PathBuf),
    /// `postgres://…` (may hold a password: never shown, see `Display`).
    Server(String),
}

impl StoreLocation {
    /// A URL from the environment or the settings, or the file in the data
    /// folder when there is none. A URL that is not `postgres://` is
    /// refused with what was expected (and without echoing it: it may
    /// hold a password).
    pub fn choose(url: Option<&str>, file: &Path) -> Result<Self> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Ok(StoreLocation::File(file.to_path_buf())),
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                Ok(StoreLocation::Server(u.to_string()))
            }
            Some(_) => Err(Error::invalid(
                "store.url",
                format!(
                    "the store URL ({DATABASE_URL_ENV} or [store] url) must start with \
                     postgres:// or postgresql://; leave it unset for the desk's own file"
                ),
            )),
        }
    }

    /// The same server with a person's own login and password (the
    /// sign-in dialog's), replacing any in the URL. A file has no logins.
    pub fn with_login(&self, login: &str, password: &str) -> Result<Self> {
        let StoreLocation::Server(url) = self else {
            return Err(Error::invalid(
                "login",
                "a desk's own file has no logins; sign in by name",
            ));
        };
        let login = login.trim();
        if login.is_empty() || login.chars().count() > 63 || login.chars().any(char::is_control) {
            return Err(Error::invalid(
                "login",
                "a login name has 1 to 63 characters and no control characters",
            ));
        }
        let mut u = url::Url::parse(url)
            .map_err(|_| Error::invalid("store.url", "the store URL cannot be read"))?;
        let unreadable = |_| Error::invalid("store.url", "the store URL takes no login");
        u.set_username(login).map_err(unreadable)?;
        u.set_password(Some(password)).map_err(unreadable)?;
        Ok(StoreLocation::Server(u.to_string()))
    }

    /// Whether a server URL names a login itself (a service account, or
    /// the administrator's); without one, each person signs in with their
    /// own.
    pub fn names_login(&self) -> bool {
        match self {
            StoreLocation::File(_) => false,
            StoreLocation::Server(url) => {
                url::Url::parse(url).is_ok_and(|u| !u.username().is_empty())
            }
        }
    }

    /// The backend this location is reached with.
    pub fn backend(&self) -> Backend {
        match self {
            StoreLocation::File(_) => Backend::Sqlite,
            StoreLocation::Server(_) => Backend::Postgres,
        }
    }
}

/// The file's path, or the server's URL with user and password removed.
impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::File(p) => write!(f, "{}", p.display()),
            StoreLocation::Server(u) => f.write_str(&redact_url(u)),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// `postgres://user:secret@host:5432/db?x` → `postgres://host:5432/db`:
/// no credentials and no parameters (`password=` may be one) ever reach a
/// message or the log.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("");
            let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
            format!("{}://{host}{port}{}", u.scheme(), u.path())
        }
        Err(_) => "(a store URL that cannot be read)".to_string(),
    }
}

/// The store file, readable by its owner only (it holds callers' data
/// until retention): created empty with mode 0600 when missing (SQLite
/// takes an empty file as a new database and gives its `-wal` and `-shm`
/// files the same mode), narrowed to 0600 when an older release left it
/// 0644. An existing file of zero bytes is refused: a store that was
/// truncated must not silently become a new, empty one. (A zero-byte file
/// younger than a minute is another desk creating the store right now: it
/// stays empty until that desk's first migration commits.)
fn prepare_file(path: &Path) -> Result<()> {
    let just_created = |meta: &std::fs::Metadata| {
        meta.modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age < Duration::from_secs(60))
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() == 0 && !just_created(&meta) => Err(Error::Store {
            action: format!("opening the case store {}", path.display()),
            message: "the file is empty (0 bytes): it may have been truncated or emptied by \
                      mistake; restore it from a backup, or move it away to start a new store"
                .to_string(),
        }),
        Ok(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                for p in [
                    path.to_path_buf(),
                    sidecar(path, "-wal"),
                    sidecar(path, "-shm"),
                ] {
                    if p.exists() {
                        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                            .map_err(|e| Error::io(&p, e))?;
                    }
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(path) {
                Ok(_) => Ok(()),
                // Another desk created it a moment ago: fine.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(Error::io(path, e)),
            }
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Connects a pool to `location`. SQLite: the file is created if missing,
/// and every connection gets WAL, `synchronous=FULL` (a commit that
/// returned survives a power cut), foreign keys and the busy timeout.
/// PostgreSQL: the lock timeout, so a desk never waits forever for a row
/// another desk holds.
pub(crate) async fn connect(location: &StoreLocation) -> Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let action = format!("opening the case store {location}");
    let url = match location {
        StoreLocation::File(path) => {
            if let Some(dir) = path.parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            prepare_file(path)?;
            SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .to_url_lossy()
                .to_string()
        }
        StoreLocation::Server(url) => url.clone(),
    };
    AnyPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(BUSY_TIMEOUT * 2)
        .after_connect(|c, _meta| {
            Box::pin(async move {
                let setup = match Backend::of(c) {
                    Backend::Sqlite => {
                        "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                         PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                    }
                    Backend::Postgres => {
                        "SET lock_timeout = '5s'; SET idle_in_transaction_session_timeout = '60s';"
                    }
                };
                c.execute(setup).await?;
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|e| super::fail::store_error(&action, &e))
}

/// A truth value of a row: PostgreSQL gives `boolean`, SQLite an integer
/// (it has no boolean type). Select a boolean column as an expression
/// (`flagged = TRUE AS flagged`): the `Any` driver cannot map SQLite's
/// declared `BOOLEAN` column type itself.
pub(crate) fn flag(
    row: &sqlx::any::AnyRow,
    column: &str,
) -> std::result::Result<bool, sqlx::Error> {
    use sqlx::Row;
    match row.try_get::<bool, _>(column) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(column)? != 0),
    }
}

/// A query under construction on the `Any` driver, for [`bulk`]'s binder.
pub(crate) type Query = sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>;

/// Parameters per bulk statement: enough rows to make the per-statement
/// cost vanish, far below SQLite's limit of 32,766 and PostgreSQL's 65,535.
const PARAMS_PER_STATEMENT: usize = 6_000;

/// Writes `rows` with multi-row statements `head VALUES (…),(…) tail` of up
/// to [`PARAMS_PER_STATEMENT`] parameters; `bind` binds one row's
/// `columns` values. The one bulk writer: the demo seed's inserts and the
/// figures' upserts both use it.
pub(crate) async fn bulk<R>(
    c: &mut AnyConnection,
    head: &str,
    columns: usize,
    tail: &str,
    rows: &[R],
    bind: impl Fn(Query, &R) -> Query,
) -> std::result::Result<(), sqlx::Error> {
    let backend = Backend::of(c);
    let per = (PARAMS_PER_STATEMENT / columns.max(1)).max(1);
    for chunk in rows.chunks(per) {
        let sql = format!(
            "{head} {} {tail}",
            backend.bulk_values(columns, chunk.len())
        );
        let mut q: Query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for r in chunk {
            q = bind(q, r);
        }
        q.execute(&mut *c).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_never_show_credentials() {
        assert_eq!(
            redact_url("postgres://agent:s3cret@db.bochum.de:5432/auskunft?password=x"),
            "postgres://db.bochum.de:5432/auskunft"
        );
        let loc = StoreLocation::choose(Some("postgresql://a:b@h/d"), Path::new("/x")).expect("ok");
        assert!(!format!("{loc:?}").contains(":b@"));
        assert_eq!(loc.to_string(), "postgresql://h/d");
    }

    #[test]
    fn no_url_is_the_file_and_other_schemes_are_refused() {
        let file = Path::new("/data/auskunft.sqlite3");
        assert_eq!(
            StoreLocation::choose(None, file).expect("file"),
            StoreLocation::File(file.to_path_buf())
        );
        assert_eq!(
            StoreLocation::choose(Some("  "), file).expect("file"),
            StoreLocation::File(file.to_path_buf())
        );
        let err = StoreLocation::choose(Some("mysql://u:pw@h/d"), file).expect_err("refused");
        assert!(!err.to_string().contains("pw"), "{err}");
    }

    #[test]
    fn a_login_replaces_the_urls_and_is_never_shown() {
        let loc = StoreLocation::choose(
            Some("postgres://db.bochum.de:5432/auskunft"),
            Path::new("/x"),
        )
        .expect("ok");
        assert!(!loc.names_login());
        let mine = loc.with_login("anna.berg", "geheim:@/").expect("login");
        assert!(mine.names_login());
        assert_eq!(mine.to_string(), "postgres://db.bochum.de:5432/auskunft");
        let StoreLocation::Server(url) = &mine else {
            panic!("a server")
        };
        let parsed = url::Url::parse(url).expect("url");
        assert_eq!(parsed.username(), "anna.berg");
        assert!(
            parsed.password().is_some_and(|p| p != "geheim:@/"),
            "escaped: {url}"
        );
        assert!(loc.with_login(" ", "x").is_err());
        assert!(
            StoreLocation::File("/x".into())
                .with_login("a", "b")
                .is_err()
        );
    }

    #[test]
    fn bulk_placeholders_per_backend() {
        assert_eq!(Backend::Sqlite.bulk_values(2, 2), "VALUES (?,?),(?,?)");
        assert_eq!(
            Backend::Postgres.bulk_values(2, 2),
            "VALUES ($1,$2),($3,$4)"
        );
    }
}
