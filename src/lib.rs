//! Auskunft: the desk of Bochum's 115 telephone service centre.
//!
//! The core library: knowledge base and German search ([`kb`]), opening
//! hours and the 115 service calendar ([`hours`]), the call log
//! ([`cases`]), phone and e-mail rules ([`contact`]), the supervisor's figures ([`stats`]), and [`Desk`], the
//! one façade the CLI, the desktop shell and the tests call. No Tauri here.
#![deny(missing_docs)]

pub mod bench;
pub mod cases;
pub mod contact;
pub mod desk;
pub mod error;
pub mod eval;
pub mod handoff;
pub mod hours;
pub mod kb;
pub mod logging;
pub mod present;
pub mod simulate;
pub mod stats;

pub use desk::{Desk, DeskConfig, default_data_dir, default_kb_dir, kb_dir_for};
pub use error::{Error, ErrorCode, Result};

/// Helpers for property tests, the library's own and the integration
/// tests' (`tests/common` re-exports them).
#[doc(hidden)]
pub mod testing {
    /// A property suite's number of cases: its own `n`, or
    /// `PROPTEST_CASES` when set, so `scripts/fuzz.sh` can search longer
    /// than `make test` does (a suite's explicit count would otherwise win
    /// over the variable). A count that does not read as a number is
    /// refused loudly rather than silently run short.
    pub fn cases(n: u32) -> u32 {
        match std::env::var("PROPTEST_CASES") {
            Ok(v) => v
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("PROPTEST_CASES={v:?} is not a number of cases")),
            Err(_) => n,
        }
    }
}
