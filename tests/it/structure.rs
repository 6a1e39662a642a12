//! Structure rules that no compiler enforces: the services form no import cycles (what
//! two areas share gets its own module), and the core crate never links Tauri.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn core() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src-tauri/core")
}

/// service module → the service modules it names (`super::x`, `crate::service::x`).
fn service_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = core().join("service");
    let mut names = BTreeSet::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "rs") {
            names.insert(p.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    names.remove("mod");
    let mut graph = BTreeMap::new();
    for n in &names {
        let src = std::fs::read_to_string(dir.join(format!("{n}.rs"))).unwrap();
        // Ignore unit tests inside the file (`mod tests { use super::*; }`).
        let src = src.split("#[cfg(test)]").next().unwrap();
        let mut deps = BTreeSet::new();
        for prefix in ["super::", "crate::service::"] {
            for (i, _) in src.match_indices(prefix) {
                let rest = &src[i + prefix.len()..];
                if let Some(group) = rest.strip_prefix('{') {
                    let body = &group[..group.find('}').unwrap_or(group.len())];
                    for item in body.split(',') {
                        let head = item.trim().split("::").next().unwrap().trim();
                        if names.contains(head) {
                            deps.insert(head.to_string());
                        }
                    }
                } else {
                    let head: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    if names.contains(&head) {
                        deps.insert(head);
                    }
                }
            }
        }
        deps.remove(n);
        graph.insert(n.clone(), deps);
    }
    graph
}

#[test]
fn services_import_each_other_in_one_direction_only() {
    let graph = service_imports();
    assert!(graph.len() > 20, "read only {} service modules", graph.len());
    assert!(graph["contract"].contains("sales_doc"), "the parser missed contract → sales_doc");
    // Depth-first search for a cycle; report the first one found.
    fn visit<'a>(n: &'a str, g: &'a BTreeMap<String, BTreeSet<String>>, path: &mut Vec<&'a str>, done: &mut BTreeSet<&'a str>) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| *p == n) {
            let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n);
        for d in &g[n] {
            if let Some(c) = visit(d, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n);
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(cycle) = visit(n, &graph, &mut vec![], &mut done) {
            panic!("service modules import each other: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_core_crate_does_not_depend_on_tauri() {
    let manifest = std::fs::read_to_string(core().join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("tauri"), "src-tauri/core/Cargo.toml must stay free of Tauri");
}
