//! The websocket hub's open sessions, as the rest of the mock sees them: which are
//! authenticated and for which server, and a channel to each session's socket task, through
//! which push events go out and a dropped hub cuts the connection. The protocol itself is
//! the hub route's (`api/hub.rs`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};

/// The record separator ending every hub message.
pub const RS: char = '\u{1e}';

/// What the rest of the mock asks a session's socket task to do.
pub enum Command {
    /// Send this text frame; answer whether it went out.
    Send(String, oneshot::Sender<bool>),
    /// Close the TCP connection at once, without a close frame.
    Drop,
}

/// One open hub connection.
struct Entry {
    /// Whether it authenticated.
    authenticated: bool,
    /// The server it receives push events for.
    server_id: Option<u64>,
    commands: mpsc::UnboundedSender<Command>,
}

/// The open hub connections.
#[derive(Default)]
pub struct Hub {
    sessions: Mutex<HashMap<u64, Entry>>,
    next_id: AtomicU64,
    /// Until then the hub refuses new connections (`POST /_mock/hub/drop` with `forMs`): an
    /// outage, not just a dropped connection the client makes again at once.
    down_until: Mutex<Option<std::time::Instant>>,
}

impl Hub {
    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Entry>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new, unauthenticated session whose socket task reads `commands`;
    /// answers its id.
    pub fn open(&self, commands: mpsc::UnboundedSender<Command>) -> u64 {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.sessions().insert(id, Entry { authenticated: false, server_id: None, commands });
        id
    }

    /// Forgets session `id` (its task has ended).
    pub fn close(&self, id: u64) {
        self.sessions().remove(&id);
    }

    /// Marks session `id` authenticated, receiving push events for `server_id`.
    pub fn authenticate(&self, id: u64, server_id: Option<u64>) {
        if let Some(entry) = self.sessions().get_mut(&id) {
            entry.authenticated = true;
            entry.server_id = server_id;
        }
    }

    /// The serverId of each authenticated session, in the order they connected.
    pub fn authenticated(&self) -> Vec<Option<u64>> {
        let sessions = self.sessions();
        let mut ids: Vec<(&u64, &Entry)> = sessions.iter().filter(|(_, e)| e.authenticated).collect();
        ids.sort_by_key(|(id, _)| **id);
        ids.into_iter().map(|(_, e)| e.server_id).collect()
    }

    /// Refuses new connections for `duration` (an outage of the hub).
    pub fn refuse_for(&self, duration: Duration) {
        *self.down_until.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::time::Instant::now() + duration);
    }

    /// Whether the hub is in an outage now (see [`Hub::refuse_for`]).
    pub fn is_down(&self) -> bool {
        self.down_until.lock().unwrap_or_else(|e| e.into_inner()).is_some_and(|until| std::time::Instant::now() < until)
    }

    /// Closes every hub connection abruptly; answers how many there were.
    pub fn drop_all(&self) -> usize {
        let sessions = std::mem::take(&mut *self.sessions());
        sessions.values().filter(|e| e.commands.send(Command::Drop).is_ok()).count()
    }

    /// Invokes `pushEvent` with `payload` on every authenticated session for `server_id`;
    /// answers on how many it was sent.
    pub async fn sent_to(&self, server_id: u64, payload: &Value) -> usize {
        let targets: Vec<mpsc::UnboundedSender<Command>> =
            self.sessions().values().filter(|e| e.authenticated && e.server_id == Some(server_id)).map(|e| e.commands.clone()).collect();
        if targets.is_empty() {
            return 0;
        }
        let text = record(&json!({"type": 1, "target": "pushEvent", "arguments": [payload]}));
        let mut acks = Vec::new();
        for target in targets {
            let (ack, acked) = oneshot::channel();
            if target.send(Command::Send(text.clone(), ack)).is_ok() {
                acks.push(acked);
            }
        }
        let mut sent = 0;
        for acked in acks {
            if let Ok(Ok(true)) = tokio::time::timeout(Duration::from_secs(5), acked).await {
                sent += 1;
            }
        }
        sent
    }
}

/// `message` as one hub record.
pub fn record(message: &Value) -> String {
    let mut text = message.to_string();
    text.push(RS);
    text
}
