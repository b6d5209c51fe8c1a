//! The live mirror in C: the community's units and calls of one server kept current by push
//! events, read at no cost (no request, no waiting) as often as every tick.

use std::ffi::c_char;

use serde_json::Value;
use sonoran_core::faces::{local_envelope, local_envelope_text};
use sonoran_core::mirror::MirrorOptions;

use crate::boundary::*;
use crate::{client_ref, local_answer, SonoranClient};

/// Starts the live mirror of a server's units and calls, and returns at once with an
/// envelope of `sonoran_mirror_status`'s data. Push events start too when none run (a hub
/// session for the server); the first read (`get_units_v2`, every page, and `get_calls_v2`)
/// goes out on the library's I/O thread within the routes' budgets. Also started by
/// `"mirror": true` in `sonoran_events_start`'s options.
///
/// `options_json` (NULL or `"{}"` for the defaults): `{"serverId": 1, "resyncMs": 300000,
/// "minResyncMs": 30000, "readTimeoutMs": 90000}`: the server (default: the events' server,
/// else the client's `defaultServerId`), how often to read everything again, the least time
/// between two reads, and how long one read may wait. A bad option is an
/// `"invalid_argument"` envelope naming it. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client; `options_json` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_start(client: *const SonoranClient, options_json: *const c_char) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let started = unsafe { client_ref(client) }.and_then(|c| {
            // SAFETY: forwarded from the caller.
            let options = unsafe { optional_str(options_json, "options_json") }?;
            c.client.start_mirror(&MirrorOptions::from_json(options.unwrap_or(""))?)
        });
        match started {
            Ok(status) => local_envelope(&status.to_value()),
            Err(e) => e.envelope(),
        }
    })
}

/// Stops the mirror (`sonoran_events_stop` stops it too): nothing changes it or reads for
/// it any more; what it holds stays readable, with `"complete": false`. Returns the envelope
/// of its status. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_stop(client: *const SonoranClient) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe {
        local_answer(client, |c| {
            c.client.stop_mirror();
            Ok(c.client.mirror().status().to_value())
        })
    }
}

/// The mirror's units, without a request: an envelope whose data is `{"version": 42,
/// "units": [...], "ageMs": 1200, "complete": true}`. `units` are the online units
/// (dispatchers too) as `get_units_v2` lists them, by `id`; `version` grows with every
/// change (0 before the first read); `ageMs` is the time since the last full read (null
/// before it); `complete` is false while something is known to be missing (before the
/// first read, while the hub is down, while a read after a gap is owed). Free with
/// `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_units(client: *const SonoranClient) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        match unsafe { client_ref(client) } {
            Ok(c) => local_envelope_text(&c.client.mirror().units_json()),
            Err(e) => e.envelope(),
        }
    })
}

/// The mirror's calls, without a request: an envelope whose data is `{"version": 42,
/// "calls": [...], "emergencyCalls": [...], "ageMs": 1200, "complete": true}`: the open
/// dispatch calls (`ActiveCalls` of `get_calls_v2`) and the 911 calls (`EmergencyCalls`),
/// by `callId`. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_calls(client: *const SonoranClient) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        match unsafe { client_ref(client) } {
            Ok(c) => local_envelope_text(&c.client.mirror().calls_json()),
            Err(e) => e.envelope(),
        }
    })
}

/// One unit of the mirror, without a request: `who` is its `identId` (as text, `"12"`) or
/// its account (`communityUserId`, an API id, the account UUID). An envelope whose data is
/// the unit as `get_units_v2` lists it, or null when the mirror holds none. Free with
/// `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client; `who` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_unit(client: *const SonoranClient, who: *const c_char) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let unit = unsafe { client_ref(client) }.and_then(|c| {
            // SAFETY: forwarded from the caller.
            let who = unsafe { required_str(who, "who") }?;
            Ok(c.client.mirror().unit_value(who).map_or(Value::Null, |unit| Value::clone(&unit)))
        });
        match unit {
            Ok(unit) => local_envelope(&unit),
            Err(e) => e.envelope(),
        }
    })
}

/// One call of the mirror, without a request: the open dispatch call `call_id`, else the
/// 911 call of that id. An envelope whose data is the call, or null when the mirror holds
/// none. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_call(client: *const SonoranClient, call_id: i64) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { local_answer(client, |c| Ok(c.client.mirror().call_value(call_id).map_or(Value::Null, |call| Value::clone(&call)))) }
}

/// The mirror's version: 0 before the first read (and for a NULL client), then higher after
/// every change. Compare it with the last one seen to skip work when nothing changed.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_version(client: *const SonoranClient) -> u64 {
    guard(
        || 0,
        || {
            // SAFETY: forwarded from the caller.
            unsafe { client_ref(client) }.map_or(0, |c| c.client.mirror().version())
        },
    )
}

/// What the mirror has done: an envelope whose data is `{"running", "serverId", "seeded",
/// "version", "complete", "units", "calls", "emergencyCalls", "resyncs", "lastResyncMs",
/// "lastResyncReasons": ["hub_reconnect"], "resyncPending": [], "gaps", "eventsApplied",
/// "ownWritesApplied", "locationsApplied", "ignored", "lastError"}`. Reasons are `start`,
/// `hub_reconnect`, `queue_overflow`, `unknown_unit`, `unknown_call`, `own_write` and
/// `periodic`. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_mirror_status(client: *const SonoranClient) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        match unsafe { client_ref(client) } {
            Ok(c) => local_envelope(&c.client.mirror().status().to_value()),
            Err(e) => e.envelope(),
        }
    })
}
