//! Shared set-up for the call-log tests: a desk over the shipped knowledge
//! base with its case store in a temp folder, and a fingerprint of every
//! row to prove that a refused change changed nothing.

use auskunft::cases::{Backend, CaseStore, Role};
use auskunft::{Desk, DeskConfig};
use sqlx::{AssertSqlSafe, Row};

use crate::backends::data_for;
use crate::common::shipped_kb;

/// The supervisor password the tests choose for a desk's own file (the
/// first switch to Teamleitung sets it).
pub const SUPERVISOR_PASSWORD: &str = "Teamleitung-2026";

/// The store's tables, in dependency order.
pub const TABLES: [&str; 7] = [
    "agents",
    "calls",
    "call_topics",
    "forwards",
    "handoff_outbox",
    "search_log",
    "audit_log",
];

/// A desk with a fresh store on `backend` and "Test Agentin" signed in.
pub async fn signed_in_desk_on(backend: Backend) -> (Desk, tempfile::TempDir) {
    let data = data_for(backend).await;
    let mut desk = Desk::open(DeskConfig {
        kb_dir: shipped_kb(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("desk opens");
    desk.open_store().await.expect("store opens");
    desk.sign_in("Test Agentin", Role::Agent)
        .await
        .expect("sign-in");
    (desk, data)
}

/// Every row of every table, one line per row (SQLite quotes each value;
/// PostgreSQL writes each row as JSON).
pub async fn fingerprint(store: &CaseStore) -> String {
    if store.backend() == Backend::Postgres {
        return fingerprint_postgres(store).await;
    }
    let mut out = String::new();
    for table in TABLES {
        let cols: Vec<String> = sqlx::query(AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{table}')"
        )))
        .fetch_all(store.pool())
        .await
        .expect("columns")
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect();
        let expr = cols
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {expr} FROM {table} ORDER BY rowid"
        )))
        .fetch_all(store.pool())
        .await
        .expect("rows");
        out.push_str(&format!("## {table}\n"));
        for r in rows {
            out.push_str(&r.get::<String, _>(0));
            out.push('\n');
        }
    }
    out
}

async fn fingerprint_postgres(store: &CaseStore) -> String {
    let mut out = String::new();
    for table in TABLES {
        let rows: Vec<String> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT CAST(row_to_json(t) AS TEXT) FROM {table} t ORDER BY 1"
        )))
        .fetch_all(store.pool())
        .await
        .expect("rows");
        out.push_str(&format!("## {table}\n"));
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
    }
    out
}

/// How many audit rows with this action name this record.
pub async fn audits(store: &CaseStore, action: &str, record: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND record_id = $2")
        .bind(action)
        .bind(record)
        .fetch_one(store.pool())
        .await
        .expect("audit count")
}

/// Runs one SQL query that returns a single integer.
pub async fn count(store: &CaseStore, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .expect(sql)
}
