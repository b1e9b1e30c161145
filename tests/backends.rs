//! The store's integration tests on both backends: one suite, each test
//! written once as `async fn name(backend: Backend)` and instantiated for
//! SQLite and PostgreSQL by [`on_both_backends!`].
//!
//! PostgreSQL is a real server: `scripts/test.sh` starts one cluster for
//! the whole run (`scripts/pg-cluster.sh`) and passes its admin URL in
//! `AUSKUNFT_TEST_POSTGRES`; every test gets a database of its own on it.
//! Without that variable the PostgreSQL half says it is skipped — unless
//! `AUSKUNFT_TEST_REQUIRE_POSTGRES=1` (set by the test script, so CI can
//! never pass without having run them), which turns a missing server into
//! a failure.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

pub use auskunft::cases::Backend;
use auskunft::cases::{DeskSettings, StoreSettings};
use sqlx::{Connection, Executor};

/// The admin URL of the run's PostgreSQL cluster.
pub const ADMIN_ENV: &str = "AUSKUNFT_TEST_POSTGRES";
/// Set to 1 where the PostgreSQL half must run.
pub const REQUIRE_ENV: &str = "AUSKUNFT_TEST_REQUIRE_POSTGRES";

/// Whether the PostgreSQL half can run; a note on stderr when skipped.
pub fn postgres_configured() -> bool {
    if std::env::var(ADMIN_ENV).is_ok_and(|v| !v.is_empty()) {
        return true;
    }
    assert!(
        std::env::var(REQUIRE_ENV).as_deref() != Ok("1"),
        "{REQUIRE_ENV}=1 but {ADMIN_ENV} is not set: start a cluster with scripts/pg-cluster.sh"
    );
    eprintln!("PostgreSQL half skipped: {ADMIN_ENV} is not set (scripts/test.sh sets it)");
    false
}

fn admin_url() -> String {
    std::env::var(ADMIN_ENV).expect("postgres_configured() was checked")
}

/// The URL of `database` on the run's cluster.
pub fn database_url(database: &str) -> String {
    let admin = admin_url();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    format!("{base}/{database}")
}

/// A new, empty database on the run's cluster: its URL.
pub async fn fresh_database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "t{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        fastrand::u32(..)
    );
    let mut admin = sqlx::PgConnection::connect(&admin_url())
        .await
        .expect("the test cluster answers");
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create database");
    admin.close().await.ok();
    database_url(&name)
}

/// Points a data folder's settings at `url` (`[store] url`), as a centre
/// configures its desks. Other settings stay as they are.
pub fn use_store_url(data: &Path, url: &str) {
    let mut settings = DeskSettings::load(data).expect("settings readable");
    settings.store = StoreSettings {
        url: Some(url.to_string()),
    };
    settings.save(data).expect("settings saved");
}

/// A fresh data folder whose desk will use a fresh store on `backend`:
/// its own SQLite file, or a database of its own on the run's cluster.
pub async fn data_for(backend: Backend) -> tempfile::TempDir {
    let data = tempfile::tempdir().expect("temp dir");
    if backend == Backend::Postgres {
        let url = fresh_database().await;
        use_store_url(data.path(), &url);
    }
    data
}

/// Instantiates `async fn name(backend: Backend)` tests for both backends
/// as `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::backends::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::backends::postgres_configured() {
                    super::$name($crate::backends::Backend::Postgres).await
                }
            }
        }
    )+};
}
