//! The core's files import each other without cycles: when a file uses a
//! file that (directly or through others) uses it back, neither can be
//! read, tested or moved alone. A module and the modules inside it (a
//! folder's `mod.rs` and its files) belong together and do not count;
//! every other `crate::`/`super::` path does, in `use` lines and in code.
//! Test modules at the end of a file (`#[cfg(test)]`) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The module path of a source file ("src/kb/search/plan.rs" →
/// ["kb", "search", "plan"]; "src/lib.rs" → []).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code before its test module, without comments.
fn code_of(text: &str) -> String {
    let before_tests = text.split("\n#[cfg(test)]").next().unwrap_or("");
    before_tests
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the code names from `crate` or `super`, with `use` groups
/// spread out ("use super::{a, b::c}" → "super::a", "super::b::c").
fn paths_in(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        let starts = (rest.starts_with("crate::") || rest.starts_with("super::"))
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'));
        if !starts {
            i += 1;
            continue;
        }
        let (found, end) = read_path(&chars, i);
        out.extend(found);
        i = end.max(i + 1);
    }
    out
}

/// Reads the path starting at `i`, spreading a `{…}` group; returns the
/// paths and where reading stopped.
fn read_path(chars: &[char], mut i: usize) -> (Vec<String>, usize) {
    let mut prefix = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' || c == ':' {
            prefix.push(c);
            i += 1;
        } else if c == '{' && prefix.ends_with("::") {
            let mut out = Vec::new();
            i += 1;
            loop {
                while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                    i += 1;
                }
                if i >= chars.len() || chars[i] == '}' {
                    return (out, i + 1);
                }
                let (inner, end) = read_path(chars, i);
                out.extend(inner.into_iter().map(|p| format!("{prefix}{p}")));
                // Skip an alias ("as x") up to the next item.
                i = end;
                while i < chars.len() && !matches!(chars[i], ',' | '}') {
                    i += 1;
                }
            }
        } else {
            break;
        }
    }
    (vec![prefix.trim_end_matches("::").to_string()], i)
}

/// The module a path names, as the longest module path that is a file.
fn target(from: &[String], path: &str, modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut segments = path.split("::");
    let mut at: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        _ => {
            // "super" is the parent module: a folder's for a file in it,
            // the folder's parent for its mod.rs.
            let mut m = from.to_vec();
            m.pop()?;
            m
        }
    };
    let mut rest: Vec<&str> = segments.collect();
    while rest.first() == Some(&"super") {
        at.pop()?;
        rest.remove(0);
    }
    let mut best = at.clone();
    for s in rest {
        at.push(s.to_string());
        if modules.contains(&at) {
            best = at.clone();
        } else {
            break;
        }
    }
    Some(best)
}

fn nested(a: &[String], b: &[String]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[test]
fn the_cores_files_import_each_other_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let from = module_of(&src, file);
        let text = std::fs::read_to_string(file).expect("read file");
        for p in paths_in(&code_of(&text)) {
            if let Some(to) = target(&from, &p, &modules)
                && !nested(&from, &to)
            {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // The test must see the layering it guards.
    let count: usize = edges.values().map(BTreeSet::len).sum();
    assert!(count > 100, "only {count} imports between files read");
    // A path back from a file's import to the file is a cycle.
    for (from, tos) in &edges {
        for to in tos {
            let mut seen = BTreeSet::new();
            let mut stack = vec![(to.clone(), vec![from.clone(), to.clone()])];
            while let Some((at, trail)) = stack.pop() {
                if !seen.insert(at.clone()) {
                    continue;
                }
                for next in edges.get(&at).into_iter().flatten() {
                    let mut t = trail.clone();
                    t.push(next.clone());
                    assert!(
                        next != from,
                        "import cycle: {}",
                        t.iter()
                            .map(|m| format!("crate::{}", m.join("::")))
                            .collect::<Vec<_>>()
                            .join(" → ")
                    );
                    stack.push((next.clone(), t));
                }
            }
        }
    }
}

#[test]
fn a_use_group_is_spread_into_its_paths() {
    let paths = paths_in("use super::{a, b::{c, d as e}};\nlet x = crate::kb::fold(y);");
    assert_eq!(
        paths,
        vec!["super::a", "super::b::c", "super::b::d", "crate::kb::fold"]
    );
}
