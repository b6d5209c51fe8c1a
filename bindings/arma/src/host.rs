//! The one client of the extension, made on the first command from `sonoran.json`: the file
//! next to the extension's own `.so` (found with `dladdr`), else the one in the server's
//! working directory. The configuration is the JSON `sonoran_client_new` takes; the API key
//! stays in that file, never in SQF.

use std::ffi::{c_void, CStr};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sonoran_core::{Client, Config, Error, ErrorKind, Result};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "sonoran.json";

/// The client once made. A failure is not kept: the next command reads the file again, so a
/// fixed file works without restarting the server.
static CLIENT: Mutex<Option<Client>> = Mutex::new(None);

/// The directory of the file this code was loaded from (the extension's `.so`).
fn own_directory() -> Option<PathBuf> {
    let mut info = libc::Dl_info {
        dli_fname: std::ptr::null(),
        dli_fbase: std::ptr::null_mut(),
        dli_sname: std::ptr::null(),
        dli_saddr: std::ptr::null_mut(),
    };
    let address = crate::RVExtensionVersion as *const c_void;
    // SAFETY: dladdr reads the loader's tables for an address of this library and fills
    // `info`, which lives for the call.
    if unsafe { libc::dladdr(address, &mut info) } == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: dli_fname is a NUL-terminated path owned by the loader while the library is loaded.
    let file = unsafe { CStr::from_ptr(info.dli_fname) }.to_str().ok()?;
    let file = Path::new(file);
    // A bare name means the loader found it through a relative path: resolve it from here.
    let file = if file.is_absolute() { file.to_path_buf() } else { std::env::current_dir().ok()?.join(file) };
    file.parent().map(Path::to_path_buf)
}

/// Where `sonoran.json` is looked for, in order.
pub fn config_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::with_capacity(2);
    if let Some(dir) = own_directory() {
        candidates.push(dir.join(CONFIG_FILE));
    }
    if let Ok(dir) = std::env::current_dir() {
        let path = dir.join(CONFIG_FILE);
        if !candidates.contains(&path) {
            candidates.push(path);
        }
    }
    candidates
}

/// Reads the configuration: the file it came from, and its text parsed.
fn load_config() -> Result<(PathBuf, Result<Config>)> {
    let candidates = config_candidates();
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("no {CONFIG_FILE}: looked for {} (put it next to sonoran_x64.so)", looked.join(" and ")),
        ));
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(ErrorKind::InvalidArgument, format!("{}: cannot be read ({e})", path.display())))?;
    Ok((path.clone(), Config::from_json(&text)))
}

/// `error` with the file's path in front: the core's messages name the field (never the key).
fn in_file(path: &Path, error: Error) -> Error {
    Error { message: format!("{}: {}", path.display(), error.message), ..error }
}

/// The client, made now from `sonoran.json` if it is not yet.
pub fn client() -> Result<Client> {
    let mut slot = CLIENT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(client) = slot.as_ref() {
        return Ok(client.clone());
    }
    let (path, config) = load_config()?;
    let client = config.and_then(Client::new).map_err(|e| in_file(&path, e))?;
    *slot = Some(client.clone());
    Ok(client)
}

/// The client if it was made, without making it (`"poll"` needs no configuration).
pub fn existing_client() -> Option<Client> {
    CLIENT.lock().unwrap_or_else(|e| e.into_inner()).clone()
}
