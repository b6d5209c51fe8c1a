//! Generates the C header into OUT_DIR (never into the source tree, so `cargo package`
//! passes). A unit test compares it with the committed `include/sonoran.h`.

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    if std::env::var_os("CARGO_FEATURE_CAPI").is_none() {
        return;
    }
    let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut config = cbindgen::Config::from_file(format!("{crate_dir}/cbindgen.toml")).expect("cbindgen.toml is valid");
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let mut parts = version.split(['.', '-']);
    let mut next = || parts.next().unwrap_or("0").to_string();
    let (major, minor, patch) = (next(), next(), next());
    config.after_includes = Some(format!(
        "\n#define SONORAN_VERSION \"{version}\"\n#define SONORAN_VERSION_MAJOR {major}\n#define SONORAN_VERSION_MINOR {minor}\n#define SONORAN_VERSION_PATCH {patch}"
    ));
    // Only the C ABI module: the rest of the crate is Rust-only.
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(format!("{crate_dir}/src/ffi/mod.rs"))
        .generate()
        .expect("cbindgen can read src/ffi/mod.rs")
        .write_to_file(format!("{out_dir}/sonoran.h"));
}
