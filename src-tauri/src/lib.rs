//! The desk window: a thin Tauri shell over [`auskunft::Desk`].
//!
//! Only this crate knows Tauri. Commands are listed in [`configure`], which
//! both `main` and the command tests use, so the tests exercise the same
//! registration the window does.

pub mod commands;
pub mod dto;

use auskunft::handoff::DeliveryHandle;
use auskunft::{Desk, DeskConfig};
use tauri::Manager;
use tokio::sync::RwLock;

use dto::{IpcError, PortalStatusView};

/// How long closing the window waits for deliveries in flight.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// The desk as managed state. Opening may fail (knowledge base missing);
/// the window still starts and every command reports the reason.
///
/// A tokio lock, not a std one: call-log commands hold it across the
/// store's `.await`s. Searches take it shared; only sign-in and sign-out
/// take it exclusively.
pub struct DeskState(std::sync::Arc<Shared>);

/// What [`DeskState`] holds, shared with its background task (the store
/// opened later, see [`Shared::reopen_store`]).
pub struct Shared {
    desk: RwLock<Result<Desk, IpcError>>,
    /// Other desks' changes, heard from a centre's store (none for a
    /// desk's own SQLite file). Set at start, or at the first sign-in when
    /// each person signs in with their own login (no store before that).
    changes: std::sync::OnceLock<auskunft::cases::ChangeFeed>,
    /// The portal delivery worker, or why it is not running.
    delivery: std::sync::Mutex<Result<DeliveryHandle, String>>,
}

impl std::ops::Deref for DeskState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl DeskState {
    /// Opens the desk for the window: the knowledge base and its index,
    /// then the case store in the data folder with its daily retention job
    /// and, when a portal is configured, the delivery worker that sends
    /// the outbox. A store that cannot be opened leaves search working;
    /// call-log commands then answer `STORE_FAILED` with the reason.
    pub async fn open(config: DeskConfig) -> Self {
        Self::open_watching(config, auskunft::kb::watch::INTERVAL).await
    }

    /// [`DeskState::open`], looking at the knowledge-base folder every
    /// `kb_watch` for what editors published (tests look more often).
    pub async fn open_watching(config: DeskConfig, kb_watch: std::time::Duration) -> Self {
        let mut delivery = Err("Die Fallablage ist nicht verfügbar.".to_string());
        let mut changes = None;
        let desk = match Desk::open(config) {
            Ok(mut desk) => {
                match desk.open_store().await {
                    Ok(()) if desk.cases().is_err() => {
                        // Each person signs in with their own login: the
                        // store opens then; a person's login neither
                        // delivers nor runs retention (the centre's
                        // services do, with their own roles).
                        delivery =
                            Err("Anträge sendet der Übermittlungsdienst der Zentrale.".to_string());
                    }
                    Ok(()) => (delivery, changes) = start_store_services(&desk),
                    Err(e) => tracing::error!(error = %e, "case store unavailable"),
                }
                Ok(desk)
            }
            Err(e) => Err(IpcError::from(e)),
        };
        let feed = std::sync::OnceLock::new();
        if let Some(c) = changes {
            let _ = feed.set(c);
        }
        let shared = std::sync::Arc::new(Shared {
            desk: RwLock::new(desk),
            changes: feed,
            delivery: std::sync::Mutex::new(delivery),
        });
        // A store unreachable at start is opened when it can be.
        let task = std::sync::Arc::clone(&shared);
        tauri::async_runtime::spawn(async move {
            task.reopen_store(auskunft::cases::REOPEN_MAX_PAUSE).await;
        });
        // What editors publish reaches this desk without a restart.
        let task = std::sync::Arc::clone(&shared);
        tauri::async_runtime::spawn(async move { task.watch_kb(kb_watch).await });
        Self(shared)
    }
}

impl Shared {
    /// Opens the store that could not be opened at start once its server
    /// can be reached again, and starts what [`DeskState::open`] would have
    /// started with it. Returns at once when there is nothing to reopen;
    /// [`DeskState::open`] runs it in the background. Searches go on
    /// meanwhile: the desk is locked only to attach the opened store.
    pub async fn reopen_store(&self, max_pause: std::time::Duration) {
        let location = match &*self.desk.read().await {
            Ok(desk) => desk.store_to_reopen().cloned(),
            Err(_) => None,
        };
        let Some(location) = location else { return };
        tracing::info!(store = %location, "case store: trying again in the background");
        let opened = auskunft::cases::reopen_when_reachable(&location, max_pause, |e| {
            tracing::warn!(error = %e, "case store still unavailable");
        })
        .await;
        let store = match opened {
            Ok(store) => store,
            Err(e) => {
                tracing::error!(error = %e, "case store: not tried again");
                return;
            }
        };
        let mut guard = self.desk.write().await;
        let Ok(desk) = guard.as_mut() else { return };
        if let Err(e) = desk.attach_opened(store).await {
            tracing::error!(error = %e, "case store opened but not attached");
            return;
        }
        tracing::info!("case store opened");
        let (delivery, changes) = start_store_services(desk);
        if let Some(feed) = changes {
            let _ = self.changes.set(feed);
        }
        *self
            .delivery
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = delivery;
    }

    /// Looks at the knowledge-base folder every `every` and reloads it
    /// when editors published a change (see `auskunft::kb::watch`). The
    /// stamp is taken without the desk's lock; the reload holds it, as
    /// "Neu laden" does. A failed reload keeps the old state and is logged.
    async fn watch_kb(&self, every: std::time::Duration) {
        let root = match &*self.desk.read().await {
            Ok(desk) => desk.config().kb_dir.clone(),
            Err(_) => return,
        };
        let look_root = root.clone();
        let Ok(mut watch) =
            tokio::task::spawn_blocking(move || auskunft::kb::watch::Watch::new(&look_root)).await
        else {
            return;
        };
        loop {
            tokio::time::sleep(every).await;
            let look_root = root.clone();
            let looked = tokio::task::spawn_blocking(move || {
                let changed = watch.look(&look_root);
                (watch, changed)
            })
            .await;
            let Ok((back, changed)) = looked else { return };
            watch = back;
            if !changed {
                continue;
            }
            let mut guard = self.desk.write().await;
            let Ok(desk) = guard.as_mut() else { return };
            match desk.reload() {
                Ok(outcome) => tracing::info!(
                    entries = desk.kb().entries.len(),
                    problems = desk.problems().len(),
                    ?outcome,
                    "knowledge base changed: reloaded"
                ),
                Err(e) => tracing::error!(error = %e, "knowledge base changed but not reloaded"),
            }
        }
    }

    /// Stops the delivery worker and lets the requests in flight be
    /// recorded (at most a few seconds), when the window closes. Without
    /// this they would be cut off and sent again at the next start — still
    /// exactly once (same Idempotency-Key), only later.
    pub async fn shutdown(&self) {
        let running = {
            let mut guard = self
                .delivery
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            std::mem::replace(&mut *guard, Err("Die Anwendung wird beendet.".into()))
        };
        if let Ok(handle) = running
            && tokio::time::timeout(SHUTDOWN_GRACE, handle.stop())
                .await
                .is_err()
        {
            tracing::warn!(
                "delivery worker did not stop in time; its rows are sent at the next start"
            );
        }
    }

    /// The feed of other desks' changes, if the store has one.
    pub fn changes(&self) -> Option<&auskunft::cases::ChangeFeed> {
        self.changes.get()
    }

    /// Starts listening to other desks' changes once a person's own login
    /// opened the centre's store. Retention and delivery are not started
    /// here: a person's login may do neither (their own roles run them on
    /// the server, see README).
    pub fn watch_after_sign_in(&self, desk: &Desk) {
        if self.changes.get().is_some() {
            return;
        }
        if let Some(feed) = desk.cases().ok().and_then(|s| s.watch_changes()) {
            let _ = self.changes.set(feed);
        }
    }

    /// Whether applications are being sent, and why not.
    pub fn portal_status(&self) -> PortalStatusView {
        let guard = self
            .delivery
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*guard {
            Ok(handle) if !handle.is_finished() => PortalStatusView {
                sending: true,
                reason: String::new(),
            },
            Ok(_) => PortalStatusView {
                sending: false,
                reason:
                    "Die Übermittlung an das Portal ist beendet; bitte die Anwendung neu starten."
                        .into(),
            },
            Err(reason) => PortalStatusView {
                sending: false,
                reason: reason.clone(),
            },
        }
    }

    /// Runs a read-only desk call.
    pub async fn read(&self) -> Result<tokio::sync::RwLockReadGuard<'_, Desk>, IpcError> {
        let guard = self.desk.read().await;
        tokio::sync::RwLockReadGuard::try_map(guard, |r| r.as_ref().ok()).map_err(|g| match &*g {
            Err(e) => e.clone(),
            Ok(_) => IpcError::internal("desk state inconsistent"),
        })
    }

    /// Runs a desk call that changes the desk itself (sign-in).
    pub async fn write(&self) -> Result<tokio::sync::RwLockMappedWriteGuard<'_, Desk>, IpcError> {
        let guard = self.desk.write().await;
        if let Err(e) = &*guard {
            return Err(e.clone());
        }
        tokio::sync::RwLockWriteGuard::try_map(guard, |r| r.as_mut().ok())
            .map_err(|_| IpcError::internal("desk state inconsistent"))
    }
}

/// What runs beside a desk with an open store of its own login: the other
/// desks' change feed, the daily retention job, and the delivery worker
/// when a portal is configured (or why it does not run).
fn start_store_services(
    desk: &Desk,
) -> (
    Result<DeliveryHandle, String>,
    Option<auskunft::cases::ChangeFeed>,
) {
    let changes = desk.cases().ok().and_then(|s| s.watch_changes());
    if let Err(e) = desk.start_retention_job() {
        tracing::error!(error = %e, "retention job not started");
    }
    let delivery = desk.start_delivery_worker().map_err(|e| {
        tracing::warn!(error = %e, "portal delivery not started");
        format!(
            "Das Portal ist nicht eingerichtet ({e}); Anträge bleiben in der Ablage, bis es eingerichtet ist."
        )
    });
    (delivery, changes)
}

/// Registers state and commands on a builder (any runtime, so the mock
/// runtime of the tests gets exactly what the window gets).
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: DeskState,
) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::search,
            commands::jump,
            commands::open_entry,
            commands::note_opened,
            commands::ask,
            commands::app_info,
            commands::reload_kb,
            commands::offices,
            commands::session,
            commands::sign_in,
            commands::sign_out,
            commands::start_call,
            commands::log_search,
            commands::remove_topic,
            commands::save_notes,
            commands::forward_preview,
            commands::forward,
            commands::end_call,
            commands::recent_calls,
            commands::open_forwards,
            commands::mark_forward_done,
            commands::figures,
            commands::export_csv,
            commands::set_per_agent_figures,
            commands::handoff_form,
            commands::handoff_correction,
            commands::check_handoff,
            commands::submit_handoff,
            commands::correct_handoff,
            commands::retry_handoff,
            commands::call_handoffs,
            commands::recent_handoffs,
            commands::portal_status,
            commands::stuck_handoffs,
            commands::check_portal_decision,
            commands::store_changes,
        ])
}

/// Opens the desk over the default folders and runs the window.
pub fn run() -> Result<(), tauri::Error> {
    let config = DeskConfig {
        kb_dir: auskunft::kb_dir_for(&auskunft::default_data_dir()).0,
        data_dir: auskunft::default_data_dir(),
    };
    auskunft::logging::init(&config.data_dir);
    tracing::info!(kb = %config.kb_dir.display(), data = %config.data_dir.display(), "starting the desk window");
    let state = tauri::async_runtime::block_on(DeskState::open(config));
    let app = configure(tauri::Builder::default(), state).build(tauri::generate_context!())?;
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            tauri::async_runtime::block_on(handle.state::<DeskState>().shutdown());
        }
    });
    Ok(())
}
