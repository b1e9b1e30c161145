//! Tauri commands: one-line adapters from IPC to `auskunft::Desk`. No
//! logic lives here; anything worth testing is in the core.

use chrono::Utc;
use tauri::State;

use crate::DeskState;
use crate::dto::{Answer, AppInfo, IpcError, SearchHit, TitleJump};

/// Most results a search may ask for: the window shows ten.
const MAX_LIMIT: usize = 50;

#[tauri::command]
pub async fn search(
    state: State<'_, DeskState>,
    query: String,
    limit: usize,
) -> Result<Vec<SearchHit>, IpcError> {
    state.with(|d| {
        d.search(&query, limit.min(MAX_LIMIT))
            .into_iter()
            .map(Into::into)
            .collect()
    })
}

#[tauri::command]
pub async fn jump(state: State<'_, DeskState>, query: String) -> Result<Vec<TitleJump>, IpcError> {
    state.with(|d| d.jump(&query, 8).into_iter().map(Into::into).collect())
}

#[tauri::command]
pub async fn open_entry(state: State<'_, DeskState>, id: String) -> Result<Answer, IpcError> {
    let at = Utc::now();
    state.try_with(|d| {
        d.open_entry(&id, at)
            .map(|a| Answer::from_core(a, at))
            .map_err(Into::into)
    })
}

#[tauri::command]
pub async fn ask(
    state: State<'_, DeskState>,
    question: String,
) -> Result<Option<Answer>, IpcError> {
    let at = Utc::now();
    state.with(|d| d.ask(&question, at).map(|a| Answer::from_core(a, at)))
}

#[tauri::command]
pub async fn app_info(state: State<'_, DeskState>) -> Result<AppInfo, IpcError> {
    state.with(|d| AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        entries: d.kb().entries.len() as u32,
        kb_problems: d.problems().len() as u32,
        data_dir: d.config().data_dir.display().to_string(),
    })
}
