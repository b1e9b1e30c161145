//! The audit log: a row for every change (`audit`), or the change and its
//! row in one statement (`audited`). Details are ids, outcomes and entry
//! ids only: the audit log is never anonymised.

use sqlx::AnyConnection;
use sqlx::{AssertSqlSafe, Row};

use super::db::Backend;
use super::model::AgentId;

/// Appends an audit row. Details are ids, outcomes and entry ids only:
/// the audit log is never anonymised, so it must hold no personal data.
pub(crate) async fn audit(
    c: &mut AnyConnection,
    at: i64,
    agent: Option<AgentId>,
    action: &str,
    table: &str,
    record: Option<i64>,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, agent_id, action, record_table, record_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(agent.map(|a| a.0))
    .bind(action)
    .bind(table)
    .bind(record)
    .bind(detail)
    .execute(c)
    .await?;
    Ok(())
}

/// The audit row of a change written by [`audited`]; its record id is the
/// one the change returns.
#[derive(Clone, Copy)]
pub(crate) struct AuditOf<'a> {
    pub at: i64,
    pub agent: Option<AgentId>,
    pub action: &'a str,
    pub table: &'a str,
    pub detail: Option<&'a str>,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Runs `change`, a statement that returns the changed record's id as
/// `id` (`… RETURNING id`, or `RETURNING call_id AS id`), with the values
/// `bind` gives its placeholders, and appends `audit` for every row it
/// returns; the ids (none when it changed nothing, and then no audit row).
///
/// On PostgreSQL both go as one statement (the change in a data-modifying
/// WITH, the audit row inserted from its RETURNING): one round trip
/// instead of two, on every write a desk makes during a call. SQLite has
/// no such WITH; it runs the two statements, which costs nothing there (no
/// network). The statement text is the same on both; only how it is sent
/// differs.
pub(crate) async fn audited<'q>(
    c: &mut AnyConnection,
    change: &str,
    bind: impl FnOnce(AnyQuery<'q>) -> AnyQuery<'q>,
    audit_row: AuditOf<'q>,
) -> Result<Vec<i64>, sqlx::Error> {
    if Backend::of(c) == Backend::Postgres {
        let n = placeholders(change);
        let sql = format!(
            "WITH changed AS ({change}), logged AS (INSERT INTO audit_log \
             (at, agent_id, action, record_table, record_id, detail) \
             SELECT CAST(${} AS BIGINT), CAST(${} AS BIGINT), CAST(${} AS TEXT), \
             CAST(${} AS TEXT), id, CAST(${} AS TEXT) FROM changed) SELECT id FROM changed",
            n + 1,
            n + 2,
            n + 3,
            n + 4,
            n + 5
        );
        return bind(sqlx::query(AssertSqlSafe(sql)))
            .bind(audit_row.at)
            .bind(audit_row.agent.map(|a| a.0))
            .bind(audit_row.action)
            .bind(audit_row.table)
            .bind(audit_row.detail)
            .fetch_all(&mut *c)
            .await?
            .iter()
            .map(|row| row.try_get::<i64, _>(0))
            .collect();
    }
    let ids: Vec<i64> = bind(sqlx::query(AssertSqlSafe(change.to_string())))
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>("id"))
        .collect::<Result<_, _>>()?;
    for id in &ids {
        let AuditOf {
            at,
            agent,
            action,
            table,
            detail,
        } = audit_row;
        audit(c, at, agent, action, table, Some(*id), detail).await?;
    }
    Ok(ids)
}

/// The highest `$n` placeholder of a statement: where [`audited`]'s own
/// placeholders start on PostgreSQL.
fn placeholders(sql: &str) -> usize {
    let mut highest = 0;
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Ok(n) = rest[..digits].parse::<usize>() {
            highest = highest.max(n);
        }
    }
    highest
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn the_highest_placeholder_is_found() {
        assert_eq!(placeholders("SELECT 1"), 0);
        assert_eq!(placeholders("VALUES ($1, $2, $1)"), 2);
        assert_eq!(placeholders("WHERE a = $12 AND b = $3"), 12);
        // A lone dollar (in a literal) is no placeholder.
        assert_eq!(placeholders("SELECT '$' || $2"), 2);
    }
}
