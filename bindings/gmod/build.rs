//! Links the module with `-z defs`: every symbol must be defined at link time. mlua references
//! the Lua C API as undefined symbols that a Lua host would export; here each must be one of
//! src/lua_api.rs's trampolines, and a name missing from its list fails the build (naming it)
//! instead of failing `require` in the game with "undefined symbol".
fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-z,defs");
}
