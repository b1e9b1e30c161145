//! The accept loop. axum's own `serve` cannot close a connection without
//! answering, and that is exactly what `--drop-rate` and
//! `--lost-reply-rate` need: each connection is served by hyper here, with
//! a [`Connection`] handle in every request's extensions; a handler that
//! calls [`Connection::abort`] makes this loop drop the connection future,
//! which closes the socket with no HTTP response on it.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

/// The connection a request came in on.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    abort: Arc<Notify>,
}

impl Connection {
    /// Closes the connection without an answer. The calling handler is
    /// dropped with it, so it should not expect to run on.
    pub fn abort(&self) {
        // notify_one keeps a permit if the loop is not waiting yet.
        self.abort.notify_one();
    }
}

/// Serves until the listener fails for good.
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: transient. Back off
                // a little instead of spinning, and keep serving.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
        let router = router.clone();
        tokio::spawn(async move {
            let connection = Connection::default();
            let handle = connection.clone();
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                    request.extensions_mut().insert(handle.clone());
                    router.clone().oneshot(request)
                });
            let serving = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                result = serving => {
                    if let Err(e) = result {
                        tracing::debug!(%peer, error = %e, "connection ended with an error");
                    }
                }
                () = connection.abort.notified() => {
                    tracing::debug!(%peer, "connection closed without an answer (fault injection)");
                }
            }
        });
    }
}
