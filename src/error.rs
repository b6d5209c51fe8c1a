//! The one error type of the library.
//!
//! Every failure, whether the caller's mistake, the network's or the API's, becomes an
//! [`Error`] with a stable machine-readable [`ErrorKind`] and a human-readable message.
//! Messages never contain the API key: they are built from field names, HTTP statuses
//! and the server's own error text, never from the request that carried the key.
//!
//! # Example
//!
//! ```no_run
//! use sonoran::{models::AccountTarget, Client, Config, ErrorKind};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! match client.get_account_v2(&AccountTarget::Username("nobody".into())) {
//!     Ok(account) => println!("{}", account.uuid),
//!     Err(e) if e.kind == ErrorKind::NotFound => println!("no such account"),
//!     Err(e) if e.kind == ErrorKind::RateLimited => println!("retry in {:?} ms", e.retry_after_ms),
//!     Err(e) => println!("{}", e.envelope()),
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

use std::fmt;

/// What went wrong, as a stable, machine-readable word (see [`ErrorKind::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A parameter or the configuration is wrong; nothing was sent. The message names the field.
    InvalidArgument,
    /// The API rejected the credentials (`INVALID API KEY`, `INVALID COMMUNITY ID`, HTTP 401/403).
    Unauthorized,
    /// `API IS NOT ENABLED FOR THIS COMMUNITY`: the community's plan or settings lack API access.
    NotEnabled,
    /// `INVALID REQUEST TYPE`: the v1 `type` does not match the path.
    InvalidRequestType,
    /// The account, identifier, server or route does not exist (HTTP 404).
    NotFound,
    /// The API asked us to slow down (HTTP 429); `retry_after_ms` says for how long when known.
    RateLimited,
    /// The API refused the request for another reason (other 4xx).
    BadRequest,
    /// The API failed (HTTP 5xx).
    Server,
    /// No answer within the configured time.
    Timeout,
    /// The connection could not be made or broke (refused, reset, DNS, TLS).
    Network,
    /// A 2xx answer whose body is not what the operation returns.
    Decode,
    /// The caller cancelled a non-blocking request before it completed, or the client was
    /// shut down with the request in flight.
    Cancelled,
    /// Replaced before it was sent by a newer call for the same target (`latestWins`:
    /// `set_unit_status_v2`, `set_unit_panic_v2`); the newer call carries the change.
    Superseded,
    /// A bug in this library, caught before it could crash the host. Please report it.
    Internal,
}

impl ErrorKind {
    /// Every kind, in the order the docs list them.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::InvalidArgument,
        ErrorKind::Unauthorized,
        ErrorKind::NotEnabled,
        ErrorKind::InvalidRequestType,
        ErrorKind::NotFound,
        ErrorKind::RateLimited,
        ErrorKind::BadRequest,
        ErrorKind::Server,
        ErrorKind::Timeout,
        ErrorKind::Network,
        ErrorKind::Decode,
        ErrorKind::Cancelled,
        ErrorKind::Superseded,
        ErrorKind::Internal,
    ];

    /// The kind as the word used in the result envelope (`"invalid_argument"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::NotEnabled => "not_enabled",
            ErrorKind::InvalidRequestType => "invalid_request_type",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Server => "server",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network",
            ErrorKind::Decode => "decode",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Superseded => "superseded",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call: its kind, a message, and what the server told us about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The server's own message (v1 error text, v2 problem `detail`/`title`), or ours.
    pub message: String,
    /// The HTTP status, when the server answered.
    pub status: Option<u16>,
    /// How long the server asked us to wait before trying again (429), in milliseconds.
    pub retry_after_ms: Option<u64>,
    /// The v2 problem document's `traceId`, to quote to Sonoran support.
    pub trace_id: Option<String>,
}

impl Error {
    /// An error of `kind` with `message` and nothing else known.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), status: None, retry_after_ms: None, trace_id: None }
    }

    /// A bad parameter or configuration value: the message names `field`.
    pub fn invalid(field: &str, problem: impl fmt::Display) -> Self {
        Error::new(ErrorKind::InvalidArgument, format!("`{field}` {problem}"))
    }

    /// Classifies a non-2xx answer by its status and the server's message.
    ///
    /// v1 answers every mistake with HTTP 400 and a fixed upper-case text, so the text
    /// decides the kind there; v2 uses real statuses.
    pub fn from_status(status: u16, message: String) -> Self {
        let upper = message.to_ascii_uppercase();
        let kind = if upper.contains("INVALID API KEY") || upper.contains("INVALID COMMUNITY ID") {
            ErrorKind::Unauthorized
        } else if upper.contains("API IS NOT ENABLED") {
            ErrorKind::NotEnabled
        } else if upper.contains("INVALID REQUEST TYPE") {
            ErrorKind::InvalidRequestType
        } else {
            match status {
                401 | 403 => ErrorKind::Unauthorized,
                404 => ErrorKind::NotFound,
                429 => ErrorKind::RateLimited,
                500..=599 => ErrorKind::Server,
                _ if upper.contains("NOT FOUND") => ErrorKind::NotFound,
                _ => ErrorKind::BadRequest,
            }
        };
        let message = if message.trim().is_empty() { format!("HTTP {status}") } else { message };
        Error { kind, message, status: Some(status), retry_after_ms: None, trace_id: None }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
