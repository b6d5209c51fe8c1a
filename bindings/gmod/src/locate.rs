//! Finding the Lua library among the loaded objects, and keeping this module loaded.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

/// File names of the game's Lua library: the dedicated server's and the game's.
const LUA_SHARED: [&[u8]; 2] = [b"lua_shared_srv.so", b"lua_shared.so"];

/// A symbol only a Lua library defines, to recognise one under another name.
const PROBE: &CStr = c"luaL_newstate";

/// An open handle of the Lua library (`dlopen` with `RTLD_NOLOAD`: it was loaded already),
/// closed when dropped.
pub struct Library(*mut c_void);

impl Library {
    /// The `dlopen` handle.
    pub fn handle(&self) -> *mut c_void {
        self.0
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        // SAFETY: the handle came from a successful dlopen and is closed once, here. It only
        // balances that dlopen: the library stays loaded (the host holds it).
        unsafe { libc::dlclose(self.0) };
    }
}

/// The Lua library: the loaded object named `lua_shared.so` (or `lua_shared_srv.so`), or else
/// the first loaded object other than this module that defines `luaL_newstate` itself.
pub fn lua_library() -> Result<Library, String> {
    let names = loaded_objects();
    let own = own_path();
    let named = names.iter().find(|name| {
        let bytes = name.to_bytes();
        let file = bytes.rsplit(|&b| b == b'/').next().unwrap_or(bytes);
        LUA_SHARED.contains(&file)
    });
    if let Some(name) = named {
        return open_loaded(name).ok_or_else(|| format!("could not open {}", name.to_string_lossy()));
    }
    for name in names.iter().filter(|name| Some(*name) != own.as_ref()) {
        if let Some(library) = open_loaded(name).filter(|library| defines_probe(library, name)) {
            return Ok(library);
        }
    }
    Err("no loaded library is Garry's Mod's lua_shared.so or defines luaL_newstate".into())
}

/// Keeps this module loaded for good (`RTLD_NODELETE`). After `gmod13_close` the host still
/// closes the Lua state, which runs the module's finalizers (mlua's, and those of the clients'
/// handles), and threads the clients started may still be leaving; if the host unloaded the
/// module in between, those would run unmapped code. Opening the module again on the next map
/// finds it loaded.
/// Once per process: one reference is enough, and one per map would only pile up.
pub fn pin_self() {
    static PINNED: std::sync::Once = std::sync::Once::new();
    PINNED.call_once(|| {
        let Some(own) = own_path() else { return };
        // SAFETY: `own` is NUL-terminated; RTLD_NOLOAD only takes a reference to an object
        // loaded already (this one), adding RTLD_NODELETE to it. The reference is kept on purpose.
        unsafe { libc::dlopen(own.as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD | libc::RTLD_NODELETE) };
    });
}

/// The path this module was loaded from.
fn own_path() -> Option<CString> {
    // SAFETY: `info` is written by dladdr before it is read, and only when dladdr succeeds;
    // the address is a function of this module.
    unsafe {
        let mut info: libc::Dl_info = std::mem::zeroed();
        if libc::dladdr(own_path as *const c_void, &mut info) == 0 || info.dli_fname.is_null() {
            return None;
        }
        Some(CStr::from_ptr(info.dli_fname).to_owned())
    }
}

/// `dlopen(name, RTLD_NOW | RTLD_NOLOAD)`: a handle if the object is loaded.
fn open_loaded(name: &CStr) -> Option<Library> {
    // SAFETY: `name` is NUL-terminated; RTLD_NOLOAD loads nothing new.
    let handle = unsafe { libc::dlopen(name.as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD) };
    (!handle.is_null()).then_some(Library(handle))
}

/// Whether `library` (loaded from `name`) defines `luaL_newstate` itself: `dlsym` on a handle
/// also searches the object's dependencies, so the address must fall in the object.
fn defines_probe(library: &Library, name: &CStr) -> bool {
    // SAFETY: the handle is open; the probe is NUL-terminated; `info` is read only when dladdr
    // succeeds.
    unsafe {
        let address = libc::dlsym(library.handle(), PROBE.as_ptr());
        if address.is_null() {
            return false;
        }
        let mut info: libc::Dl_info = std::mem::zeroed();
        libc::dladdr(address, &mut info) != 0 && !info.dli_fname.is_null() && CStr::from_ptr(info.dli_fname) == name
    }
}

/// The names of the loaded shared objects, in load order (the main program, whose name is
/// empty, left out).
fn loaded_objects() -> Vec<CString> {
    unsafe extern "C" fn each(info: *mut libc::dl_phdr_info, _: usize, data: *mut c_void) -> c_int {
        // SAFETY: `data` is the Vec passed below, alive for the walk; `info` is the loader's.
        let (names, info) = unsafe { (&mut *data.cast::<Vec<CString>>(), &*info) };
        let name = object_name(info.dlpi_name as *const c_char);
        if !name.is_empty() {
            names.extend(CString::new(name).ok());
        }
        0
    }
    let mut names: Vec<CString> = Vec::new();
    // SAFETY: the callback only reads the entries and pushes to `names`, which outlives the call.
    unsafe { libc::dl_iterate_phdr(Some(each), (&mut names as *mut Vec<CString>).cast()) };
    names
}

/// The name of a `dl_iterate_phdr` entry, as bytes (empty for the main program).
fn object_name<'a>(name: *const c_char) -> &'a [u8] {
    if name.is_null() {
        return b"";
    }
    // SAFETY: the loader's names are NUL-terminated strings that live as long as the object,
    // which outlives the walk that reads them.
    unsafe { CStr::from_ptr(name) }.to_bytes()
}
