//! Call options: what a caller may say about one call besides its parameters (its timeout
//! and its [`Priority`]), given in Rust as [`CallOptions`] or in the params (C, Lua, JSON) as
//! `timeoutMs` and `priority`, which are taken out before the parameters are validated.

use std::borrow::Cow;
use std::time::Duration;

use serde_json::Value;

use super::{split_timeout, TIMEOUT_PARAM};
pub use crate::budget::Priority;
use crate::error::{Error, Result};

/// The parameter key of the call option [`Priority`] (accepted by every operation): the
/// string `"high"` or `"normal"`. A number under this key is the API's own field of the
/// operations that have one (`create_dispatch_call_v2`, `update_dispatch_call_v2`), sent to
/// the API untouched.
pub const PRIORITY_PARAM: &str = "priority";

/// What a caller says about one call besides its parameters: [`Client::call_with`],
/// [`Client::submit_with`](super::Client::submit_with). The same as the params' call options
/// (`timeoutMs`, `priority`), which C and Lua use; given both ways, the params' `timeoutMs`
/// wins over [`CallOptions::timeout`], and the call is high when either says so.
///
/// [`Client::call_with`]: super::Client::call_with
///
/// ```
/// use std::time::Duration;
/// use sonoran::{CallOptions, Priority};
///
/// let options = CallOptions::default().with_priority(Priority::High).with_timeout(Duration::from_secs(5));
/// assert_eq!(options.priority, Priority::High);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// The whole call's timeout (queueing for the pacer, every attempt and every wait);
    /// `None`: the config's `timeoutMs`. Must not be zero.
    pub timeout: Option<Duration>,
    /// The call's rank among the calls of its route waiting for budget; see [`Priority`]
    /// (default [`Priority::Normal`]).
    pub priority: Priority,
}

impl CallOptions {
    /// These options with `timeout` for the whole call.
    pub fn with_timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }

    /// These options with `priority`.
    pub fn with_priority(mut self, priority: Priority) -> CallOptions {
        self.priority = priority;
        self
    }
}

impl std::str::FromStr for Priority {
    type Err = Error;

    /// `"high"` or `"normal"`, in any case.
    fn from_str(s: &str) -> Result<Priority> {
        if s.eq_ignore_ascii_case("high") {
            Ok(Priority::High)
        } else if s.eq_ignore_ascii_case("normal") {
            Ok(Priority::Normal)
        } else {
            Err(not_a_priority())
        }
    }
}

fn not_a_priority() -> Error {
    Error::invalid(
        PRIORITY_PARAM,
        "must be \"high\" or \"normal\" (a call option), or the API's numeric priority where the operation has one",
    )
}

/// Whether `operation` (or the operation a `get_all_X` walks) has an API field `priority`.
fn has_api_priority(operation: &str) -> bool {
    let op = crate::api::find(operation).or_else(|| crate::api::find_all_pages(operation));
    op.is_some_and(|op| op.params.iter().any(|p| p.name == PRIORITY_PARAM))
}

/// Takes the call options out of `params` of `operation` (copying them only when there are
/// some) and merges them with `options`: the parameters left, the call's timeout (the params'
/// `timeoutMs`, else `options.timeout`, else `default`) and its priority (high when either
/// says so). A string `priority` is the call option; any other value stays for the API where
/// the operation has a `priority` field and is refused where it has none.
pub(super) fn split_options<'a>(
    operation: &str,
    params: &'a Value,
    options: &CallOptions,
    default: Duration,
) -> Result<(Cow<'a, Value>, Duration, Priority)> {
    if options.timeout.is_some_and(|t| t.is_zero()) {
        return Err(Error::invalid(TIMEOUT_PARAM, "must be positive"));
    }
    let (mut params, timeout) = split_timeout(params, options.timeout.unwrap_or(default))?;
    let mut priority = options.priority;
    let take = match params.get(PRIORITY_PARAM) {
        None => false,
        Some(Value::String(s)) => {
            priority = priority.max(s.parse()?);
            true
        }
        // The API's own field, checked with the operation's other parameters.
        Some(_) if has_api_priority(operation) => false,
        // "Not given", as everywhere in the params.
        Some(Value::Null) => true,
        Some(_) => return Err(not_a_priority()),
    };
    if take {
        if let Some(map) = params.to_mut().as_object_mut() {
            map.remove(PRIORITY_PARAM);
        }
    }
    Ok((params, timeout, priority))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const DEFAULT: Duration = Duration::from_secs(30);

    fn split(operation: &str, params: Value, options: &CallOptions) -> Result<(Value, Duration, Priority)> {
        split_options(operation, &params, options, DEFAULT).map(|(p, t, priority)| (p.into_owned(), t, priority))
    }

    #[test]
    fn a_string_priority_is_the_call_option_and_leaves_the_params() {
        let plain = CallOptions::default();
        let (params, timeout, priority) = split("set_unit_status_v2", json!({"status": 1, "priority": "high"}), &plain).unwrap();
        assert_eq!((params, timeout, priority), (json!({"status": 1}), DEFAULT, Priority::High));
        let (params, _, priority) = split("get_units_v2", json!({"priority": "NORMAL", "timeoutMs": 5}), &plain).unwrap();
        assert_eq!((params, priority), (json!({}), Priority::Normal));
        let (params, _, priority) = split("get_units_v2", json!({"priority": null}), &plain).unwrap();
        assert_eq!((params, priority), (json!({}), Priority::Normal));
    }

    #[test]
    fn a_numeric_priority_stays_for_the_api_where_the_operation_has_one() {
        let plain = CallOptions::default();
        let given = json!({"title": "T", "priority": 1});
        let (params, _, priority) = split("create_dispatch_call_v2", given.clone(), &plain).unwrap();
        assert_eq!((params, priority), (given, Priority::Normal));
        // With the Rust option, a dispatch call can be high and keep the API's priority.
        let high = CallOptions::default().with_priority(Priority::High);
        let (params, _, priority) = split("update_dispatch_call_v2", json!({"priority": 2}), &high).unwrap();
        assert_eq!((params, priority), (json!({"priority": 2}), Priority::High));
    }

    #[test]
    fn anything_else_is_refused_naming_priority() {
        let plain = CallOptions::default();
        for (operation, params) in [
            ("set_unit_status_v2", json!({"priority": "urgent"})),
            ("create_dispatch_call_v2", json!({"priority": "urgent"})),
            ("set_unit_status_v2", json!({"priority": 1})),
            ("get_units_v2", json!({"priority": true})),
        ] {
            let error = split(operation, params.clone(), &plain).expect_err(&params.to_string());
            assert_eq!(error.kind, crate::ErrorKind::InvalidArgument);
            assert!(error.message.contains("priority") && error.message.contains("\"high\""), "{error}");
        }
        let zero = CallOptions::default().with_timeout(Duration::ZERO);
        assert!(split("get_units_v2", json!({}), &zero).unwrap_err().message.contains(TIMEOUT_PARAM));
    }

    #[test]
    fn the_params_and_the_options_combine() {
        let options = CallOptions::default().with_timeout(Duration::from_secs(2));
        assert_eq!(split("get_units_v2", json!({}), &options).unwrap().1, Duration::from_secs(2));
        assert_eq!(split("get_units_v2", json!({"timeoutMs": 700}), &options).unwrap().1, Duration::from_millis(700));
        let high = options.with_priority(Priority::High);
        assert_eq!(split("get_units_v2", json!({"priority": "normal"}), &high).unwrap().2, Priority::High);
    }
}
