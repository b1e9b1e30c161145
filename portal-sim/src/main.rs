//! portal-sim: a reference "Mein Bochum" portal backend that speaks the
//! handoff contract (`docs/portal-api.yaml`) with real storage, and fails
//! on purpose when told to (`--fail-rate`, `--drop-rate`,
//! `--lost-reply-rate`, `--delay-ms`), deterministically for a `--seed`.
//!
//! The first line on stdout is `listening on http://ADDR`, with the port
//! actually bound, so tests and the desk's demo can start it on port 0.
//! Logs go to stderr and carry ids, keys and status codes, never the
//! token or an application's data.

mod api;
mod args;
mod faults;
mod fingerprint;
mod problem;
mod server;
mod store;

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use tokio::net::TcpListener;

use crate::args::Args;
use crate::faults::Faults;
use crate::store::Store;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("portal_sim=info")),
        )
        .init();
    let args = Args::parse();
    args.check()?;

    let store = Store::open(args.store.clone())?;
    let listener = TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let base_url = format!("http://{addr}");

    let faults = Faults::new(
        args.seed,
        args.drop_rate,
        args.fail_rate,
        args.lost_reply_rate,
        args.delay(),
    );
    let app = Arc::new(
        api::App::new(store, faults, &args.token, base_url.clone())
            .with_taken_plates(args.taken_plates()?),
    );
    let router = api::router(app);

    // Tests read this line to learn the port: print it before serving and
    // flush, since stdout may be a pipe.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on {base_url}").context("writing to stdout")?;
    stdout.flush().context("flushing stdout")?;
    drop(stdout);
    tracing::info!(
        %addr,
        fail_rate = args.fail_rate,
        drop_rate = args.drop_rate,
        lost_reply_rate = args.lost_reply_rate,
        delay_ms = args.delay_ms,
        seed = args.seed,
        store = ?args.store,
        "portal-sim started"
    );

    tokio::select! {
        result = server::serve(listener, router) => result.context("serving"),
        () = shutdown_signal() => {
            tracing::info!("portal-sim stopping");
            Ok(())
        }
    }
}

/// Ctrl-C or SIGTERM. Every answered application is already on disk (the
/// store persists before it answers), so stopping needs no flush.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "no SIGTERM handler; stopping on Ctrl-C only");
                if let Err(e) = tokio::signal::ctrl_c().await {
                    tracing::warn!(error = %e, "no Ctrl-C handler either; running until killed");
                    std::future::pending::<()>().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "no Ctrl-C handler; running until killed");
            std::future::pending::<()>().await;
        }
    }
}
