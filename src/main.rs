//! The `auskunft` command line: the fast loop for developing and checking
//! the core, and the contract scripts rely on (see README.md).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
