//! The layers every request passes: tagging it with its operation, counting it.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::routes;
use crate::shared::Shared;

use super::request::Operation;

/// Middleware (added with `Router::layer`, so it runs after routing): tags the request with
/// its [`Operation`] when it matched a route of the table.
pub async fn tag(mut request: Request, next: Next) -> Response {
    let operation = request.extensions().get::<MatchedPath>().and_then(|m| routes::operation(request.method(), m.as_str()));
    if let Some(operation) = operation {
        request.extensions_mut().insert(Operation(operation));
    }
    next.run(request).await
}

/// Middleware: counts every request, and per route the requests and 429s of the
/// community's key (v2's Bearer key; every v1 request), as the API would count them.
pub async fn count(shared: Arc<Shared>, request: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let matched = request.extensions().get::<MatchedPath>();
    let operation = matched.and_then(|m| routes::operation(request.method(), m.as_str()));
    let bearer = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let keyed = match bearer {
        Some(key) => key.trim() == shared.options.api_key,
        None => !request.uri().path().starts_with("/v2/"),
    };
    let response = next.run(request).await;
    if let (Some(operation), true) = (operation, keyed) {
        let mut routes = shared.routes.lock().unwrap_or_else(|e| e.into_inner());
        let route = routes.entry(operation).or_default();
        route.requests += 1;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            route.limited += 1;
        }
    }
    response
}
