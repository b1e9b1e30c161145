//! The fingerprint of a request body that an Idempotency-Key is bound to.
//! Computed over canonical JSON (object keys sorted, no whitespace), so
//! the same application with its keys in another order or pretty-printed
//! is still "the same body"; any change of a value is not.

use serde_json::Value;

/// BLAKE3 of the canonical JSON, hex.
pub fn body_hash(body: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(body, &mut canonical);
    blake3::hash(canonical.as_bytes()).to_hex().to_string()
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // A JSON string's own serialisation is canonical already.
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        leaf => out.push_str(&leaf.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_and_whitespace_do_not_matter_values_do() {
        let a: Value = serde_json::from_str(r#"{"b": [1, {"y": 2, "x": 1}], "a": "ü"}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":"ü","b":[1,{"x":1,"y":2}]}"#).unwrap();
        assert_eq!(body_hash(&a), body_hash(&b));
        assert_ne!(
            body_hash(&a),
            body_hash(&json!({"a": "ü", "b": [1, {"x": 1, "y": 3}]}))
        );
        assert_ne!(
            body_hash(&a),
            body_hash(&json!({"a": "ü", "b": [{"x": 1, "y": 2}, 1]}))
        );
    }
}
