//! Integration panels in C: the panel helper (`sonoran_panel_*`), which publishes the
//! definition, replaces states latest-wins, and hands the host each CAD action once, from
//! push events and the recovery poll alike, acknowledging the result it gives.

use std::ffi::{c_char, c_void, CStr};
use std::ptr;

use serde_json::Value;
use sonoran_core::api::integration_panels::{Panel, PanelOptions};
use sonoran_core::faces::{local_envelope, parse_params};
use sonoran_core::models::ActionResult;
use sonoran_core::{Error, Result};

use crate::boundary::*;
use crate::{client_ref, SonoranClient};

/// An open integration panel (see `sonoran_panel_open`).
///
/// Opaque. Release with `sonoran_panel_close`. Thread-safe, like the client; its actions are
/// meant to be taken on the game's own thread.
pub struct SonoranPanel {
    panel: Panel,
}

/// Runs for one action in `sonoran_panel_run`, on the thread that called it: `action_json`
/// is the action (as `sonoran_panel_poll_action` returns it), owned by the library and valid
/// during the call. Return the result as JSON (`{"success": true, "message": "Locked",
/// "result": {...}}`), read before the next action and never freed by the library (a static
/// string or a buffer the host keeps), or NULL for `{"success": true}`.
#[allow(non_camel_case_types)] // the C name, as C users expect it
pub type sonoran_panel_handler = Option<unsafe extern "C" fn(action_json: *const c_char, user_data: *mut c_void) -> *const c_char>;

/// The panel behind a pointer, or an error for NULL.
///
/// # Safety
/// `panel` is NULL or a live pointer from `sonoran_panel_open`.
unsafe fn panel_ref<'a>(panel: *const SonoranPanel) -> Result<&'a Panel> {
    // SAFETY: the caller promises NULL or a live panel.
    unsafe { panel.as_ref() }.map(|p| &p.panel).ok_or_else(|| Error::invalid("panel", "is NULL"))
}

/// A result as the host wrote it.
fn parse_result(text: &str) -> Result<ActionResult> {
    let value = parse_params(text)?;
    if value.is_null() {
        return Ok(ActionResult { success: true, message: None, result: None });
    }
    serde_json::from_value(value).map_err(|e| Error::invalid("result_json", format_args!("is not a result ({e})")))
}

/// Opens the panel helper and returns at once; NULL when the options are invalid
/// (`sonoran_last_error()` says why, naming the field).
///
/// `options_json`: `{"panelKey": "doors", "instance": "mission-row", "serverId": 1,
/// "definition": {...}, "cursorFile": "doors.cursor", "supersede": true | ["sign.set-text"],
/// "startEvents": true, "quietPollMs": 60000, "downPollMs": 20000}` (`panelKey` required;
/// `instance` is the instance `sonoran_panel_set_state` replaces, `default` by default;
/// `serverId` the client's `defaultServerId` by default). The definition is published once
/// (again if the CAD answers that the panel is missing). Push events start (a hub session
/// for the server) when none run, unless `startEvents` is false; the panel's
/// `EVENT_PANEL_<KEY>` events then go to the panel, not to `sonoran_events_poll`. The
/// recovery poll runs at start, after a hub reconnect, and slowly while no push arrives
/// (every `quietPollMs` with a push path up, every `downPollMs` without), within the 3 a
/// minute every panel of the key shares. `cursorFile` keeps the recovery cursor so that a
/// restart resumes. `supersede`: actions (all, or these `actionId`s) older than the last
/// one applied to their instance are acknowledged as superseded instead of handed out.
///
/// # Safety
/// `client` is NULL or a live client; `options_json` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_open(client: *const SonoranClient, options_json: *const c_char) -> *mut SonoranPanel {
    guard(
        || {
            set_last_error(&internal_error().to_string());
            ptr::null_mut()
        },
        || {
            // SAFETY: forwarded from the caller.
            let opened = unsafe { client_ref(client) }.and_then(|c| {
                // SAFETY: forwarded from the caller.
                let options = unsafe { required_str(options_json, "options_json") }?;
                c.client.panel(PanelOptions::from_json(None, options)?)
            });
            match opened {
                Ok(panel) => {
                    set_last_error("");
                    Box::into_raw(Box::new(SonoranPanel { panel }))
                }
                Err(e) => {
                    set_last_error(&e.to_string());
                    ptr::null_mut()
                }
            }
        },
    )
}

/// Replaces the state of the panel's instance (`instance` of the options), or of
/// `instance_key` when not NULL. Returns at once: the latest state wins (an older one not yet
/// sent is dropped), sent within the route's 300 a minute and retried until it lands. The
/// envelope is `{"success":true,"status":null,"data":null}`, or an `"invalid_argument"` one
/// naming the field (a state over 512 KiB is refused before it is kept). Free it with
/// `sonoran_string_free`.
///
/// # Safety
/// `panel` is NULL or a live panel; the strings are NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_set_state(
    panel: *const SonoranPanel,
    instance_key: *const c_char,
    state_json: *const c_char,
) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let set = unsafe { panel_ref(panel) }.and_then(|p| {
            // SAFETY: forwarded from the caller.
            let instance = unsafe { optional_str(instance_key, "instance_key") }?;
            // SAFETY: forwarded from the caller.
            let state = parse_params(unsafe { required_str(state_json, "state_json") }?)
                .map_err(|e| Error::invalid("state_json", e.message.trim_start_matches("`params` ")))?;
            match instance {
                Some(instance) => p.set_instance_state(instance, state),
                None => p.set_state(state),
            }
        });
        match set {
            Ok(()) => local_envelope(&Value::Null),
            Err(e) => e.envelope(),
        }
    })
}

/// The next action for the host, or NULL at once when none waits (or `panel` is NULL).
/// Never blocks. `{"id": "...", "cursor": 42, "panelKey": "doors", "serverId": 1,
/// "instanceKey": "mission-row", "actionId": "door.set-locked", "actorUuid": "...",
/// "actorName": "John Doe", "values": {...}, "createdAt": "...", "expiresAt": "..."}`: each
/// action once, never one past `expiresAt`. Give its result with `sonoran_panel_ack`. Free
/// with `sonoran_string_free`.
///
/// # Safety
/// `panel` is NULL or a live panel.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_poll_action(panel: *const SonoranPanel) -> *mut c_char {
    guard(ptr::null_mut, || {
        // SAFETY: forwarded from the caller.
        let Ok(panel) = (unsafe { panel_ref(panel) }) else { return ptr::null_mut() };
        panel.next_action().map_or(ptr::null_mut(), |action| into_c_string(serde_json::to_string(&action).unwrap_or_default()))
    })
}

/// Gives the result of action `action_id` (handed out by `sonoran_panel_poll_action`):
/// `result_json` is `{"success": true, "message": "Locked", "result": {...}}` (NULL:
/// `{"success": true}`). Returns at once; the acknowledgement goes out on the I/O thread and
/// again after a failure while the action lives, never handing the action out again. An
/// `"invalid_argument"` envelope (the action stays yours) when the result is over its caps
/// (`message` 500 characters, `result` 32 KiB) or the id was not handed out. Free the
/// envelope with `sonoran_string_free`.
///
/// # Safety
/// `panel` is NULL or a live panel; the strings are NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_ack(
    panel: *const SonoranPanel,
    action_id: *const c_char,
    result_json: *const c_char,
) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let acked = unsafe { panel_ref(panel) }.and_then(|p| {
            // SAFETY: forwarded from the caller.
            let id = unsafe { required_str(action_id, "action_id") }?;
            // SAFETY: forwarded from the caller.
            let result = parse_result(unsafe { optional_str(result_json, "result_json") }?.unwrap_or(""))?;
            p.ack(id, result)
        });
        match acked {
            Ok(()) => local_envelope(&Value::Null),
            Err(e) => e.envelope(),
        }
    })
}

/// Runs `handler` for every action waiting, on this thread, and acknowledges each result it
/// returns (a result that is not valid JSON, or over its caps, is acknowledged as
/// `success: false` with the reason). Returns how many actions ran; -1 when `panel` or
/// `handler` is NULL. Call it once a tick.
///
/// # Safety
/// `panel` is NULL or a live panel; `handler` is safe to call with `user_data` on this thread.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_run(panel: *const SonoranPanel, handler: sonoran_panel_handler, user_data: *mut c_void) -> i64 {
    guard(
        || -1,
        || {
            // SAFETY: forwarded from the caller.
            let (Ok(panel), Some(handler)) = (unsafe { panel_ref(panel) }, handler) else { return -1 };
            let ran = panel.handle(|action| {
                let text = c_string(serde_json::to_string(action).unwrap_or_default());
                // SAFETY: the host gave this handler for this thread and user_data; the text
                // lives until the call returns.
                let answer = unsafe { handler(text.as_ptr(), user_data) };
                let answer = if answer.is_null() {
                    Ok(ActionResult { success: true, message: None, result: None })
                } else {
                    // SAFETY: the host returns a NUL-terminated string it keeps for this read.
                    match unsafe { CStr::from_ptr(answer) }.to_str() {
                        Ok(text) => parse_result(text),
                        Err(_) => Err(Error::invalid("result_json", "is not valid UTF-8")),
                    }
                };
                answer.unwrap_or_else(|e| ActionResult { success: false, message: Some(e.message), result: None })
            });
            ran as i64
        },
    )
}

/// What the panel has done, as a success envelope: `{"panelKey", "serverId", "queued",
/// "inFlight", "pushed", "polled", "handled", "acked", "expired", "duplicates",
/// "superseded", "ackRetries", "ackFailures", "polls", "polling", "cursor", "statesSent",
/// "statesCoalesced", "stateFailures", "definition", "closed", "lastError"}`. Free with
/// `sonoran_string_free`.
///
/// # Safety
/// `panel` is NULL or a live panel.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_status(panel: *const SonoranPanel) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        match unsafe { panel_ref(panel) } {
            Ok(panel) => local_envelope(&panel.status().to_value()),
            Err(e) => e.envelope(),
        }
    })
}

/// Closes and releases a panel (NULL is ignored): no action is handed out any more and its
/// push events go to `sonoran_events_poll` again; results already given are still
/// acknowledged and the last state still lands, on the I/O thread. The panel may outlive its
/// client: it keeps what it needs.
///
/// # Safety
/// `panel` is NULL or a pointer from `sonoran_panel_open` not yet closed, and no other
/// thread is using it.
#[no_mangle]
pub unsafe extern "C" fn sonoran_panel_close(panel: *mut SonoranPanel) {
    guard(
        || (),
        || {
            if !panel.is_null() {
                // SAFETY: the caller gives up a live panel made by Box::into_raw.
                drop(unsafe { Box::from_raw(panel) });
            }
        },
    )
}
