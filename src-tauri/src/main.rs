// No console window on Windows release builds; Linux ignores this.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    set_webkit_defaults();
    match auskunft_desk::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auskunft-desk: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Environment settings for WebKitGTK and the libraries it loads, each
/// applied unless the environment already names the variable (so a centre's
/// IT, or a measurement, can set any of them to another value). Measured
/// with the release window (e2e/bench.test.mjs: 2,014 keystrokes and 100
/// answers under Xvfb, no GPU; PSS of the desk and its WebKit processes
/// after the run, one run each on 2026-12-04):
///
/// | settings | PSS after the run | keystroke p95 | Enter p95 |
/// |---|---|---|---|
/// | only the DMA-BUF renderer off | 313.3 MiB | 33 ms | 34 ms |
/// | + softpipe | 299.5 MiB | 34 ms | 35 ms |
/// | + softpipe, JavaScript JIT off | 262.0 MiB | 37 ms | 43 ms |
#[cfg(target_os = "linux")]
const WEBKIT_DEFAULTS: [(&str, &str); 3] = [
    // The DMA-BUF renderer off: the web process starts with about 95 MiB
    // less PSS and stays about 190 MiB lower after 2,014 searches, and a
    // frame is painted about 1 ms after the DOM changed instead of 12.
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    // Without a GPU (virtual desktops, this test machine) Mesa renders in
    // software; its default, llvmpipe, compiles shaders with LLVM and
    // touches about 5 MiB more of libLLVM in each of the desk and its web
    // process than softpipe does; the measured paints were not slower with
    // softpipe (table above). Mesa reads the variable only on its software
    // path: a desk with a GPU is not affected.
    ("GALLIUM_DRIVER", "softpipe"),
    // JavaScriptCore's interpreter only, no JIT compilers: the page's
    // script is a small Svelte app whose time goes into layout and paint,
    // not into hot loops. The JITs' code and their compile-time heaps were
    // about 32 MiB of the web process after a run. The price is 3–5 ms of
    // p95: later runs measured Enter p95 47 ms quiet and 53 ms in CI against
    // issue 15's 50 ms (ARCHITECTURE.md), so the answer's work in the page is
    // what to cut next. Less executable memory is also less to attack.
    ("JSC_useJIT", "0"),
];

/// Applies [`WEBKIT_DEFAULTS`]. WebKit and Mesa read these variables in this
/// process and in the WebKit processes it starts; changing this process's
/// environment would need `unsafe` (the workspace forbids it), so the desk
/// starts itself again with the missing ones set: `exec` keeps the process
/// id and arguments, and costs a few milliseconds. After that every
/// variable is set, so it happens once. If the `exec` fails the desk runs on
/// with WebKit's defaults.
#[cfg(target_os = "linux")]
fn set_webkit_defaults() {
    use std::os::unix::process::CommandExt;
    let missing: Vec<(&str, &str)> = WEBKIT_DEFAULTS
        .into_iter()
        .filter(|(name, _)| std::env::var_os(name).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let error = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .envs(missing.iter().copied())
        .exec();
    eprintln!("auskunft-desk: could not set WebKit's environment ({error}); its defaults are used");
}
