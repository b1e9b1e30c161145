//! A caller's telephone number and e-mail address: one rule for each.
//!
//! Every place that takes a contact uses these types: a forward's reply
//! address in the call log (`cases::NewForward::check`), the portal form's
//! `contact` (`handoff::read`), and pre-filling a form from the contact the
//! store kept or from the notes (`handoff::draft`). With two rule sets a
//! number the forward accepted was silently not pre-filled into the portal
//! form; with one, what the desk keeps is what the portal takes.
//!
//! A module of its own rather than inside `cases` or `handoff`: both take
//! contacts and neither owns the rule. The rule is the portal contract's
//! (`docs/portal-api.yaml`, `Contact`): a number starts with 0 or + and has
//! 6 to 15 digits (E.164's maximum), which is also what a callback needs;
//! an address has a local part, a domain with a dot and a top-level domain
//! of letters. The errors are the German sentences the form shows.

use crate::error::quote_char;

/// Longest e-mail address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;

/// A telephone number as agents type it: digits with `+`, spaces, `/`,
/// `-`, `(`, `)`; starting with 0 or + (after an opening parenthesis);
/// 6 to 15 digits. Kept as typed, runs of spaces collapsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Parses a number; the error is a German sentence for the agent.
    pub fn parse(text: &str) -> Result<Phone, String> {
        let text = text.trim();
        if let Some(c) = text
            .chars()
            .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '/' | '(' | ')')))
        {
            return Err(format!(
                "Telefonnummer: {} ist nicht erlaubt.",
                quote_char(c)
            ));
        }
        let start = text.trim_start_matches('(');
        if !(start.starts_with('+') || start.starts_with('0')) {
            return Err("Die Telefonnummer beginnt mit 0 oder mit + und der Landesvorwahl.".into());
        }
        let digits = text.chars().filter(char::is_ascii_digit).count();
        if !(6..=15).contains(&digits) {
            return Err("Die Telefonnummer hat 6 bis 15 Ziffern.".into());
        }
        Ok(Phone(text.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    /// The number as kept.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as kept, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An e-mail address, checked as far as a typo shows: one `@`, a local
/// part of at most 64 characters, a domain of non-empty labels whose last
/// is two or more letters, no spaces or control characters, at most
/// [`EMAIL_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an address; the error is a German sentence for the agent.
    pub fn parse(text: &str) -> Result<Email, String> {
        let text = text.trim();
        let wrong =
            || "Die E-Mail-Adresse sieht nicht vollständig aus (name@beispiel.de).".to_string();
        if text.len() > EMAIL_MAX || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(wrong());
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(wrong());
        };
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
        if local.is_empty()
            || local.len() > 64
            || domain.contains('@')
            || labels.len() < 2
            || labels.iter().any(|l| l.is_empty())
            || !tld_ok
        {
            return Err(wrong());
        }
        Ok(Email(text.to_string()))
    }

    /// The address as kept.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address as kept, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_table() {
        for (ok, kept) in [
            ("0234 910-0", "0234 910-0"),
            ("+49 234 9100", "+49 234 9100"),
            ("(0234) 123456", "(0234) 123456"),
            ("0171/1234567", "0171/1234567"),
            ("  0234   910-0 ", "0234 910-0"),
            ("0234 / 910-0", "0234 / 910-0"),
        ] {
            assert_eq!(Phone::parse(ok).map(Phone::into_string), Ok(kept.into()));
        }
        for bad in [
            "234 910",
            "0234 abc",
            "012",
            "02 34",
            "+49 1234 5678 9012 3456",
            "bitte zurückrufen",
            "",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
        let e = Phone::parse("0234\u{1b}[31m").unwrap_err();
        assert!(e.contains("„\\u{1b}“") && !e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn email_table() {
        for ok in [
            "a@b.de",
            "max.muster@example.org",
            "x+y@sub.bochum.de",
            " a@b.de ",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a", "a@b", "@b.de", "a@.de", "a@b.d", "a b@c.de", "a@b@c.de", "a@b.1e", "a.de",
            "a@@b.de", "",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(65));
        assert!(Email::parse(&long).is_err());
    }
}
