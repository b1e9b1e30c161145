//! The handoff as the window drives it (issue 5, window part): a form
//! pre-filled from what the call knows, field problems next to the fields
//! the window shows, sending from the window's flat values, and correcting
//! a rejection only the portal can know (a wished plate someone else has)
//! — and asking the portal later what the office decided, all against a
//! real portal-sim and a real store.

use std::collections::BTreeMap;

use auskunft::ErrorCode;
use auskunft::cases::{CallerContact, NewForward, ReplyChannel, RequestKey};
use auskunft::handoff::{FormValues, HandoffState, PortalDecision, PortalService, example};

use crate::common::auskunft;
use crate::handoff_support::{Sim, TOKEN, fast, portal_desk};
use crate::store_support::audits;

fn set(values: &mut FormValues, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        values.insert((*k).to_string(), (*v).to_string());
    }
}

#[tokio::test]
async fn the_form_is_prefilled_from_the_call_and_sent_from_the_windows_values() {
    let sim = Sim::start(&[]);
    let (desk, _data) = portal_desk(&sim.url, TOKEN).await;
    let call = desk.start_call().await.unwrap();
    desk.save_notes(
        call,
        "Möchte Wunschkennzeichen bo-em 64; FIN WVWZZZ1JZXW000001, Rückruf 0234 123456",
    )
    .await
    .unwrap();
    desk.forward(
        call,
        &NewForward {
            office_id: "strassenverkehrsamt".into(),
            question: "Rückfrage zur Zulassung".into(),
            // By post: the store keeps the name and address (and only
            // what the channel needs), so the phone comes from the notes.
            channel: ReplyChannel::Post,
            caller: CallerContact {
                name: Some("Erika Mustermann".into()),
                phone: None,
                email: None,
                address: Some("Hattinger Straße 389, 44795 Bochum".into()),
            },
        },
    )
    .await
    .unwrap();

    let draft = desk
        .handoff_form(PortalService::Wunschkennzeichen, Some(call))
        .await
        .unwrap();
    assert_eq!(draft.spec.title, "Wunschkennzeichen reservieren");
    let v = &draft.values;
    let expected = BTreeMap::from([
        ("plate", "BO-EM 64"),
        ("vehicle_type", "pkw"),
        ("holder.name.given_names", "Erika"),
        ("holder.name.surname", "Mustermann"),
        ("holder.address.street", "Hattinger Straße"),
        ("holder.address.house_number", "389"),
        ("holder.address.postal_code", "44795"),
        ("holder.address.city", "Bochum"),
        ("contact.phone", "0234 123456"),
    ]);
    for (path, value) in &expected {
        assert_eq!(v.get(*path).map(String::as_str), Some(*value), "{path}");
    }
    assert!(draft.problems.is_empty());
    // What the call knew is a complete application.
    assert!(
        desk.check_handoff_values(PortalService::Wunschkennzeichen, v)
            .is_empty()
    );

    // A wrong plate and no contact: each problem next to a shown field.
    let mut wrong = v.clone();
    set(&mut wrong, &[("plate", "BOX-A 1"), ("contact.phone", "")]);
    let problems = desk.check_handoff_values(PortalService::Wunschkennzeichen, &wrong);
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["plate", "contact.phone"], "{problems:?}");
    let e = desk
        .submit_handoff_values(
            call,
            PortalService::Wunschkennzeichen,
            &wrong,
            &RequestKey::fresh(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(e.problems(), problems, "submit reports what check showed");
    assert!(desk.handoffs_of_call(call).await.unwrap().is_empty());

    // Sent twice under the dialog's key (the first answer lost): one
    // application, delivered once.
    let key = RequestKey::fresh();
    let h = desk
        .submit_handoff_values(call, PortalService::Wunschkennzeichen, v, &key)
        .await
        .unwrap();
    let again = desk
        .submit_handoff_values(call, PortalService::Wunschkennzeichen, v, &key)
        .await
        .unwrap();
    assert_eq!(again.id, h.id);
    assert_eq!(again.idempotency_key, key.as_str());
    assert_eq!(desk.handoffs_of_call(call).await.unwrap().len(), 1);
    assert_eq!(h.state, HandoffState::Pending);
    let report = desk.deliver_until_empty(fast(2000)).await.unwrap();
    assert_eq!(report.delivered, 1);
    let h = desk.handoff(h.id).await.unwrap();
    assert_eq!(h.state, HandoffState::Delivered);
    assert!(h.reference.as_deref().is_some_and(|r| r.starts_with("MB-")));
    let at_portal = sim.application(h.portal_id.as_deref().unwrap()).await;
    assert_eq!(at_portal["data"]["plate"], "BO-EM 64");
    assert_eq!(
        at_portal["data"]["holder"]["address"]["house_number"],
        "389"
    );
    assert_eq!(at_portal["applicant_mode"], "anonymous");

    // The next form of the call knows the plate and the VIN from the notes.
    let next = desk
        .handoff_form(PortalService::KfzAbmeldung, Some(call))
        .await
        .unwrap();
    assert_eq!(next.values["plate"], "BO-EM 64");
    assert_eq!(next.values["vin"], "WVWZZZ1JZXW000001");
    assert!(!next.values.contains_key("zb1_security_code"));

    // Without a call: defaults only.
    let blank = desk
        .handoff_form(PortalService::Personenstandsurkunde, None)
        .await
        .unwrap();
    assert_eq!(blank.values.get("copies").map(String::as_str), Some("1"));
    assert_eq!(
        blank.values.get("delivery.method").map(String::as_str),
        Some("post")
    );
    assert!(!blank.values.contains_key("person.surname"));
}

#[tokio::test]
async fn a_taken_plate_is_rejected_shown_on_its_field_corrected_and_delivered() {
    let sim = Sim::start(&["--taken-plates", "BO-EM 64"]);
    let (desk, _data) = portal_desk(&sim.url, TOKEN).await;
    let call = desk.start_call().await.unwrap();
    let mut values = desk
        .handoff_form(PortalService::KfzWiederzulassung, Some(call))
        .await
        .unwrap()
        .values;
    set(
        &mut values,
        &[
            ("vin", "WVWZZZ1JZXW000001"),
            ("zb2_number", "AB1234567"),
            ("evb", "A1B2C3D"),
            ("plate.plate", "bo-em 64"),
            ("iban", "DE89 3704 0044 0532 0130 00"),
            ("account_holder", "Erika Mustermann"),
            ("contact.email", "erika@example.org"),
            // Hidden while the plate is a wish: kept in the window, never sent.
            ("plate.reservation_number", "R-1"),
        ],
    );
    assert_eq!(
        desk.check_handoff_values(PortalService::KfzWiederzulassung, &values),
        []
    );
    let h = desk
        .submit_handoff_values(
            call,
            PortalService::KfzWiederzulassung,
            &values,
            &RequestKey::fresh(),
        )
        .await
        .unwrap();
    let report = desk.deliver_until_empty(fast(2000)).await.unwrap();
    assert_eq!(report.rejected, 1);

    let correction = desk.handoff_correction(h.id).await.unwrap();
    let rejected = correction.correcting.as_ref().unwrap();
    assert_eq!(rejected.state, HandoffState::Rejected);
    assert_eq!(correction.values["plate.plate"], "BO-EM 64");
    assert_eq!(correction.values["iban"], "DE89370400440532013000");
    assert_eq!(correction.problems.len(), 1, "{:?}", correction.problems);
    assert_eq!(correction.problems[0].field, "plate.plate");
    assert!(correction.problems[0].message.contains("bereits vergeben"));

    let mut fixed = correction.values.clone();
    set(&mut fixed, &[("plate.plate", "BO-EM 65")]);
    let corrected = desk.correct_handoff_values(h.id, &fixed).await.unwrap();
    assert_eq!(corrected.idempotency_key, h.idempotency_key);
    assert_eq!(corrected.state, HandoffState::Pending);
    desk.deliver_until_empty(fast(2000)).await.unwrap();
    let done = desk.handoff(h.id).await.unwrap();
    assert_eq!(done.state, HandoffState::Delivered, "{:?}", done.last_error);
    assert_eq!(sim.applications().await.len(), 1);
    let at_portal = sim.application(done.portal_id.as_deref().unwrap()).await;
    assert_eq!(at_portal["data"]["plate"]["plate"], "BO-EM 65");
    assert!(
        at_portal["data"]["plate"]
            .get("reservation_number")
            .is_none()
    );
}

#[tokio::test]
async fn the_offices_decision_is_asked_on_demand_recorded_and_an_unreachable_portal_changes_nothing()
 {
    let mut sim = Sim::start(&[]);
    let (desk, data) = portal_desk(&sim.url, TOKEN).await;
    let call = desk.start_call().await.unwrap();
    let h = desk
        .submit_handoff(
            call,
            PortalService::KfzAbmeldung,
            &example(PortalService::KfzAbmeldung),
        )
        .await
        .unwrap();

    // Not in the portal yet: nothing to ask.
    let e = desk.check_portal_decision(h.id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert_eq!(e.field(), Some("handoff_id"));

    desk.deliver_until_empty(fast(2000)).await.unwrap();
    let delivered = desk.handoff(h.id).await.unwrap();
    assert_eq!(delivered.portal_state, None, "not asked yet");
    let asked = desk.check_portal_decision(h.id).await.unwrap();
    assert_eq!(asked.portal_state, Some(PortalDecision::Submitted));
    assert!(asked.portal_checked_at.is_some());

    sim.decide(delivered.portal_id.as_deref().unwrap(), "accepted")
        .await;
    let asked = desk.check_portal_decision(h.id).await.unwrap();
    assert_eq!(asked.portal_state, Some(PortalDecision::Accepted));
    assert_eq!(
        desk.handoff(h.id).await.unwrap().portal_state,
        Some(PortalDecision::Accepted)
    );
    assert_eq!(
        audits(desk.cases().unwrap(), "handoff.portal_state", h.id.0).await,
        2
    );

    // The CLI asks the same way.
    let (code, out, err) = auskunft(data.path(), &["handoff", "status", &h.id.0.to_string()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), format!("{}\taccepted", h.id.0));
    let (code, out, _) = auskunft(data.path(), &["handoff", "list", "--json"]);
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[0]["portal_state"], "accepted");

    // The portal down: a coded error, the last answer kept, no audit row.
    sim.kill();
    let e = desk.check_portal_decision(h.id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::PortalUnavailable, "{e}");
    assert!(!e.to_string().contains(TOKEN));
    let kept = desk.handoff(h.id).await.unwrap();
    assert_eq!(kept.portal_state, Some(PortalDecision::Accepted));
    assert_eq!(
        audits(desk.cases().unwrap(), "handoff.portal_state", h.id.0).await,
        3
    );
}
