//! Fuzz targets as property tests: arbitrary and mutated-valid input to the
//! three readers of outside text — the article parser (`kb::parse_entry`,
//! what `KnowledgeBase::load` runs per file), the settings loader
//! (`DeskSettings::parse`) and the handoff readers (JSON → typed form,
//! `parse_form` and `parse_request`). None may panic, and every error says
//! where: `path:line` for an article, `line:` for the settings, a field for
//! a form.
//!
//! Random cases are reproducible: proptest prints the failing input,
//! replays a run with `PROPTEST_RNG_SEED=<n>`, and keeps the seeds of
//! failures found in `tests/fuzz_inputs.proptest-regressions`, which run
//! first every time.

use std::path::{Path, PathBuf};

use auskunft::cases::DeskSettings;
use auskunft::handoff::{PortalService, example, parse_form_on, parse_request_on};
use auskunft::kb::parse_entry;
use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::common::shipped_kb;

// ---- text mutations --------------------------------------------------

/// One edit of a text, at positions taken modulo its length.
#[derive(Debug, Clone)]
enum Edit {
    /// Deletes up to `len` characters at `at`.
    Delete { at: usize, len: usize },
    /// Inserts `text` at `at`.
    Insert { at: usize, text: String },
    /// Repeats line `line`.
    DuplicateLine { line: usize },
    /// Swaps two lines.
    SwapLines { a: usize, b: usize },
    /// Cuts the text at `at`.
    Truncate { at: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), noise()).prop_map(|(at, text)| Edit::Insert { at, text }),
        any::<usize>().prop_map(|line| Edit::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines { a, b }),
        any::<usize>().prop_map(|at| Edit::Truncate { at }),
    ]
}

/// What an editor, a paste or a broken disk puts into a text: syntax
/// characters, quotes, line breaks, control characters, BOMs, long runs,
/// multibyte letters.
fn noise() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\[\\]{}=\"'#+,.:\n -]{1,6}",
        "\\PC{0,12}",
        ".{0,8}",
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("+++\n".to_string()),
        Just("\"\"\"".to_string()),
        Just("ÄÖÜß€".to_string()),
        Just("\u{1b}[31m".to_string()),
        "[0-9]{1,25}",
        (1..3000usize).prop_map(|n| "x".repeat(n)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        match e {
            Edit::Delete { at, len } => {
                let at = at % (chars.len() + 1);
                let end = (at + len).min(chars.len());
                chars.drain(at..end);
            }
            Edit::Insert { at, text } => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, text.chars());
            }
            Edit::DuplicateLine { line } => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<&str> = s.split('\n').collect();
                let i = line % lines.len();
                lines.insert(i, lines[i]);
                chars = lines.join("\n").chars().collect();
            }
            Edit::SwapLines { a, b } => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<&str> = s.split('\n').collect();
                let n = lines.len();
                lines.swap(a % n, b % n);
                chars = lines.join("\n").chars().collect();
            }
            Edit::Truncate { at } => {
                let at = at % (chars.len() + 1);
                chars.truncate(at);
            }
        }
    }
    chars.into_iter().collect()
}

// ---- articles --------------------------------------------------------

/// Every shipped article: path and text.
fn articles() -> Vec<(PathBuf, String)> {
    let kb = shipped_kb();
    let mut out = Vec::new();
    for dir in ["services", "locations"] {
        for entry in std::fs::read_dir(kb.join(dir)).expect("kb folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).expect("article");
                out.push((path, text));
            }
        }
    }
    out.sort();
    assert!(out.len() > 20, "the shipped knowledge base");
    out
}

/// Parses and checks that every problem points into the file.
fn check_article(path: &Path, text: &str) -> Result<(), TestCaseError> {
    let (entry, problems) = parse_entry(path, text);
    let lines = text.lines().count().max(1);
    for p in &problems {
        prop_assert_eq!(&p.path, path);
        prop_assert!(
            (1..=lines + 1).contains(&p.line),
            "line {} of {} lines: {}",
            p.line,
            lines,
            p
        );
        prop_assert!(!p.message.trim().is_empty(), "{}", p);
    }
    let errors = problems
        .iter()
        .any(|p| p.severity == auskunft::kb::Severity::Error);
    prop_assert!(
        entry.is_some() != errors,
        "an entry exactly when no error: {:?}",
        problems
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(400), .. ProptestConfig::default() })]

    #[test]
    fn an_arbitrary_article_never_panics(
        text in prop_oneof!["\\PC{0,400}", ".{0,200}", "\\+\\+\\+\n[a-z_ =\"\\[\\]0-9\n-]{0,300}(\\+\\+\\+\n)?[#a-zäöü \n]{0,100}"]
    ) {
        check_article(Path::new("services/zufall.md"), &text)?;
    }

    #[test]
    fn a_mutated_shipped_article_never_panics(
        article in prop::sample::select(articles()),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let (path, text) = article;
        check_article(&path, &apply(&text, &edits))?;
    }
}

// ---- settings --------------------------------------------------------

/// A settings file using every table, with secrets to look for.
const SETTINGS: &str = "agent = \"Anna K.\"\nretention_days = 30\nper_agent_figures = false\n\n\
     [portal]\nurl = \"https://portal.example\"\ntoken = \"s3cr3t-token\"\nstuck_after_minutes = 45\n\n\
     [store]\nurl = \"postgres://desk:s3cr3t-pw@db/auskunft\"\n";

/// Parses and checks that an error starts with a line of the file.
fn check_settings(text: &str) -> Result<(), TestCaseError> {
    let Err(e) = DeskSettings::parse(text) else {
        return Ok(());
    };
    let lines = text.lines().count().max(1);
    let line: Option<usize> = e.split_once(':').and_then(|(n, _)| n.parse().ok());
    prop_assert!(
        line.is_some_and(|n| (1..=lines + 1).contains(&n)),
        "{e:?} for {lines} lines"
    );
    prop_assert!(e.chars().count() < 400, "{e:?}");
    prop_assert!(!e.chars().any(char::is_control), "{e:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(500), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_settings_never_panic(text in prop_oneof!["\\PC{0,200}", ".{0,120}", "([a-z_]{1,20} = [\"0-9a-z\\[\\]{}., ]{0,20}\n){0,8}"]) {
        check_settings(&text)?;
    }

    #[test]
    fn mutated_settings_never_panic_or_show_a_secret(edits in prop::collection::vec(edit(), 1..5)) {
        let text = apply(SETTINGS, &edits);
        check_settings(&text)?;
        if let Err(e) = DeskSettings::parse(&text) {
            // The secret's own line may have lost its key to the edits;
            // wherever it is, it is never repeated.
            prop_assert!(!e.contains("s3cr3t"), "{e:?} for {text:?}");
        }
    }
}

#[test]
fn the_settings_sample_is_valid() {
    let s = DeskSettings::parse(SETTINGS).unwrap();
    assert_eq!(s.retention_days, 30);
    assert!(s.portal.token.is_some() && s.store.url.is_some());
}

// ---- handoff readers -------------------------------------------------

/// Keys the forms know, so that arbitrary objects reach the readers'
/// inner fields and not only the "unknown field" problem.
const KEYS: [&str; 30] = [
    "kind",
    "person",
    "given_names",
    "surname",
    "birth_name",
    "event",
    "date",
    "place",
    "copies",
    "purpose",
    "applicant",
    "relation",
    "delivery",
    "method",
    "address",
    "street",
    "house_number",
    "postal_code",
    "city",
    "plate",
    "vehicle_type",
    "holder",
    "name",
    "contact",
    "phone",
    "email",
    "zone",
    "vin",
    "iban",
    "mode",
];

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "\\PC{0,20}".prop_map(Value::String),
        ".{0,10}".prop_map(Value::String),
        noise().prop_map(Value::String),
        "[A-Z]{1,3}-[A-Z]{1,2} [0-9]{1,4}[EH]?".prop_map(Value::String),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(&KEYS[..]).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ]
}

/// One change of a JSON document at the `at`-th of its values.
#[derive(Debug, Clone)]
enum Change {
    /// Replaces the value.
    Replace(usize, Value),
    /// Removes the value from its object or array.
    Remove(usize),
    /// Adds a key to the object (or the object holding the value).
    Add(usize, String, Value),
    /// Edits a string value's text.
    EditText(usize, Vec<Edit>),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<usize>(), json_value()).prop_map(|(at, v)| Change::Replace(at, v)),
        any::<usize>().prop_map(Change::Remove),
        (any::<usize>(), key(), json_value()).prop_map(|(at, k, v)| Change::Add(at, k, v)),
        (any::<usize>(), prop::collection::vec(edit(), 1..3))
            .prop_map(|(at, e)| Change::EditText(at, e)),
    ]
}

/// Every value's path inside `v` (JSON pointer).
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                pointers(child, p, out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn apply_change(doc: &mut Value, change: &Change) {
    let mut all = Vec::new();
    pointers(doc, String::new(), &mut all);
    let pick = |at: usize| all[at % all.len()].clone();
    match change {
        Change::Replace(at, v) => {
            if let Some(slot) = doc.pointer_mut(&pick(*at)) {
                *slot = v.clone();
            }
        }
        Change::Remove(at) => {
            let p = pick(*at);
            let Some((parent, last)) = p.rsplit_once('/') else {
                return;
            };
            let last = last.replace("~1", "/").replace("~0", "~");
            match doc.pointer_mut(parent) {
                Some(Value::Object(o)) => {
                    o.remove(&last);
                }
                Some(Value::Array(a)) => {
                    if let Ok(i) = last.parse::<usize>()
                        && i < a.len()
                    {
                        a.remove(i);
                    }
                }
                _ => {}
            }
        }
        Change::Add(at, k, v) => {
            let p = pick(*at);
            let target = match doc.pointer(&p) {
                Some(Value::Object(_)) => p,
                _ => p
                    .rsplit_once('/')
                    .map(|(parent, _)| parent.to_string())
                    .unwrap_or_default(),
            };
            if let Some(Value::Object(o)) = doc.pointer_mut(&target) {
                o.insert(k.clone(), v.clone());
            }
        }
        Change::EditText(at, edits) => {
            if let Some(Value::String(s)) = doc.pointer_mut(&pick(*at)) {
                *s = apply(s, edits);
            }
        }
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a day")
}

/// Reads `data` as `service`: problems each with a field and a bounded
/// message; a form that reads writes back to data that reads as itself
/// (what the outbox stores is what portal-sim accepts).
fn check_form(service: PortalService, data: &Value) -> Result<(), TestCaseError> {
    match parse_form_on(service, data, today()) {
        Ok(form) => {
            prop_assert_eq!(form.service(), service);
            let again = form
                .to_data()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let reread = parse_form_on(service, &again, today());
            prop_assert_eq!(reread.as_ref(), Ok(&form), "round trip of {}", again);
        }
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            for p in &problems {
                prop_assert!(!p.field.is_empty(), "{:?}", p);
                prop_assert!(!p.message.trim().is_empty(), "{:?}", p);
                prop_assert!(p.field.chars().count() < 300, "{:?}", p);
                prop_assert!(p.message.chars().count() < 600, "{:?}", p);
                prop_assert!(!p.message.chars().any(char::is_control), "{:?}", p);
            }
        }
    }
    let body = json!({
        "service": service.as_str(),
        "applicant_mode": "anonymous",
        "assurance_level": "low",
        "data": data,
    });
    if let Err(problems) = parse_request_on(&body, today()) {
        for p in &problems {
            prop_assert!(
                p.field.starts_with("data")
                    || ["service", "applicant_mode", "assurance_level"].contains(&p.field.as_str()),
                "{:?}",
                p
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::cases(300), .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics_a_reader(
        service in prop::sample::select(PortalService::ALL.to_vec()),
        data in json_value(),
    ) {
        check_form(service, &data)?;
        // A whole request of arbitrary shape, too.
        if let Err(problems) = parse_request_on(&data, today()) {
            prop_assert!(!problems.is_empty());
        }
    }

    #[test]
    fn a_mutated_example_never_panics_a_reader(
        service in prop::sample::select(PortalService::ALL.to_vec()),
        changes in prop::collection::vec(change(), 1..4),
    ) {
        let mut data = example(service);
        for c in &changes {
            apply_change(&mut data, c);
        }
        check_form(service, &data)?;
    }
}

#[test]
fn every_example_reads_and_round_trips() {
    for service in PortalService::ALL {
        check_form(service, &example(service)).unwrap();
    }
}
