// No console window on Windows release builds; Linux ignores this.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    use_shared_memory_renderer();
    match auskunft_desk::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auskunft-desk: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// WebKitGTK's DMA-BUF renderer off (`WEBKIT_DISABLE_DMABUF_RENDERER=1`),
/// unless the environment already says otherwise (`=0` keeps it on).
/// Measured with the release window (e2e/bench.test.mjs, Xvfb, no GPU): the
/// web process starts with about 95 MiB less PSS and stays about 190 MiB
/// lower after 2,014 searches, and a frame is painted about 1 ms after the
/// DOM changed instead of 12. WebKit reads the variable when the window is
/// created; changing this process's environment would need `unsafe` (the
/// workspace forbids it), so the desk starts itself again with the variable
/// set: `exec` keeps the process id and arguments, and costs a few
/// milliseconds. If that fails the desk runs on with WebKit's default.
#[cfg(target_os = "linux")]
fn use_shared_memory_renderer() {
    use std::os::unix::process::CommandExt;
    const KNOB: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if std::env::var_os(KNOB).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let error = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(KNOB, "1")
        .exec();
    eprintln!("auskunft-desk: {KNOB} not set ({error}); WebKit's default renderer is used");
}
