//! The vehicle services: Wunschkennzeichen, Kfz-Abmeldung and
//! Kfz-Wiederzulassung.

use serde_json::Value;

use super::{address, contact, person_name, plate};
use crate::handoff::codes::{Evb, Iban, SealCode, Vin, Zb1SecurityCode, Zb2Number};
use crate::handoff::fields::{Checker, join, line};
use crate::handoff::forms::{
    Holder, KfzAbmeldung, KfzWiederzulassung, PlateChoice, SealCodes, VehicleType,
    Wunschkennzeichen,
};
use crate::handoff::plate::PlateArea;

// ------------------------------------------------------------------ wunschkennzeichen

const VEHICLE_TYPES: [(&str, VehicleType); 5] = [
    ("pkw", VehicleType::Pkw),
    ("motorrad", VehicleType::Motorrad),
    ("lkw", VehicleType::Lkw),
    ("anhaenger", VehicleType::Anhaenger),
    ("wohnmobil", VehicleType::Wohnmobil),
];

pub(super) fn wunschkennzeichen(c: &mut Checker, data: &Value) -> Option<Wunschkennzeichen> {
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

// ------------------------------------------------------------------ kfz-abmeldung

pub(super) fn kfz_abmeldung(c: &mut Checker, data: &Value) -> Option<KfzAbmeldung> {
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

pub(super) fn kfz_wiederzulassung(c: &mut Checker, data: &Value) -> Option<KfzWiederzulassung> {
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
