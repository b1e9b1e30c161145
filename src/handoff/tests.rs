//! Validation tables: each rule with valid and invalid examples, run
//! through the whole form reader so field paths and messages are checked
//! as the desk and portal-sim see them.

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// One case: start from the service's example, set `path` (dotted; `null`
/// removes the field) and expect either no problem or a problem on `field`
/// whose message contains `message`.
struct Case {
    path: &'static str,
    value: Value,
    expect: Option<(&'static str, &'static str)>,
}

fn ok(path: &'static str, value: Value) -> Case {
    Case {
        path,
        value,
        expect: None,
    }
}

fn bad(path: &'static str, value: Value, field: &'static str, message: &'static str) -> Case {
    Case {
        path,
        value,
        expect: Some((field, message)),
    }
}

fn set(data: &mut Value, path: &str, value: Value) {
    let mut target = data;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if keys.peek().is_none() {
            let object = target.as_object_mut().unwrap();
            if value.is_null() {
                object.remove(key);
            } else {
                object.insert(key.to_string(), value);
            }
            return;
        }
        target = target
            .as_object_mut()
            .unwrap()
            .entry(key)
            .or_insert_with(|| json!({}));
    }
}

fn check(service: PortalService, cases: Vec<Case>) {
    for case in cases {
        let mut data = example(service);
        set(&mut data, case.path, case.value.clone());
        let got = parse_form_on(service, &data, today());
        match (&case.expect, &got) {
            (None, Ok(_)) => {}
            (Some((field, message)), Err(problems)) => assert!(
                problems
                    .iter()
                    .any(|p| p.field == *field && p.message.contains(message)),
                "{}: {} = {}: expected {field}: …{message}…, got {problems:#?}",
                service.as_str(),
                case.path,
                case.value
            ),
            _ => panic!(
                "{}: {} = {}: expected {:?}, got {got:#?}",
                service.as_str(),
                case.path,
                case.value,
                case.expect
            ),
        }
    }
}

#[test]
fn handoff_examples_are_valid_and_round_trip() {
    for service in PortalService::ALL {
        let data = example(service);
        let form = parse_form_on(service, &data, today())
            .unwrap_or_else(|p| panic!("{}: {p:#?}", service.as_str()));
        assert_eq!(form.service(), service);
        assert_eq!(
            form.to_data().unwrap(),
            data,
            "{}: canonical example",
            service.as_str()
        );
        // The serde derives describe the same JSON as the reader.
        let back = match service {
            PortalService::Personenstandsurkunde => {
                Form::Personenstandsurkunde(serde_json::from_value(data).unwrap())
            }
            PortalService::Wunschkennzeichen => {
                Form::Wunschkennzeichen(serde_json::from_value(data).unwrap())
            }
            PortalService::Bewohnerparkausweis => {
                Form::Bewohnerparkausweis(serde_json::from_value(data).unwrap())
            }
            PortalService::KfzAbmeldung => {
                Form::KfzAbmeldung(serde_json::from_value(data).unwrap())
            }
            PortalService::KfzWiederzulassung => {
                Form::KfzWiederzulassung(serde_json::from_value(data).unwrap())
            }
        };
        assert_eq!(back, form);
    }
}

#[test]
fn handoff_empty_form_lists_every_required_field() {
    let expected: [(PortalService, &[&str]); 5] = [
        (
            PortalService::Personenstandsurkunde,
            &[
                "kind",
                "person",
                "event",
                "copies",
                "purpose",
                "applicant",
                "delivery",
            ],
        ),
        (
            PortalService::Wunschkennzeichen,
            &["plate", "vehicle_type", "holder", "contact"],
        ),
        (
            PortalService::Bewohnerparkausweis,
            &[
                "zone",
                "resident",
                "address",
                "plate",
                "vehicle_holder",
                "contact",
            ],
        ),
        (
            PortalService::KfzAbmeldung,
            &["plate", "vin", "zb1_security_code", "seal_codes"],
        ),
        (
            PortalService::KfzWiederzulassung,
            &[
                "vin",
                "evb",
                "iban",
                "account_holder",
                "zb2_number",
                "plate",
                "contact",
            ],
        ),
    ];
    for (service, fields) in expected {
        let problems = parse_form_on(service, &json!({}), today()).unwrap_err();
        let got: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(got, fields, "{}", service.as_str());
        assert!(
            problems
                .iter()
                .all(|p| p.message.ends_with("fehlt.") || p.message.ends_with("fehlen."))
        );
    }
}

#[test]
fn handoff_nested_problems_all_reported() {
    let data = json!({
        "kind": "urkunde",
        "person": {"given_names": "", "surname": "M4yer", "birth_name": 7},
        "event": {"date": "12.08.1964", "place": "Essen"},
        "copies": 11,
        "purpose": "",
        "applicant": {"relation": "other", "name": {"given_names": "Max", "surname": "Muster"}},
        "delivery": {"method": "post"},
        "remarks": "x"
    });
    let problems = parse_form_on(PortalService::Personenstandsurkunde, &data, today()).unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "remarks",
            "kind",
            "person.given_names",
            "person.surname",
            "person.birth_name",
            "event.date",
            "event.place",
            "copies",
            "purpose",
            "applicant.legal_interest",
            "delivery.address",
        ]
    );
}

#[test]
fn handoff_personenstandsurkunde_table() {
    check(
        PortalService::Personenstandsurkunde,
        vec![
            ok("kind", json!("ehe")),
            ok("kind", json!("lebenspartnerschaft")),
            bad(
                "kind",
                json!("Geburt"),
                "kind",
                "„Geburt“ gibt es nicht; möglich: geburt, ehe",
            ),
            bad("kind", json!(1), "kind", "als Text"),
            bad(
                "person.birth_name",
                json!(null),
                "person.birth_name",
                "Geburtsname fehlt.",
            ),
            bad(
                "person.surname",
                json!("  "),
                "person.surname",
                "Familienname fehlt.",
            ),
            bad(
                "person.surname",
                json!("Meier\nSchulz"),
                "person.surname",
                "Zeilenumbrüche",
            ),
            ok("person.surname", json!("Müller-Lüdenscheidt")),
            ok("person.given_names", json!("Anna  Lena")),
            // Dates.
            ok("event.date", json!("2026-11-25")),
            ok("event.date", json!("2000-02-29")),
            bad(
                "event.date",
                json!("2026-11-26"),
                "event.date",
                "in der Zukunft",
            ),
            bad(
                "event.date",
                json!("12.08.1964"),
                "event.date",
                "JJJJ-MM-TT",
            ),
            bad("event.date", json!("1964-8-12"), "event.date", "JJJJ-MM-TT"),
            bad(
                "event.date",
                json!("2023-02-29"),
                "event.date",
                "Den Tag 2023-02-29 gibt es nicht.",
            ),
            bad(
                "event.date",
                json!("1964-13-01"),
                "event.date",
                "gibt es nicht",
            ),
            ok("event.date", json!("1916-11-25")),
            bad(
                "event.date",
                json!("1916-11-24"),
                "event.date",
                "älter als 110 Jahre",
            ),
            // Places: only Bochum's registers.
            ok("event.place", json!("Bochum-Wattenscheid")),
            ok("event.place", json!("Langendreer")),
            bad(
                "event.place",
                json!("Essen"),
                "event.place",
                "Für „Essen“ ist das dortige Standesamt",
            ),
            // Copies.
            ok("copies", json!(1)),
            ok("copies", json!(10)),
            bad("copies", json!(0), "copies", "erlaubt sind 1 bis 10"),
            bad("copies", json!(11), "copies", "erlaubt sind 1 bis 10"),
            bad("copies", json!(2.5), "copies", "erlaubt sind 1 bis 10"),
            bad("copies", json!("2"), "copies", "muss eine Zahl sein"),
            bad("purpose", json!(null), "purpose", "Verwendungszweck fehlt."),
            // Delivery.
            ok("delivery", json!({"method": "pickup"})),
            bad(
                "delivery",
                json!({"method": "post"}),
                "delivery.address",
                "Anschrift fehlt.",
            ),
            bad(
                "delivery",
                json!({"method": "fax"}),
                "delivery.method",
                "möglich: post, pickup",
            ),
            bad(
                "delivery.address.postal_code",
                json!("4480"),
                "delivery.address.postal_code",
                "fünf Ziffern",
            ),
            bad(
                "delivery.address.house_number",
                json!("zwölf"),
                "delivery.address.house_number",
                "Hausnummer wie 12",
            ),
            bad(
                "delivery",
                json!({"method": "pickup", "address": {"street": "A", "house_number": "1", "postal_code": "44787", "city": "Bochum"}}),
                "delivery.address",
                "Bei Abholung",
            ),
            bad(
                "unknown",
                json!(1),
                "unknown",
                "Unbekanntes Feld „unknown“.",
            ),
        ],
    );
}

#[test]
fn handoff_register_periods_by_kind() {
    let cases = [
        ("geburt", "1916-11-25", true),
        ("geburt", "1916-11-24", false),
        ("ehe", "1946-11-25", true),
        ("ehe", "1946-11-24", false),
        ("lebenspartnerschaft", "2001-08-01", true),
        ("sterbe", "1996-11-25", true),
        ("sterbe", "1996-11-24", false),
    ];
    for (kind, date, valid) in cases {
        let mut data = example(PortalService::Personenstandsurkunde);
        set(&mut data, "kind", json!(kind));
        set(&mut data, "event.date", json!(date));
        set(
            &mut data,
            "applicant",
            json!({"relation": "child", "name": {"given_names": "Max", "surname": "Muster"}}),
        );
        let got = parse_form_on(PortalService::Personenstandsurkunde, &data, today());
        assert_eq!(got.is_ok(), valid, "{kind} {date}: {got:?}");
    }
}

#[test]
fn handoff_section_62_relations() {
    let name = json!({"given_names": "Max", "surname": "Muster"});
    check(
        PortalService::Personenstandsurkunde,
        vec![
            ok("applicant", json!({"relation": "self"})),
            ok(
                "applicant",
                json!({"relation": "spouse_or_partner", "name": name}),
            ),
            ok("applicant", json!({"relation": "parent", "name": name})),
            ok("applicant", json!({"relation": "child", "name": name})),
            ok(
                "applicant",
                json!({"relation": "grandparent", "name": name}),
            ),
            ok("applicant", json!({"relation": "grandchild", "name": name})),
            ok(
                "applicant",
                json!({"relation": "other", "name": name, "legal_interest": "Erbschein: Nachlassgericht verlangt Geburtsurkunde des Erblassers"}),
            ),
            bad(
                "applicant",
                json!({"relation": "other", "name": name}),
                "applicant.legal_interest",
                "§ 62 PStG",
            ),
            bad(
                "applicant",
                json!({"relation": "other", "name": name, "legal_interest": " "}),
                "applicant.legal_interest",
                "§ 62 PStG",
            ),
            bad(
                "applicant",
                json!({"relation": "sibling", "name": name}),
                "applicant.relation",
                "möglich: self, spouse_or_partner, parent, child, grandparent, grandchild, other",
            ),
            bad(
                "applicant",
                json!({"relation": "parent"}),
                "applicant.name",
                "Name der antragstellenden Person fehlt.",
            ),
            bad(
                "applicant",
                json!({"relation": "child", "name": {"given_names": "Max"}}),
                "applicant.name.surname",
                "Familienname fehlt.",
            ),
            bad(
                "applicant",
                json!({"relation": null}),
                "applicant.relation",
                "Verhältnis zur Person fehlt.",
            ),
        ],
    );
    // A death certificate is never asked for by the deceased.
    let mut data = example(PortalService::Personenstandsurkunde);
    set(&mut data, "kind", json!("sterbe"));
    set(&mut data, "event.date", json!("2020-01-10"));
    let problems = parse_form_on(PortalService::Personenstandsurkunde, &data, today()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "applicant.relation");
}

#[test]
fn handoff_wunschkennzeichen_table() {
    check(
        PortalService::Wunschkennzeichen,
        vec![
            ok("plate", json!("BO-A 1")),
            ok("plate", json!("wat-xy 99e")),
            ok("plate", json!("WAT-X 9999")),
            ok("plate", json!("BO-XY 9999")),
            bad(
                "plate",
                json!("WAT-XY 9999E"),
                "plate",
                "höchstens 8 Zeichen",
            ),
            bad(
                "plate",
                json!("BO-0 1"),
                "plate",
                "ein oder zwei Buchstaben",
            ),
            bad(
                "plate",
                json!("BOX-A 1"),
                "plate",
                "nur Kennzeichen mit BO oder WAT",
            ),
            bad(
                "plate",
                json!("BO-ABC 1"),
                "plate",
                "höchstens zwei Buchstaben",
            ),
            bad(
                "plate",
                json!("DO-A 1"),
                "plate",
                "nur Kennzeichen mit BO oder WAT",
            ),
            bad("plate", json!(null), "plate", "Kennzeichen fehlt."),
            ok("vehicle_type", json!("motorrad")),
            bad(
                "vehicle_type",
                json!("auto"),
                "vehicle_type",
                "möglich: pkw, motorrad, lkw, anhaenger, wohnmobil",
            ),
            bad(
                "holder.name.surname",
                json!(null),
                "holder.name.surname",
                "Familienname fehlt.",
            ),
            bad(
                "holder.address",
                json!("Hattinger Straße 389"),
                "holder.address",
                "ein Objekt",
            ),
            ok("contact", json!({"email": "a@b.de"})),
            bad(
                "contact",
                json!({}),
                "contact",
                "Telefonnummer oder E-Mail-Adresse",
            ),
            bad(
                "contact",
                json!({"phone": " ", "email": null}),
                "contact",
                "Telefonnummer oder E-Mail-Adresse",
            ),
            bad(
                "contact.phone",
                json!("234 5"),
                "contact.phone",
                "beginnt mit 0",
            ),
            bad(
                "contact.email",
                json!("erika@"),
                "contact.email",
                "nicht vollständig",
            ),
        ],
    );
}

#[test]
fn handoff_bewohnerparkausweis_table() {
    check(
        PortalService::Bewohnerparkausweis,
        vec![
            ok("plate", json!("DO-AB 123")),
            ok("plate", json!("BO-EM 64E")),
            bad("plate", json!("BO-EM 064"), "plate", "nicht mit 0"),
            bad(
                "zone",
                json!("mond"),
                "zone",
                "Die Parkzone „mond“ gibt es nicht; möglich: innenstadt-nord",
            ),
            ok("address.street", json!("Oskar Hoffmann Str.")),
            bad(
                "address.street",
                json!("Kortumstraße"),
                "address.street",
                "Kortumstraße liegt nicht in der Zone „Ehrenfeld“. Sie gehört zur Zone „Innenstadt Nord",
            ),
            bad(
                "address.street",
                json!("Unbekannte Straße"),
                "address.street",
                "in keiner Bewohnerparkzone",
            ),
            ok("address.street", json!("Königsallee")),
            bad(
                "address",
                json!({"street": "Königsallee", "house_number": "120", "postal_code": "44789", "city": "Bochum"}),
                "address.street",
                "Königsallee 120 liegt nicht in der Zone „Ehrenfeld“. Sie gehört zur Zone „Wiemelhausen“",
            ),
            bad(
                "address.postal_code",
                json!("45127"),
                "address.postal_code",
                "Keine Bochumer Postleitzahl",
            ),
            bad(
                "address.city",
                json!("Essen"),
                "address.city",
                "nur für Anschriften in Bochum",
            ),
            ok(
                "vehicle_holder",
                json!({"kind": "keeper_consent", "keeper_name": "Muster GmbH & Co. KG", "consent_confirmed": true}),
            ),
            bad(
                "vehicle_holder",
                json!({"kind": "keeper_consent", "keeper_name": "Muster GmbH", "consent_confirmed": false}),
                "vehicle_holder.consent_confirmed",
                "Ohne schriftliches Einverständnis",
            ),
            bad(
                "vehicle_holder",
                json!({"kind": "keeper_consent", "consent_confirmed": true}),
                "vehicle_holder.keeper_name",
                "Name des Halters fehlt.",
            ),
            bad(
                "vehicle_holder",
                json!({"kind": "keeper_consent", "keeper_name": "X", "consent_confirmed": "ja"}),
                "vehicle_holder.consent_confirmed",
                "true/false",
            ),
            bad(
                "vehicle_holder",
                json!({"kind": "self", "keeper_name": "X"}),
                "vehicle_holder.keeper_name",
                "Nur angeben, wenn",
            ),
            bad("resident", json!(null), "resident", "Name fehlt."),
        ],
    );
}

#[test]
fn handoff_kfz_abmeldung_table() {
    check(
        PortalService::KfzAbmeldung,
        vec![
            ok("vin", json!("wvw zzz 1jz xw0 00001")),
            bad("vin", json!("WVWZZZ1JZXWO00001"), "vin", "enthält kein O"),
            bad(
                "vin",
                json!("WVWZZZ1JZXW00001"),
                "vin",
                "hat 17 Zeichen, nicht 16",
            ),
            bad(
                "zb1_security_code",
                json!("X7K2M9"),
                "zb1_security_code",
                "hat 7 Zeichen",
            ),
            ok("seal_codes", json!({"rear": "P9A"})),
            bad(
                "seal_codes",
                json!({"front": "K3X"}),
                "seal_codes.rear",
                "Plakettencode hinten fehlt.",
            ),
            bad(
                "seal_codes.front",
                json!("K3"),
                "seal_codes.front",
                "hat 3 Zeichen, nicht 2",
            ),
            ok("plate", json!("E-AB 12")),
            bad(
                "plate",
                json!("BO AB"),
                "plate",
                "Nach den Buchstaben folgt eine Zahl",
            ),
        ],
    );
}

#[test]
fn handoff_kfz_wiederzulassung_table() {
    check(
        PortalService::KfzWiederzulassung,
        vec![
            ok("iban", json!("DE02 1203 0000 0000 2020 51")),
            bad(
                "iban",
                json!("DE89370400440532013001"),
                "iban",
                "Prüfziffern der IBAN stimmen nicht",
            ),
            bad(
                "iban",
                json!("DE02120300000000202052"),
                "iban",
                "Prüfziffern der IBAN stimmen nicht",
            ),
            bad("iban", json!("DE8937040044053201300"), "iban", "22 Zeichen"),
            ok("evb", json!("a1b2c3d")),
            bad(
                "evb",
                json!("A1B2C3"),
                "evb",
                "Die eVB-Nummer hat 7 Zeichen, nicht 6.",
            ),
            bad(
                "evb",
                json!("A1B2C3D4"),
                "evb",
                "Die eVB-Nummer hat 7 Zeichen, nicht 8.",
            ),
            bad(
                "zb2_number",
                json!("A11234567"),
                "zb2_number",
                "zwei Buchstaben und sieben Ziffern",
            ),
            ok(
                "plate",
                json!({"mode": "reserved", "plate": "BO-EM 64", "reservation_number": "R-2026-1234"}),
            ),
            bad(
                "plate",
                json!({"mode": "reserved", "plate": "BO-EM 64"}),
                "plate.reservation_number",
                "Reservierungsnummer fehlt.",
            ),
            bad(
                "plate",
                json!({"mode": "wish", "plate": "BO-EM 64", "reservation_number": "R1234"}),
                "plate.reservation_number",
                "nur bei einem reservierten",
            ),
            bad(
                "plate",
                json!({"mode": "wish", "plate": "DO-EM 64"}),
                "plate.plate",
                "nur Kennzeichen mit BO oder WAT",
            ),
            bad(
                "plate",
                json!({"plate": "BO-EM 64"}),
                "plate.mode",
                "Art des Kennzeichens fehlt.",
            ),
            bad(
                "account_holder",
                json!(""),
                "account_holder",
                "Kontoinhaber fehlt.",
            ),
        ],
    );
}

#[test]
fn handoff_request_envelope() {
    let data = example(PortalService::KfzAbmeldung);
    let body = json!({"service": "kfz-abmeldung", "applicant_mode": "anonymous", "assurance_level": "low", "data": data});
    let application = parse_request_on(&body, today()).unwrap();
    assert_eq!(application, Application::by_phone(application.form.clone()));
    assert_eq!(application.to_body().unwrap(), body);

    let fields = |body: Value| -> Vec<String> {
        parse_request_on(&body, today())
            .unwrap_err()
            .into_iter()
            .map(|p| p.field)
            .collect()
    };
    assert_eq!(
        fields(
            json!({"service": "kfz-abmeldung", "applicant_mode": "anonymous", "assurance_level": "high", "data": data})
        ),
        ["assurance_level"]
    );
    assert_eq!(
        fields(
            json!({"service": "hundesteuer", "applicant_mode": "eid", "assurance_level": "high", "data": {}})
        ),
        ["service"]
    );
    assert_eq!(
        fields(
            json!({"service": "kfz-abmeldung", "applicant_mode": "anonymous", "assurance_level": "low", "data": {"vin": "X"}})
        ),
        [
            "data.plate",
            "data.vin",
            "data.zb1_security_code",
            "data.seal_codes"
        ]
    );
    assert_eq!(
        fields(
            json!({"service": "kfz-abmeldung", "applicant_mode": "anonymous", "assurance_level": "low", "data": []})
        ),
        ["data"]
    );
    assert_eq!(
        fields(json!({"applicant_mode": "x"})),
        ["service", "applicant_mode", "assurance_level", "data"]
    );
    assert_eq!(fields(json!([1, 2])), [""]);
}

/// Arbitrary JSON, nested a few levels, with the forms' own keys mixed in
/// so that the readers get past the first level.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("kind".to_string()),
        Just("person".to_string()),
        Just("event".to_string()),
        Just("date".to_string()),
        Just("plate".to_string()),
        Just("contact".to_string()),
        Just("address".to_string()),
        Just("mode".to_string()),
        Just("method".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
        Just(json!("BO-A 1")),
        Just(json!("post")),
        Just(json!("2000-02-29")),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(256)))]

    /// No input makes validation panic, and invalid input always says why.
    #[test]
    fn handoff_any_json_never_panics(data in any_json()) {
        for service in PortalService::ALL {
            if let Err(problems) = parse_form_on(service, &data, today()) {
                prop_assert!(!problems.is_empty());
            }
        }
        let body = json!({"service": "wunschkennzeichen", "applicant_mode": "anonymous", "assurance_level": "low", "data": data});
        if let Err(problems) = parse_request_on(&body, today()) {
            prop_assert!(!problems.is_empty());
        }
    }
}
