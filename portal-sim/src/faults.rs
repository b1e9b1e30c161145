//! Which submissions fail, and how. Decisions are a pure function of the
//! seed, the Idempotency-Key and how often that key was tried, so a test
//! run is reproducible however requests interleave.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// What happens to one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fate {
    /// Close the connection before handling: no answer, nothing stored.
    pub drop: bool,
    /// Answer 503 without handling.
    pub fail: bool,
    /// Handle (store), then close the connection without answering.
    pub lost_reply: bool,
}

/// The configured fault rates.
#[derive(Debug)]
pub struct Faults {
    seed: u64,
    drop_rate: f64,
    fail_rate: f64,
    lost_reply_rate: f64,
    delay: Duration,
    attempts: Mutex<HashMap<String, u64>>,
}

impl Faults {
    /// Rates are shares in 0..=1.
    pub fn new(
        seed: u64,
        drop_rate: f64,
        fail_rate: f64,
        lost_reply_rate: f64,
        delay: Duration,
    ) -> Self {
        Faults {
            seed,
            drop_rate,
            fail_rate,
            lost_reply_rate,
            delay,
            attempts: Mutex::new(HashMap::new()),
        }
    }

    /// How long to wait before answering.
    pub fn delay(&self) -> Duration {
        self.delay
    }

    /// The fate of the next attempt with `key`.
    pub fn decide(&self, key: &str) -> Fate {
        if self.drop_rate <= 0.0 && self.fail_rate <= 0.0 && self.lost_reply_rate <= 0.0 {
            // No faults configured: keep no per-key counters at all.
            return Fate::default();
        }
        let attempt = {
            let mut attempts = self
                .attempts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let n = attempts.entry(key.to_string()).or_insert(0);
            *n += 1;
            *n
        };
        let mut state =
            self.seed ^ fnv1a(key).rotate_left(21) ^ attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut draw = || unit(splitmix64(&mut state));
        // Always three draws in the same order, so one rate does not shift
        // the others' decisions.
        let (d, f, l) = (draw(), draw(), draw());
        Fate {
            drop: d < self.drop_rate,
            fail: f < self.fail_rate,
            lost_reply: l < self.lost_reply_rate,
        }
    }
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Uniform in [0, 1): 53 random bits.
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(seed: u64, rate: f64) -> Faults {
        Faults::new(seed, rate, rate, rate, Duration::ZERO)
    }

    #[test]
    fn same_seed_same_fates_whatever_the_order() {
        let a = faults(7, 0.3);
        let b = faults(7, 0.3);
        let forward: Vec<Fate> = (0..200).map(|i| a.decide(&format!("key-{i}"))).collect();
        let mut backward: Vec<Fate> = (0..200)
            .rev()
            .map(|i| b.decide(&format!("key-{i}")))
            .collect();
        backward.reverse();
        assert_eq!(forward, backward);
        let other: Vec<Fate> = (0..200)
            .map(|i| faults(8, 0.3).decide(&format!("key-{i}")))
            .collect();
        assert_ne!(forward, other);
    }

    #[test]
    fn retries_of_a_key_get_fresh_fates() {
        let f = faults(1, 0.5);
        let fates: Vec<Fate> = (0..32).map(|_| f.decide("one-key")).collect();
        assert!(fates.iter().any(|fate| fate.fail) && fates.iter().any(|fate| !fate.fail));
    }

    #[test]
    fn rates_are_kept() {
        let f = Faults::new(42, 0.1, 0.3, 0.0, Duration::ZERO);
        let n = 20_000;
        let fates: Vec<Fate> = (0..n).map(|i| f.decide(&i.to_string())).collect();
        let share =
            |pick: fn(&Fate) -> bool| fates.iter().filter(|x| pick(x)).count() as f64 / n as f64;
        assert!((share(|x| x.drop) - 0.1).abs() < 0.01);
        assert!((share(|x| x.fail) - 0.3).abs() < 0.015);
        assert_eq!(share(|x| x.lost_reply), 0.0);
        let always = faults(3, 1.0).decide("k");
        assert!(always.drop && always.fail && always.lost_reply);
        assert_eq!(faults(3, 0.0).decide("k"), Fate::default());
    }
}
