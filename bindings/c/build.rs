//! Generates the C header into OUT_DIR (never into the source tree, so `cargo package`
//! passes). A test compares it with the committed `include/sonoran.h`; `scripts/regenerate.sh`
//! updates that.

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut config = cbindgen::Config::from_file(format!("{crate_dir}/cbindgen.toml")).expect("cbindgen.toml is valid");
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let mut parts = version.split(['.', '-']);
    let mut next = || parts.next().unwrap_or("0").to_string();
    let (major, minor, patch) = (next(), next(), next());
    // The shared library's soname carries the major version: a host linked against
    // libsonoran.so.0 is never handed an incompatible libsonoran.so.1. (rustc already
    // exports only the `#[no_mangle]` functions, every one `sonoran_*`.)
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsonoran.so.{major}");
    }
    config.after_includes = Some(format!(
        "\n#define SONORAN_VERSION \"{version}\"\n#define SONORAN_VERSION_MAJOR {major}\n#define SONORAN_VERSION_MINOR {minor}\n#define SONORAN_VERSION_PATCH {patch}"
    ));
    // lib.rs and the modules it declares: the hand-written exports, then `operations`, the
    // ones generated from the operation table.
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(format!("{crate_dir}/src/lib.rs"))
        .generate()
        .expect("cbindgen can read src/lib.rs")
        .write_to_file(format!("{out_dir}/sonoran.h"));
}
