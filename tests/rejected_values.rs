//! Messages repeat a rejected value only through `auskunft::error::quote`
//! (hardening issue, "one place for each rule"): a 1 MB value gives a
//! message of a few hundred characters, and a terminal escape sequence or
//! a right-to-left override arrives escaped — in the handoff readers, the
//! code and plate checks, the call log and the CLI's output.

use std::process::Command;

use auskunft::cases::{CallerContact, NewForward, Outcome, ReplyChannel};
use auskunft::handoff::codes::{Iban, Vin};
use auskunft::handoff::plate::{Plate, PlateArea};
use auskunft::handoff::{PortalService, example, parse_request};
use serde_json::{Value, json};

use crate::common::shipped_kb;
use crate::handoff_support::open_desk;

/// A megabyte of one letter.
fn huge() -> String {
    "X".repeat(1 << 20)
}

const ESCAPE: &str = "\x1b[31m";

/// The message neither carries the value's bulk nor a character that acts
/// on a terminal or reorders text.
#[track_caller]
fn assert_safe(message: &str) {
    assert!(
        message.len() < 2_000,
        "{} bytes: {}…",
        message.len(),
        message.chars().take(200).collect::<String>()
    );
    assert!(!message.contains(&"X".repeat(61)), "{message}");
    assert!(
        !message
            .chars()
            .any(|c| c == '\x1b' || c == '\u{202e}' || (c.is_control() && c != '\n')),
        "{message:?}"
    );
}

fn request(service: PortalService, data: Value) -> Value {
    json!({
        "service": service.as_str(),
        "applicant_mode": "anonymous",
        "assurance_level": "low",
        "data": data,
    })
}

/// Every problem of `body`, each checked.
#[track_caller]
fn problems_are_safe(body: &Value) -> usize {
    let problems = parse_request(body).expect_err("refused");
    for p in &problems {
        assert_safe(&p.field);
        assert_safe(&p.message);
    }
    problems.len()
}

#[test]
fn the_handoff_readers_quote_a_megabyte_and_an_escape_bounded() {
    for bad in [
        huge(),
        format!("{ESCAPE}rot\u{202e}"),
        format!("{}{ESCAPE}", huge()),
    ] {
        // The envelope: service, a choice, an unknown key.
        let mut body = request(
            PortalService::KfzAbmeldung,
            example(PortalService::KfzAbmeldung),
        );
        body["service"] = json!(bad);
        body["applicant_mode"] = json!(bad);
        body[bad.as_str()] = json!(1);
        assert!(problems_are_safe(&body) >= 3);

        // Fields of every kind, each service.
        let mut kfz = example(PortalService::KfzAbmeldung);
        kfz["plate"] = json!(format!("{bad}-A 1"));
        kfz["vin"] = json!(format!("WVW{bad}"));
        kfz["zb1_security_code"] = json!(bad);
        kfz["seal_codes"][bad.as_str()] = json!("x");
        assert!(problems_are_safe(&request(PortalService::KfzAbmeldung, kfz)) >= 4);

        let mut parking = example(PortalService::Bewohnerparkausweis);
        parking["zone"] = json!(bad);
        parking["contact"]["phone"] = json!(format!("0234{bad}"));
        parking["resident"]["surname"] = json!(format!("Muster{bad}"));
        parking["plate"] = json!(format!("BO-A 1{bad}"));
        assert!(problems_are_safe(&request(PortalService::Bewohnerparkausweis, parking)) >= 4);

        let mut wieder = example(PortalService::KfzWiederzulassung);
        wieder["iban"] = json!(format!("DE{bad}"));
        wieder["contact"]["email"] = json!(format!("{bad}@example.org"));
        wieder["plate"]["mode"] = json!(bad);
        assert!(problems_are_safe(&request(PortalService::KfzWiederzulassung, wieder)) >= 3);

        let mut civil = example(PortalService::Personenstandsurkunde);
        civil["kind"] = json!(bad);
        civil["event"]["place"] = json!(format!("Essen{bad}"));
        assert!(problems_are_safe(&request(PortalService::Personenstandsurkunde, civil)) >= 2);
    }
}

#[test]
fn plate_vin_and_iban_checks_quote_bounded() {
    let huge = huge();
    for input in [
        format!("{huge}-A 1"),
        format!("BO-A 1{huge}"),
        format!("{ESCAPE}-A 1"),
        format!("BO-A 1{ESCAPE}"),
    ] {
        for area in [PlateArea::Bochum, PlateArea::Germany] {
            assert_safe(&Plate::parse(&input, area).expect_err("refused"));
        }
    }
    for input in [format!("WVW{huge}"), format!("WVW{ESCAPE}ZZ1JZXW00001")] {
        assert_safe(&Vin::parse(&input).expect_err("refused"));
    }
    for input in [
        format!("DE{huge}"),
        format!("DE89{ESCAPE}"),
        ESCAPE.to_string(),
    ] {
        assert_safe(&Iban::parse(&input).expect_err("refused"));
    }
}

#[tokio::test]
async fn the_call_log_quotes_bounded() {
    let huge = huge();
    for bad in [huge.clone(), ESCAPE.to_string()] {
        assert_safe(&Outcome::parse(&bad).unwrap_err().to_string());
        assert_safe(&ReplyChannel::parse(&bad).unwrap_err().to_string());
    }
    let data = tempfile::tempdir().unwrap();
    let desk = open_desk(data.path()).await;
    let call = desk.start_call().await.unwrap();
    for (channel, phone, email) in [
        (ReplyChannel::Phone, format!("0234 {huge}"), String::new()),
        (ReplyChannel::Phone, format!("0234 {ESCAPE}"), String::new()),
        (ReplyChannel::Email, String::new(), format!("{huge}@x")),
        (
            ReplyChannel::Email,
            String::new(),
            format!("a{ESCAPE}@x.de"),
        ),
    ] {
        let fwd = NewForward {
            office_id: "strassenverkehrsamt".into(),
            question: "Frage".into(),
            channel,
            caller: CallerContact {
                phone: Some(phone),
                email: Some(email),
                ..CallerContact::default()
            },
        };
        let e = desk.forward(call, &fwd).await.unwrap_err();
        assert_eq!(e.code(), auskunft::ErrorCode::InvalidInput);
        assert_safe(&e.to_string());
    }
    for bad in [huge.as_str(), ESCAPE] {
        let office = NewForward {
            office_id: bad.to_string(),
            question: "Frage".into(),
            channel: ReplyChannel::Phone,
            caller: CallerContact {
                phone: Some("0234 910-0".into()),
                ..CallerContact::default()
            },
        };
        assert_safe(&desk.forward(call, &office).await.unwrap_err().to_string());
        assert_safe(&desk.hours(bad, chrono::Utc::now()).unwrap_err().to_string());
        assert_safe(
            &desk
                .open_entry(bad, None, chrono::Utc::now())
                .unwrap_err()
                .to_string(),
        );
    }
}

/// What the CLI prints for an application with a megabyte and an escape
/// sequence in it.
#[test]
fn the_cli_prints_rejected_values_bounded() {
    let data = tempfile::tempdir().unwrap();
    let mut app = example(PortalService::KfzAbmeldung);
    // A third of a megabyte each: the whole file stays under the CLI's 1 MiB
    // input cap (a larger file is refused before any field is read).
    let big = "X".repeat(300_000);
    app["plate"] = json!(format!("{ESCAPE}-A 1"));
    app["vin"] = json!(big.clone());
    app[big] = json!(ESCAPE);
    let file = data.path().join("app.json");
    std::fs::write(&file, serde_json::to_vec(&app).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_auskunft"))
        .arg("--kb")
        .arg(shipped_kb())
        .arg("--data")
        .arg(data.path())
        .args(["handoff", "submit", "kfz-abmeldung"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    for line in stdout.lines() {
        assert_safe(line);
    }
    assert_safe(&String::from_utf8_lossy(&out.stderr));
}
