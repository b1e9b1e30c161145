//! The routes of the contract (`docs/portal-api.yaml`) and two simulator
//! extras: `PUT /sim/applications/{id}/state` (the office deciding) and
//! `GET /finish/{id}` (the page the citizen link opens).

use std::sync::Arc;

use auskunft::handoff::forms::PlateChoice;
use auskunft::handoff::{FieldProblem, Form, parse_request};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::faults::Faults;
use crate::fingerprint::body_hash;
use crate::problem::{Kind, problem, validation};
use crate::server::Connection;
use crate::store::{Insert, Record, State, Store};

/// Largest request body; a real application is a few KiB.
const BODY_LIMIT: usize = 256 * 1024;
/// Longest Idempotency-Key (the desk sends UUIDs).
const KEY_MAX: usize = 255;

/// Everything the handlers share.
#[derive(Debug)]
pub struct App {
    store: Store,
    faults: Faults,
    /// BLAKE3 of the token: comparing hashes is constant-time (blake3's
    /// `Hash` equality is) and hides the token's length too.
    token_hash: blake3::Hash,
    base_url: String,
    /// Plates reserved by someone else (canonical form).
    taken_plates: Vec<String>,
}

impl App {
    /// The app over `store`, answering with links under `base_url`.
    pub fn new(store: Store, faults: Faults, token: &str, base_url: String) -> Self {
        App {
            store,
            faults,
            token_hash: blake3::hash(token.as_bytes()),
            base_url,
            taken_plates: Vec::new(),
        }
    }

    /// Treats `plates` (canonical form) as reserved by someone else.
    #[must_use]
    pub fn with_taken_plates(mut self, plates: Vec<String>) -> Self {
        self.taken_plates = plates;
        self
    }

    /// The problem of a wished plate that is taken, if any: what only the
    /// portal knows, so the desk accepted it.
    fn taken_plate(&self, form: &Form) -> Option<FieldProblem> {
        let (field, plate) = match form {
            Form::Wunschkennzeichen(f) => ("data.plate", &f.plate),
            Form::KfzWiederzulassung(f) => match &f.plate {
                PlateChoice::Wish { plate } => ("data.plate.plate", plate),
                PlateChoice::Reserved { .. } => return None,
            },
            _ => return None,
        };
        let plate = plate.to_string();
        self.taken_plates.contains(&plate).then(|| {
            FieldProblem::new(
                field,
                format!("Das Kennzeichen {plate} ist bereits vergeben; bitte ein anderes wählen."),
            )
        })
    }

    fn authorised(&self, headers: &HeaderMap) -> bool {
        // The scheme name is case-insensitive (RFC 9110), the token is not.
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map_or("", |(_, token)| token.trim());
        // Hashing an empty or missing token too keeps the timing the same.
        blake3::hash(given.as_bytes()) == self.token_hash && !given.is_empty()
    }
}

type Shared = AxumState<Arc<App>>;

/// The routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/v1/applications", get(list).post(submit))
        .route("/v1/applications/{id}", get(by_id))
        .route("/sim/applications/{id}/state", put(set_state))
        .route("/finish/{id}", get(finish))
        .fallback(|| async { problem(Kind::NotFound, "Diese Adresse gibt es nicht.") })
        .method_not_allowed_fallback(|| async {
            problem(
                Kind::MethodNotAllowed,
                "Diese Methode gibt es für diese Adresse nicht.",
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

fn unauthorised() -> Response {
    problem(Kind::Unauthorized, "Bearer-Token fehlt oder ist falsch.")
}

/// `POST /v1/applications`: faults first (the network does not care about
/// tokens), then the real handling.
async fn submit(
    AxumState(app): Shared,
    connection: Option<Extension<Connection>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let key = idempotency_key(&headers);
    let fate = app.faults.decide(key.unwrap_or(""));
    if fate.drop
        && let Some(Extension(connection)) = &connection
    {
        tracing::debug!(key = key.unwrap_or(""), "dropping the connection");
        connection.abort();
        return std::future::pending().await;
    }
    if fate.fail {
        tracing::debug!(key = key.unwrap_or(""), "answering 503");
        return problem(
            Kind::Unavailable,
            "Simulierte Störung, bitte später erneut senden.",
        );
    }
    let response = handle_submit(&app, &headers, key, body).await;
    if fate.lost_reply
        && let Some(Extension(connection)) = &connection
    {
        tracing::debug!(key = key.unwrap_or(""), status = %response.status(), "losing the reply");
        connection.abort();
        return std::future::pending().await;
    }
    if !app.faults.delay().is_zero() {
        tokio::time::sleep(app.faults.delay()).await;
    }
    response
}

/// The key, if present and usable (visible ASCII, 1–255 characters).
fn idempotency_key(headers: &HeaderMap) -> Option<&str> {
    let key = headers.get("idempotency-key")?.to_str().ok()?.trim();
    let usable =
        !key.is_empty() && key.len() <= KEY_MAX && key.chars().all(|c| c.is_ascii_graphic());
    usable.then_some(key)
}

async fn handle_submit(
    app: &App,
    headers: &HeaderMap,
    key: Option<&str>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !app.authorised(headers) {
        return unauthorised();
    }
    let Some(key) = key else {
        return problem(
            Kind::BadRequest,
            "Header Idempotency-Key fehlt oder ist ungültig (1–255 sichtbare ASCII-Zeichen).",
        );
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return problem(Kind::TooLarge, format!("Höchstens {BODY_LIMIT} Bytes."));
        }
        Err(rejection) => return problem(Kind::BadRequest, rejection.body_text()),
    };
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(e) => return problem(Kind::BadRequest, format!("Kein gültiges JSON: {e}")),
    };
    let hash = body_hash(&value);
    // A key already bound answers before validation: a replay of a valid
    // body needs no second look, another body is a conflict either way.
    if let Some(existing) = app.store.by_key(key) {
        return replay_or_conflict(app, existing, &hash).await;
    }
    let application = match parse_request(&value) {
        Ok(application) => application,
        // Not bound: a corrected body may come with the same key.
        Err(errors) => return validation(&errors),
    };
    if let Some(taken) = app.taken_plate(&application.form) {
        return validation(&[taken]);
    }
    let data = match application.form.to_data() {
        Ok(data) => data,
        Err(e) => return problem(Kind::StoreFailed, format!("Daten nicht speicherbar: {e}")),
    };
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let year = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y")
        .to_string();
    let insert = app.store.insert(key, &hash, |number| {
        let id = uuid::Uuid::new_v4().to_string();
        Record {
            citizen_link: format!("{}/finish/{id}", app.base_url),
            id,
            reference: format!("MB-{year}-{number:06}"),
            state: State::Submitted,
            idempotency_key: key.to_string(),
            body_hash: hash.clone(),
            service: application.service().as_str().to_string(),
            applicant_mode: enum_str(&application.applicant_mode),
            assurance_level: enum_str(&application.assurance_level),
            created_at,
            data,
        }
    });
    match insert {
        Insert::Created(record) => {
            if let Err(e) = app.store.persist().await {
                // Kept in memory: a retry with the key replays it and tries
                // to save again.
                tracing::error!(error = %format!("{e:#}"), "store write failed");
                return problem(
                    Kind::StoreFailed,
                    "Speichern fehlgeschlagen, bitte erneut senden.",
                );
            }
            tracing::debug!(id = %record.id, key, "application created");
            created(&record, false)
        }
        Insert::Existing(record) => replay_or_conflict(app, record, &hash).await,
        Insert::Conflict => conflict(),
    }
}

async fn replay_or_conflict(app: &App, record: Record, hash: &str) -> Response {
    if record.body_hash != hash {
        return conflict();
    }
    // The first answer may have been lost before its snapshot was saved.
    if let Err(e) = app.store.persist().await {
        tracing::error!(error = %format!("{e:#}"), "store write failed");
        return problem(
            Kind::StoreFailed,
            "Speichern fehlgeschlagen, bitte erneut senden.",
        );
    }
    created(&record, true)
}

fn conflict() -> Response {
    problem(
        Kind::IdempotencyConflict,
        "Dieser Idempotency-Key gehört zu einem anderen Antrag; für einen neuen Antrag einen neuen Key verwenden.",
    )
}

/// 201, also for a replay (marked `Idempotent-Replayed: true`).
fn created(record: &Record, replayed: bool) -> Response {
    let body = json!({
        "id": record.id,
        "reference": record.reference,
        "citizen_link": record.citizen_link,
        "state": record.state,
        "service": record.service,
        "created_at": record.created_at,
    });
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/applications/{}", record.id)) {
        headers.insert(header::LOCATION, location);
    }
    if replayed {
        headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

fn summary(record: &Record) -> Value {
    json!({
        "id": record.id,
        "reference": record.reference,
        "service": record.service,
        "state": record.state,
        "citizen_link": record.citizen_link,
        "idempotency_key": record.idempotency_key,
        "created_at": record.created_at,
    })
}

fn detail(record: &Record) -> Value {
    let mut value = summary(record);
    if let Value::Object(map) = &mut value {
        map.insert("applicant_mode".into(), json!(record.applicant_mode));
        map.insert("assurance_level".into(), json!(record.assurance_level));
        map.insert("data".into(), record.data.clone());
    }
    value
}

/// `GET /v1/applications/{id}`.
async fn by_id(
    AxumState(app): Shared,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    if !app.authorised(&headers) {
        return unauthorised();
    }
    let id = match path_id(id) {
        Ok(id) => id,
        Err(detail) => return problem(Kind::BadRequest, detail),
    };
    match app.store.by_id(&id) {
        Some(record) => Json(detail(&record)).into_response(),
        None => problem(Kind::NotFound, "Keinen Antrag mit dieser id."),
    }
}

#[derive(Debug, Deserialize)]
struct Paging {
    offset: Option<usize>,
    limit: Option<usize>,
}

/// `GET /v1/applications`: every application unless paged, oldest first.
async fn list(
    AxumState(app): Shared,
    headers: HeaderMap,
    paging: Result<Query<Paging>, QueryRejection>,
) -> Response {
    if !app.authorised(&headers) {
        return unauthorised();
    }
    let Ok(Query(paging)) = paging else {
        return problem(Kind::BadRequest, "offset und limit sind ganze Zahlen ab 0.");
    };
    let (total, records) = app.store.list(
        paging.offset.unwrap_or(0),
        paging.limit.unwrap_or(usize::MAX),
    );
    let items: Vec<Value> = records.iter().map(summary).collect();
    Json(json!({"total": total, "items": items})).into_response()
}

#[derive(Debug, Deserialize)]
struct NewState {
    state: State,
}

/// `PUT /sim/applications/{id}/state`: the office's decision, simulated.
async fn set_state(
    AxumState(app): Shared,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<NewState>, JsonRejection>,
) -> Response {
    if !app.authorised(&headers) {
        return unauthorised();
    }
    let id = match path_id(id) {
        Ok(id) => id,
        Err(detail) => return problem(Kind::BadRequest, detail),
    };
    let Ok(Json(NewState { state })) = body else {
        return problem(
            Kind::BadRequest,
            r#"Erwartet {"state": "submitted|accepted|rejected"}."#,
        );
    };
    let Some(record) = app.store.set_state(&id, state) else {
        return problem(Kind::NotFound, "Keinen Antrag mit dieser id.");
    };
    if let Err(e) = app.store.persist().await {
        tracing::error!(error = %format!("{e:#}"), "store write failed");
        return problem(Kind::StoreFailed, "Speichern fehlgeschlagen.");
    }
    Json(detail(&record)).into_response()
}

/// `GET /finish/{id}`: where the citizen link leads. Shows the reference
/// only, never the data: anyone with the link can open it.
async fn finish(AxumState(app): Shared, id: Result<Path<String>, PathRejection>) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(detail) => return problem(Kind::BadRequest, detail),
    };
    match app.store.by_id(&id) {
        Some(record) => Html(format!(
            "<!doctype html><html lang=\"de\"><meta charset=\"utf-8\"><title>Antrag {r}</title>\
             <h1>Antrag {r}</h1><p>Simulator: Hier würden Sie den Antrag mit der Online-Ausweisfunktion abschließen.</p></html>",
            r = record.reference
        ))
        .into_response(),
        None => problem(Kind::NotFound, "Keinen Antrag mit dieser id."),
    }
}

/// The `{id}` of a path, or why it cannot be decoded (bad percent-encoding;
/// answered as a 400 problem like every other error).
fn path_id(id: Result<Path<String>, PathRejection>) -> Result<String, String> {
    id.map(|Path(id)| id)
        .map_err(|rejection| rejection.body_text())
}

/// A serde enum's wire name (`"anonymous"`), without the quotes.
fn enum_str<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}
