//! Unit locations in C: push a unit's latest position from the game thread, read the
//! stream's counters.

use std::ffi::{c_char, c_int};

use sonoran_core::faces::parse_params;
use sonoran_core::Error;

use crate::boundary::*;
use crate::{client_ref, local_answer, SonoranClient};

/// Queues a unit's latest position for the live map; returns 1 when queued, 0 when refused
/// (then `sonoran_last_error` says why, naming the bad field). Never touches the network on
/// the calling thread: a game thread may call it for every unit every tick.
///
/// `location_json`: `{"communityUserId": "player-1234", "location": "Mission Row",
/// "coordinates": {"x": 441.2, "y": -981.9, "z": 30.7, "w": 90.0}}`: exactly one target
/// (`communityUserId`, `roblox`, `apiId`, `identId` or `discord`), `location`, optional
/// `coordinates` (`x`, `y` required in it), `peerId` and `vehicle` (`model`, `zOffset`,
/// `lightZOffset`, `sizeOffset`, `headingOffset`, `lights`). A newer position of the same
/// unit replaces one not yet sent. The library sends them over the API's hub while a session
/// is up (one `unitLocation` call every 250 ms at most, 25 units each, oldest first), else
/// with `update_unit_locations_v2` within its 12 requests a minute; `identId` targets go over
/// the hub only, `discord` targets over REST only.
///
/// # Safety
/// `client` is NULL or a live client; `location_json` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_locations_push(client: *const SonoranClient, location_json: *const c_char) -> c_int {
    guard(
        || {
            set_last_error(&internal_error().message);
            0
        },
        || {
            // SAFETY: forwarded from the caller.
            let pushed = unsafe { client_ref(client) }.and_then(|c| {
                // SAFETY: forwarded from the caller.
                let text = unsafe { required_str(location_json, "location_json") }?;
                let value = parse_params(text).map_err(|e| Error::invalid("location_json", e.message.trim_start_matches("`params` ")))?;
                c.client.push_unit_location(&value)
            });
            match pushed {
                Ok(()) => 1,
                Err(e) => {
                    set_last_error(&e.message);
                    0
                }
            }
        },
    )
}

/// The location stream's counters, as an envelope whose data is `{"queued", "pushed",
/// "sent", "superseded", "calls": {"hub", "rest", "failed"}, "transport": "none" | "hub" |
/// "rest", "lastFlushMs", "lastError"}`. Free with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_locations_stats(client: *const SonoranClient) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { local_answer(client, |c| Ok(c.client.location_stats().to_value())) }
}
