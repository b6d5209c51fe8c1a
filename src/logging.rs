//! What the client reports as it works: retries, waits, failures.
//!
//! Each record carries the operation, HTTP status, attempt, wait and `traceId`, never the
//! key. A client sends its records to the [`LogSink`] of its config; without one they go to
//! the `log` crate (target `"sonoran"`), so a Rust program sees them through whatever logger
//! it installed, and nowhere if it installed none.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use sonoran::{logging::{LevelFilter, LogRecord}, Config};
//!
//! let config = Config::new("community-id", "api-key")
//!     .with_log_sink(LevelFilter::Debug, Arc::new(|record: &LogRecord| eprintln!("{} {}", record.operation, record.message)));
//! # let _ = config;
//! ```

use std::fmt;
use std::sync::Arc;

pub use log::{Level, LevelFilter};

/// One thing the client reports.
#[derive(Debug, Clone)]
pub struct LogRecord {
    /// How serious it is.
    pub level: Level,
    /// The operation concerned.
    pub operation: &'static str,
    /// What happened.
    pub message: String,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// Which attempt (1 for the first).
    pub attempt: u32,
    /// How long the client waits before going on, in milliseconds.
    pub wait_ms: Option<u64>,
    /// The v2 `traceId` of the answer.
    pub trace_id: Option<String>,
}

impl fmt::Display for LogRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sonoran {} {}: {} (attempt {}", self.level, self.operation, self.message, self.attempt)?;
        if let Some(status) = self.status {
            write!(f, ", HTTP {status}")?;
        }
        if let Some(wait) = self.wait_ms {
            write!(f, ", waiting {wait} ms")?;
        }
        if let Some(trace_id) = &self.trace_id {
            write!(f, ", traceId {trace_id}")?;
        }
        f.write_str(")")
    }
}

/// Where a client's records go. Called on the client's I/O thread: keep it short.
pub type LogSink = Arc<dyn Fn(&LogRecord) + Send + Sync>;

/// Sends `record` to `sink`, or to the `log` crate when there is none.
pub(crate) fn emit(sink: Option<&LogSink>, record: &LogRecord) {
    match sink {
        Some(sink) => sink(record),
        None => log::log!(target: "sonoran", record.level, "{record}"),
    }
}

/// A level from its name (`"off"`, `"error"`, `"warn"`, `"info"`, `"debug"`, `"trace"`).
pub fn parse_level(name: &str) -> Option<LevelFilter> {
    name.parse().ok()
}
