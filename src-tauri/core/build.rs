//! The PDF font goes into the binary deflated (1.6 MB instead of 2.6 MB installed); it is
//! inflated once, on the first document.
fn main() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/fonts/NotoSansSC-GB2312.ttf");
    println!("cargo:rerun-if-changed={}", src.display());
    let bytes = std::fs::read(&src).expect("assets/fonts/NotoSansSC-GB2312.ttf");
    let packed = miniz_oxide::deflate::compress_to_vec(&bytes, 9);
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("font.deflate");
    std::fs::write(out, packed).expect("write the packed font");
}
