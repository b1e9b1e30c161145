// No console window on Windows release builds; Linux ignores this.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    match auskunft_desk::run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("auskunft-desk: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
