//! Tauri commands: one-line adapters from IPC to `auskunft::Desk`. No
//! logic lives here; anything worth testing is in the core.

use auskunft::cases::{CallId, ForwardId, RequestKey};
use auskunft::handoff::{FormValues, HandoffId};
use chrono::Utc;
use tauri::State;

use crate::DeskState;
use crate::dto::{
    Answer, AppInfo, CallView, DueView, ExportKind, ExportView, FieldProblemView, FiguresView,
    ForwardDoneView, ForwardForm, ForwardScopeView, ForwardView, HandoffFormView, HandoffListView,
    HandoffView, IpcError, KbProblemView, OpenForwardListView, Outcome, PeriodArg,
    PortalStatusView, Role, SearchHit, Session, StoreChangesView, StuckHandoffView, TitleJump,
    service_arg,
};

/// Most results a search may ask for: the window shows ten.
const MAX_LIMIT: usize = 50;

type Reply<T> = Result<T, IpcError>;

// ---- Knowledge base ----

#[tauri::command]
pub async fn search(
    state: State<'_, DeskState>,
    query: String,
    limit: usize,
) -> Reply<Vec<SearchHit>> {
    let desk = state.read().await?;
    Ok(desk
        .search(&query, limit.min(MAX_LIMIT))
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tauri::command]
pub async fn jump(state: State<'_, DeskState>, query: String) -> Reply<Vec<TitleJump>> {
    let desk = state.read().await?;
    Ok(desk.jump(&query, 8).into_iter().map(Into::into).collect())
}

/// Opens an entry as an answer. It reads only the knowledge base: the
/// answer is painted without waiting for the store (a busy SQLite file, the
/// centre's server far away or restarting). What opening it means for the
/// call is written by `note_opened`, which the window sends once the answer
/// is there.
#[tauri::command]
pub async fn open_entry(
    state: State<'_, DeskState>,
    id: String,
    query: Option<String>,
) -> Reply<Answer> {
    let desk = state.read().await?;
    let at = Utc::now();
    let answer = desk.open_entry(&id, query.as_deref(), at)?;
    Ok(Answer::from_core(answer, at))
}

/// Records an opened entry: during a call it becomes a topic, and the
/// search that led to it is logged (knowledge-gap figures). The window
/// sends it again under the same key while the store is away; it is
/// written once.
#[tauri::command]
pub async fn note_opened(
    state: State<'_, DeskState>,
    id: String,
    call_id: Option<i64>,
    query: Option<String>,
    result_count: Option<u32>,
    request_key: Option<String>,
) -> Reply<()> {
    // The window's key for this opening, kept while it sends the write again
    // after the store was away (see `start_call`).
    let key = RequestKey::given_or_fresh(request_key.as_deref())?;
    let desk = state.read().await?;
    desk.note_opened(
        call_id.map(CallId),
        &id,
        query.as_deref(),
        result_count,
        &key,
    )
    .await?;
    Ok(())
}

#[tauri::command]
pub async fn ask(state: State<'_, DeskState>, question: String) -> Reply<Option<Answer>> {
    let desk = state.read().await?;
    let at = Utc::now();
    Ok(desk.ask(&question, at).map(|a| Answer::from_core(a, at)))
}

#[tauri::command]
pub async fn offices(state: State<'_, DeskState>) -> Reply<Vec<TitleJump>> {
    let desk = state.read().await?;
    Ok(desk.offices().into_iter().map(Into::into).collect())
}

#[tauri::command]
pub async fn app_info(state: State<'_, DeskState>) -> Reply<AppInfo> {
    Ok(app_info_of(&*state.read().await?))
}

/// Re-reads the knowledge-base folder and updates the index (editors
/// saved files); broken files are skipped and counted as problems.
#[tauri::command]
pub async fn reload_kb(state: State<'_, DeskState>) -> Reply<AppInfo> {
    let mut desk = state.write().await?;
    desk.reload()?;
    Ok(app_info_of(&desk))
}

/// What the window says while the store that could not be opened at start
/// is tried again (the technical reason is in the log).
const STORE_DOWN: &str = "Die Fallablage ist nicht erreichbar. Suchen und Antworten gehen weiter; \
     Anrufe werden protokolliert, sobald sie wieder erreichbar ist – die Anwendung versucht es \
     selbst weiter.";

fn app_info_of(desk: &auskunft::Desk) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        entries: desk.kb().entries.len() as u32,
        kb_problems: desk.problems().len() as u32,
        data_dir: desk.config().data_dir.display().to_string(),
        store_problem: desk.store_problem().map(|_| STORE_DOWN.to_string()),
        kb_problem_list: desk
            .problems()
            .iter()
            .take(KbProblemView::MAX)
            .map(|p| KbProblemView::from_core(p, &desk.kb().root))
            .collect(),
    }
}

// ---- Sign-in ----

async fn session_of(desk: &auskunft::Desk) -> Reply<Session> {
    let kind = desk.sign_in_kind();
    if kind == auskunft::cases::SignInKind::ServerLogin && desk.agent().is_none() {
        // Nobody has signed in with their login yet: the store is not
        // open, and colleagues' names are not shown before sign-in.
        return Ok(Session {
            agent: None,
            agents: Vec::new(),
            active_call: None,
            sign_in_kind: kind.into(),
        });
    }
    let active = desk.active_call().await?;
    Ok(Session {
        agent: desk.agent().cloned().map(Into::into),
        agents: desk.agents().await?.into_iter().map(Into::into).collect(),
        active_call: active.map(|c| CallView::from_core(c, desk.kb())),
        sign_in_kind: kind.into(),
    })
}

#[tauri::command]
pub async fn session(state: State<'_, DeskState>) -> Reply<Session> {
    session_of(&*state.read().await?).await
}

/// Signs in. With a desk's own file: `name` and `role`, and `password`
/// (the supervisor password) for Teamleitung. With the centre's server
/// and no login configured: `name` is the person's login and `password`
/// its password; the role is the server's, whatever `role` says.
#[tauri::command]
pub async fn sign_in(
    state: State<'_, DeskState>,
    name: String,
    role: Role,
    password: Option<String>,
) -> Reply<Session> {
    let mut desk = state.write().await?;
    if desk.sign_in_kind() == auskunft::cases::SignInKind::ServerLogin {
        desk.sign_in_login(&name, password.as_deref().unwrap_or(""))
            .await?;
        state.watch_after_sign_in(&desk);
    } else {
        desk.sign_in_with(&name, role.into(), password.as_deref())
            .await?;
    }
    session_of(&desk).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, DeskState>) -> Reply<Session> {
    let mut desk = state.write().await?;
    desk.sign_out()?;
    session_of(&desk).await
}

// ---- Calls ----

#[tauri::command]
/// Takes a call. `request_key`: the window's key for this "take a call",
/// kept until a start is confirmed, so that trying again after a lost
/// answer resumes the call the first try started instead of a second one.
pub async fn start_call(
    state: State<'_, DeskState>,
    request_key: Option<String>,
) -> Reply<CallView> {
    let key = RequestKey::given_or_fresh(request_key.as_deref())?;
    let desk = state.read().await?;
    let id = desk.start_call_keyed(&key).await?;
    Ok(CallView::from_core(desk.call(id).await?, desk.kb()))
}

#[tauri::command]
pub async fn log_search(
    state: State<'_, DeskState>,
    call_id: Option<i64>,
    query: String,
    result_count: u32,
) -> Reply<()> {
    let desk = state.read().await?;
    desk.log_search(call_id.map(CallId), &query, result_count, None)
        .await?;
    Ok(())
}

#[tauri::command]
pub async fn remove_topic(
    state: State<'_, DeskState>,
    call_id: i64,
    entry_id: String,
) -> Reply<CallView> {
    let desk = state.read().await?;
    desk.remove_topic(CallId(call_id), &entry_id).await?;
    Ok(CallView::from_core(
        desk.call(CallId(call_id)).await?,
        desk.kb(),
    ))
}

#[tauri::command]
pub async fn save_notes(state: State<'_, DeskState>, call_id: i64, notes: String) -> Reply<()> {
    state
        .read()
        .await?
        .save_notes(CallId(call_id), &notes)
        .await?;
    Ok(())
}

#[tauri::command]
pub async fn forward_preview(state: State<'_, DeskState>) -> Reply<DueView> {
    let (due, label) = state.read().await?.forward_due(Utc::now());
    Ok(DueView {
        due_at: due.to_rfc3339(),
        due_label: label,
    })
}

#[tauri::command]
pub async fn forward(
    state: State<'_, DeskState>,
    call_id: i64,
    form: ForwardForm,
    request_key: Option<String>,
) -> Reply<ForwardView> {
    // The dialog's key: sending it again after a lost answer is the same
    // forward (see `start_call`).
    let key = RequestKey::given_or_fresh(request_key.as_deref())?;
    let desk = state.read().await?;
    let now = Utc::now();
    let fw = desk
        .forward_keyed(CallId(call_id), &form.into_core(), &key)
        .await
        .map_err(|e| {
            let mut err = IpcError::from(e);
            err.field = err
                .field
                .as_deref()
                .map(|f| ForwardForm::form_field(f).to_string());
            err
        })?;
    Ok(ForwardView::from_open(desk.describe_forward(fw, now)))
}

#[tauri::command]
pub async fn end_call(
    state: State<'_, DeskState>,
    call_id: i64,
    outcome: Outcome,
) -> Reply<CallView> {
    let desk = state.read().await?;
    let call = desk.end_call(CallId(call_id), Some(outcome.into())).await?;
    Ok(CallView::from_core(call, desk.kb()))
}

#[tauri::command]
pub async fn recent_calls(state: State<'_, DeskState>, limit: u32) -> Reply<Vec<CallView>> {
    let desk = state.read().await?;
    let calls = desk.recent_calls(limit.min(100)).await?;
    Ok(calls
        .into_iter()
        .map(|c| CallView::from_core(c, desk.kb()))
        .collect())
}

/// Open forwards listed when the window does not say how many.
const OPEN_FORWARDS_LIMIT: u32 = 50;

/// The open-forwards panel: the first `limit` (at most 1,000) of the
/// agent's own (`mine`, the default) or the centre's (`all`), with both
/// counts.
#[tauri::command]
pub async fn open_forwards(
    state: State<'_, DeskState>,
    scope: Option<ForwardScopeView>,
    limit: Option<u32>,
) -> Reply<OpenForwardListView> {
    let desk = state.read().await?;
    let scope = scope.unwrap_or_default();
    let limit = limit.unwrap_or(OPEN_FORWARDS_LIMIT).min(1_000);
    let list = desk
        .open_forward_list(Utc::now(), scope.into(), limit)
        .await?;
    Ok(OpenForwardListView::from_core(list))
}

#[tauri::command]
pub async fn mark_forward_done(
    state: State<'_, DeskState>,
    forward_id: i64,
) -> Reply<ForwardDoneView> {
    let done = state
        .read()
        .await?
        .mark_forward_done(ForwardId(forward_id))
        .await?;
    Ok(ForwardDoneView::from_core(done))
}

// ---- Supervisor figures ----

#[tauri::command]
pub async fn figures(state: State<'_, DeskState>, period: PeriodArg) -> Reply<FiguresView> {
    let desk = state.read().await?;
    let figures = desk.figures(period.resolve(Utc::now())?).await?;
    let per_agent = figures.per_agent.is_some();
    Ok(FiguresView::from_core(figures, per_agent))
}

#[tauri::command]
pub async fn export_csv(
    state: State<'_, DeskState>,
    period: PeriodArg,
    kind: ExportKind,
) -> Reply<ExportView> {
    let desk = state.read().await?;
    let calls = kind == ExportKind::Calls;
    let path = desk
        .export_csv_file(period.resolve(Utc::now())?, calls)
        .await?;
    Ok(ExportView {
        path: path.display().to_string(),
    })
}

#[tauri::command]
pub async fn set_per_agent_figures(state: State<'_, DeskState>, enabled: bool) -> Reply<bool> {
    let desk = state.read().await?;
    desk.set_per_agent_figures(enabled).await?;
    Ok(desk.per_agent_figures().await?)
}

// ---- Portal handoff ----

/// A new form for `service`, pre-filled from the call.
#[tauri::command]
pub async fn handoff_form(
    state: State<'_, DeskState>,
    service: String,
    call_id: Option<i64>,
) -> Reply<HandoffFormView> {
    let desk = state.read().await?;
    let draft = desk
        .handoff_form(service_arg(&service)?, call_id.map(CallId))
        .await?;
    Ok(HandoffFormView::from_core(draft))
}

/// The form of a rejected application, to correct it.
#[tauri::command]
pub async fn handoff_correction(
    state: State<'_, DeskState>,
    handoff_id: i64,
) -> Reply<HandoffFormView> {
    let desk = state.read().await?;
    let draft = desk.handoff_correction(HandoffId(handoff_id)).await?;
    Ok(HandoffFormView::from_core(draft))
}

/// Every problem of the values, anchored to shown fields (as the agent types).
#[tauri::command]
pub async fn check_handoff(
    state: State<'_, DeskState>,
    service: String,
    values: FormValues,
) -> Reply<Vec<FieldProblemView>> {
    let desk = state.read().await?;
    Ok(desk
        .check_handoff_values(service_arg(&service)?, &values)
        .into_iter()
        .map(Into::into)
        .collect())
}

#[tauri::command]
pub async fn submit_handoff(
    state: State<'_, DeskState>,
    call_id: i64,
    service: String,
    values: FormValues,
    request_key: Option<String>,
) -> Reply<HandoffView> {
    // The dialog's key (see `start_call`); also the portal's Idempotency-Key.
    let key = RequestKey::given_or_fresh(request_key.as_deref())?;
    let desk = state.read().await?;
    let h = desk
        .submit_handoff_values(CallId(call_id), service_arg(&service)?, &values, &key)
        .await?;
    Ok(HandoffView::from_core(h))
}

#[tauri::command]
pub async fn correct_handoff(
    state: State<'_, DeskState>,
    handoff_id: i64,
    values: FormValues,
) -> Reply<HandoffView> {
    let desk = state.read().await?;
    let h = desk
        .correct_handoff_values(HandoffId(handoff_id), &values)
        .await?;
    Ok(HandoffView::from_core(h))
}

#[tauri::command]
pub async fn retry_handoff(state: State<'_, DeskState>, handoff_id: i64) -> Reply<HandoffView> {
    let desk = state.read().await?;
    Ok(HandoffView::from_core(
        desk.retry_handoff(HandoffId(handoff_id)).await?,
    ))
}

/// The call's applications, oldest first.
#[tauri::command]
pub async fn call_handoffs(state: State<'_, DeskState>, call_id: i64) -> Reply<Vec<HandoffView>> {
    let desk = state.read().await?;
    let list = desk.handoffs_of_call(CallId(call_id)).await?;
    Ok(list.into_iter().map(HandoffView::from_core).collect())
}

/// The desk's applications, newest first, and how many there are.
#[tauri::command]
pub async fn recent_handoffs(state: State<'_, DeskState>, limit: u32) -> Reply<HandoffListView> {
    let desk = state.read().await?;
    let list = desk.handoffs(limit.min(100)).await?;
    let total = desk.handoffs_total().await?;
    Ok(HandoffListView {
        handoffs: list.into_iter().map(HandoffView::from_core).collect(),
        total,
    })
}

/// Whether applications are being sent, and why not.
#[tauri::command]
pub async fn portal_status(state: State<'_, DeskState>) -> Reply<PortalStatusView> {
    Ok(state.portal_status())
}

/// Applications supervisors must look at: flagged ones, then those not
/// delivered within the configured age.
#[tauri::command]
pub async fn stuck_handoffs(state: State<'_, DeskState>) -> Reply<Vec<StuckHandoffView>> {
    let desk = state.read().await?;
    let list = desk.stuck_handoffs(Utc::now()).await?;
    Ok(list.into_iter().map(StuckHandoffView::from_core).collect())
}

/// Asks the portal what the office decided about a delivered application.
#[tauri::command]
pub async fn check_portal_decision(
    state: State<'_, DeskState>,
    handoff_id: i64,
) -> Reply<HandoffView> {
    let desk = state.read().await?;
    Ok(HandoffView::from_core(
        desk.check_portal_decision(HandoffId(handoff_id)).await?,
    ))
}

// ---- Other desks' changes ----

/// How long one `store_changes` call waits before answering "nothing new":
/// short enough that a closed window's call ends soon, long enough that an
/// idle desk asks a few times a minute.
const CHANGES_WAIT: std::time::Duration = std::time::Duration::from_secs(25);

/// Waits until another desk changed something the window lists (a centre's
/// store tells by LISTEN/NOTIFY) or [`CHANGES_WAIT`] passes. `live: false`
/// at once for a desk's own store: its own writes refresh its lists.
#[tauri::command]
pub async fn store_changes(state: State<'_, DeskState>, seen: u64) -> Reply<StoreChangesView> {
    let Some(feed) = state.changes() else {
        return Ok(StoreChangesView::not_live());
    };
    let now = feed.wait_past(seen, CHANGES_WAIT).await;
    Ok(StoreChangesView::from_core(&now, seen))
}
