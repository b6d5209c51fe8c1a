//! File uploads (`upload_bodycam_recording_v2`): the rules its page sets for the file, and
//! the `multipart/form-data` body. The body is written here as bytes rather than with
//! reqwest's streaming `multipart::Form`: the transport clones every request for another
//! attempt (a write is resent only when it never left), and a stream cannot be cloned.
//!
//! The file is given as `filePath` (read on the client's I/O thread, never the caller's) or
//! `fileBase64`; sonoran.lua's `fileContent` (raw bytes) is turned into `fileBase64` by the
//! Lua module, and the Rust typed method takes bytes or a path. Nothing here puts the file's
//! bytes into an error or a log line.
//!
//! # Example
//!
//! ```no_run
//! use sonoran::{models::{AccountTarget, BodycamUpload, UploadFile}, Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! let upload = BodycamUpload {
//!     target: AccountTarget::CommunityUserId("license:abc123".into()),
//!     duration_ms: 15_000,
//!     file: UploadFile::Path("clip.webm".into()),
//!     file_name: None,
//!     ident_id: None,
//!     unit_number: None,
//!     unit_location: None,
//! };
//! let urls = client.upload_bodycam_recording_v2(&upload)?;
//! # let _ = urls;
//! # Ok::<(), sonoran::Error>(())
//! ```

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The largest file the API takes, in bytes.
pub const MAX_FILE_BYTES: usize = 6_000_000;
/// The longest clip the API takes, in milliseconds.
pub const MAX_DURATION_MS: i64 = 120_000;
/// The name sent for a file given as bytes without a `fileName`.
pub const DEFAULT_FILE_NAME: &str = "recording.webm";
/// The content type sent for the file unless `contentType` says otherwise.
pub const DEFAULT_CONTENT_TYPE: &str = "video/webm";

/// The parameters that carry the file rather than a form field.
const FILE_PARAMS: &[&str] = &["filePath", "fileBase64", "fileName", "contentType"];

/// Base64 as the API's users write it: the standard or the URL-safe alphabet, padding
/// optional.
const BASE64: [base64::engine::GeneralPurpose; 2] = [
    base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT),
    base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT),
];
const LENIENT: base64::engine::GeneralPurposeConfig =
    base64::engine::GeneralPurposeConfig::new().with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent);

/// `bytes` in standard base64 with padding.
pub fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The bytes `text` encodes in base64 (either alphabet, padding optional, whitespace
/// ignored), or `None` when it is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let compact: String;
    let text = if text.bytes().any(|c| c.is_ascii_whitespace()) {
        compact = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        &compact
    } else {
        text
    };
    BASE64.iter().find_map(|engine| engine.decode(text).ok())
}

/// How many bytes base64 of this length decodes to, at most (whitespace and padding count
/// as data here, so this never undercounts): the size check that needs no decoding.
fn decoded_len_bound(text: &str) -> usize {
    text.len().div_ceil(4) * 3
}

/// The name the file is sent under: `fileName`, else the last segment of `filePath`, else
/// [`DEFAULT_FILE_NAME`].
fn file_name(params: &Map<String, Value>) -> String {
    if let Some(name) = params.get("fileName").and_then(Value::as_str) {
        return name.to_string();
    }
    params
        .get("filePath")
        .and_then(Value::as_str)
        .and_then(|p| std::path::Path::new(p).file_name())
        .map_or_else(|| DEFAULT_FILE_NAME.to_string(), |n| n.to_string_lossy().into_owned())
}

/// The rules of `upload_bodycam_recording_v2` that one parameter alone cannot state: exactly
/// one file source, a `.webm` name and type, and (for `fileBase64`) valid base64 of at most
/// [`MAX_FILE_BYTES`]. A file at `filePath` is measured when it is read, on the I/O thread.
pub(crate) fn check(params: &Map<String, Value>) -> Result<()> {
    let given: Vec<&str> = ["filePath", "fileBase64"].into_iter().filter(|f| params.contains_key(*f)).collect();
    if given.len() != 1 {
        let problem = if given.is_empty() { "none was given" } else { "both were given" };
        return Err(Error::invalid("filePath", format_args!("or `fileBase64` must give the file, exactly one of them ({problem})")));
    }
    let name = file_name(params);
    if !name.to_ascii_lowercase().ends_with(".webm") {
        return Err(Error::invalid(
            if params.contains_key("fileName") { "fileName" } else { "filePath" },
            "must name a .webm file (bodycam uploads must be webm files)",
        ));
    }
    if let Some(kind) = params.get("contentType").and_then(Value::as_str) {
        let essence = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence != "video/webm" && essence != "audio/webm" {
            return Err(Error::invalid("contentType", "must be video/webm (bodycam uploads must be webm files)"));
        }
    }
    if let Some(text) = params.get("fileBase64").and_then(Value::as_str) {
        // Measured here by its length; decoded (and checked as base64) on the I/O thread.
        if text.trim().is_empty() {
            return Err(Error::invalid("fileBase64", "must not be empty"));
        }
        let bound = decoded_len_bound(text);
        if bound > MAX_FILE_BYTES {
            // Near the limit the exact size decides (whitespace and padding may be all the excess).
            match decode_base64(text) {
                None => return Err(Error::invalid("fileBase64", "must be base64")),
                Some(bytes) if bytes.len() > MAX_FILE_BYTES => return Err(too_large("fileBase64", bytes.len())),
                Some(_) => {}
            }
        }
    }
    Ok(())
}

fn too_large(field: &str, bytes: usize) -> Error {
    Error::invalid(field, format_args!("is {bytes} bytes; the file may be at most {MAX_FILE_BYTES} bytes"))
}

/// A header parameter value with `"`, CR and LF escaped as browsers do.
fn quoted(value: &str) -> String {
    value.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// The file's bytes: `fileBase64` decoded, or the file at `filePath` read (here, on the I/O
/// thread); too large or unreadable is an `invalid_argument`.
fn file_bytes(params: &Map<String, Value>) -> Result<Vec<u8>> {
    if let Some(text) = params.get("fileBase64").and_then(Value::as_str) {
        return match decode_base64(text) {
            None => Err(Error::invalid("fileBase64", "must be base64")),
            Some(bytes) if bytes.is_empty() => Err(Error::invalid("fileBase64", "must not be empty")),
            Some(bytes) => Ok(bytes),
        };
    }
    let path = params.get("filePath").and_then(Value::as_str).ok_or_else(|| Error::invalid("filePath", "is required"))?;
    let unreadable = |e: std::io::Error| Error::invalid("filePath", format_args!("cannot be read ({e})"));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(too_large("filePath", usize::try_from(size).unwrap_or(usize::MAX)));
    }
    if size == 0 {
        return Err(Error::invalid("filePath", "names an empty file"));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // One byte more than allowed, in case the file grew since it was measured.
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_FILE_BYTES as u64 + 1), &mut bytes).map_err(unreadable)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large("filePath", bytes.len()));
    }
    Ok(bytes)
}

/// The `multipart/form-data` body of an upload from its checked parameters (wire names):
/// the file part `file` first, then one text part per other parameter, in `order`. Answers
/// the request's content type (with its boundary) and the body.
pub(crate) fn form(params: &Map<String, Value>, order: &[&str]) -> Result<(String, Vec<u8>)> {
    let bytes = file_bytes(params)?;
    let boundary = format!("----sonoran{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
    let kind = params.get("contentType").and_then(Value::as_str).unwrap_or(DEFAULT_CONTENT_TYPE);
    let mut body = Vec::with_capacity(bytes.len() + 1024);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {kind}\r\n\r\n",
            quoted(&file_name(params))
        )
        .as_bytes(),
    );
    body.extend_from_slice(&bytes);
    body.extend_from_slice(b"\r\n");
    for name in order.iter().filter(|n| !FILE_PARAMS.contains(n)) {
        let Some(value) = params.get(*name) else { continue };
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{text}\r\n", quoted(name)).as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((format!("multipart/form-data; boundary={boundary}"), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for n in 0..40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 11) as u8).collect();
            let text = encode_base64(&bytes);
            assert_eq!(decode_base64(&text).unwrap(), bytes, "{n} bytes");
            assert!(decoded_len_bound(&text) >= n, "{n} bytes: the bound never undercounts");
            assert_eq!(decode_base64(text.trim_end_matches('=')).unwrap(), bytes, "{n} bytes, unpadded");
        }
        assert_eq!(encode_base64(b"webm"), "d2VibQ==");
        assert!(decode_base64("d2Vi*Q==").is_none());
        assert!(decode_base64("d2VibQ=x").is_none());
        assert!(decode_base64("d").is_none());
    }
}
