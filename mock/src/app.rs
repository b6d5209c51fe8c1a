//! The mock's router, assembled from each area's routes: the API's (v1, identifiers, units,
//! calls, map, records, civilian, general, permissions, FiveM configuration, integration
//! panels, the websocket hub), the `/_mock` control routes, a problem-document 404 for
//! anything else, and the layers every request passes.

use std::sync::Arc;

use axum::middleware;
use axum::Router;

use crate::api::{calls, civilian, fivem, general, hub, identifiers, map, panels, permissions, records, units, v1};
use crate::control;
use crate::http::{faults, layers, limit, problem};
use crate::shared::Shared;

/// The router of the mock serving `shared`.
pub fn router(shared: Arc<Shared>) -> Router {
    let faults = shared.faults.clone();
    Router::new()
        .merge(v1::routes())
        .merge(identifiers::routes())
        .merge(units::routes())
        .merge(calls::routes())
        .merge(map::routes())
        .merge(records::routes())
        .merge(civilian::routes())
        .merge(general::routes())
        .merge(permissions::routes())
        .merge(fivem::routes())
        .merge(panels::routes())
        .merge(hub::routes())
        .merge(control::routes())
        .fallback(problem::no_such_endpoint)
        .layer(middleware::from_fn(limit::rate_headers))
        .layer(middleware::from_fn(move |request, next| faults::inject(faults.clone(), request, next)))
        // Outside the fault layer, so that faults see the operation name.
        .layer(middleware::from_fn(layers::tag))
        .layer(middleware::from_fn({
            let shared = shared.clone();
            move |request, next| layers::count(shared.clone(), request, next)
        }))
        .with_state(shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    use crate::options::MockOptions;
    use crate::routes::ROUTES;

    /// Every route of the table has its handler: none answers the fallback's 404 or a 405.
    #[tokio::test]
    async fn every_route_of_the_table_is_bound() {
        let app = router(Shared::new(MockOptions::default()));
        for route in ROUTES {
            let path = route.path.replace("{serverId}", "1").replace(['{', '}'], "");
            let request = Request::builder().method(route.method.clone()).uri(&path).body(Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_ne!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{} {}", route.method, route.path);
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            assert!(!String::from_utf8_lossy(&body).contains("No such endpoint."), "{} {}", route.method, route.path);
        }
    }
}
