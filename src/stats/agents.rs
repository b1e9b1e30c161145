//! Figures per agent. Only computed when `per_agent_figures` is switched
//! on in the settings (LPVG NRW § 72: the staff council co-decides on
//! systems suited to monitor performance). They are read from the calls
//! themselves on request: no aggregate table keeps figures per person, so
//! with the switch off the store holds nothing beyond the call log itself.

use std::collections::BTreeMap;

use sqlx::AnyConnection;
use sqlx::Row;

use super::figures::{AgentFigures, OutcomeCounts};
use super::sql;
use super::values::{average_seconds, stored_outcome};
use crate::cases::AgentId;

/// Every agent with calls in `[m0, m1)`, by name.
pub(crate) async fn figures(
    c: &mut AnyConnection,
    m0: i64,
    m1: i64,
) -> Result<Vec<AgentFigures>, sqlx::Error> {
    let rows = sqlx::query(sql::AGENTS)
        .bind(m0)
        .bind(m1)
        .fetch_all(&mut *c)
        .await?;
    let mut by_agent: BTreeMap<i64, (String, u64, OutcomeCounts, i64)> = BTreeMap::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let outcome: String = r.try_get(2)?;
        let calls = u64::try_from(r.try_get::<i64, _>(3)?).unwrap_or(0);
        let handling: i64 = r.try_get(4)?;
        let a = by_agent
            .entry(id)
            .or_insert_with(|| (name, 0, OutcomeCounts::default(), 0));
        a.1 += calls;
        if let Some(o) = stored_outcome(&outcome)? {
            a.2.add(o, calls);
            a.3 += handling;
        }
    }
    let mut out: Vec<AgentFigures> = by_agent
        .into_iter()
        .map(|(id, (name, calls, outcomes, handling))| AgentFigures {
            agent_id: AgentId(id),
            name,
            calls,
            ended: outcomes.total(),
            first_contact: outcomes.first_contact(),
            average_handling_seconds: average_seconds(handling, outcomes.total()),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
