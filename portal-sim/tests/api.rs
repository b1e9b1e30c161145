//! The contract, request by request.

use serde_json::{Value, json};

use crate::common::{Sim, TOKEN, body, expect_problem};

fn is_reference(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), ["MB", year, number]
        if year.len() == 4 && number.len() == 6
            && year.chars().chain(number.chars()).all(|c| c.is_ascii_digit()))
}

#[tokio::test]
async fn submit_gives_201_with_reference_and_link() {
    let sim = Sim::start(&[]);
    let response = sim.submit("key-1", &body("kfz-abmeldung")).await.unwrap();
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(response.headers().get("idempotent-replayed").is_none());
    let created: Value = response.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(location, format!("/v1/applications/{id}"));
    assert!(
        is_reference(created["reference"].as_str().unwrap()),
        "{created}"
    );
    assert_eq!(
        created["reference"],
        format!("MB-{}-000001", year_in_bochum())
    );
    assert_eq!(created["state"], "submitted");
    let link = created["citizen_link"].as_str().unwrap();
    assert!(link.starts_with(&sim.url), "{link}");
    // The citizen link leads somewhere and shows the reference.
    let page = sim.client.get(link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains(created["reference"].as_str().unwrap())
    );

    // Every service's example is accepted.
    for (i, service) in [
        "personenstandsurkunde",
        "wunschkennzeichen",
        "bewohnerparkausweis",
        "kfz-wiederzulassung",
    ]
    .into_iter()
    .enumerate()
    {
        let response = sim
            .submit(&format!("svc-{i}"), &body(service))
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            201,
            "{service}: {}",
            response.text().await.unwrap()
        );
    }
}

fn year_in_bochum() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y")
        .to_string()
}

#[tokio::test]
async fn same_key_same_body_gives_the_same_answer() {
    let sim = Sim::start(&[]);
    let first: Value = sim
        .submit("same", &body("wunschkennzeichen"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let again = sim
        .submit("same", &body("wunschkennzeichen"))
        .await
        .unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);

    // The same JSON with its keys in another order and pretty-printed is
    // the same body.
    let reordered = {
        let original = body("wunschkennzeichen");
        let mut text = String::from("{\n  \"data\": ");
        text.push_str(&serde_json::to_string_pretty(&original["data"]).unwrap());
        text.push_str(",\n  \"assurance_level\": \"low\", \"applicant_mode\": \"anonymous\", \"service\": \"wunschkennzeichen\"\n}");
        text
    };
    let response = sim
        .client
        .post(format!("{}/v1/applications", sim.url))
        .bearer_auth(TOKEN)
        .header("Idempotency-Key", "same")
        .header("content-type", "application/json")
        .body(reordered)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.json::<Value>().await.unwrap()["id"], first["id"]);

    assert_eq!(sim.get("/v1/applications").await["total"], 1);
}

#[tokio::test]
async fn same_key_other_body_gives_409() {
    let sim = Sim::start(&[]);
    assert_eq!(
        sim.submit("k", &body("kfz-abmeldung"))
            .await
            .unwrap()
            .status(),
        201
    );
    let mut other = body("kfz-abmeldung");
    other["data"]["seal_codes"]["rear"] = json!("ZZ9");
    let problem = expect_problem(
        sim.submit("k", &other).await.unwrap(),
        409,
        "idempotency-key-reused",
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Idempotency-Key")
    );
    // Another service under the same key is another body too.
    expect_problem(
        sim.submit("k", &body("kfz-wiederzulassung")).await.unwrap(),
        409,
        "idempotency-key-reused",
    )
    .await;
    assert_eq!(sim.get("/v1/applications").await["total"], 1);
}

#[tokio::test]
async fn invalid_data_gives_422_listing_each_field_and_binds_no_key() {
    let sim = Sim::start(&[]);
    let mut invalid = body("kfz-wiederzulassung");
    invalid["data"]["iban"] = json!("DE89370400440532013001");
    invalid["data"]["evb"] = json!("A1B2C3");
    invalid["data"]["plate"] = json!({"mode": "wish", "plate": "BOX-A 1"});
    let problem = expect_problem(
        sim.submit("fix-me", &invalid).await.unwrap(),
        422,
        "validation",
    )
    .await;
    let errors = problem["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["data.evb", "data.iban", "data.plate.plate"]);
    assert!(
        errors
            .iter()
            .all(|e| !e["message"].as_str().unwrap().is_empty())
    );
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("Prüfziffern der IBAN")
    );

    // The envelope is validated too.
    let mut wrong_level = body("kfz-abmeldung");
    wrong_level["assurance_level"] = json!("high");
    let problem = expect_problem(
        sim.submit("level", &wrong_level).await.unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "assurance_level");

    // Nothing was stored, and the corrected application may use the key.
    assert_eq!(sim.get("/v1/applications").await["total"], 0);
    assert_eq!(
        sim.submit("fix-me", &body("kfz-wiederzulassung"))
            .await
            .unwrap()
            .status(),
        201
    );
}

#[tokio::test]
async fn no_or_wrong_token_gives_401() {
    let sim = Sim::start(&[]);
    let url = format!("{}/v1/applications", sim.url);
    let attempts = [
        sim.client
            .post(&url)
            .header("Idempotency-Key", "a")
            .json(&body("kfz-abmeldung")),
        sim.client
            .post(&url)
            .bearer_auth("wrong")
            .header("Idempotency-Key", "a")
            .json(&body("kfz-abmeldung")),
        sim.client
            .post(&url)
            .bearer_auth(format!("{TOKEN}x"))
            .header("Idempotency-Key", "a")
            .json(&body("kfz-abmeldung")),
        sim.client
            .post(&url)
            .header("authorization", TOKEN)
            .header("Idempotency-Key", "a")
            .json(&body("kfz-abmeldung")),
        sim.client
            .post(&url)
            .bearer_auth("")
            .header("Idempotency-Key", "a")
            .json(&body("kfz-abmeldung")),
        sim.client.get(&url),
        sim.client.get(&url).bearer_auth("wrong"),
        sim.client.get(format!("{url}/some-id")),
    ];
    for request in attempts {
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        expect_problem(response, 401, "unauthorized").await;
    }
    assert_eq!(sim.get("/v1/applications").await["total"], 0);
    // The scheme name is case-insensitive.
    let lower = sim
        .client
        .get(&url)
        .header("authorization", format!("bearer {TOKEN}"));
    assert_eq!(lower.send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn get_by_id_gives_state_and_data() {
    let sim = Sim::start(&[]);
    let created: Value = sim
        .submit("g", &body("bewohnerparkausweis"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap();
    let application = sim.get(&format!("/v1/applications/{id}")).await;
    assert_eq!(application["id"], created["id"]);
    assert_eq!(application["reference"], created["reference"]);
    assert_eq!(application["service"], "bewohnerparkausweis");
    assert_eq!(application["state"], "submitted");
    assert_eq!(application["idempotency_key"], "g");
    assert_eq!(application["applicant_mode"], "anonymous");
    assert_eq!(application["assurance_level"], "low");
    assert_eq!(application["data"], body("bewohnerparkausweis")["data"]);

    // The simulated office decides; the state shows.
    let decided = sim
        .client
        .put(format!("{}/sim/applications/{id}/state", sim.url))
        .bearer_auth(TOKEN)
        .json(&json!({"state": "accepted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 200);
    assert_eq!(
        sim.get(&format!("/v1/applications/{id}")).await["state"],
        "accepted"
    );

    let missing = sim
        .client
        .get(format!("{}/v1/applications/nope", sim.url))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    expect_problem(missing, 404, "not-found").await;
}

#[tokio::test]
async fn list_gives_total_and_each_key() {
    let sim = Sim::start(&[]);
    let keys = ["list-a", "list-b", "list-c"];
    for key in keys {
        assert_eq!(
            sim.submit(key, &body("kfz-abmeldung"))
                .await
                .unwrap()
                .status(),
            201
        );
    }
    let list = sim.get("/v1/applications").await;
    assert_eq!(list["total"], 3);
    let items = list["items"].as_array().unwrap();
    let got: Vec<&str> = items
        .iter()
        .map(|i| i["idempotency_key"].as_str().unwrap())
        .collect();
    assert_eq!(got, keys);
    assert!(
        items
            .iter()
            .all(|i| i["state"] == "submitted" && i["service"] == "kfz-abmeldung")
    );

    let page = sim.get("/v1/applications?offset=1&limit=1").await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["idempotency_key"], "list-b");
}

#[tokio::test]
async fn malformed_requests_give_400_problems() {
    let sim = Sim::start(&[]);
    let url = format!("{}/v1/applications", sim.url);
    let post = |key: Option<&str>, body: &'static str| {
        let request = sim.client.post(&url).bearer_auth(TOKEN).body(body);
        match key {
            Some(key) => request.header("Idempotency-Key", key),
            None => request,
        }
    };
    for request in [
        post(Some("m"), "{not json"),
        post(Some("m"), ""),
        post(Some("m"), "\u{0}"),
        post(None, "{}"),
        post(Some(" "), "{}"),
    ] {
        expect_problem(request.send().await.unwrap(), 400, "bad-request").await;
    }
    // Valid JSON that is not an object is invalid data, not broken syntax.
    let response = post(Some("m"), "[1, 2]").send().await.unwrap();
    let problem = expect_problem(response, 422, "validation").await;
    assert_eq!(problem["errors"][0]["field"], "");
    // Oversized bodies and unknown routes answer as problems too.
    let big = "x".repeat(300 * 1024);
    let response = sim
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("Idempotency-Key", "big")
        .body(big)
        .send()
        .await
        .unwrap();
    expect_problem(response, 413, "too-large").await;
    let response = sim
        .client
        .get(format!("{}/v2/nothing", sim.url))
        .send()
        .await
        .unwrap();
    expect_problem(response, 404, "not-found").await;
    let response = sim.client.delete(&url).send().await.unwrap();
    expect_problem(response, 405, "method-not-allowed").await;
    let undecodable = format!("{}/v1/applications/%FF%FE", sim.url);
    let response = sim
        .client
        .get(undecodable)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    expect_problem(response, 400, "bad-request").await;
    // Still serving.
    assert_eq!(sim.get("/v1/applications").await["total"], 0);
}

#[tokio::test]
async fn a_taken_plate_is_refused_on_its_field_and_another_goes_through() {
    // "bo-em 1964" in any spelling is the example's plate, BO-EM 1964.
    let sim = Sim::start(&["--taken-plates", "bo-em 1964,WAT-EM 64"]);
    let problem = expect_problem(
        sim.submit("taken", &body("wunschkennzeichen"))
            .await
            .unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "data.plate");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("BO-EM 1964 ist bereits vergeben"),
        "{problem}"
    );
    // The re-registration's wished plate is checked too.
    let problem = expect_problem(
        sim.submit("taken-2", &body("kfz-wiederzulassung"))
            .await
            .unwrap(),
        422,
        "validation",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "data.plate.plate");
    assert_eq!(sim.get("/v1/applications").await["total"], 0);

    // A free plate with the same key is accepted.
    let mut free = body("wunschkennzeichen");
    free["data"]["plate"] = json!("BO-EM 1965");
    assert_eq!(sim.submit("taken", &free).await.unwrap().status(), 201);
}

#[test]
fn a_malformed_taken_plate_stops_the_start() {
    // A leading zero is no plate; the check runs before listening, so a
    // broken list can never serve.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_portal-sim"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--token",
            "t",
            "--taken-plates",
            "BO-0 1",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--taken-plates") && err.contains("BO-0 1"),
        "{err}"
    );
}
