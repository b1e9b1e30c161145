//! `--store`: applications survive a hard kill and a restart.

use serde_json::Value;

use crate::common::{Sim, body};

#[tokio::test]
async fn store_survives_kill_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.json");
    let path_arg = path.to_str().unwrap();

    let sim = Sim::start(&["--store", path_arg]);
    let first: Value = sim
        .submit("p1", &body("kfz-abmeldung"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second: Value = sim
        .submit("p2", &body("wunschkennzeichen"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // SIGKILL: no shutdown handler; what was answered must be on disk.
    sim.kill();
    assert!(path.exists());
    assert!(!dir.path().join("portal.json.tmp").exists());

    let sim = Sim::start(&["--store", path_arg]);
    let list = sim.get("/v1/applications").await;
    assert_eq!(list["total"], 2);
    let id = first["id"].as_str().unwrap();
    assert_eq!(
        sim.get(&format!("/v1/applications/{id}")).await["reference"],
        first["reference"]
    );

    // The key is still bound: the same body replays, numbering goes on.
    let replay = sim.submit("p2", &body("wunschkennzeichen")).await.unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.json::<Value>().await.unwrap(), second);
    let third: Value = sim
        .submit("p3", &body("kfz-abmeldung"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        third["reference"].as_str().unwrap().ends_with("-000003"),
        "{third}"
    );
}

#[tokio::test]
async fn many_concurrent_submissions_are_each_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.json");
    let sim = std::sync::Arc::new(Sim::start(&["--store", path.to_str().unwrap()]));
    let mut tasks = Vec::new();
    // 40 keys, each sent twice at once: 40 applications, no more.
    for i in 0..80 {
        let sim = sim.clone();
        tasks.push(tokio::spawn(async move {
            let response = sim
                .submit(&format!("c-{}", i % 40), &body("kfz-abmeldung"))
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(sim.get("/v1/applications").await["total"], 40);
    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["records"].as_array().unwrap().len(), 40);
}
