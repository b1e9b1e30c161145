//! Reading a form's JSON field by field. Every read reports its own
//! problem and carries on, so one pass finds every wrong field; values come
//! back trimmed and typed, or `None` when they were wrong.

use serde_json::{Map, Value};

use super::FieldProblem;
use crate::error::{quote, quote_char, shown};

/// A JSON object being read.
pub(crate) type Object = Map<String, Value>;

/// Longest text we accept in a one-line field (names, streets).
pub(crate) const LINE_MAX: usize = 100;
/// Longest free text (purpose, legal interest).
pub(crate) const TEXT_MAX: usize = 500;

/// `prefix.key`, or `key` at the top.
pub(crate) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// "… fehlt." or, for the plural labels of groups ("Angaben zur Person",
/// "Codes der Stempelplaketten"), "… fehlen.".
fn missing(label: &str) -> String {
    let plural = ["Angaben", "Codes", "Antragsdaten"]
        .iter()
        .any(|word| label.starts_with(word));
    if plural {
        format!("{label} fehlen.")
    } else {
        format!("{label} fehlt.")
    }
}

/// Collects the problems of one form.
#[derive(Debug, Default)]
pub(crate) struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    pub(crate) fn report(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(FieldProblem::new(field, message));
    }

    pub(crate) fn into_problems(self) -> Vec<FieldProblem> {
        self.problems
    }

    pub(crate) fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// The object under `key` (or the top object when `key` is empty),
    /// reporting a missing value, a non-object and every key outside
    /// `known` (a misspelt field would otherwise be dropped silently).
    pub(crate) fn object<'v>(
        &mut self,
        value: Option<&'v Value>,
        path: &str,
        label: &str,
        known: &[&str],
    ) -> Option<&'v Object> {
        let field = if path.is_empty() { "data" } else { path };
        match value {
            None | Some(Value::Null) => {
                self.report(field, missing(label));
                None
            }
            Some(Value::Object(object)) => {
                for key in object.keys() {
                    if !known.contains(&key.as_str()) {
                        // The key is the caller's: bounded and escaped in
                        // the path as in the message; an empty key is
                        // reported at its object.
                        let at = match shown(key) {
                            k if k.is_empty() => field.to_string(),
                            k => join(path, &k),
                        };
                        self.report(at, format!("Unbekanntes Feld {}.", quote(key)));
                    }
                }
                Some(object)
            }
            Some(_) => {
                self.report(
                    field,
                    format!("{label}: hier werden mehrere Angaben erwartet (ein Objekt)."),
                );
                None
            }
        }
    }

    /// Required text under `key`, trimmed; `check` turns it into the typed
    /// value or a German message.
    pub(crate) fn field<T>(
        &mut self,
        object: &Object,
        prefix: &str,
        key: &str,
        label: &str,
        check: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match self.optional(object, prefix, key, label, check) {
            Some(Some(value)) => Some(value),
            Some(None) => {
                self.report(join(prefix, key), format!("{label} fehlt."));
                None
            }
            None => None,
        }
    }

    /// Optional text: `Some(None)` when absent, null or blank; `None` when
    /// present but wrong (already reported).
    pub(crate) fn optional<T>(
        &mut self,
        object: &Object,
        prefix: &str,
        key: &str,
        label: &str,
        check: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<Option<T>> {
        let path = join(prefix, key);
        match object.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(text)) if text.trim().is_empty() => Some(None),
            Some(Value::String(text)) => match check(text.trim()) {
                Ok(value) => Some(Some(value)),
                Err(message) => {
                    self.report(path, message);
                    None
                }
            },
            Some(_) => {
                self.report(path, format!("{label} muss als Text angegeben werden."));
                None
            }
        }
    }

    /// A required whole number in `range`.
    pub(crate) fn number(
        &mut self,
        object: &Object,
        prefix: &str,
        key: &str,
        label: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let path = join(prefix, key);
        match object.get(key) {
            None | Some(Value::Null) => {
                self.report(path, format!("{label} fehlt."));
                None
            }
            Some(Value::Number(n)) => match n.as_i64() {
                Some(v) if range.contains(&v) => Some(v),
                _ => {
                    self.report(
                        path,
                        format!(
                            "{label}: erlaubt sind {} bis {}.",
                            range.start(),
                            range.end()
                        ),
                    );
                    None
                }
            },
            Some(_) => {
                self.report(path, format!("{label} muss eine Zahl sein."));
                None
            }
        }
    }

    /// A required yes/no.
    pub(crate) fn boolean(
        &mut self,
        object: &Object,
        prefix: &str,
        key: &str,
        label: &str,
    ) -> Option<bool> {
        let path = join(prefix, key);
        match object.get(key) {
            Some(Value::Bool(b)) => Some(*b),
            None | Some(Value::Null) => {
                self.report(path, format!("{label} fehlt."));
                None
            }
            Some(_) => {
                self.report(
                    path,
                    format!("{label} muss ja oder nein (true/false) sein."),
                );
                None
            }
        }
    }

    /// One of the listed values.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        object: &Object,
        prefix: &str,
        key: &str,
        label: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        self.field(object, prefix, key, label, |text| {
            choices
                .iter()
                .find(|(name, _)| *name == text)
                .map(|(_, value)| *value)
                .ok_or_else(|| {
                    let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
                    format!(
                        "{label} {} gibt es nicht; möglich: {}.",
                        quote(text),
                        names.join(", ")
                    )
                })
        })
    }
}

/// One line of text: no control characters, at most [`LINE_MAX`] long,
/// inner runs of spaces collapsed.
pub(crate) fn line(label: &str) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |text| {
        if text.chars().any(char::is_control) {
            return Err(format!(
                "{label}: Zeilenumbrüche und Steuerzeichen sind nicht erlaubt."
            ));
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > LINE_MAX {
            return Err(format!(
                "{label} ist zu lang (höchstens {LINE_MAX} Zeichen)."
            ));
        }
        Ok(text)
    }
}

/// Free text: line breaks allowed, at most [`TEXT_MAX`] long.
pub(crate) fn free_text(label: &str) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |text| {
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(format!("{label}: Steuerzeichen sind nicht erlaubt."));
        }
        if text.chars().count() > TEXT_MAX {
            return Err(format!(
                "{label} ist zu lang (höchstens {TEXT_MAX} Zeichen)."
            ));
        }
        Ok(text.to_string())
    }
}

/// A name: letters with spaces, hyphens, apostrophes and dots, no digits.
pub(crate) fn name(label: &str) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |text| {
        let text = line(label)(text)?;
        if let Some(c) = text
            .chars()
            .find(|c| !(c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.')))
        {
            return Err(format!(
                "{label}: {} kommt in Namen nicht vor.",
                quote_char(c)
            ));
        }
        Ok(text)
    }
}
