//! `multipart/form-data` bodies, as bodycam uploads send them.

/// One part of a `multipart/form-data` body.
pub struct Part<'a> {
    /// Its field name.
    pub name: String,
    /// Its file name, when it is a file.
    pub file_name: Option<String>,
    /// Its `Content-Type`, when given.
    pub content_type: Option<String>,
    /// Its bytes.
    pub data: &'a [u8],
}

/// Where `needle` first appears in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// The value of `key="..."` in a Content-Disposition header.
pub fn disposition_param(header: &str, key: &str) -> Option<String> {
    header.split(';').map(str::trim).find_map(|p| p.strip_prefix(key)?.strip_prefix('=')).map(|v| v.trim_matches('"').to_string())
}

/// The parts of `body` with `boundary`, or `None` when it is not well-formed.
pub fn parts<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body.get(at..at + 2)? == b"--" {
            return Some(parts);
        }
        at += 2; // CRLF after the delimiter
        let head_end = find(body, b"\r\n\r\n", at)?;
        let head = std::str::from_utf8(&body[at..head_end]).ok()?;
        let data_start = head_end + 4;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), data_start)?;
        let mut part = Part { name: String::new(), file_name: None, content_type: None, data: &body[data_start..next] };
        for line in head.split("\r\n") {
            let (key, value) = line.split_once(':')?;
            match key.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    part.name = disposition_param(value, "name")?;
                    part.file_name = disposition_param(value, "filename");
                }
                "content-type" => part.content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        parts.push(part);
        at = next + 2 + delimiter.len();
    }
}
