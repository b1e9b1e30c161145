//! JSON → typed form, one reader per service. Each reads every field
//! first (so every problem is reported) and only then builds the form.
//! Shared parts (names, addresses, contact, plates, Bochum places) live
//! here; the services in `civil` (Personenstandsurkunde), `parking`
//! (Bewohnerparkausweis) and `vehicle` (the three Kfz services).

mod civil;
mod parking;
mod vehicle;

use chrono::NaiveDate;
use serde_json::Value;

use super::fields::{Checker, Object, line, name};
use super::forms::{Address, Contact, Form, PersonName};
use super::plate::{Plate, PlateArea};
use super::{FieldProblem, PortalService};
use crate::kb::analysis::fold;

/// Reads `data` as the form of `service`.
pub(crate) fn form(
    service: PortalService,
    data: &Value,
    today: NaiveDate,
) -> Result<Form, Vec<FieldProblem>> {
    let mut c = Checker::default();
    let form = match service {
        PortalService::Personenstandsurkunde => {
            civil::personenstandsurkunde(&mut c, data, today).map(Form::Personenstandsurkunde)
        }
        PortalService::Wunschkennzeichen => {
            vehicle::wunschkennzeichen(&mut c, data).map(Form::Wunschkennzeichen)
        }
        PortalService::Bewohnerparkausweis => {
            parking::bewohnerparkausweis(&mut c, data).map(Form::Bewohnerparkausweis)
        }
        PortalService::KfzAbmeldung => vehicle::kfz_abmeldung(&mut c, data).map(Form::KfzAbmeldung),
        PortalService::KfzWiederzulassung => {
            vehicle::kfz_wiederzulassung(&mut c, data).map(Form::KfzWiederzulassung)
        }
    };
    match form {
        Some(form) if c.is_clean() => Ok(form),
        _ => Err(c.into_problems()),
    }
}

pub(super) fn person_name(
    c: &mut Checker,
    value: Option<&Value>,
    path: &str,
    label: &str,
) -> Option<PersonName> {
    let o = c.object(value, path, label, &["given_names", "surname"])?;
    let given_names = c.field(o, path, "given_names", "Vorname", name("Vorname"));
    let surname = c.field(o, path, "surname", "Familienname", name("Familienname"));
    Some(PersonName {
        given_names: given_names?,
        surname: surname?,
    })
}

pub(super) fn address(
    c: &mut Checker,
    value: Option<&Value>,
    path: &str,
    label: &str,
) -> Option<Address> {
    let o = c.object(
        value,
        path,
        label,
        &["street", "house_number", "postal_code", "city"],
    )?;
    let street = c.field(o, path, "street", "Straße", |t| {
        let street = line("Straße")(t)?;
        if street.chars().any(char::is_alphabetic) {
            Ok(street)
        } else {
            Err("Straße: bitte den Straßennamen angeben.".into())
        }
    });
    let house_number = c.field(o, path, "house_number", "Hausnummer", house_number);
    let postal_code = c.field(o, path, "postal_code", "Postleitzahl", |t| {
        if t.len() == 5 && t.chars().all(|c| c.is_ascii_digit()) {
            Ok(t.to_string())
        } else {
            Err("Die Postleitzahl hat fünf Ziffern.".into())
        }
    });
    let city = c.field(o, path, "city", "Ort", name("Ort"));
    Some(Address {
        street: street?,
        house_number: house_number?,
        postal_code: postal_code?,
        city: city?,
    })
}

/// `12`, `12a`, `12 a`, `3-5`, `3/5b`; spaces are dropped.
fn house_number(text: &str) -> Result<String, String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = number_part(&compact).map(|rest| match rest.strip_prefix(['-', '/']) {
        Some(second) => number_part(second),
        None => Some(rest),
    });
    match rest {
        Some(Some("")) => Ok(compact),
        _ => Err("Hausnummer wie 12, 12a oder 3-5 angeben.".into()),
    }
}

/// One to four digits (no leading zero) and an optional letter; the rest.
fn number_part(text: &str) -> Option<&str> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if !(1..=4).contains(&digits) || text.starts_with('0') {
        return None;
    }
    let rest = &text[digits..];
    match rest.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => Some(&rest[1..]),
        _ => Some(rest),
    }
}

pub(super) fn contact(c: &mut Checker, value: Option<&Value>, path: &str) -> Option<Contact> {
    let o = c.object(value, path, "Kontakt", &["phone", "email"])?;
    let phone = c.optional(o, path, "phone", "Telefonnummer", phone);
    let email = c.optional(o, path, "email", "E-Mail-Adresse", email);
    if matches!((&phone, &email), (Some(None), Some(None))) {
        c.report(path, "Bitte Telefonnummer oder E-Mail-Adresse angeben.");
    }
    Some(Contact {
        phone: phone?,
        email: email?,
    })
}

pub(crate) fn phone(text: &str) -> Result<String, String> {
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '/' | '(' | ')')))
    {
        return Err(format!("Telefonnummer: „{c}“ ist nicht erlaubt."));
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let start = text.trim_start_matches('(');
    if !(start.starts_with('+') || start.starts_with('0')) {
        return Err("Die Telefonnummer beginnt mit 0 oder mit + und der Landesvorwahl.".into());
    }
    if !(6..=15).contains(&digits) {
        return Err("Die Telefonnummer hat 6 bis 15 Ziffern.".into());
    }
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

pub(crate) fn email(text: &str) -> Result<String, String> {
    let wrong = || "Die E-Mail-Adresse sieht nicht vollständig aus (name@beispiel.de).".to_string();
    if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(wrong());
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(wrong());
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
    if local.is_empty()
        || local.len() > 64
        || domain.contains('@')
        || labels.len() < 2
        || labels.iter().any(|l| l.is_empty())
        || !tld_ok
    {
        return Err(wrong());
    }
    Ok(text.to_string())
}

pub(super) fn plate(
    c: &mut Checker,
    o: &Object,
    prefix: &str,
    key: &str,
    area: PlateArea,
) -> Option<Plate> {
    c.field(o, prefix, key, "Kennzeichen", |t| Plate::parse(t, area))
}

/// Bochum and its districts (folded): the Standesamt Bochum keeps the
/// registers of all of them, including Wattenscheid's since 1975.
const BOCHUM_PLACES: [&str; 32] = [
    "bochum",
    "wattenscheid",
    "langendreer",
    "gerthe",
    "querenburg",
    "weitmar",
    "linden",
    "dahlhausen",
    "stiepel",
    "harpen",
    "werne",
    "hamme",
    "hordel",
    "riemke",
    "grumme",
    "hiltrop",
    "bergen",
    "laer",
    "altenbochum",
    "wiemelhausen",
    "eppendorf",
    "hontrop",
    "gunnigfeld",
    "leithe",
    "sevinghausen",
    "westenfeld",
    "munscheid",
    "hofstede",
    "kornharpen",
    "rosenberg",
    "ehrenfeld",
    "brenschede",
];

pub(super) fn is_bochum(place: &str) -> bool {
    let folded = fold(place);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        ["bochum", ..] => true,
        [one] => BOCHUM_PLACES.contains(one),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn house_number_table() {
        for ok in ["12", "12a", "12 a", "3-5", "3/5b", "1", "9999"] {
            assert!(house_number(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "a", "0", "012", "12345", "12ab", "3-", "3--5", "12.", "x12",
        ] {
            assert!(house_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_and_email_table() {
        for ok in [
            "0234 910-0",
            "+49 234 9100",
            "(0234) 123456",
            "0171/1234567",
        ] {
            assert!(phone(ok).is_ok(), "{ok}");
        }
        for bad in ["234 910", "0234 abc", "012", "+49 1234 5678 9012 3456"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
        for ok in ["a@b.de", "max.muster@example.org", "x+y@sub.bochum.de"] {
            assert!(email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a", "a@b", "@b.de", "a@.de", "a@b.d", "a b@c.de", "a@b@c.de", "a@b.1e",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bochum_places() {
        for ok in [
            "Bochum",
            "bochum",
            "Bochum-Wattenscheid",
            "Bochum Langendreer",
            "Wattenscheid",
            "Höntrop",
        ] {
            assert!(is_bochum(ok), "{ok}");
        }
        for bad in [
            "Essen",
            "Herne",
            "Bochumer Land",
            "Dortmund-Bochum",
            "Wattenscheid Essen",
        ] {
            assert!(!is_bochum(bad), "{bad}");
        }
    }
}
