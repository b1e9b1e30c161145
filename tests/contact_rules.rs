//! One rule for a caller's phone number and e-mail address (hardening
//! issue, "one place for each rule"): a contact a forward accepts is kept
//! by the store and pre-filled into the portal form, on a real SQLite file;
//! what the portal form would refuse, the forward refuses too.

use auskunft::ErrorCode;
use auskunft::cases::{CallerContact, NewForward, ReplyChannel};
use auskunft::handoff::PortalService;

use crate::handoff_support::open_desk;

fn forward(channel: ReplyChannel, phone: Option<&str>, email: Option<&str>) -> NewForward {
    NewForward {
        office_id: "strassenverkehrsamt".into(),
        question: "Rückfrage zur Zulassung".into(),
        channel,
        caller: CallerContact {
            phone: phone.map(Into::into),
            email: email.map(Into::into),
            ..CallerContact::default()
        },
    }
}

#[tokio::test]
async fn a_contact_the_forward_accepts_is_prefilled_into_the_portal_form() {
    let data = tempfile::tempdir().unwrap();
    let desk = open_desk(data.path()).await;
    // (typed, pre-filled as)
    let phones = [
        ("0234 910-0", "0234 910-0"),
        ("(0234) 91 00", "(0234) 91 00"),
        ("+49 234  9100", "+49 234 9100"),
        ("0171/1234567", "0171/1234567"),
    ];
    let emails = ["erika@example.org", "e.m+115@sub.bochum.de"];
    let mut cases: Vec<(NewForward, &str, &str)> = phones
        .iter()
        .map(|(typed, kept)| {
            (
                forward(ReplyChannel::Phone, Some(typed), None),
                "contact.phone",
                *kept,
            )
        })
        .collect();
    cases.extend(emails.iter().map(|e| {
        (
            forward(ReplyChannel::Email, None, Some(e)),
            "contact.email",
            *e,
        )
    }));
    for (fwd, field, kept) in cases {
        let call = desk.start_call().await.unwrap();
        desk.forward(call, &fwd)
            .await
            .unwrap_or_else(|e| panic!("{fwd:?}: {e}"));
        let draft = desk
            .handoff_form(PortalService::Wunschkennzeichen, Some(call))
            .await
            .unwrap();
        assert_eq!(
            draft.values.get(field).map(String::as_str),
            Some(kept),
            "{field} of {fwd:?}"
        );
        let problems = desk.check_handoff_values(PortalService::Wunschkennzeichen, &draft.values);
        assert!(
            problems.iter().all(|p| !p.field.starts_with("contact")),
            "{problems:?}"
        );
    }
}

#[tokio::test]
async fn what_the_portal_form_refuses_the_forward_refuses() {
    let data = tempfile::tempdir().unwrap();
    let desk = open_desk(data.path()).await;
    // Each of these the forward used to accept (5 to 20 digits, any start;
    // any dot in the domain), and the portal form refused.
    let refused = [
        forward(ReplyChannel::Phone, Some("12345"), None),
        forward(ReplyChannel::Phone, Some("234 910"), None),
        forward(ReplyChannel::Phone, Some("0234 1234 5678 9012 3456"), None),
        forward(ReplyChannel::Email, None, Some("erika@example.1e")),
        forward(ReplyChannel::Email, None, Some("erika@example.d")),
    ];
    for fwd in refused {
        let call = desk.start_call().await.unwrap();
        let e = desk.forward(call, &fwd).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{fwd:?}");
        let field = match fwd.channel {
            ReplyChannel::Phone => "phone",
            _ => "email",
        };
        assert_eq!(e.field(), Some(field), "{fwd:?}: {e}");
        assert!(
            desk.open_forwards(chrono::Utc::now())
                .await
                .unwrap()
                .is_empty()
        );
    }
}
