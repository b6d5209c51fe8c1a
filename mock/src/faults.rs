//! Fault injection: make an endpoint misbehave the ways real networks and servers do.
//!
//! A fault is set per endpoint (by the library's operation name, e.g. `get_account_units`),
//! for every request or for the next `times` requests, from the command line
//! (`--fault get_accounts=status:503,times:2`) or in-process (`MockServer::set_fault`). The
//! fault layer applies them to requests.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// How an endpoint misbehaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer this status and body instead (with `Retry-After` when given: seconds, or an
    /// HTTP date).
    Status {
        /// HTTP status.
        status: u16,
        /// Body text.
        body: String,
        /// `Retry-After` value, if any.
        retry_after: Option<String>,
        /// Whether the body is sent as `application/json` (else `text/plain`).
        json: bool,
    },
    /// Wait this long before answering (before the headers).
    Delay(Duration),
    /// Send the headers and the first half of the body, then stall this long, then the rest.
    Stall(Duration),
    /// Send the headers (with the full `Content-Length`) and half the body, then close.
    Truncate,
    /// Close the connection with a TCP reset, answering nothing.
    Reset,
    /// Answer 200 `application/json` with a body that is not JSON.
    MalformedJson,
    /// Answer 200 with a valid JSON body of this many bytes.
    Oversized(usize),
}

/// A fault and how many more requests it hits (`None`: all of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What happens.
    pub kind: FaultKind,
    /// For how many more requests.
    pub times: Option<u32>,
}

impl Fault {
    /// `kind` for every request.
    pub fn always(kind: FaultKind) -> Fault {
        Fault { kind, times: None }
    }

    /// `kind` for the next `times` requests, then normal answers.
    pub fn times(kind: FaultKind, times: u32) -> Fault {
        Fault { kind, times: Some(times) }
    }

    /// Parses the command-line form `KIND[:ARG][,times:N][,retry-after:V][,body:TEXT|,json:TEXT]`:
    /// `status:503`, `delay:2000`, `stall:2000`, `truncate`, `reset`, `malformed`,
    /// `oversized:10000000`, e.g. `status:429,retry-after:2,times:1` or
    /// `status:200,json:{"units":[1e400]}`. `body:` (text) and `json:` (sent as
    /// `application/json`) come last: they take the rest of the spec, commas included.
    pub fn parse(spec: &str) -> Result<Fault, String> {
        let (spec, tail) = match [",body:", ",json:"].iter().filter_map(|m| spec.find(m)).min() {
            Some(at) => (&spec[..at], Some(&spec[at + 1..])),
            None => (spec, None),
        };
        let mut parts = spec.split(',').chain(tail);
        let head = parts.next().unwrap_or_default();
        let (name, arg) = head.split_once(':').map_or((head, None), |(n, a)| (n, Some(a)));
        let number = |what: &str| -> Result<u64, String> {
            arg.and_then(|a| a.parse().ok()).ok_or_else(|| format!("`{name}` needs a number ({what})"))
        };
        let mut kind = match name {
            "status" => {
                FaultKind::Status { status: number("the HTTP status")? as u16, body: String::new(), retry_after: None, json: false }
            }
            "delay" => FaultKind::Delay(Duration::from_millis(number("milliseconds")?)),
            "stall" => FaultKind::Stall(Duration::from_millis(number("milliseconds")?)),
            "truncate" => FaultKind::Truncate,
            "reset" => FaultKind::Reset,
            "malformed" => FaultKind::MalformedJson,
            "oversized" => FaultKind::Oversized(number("bytes")? as usize),
            other => return Err(format!("unknown fault `{other}` (status, delay, stall, truncate, reset, malformed, oversized)")),
        };
        let mut times = None;
        for option in parts {
            let (key, value) = option.split_once(':').ok_or_else(|| format!("`{option}` is not key:value"))?;
            match (key, &mut kind) {
                ("times", _) => times = Some(value.parse().map_err(|_| format!("times `{value}` is not a number"))?),
                ("retry-after", FaultKind::Status { retry_after, .. }) => *retry_after = Some(value.to_string()),
                ("body", FaultKind::Status { body, .. }) => *body = value.to_string(),
                ("json", FaultKind::Status { body, json, .. }) => {
                    *body = value.to_string();
                    *json = true;
                }
                _ => return Err(format!("`{key}` does not apply to this fault")),
            }
        }
        Ok(Fault { kind, times })
    }
}

/// The faults in force, by endpoint.
#[derive(Debug, Default)]
pub(crate) struct Faults(Mutex<HashMap<String, Fault>>);

impl Faults {
    /// Makes `endpoint` misbehave with `fault` (replacing its fault, if any).
    pub fn set(&self, endpoint: &str, fault: Fault) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(endpoint.to_string(), fault);
    }

    /// Removes every fault.
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The fault for this request, counting it against `times`.
    pub fn take(&self, endpoint: &str) -> Option<FaultKind> {
        let mut faults = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let fault = faults.get_mut(endpoint)?;
        let kind = fault.kind.clone();
        match &mut fault.times {
            Some(0) => return None,
            Some(n) => *n -= 1,
            None => {}
        }
        Some(kind)
    }
}
