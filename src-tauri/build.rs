fn main() {
    // Declaring the app's commands makes Tauri generate one permission per
    // command, so the capability file can allow exactly these and no more.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "search",
        "jump",
        "open_entry",
        "note_opened",
        "ask",
        "app_info",
        "reload_kb",
        "offices",
        "session",
        "sign_in",
        "sign_out",
        "start_call",
        "log_search",
        "remove_topic",
        "save_notes",
        "forward_preview",
        "forward",
        "end_call",
        "recent_calls",
        "open_forwards",
        "mark_forward_done",
        "figures",
        "export_csv",
        "set_per_agent_figures",
        "handoff_form",
        "handoff_correction",
        "check_handoff",
        "submit_handoff",
        "correct_handoff",
        "retry_handoff",
        "call_handoffs",
        "recent_handoffs",
        "portal_status",
        "stuck_handoffs",
        "check_portal_decision",
        "store_changes",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}
