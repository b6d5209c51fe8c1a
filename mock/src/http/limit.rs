//! The v2 rate limit: a sliding window per API key and route, of each route's documented
//! limit (the route table's) or one limit for every route, and its `X-RateLimit-*` headers.

use std::cell::Cell;
use std::time::Instant;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::routes;
use crate::shared::Shared;

use super::problem::Refusal;

/// What the rate limit left one request: its window's limit and the requests left in the
/// window after it (0 on a 429).
#[derive(Debug, Clone, Copy)]
struct Quota {
    limit: usize,
    remaining: usize,
}

tokio::task_local! {
    /// Where [`count`] leaves the request's [`Quota`] for [`rate_headers`] to announce.
    static QUOTA: Cell<Option<Quota>>;
}

/// Middleware: announces what [`count`] counted, as the API's gateway does, on every answer
/// to a request that passed the key check while the v2 rate limit is on:
/// `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`.
pub async fn rate_headers(request: Request, next: Next) -> Response {
    let (quota, mut response) = QUOTA
        .scope(Cell::new(None), async {
            let response = next.run(request).await;
            (QUOTA.with(Cell::get), response)
        })
        .await;
    if let Some(Quota { limit, remaining }) = quota {
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit-minute", HeaderValue::from(limit));
        headers.insert("x-ratelimit-remaining-minute", HeaderValue::from(remaining));
    }
    response
}

/// Counts a request of the community's key on `operation`'s route against the limit (and
/// leaves what is left of it for [`rate_headers`]); a 429 with `Retry-After` when the window
/// is full.
pub fn count(shared: &Shared, operation: &str) -> Result<(), Refusal> {
    let Some(mut limit) = shared.options.v2_rate_limit else {
        return Ok(());
    };
    if limit.requests == 0 {
        // RateLimit::DOCUMENTED: the route's own limit, from the route table.
        limit.requests = routes::per_minute(operation).max(1);
    }
    let now = Instant::now();
    let mut calls = shared.v2_calls.lock().unwrap_or_else(|e| e.into_inner());
    let window = calls.entry(format!("{} {}", shared.options.api_key, operation)).or_default();
    while window.front().is_some_and(|t| now.duration_since(*t) >= limit.window) {
        window.pop_front();
    }
    let full = window.len() >= limit.requests;
    if !full {
        window.push_back(now);
    }
    // Outside the middleware's scope (a handler called directly) there is nobody to tell.
    let _ =
        QUOTA.try_with(|quota| quota.set(Some(Quota { limit: limit.requests, remaining: limit.requests.saturating_sub(window.len()) })));
    if full {
        let oldest = *window.front().unwrap_or(&now);
        let wait = limit.window.saturating_sub(now.duration_since(oldest));
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Err((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, seconds.max(1).to_string())],
            Json(json!({"message": "API rate limit exceeded"})),
        )
            .into_response()
            .into());
    }
    Ok(())
}
