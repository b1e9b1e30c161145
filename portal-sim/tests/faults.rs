//! Fault injection: each fault as a client sees it.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{Sim, body, client, expect_problem};

#[tokio::test]
async fn fail_rate_1_answers_503_and_stores_nothing() {
    let sim = Sim::start(&["--fail-rate", "1"]);
    for attempt in 0..3 {
        let response = sim.submit("f", &body("kfz-abmeldung")).await.unwrap();
        assert_eq!(response.headers()["retry-after"], "1", "attempt {attempt}");
        expect_problem(response, 503, "unavailable").await;
    }
    // Reads are never faulted, so a test can always check the truth.
    assert_eq!(sim.get("/v1/applications").await["total"], 0);
}

/// A dropped connection or lost reply is a transport error: no status at all.
fn assert_no_http_answer(result: reqwest::Result<reqwest::Response>) {
    match result {
        Ok(response) => panic!("expected no answer, got {}", response.status()),
        Err(e) => assert!(!e.is_timeout() && !e.is_status(), "{e:?}"),
    }
}

#[tokio::test]
async fn drop_rate_1_closes_the_connection_and_stores_nothing() {
    let sim = Sim::start(&["--drop-rate", "1"]);
    for _ in 0..3 {
        assert_no_http_answer(sim.submit("d", &body("kfz-abmeldung")).await);
    }
    // Even an unauthenticated or broken request is dropped: the network
    // fails before the portal looks.
    let response = sim
        .client
        .post(format!("{}/v1/applications", sim.url))
        .body("{broken")
        .send()
        .await;
    assert_no_http_answer(response);
    assert_eq!(sim.get("/v1/applications").await["total"], 0);
}

#[tokio::test]
async fn lost_reply_rate_1_stores_then_closes_without_answering() {
    let sim = Sim::start(&["--lost-reply-rate", "1"]);
    assert_no_http_answer(sim.submit("lost", &body("personenstandsurkunde")).await);
    let list = sim.get("/v1/applications").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["idempotency_key"], "lost");

    // The naive client's retry with a new key would file twice; the same
    // key does not.
    assert_no_http_answer(sim.submit("lost", &body("personenstandsurkunde")).await);
    assert_eq!(sim.get("/v1/applications").await["total"], 1);
}

#[tokio::test]
async fn delay_holds_the_answer_after_storing() {
    let sim = Sim::start(&["--delay-ms", "400"]);
    let started = Instant::now();
    let response = sim.submit("slow", &body("kfz-abmeldung")).await.unwrap();
    assert_eq!(response.status(), 201);
    assert!(started.elapsed() >= Duration::from_millis(400));

    // A client that gives up earlier sees a timeout, yet the application
    // is there: the delay is applied after storing.
    let impatient = client(Duration::from_millis(100));
    let result = impatient
        .post(format!("{}/v1/applications", sim.url))
        .bearer_auth(crate::common::TOKEN)
        .header("Idempotency-Key", "impatient")
        .json(&body("kfz-abmeldung"))
        .send()
        .await;
    assert!(result.is_err_and(|e| e.is_timeout()));
    // Stored before the delay: it shows up however slow this machine is
    // (polled with a deadline, not a guessed sleep).
    let deadline = Instant::now() + Duration::from_secs(30);
    let keys: Vec<Value> = loop {
        let keys: Vec<Value> = sim.get("/v1/applications").await["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["idempotency_key"].clone())
            .collect();
        if keys.len() >= 2 || Instant::now() > deadline {
            break keys;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(keys, ["slow", "impatient"]);
}

/// The outcome of one attempt, as a comparable word.
async fn outcome(sim: &Sim, key: &str) -> &'static str {
    match sim.submit(key, &body("kfz-abmeldung")).await {
        Ok(response) if response.status() == 201 => "created",
        Ok(response) if response.status() == 503 => "failed",
        Ok(response) => panic!("unexpected {}", response.status()),
        Err(_) => "no answer",
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let args = [
        "--fail-rate",
        "0.3",
        "--drop-rate",
        "0.2",
        "--lost-reply-rate",
        "0.2",
        "--seed",
        "9",
    ];
    let a = Sim::start(&args);
    let b = Sim::start(&args);
    let mut outcomes_a = Vec::new();
    let mut outcomes_b = Vec::new();
    for i in 0..30 {
        let key = format!("seed-{}", i % 10);
        outcomes_a.push(outcome(&a, &key).await);
    }
    // The other sim sees the keys in another order: each key's n-th
    // attempt still has the same fate.
    let mut by_key_b = std::collections::HashMap::new();
    for i in (0..30).rev() {
        let key = format!("seed-{}", i % 10);
        let n = by_key_b.entry(key.clone()).or_insert_with(Vec::new);
        n.push(outcome(&b, &key).await);
    }
    for i in 0..30 {
        let key = format!("seed-{}", i % 10);
        outcomes_b.push(by_key_b.get_mut(&key).unwrap().remove(0));
    }
    assert_eq!(outcomes_a, outcomes_b);
    assert!(
        outcomes_a.contains(&"created")
            && outcomes_a.contains(&"failed")
            && outcomes_a.contains(&"no answer")
    );

    let other = Sim::start(&[
        "--fail-rate",
        "0.3",
        "--drop-rate",
        "0.2",
        "--lost-reply-rate",
        "0.2",
        "--seed",
        "10",
    ]);
    let mut outcomes_other = Vec::new();
    for i in 0..30 {
        outcomes_other.push(outcome(&other, &format!("seed-{}", i % 10)).await);
    }
    assert_ne!(outcomes_a, outcomes_other);
}
