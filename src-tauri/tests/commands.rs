//! The window's commands without a window: Tauri's mock runtime runs the
//! real argument decoding, ACL check and dispatch over the real core.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use auskunft::DeskConfig;
use auskunft_desk::{DeskState, configure};

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    data: tempfile::TempDir,
}

fn harness(kb: std::path::PathBuf) -> Harness {
    harness_in(kb, tempfile::tempdir().expect("tmp"))
}

fn harness_in(kb: std::path::PathBuf, data: tempfile::TempDir) -> Harness {
    let state = tauri::async_runtime::block_on(DeskState::open(DeskConfig {
        kb_dir: kb,
        data_dir: data.path().to_path_buf(),
    }));
    harness_of(state, data)
}

/// The mock app and its window around a desk state whose data folder is
/// `data`.
fn harness_of(state: DeskState, data: tempfile::TempDir) -> Harness {
    let app = configure(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    Harness {
        _app: app,
        window,
        data,
    }
}

fn shipped() -> Harness {
    harness(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge-base"))
}

/// A desk over the shipped knowledge base whose data folder holds
/// `settings` as its settings.toml.
fn shipped_with_settings(settings: &str) -> Harness {
    let data = tempfile::tempdir().expect("tmp");
    std::fs::write(data.path().join("settings.toml"), settings).expect("settings");
    harness_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge-base"),
        data,
    )
}

/// The run's PostgreSQL admin URL; `None` (test skipped, said on stderr)
/// without a cluster, unless the run requires one.
fn postgres_admin() -> Option<String> {
    let admin = std::env::var("AUSKUNFT_TEST_POSTGRES").ok();
    if admin.is_none() {
        assert!(
            std::env::var_os("AUSKUNFT_TEST_REQUIRE_POSTGRES").is_none(),
            "AUSKUNFT_TEST_REQUIRE_POSTGRES is set but AUSKUNFT_TEST_POSTGRES is not"
        );
        eprintln!("skipped: no AUSKUNFT_TEST_POSTGRES");
    }
    admin
}

fn invoke(h: &Harness, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &h.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json"))
}

#[test]
fn search_returns_camel_case_hits_from_the_core() {
    let h = shipped();
    let hits = invoke(
        &h,
        "search",
        json!({"query": "personalausweiss", "limit": 5}),
    )
    .expect("ok");
    assert_eq!(hits[0]["id"], "personalausweis");
    assert_eq!(hits[0]["kind"], "service");
    assert!(hits[0]["snippet"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(hits[0].get("portalService").is_some(), "{}", hits[0]);
    assert!(hits.as_array().is_some_and(|a| a.len() <= 5));
}

#[test]
fn open_entry_gives_sections_and_office_cards() {
    let h = shipped();
    let a = invoke(&h, "open_entry", json!({"id": "buergerbuero-wattenscheid"})).expect("ok");
    assert_eq!(a["entry"]["title"], "Bürgerbüro Wattenscheid");
    let card = &a["locations"][0];
    assert!(
        ["open", "closed", "appointment_only"]
            .contains(&card["state"]["kind"].as_str().unwrap_or(""))
    );
    assert_eq!(card["week"].as_array().map(Vec::len), Some(7));
    assert!(card["appointmentLabel"].is_string());
}

/// The answer never waits for the store: with the desk's SQLite file held
/// locked by another program during a call, `open_entry` still answers;
/// `note_opened` then fails with a coded error after the busy timeout, and
/// goes through once the lock is gone.
#[test]
fn an_entry_opens_while_the_store_is_locked() {
    use sqlx::Connection;
    let (h, call) = signed_in_with_call("");
    let file = h.data.path().join("auskunft.sqlite3");
    let mut lock = tauri::async_runtime::block_on(async {
        let url = format!("sqlite://{}", file.display());
        let mut c = sqlx::SqliteConnection::connect(&url)
            .await
            .expect("connect");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut c)
            .await
            .expect("lock");
        c
    });

    let answer = invoke(
        &h,
        "open_entry",
        json!({"id": "hund-anmelden", "query": "hund"}),
    )
    .expect("answered while locked");
    assert_eq!(answer["entry"]["id"], "hund-anmelden");
    let noted = json!({
        "id": "hund-anmelden", "callId": call, "query": "hund", "resultCount": 3,
        "requestKey": "opening-0123456789abcdef",
    });
    let err = invoke(&h, "note_opened", noted.clone()).expect_err("locked");
    assert_eq!(err["code"], "STORE_FAILED", "{err}");

    tauri::async_runtime::block_on(async {
        sqlx::query("ROLLBACK")
            .execute(&mut lock)
            .await
            .expect("unlock");
    });
    invoke(&h, "note_opened", noted.clone()).expect("noted once the lock is gone");
    // Sent once more under its key (as the window does when a reply is
    // lost): the search is logged once.
    invoke(&h, "note_opened", noted).expect("noted again");
    let session = invoke(&h, "session", json!({})).expect("session");
    assert_eq!(
        session["activeCall"]["topics"][0]["entryId"],
        "hund-anmelden"
    );
    assert_eq!(
        session["activeCall"]["topics"].as_array().map(Vec::len),
        Some(1)
    );
    let searches: i64 = tauri::async_runtime::block_on(async {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM search_log WHERE request_key = 'opening-0123456789abcdef'",
        )
        .fetch_one(&mut lock)
        .await
        .expect("count")
    });
    assert_eq!(searches, 1);
    let bad = json!({"id": "hund-anmelden", "callId": call, "requestKey": "x"});
    let err = invoke(&h, "note_opened", bad).expect_err("a malformed key");
    assert_eq!(err["code"], "INVALID_INPUT", "{err}");
}

#[test]
fn unknown_entry_is_a_coded_error() {
    let h = shipped();
    let err = invoke(&h, "open_entry", json!({"id": "gibt-es-nicht"})).expect_err("must fail");
    assert_eq!(err["code"], "ENTRY_NOT_FOUND");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("gibt-es-nicht"))
    );
}

#[test]
fn ask_focuses_the_section() {
    let h = shipped();
    let a = invoke(&h, "ask", json!({"question": "was kostet ein reisepass"})).expect("ok");
    assert_eq!(a["entry"]["id"], "reisepass");
    assert_eq!(a["focus"], "kosten");
    let none = invoke(&h, "ask", json!({"question": "xqzvw"})).expect("ok");
    assert_eq!(none, Value::Null);
}

#[test]
fn a_missing_knowledge_base_still_starts_and_reports_kb_unavailable() {
    let h = harness(std::path::PathBuf::from("/nonexistent/knowledge-base"));
    let err = invoke(&h, "search", json!({"query": "hund", "limit": 5})).expect_err("must fail");
    assert_eq!(err["code"], "KB_UNAVAILABLE");
}

#[test]
fn bad_arguments_and_unknown_commands_are_rejected() {
    let h = shipped();
    assert!(invoke(&h, "search", json!({"query": 5})).is_err());
    assert!(invoke(&h, "delete_everything", json!({})).is_err());
    assert!(invoke(&h, "plugin:fs|read_file", json!({"path": "/etc/passwd"})).is_err());
}

#[test]
fn app_info_counts_entries() {
    let h = shipped();
    let info = invoke(&h, "app_info", json!({})).expect("ok");
    assert!(info["entries"].as_u64().is_some_and(|n| n >= 66), "{info}");
}

#[test]
fn call_log_commands_need_a_sign_in_then_log_a_whole_call() {
    let h = shipped();
    let err = invoke(&h, "start_call", json!({})).expect_err("not signed in");
    assert_eq!(err["code"], "NOT_SIGNED_IN");

    let session = invoke(
        &h,
        "sign_in",
        json!({"name": "Alex Muster", "role": "agent"}),
    )
    .expect("sign in");
    assert_eq!(session["agent"]["name"], "Alex Muster");
    assert_eq!(session["activeCall"], Value::Null);

    let call = invoke(&h, "start_call", json!({})).expect("call");
    let id = call["id"].as_i64().expect("id");
    assert_eq!(call["outcomeOptions"].as_array().map(Vec::len), Some(5));

    // Opening reads the knowledge base only; the topic is the window's
    // `note_opened` beside it.
    let answer = invoke(
        &h,
        "open_entry",
        json!({"id": "hund-anmelden", "query": "hund anmelden"}),
    )
    .expect("open");
    assert_eq!(answer["entry"]["id"], "hund-anmelden");
    let session = invoke(&h, "session", json!({})).expect("session");
    assert_eq!(session["activeCall"]["topics"], json!([]));
    invoke(
        &h,
        "note_opened",
        json!({"id": "hund-anmelden", "callId": id, "query": "hund anmelden", "resultCount": 3}),
    )
    .expect("noted");
    let session = invoke(&h, "session", json!({})).expect("session");
    assert_eq!(
        session["activeCall"]["topics"][0]["entryId"],
        "hund-anmelden"
    );
    let err = invoke(
        &h,
        "note_opened",
        json!({"id": "gibt-es-nicht", "callId": id, "query": "x", "resultCount": 0}),
    )
    .expect_err("unknown entry");
    assert_eq!(err["code"], "ENTRY_NOT_FOUND");

    invoke(
        &h,
        "save_notes",
        json!({"callId": id, "notes": "Hund seit 1.11."}),
    )
    .expect("notes");

    // A forward by phone without a number: a coded error on the form's field.
    let err = invoke(
        &h,
        "forward",
        json!({"callId": id, "form": {"office": "steueramt", "question": "Ermäßigung?", "channel": "phone", "contact": "", "callerName": ""}}),
    )
    .expect_err("needs a number");
    assert_eq!(err["code"], "INVALID_INPUT");
    assert_eq!(err["field"], "contact");
    let err = invoke(
        &h,
        "forward",
        json!({"callId": id, "form": {"office": "hund-anmelden", "question": "?", "channel": "phone", "contact": "0234 1234567", "callerName": ""}}),
    )
    .expect_err("a service is no office");
    assert_eq!(err["field"], "office");

    let fw = invoke(
        &h,
        "forward",
        json!({"callId": id, "form": {"office": "steueramt", "question": "Ermäßigung?", "channel": "phone", "contact": "0234 1234567", "callerName": "Frau Beispiel"}}),
    )
    .expect("forward");
    assert!(
        fw["dueLabel"]
            .as_str()
            .is_some_and(|l| l.starts_with("bis ")),
        "{fw}"
    );
    assert_eq!(
        fw["officeTitle"]
            .as_str()
            .map(|t| t.starts_with("Steueramt")),
        Some(true)
    );

    // Without arguments: the agent's own, with the counts of both.
    let open = invoke(&h, "open_forwards", json!({})).expect("list");
    assert_eq!(open["scope"], "mine");
    assert_eq!(open["forwards"].as_array().map(Vec::len), Some(1));
    assert_eq!(open["mine"]["open"], 1);
    assert_eq!(open["all"]["open"], 1);
    assert_eq!(open["notListed"], 0);
    let none = invoke(&h, "open_forwards", json!({"scope": "all", "limit": 0})).expect("list");
    assert_eq!(none["forwards"].as_array().map(Vec::len), Some(0));
    assert_eq!(none["notListed"], 1);

    let ended = invoke(
        &h,
        "end_call",
        json!({"callId": id, "outcome": "forwarded"}),
    )
    .expect("end");
    assert_eq!(ended["outcome"], "forwarded");
    assert!(ended["durationSeconds"].as_i64().is_some());

    let recent = invoke(&h, "recent_calls", json!({"limit": 5})).expect("recent");
    assert_eq!(recent[0]["id"].as_i64(), Some(id));
    assert_eq!(recent[0]["notes"], "Hund seit 1.11.");

    let fid = fw["id"].as_i64().expect("forward id");
    invoke(&h, "mark_forward_done", json!({"forwardId": fid})).expect("done");
    assert_eq!(
        invoke(&h, "open_forwards", json!({})).expect("list")["forwards"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );
}

#[test]
fn offices_lists_every_location_and_nothing_else() {
    let h = shipped();
    let offices = invoke(&h, "offices", json!({})).expect("offices");
    let list = offices.as_array().expect("array");
    // As many as the shipped knowledge base has location files.
    let files = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge-base/locations"),
    )
    .expect("locations folder")
    .filter_map(Result::ok)
    .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    .count();
    assert!(files > 0);
    assert_eq!(list.len(), files);
    assert!(list.iter().all(|o| o["kind"] == "location"));
}

#[test]
fn reload_kb_picks_up_a_new_entry_file() {
    let kb = tempfile::tempdir().expect("tmp");
    let services = kb.path().join("services");
    std::fs::create_dir_all(&services).expect("mkdir");
    let entry = |id: &str, title: &str| {
        format!(
            "+++\nid = \"{id}\"\nkind = \"service\"\ntitle = \"{title}\"\nsummary = \"Kurz.\"\nsynonyms = [\"x\"]\nreviewed = 2026-11-01\nsource = \"https://www.bochum.de/\"\n+++\n## Ablauf\n- {title}\n"
        )
    };
    std::fs::write(services.join("hund.md"), entry("hund", "Hund anmelden")).expect("write");
    let h = harness(kb.path().to_path_buf());
    assert_eq!(
        invoke(&h, "app_info", json!({})).expect("info")["entries"],
        1
    );
    std::fs::write(
        services.join("pass.md"),
        entry("pass", "Reisepass beantragen"),
    )
    .expect("write");
    let info = invoke(&h, "reload_kb", json!({})).expect("reload");
    assert_eq!(info["entries"], 2);
    let hits = invoke(&h, "search", json!({"query": "reisepass", "limit": 5})).expect("search");
    assert_eq!(hits[0]["id"], "pass");
}

#[test]
fn figures_of_this_month_count_a_logged_call_and_keep_per_agent_off() {
    let h = shipped();
    // Teamleitung on a single desk needs the desk's supervisor password;
    // without one the switch is refused with a code the window translates.
    let refused = invoke(
        &h,
        "sign_in",
        json!({"name": "Tea Leitung", "role": "supervisor"}),
    )
    .expect_err("no password");
    assert_eq!(refused["code"], "FORBIDDEN");
    invoke(
        &h,
        "sign_in",
        json!({"name": "Tea Leitung", "role": "supervisor", "password": "Teamleitung-2026"}),
    )
    .expect("sign in");
    let call = invoke(&h, "start_call", json!({})).expect("call");
    let id = call["id"].as_i64().expect("id");
    invoke(&h, "end_call", json!({"callId": id, "outcome": "answered"})).expect("end");

    let f = invoke(
        &h,
        "figures",
        json!({"period": {"kind": "today", "from": null, "to": null}}),
    )
    .expect("figures");
    assert_eq!(f["calls"], 1);
    assert_eq!(f["byHour"].as_array().map(Vec::len), Some(24));
    assert_eq!(f["heatmap"].as_array().map(Vec::len), Some(7));
    assert_eq!(f["perAgent"], Value::Null);
    assert_eq!(f["perAgentEnabled"], false);
    assert!(
        f["perAgentReason"]
            .as_str()
            .is_some_and(|r| r.contains("72")),
        "{}",
        f["perAgentReason"]
    );
    // One agent: quality figures are withheld so they never reveal a person.
    assert_eq!(f["withheld"], true);
    // Today is running: the day says until when, the figures that they are
    // those so far (issue 15).
    assert_eq!(f["days"][0]["partial"], true);
    assert!(
        f["days"][0]["label"]
            .as_str()
            .is_some_and(|l| l.contains(" (bis ")),
        "{}",
        f["days"][0]["label"]
    );
    assert!(
        f["partialNote"]
            .as_str()
            .is_some_and(|n| n.starts_with("Stand ") && n.ends_with("der Tag läuft noch.")),
        "{}",
        f["partialNote"]
    );
    assert_eq!(
        f["firstContactNote"],
        Value::Null,
        "withheld: no rate to explain"
    );

    let bad = invoke(
        &h,
        "figures",
        json!({"period": {"kind": "custom", "from": "2026-11-30", "to": "2026-11-01"}}),
    )
    .expect_err("to before from");
    assert_eq!(bad["code"], "INVALID_INPUT");

    assert_eq!(
        invoke(&h, "set_per_agent_figures", json!({"enabled": true})).expect("switch"),
        true
    );
    let f = invoke(
        &h,
        "figures",
        json!({"period": {"kind": "month", "from": null, "to": null}}),
    )
    .expect("figures");
    assert!(f["perAgent"].is_array(), "{}", f["perAgent"]);
}

/// The shipped desk over a data folder whose `settings.toml` is
/// `settings`, signed in, with a call started: the call's id.
fn signed_in_with_call(settings: &str) -> (Harness, Value) {
    let data = tempfile::tempdir().expect("tmp");
    std::fs::write(data.path().join("settings.toml"), settings).expect("settings");
    let h = harness_in(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge-base"),
        data,
    );
    invoke(
        &h,
        "sign_in",
        json!({"name": "Alex Muster", "role": "agent"}),
    )
    .expect("sign in");
    let call = invoke(&h, "start_call", json!({})).expect("call")["id"].clone();
    (h, call)
}

/// A portal-sim child, killed when dropped (also when a test fails).
struct PortalSim(std::process::Child);

impl Drop for PortalSim {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// portal-sim next to this test binary (`target/<profile>/`), built first
/// when this package's tests run alone.
fn portal_sim() -> (PortalSim, String) {
    use std::io::BufRead;
    let exe = std::env::current_exe().expect("test binary");
    let profile = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target/<profile>");
    let bin = profile.join("portal-sim");
    if !bin.is_file() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "-j2", "-p", "portal-sim"])
            .status()
            .expect("cargo build -p portal-sim");
        assert!(status.success());
    }
    let mut child = std::process::Command::new(bin)
        .args(["--listen", "127.0.0.1:0", "--token", "shell-test-token"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("portal-sim starts");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (PortalSim(child), url)
}

#[test]
fn without_a_portal_applications_are_kept_and_the_window_is_told_why() {
    // No URL or token; supervisors see anything not delivered at once.
    let (h, call) = signed_in_with_call("[portal]\nstuck_after_minutes = 0\n");
    let status = invoke(&h, "portal_status", json!({})).expect("status");
    assert_eq!(status["sending"], false);
    assert!(
        status["reason"]
            .as_str()
            .is_some_and(|r| r.contains("nicht eingerichtet")),
        "{status}"
    );

    let form = invoke(
        &h,
        "handoff_form",
        json!({"service": "bewohnerparkausweis", "callId": call}),
    )
    .expect("form");
    assert_eq!(form["title"], "Bewohnerparkausweis beantragen");
    let keeper = form["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["fields"].as_array().cloned().unwrap_or_default())
        .find(|f| f["path"] == "vehicle_holder.keeper_name")
        .expect("keeper field");
    assert_eq!(keeper["shownWhen"]["path"], "vehicle_holder.kind");
    assert_eq!(keeper["kind"], "text");
    assert_eq!(form["values"]["vehicle_holder.kind"], "self");
    assert_eq!(form["correcting"], Value::Null);

    let err = invoke(
        &h,
        "handoff_form",
        json!({"service": "hundesteuer", "callId": null}),
    )
    .expect_err("unknown service");
    assert_eq!(err["code"], "INVALID_INPUT");
    assert_eq!(err["field"], "service");

    let mut values = form["values"].clone();
    values["plate"] = json!("BO-0 1");
    let problems = invoke(
        &h,
        "check_handoff",
        json!({"service": "bewohnerparkausweis", "values": values}),
    )
    .expect("check");
    let fields: Vec<&str> = problems
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"plate") && fields.contains(&"zone"),
        "{fields:?}"
    );
    let err = invoke(
        &h,
        "submit_handoff",
        json!({"callId": call, "service": "bewohnerparkausweis", "values": values}),
    )
    .expect_err("invalid");
    assert_eq!(err["code"], "INVALID_INPUT");

    for (k, v) in [
        ("zone", "ehrenfeld"),
        ("address.street", "Oskar-Hoffmann-Straße"),
        ("address.house_number", "12a"),
        ("address.postal_code", "44789"),
        ("resident.given_names", "Erika"),
        ("resident.surname", "Mustermann"),
        ("plate", "BO-EM 64"),
        ("contact.phone", "0234 123456"),
    ] {
        values[k] = json!(v);
    }
    let sent = invoke(
        &h,
        "submit_handoff",
        json!({"callId": call, "service": "bewohnerparkausweis", "values": values}),
    )
    .expect("queued");
    assert_eq!(sent["state"], "pending");
    assert_eq!(sent["serviceTitle"], "Bewohnerparkausweis");
    let list = invoke(&h, "call_handoffs", json!({"callId": call})).expect("list");
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let desk = invoke(&h, "recent_handoffs", json!({"limit": 5})).expect("desk");
    assert_eq!(desk["handoffs"][0]["id"], sent["id"]);
    assert_eq!(desk["total"], 1);
    let none = invoke(&h, "recent_handoffs", json!({"limit": 0})).expect("desk");
    assert_eq!(none["handoffs"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        none["total"], 1,
        "the count says what the cut list leaves out"
    );
    let retried = invoke(&h, "retry_handoff", json!({"handoffId": sent["id"]})).expect("retry");
    assert_eq!(
        retried["state"], "pending",
        "kept until a portal is configured"
    );
}

#[test]
fn with_a_portal_the_shell_starts_the_worker_and_the_application_is_delivered() {
    let (_sim, url) = portal_sim();
    let (h, call) = signed_in_with_call(&format!(
        "[portal]\nurl = \"{url}\"\ntoken = \"shell-test-token\"\n"
    ));
    let status = invoke(&h, "portal_status", json!({})).expect("status");
    assert_eq!(status["sending"], true, "{status}");
    let form = invoke(
        &h,
        "handoff_form",
        json!({"service": "kfz-abmeldung", "callId": call}),
    )
    .expect("form");
    let mut values = form["values"].clone();
    for (k, v) in [
        ("plate", "BO-EM 64"),
        ("vin", "WVWZZZ1JZXW000001"),
        ("zb1_security_code", "X7K2M9P"),
        ("seal_codes.rear", "P9A"),
    ] {
        values[k] = json!(v);
    }
    let sent = invoke(
        &h,
        "submit_handoff",
        json!({"callId": call, "service": "kfz-abmeldung", "values": values}),
    )
    .expect("queued");
    // The worker the shell started sends it; the window polls the list.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let delivered = loop {
        let list = invoke(&h, "call_handoffs", json!({"callId": call})).expect("list");
        if list[0]["state"] == "delivered" {
            break list[0].clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not delivered: {list}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(delivered["id"], sent["id"]);
    assert!(
        delivered["reference"]
            .as_str()
            .is_some_and(|r| r.starts_with("MB-")),
        "{delivered}"
    );
    assert!(
        delivered["citizenLink"]
            .as_str()
            .is_some_and(|l| l.starts_with(&url)),
        "{delivered}"
    );
    let session = invoke(&h, "session", json!({})).expect("session");
    assert_eq!(session["activeCall"]["outcome"], "portal_handoff");

    // A citizen calls back: the office has not decided yet.
    let asked = invoke(
        &h,
        "check_portal_decision",
        json!({"handoffId": delivered["id"]}),
    )
    .expect("asked");
    assert_eq!(asked["portalState"], "submitted", "{asked}");
    assert!(
        asked["portalStateLabel"]
            .as_str()
            .is_some_and(|l| l.starts_with("Im Portal – noch nicht bearbeitet (Stand ")),
        "{asked}"
    );

    // Closing the window stops the worker; the window is told.
    let state = h.window.state::<DeskState>();
    tauri::async_runtime::block_on(state.shutdown());
    let status = invoke(&h, "portal_status", json!({})).expect("status");
    assert_eq!(status["sending"], false, "{status}");
    assert_eq!(status["reason"], "Die Anwendung wird beendet.");
}

#[test]
fn a_desks_own_store_has_no_change_feed_and_done_twice_names_who_was_first() {
    let h = shipped();
    // A single desk's SQLite store: the window's watch loop is told to stop.
    let changes = invoke(&h, "store_changes", json!({"seen": 0})).expect("changes");
    assert_eq!(changes, json!({"live": false, "seq": 0, "tables": []}));

    invoke(&h, "sign_in", json!({"name": "Anna K.", "role": "agent"})).expect("sign in");
    let call = invoke(&h, "start_call", json!({})).expect("call");
    let id = call["id"].as_i64().expect("id");
    let form = json!({
        "office": "steueramt",
        "question": "Rückruf zur Hundesteuer",
        "channel": "phone",
        "contact": "0234 910-0",
        "callerName": "Erika Mustermann"
    });
    let forward = invoke(&h, "forward", json!({"callId": id, "form": form})).expect("forward");
    let fid = forward["id"].as_i64().expect("forward id");
    let first = invoke(&h, "mark_forward_done", json!({"forwardId": fid})).expect("done");
    assert_eq!(first["first"], true);
    assert_eq!(first["notice"], Value::Null);
    let again = invoke(&h, "mark_forward_done", json!({"forwardId": fid})).expect("again");
    assert_eq!(again["first"], false);
    assert_eq!(again["doneBy"], "Anna K.");
    assert!(
        again["notice"]
            .as_str()
            .is_some_and(|n| n.contains("Anna K.")),
        "{again}"
    );
}

/// The command list is written in four places: `build.rs` (the permissions
/// Tauri generates), the capability (what the window may call), the
/// `generate_handler!` list in `lib.rs` (what exists) and `ipc.ts` (what the
/// window calls). A command missing from one of them fails only at run
/// time, in the window; this test fails first.
#[test]
fn the_four_command_lists_agree() {
    use std::collections::BTreeSet;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect(p);
    // The text between `start` and the first `end` after it.
    let between = |text: &str, start: &str, end: &str| -> String {
        let from = text
            .find(start)
            .unwrap_or_else(|| panic!("{start:?} not found"))
            + start.len();
        let to = text[from..].find(end).expect("end") + from;
        text[from..to].to_string()
    };
    let quoted = |text: &str| -> BTreeSet<String> {
        text.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let build = quoted(&between(&read("build.rs"), ".commands(&[", "]"));
    let capability: BTreeSet<String> = quoted(&between(
        &read("capabilities/default.json"),
        "\"permissions\"",
        "]",
    ))
    .into_iter()
    .filter_map(|p| p.strip_prefix("allow-").map(|c| c.replace('-', "_")))
    .collect();
    let handler: BTreeSet<String> = between(&read("src/lib.rs"), "generate_handler![", "]")
        .split(',')
        .filter_map(|c| c.trim().strip_prefix("commands::").map(str::to_string))
        .collect();
    let ipc = read("../ui/src/lib/ipc.ts");
    let called: BTreeSet<String> = ipc
        .match_indices(">(\"")
        .filter_map(|(i, _)| {
            let rest = &ipc[i + 3..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect();
    assert!(build.len() > 30, "{build:?}");
    assert_eq!(capability, build, "capability vs build.rs");
    assert_eq!(handler, build, "generate_handler! vs build.rs");
    assert_eq!(called, build, "ipc.ts vs build.rs");
}

/// Runs one statement with psql (Debian's client, installed with the
/// server the test command starts).
fn psql(url: &str, sql: &str) {
    let out = std::process::Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// On a centre's server whose URL names no user, the window opens the
/// store only when a person signs in with their own login; the role is
/// the server's (an agent asking for Teamleitung stays an agent), the
/// other desks' changes are heard from then on, and the desk leaves
/// delivery to the centre's service.
#[test]
fn a_persons_own_login_opens_the_centre_store_and_its_change_feed() {
    let Some(admin) = postgres_admin() else {
        return;
    };
    let tag = format!(
        "{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let db = format!("shell_{tag}");
    psql(&admin, &format!("CREATE DATABASE {db}"));
    let (base, _) = admin.rsplit_once('/').expect("URL with a database");
    let owner_url = format!("{base}/{db}");
    // The owner applies the migrations, then creates a person's login.
    tauri::async_runtime::block_on(async {
        auskunft::cases::CaseStore::open_at(&auskunft::cases::StoreLocation::Server(
            owner_url.clone(),
        ))
        .await
        .expect("owner migrates")
        .close()
        .await;
    });
    let login = format!("anna_{tag}");
    psql(
        &owner_url,
        &format!("CREATE ROLE {login} LOGIN PASSWORD 'pw-{login}' IN ROLE auskunft_agent"),
    );
    let desk_url = owner_url.replacen("postgres@", "", 1);
    let h = shipped_with_settings(&format!("[store]\nurl = \"{desk_url}\"\n"));

    let session = invoke(&h, "session", json!({})).expect("session");
    assert_eq!(session["signInKind"], "server_login", "{session}");
    assert_eq!(session["agent"], Value::Null);
    let portal = invoke(&h, "portal_status", json!({})).expect("portal");
    assert_eq!(portal["sending"], false);
    assert!(
        portal["reason"]
            .as_str()
            .is_some_and(|r| r.contains("Übermittlungsdienst")),
        "{portal}"
    );
    let before = invoke(&h, "store_changes", json!({"seen": 0})).expect("changes");
    assert_eq!(before["live"], false, "{before}");

    let wrong = invoke(
        &h,
        "sign_in",
        json!({"name": login, "role": "agent", "password": "falsch"}),
    )
    .expect_err("wrong password");
    assert_eq!(wrong["code"], "FORBIDDEN", "{wrong}");
    let session = invoke(
        &h,
        "sign_in",
        json!({"name": login, "role": "supervisor", "password": format!("pw-{login}")}),
    )
    .expect("sign in");
    assert_eq!(session["agent"]["role"], "agent", "{session}");
    // Her own call is a change the feed hears.
    invoke(&h, "start_call", json!({})).expect("call");
    let after = invoke(&h, "store_changes", json!({"seen": 0})).expect("changes");
    assert_eq!(after["live"], true, "{after}");
    let f = invoke(
        &h,
        "figures",
        json!({"period": {"kind": "today", "from": null, "to": null}}),
    )
    .expect_err("an agent's figures");
    assert_eq!(f["code"], "FORBIDDEN", "{f}");
}

/// A centre's store that cannot be opened when the window starts (its
/// database is not there yet): search works and the window is told why;
/// the desk opens the store on its own once it can, with the change feed,
/// and the window's request keys make "take a call" sent twice one call.
#[test]
fn a_store_missing_at_start_is_opened_later_and_a_start_sent_twice_is_one_call() {
    let Some(admin) = postgres_admin() else {
        return;
    };
    let db = format!("later_shell_{}", std::process::id());
    let (base, _) = admin.rsplit_once('/').expect("URL with a database");
    let h = shipped_with_settings(&format!(
        "agent = \"Anna K.\"\n[store]\nurl = \"{base}/{db}\"\n"
    ));
    let info = invoke(&h, "app_info", json!({})).expect("info");
    assert!(
        info["storeProblem"]
            .as_str()
            .is_some_and(|p| p.contains("nicht erreichbar")),
        "{info}"
    );
    let e = invoke(&h, "session", json!({})).expect_err("no store yet");
    assert_eq!(e["code"], "STORE_FAILED", "{e}");
    let hits = invoke(&h, "search", json!({"query": "hund anmelden", "limit": 3})).expect("search");
    assert_eq!(hits[0]["id"], "hund-anmelden");

    psql(&admin, &format!("CREATE DATABASE {db}"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let info = invoke(&h, "app_info", json!({})).expect("info");
        if info["storeProblem"].is_null() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not reopened: {info}");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    invoke(
        &h,
        "sign_in",
        json!({"name": "Anna K.", "role": "agent", "password": null}),
    )
    .expect("sign in");
    let bad = invoke(&h, "start_call", json!({"requestKey": "1"})).expect_err("short key");
    assert_eq!(bad["code"], "INVALID_INPUT", "{bad}");
    let key = "0f6c1c7e-6a44-4f0e-9b1e-8d2f5a7c3b10";
    let first = invoke(&h, "start_call", json!({"requestKey": key})).expect("call");
    let again = invoke(&h, "start_call", json!({"requestKey": key})).expect("again");
    assert_eq!(first["id"], again["id"], "one call");
    let changes = invoke(&h, "store_changes", json!({"seen": 0})).expect("changes");
    assert_eq!(
        changes["live"], true,
        "the change feed started with the store: {changes}"
    );
}

/// What an editor publishes reaches a running window without a restart or
/// "Neu laden": the desk looks at the folder (here every 200 ms, shipped
/// every 10 s) and reloads once the change held still.
#[test]
fn a_published_change_is_in_search_without_a_restart() {
    let kb = tempfile::tempdir().expect("tmp");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge-base");
    for dir in ["", "services", "locations"] {
        std::fs::create_dir_all(kb.path().join(dir)).expect("folder");
        for item in std::fs::read_dir(shipped.join(dir))
            .expect("read")
            .flatten()
        {
            if item.path().is_file() {
                std::fs::copy(item.path(), kb.path().join(dir).join(item.file_name()))
                    .expect("copy");
            }
        }
    }
    let data = tempfile::tempdir().expect("tmp");
    let state = tauri::async_runtime::block_on(DeskState::open_watching(
        DeskConfig {
            kb_dir: kb.path().to_path_buf(),
            data_dir: data.path().to_path_buf(),
        },
        std::time::Duration::from_millis(200),
    ));
    let h = harness_of(state, data);
    let none = invoke(&h, "search", json!({"query": "zebrafink", "limit": 3})).expect("search");
    assert_eq!(none.as_array().map(Vec::len), Some(0), "{none}");

    let file = kb.path().join("services/hund-anmelden.md");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replacen("summary = \"", "summary = \"Stichwort Zebrafink. ", 1),
    )
    .expect("publish");
    let published = std::time::Instant::now();
    loop {
        let hits = invoke(&h, "search", json!({"query": "zebrafink", "limit": 3})).expect("search");
        if hits[0]["id"] == "hund-anmelden" {
            break;
        }
        assert!(
            published.elapsed() < std::time::Duration::from_secs(20),
            "not in search 20 s after publishing"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
