//! The window's commands without a window: Tauri's mock runtime runs the
//! real argument decoding, ACL check and dispatch over the real core.

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use auskunft::DeskConfig;
use auskunft_desk::{DeskState, configure};

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _data: tempfile::TempDir,
}

fn harness(kb: std::path::PathBuf) -> Harness {
    let data = tempfile::tempdir().expect("tmp");
    let state = tauri::async_runtime::block_on(DeskState::open(DeskConfig {
        kb_dir: kb,
        data_dir: data.path().to_path_buf(),
    }));
    let app = configure(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    Harness {
        _app: app,
        window,
        _data: data,
    }
}

fn shipped() -> Harness {
    harness(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge-base"))
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

    let answer = invoke(
        &h,
        "open_entry",
        json!({"id": "hund-anmelden", "callId": id, "query": "hund anmelden", "resultCount": 3}),
    )
    .expect("open");
    assert_eq!(answer["entry"]["id"], "hund-anmelden");
    let session = invoke(&h, "session", json!({})).expect("session");
    assert_eq!(
        session["activeCall"]["topics"][0]["entryId"],
        "hund-anmelden"
    );

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

    let open = invoke(&h, "open_forwards", json!({})).expect("list");
    assert_eq!(open.as_array().map(Vec::len), Some(1));

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
        invoke(&h, "open_forwards", json!({}))
            .expect("list")
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
    assert_eq!(list.len(), 18);
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
    invoke(
        &h,
        "sign_in",
        json!({"name": "Tea Leitung", "role": "supervisor"}),
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
