//! One valid application per service: what `auskunft handoff example`
//! prints and what tests start from. The data is invented (VINs, IBANs and
//! codes are well-formed, the IBAN is the standard test account).

use serde_json::{Value, json};

use super::PortalService;

/// A valid `data` object for `service`, accepted by [`super::parse_form`]
/// as is.
pub fn example(service: PortalService) -> Value {
    match service {
        PortalService::Personenstandsurkunde => json!({
            "kind": "geburt",
            "person": {"given_names": "Erika", "surname": "Mustermann", "birth_name": "Gabler"},
            "event": {"date": "1964-08-12", "place": "Bochum"},
            "copies": 2,
            "purpose": "Rentenantrag",
            "applicant": {"relation": "self"},
            "delivery": {
                "method": "post",
                "address": {"street": "Heinrichstraße", "house_number": "42", "postal_code": "44805", "city": "Bochum"}
            }
        }),
        PortalService::Wunschkennzeichen => json!({
            "plate": "BO-EM 1964",
            "vehicle_type": "pkw",
            "holder": {
                "name": {"given_names": "Erika", "surname": "Mustermann"},
                "address": {"street": "Hattinger Straße", "house_number": "389", "postal_code": "44795", "city": "Bochum"}
            },
            "contact": {"phone": "0234 123456", "email": "erika.mustermann@example.org"}
        }),
        PortalService::Bewohnerparkausweis => json!({
            "zone": "ehrenfeld",
            "resident": {"given_names": "Erika", "surname": "Mustermann"},
            "address": {"street": "Oskar-Hoffmann-Straße", "house_number": "12a", "postal_code": "44789", "city": "Bochum"},
            "plate": "BO-EM 64",
            "vehicle_holder": {"kind": "self"},
            "contact": {"phone": "0234 123456"}
        }),
        PortalService::KfzAbmeldung => json!({
            "plate": "BO-EM 64",
            "vin": "WVWZZZ1JZXW000001",
            "zb1_security_code": "X7K2M9P",
            "seal_codes": {"front": "K3X", "rear": "P9A"}
        }),
        PortalService::KfzWiederzulassung => json!({
            "vin": "WVWZZZ1JZXW000001",
            "evb": "A1B2C3D",
            "iban": "DE89370400440532013000",
            "account_holder": "Erika Mustermann",
            "zb2_number": "AB1234567",
            "plate": {"mode": "wish", "plate": "WAT-EM 64"},
            "contact": {"email": "erika.mustermann@example.org"}
        }),
    }
}
