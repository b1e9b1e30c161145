//! docs/portal-api.yaml against the code: the document parses, names the
//! routes and answers of the contract, and every service's example (the
//! desk's own `handoff::example`) satisfies the request schema: no field
//! the document does not know, every required field present, consts,
//! enums and patterns kept. A field added to a form without the document
//! (or the other way round) fails here.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::common::body;

fn document() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/portal-api.yaml");
    let text = std::fs::read_to_string(path).expect("docs/portal-api.yaml");
    serde_norway::from_str(&text).expect("valid YAML")
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("local $ref");
            resolve(
                doc,
                doc.pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling {reference}")),
            )
        }
        None => schema,
    }
}

/// Properties (each with every schema that constrains it) and required
/// names, gathered through `$ref` and `allOf`.
fn gather<'a>(
    doc: &'a Value,
    schema: &'a Value,
    props: &mut BTreeMap<String, Vec<&'a Value>>,
    required: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    if let Some(Value::Object(p)) = schema.get("properties") {
        for (name, sub) in p {
            props.entry(name.clone()).or_default().push(sub);
        }
    }
    if let Some(Value::Array(r)) = schema.get("required") {
        required.extend(r.iter().filter_map(Value::as_str).map(String::from));
    }
    if let Some(Value::Array(parts)) = schema.get("allOf") {
        for part in parts {
            gather(doc, part, props, required);
        }
    }
}

fn check(doc: &Value, schema: &Value, value: &Value, path: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if let Some(Value::Array(variants)) = schema.get("oneOf") {
        let errors: Vec<String> = variants
            .iter()
            .filter_map(|v| check(doc, v, value, path).err())
            .collect();
        return if errors.len() < variants.len() {
            Ok(())
        } else {
            Err(format!("{path}: no variant fits: {}", errors.join(" | ")))
        };
    }
    if let Some(Value::Array(parts)) = schema.get("allOf") {
        for part in parts {
            let part = resolve(doc, part);
            // Object parts are checked together below; scalar parts alone.
            if part.get("properties").is_none() && part.get("required").is_none() {
                check(doc, part, value, path)?;
            }
        }
    }
    if let Some(expected) = schema.get("const")
        && expected != value
    {
        return Err(format!("{path}: {value} is not {expected}"));
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        return Err(format!("{path}: {value} not in {allowed:?}"));
    }
    if let (Some(Value::String(pattern)), Value::String(text)) = (schema.get("pattern"), value) {
        let re =
            regex::Regex::new(pattern).map_err(|e| format!("{path}: pattern {pattern}: {e}"))?;
        if !re.is_match(text) {
            return Err(format!("{path}: {text:?} does not match {pattern}"));
        }
    }
    if let Value::Object(object) = value {
        let mut props = BTreeMap::new();
        let mut required = Vec::new();
        gather(doc, schema, &mut props, &mut required);
        for name in &required {
            if !object.contains_key(name) {
                return Err(format!("{path}.{name}: required by the document, missing"));
            }
        }
        if props.is_empty() {
            return Ok(()); // An open object.
        }
        for (key, sub) in object {
            let Some(schemas) = props.get(key) else {
                return Err(format!("{path}.{key}: not in the document"));
            };
            for schema in schemas {
                check(doc, schema, sub, &format!("{path}.{key}"))?;
            }
        }
    }
    Ok(())
}

const SERVICES: [&str; 5] = [
    "personenstandsurkunde",
    "wunschkennzeichen",
    "bewohnerparkausweis",
    "kfz-abmeldung",
    "kfz-wiederzulassung",
];

#[test]
fn document_names_the_routes_and_answers() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let post = &doc["paths"]["/v1/applications"]["post"];
    for status in ["201", "400", "401", "409", "422", "503"] {
        assert!(
            post["responses"].get(status).is_some(),
            "POST answers {status}"
        );
    }
    let key = resolve(&doc, &post["parameters"][0]);
    assert_eq!(
        (key["name"].as_str(), key["in"].as_str(), &key["required"]),
        (Some("Idempotency-Key"), Some("header"), &json!(true))
    );
    assert!(doc["paths"]["/v1/applications"]["get"].is_object());
    assert!(doc["paths"]["/v1/applications/{id}"]["get"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let list = resolve(&doc, &doc["components"]["schemas"]["ApplicationList"]);
    assert_eq!(list["required"], json!(["total", "items"]));
    let states = &doc["components"]["schemas"]["State"]["enum"];
    assert_eq!(states, &json!(["submitted", "accepted", "rejected"]));
}

#[test]
fn every_service_example_satisfies_the_request_schema() {
    let doc = document();
    let schema = &doc["components"]["schemas"]["ApplicationRequest"];
    for service in SERVICES {
        check(&doc, schema, &body(service), service).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn the_schema_check_catches_drift() {
    let doc = document();
    let schema = &doc["components"]["schemas"]["ApplicationRequest"];
    let mut extra = body("kfz-abmeldung");
    extra["data"]["colour"] = json!("rot");
    assert!(check(&doc, schema, &extra, "extra").is_err());
    let mut missing = body("kfz-wiederzulassung");
    missing["data"].as_object_mut().unwrap().remove("evb");
    assert!(check(&doc, schema, &missing, "missing").is_err());
    let mut wrong = body("wunschkennzeichen");
    wrong["data"]["plate"] = json!("DO-AB 12");
    assert!(check(&doc, schema, &wrong, "wrong").is_err());
}

#[test]
fn answers_match_their_schemas() {
    // Shapes portal-sim gives (see api.rs), checked against the document.
    let doc = document();
    let schemas = &doc["components"]["schemas"];
    let created = json!({
        "id": "845f15e4-8322-47c3-9f44-a0198ad451ef", "reference": "MB-2026-000123",
        "citizen_link": "http://127.0.0.1:1/finish/845f", "state": "submitted",
        "service": "kfz-abmeldung", "created_at": "2026-11-25T13:42:26Z"
    });
    check(&doc, &schemas["Created"], &created, "Created").unwrap();
    let problem = json!({
        "type": "urn:mein-bochum:problem:validation", "title": "Ungültige Antragsdaten", "status": 422,
        "detail": "1 Angabe(n) ungültig.", "errors": [{"field": "data.vin", "message": "…"}]
    });
    check(
        &doc,
        &schemas["ValidationProblem"],
        &problem,
        "ValidationProblem",
    )
    .unwrap();
}
