//! The request plumbing every area shares: reading a request (v2's key, rate limit, path
//! checks and body; v1's envelope), refusing one (problem documents), binding handlers to
//! the route table, and the layers every request passes (operation tag, counting, faults,
//! rate-limit headers). It knows the route table and the shared state, no area.

pub mod bind;
pub mod envelope;
pub mod faults;
pub mod layers;
pub mod limit;
pub mod multipart;
pub mod problem;
pub mod request;

pub use bind::{bind, mount};
pub use problem::{bad_request, not_found, problem, unprocessable, Answer, Refusal};
pub use request::{check_server, flag, number, Body, Key, Reading, Request};
