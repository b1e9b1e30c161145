//! JSON → typed form, one reader per service. Each reads every field
//! first (so every problem is reported) and only then builds the form.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::codes::{Evb, Iban, SealCode, Vin, Zb1SecurityCode, Zb2Number};
use super::fields::{Checker, Object, free_text, join, line, name};
use super::forms::*;
use super::plate::{Plate, PlateArea};
use super::{FieldProblem, PortalService, zones};
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
            personenstandsurkunde(&mut c, data, today).map(Form::Personenstandsurkunde)
        }
        PortalService::Wunschkennzeichen => {
            wunschkennzeichen(&mut c, data).map(Form::Wunschkennzeichen)
        }
        PortalService::Bewohnerparkausweis => {
            bewohnerparkausweis(&mut c, data).map(Form::Bewohnerparkausweis)
        }
        PortalService::KfzAbmeldung => kfz_abmeldung(&mut c, data).map(Form::KfzAbmeldung),
        PortalService::KfzWiederzulassung => {
            kfz_wiederzulassung(&mut c, data).map(Form::KfzWiederzulassung)
        }
    };
    match form {
        Some(form) if c.is_clean() => Ok(form),
        _ => Err(c.into_problems()),
    }
}

// ------------------------------------------------------------------ shared parts

fn person_name(
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

fn address(c: &mut Checker, value: Option<&Value>, path: &str, label: &str) -> Option<Address> {
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

fn contact(c: &mut Checker, value: Option<&Value>, path: &str) -> Option<Contact> {
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

fn phone(text: &str) -> Result<String, String> {
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

fn email(text: &str) -> Result<String, String> {
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

fn plate(c: &mut Checker, o: &Object, prefix: &str, key: &str, area: PlateArea) -> Option<Plate> {
    c.field(o, prefix, key, "Kennzeichen", |t| Plate::parse(t, area))
}

// ------------------------------------------------------------------ personenstandsurkunde

const CERTIFICATE_KINDS: [(&str, CertificateKind); 4] = [
    ("geburt", CertificateKind::Geburt),
    ("ehe", CertificateKind::Ehe),
    ("lebenspartnerschaft", CertificateKind::Lebenspartnerschaft),
    ("sterbe", CertificateKind::Sterbe),
];

const RELATIONS: [(&str, Relation); 7] = [
    ("self", Relation::Myself),
    ("spouse_or_partner", Relation::SpouseOrPartner),
    ("parent", Relation::Parent),
    ("child", Relation::Child),
    ("grandparent", Relation::Grandparent),
    ("grandchild", Relation::Grandchild),
    ("other", Relation::Other),
];

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

/// Years a register stays with the Standesamt before it goes to the
/// Stadtarchiv (§ 7 PStG).
fn register_years(kind: CertificateKind) -> i32 {
    match kind {
        CertificateKind::Geburt => 110,
        CertificateKind::Ehe | CertificateKind::Lebenspartnerschaft => 80,
        CertificateKind::Sterbe => 30,
    }
}

fn personenstandsurkunde(
    c: &mut Checker,
    data: &Value,
    today: NaiveDate,
) -> Option<Personenstandsurkunde> {
    let keys = [
        "kind",
        "person",
        "event",
        "copies",
        "purpose",
        "applicant",
        "delivery",
    ];
    let o = c.object(Some(data), "", "Antragsdaten", &keys)?;
    let kind = c.choice(o, "", "kind", "Urkundenart", &CERTIFICATE_KINDS);
    let person = registered_person(c, o.get("person"));
    let event = event(c, o.get("event"), kind, today);
    let copies = c.number(o, "", "copies", "Anzahl der Urkunden", 1..=10);
    let purpose = c.field(
        o,
        "",
        "purpose",
        "Verwendungszweck",
        free_text("Verwendungszweck"),
    );
    let applicant = applicant(c, o.get("applicant"), kind);
    let delivery = delivery(c, o.get("delivery"));
    Some(Personenstandsurkunde {
        kind: kind?,
        person: person?,
        event: event?,
        copies: u8::try_from(copies?).ok()?,
        purpose: purpose?,
        applicant: applicant?,
        delivery: delivery?,
    })
}

fn registered_person(c: &mut Checker, value: Option<&Value>) -> Option<RegisteredPerson> {
    let p = "person";
    let o = c.object(
        value,
        p,
        "Angaben zur Person",
        &["given_names", "surname", "birth_name"],
    )?;
    let given_names = c.field(o, p, "given_names", "Vorname", name("Vorname"));
    let surname = c.field(o, p, "surname", "Familienname", name("Familienname"));
    let birth_name = c.field(o, p, "birth_name", "Geburtsname", name("Geburtsname"));
    Some(RegisteredPerson {
        given_names: given_names?,
        surname: surname?,
        birth_name: birth_name?,
    })
}

fn event(
    c: &mut Checker,
    value: Option<&Value>,
    kind: Option<CertificateKind>,
    today: NaiveDate,
) -> Option<Event> {
    let p = "event";
    let o = c.object(value, p, "Angaben zum Ereignis", &["date", "place"])?;
    let date = c.field(o, p, "date", "Datum des Ereignisses", |t| {
        event_date(t, kind, today)
    });
    let place = c.field(o, p, "place", "Ort des Ereignisses", |t| {
        let place = line("Ort des Ereignisses")(t)?;
        if is_bochum(&place) {
            Ok(place)
        } else {
            Err(format!(
                "Urkunden gibt es beim Standesamt des Ereignisorts; das Standesamt Bochum hat nur Bochumer Einträge. Für „{place}“ ist das dortige Standesamt zuständig."
            ))
        }
    });
    Some(Event {
        date: date?,
        place: place?,
    })
}

/// Parses `YYYY-MM-DD` and checks it against today and the register's
/// keeping period.
pub(crate) fn event_date(
    text: &str,
    kind: Option<CertificateKind>,
    today: NaiveDate,
) -> Result<NaiveDate, String> {
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err("Datum im Format JJJJ-MM-TT angeben, z. B. 1990-05-17.".into());
    }
    let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
        return Err(format!("Den Tag {text} gibt es nicht."));
    };
    if date > today {
        return Err("Das Datum liegt in der Zukunft.".into());
    }
    if let Some(kind) = kind {
        let years = register_years(kind);
        // Whole years back from today; the 29th of February falls back to the 28th.
        let limit = today
            .with_year(today.year() - years)
            .or_else(|| today.pred_opt()?.with_year(today.year() - years));
        if limit.is_some_and(|limit| date < limit) {
            return Err(format!(
                "Einträge, die älter als {years} Jahre sind, liegen nicht mehr beim Standesamt, sondern im Stadtarchiv Bochum."
            ));
        }
    }
    Ok(date)
}

fn is_bochum(place: &str) -> bool {
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

fn applicant(
    c: &mut Checker,
    value: Option<&Value>,
    kind: Option<CertificateKind>,
) -> Option<Applicant> {
    let p = "applicant";
    let o = c.object(
        value,
        p,
        "Angaben zur antragstellenden Person",
        &["relation", "name", "legal_interest"],
    )?;
    let relation = c.choice(o, p, "relation", "Verhältnis zur Person", &RELATIONS);
    let name = match (relation, o.get("name")) {
        (_, Some(value)) if !value.is_null() => {
            person_name(c, Some(value), &join(p, "name"), "Name").map(Some)
        }
        (Some(Relation::Myself), _) | (None, _) => Some(None),
        (Some(_), _) => {
            c.report(join(p, "name"), "Name der antragstellenden Person fehlt.");
            None
        }
    };
    let legal_interest = c.optional(
        o,
        p,
        "legal_interest",
        "Rechtliches Interesse",
        free_text("Rechtliches Interesse"),
    );
    if relation == Some(Relation::Other) && matches!(legal_interest, Some(None)) {
        c.report(
            join(p, "legal_interest"),
            "Wer nicht die Person selbst, Ehegatte, Lebenspartner, Eltern- oder Großelternteil, Kind oder Enkelkind ist, muss ein rechtliches Interesse angeben (§ 62 PStG).",
        );
    }
    if relation == Some(Relation::Myself) && kind == Some(CertificateKind::Sterbe) {
        c.report(
            join(p, "relation"),
            "Eine Sterbeurkunde beantragen Angehörige oder Berechtigte, nicht die verstorbene Person selbst.",
        );
    }
    Some(Applicant {
        relation: relation?,
        name: name?,
        legal_interest: legal_interest?,
    })
}

fn delivery(c: &mut Checker, value: Option<&Value>) -> Option<Delivery> {
    let p = "delivery";
    let o = c.object(value, p, "Zustellung", &["method", "address"])?;
    let method = c.choice(
        o,
        p,
        "method",
        "Zustellart",
        &[("post", true), ("pickup", false)],
    )?;
    let has_address = o.get("address").is_some_and(|a| !a.is_null());
    if method {
        address(c, o.get("address"), &join(p, "address"), "Anschrift")
            .map(|address| Delivery::Post { address })
    } else if has_address {
        c.report(
            join(p, "address"),
            "Bei Abholung im Standesamt keine Anschrift angeben.",
        );
        None
    } else {
        Some(Delivery::Pickup)
    }
}

// ------------------------------------------------------------------ wunschkennzeichen

const VEHICLE_TYPES: [(&str, VehicleType); 5] = [
    ("pkw", VehicleType::Pkw),
    ("motorrad", VehicleType::Motorrad),
    ("lkw", VehicleType::Lkw),
    ("anhaenger", VehicleType::Anhaenger),
    ("wohnmobil", VehicleType::Wohnmobil),
];

fn wunschkennzeichen(c: &mut Checker, data: &Value) -> Option<Wunschkennzeichen> {
    let o = c.object(
        Some(data),
        "",
        "Antragsdaten",
        &["plate", "vehicle_type", "holder", "contact"],
    )?;
    let plate = plate(c, o, "", "plate", PlateArea::Bochum);
    let vehicle_type = c.choice(o, "", "vehicle_type", "Fahrzeugart", &VEHICLE_TYPES);
    let holder = holder(c, o.get("holder"));
    let contact = contact(c, o.get("contact"), "contact");
    Some(Wunschkennzeichen {
        plate: plate?,
        vehicle_type: vehicle_type?,
        holder: holder?,
        contact: contact?,
    })
}

fn holder(c: &mut Checker, value: Option<&Value>) -> Option<Holder> {
    let p = "holder";
    let o = c.object(value, p, "Halterin oder Halter", &["name", "address"])?;
    let name = person_name(c, o.get("name"), &join(p, "name"), "Name");
    let address = address(c, o.get("address"), &join(p, "address"), "Anschrift");
    Some(Holder {
        name: name?,
        address: address?,
    })
}

// ------------------------------------------------------------------ bewohnerparkausweis

/// Bochum's postal codes: a residents' permit needs a Bochum address.
const BOCHUM_POSTAL_CODES: [&str; 18] = [
    "44787", "44789", "44791", "44793", "44795", "44797", "44799", "44801", "44803", "44805",
    "44807", "44809", "44866", "44867", "44869", "44879", "44892", "44894",
];

fn bewohnerparkausweis(c: &mut Checker, data: &Value) -> Option<Bewohnerparkausweis> {
    let keys = [
        "zone",
        "resident",
        "address",
        "plate",
        "vehicle_holder",
        "contact",
    ];
    let o = c.object(Some(data), "", "Antragsdaten", &keys)?;
    let zone = c.field(o, "", "zone", "Parkzone", |t| match zones::zones() {
        Err(broken) => Err(format!("Die Parkzonen-Daten sind fehlerhaft ({broken}).")),
        Ok(all) => all.iter().find(|z| z.id == t).ok_or_else(|| {
            let ids: Vec<&str> = all.iter().map(|z| z.id.as_str()).collect();
            format!(
                "Die Parkzone „{t}“ gibt es nicht; möglich: {}.",
                ids.join(", ")
            )
        }),
    });
    let resident = person_name(c, o.get("resident"), "resident", "Name");
    let address = address(c, o.get("address"), "address", "Anschrift");
    if let Some(address) = &address {
        check_bochum_address(c, address, "address");
        if let Some(zone) = zone {
            check_in_zone(c, zone, address);
        }
    }
    let plate = plate(c, o, "", "plate", PlateArea::Germany);
    let vehicle_holder = vehicle_holder(c, o.get("vehicle_holder"));
    let contact = contact(c, o.get("contact"), "contact");
    Some(Bewohnerparkausweis {
        zone: zone?.id.clone(),
        resident: resident?,
        address: address?,
        plate: plate?,
        vehicle_holder: vehicle_holder?,
        contact: contact?,
    })
}

fn check_bochum_address(c: &mut Checker, address: &Address, path: &str) {
    if !BOCHUM_POSTAL_CODES.contains(&address.postal_code.as_str()) {
        c.report(
            join(path, "postal_code"),
            "Keine Bochumer Postleitzahl: den Ausweis gibt es nur für Bochumer Anschriften.",
        );
    }
    if !is_bochum(&address.city) {
        c.report(
            join(path, "city"),
            "Der Bewohnerparkausweis gilt nur für Anschriften in Bochum.",
        );
    }
}

fn check_in_zone(c: &mut Checker, zone: &zones::ParkingZone, address: &Address) {
    if zone.contains(&address.street, &address.house_number) {
        return;
    }
    let actual = zones::zones()
        .unwrap_or(&[])
        .iter()
        .find(|z| z.contains(&address.street, &address.house_number));
    let place = if zone.has_street(&address.street) {
        format!("{} {}", address.street, address.house_number)
    } else {
        address.street.clone()
    };
    let hint = match actual {
        Some(other) => format!(" Sie gehört zur Zone „{}“ ({}).", other.name, other.id),
        None => " Sie liegt in keiner Bewohnerparkzone.".to_string(),
    };
    c.report(
        "address.street",
        format!("{place} liegt nicht in der Zone „{}“.{hint}", zone.name),
    );
}

fn vehicle_holder(c: &mut Checker, value: Option<&Value>) -> Option<VehicleHolder> {
    let p = "vehicle_holder";
    let o = c.object(
        value,
        p,
        "Halter des Fahrzeugs",
        &["kind", "keeper_name", "consent_confirmed"],
    )?;
    let resident_holds = c.choice(
        o,
        p,
        "kind",
        "Halter",
        &[("self", true), ("keeper_consent", false)],
    )?;
    if resident_holds {
        for key in ["keeper_name", "consent_confirmed"] {
            if o.get(key).is_some_and(|v| !v.is_null()) {
                c.report(
                    join(p, key),
                    "Nur angeben, wenn jemand anderes Halter des Fahrzeugs ist.",
                );
            }
        }
        return Some(VehicleHolder::Resident);
    }
    let keeper_name = c.field(
        o,
        p,
        "keeper_name",
        "Name des Halters",
        line("Name des Halters"),
    );
    let consent = c.boolean(o, p, "consent_confirmed", "Einverständnis des Halters");
    if consent == Some(false) {
        c.report(
            join(p, "consent_confirmed"),
            "Ohne schriftliches Einverständnis des Halters gibt es keinen Bewohnerparkausweis für das Fahrzeug.",
        );
    }
    Some(VehicleHolder::KeeperConsent {
        keeper_name: keeper_name?,
        consent_confirmed: consent?,
    })
}

// ------------------------------------------------------------------ kfz-abmeldung

fn kfz_abmeldung(c: &mut Checker, data: &Value) -> Option<KfzAbmeldung> {
    let o = c.object(
        Some(data),
        "",
        "Antragsdaten",
        &["plate", "vin", "zb1_security_code", "seal_codes"],
    )?;
    let plate = plate(c, o, "", "plate", PlateArea::Germany);
    let vin = c.field(o, "", "vin", "Fahrzeug-Identifizierungsnummer", Vin::parse);
    let zb1 = c.field(
        o,
        "",
        "zb1_security_code",
        "Sicherheitscode",
        Zb1SecurityCode::parse,
    );
    let seal_codes = seal_codes(c, o.get("seal_codes"));
    Some(KfzAbmeldung {
        plate: plate?,
        vin: vin?,
        zb1_security_code: zb1?,
        seal_codes: seal_codes?,
    })
}

fn seal_codes(c: &mut Checker, value: Option<&Value>) -> Option<SealCodes> {
    let p = "seal_codes";
    let o = c.object(value, p, "Codes der Stempelplaketten", &["front", "rear"])?;
    let front = c.optional(o, p, "front", "Plakettencode vorne", SealCode::parse);
    let rear = c.field(o, p, "rear", "Plakettencode hinten", SealCode::parse);
    Some(SealCodes {
        front: front?,
        rear: rear?,
    })
}

// ------------------------------------------------------------------ kfz-wiederzulassung

fn kfz_wiederzulassung(c: &mut Checker, data: &Value) -> Option<KfzWiederzulassung> {
    let keys = [
        "vin",
        "evb",
        "iban",
        "account_holder",
        "zb2_number",
        "plate",
        "contact",
    ];
    let o = c.object(Some(data), "", "Antragsdaten", &keys)?;
    let vin = c.field(o, "", "vin", "Fahrzeug-Identifizierungsnummer", Vin::parse);
    let evb = c.field(o, "", "evb", "eVB-Nummer", Evb::parse);
    let iban = c.field(o, "", "iban", "IBAN", Iban::parse);
    let account_holder = c.field(
        o,
        "",
        "account_holder",
        "Kontoinhaber",
        line("Kontoinhaber"),
    );
    let zb2 = c.field(
        o,
        "",
        "zb2_number",
        "Nummer der Zulassungsbescheinigung Teil II",
        Zb2Number::parse,
    );
    let plate = plate_choice(c, o.get("plate"));
    let contact = contact(c, o.get("contact"), "contact");
    Some(KfzWiederzulassung {
        vin: vin?,
        evb: evb?,
        iban: iban?,
        account_holder: account_holder?,
        zb2_number: zb2?,
        plate: plate?,
        contact: contact?,
    })
}

fn plate_choice(c: &mut Checker, value: Option<&Value>) -> Option<PlateChoice> {
    let p = "plate";
    let o = c.object(
        value,
        p,
        "Kennzeichen",
        &["mode", "plate", "reservation_number"],
    )?;
    let reserved = c.choice(
        o,
        p,
        "mode",
        "Art des Kennzeichens",
        &[("wish", false), ("reserved", true)],
    );
    let plate = plate(c, o, p, "plate", PlateArea::Bochum);
    if reserved == Some(false) {
        if o.get("reservation_number").is_some_and(|v| !v.is_null()) {
            c.report(
                join(p, "reservation_number"),
                "Eine Reservierungsnummer nur bei einem reservierten Kennzeichen angeben.",
            );
        }
        return Some(PlateChoice::Wish { plate: plate? });
    }
    let number = c.field(o, p, "reservation_number", "Reservierungsnummer", |t| {
        let ok =
            (4..=20).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok {
            Ok(t.to_uppercase())
        } else {
            Err(
                "Die Reservierungsnummer hat 4 bis 20 Buchstaben, Ziffern oder Bindestriche."
                    .into(),
            )
        }
    });
    reserved?;
    Some(PlateChoice::Reserved {
        plate: plate?,
        reservation_number: number?,
    })
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
