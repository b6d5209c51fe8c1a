//! Binding handlers to the route table: an area names its operations, the table gives each
//! one's paths and methods, so that a route's data lives in one place and its handler in
//! its area.

use std::sync::Arc;

use axum::extract::State;
use axum::handler::Handler as AxumHandler;
use axum::routing::{on, MethodFilter};
use axum::Router;

use crate::routes;
use crate::shared::Shared;
use crate::store::Community;

use super::problem::Answer;
use super::request::{read, Reading, Request};

/// What an area answers for one v2 operation: over the community (locked for it) and the
/// read request.
pub type Handler = fn(&mut Community, &Request) -> Answer;

/// A router with each `(operation, handler)` on every route the table has for the
/// operation, its requests read as `reading` says. Push events a handler leaves in the
/// community's outbox join their servers' queues as it answers, in order, before the
/// community's lock is let go (see `Shared::queue`).
pub fn bind(reading: Reading, handlers: &[(&'static str, Handler)]) -> Router<Arc<Shared>> {
    handlers.iter().fold(Router::new(), |router, &(operation, handler)| {
        mount(router, operation, move |State(shared): State<Arc<Shared>>, request: axum::extract::Request| async move {
            let request = read(&shared, reading, request).await?;
            let mut community = shared.community();
            let answer = handler(&mut community, &request);
            // Queued before the lock is let go: in the order of the changes.
            let events = std::mem::take(&mut community.outbox);
            shared.queue_all(events);
            drop(community);
            answer
        })
    })
}

/// `router` with `handler` on every route the table has for `operation`.
///
/// # Panics
///
/// When the table has no route for `operation` (a misspelt name), as the router is built.
pub fn mount<H, T>(mut router: Router<Arc<Shared>>, operation: &str, handler: H) -> Router<Arc<Shared>>
where
    H: AxumHandler<T, Arc<Shared>>,
    T: 'static,
{
    let mut found = false;
    for route in routes::ROUTES.iter().filter(|r| r.operation == operation) {
        let filter = MethodFilter::try_from(route.method.clone()).expect("every route's method is a standard one");
        router = router.route(route.path, on(filter, handler.clone()));
        found = true;
    }
    assert!(found, "{operation} is not in the route table");
    router
}
