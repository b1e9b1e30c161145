fn main() {
    // Declaring the app's commands makes Tauri generate one permission per
    // command, so the capability file can allow exactly these and no more.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "search",
        "jump",
        "open_entry",
        "ask",
        "app_info",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|e| panic!("tauri-build failed: {e:#}"));
}
