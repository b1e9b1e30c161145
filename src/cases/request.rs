//! Request keys: what makes a desk's write safe to send again.
//!
//! A write whose COMMIT was cut by a lost connection has an unknown fate:
//! the server may have committed it or not. Sending it again must not
//! start a second call or write a second forward. The window gives each
//! "take a call" and each forward dialog a key of its own, and keeps it
//! until the write is confirmed; the store keeps the key with the row
//! (a unique column), so a second arrival finds the first row instead of
//! writing another. Writes without a key from the caller get a fresh one,
//! which still covers the store's own retry after a lost connection
//! ([`crate::cases::CaseStore`]'s retrying writes).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Shortest and longest key accepted. A UUID (36 characters) fits; the
/// lower bound keeps guessable keys ("1", "abc") out.
const MIN_LEN: usize = 16;
const MAX_LEN: usize = 64;

/// A client-chosen key that identifies one intended write.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RequestKey(String);

impl RequestKey {
    /// A fresh random key (UUID v4).
    pub fn fresh() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    /// Checks a key given by a client: 16 to 64 characters of ASCII
    /// letters, digits, `-` and `_`.
    pub fn parse(text: &str) -> Result<Self> {
        let ok_chars = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !(MIN_LEN..=MAX_LEN).contains(&text.len()) || !ok_chars {
            return Err(Error::invalid(
                "request_key",
                format!(
                    "{} is not a request key ({MIN_LEN} to {MAX_LEN} letters, digits, '-' or '_')",
                    crate::error::quote(text)
                ),
            ));
        }
        Ok(Self(text.to_string()))
    }

    /// The key's text, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key given by a client, or a fresh one when it gave none.
    pub fn given_or_fresh(given: Option<&str>) -> Result<Self> {
        given.map_or_else(|| Ok(Self::fresh()), Self::parse)
    }
}

impl TryFrom<String> for RequestKey {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        Self::parse(&s)
    }
}

impl From<RequestKey> for String {
    fn from(k: RequestKey) -> Self {
        k.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_a_key_and_short_or_odd_text_is_not() {
        let fresh = RequestKey::fresh();
        assert_eq!(RequestKey::parse(fresh.as_str()).expect("uuid"), fresh);
        assert_ne!(RequestKey::fresh(), RequestKey::fresh());
        for bad in [
            "",
            "1",
            "abc",
            "zu kurz",
            "0123456789abcdef'; DROP",
            &"a".repeat(65),
        ] {
            let e = RequestKey::parse(bad).expect_err(bad);
            assert_eq!(e.code(), crate::error::ErrorCode::InvalidInput, "{bad}");
        }
        assert!(RequestKey::parse("0123456789abcdef").is_ok());
        assert!(RequestKey::given_or_fresh(None).is_ok());
        assert!(RequestKey::given_or_fresh(Some("x")).is_err());
    }
}
