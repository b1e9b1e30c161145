//! The command line.

use std::path::PathBuf;
use std::time::Duration;

use auskunft::handoff::plate::{Plate, PlateArea};
use clap::Parser;

/// A reference "Mein Bochum" portal backend with fault injection.
#[derive(Debug, Parser)]
#[command(name = "portal-sim", version)]
pub struct Args {
    /// Address to listen on, e.g. 127.0.0.1:0 for any free port.
    #[arg(long)]
    pub listen: String,
    /// Bearer token clients must send.
    #[arg(long, env = "PORTAL_SIM_TOKEN", hide_env_values = true)]
    pub token: String,
    /// Share of submissions answered 503 (0–1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub fail_rate: f64,
    /// Share of submissions whose connection is closed before handling (0–1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub drop_rate: f64,
    /// Share of submissions stored and then left unanswered, the connection
    /// closed (0–1).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub lost_reply_rate: f64,
    /// Milliseconds to wait before answering a submission.
    #[arg(long, default_value_t = 0)]
    pub delay_ms: u64,
    /// Seed of the fault decisions: the same seed gives every key's n-th
    /// attempt the same fate.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// JSON file to keep applications in across restarts (written
    /// atomically before each answer); in memory without it.
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Number plates someone else has reserved already, comma-separated
    /// (`BO-AB 1,WAT-X 7`): a Wunschkennzeichen or re-registration wishing
    /// one is refused with 422 on its plate field, the rejection only the
    /// portal can know (demo and tests of correcting a rejected
    /// application).
    #[arg(long, value_delimiter = ',')]
    pub taken_plates: Vec<String>,
}

impl Args {
    /// Checks what clap cannot.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.token.trim().is_empty() {
            anyhow::bail!("--token must not be empty");
        }
        self.taken_plates()?;
        Ok(())
    }

    /// `--taken-plates` in canonical form (`BO-AB 1`).
    pub fn taken_plates(&self) -> anyhow::Result<Vec<String>> {
        self.taken_plates
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                Plate::parse(p, PlateArea::Germany)
                    .map(|plate| plate.to_string())
                    .map_err(|e| anyhow::anyhow!("--taken-plates: {p:?}: {e}"))
            })
            .collect()
    }

    /// `--delay-ms` as a duration.
    pub fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms)
    }
}

fn rate(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_between_zero_and_one() {
        assert_eq!(rate("0"), Ok(0.0));
        assert_eq!(rate("0.3"), Ok(0.3));
        assert_eq!(rate("1"), Ok(1.0));
        assert!(rate("1.5").is_err());
        assert!(rate("-0.1").is_err());
        assert!(rate("NaN").is_err());
        assert!(rate("x").is_err());
    }
}
