//! Personenstandsurkunde: register entry, § 62 PStG relation, delivery.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::{address, is_bochum, person_name};
use crate::error::quote;
use crate::handoff::fields::{Checker, free_text, join, line, name};
use crate::handoff::forms::{
    Applicant, CertificateKind, Delivery, Event, Personenstandsurkunde, RegisteredPerson, Relation,
};

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

/// Years a register stays with the Standesamt before it goes to the
/// Stadtarchiv (§ 7 PStG).
fn register_years(kind: CertificateKind) -> i32 {
    match kind {
        CertificateKind::Geburt => 110,
        CertificateKind::Ehe | CertificateKind::Lebenspartnerschaft => 80,
        CertificateKind::Sterbe => 30,
    }
}

pub(super) fn personenstandsurkunde(
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
                "Urkunden gibt es beim Standesamt des Ereignisorts; das Standesamt Bochum hat nur Bochumer Einträge. Für {} ist das dortige Standesamt zuständig.",
                quote(&place)
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
