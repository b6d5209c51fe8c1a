//! Push events in C: start and stop receiving, poll the next event, or have a callback
//! receive each one on a library thread.

use std::ffi::{c_char, c_void, CString};
use std::ptr;
use std::sync::Arc;

use sonoran_core::faces::local_envelope;
use sonoran_core::push::EventOptions;

use crate::boundary::*;
use crate::{client_ref, local_answer, SonoranClient, UserData};

/// Receives each push event when set with `sonoran_events_set_callback`: `event_json` is
/// the event (`{"type":...,"data":...,"via":...,"receivedAtMs":...,"dropped":...}`), owned by
/// the library and valid only during the call (copy it to keep it; never free it);
/// `user_data` is the pointer given with the callback.
#[allow(non_camel_case_types)] // the C name, as C users expect it
pub type sonoran_event_callback = Option<unsafe extern "C" fn(event_json: *const c_char, user_data: *mut c_void)>;

/// Starts receiving Sonoran's push events, and returns at once with an envelope whose data
/// says what runs: `{"hub": {"state": "connecting", "url": ..., "serverId": 1, "error": null,
/// "sessions": 0} | null, "listener": {"url": "http://0.0.0.0:3232/sonorancad/event"} | null,
/// "queue": {"capacity": ..., "waiting": ..., "received": ..., "delivered": ..., "dropped": ...,
/// "rejected": ...}}`.
///
/// `options_json` (NULL or `"{}"` for the defaults): `{"serverId": 1, "websocket": true,
/// "listen": "0.0.0.0:3232", "path": "/sonorancad/event", "queueCapacity": 1024,
/// "maxBodyBytes": 1048576, "readTimeoutMs": 10000, "waitMs": 0}`. `websocket` (default true) opens a session on the
/// API's hub for `serverId` (default: the client's `defaultServerId`), reconnecting and
/// authenticating again by itself; it needs no open port. The HTTP listener starts only when
/// `listen` is given (port 0 picks a free one; the bound URL is in the answer); Sonoran posts
/// to it when no hub session is up for the server. `waitMs` waits that long for the hub to
/// authenticate (for start-up code, never a game tick). Starting again replaces what ran;
/// queued events are kept. A bad option, or an address that cannot be bound, is an
/// `"invalid_argument"` envelope naming the field. The caller frees the envelope with
/// `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client; `options_json` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_events_start(client: *const SonoranClient, options_json: *const c_char) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let started = unsafe { client_ref(client) }.and_then(|c| {
            // SAFETY: forwarded from the caller.
            let options = unsafe { optional_str(options_json, "options_json") }?;
            let options = EventOptions::from_json(options.unwrap_or(""))?;
            c.client.start_events(&options)
        });
        match started {
            Ok(status) => local_envelope(&status.to_value()),
            Err(e) => e.envelope(),
        }
    })
}

/// Stops receiving: closes the hub session cleanly and stops the listener. Events already
/// queued can still be polled. Returns the envelope of the final state (as
/// `sonoran_events_start`'s), to free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_events_stop(client: *const SonoranClient) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { local_answer(client, |c| Ok(c.client.stop_events().to_value())) }
}

/// What receives events now (hub state, listener URL) and the queue's counters, as
/// `sonoran_events_start` answers. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_events_status(client: *const SonoranClient) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { local_answer(client, |c| Ok(c.client.events_status().to_value())) }
}

/// The next push event, or NULL when none is waiting (or `client` is NULL). Never blocks.
///
/// The event: `{"type": "EVENT_911", "data": {...}, "via": "websocket" | "http",
/// "receivedAtMs": 1764000000000, "dropped": 0}`, without the API key. `data` is the
/// event's data as Sonoran sent it, except that an array holding one object (as several
/// pages show it) is that object. `dropped` counts events dropped just before this one
/// because the queue was full (the oldest go first). Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_events_poll(client: *const SonoranClient) -> *mut c_char {
    guard(ptr::null_mut, || {
        // SAFETY: forwarded from the caller.
        let Ok(c) = (unsafe { client_ref(client) }) else { return ptr::null_mut() };
        c.client.poll_event().map_or(ptr::null_mut(), |event| into_c_string(event.to_json()))
    })
}

/// Has `cb` receive every push event on a library thread, instead of keeping them for
/// `sonoran_events_poll`; a NULL `cb` goes back to polling. Events already waiting go to
/// the callback too. When this function returns, the previous callback is no longer running
/// and is never called again (unless this is called from inside it), so its `user_data` may
/// be released. Keep the callback short: the next event waits for it.
///
/// # Safety
/// `client` is NULL or a live client; `cb` must be safe to call from another thread with
/// `user_data` until it is replaced or the client is freed.
#[no_mangle]
pub unsafe extern "C" fn sonoran_events_set_callback(client: *const SonoranClient, cb: sonoran_event_callback, user_data: *mut c_void) {
    guard(
        || (),
        || {
            // SAFETY: forwarded from the caller.
            let Ok(c) = (unsafe { client_ref(client) }) else { return };
            let callback = cb.map(|cb| {
                let user_data = UserData(user_data);
                Arc::new(move |event: &sonoran_core::ReceivedEvent| {
                    let user_data = user_data;
                    let text = c_string(event.to_json());
                    // SAFETY: the host registered this callback for library threads with
                    // this user_data; the text lives until the call returns.
                    unsafe { cb(text.as_ptr(), user_data.0) };
                    drop::<CString>(text);
                }) as sonoran_core::push::EventCallback
            });
            c.client.set_event_callback(callback);
        },
    )
}
