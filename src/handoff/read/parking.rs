//! Bewohnerparkausweis: zone, an address inside it, holder or consent.

use serde_json::Value;

use super::{address, contact, is_bochum, person_name, plate};
use crate::error::quote;
use crate::handoff::fields::{Checker, join, line};
use crate::handoff::forms::{Address, Bewohnerparkausweis, VehicleHolder};
use crate::handoff::plate::PlateArea;
use crate::handoff::zones;

const BOCHUM_POSTAL_CODES: [&str; 18] = [
    "44787", "44789", "44791", "44793", "44795", "44797", "44799", "44801", "44803", "44805",
    "44807", "44809", "44866", "44867", "44869", "44879", "44892", "44894",
];

pub(super) fn bewohnerparkausweis(c: &mut Checker, data: &Value) -> Option<Bewohnerparkausweis> {
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
                "Die Parkzone {} gibt es nicht; möglich: {}.",
                quote(t),
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
