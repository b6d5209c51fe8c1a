//! What a route answers when it refuses a request, and the answer type of every handler.
//! v2 refuses with RFC 7807 problem documents (`application/problem+json`), as the API does;
//! the rate limit's 429 and v1's texts are refusals too.

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// A refused request: the response that says why, ready to send. Boxed, so that the
/// `Result`s that carry it stay small.
pub struct Refusal(Box<Response>);

impl From<Response> for Refusal {
    fn from(response: Response) -> Refusal {
        Refusal(Box::new(response))
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// What a handler answers: its response, or why it refused the request. `?` returns a
/// refusal early.
pub type Answer = Result<Response, Refusal>;

/// An RFC 7807 problem document, as the v2 API answers errors.
pub fn problem(status: StatusCode, title: &str, detail: impl Into<String>, instance: &str) -> Refusal {
    let body = json!({
        "type": format!("https://httpstatuses.io/{}", status.as_u16()),
        "title": title,
        "status": status.as_u16(),
        "detail": detail.into(),
        "instance": instance,
        "traceId": format!("00-{}-{:016x}-01", uuid::Uuid::new_v4().simple(), rand_span()),
    });
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response().into()
}

fn rand_span() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0
}

/// A 400 problem: the request is malformed.
pub fn bad_request(detail: impl Into<String>, instance: &str) -> Refusal {
    problem(StatusCode::BAD_REQUEST, "Bad Request", detail, instance)
}

/// A 422 problem: the request is well-formed but its values are not acceptable.
pub fn unprocessable(detail: impl Into<String>, instance: &str) -> Refusal {
    problem(StatusCode::UNPROCESSABLE_ENTITY, "Unprocessable Entity", detail, instance)
}

/// A 404 problem: what the request names does not exist.
pub fn not_found(detail: impl Into<String>, instance: &str) -> Refusal {
    problem(StatusCode::NOT_FOUND, "Not Found", detail, instance)
}

/// Any path that is no route: 404 as a problem document.
pub async fn no_such_endpoint(uri: Uri) -> Refusal {
    not_found("No such endpoint.", uri.path())
}
