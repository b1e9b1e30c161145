//! RFC 7807 problem answers (`application/problem+json`). Every error the
//! sim gives is one of these, so clients classify by `type`, never by text.

use auskunft::handoff::FieldProblem;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The problem types of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 400: not JSON, no Idempotency-Key, bad query.
    BadRequest,
    /// 401: no or wrong bearer token.
    Unauthorized,
    /// 404: no such application or route.
    NotFound,
    /// 405: route exists, method does not.
    MethodNotAllowed,
    /// 409: the key is bound to another body.
    IdempotencyConflict,
    /// 413: body too large.
    TooLarge,
    /// 422: the data is invalid (with `errors`).
    Validation,
    /// 500: the store could not write.
    StoreFailed,
    /// 503: the injected outage.
    Unavailable,
}

impl Kind {
    fn parts(self) -> (StatusCode, &'static str, &'static str) {
        match self {
            Kind::BadRequest => (StatusCode::BAD_REQUEST, "bad-request", "Ungültige Anfrage"),
            Kind::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "Nicht angemeldet"),
            Kind::NotFound => (StatusCode::NOT_FOUND, "not-found", "Nicht gefunden"),
            Kind::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Methode nicht erlaubt",
            ),
            Kind::IdempotencyConflict => (
                StatusCode::CONFLICT,
                "idempotency-key-reused",
                "Idempotency-Key schon für einen anderen Antrag verwendet",
            ),
            Kind::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Anfrage zu groß",
            ),
            Kind::Validation => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Ungültige Antragsdaten",
            ),
            Kind::StoreFailed => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "store-failed",
                "Antrag konnte nicht gespeichert werden",
            ),
            Kind::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Portal vorübergehend nicht erreichbar",
            ),
        }
    }

    /// The `type` URI.
    pub fn type_uri(self) -> String {
        format!("urn:mein-bochum:problem:{}", self.parts().1)
    }
}

/// A problem answer.
pub fn problem(kind: Kind, detail: impl Into<String>) -> Response {
    let (status, _, title) = kind.parts();
    respond(
        status,
        json!({"type": kind.type_uri(), "title": title, "status": status.as_u16(), "detail": detail.into()}),
    )
}

/// 422 listing every field's problem.
pub fn validation(errors: &[FieldProblem]) -> Response {
    let (status, _, title) = Kind::Validation.parts();
    respond(
        status,
        json!({
            "type": Kind::Validation.type_uri(),
            "title": title,
            "status": status.as_u16(),
            "detail": format!("{} Angabe(n) ungültig.", errors.len()),
            "errors": errors,
        }),
    )
}

fn respond(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    match status {
        StatusCode::UNAUTHORIZED => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        StatusCode::SERVICE_UNAVAILABLE => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        _ => {}
    }
    response
}
