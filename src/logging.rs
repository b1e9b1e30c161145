//! Logging to a size-limited file in the data folder.
//!
//! Log lines carry ids, counts and codes, never what a caller said: search
//! text and notes stay out of the log (GDPR: personal data only where the
//! case needs it).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// Largest log file before it is rotated to `auskunft.log.1`.
pub const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;

/// Opens the log for appending, readable by its owner only: ids and codes
/// are no secret, but a desk's log is nobody else's business either. A file
/// an older release created with the default mode is narrowed too.
fn open_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        options.open(path)
    }
}

/// A writer that rotates `auskunft.log` to `auskunft.log.1` once it
/// exceeds [`MAX_LOG_BYTES`], so logs never fill the disk.
#[derive(Debug)]
pub struct RotatingFile {
    path: PathBuf,
    limit: u64,
    state: Mutex<Option<(File, u64)>>,
}

impl RotatingFile {
    /// A rotating log at `path` with the given size limit.
    pub fn new(path: &Path, limit: u64) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = open_private(path)?;
        let len = file.metadata()?.len();
        Ok(Self {
            path: path.to_path_buf(),
            limit,
            state: Mutex::new(Some((file, len))),
        })
    }

    fn write_line(&self, buf: &[u8]) -> std::io::Result<usize> {
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, len)) = guard.as_ref() {
            if *len + buf.len() as u64 > self.limit {
                *guard = None;
                let old = self.path.with_extension("log.1");
                std::fs::rename(&self.path, old)?;
                let f = open_private(&self.path)?;
                *guard = Some((f, 0));
            }
        } else {
            let f = open_private(&self.path)?;
            let len = f.metadata()?.len();
            *guard = Some((f, len));
        }
        match guard.as_mut() {
            Some((f, len)) => {
                f.write_all(buf)?;
                *len += buf.len() as u64;
                Ok(buf.len())
            }
            None => Ok(0),
        }
    }
}

/// A handle implementing `io::Write` for tracing.
#[derive(Debug, Clone, Copy)]
pub struct LogWriter(&'static RotatingFile);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_line(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs a tracing subscriber writing to `<data>/logs/auskunft.log`
/// (level from `AUSKUNFT_LOG`, default `info`). Returns the log path, or
/// `None` if the file cannot be opened (then logs go to stderr).
pub fn init(data_dir: &Path) -> Option<PathBuf> {
    let filter = EnvFilter::try_from_env("AUSKUNFT_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let path = data_dir.join("logs").join("auskunft.log");
    match RotatingFile::new(&path, MAX_LOG_BYTES) {
        Ok(file) => {
            let file: &'static RotatingFile = Box::leak(Box::new(file));
            let res = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_ansi(false)
                .with_writer(move || LogWriter(file))
                .try_init();
            res.ok().map(|_| path)
        }
        Err(_) => {
            // A subscriber may already be installed (tests); that one wins.
            tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .try_init()
                .ok();
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotates_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auskunft.log");
        let f = RotatingFile::new(&path, 100).unwrap();
        for _ in 0..30 {
            f.write_line(b"0123456789\n").unwrap();
        }
        assert!(std::fs::metadata(&path).unwrap().len() <= 100);
        assert!(path.with_extension("log.1").exists());
    }
}
