//! Writing to stdout and stderr without panicking. `println!` panics when
//! the reader has gone (`auskunft calls list | head -1`: EPIPE, exit 101);
//! [`outln!`] returns the error instead, and `run` ends the command
//! quietly with exit 0 when stdout is a closed pipe, as ripgrep does: the
//! reader has what it wanted. [`note!`] writes to stderr and never fails.

use std::io::Write;

/// `println!` that returns `std::io::Result<()>` instead of panicking.
macro_rules! outln {
    () => {
        $crate::cli::out::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::out::line(format_args!($($arg)*))
    };
}

/// `eprintln!` that cannot panic: a message for a closed stderr is dropped.
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::cli::out::note_line(format_args!($($arg)*))
    };
}

/// One line on stdout.
pub fn line(args: std::fmt::Arguments<'_>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)?;
    out.write_all(b"\n")
}

/// One line on stderr. If stderr is gone too (`2>&1 | head`), nobody is
/// left to tell, and a message must never turn into a panic.
pub fn note_line(args: std::fmt::Arguments<'_>) {
    if let Err(e) = writeln!(std::io::stderr().lock(), "{args}") {
        tracing::debug!(error = %e, "stderr closed, message dropped");
    }
}

/// Whether a command ended because its output went into a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
