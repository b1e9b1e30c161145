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
use crate::contact::{Email, Phone};
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
    let phone = c.optional(o, path, "phone", "Telefonnummer", |t| {
        Phone::parse(t).map(Phone::into_string)
    });
    let email = c.optional(o, path, "email", "E-Mail-Adresse", |t| {
        Email::parse(t).map(Email::into_string)
    });
    if matches!((&phone, &email), (Some(None), Some(None))) {
        c.report(path, "Bitte Telefonnummer oder E-Mail-Adresse angeben.");
    }
    Some(Contact {
        phone: phone?,
        email: email?,
    })
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
