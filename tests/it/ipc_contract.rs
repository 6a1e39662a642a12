//! The contract between the Rust commands and the UI's API layer: every command the
//! app registers in `generate_handler!` is called from `ui/src/api`, every call there
//! names a registered command, and both sides use the same argument names (Tauri turns
//! a Rust `snake_case` argument into `camelCase` on the JS side). Types are checked by
//! `ts_types`; this checks the names, which no compiler sees.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The text between the bracket at `open` and its match.
fn balanced(s: &str, open: usize) -> &str {
    let bytes = s.as_bytes();
    let (o, c) = (
        bytes[open],
        match bytes[open] {
            b'(' => b')',
            b'{' => b'}',
            b'[' => b']',
            _ => panic!("not a bracket"),
        },
    );
    let mut depth = 0;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        if b == o {
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return &s[open + 1..i];
            }
        }
    }
    panic!("unbalanced bracket at {open}");
}

/// Split on commas that are not nested in brackets or generics.
fn top_level_split(s: &str) -> Vec<String> {
    let mut parts = vec![];
    let mut depth = 0i32;
    let mut cur = String::new();
    for ch in s.chars() {
        match ch {
            '(' | '{' | '[' | '<' => depth += 1,
            ')' | '}' | ']' | '>' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
    }
    parts.push(cur);
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Commands registered with the app, with the argument names the UI must send.
fn registered() -> BTreeMap<String, BTreeSet<String>> {
    let dir = root().join("src-tauri/commands");
    let main = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let at = main.find("generate_handler![").expect("generate_handler! in commands/mod.rs") + "generate_handler!".len();
    let list = balanced(&main, at);
    let mut out = BTreeMap::new();
    for entry in top_level_split(list) {
        let (module, name) = entry.split_once("::").unwrap_or_else(|| panic!("handler {entry} is not module::fn"));
        let src = std::fs::read_to_string(dir.join(format!("{module}.rs"))).unwrap();
        let sig = format!("fn {name}(");
        let pos = src.find(&sig).unwrap_or_else(|| panic!("fn {name} not found in commands/{module}.rs"));
        let params = balanced(&src, pos + sig.len() - 1);
        let mut args = BTreeSet::new();
        for p in top_level_split(params) {
            let (pname, ty) = p.split_once(':').unwrap_or_else(|| panic!("{name}: odd parameter {p}"));
            let ty = ty.trim();
            // Injected by Tauri, not sent by the UI.
            if ty.starts_with("State<") || ty.contains("AppHandle") || ty.contains("Window") || ty.contains("Webview") {
                continue;
            }
            args.insert(camel(pname.trim().trim_start_matches("mut ")));
        }
        assert!(out.insert(name.to_string(), args).is_none(), "{name} registered twice");
    }
    out
}

fn ts_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "types") {
                ts_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "ts" || x == "tsx") && !p.to_string_lossy().contains(".test.") {
            out.push(p);
        }
    }
}

/// Every `call("command", { args })` in ui/src/api: command → (file, argument names).
fn ui_calls() -> Vec<(String, String, BTreeSet<String>)> {
    let mut files = vec![];
    ts_files(&root().join("ui/src/api"), &mut files);
    assert!(!files.is_empty(), "no API files in ui/src/api");
    let mut out = vec![];
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let short = f.strip_prefix(root()).unwrap().display().to_string();
        let mut from = 0;
        while let Some(i) = src[from..].find("call") {
            let start = from + i;
            from = start + 4;
            // A whole word `call`, optionally with generics, then `("name"`.
            if start > 0 && (src.as_bytes()[start - 1].is_ascii_alphanumeric() || src.as_bytes()[start - 1] == b'_' || src.as_bytes()[start - 1] == b'.') {
                continue;
            }
            let mut j = start + 4;
            if src[j..].starts_with('<') {
                let mut depth = 0;
                for (k, ch) in src[j..].char_indices() {
                    match ch {
                        '<' => depth += 1,
                        '>' => {
                            depth -= 1;
                            if depth == 0 {
                                j += k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            let rest = &src[j..];
            let Some(rest) = rest.strip_prefix("(") else { continue };
            let rest_trim = rest.trim_start();
            let Some(after_quote) = rest_trim.strip_prefix('"') else { continue };
            let name: String = after_quote.chars().take_while(|c| *c != '"').collect();
            let after_name = &after_quote[name.len() + 1..];
            let after_name = after_name.trim_start();
            let mut args = BTreeSet::new();
            if let Some(obj) = after_name.strip_prefix(',') {
                let obj = obj.trim_start();
                if obj.starts_with('{') {
                    let body = balanced(obj, 0);
                    for item in top_level_split(body) {
                        assert!(!item.starts_with("..."), "{short}: call(\"{name}\") spreads its arguments; name them so they can be checked");
                        let key = item.split(':').next().unwrap().trim().trim_matches('"').to_string();
                        args.insert(key);
                    }
                } else if !obj.starts_with(')') {
                    panic!("{short}: call(\"{name}\", …) must pass an object literal of named arguments");
                }
            }
            out.push((name, short.clone(), args));
        }
    }
    out
}

#[test]
fn ui_api_calls_match_the_registered_commands() {
    let commands = registered();
    assert!(commands.len() > 50, "parsed only {} commands", commands.len());
    let calls = ui_calls();
    let mut problems = vec![];
    let mut called = BTreeSet::new();
    for (name, file, args) in &calls {
        called.insert(name.clone());
        match commands.get(name) {
            None => problems.push(format!("{file}: calls \"{name}\", which generate_handler! does not register")),
            Some(expected) if expected != args => problems.push(format!("{file}: \"{name}\" sends {args:?}, the command takes {expected:?}")),
            _ => {}
        }
    }
    for name in commands.keys() {
        if !called.contains(name) {
            problems.push(format!("command \"{name}\" is registered but ui/src/api never calls it"));
        }
    }
    assert!(problems.is_empty(), "Rust commands and ui/src/api disagree:\n{}", problems.join("\n"));
}

#[test]
fn the_parser_sees_what_it_must() {
    assert_eq!(camel("tz_offset_minutes"), "tzOffsetMinutes");
    assert_eq!(top_level_split("a: x, b: f(1, 2), c"), vec!["a: x", "b: f(1, 2)", "c"]);
    assert_eq!(balanced("f(a, (b), c) d", 1), "a, (b), c");
}
