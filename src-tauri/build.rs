fn main() {
    // tauri::generate_context! needs ui/dist at compile time. A plain `cargo build` or
    // `cargo test` before the UI was ever built gets a page that says how to build it
    // (dev.sh always builds the real UI first).
    let dist = std::path::Path::new("ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>CRM Desk</title><p style=\"font:16px sans-serif;margin:3em\">The UI has not been built. Run <code>bash dev.sh run</code>.</p>",
        )
        .expect("write ui/dist/index.html");
    }
    println!("cargo:rerun-if-changed=ui/dist/index.html");
    // The commit the binary is built from, for About and crash reports.
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=CRM_GIT_COMMIT={commit}");
    if std::path::Path::new(".git/HEAD").exists() {
        println!("cargo:rerun-if-changed=.git/HEAD");
        println!("cargo:rerun-if-changed=.git/refs/heads");
    }
    tauri_build::build()
}
