//! The desk window: a thin Tauri shell over [`auskunft::Desk`].
//!
//! Only this crate knows Tauri. Commands are listed in [`configure`], which
//! both `main` and the command tests use, so the tests exercise the same
//! registration the window does.

pub mod commands;
pub mod dto;

use std::sync::RwLock;

use auskunft::{Desk, DeskConfig};

use dto::{ErrorCode, IpcError};

/// The desk as managed state. Opening may fail (knowledge base missing);
/// the window still starts and every command reports the reason.
pub struct DeskState(RwLock<Result<Desk, IpcError>>);

impl DeskState {
    /// Opens the desk for the window.
    pub fn open(config: DeskConfig) -> Self {
        Self(RwLock::new(Desk::open(config).map_err(IpcError::from)))
    }

    fn read<T>(&self, f: impl FnOnce(&Desk) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let guard = self.0.read().map_err(|_| IpcError {
            code: ErrorCode::Internal,
            message: "desk state poisoned by an earlier failure".into(),
        })?;
        match &*guard {
            Ok(desk) => f(desk),
            Err(e) => Err(e.clone()),
        }
    }

    /// Runs an infallible desk call.
    pub fn with<T>(&self, f: impl FnOnce(&Desk) -> T) -> Result<T, IpcError> {
        self.read(|d| Ok(f(d)))
    }

    /// Runs a fallible desk call.
    pub fn try_with<T>(&self, f: impl FnOnce(&Desk) -> Result<T, IpcError>) -> Result<T, IpcError> {
        self.read(f)
    }
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
            commands::ask,
            commands::app_info,
        ])
}

/// Opens the desk over the default folders and runs the window.
pub fn run() -> Result<(), tauri::Error> {
    let config = DeskConfig {
        kb_dir: auskunft::default_kb_dir(),
        data_dir: auskunft::default_data_dir(),
    };
    auskunft::logging::init(&config.data_dir);
    tracing::info!(kb = %config.kb_dir.display(), data = %config.data_dir.display(), "starting the desk window");
    let state = DeskState::open(config);
    configure(tauri::Builder::default(), state).run(tauri::generate_context!())
}
