// No console window on Windows release builds; Linux ignores this.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(target_os = "linux")]
    set_environment_defaults();
    match auskunft_desk::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auskunft-desk: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Environment settings for WebKitGTK, the libraries it loads and the C
/// library's allocator, each applied unless the environment already names
/// the variable (so a centre's IT, or a measurement, can set any of them to
/// another value). Measured with the release window (e2e/bench.test.mjs:
/// 2,014 keystrokes and 100 answers under Xvfb, no GPU; PSS of the desk and
/// its WebKit processes after the run, one run each on 2026-12-04):
///
/// | settings | PSS after the run | keystroke p95 | Enter p95 |
/// |---|---|---|---|
/// | only the DMA-BUF renderer off | 313.3 MiB | 33 ms | 34 ms |
/// | + softpipe | 299.5 MiB | 34 ms | 35 ms |
/// | + softpipe, JavaScript JIT off | 262.0 MiB | 37 ms | 43 ms |
///
/// Three days later the same run measured 283.4 and 271.1 MiB without the
/// allocator's setting below and 257.6 and 257.9 MiB with it (2026-12-07).
#[cfg(target_os = "linux")]
const ENVIRONMENT_DEFAULTS: [(&str, &str); 4] = [
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
    // glibc's allocator with a fixed threshold of 128 KiB above which a
    // block gets its own mapping and goes back to the system when freed,
    // and a heap trimmed above that much free memory at its top. By default
    // the threshold grows with every large block freed (up to 32 MiB), and
    // blocks below it that are freed later (the desk builds its index at
    // start) stay in its threads' heaps as free but resident memory. With
    // it the desk's own process held 11–15 MiB less after the run, at the
    // same keystroke and Enter times; `auskunft bench search` with it set:
    // p50 0.212–0.234 ms against 0.203–0.213 ms without (two runs each).
    (
        "GLIBC_TUNABLES",
        "glibc.malloc.mmap_threshold=131072:glibc.malloc.trim_threshold=131072",
    ),
];

/// Applies [`ENVIRONMENT_DEFAULTS`]. WebKit, Mesa and glibc read these
/// variables when this process and the WebKit processes it starts begin;
/// changing this process's environment would need `unsafe` (the workspace
/// forbids it), so the desk starts itself again with the missing ones set:
/// `exec` keeps the process id and arguments, and costs a few milliseconds.
/// After that every variable is set, so it happens once. If the `exec`
/// fails the desk runs on with WebKit's and glibc's defaults.
#[cfg(target_os = "linux")]
fn set_environment_defaults() {
    use std::os::unix::process::CommandExt;
    let missing: Vec<(&str, &str)> = ENVIRONMENT_DEFAULTS
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
    eprintln!(
        "auskunft-desk: could not set its environment ({error}); WebKit's and glibc's defaults are used"
    );
}
