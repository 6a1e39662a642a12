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
    tauri_build::build()
}
