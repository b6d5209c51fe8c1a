//! What goes to the engine through its callback: results and events, cut into parts, kept in
//! order until the engine takes them.
//!
//! Each delivery is `("sonoran", <function>, "<id>|<i>|<n>|<part>")`: part `i` of `n`,
//! counted from 1, of one text (a result envelope, an event); the text is the parts joined
//! in order. A part holds at most [`PART_BYTES`] bytes, cut on UTF-8 character boundaries,
//! so with its prefix and NUL it fits the engine's 10,240-byte limit. Results and events share one id
//! sequence ([`next_id`]), so SQF tells deliveries apart by id alone.
//!
//! Parts are queued from any thread (results complete on the core's I/O thread) but handed
//! to the engine only on the game thread, at the end of every `callExtension` (the `"poll"`
//! once a frame, and any other call): the engine's callback is never called from two
//! threads at once, nor while the engine might be holding its own queue for the game thread.
//!
//! The engine refuses data (-1) when its queue is full. A refused part stays at the head of
//! the queue, with everything after it: the next delivery attempt starts with it. Nothing is
//! dropped and nothing overtakes; SQF sees every part exactly once.

use std::collections::VecDeque;
use std::ffi::{c_char, CStr, CString};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::EngineCallback;

/// The largest part, in bytes: the engine takes 10,240 bytes with the NUL, and the prefix
/// (`<id>|<i>|<n>|`) takes at most 62.
pub const PART_BYTES: usize = 10_000;

/// The function name of result deliveries.
pub const RESULT: &CStr = c"result";
/// The function name of event deliveries.
pub const EVENT: &CStr = c"event";
/// The name every delivery carries (the extension's), as SQF's handler checks it.
const NAME: &CStr = c"sonoran";

/// One part waiting for the engine.
struct Part {
    function: &'static CStr,
    data: CString,
}

/// The queue and the engine's callback.
#[derive(Default)]
struct Outbox {
    callback: Option<EngineCallback>,
    waiting: VecDeque<Part>,
    delivered: u64,
    refused: u64,
}

static OUTBOX: Mutex<Outbox> = Mutex::new(Outbox { callback: None, waiting: VecDeque::new(), delivered: 0, refused: 0 });
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The outbox, even after a panic elsewhere poisoned its lock (its state stays consistent:
/// every change is one push or pop).
fn outbox() -> MutexGuard<'static, Outbox> {
    OUTBOX.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh id of the shared sequence (results, answers too large for the buffer, events).
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Sets the engine's callback (NULL: none; parts then wait).
pub fn register(callback: Option<EngineCallback>) {
    outbox().callback = callback;
}

/// `text` cut into parts of at most `max` bytes on character boundaries (one empty part for
/// empty text). `max` is at least 4, the longest UTF-8 character.
pub fn split(text: &str, max: usize) -> Vec<&str> {
    let max = max.max(4);
    let mut parts = Vec::with_capacity(text.len() / max + 1);
    let mut rest = text;
    while rest.len() > max {
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (part, tail) = rest.split_at(cut);
        parts.push(part);
        rest = tail;
    }
    parts.push(rest);
    parts
}

/// Queues `text` under `id` for `function`, from any thread; [`flush`] delivers it.
pub fn queue(function: &'static CStr, id: u64, text: &str) {
    let parts = split(text, PART_BYTES);
    let n = parts.len();
    let mut outbox = outbox();
    for (i, part) in parts.into_iter().enumerate() {
        // JSON text holds no NUL (serde escapes it); a NUL anyway becomes a space, not a loss.
        let data = format!("{id}|{}|{n}|{part}", i + 1);
        let data = CString::new(data).unwrap_or_else(|e| {
            let bytes: Vec<u8> = e.into_vec().into_iter().map(|b| if b == 0 { b' ' } else { b }).collect();
            CString::new(bytes).unwrap_or_default()
        });
        outbox.waiting.push_back(Part { function, data });
    }
}

/// Hands waiting parts to the engine in order until it refuses one; returns how many wait.
/// Game thread only (the end of every `callExtension`).
pub fn flush() -> usize {
    let mut outbox = outbox();
    let Some(callback) = outbox.callback else { return outbox.waiting.len() };
    while let Some(part) = outbox.waiting.front() {
        // The lock is held across the call, which only queues the data in the engine: an I/O
        // thread that completes a result meanwhile waits those microseconds to append.
        // SAFETY: the engine's callback, registered for this purpose; the three strings are
        // NUL-terminated and live until it returns (the engine copies them).
        let taken = unsafe { callback(NAME.as_ptr(), part.function.as_ptr(), part.data.as_ptr().cast::<c_char>()) };
        if taken < 0 {
            outbox.refused += 1;
            break;
        }
        outbox.waiting.pop_front();
        outbox.delivered += 1;
    }
    outbox.waiting.len()
}

/// How many parts wait, and the counters: `(waiting, delivered, refused)`.
pub fn counts() -> (usize, u64, u64) {
    let outbox = outbox();
    (outbox.waiting.len(), outbox.delivered, outbox.refused)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn split_keeps_characters_whole() {
        let text = "aé€😀".repeat(1000);
        for max in [4, 5, 7, 10, 100, 10_000] {
            let parts = split(&text, max);
            assert!(parts.iter().all(|p| p.len() <= max && !p.is_empty()));
            assert_eq!(parts.concat(), text);
        }
        assert_eq!(split("", 10), vec![""]);
        assert_eq!(split("abc", 3), vec!["abc"]);
        assert_eq!(split("abcd", 3).len(), 1, "max is at least 4");
    }
}
