//! Pre-filling a form from what the call already knows: the caller contact
//! taken for a forward, the notes the agent typed, and earlier applications
//! of the same call. Only well-formed values are taken (a plate in the
//! notes must parse as a plate), so a pre-filled field is never a guess
//! the agent has to undo; the agent still sees and confirms every value.

use std::collections::BTreeMap;

use serde_json::Value;

use super::PortalService;
use super::codes::{Iban, Vin};
use super::plate::{Plate, PlateArea};
use super::spec::{Fact, FormSpec, FormValues, form_spec};
use crate::cases::CallerContact;
use crate::contact::{Email, Phone};

/// Facts of one call, by kind; the first source to name a fact wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFacts(BTreeMap<Fact, String>);

impl CallFacts {
    /// The value of `fact`, if the call named it.
    pub fn get(&self, fact: Fact) -> Option<&str> {
        self.0.get(&fact).map(String::as_str)
    }

    fn offer(&mut self, fact: Fact, value: impl Into<String>) {
        let value = value.into();
        if !value.trim().is_empty() {
            self.0.entry(fact).or_insert(value);
        }
    }

    /// Facts from an earlier application of the call (its stored `data`).
    /// Fields about the person in a civil register are skipped: that
    /// person is often not the caller (a parent, someone deceased).
    pub fn add_application(&mut self, service: PortalService, data: &Value) {
        let spec = form_spec(service);
        let values = spec.values_of(data);
        for f in spec.fields() {
            if f.path.starts_with("person.") {
                continue;
            }
            if let (Some(fact), Some(value)) = (f.fact, values.get(&f.path)) {
                self.offer(fact, value.clone());
            }
        }
        // The account holder and the holder's name are one person.
        if let (Some(given), Some(surname)) = (self.get(Fact::GivenNames), self.get(Fact::Surname))
        {
            let full = format!("{given} {surname}");
            self.offer(Fact::FullName, full);
        }
    }

    /// Facts from the caller contact stored with the call.
    pub fn add_contact(&mut self, caller: &CallerContact) {
        if let Some((given, surname)) = caller.name.as_deref().and_then(split_name) {
            self.offer(Fact::FullName, format!("{given} {surname}"));
            self.offer(Fact::GivenNames, given);
            self.offer(Fact::Surname, surname);
        }
        if let Some(p) = caller.phone.as_deref().and_then(|p| Phone::parse(p).ok()) {
            self.offer(Fact::Phone, p.into_string());
        }
        if let Some(e) = caller.email.as_deref().and_then(|e| Email::parse(e).ok()) {
            self.offer(Fact::Email, e.into_string());
        }
        if let Some(address) = caller.address.as_deref() {
            let parts = split_address(address);
            for (fact, value) in [
                (Fact::Street, parts.street),
                (Fact::HouseNumber, parts.house_number),
                (Fact::PostalCode, parts.postal_code),
                (Fact::City, parts.city),
            ] {
                if let Some(value) = value {
                    self.offer(fact, value);
                }
            }
        }
    }

    /// Facts in free-text notes: plates, VINs, IBANs, e-mail addresses and
    /// telephone numbers, each only if it is well-formed.
    pub fn add_notes(&mut self, notes: &str) {
        let words: Vec<&str> = notes
            .split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '„' | '“'))
            })
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| !w.is_empty())
            .collect();
        let mut i = 0;
        while i < words.len() {
            let word = words[i];
            let (fact, used) = if word.contains('@') {
                (
                    Email::parse(word)
                        .ok()
                        .map(|e| (Fact::Email, e.into_string())),
                    1,
                )
            } else if let Some(vin) = (word.len() == 17).then(|| Vin::parse(word).ok()).flatten() {
                (Some((Fact::Vin, vin.to_string())), 1)
            } else if let Some((iban, used)) = iban_at(&words[i..]) {
                (Some((Fact::Iban, iban)), used)
            } else if let Some((plate, used)) = plate_at(word, words.get(i + 1).copied()) {
                (Some((Fact::Plate, plate)), used)
            } else if let Some((p, used)) = phone_at(&words[i..]) {
                (Some((Fact::Phone, p)), used)
            } else {
                (None, 1)
            };
            if let Some((fact, value)) = fact {
                self.offer(fact, value);
            }
            i += used;
        }
    }
}

/// A plate written as `BO-AB 123` (two words) or `BO-AB123` (one); words
/// without a hyphen are not tried, so "am 12" never becomes a plate.
fn plate_at(word: &str, next: Option<&str>) -> Option<(String, usize)> {
    if !word.contains('-') {
        return None;
    }
    let two = next
        .map(|n| format!("{word} {n}"))
        .and_then(|t| Plate::parse(&t, PlateArea::Germany).ok())
        .map(|p| (p.to_string(), 2));
    two.or_else(|| {
        Plate::parse(word, PlateArea::Germany)
            .ok()
            .map(|p| (p.to_string(), 1))
    })
}

/// An IBAN starting at the first word, written in one piece or in groups.
fn iban_at(words: &[&str]) -> Option<(String, usize)> {
    let first = words.first()?;
    // Bytes, not string slices: a note's word may start with "Ä".
    let b = first.as_bytes();
    let starts = b.len() >= 4
        && b[..2].iter().all(u8::is_ascii_alphabetic)
        && b[2..4].iter().all(u8::is_ascii_digit);
    if !starts {
        return None;
    }
    let mut joined = String::new();
    for (n, word) in words.iter().take(9).enumerate() {
        if !word.chars().all(|c| c.is_ascii_alphanumeric()) || joined.len() + word.len() > 34 {
            break;
        }
        joined.push_str(word);
        if let Ok(iban) = Iban::parse(&joined) {
            return Some((iban.to_string(), n + 1));
        }
    }
    None
}

/// A telephone number starting at the first word (`0234 123456`,
/// `+49 234 9100`, `(0234) 91-0`), at most four words.
fn phone_at(words: &[&str]) -> Option<(String, usize)> {
    let first = words.first()?;
    if !(first.starts_with('0') || first.starts_with('+')) {
        return None;
    }
    let is_part = |w: &&str| {
        w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '/'))
    };
    let parts: Vec<&str> = words
        .iter()
        .copied()
        .take(4)
        .take_while(|w| is_part(w))
        .collect();
    // Longest run first: "0234 123456" rather than "0234".
    (1..=parts.len()).rev().find_map(|n| {
        Phone::parse(&parts[..n].join(" "))
            .ok()
            .map(|p| (p.into_string(), n))
    })
}

/// "Erika Mustermann", "Frau Dr. Erika Mustermann" → given names and
/// surname (the last word); one word alone is not split.
fn split_name(name: &str) -> Option<(String, String)> {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !matches!(*w, "Frau" | "Herr" | "Dr." | "Prof."))
        .collect();
    let (surname, given) = words.split_last()?;
    if given.is_empty() {
        return None;
    }
    Some((given.join(" "), (*surname).to_string()))
}

#[derive(Debug, Default, PartialEq, Eq)]
struct AddressParts {
    street: Option<String>,
    house_number: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
}

/// "Hattinger Straße 389, 44795 Bochum" → its parts; whatever cannot be
/// told apart is left out.
fn split_address(address: &str) -> AddressParts {
    let mut parts = AddressParts::default();
    let words: Vec<&str> = address
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let postal = words
        .iter()
        .position(|w| w.len() == 5 && w.chars().all(|c| c.is_ascii_digit()));
    let street_end = postal.unwrap_or(words.len());
    let street_words = &words[..street_end];
    if let Some(number_at) = street_words
        .iter()
        .rposition(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|&i| i > 0)
    {
        parts.street = Some(street_words[..number_at].join(" "));
        parts.house_number = Some(street_words[number_at..].concat());
    }
    if let Some(p) = postal {
        parts.postal_code = Some(words[p].to_string());
        let city = words[p + 1..].join(" ");
        if !city.is_empty() {
            parts.city = Some(city);
        }
    }
    parts
}

impl FormSpec {
    /// A new form's values: defaults, then every field whose fact the call
    /// knows.
    pub fn prefill(&self, facts: &CallFacts) -> FormValues {
        let mut values = self.defaults();
        for f in self.fields() {
            if let Some(value) = f.fact.and_then(|fact| facts.get(fact)) {
                values.insert(f.path.clone(), value.to_string());
            }
        }
        values
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_yield_only_well_formed_facts() {
        let mut facts = CallFacts::default();
        facts.add_notes(
            "Anrufer will Wunschkennzeichen bo-em 64, am 12. Termin. FIN WVWZZZ1JZXW000001; \
             IBAN DE89 3704 0044 0532 0130 00, Tel. 0234 123456 oder erika@example.org.",
        );
        assert_eq!(facts.get(Fact::Plate), Some("BO-EM 64"));
        assert_eq!(facts.get(Fact::Vin), Some("WVWZZZ1JZXW000001"));
        assert_eq!(facts.get(Fact::Iban), Some("DE89370400440532013000"));
        assert_eq!(facts.get(Fact::Phone), Some("0234 123456"));
        assert_eq!(facts.get(Fact::Email), Some("erika@example.org"));

        let mut none = CallFacts::default();
        none.add_notes(
            "Ärger am 12.08. um 10-12 Uhr, Zimmer 0 und DE12 3 und WVW-ZZZ Öffnungszeit Üb",
        );
        assert_eq!(none, CallFacts::default(), "{none:?}");
    }

    #[test]
    fn contact_fills_names_and_address() {
        let mut facts = CallFacts::default();
        facts.add_contact(&CallerContact {
            name: Some("Frau Erika Maria Mustermann".into()),
            phone: Some("0171 1234567".into()),
            email: Some("kein Mail".into()),
            address: Some("Hattinger Straße 389 a, 44795 Bochum".into()),
        });
        assert_eq!(facts.get(Fact::GivenNames), Some("Erika Maria"));
        assert_eq!(facts.get(Fact::Surname), Some("Mustermann"));
        assert_eq!(facts.get(Fact::FullName), Some("Erika Maria Mustermann"));
        assert_eq!(facts.get(Fact::Street), Some("Hattinger Straße"));
        assert_eq!(facts.get(Fact::HouseNumber), Some("389a"));
        assert_eq!(facts.get(Fact::PostalCode), Some("44795"));
        assert_eq!(facts.get(Fact::City), Some("Bochum"));
        assert_eq!(facts.get(Fact::Phone), Some("0171 1234567"));
        assert_eq!(facts.get(Fact::Email), None, "not an address");

        let spec = form_spec(PortalService::Wunschkennzeichen);
        let values = spec.prefill(&facts);
        assert_eq!(values["holder.name.surname"], "Mustermann");
        assert_eq!(values["holder.address.house_number"], "389a");
        assert_eq!(values["contact.phone"], "0171 1234567");
        assert_eq!(values["vehicle_type"], "pkw", "defaults stay");
        assert!(!values.contains_key("plate"));
    }

    #[test]
    fn an_earlier_application_fills_the_next_but_not_the_registered_person() {
        let mut facts = CallFacts::default();
        facts.add_application(
            PortalService::Personenstandsurkunde,
            &super::super::example(PortalService::Personenstandsurkunde),
        );
        assert_eq!(facts.get(Fact::GivenNames), None, "person.* is skipped");
        assert_eq!(facts.get(Fact::Street), Some("Heinrichstraße"));

        facts.add_application(
            PortalService::Wunschkennzeichen,
            &super::super::example(PortalService::Wunschkennzeichen),
        );
        let values = form_spec(PortalService::KfzWiederzulassung).prefill(&facts);
        assert_eq!(values["plate.plate"], "BO-EM 1964");
        assert_eq!(values["account_holder"], "Erika Mustermann");
        assert_eq!(values["contact.email"], "erika.mustermann@example.org");
    }

    /// Whatever a forward accepts as the caller's number or address, the
    /// portal form takes and pre-fills: one rule (`crate::contact`), so a
    /// contact is never accepted in one place and dropped in the other.
    mod one_contact_rule {
        use proptest::prelude::*;

        use super::*;
        use crate::cases::{NewForward, ReplyChannel};

        fn forward(channel: ReplyChannel, caller: CallerContact) -> NewForward {
            NewForward {
                office_id: "steueramt".into(),
                question: "Rückruf erbeten".into(),
                channel,
                caller,
            }
        }

        /// The form's contact problems for these values (none: accepted).
        fn contact_problems(values: &FormValues) -> Vec<String> {
            let spec = form_spec(PortalService::Wunschkennzeichen);
            let (data, mut problems) = spec.to_data(values);
            problems.extend(crate::handoff::validate(
                PortalService::Wunschkennzeichen,
                &data,
            ));
            problems
                .into_iter()
                .filter(|p| p.field.starts_with("contact"))
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect()
        }

        fn check_phone(phone: &str) -> Result<(), TestCaseError> {
            let caller = CallerContact {
                phone: Some(phone.to_string()),
                ..CallerContact::default()
            };
            if forward(ReplyChannel::Phone, caller.clone())
                .check()
                .is_err()
            {
                return Ok(());
            }
            let mut facts = CallFacts::default();
            facts.add_contact(&caller);
            let values = form_spec(PortalService::Wunschkennzeichen).prefill(&facts);
            let filled = values.get("contact.phone");
            prop_assert!(
                filled.is_some(),
                "forward took {phone:?}, form not pre-filled"
            );
            let problems = contact_problems(&values);
            prop_assert!(problems.is_empty(), "{phone:?}: {problems:?}");
            Ok(())
        }

        fn check_email(email: &str) -> Result<(), TestCaseError> {
            let caller = CallerContact {
                email: Some(email.to_string()),
                ..CallerContact::default()
            };
            if forward(ReplyChannel::Email, caller.clone())
                .check()
                .is_err()
            {
                return Ok(());
            }
            let mut facts = CallFacts::default();
            facts.add_contact(&caller);
            let values = form_spec(PortalService::Wunschkennzeichen).prefill(&facts);
            prop_assert!(
                values.contains_key("contact.email"),
                "forward took {email:?}, form not pre-filled"
            );
            let problems = contact_problems(&values);
            prop_assert!(problems.is_empty(), "{email:?}: {problems:?}");
            Ok(())
        }

        #[test]
        fn numbers_and_addresses_the_old_forward_took() {
            // Each was accepted by the forward's own rules and refused by
            // the portal form's before there was one rule.
            for phone in [
                "12345",
                "234 910",
                "0234 1234 5678 9012 3456",
                " 0234  910-0 ",
            ] {
                check_phone(phone).unwrap();
            }
            for email in ["a@b.1e", "a@b.d", "a@b.c-", " a@b.de "] {
                check_email(email).unwrap();
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: crate::testing::cases(2000), .. ProptestConfig::default() })]

            #[test]
            fn a_phone_the_forward_takes_is_prefilled(phone in "[(]?[+0-9][0-9 /()+-]{0,24}") {
                check_phone(&phone)?;
            }

            #[test]
            fn an_email_the_forward_takes_is_prefilled(
                email in "[a-z.+]{0,6}@?[a-z0-9-]{0,5}[.]?[a-z0-9.-]{0,4}[ ]?"
            ) {
                check_email(&email)?;
            }
        }
    }

    #[test]
    fn addresses_without_parts_leave_them_out() {
        assert_eq!(split_address("Bochum"), AddressParts::default());
        let p = split_address("Kortumstr. 12");
        assert_eq!(p.street.as_deref(), Some("Kortumstr."));
        assert_eq!(p.house_number.as_deref(), Some("12"));
        assert_eq!(p.postal_code, None);
        assert_eq!(split_name("Mustermann"), None);
    }
}
