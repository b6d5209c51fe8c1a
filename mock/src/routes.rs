//! The mock's one route table: every API route it answers, with its method, its path
//! template (axum syntax) and the library's operation name for it. The router is built from
//! this table, and a request's operation name (for faults and the v2 rate limit) is read back
//! from it through the route axum matched, so the two can never disagree.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;

use crate::server::Shared;
use crate::{v1, v2};

/// One route of the API.
pub(crate) struct Route {
    /// Its HTTP method.
    pub method: Method,
    /// Its path template, as axum matches it (`{name}` for a path parameter).
    pub path: &'static str,
    /// The library's operation name (`get_units_v2`; for v1, the path's last segment).
    pub operation: &'static str,
    /// Builds the handler for `method`.
    handler: fn(MethodFilter) -> MethodRouter<Arc<Shared>>,
}

/// Every API route the mock answers.
pub(crate) static ROUTES: &[Route] = &[
    // v1: POST with the {id, key, type, data} envelope.
    Route { method: Method::POST, path: "/general/get_version", operation: "get_version", handler: |m| on(m, v1::get_version) },
    Route { method: Method::POST, path: "/general/get_servers", operation: "get_servers", handler: |m| on(m, v1::get_servers) },
    Route { method: Method::POST, path: "/general/get_account", operation: "get_account", handler: |m| on(m, v1::get_account) },
    Route { method: Method::POST, path: "/general/get_accounts", operation: "get_accounts", handler: |m| on(m, v1::get_accounts) },
    Route {
        method: Method::POST,
        path: "/emergency/get_account_identifiers",
        operation: "get_account_identifiers",
        handler: |m| on(m, v1::get_account_identifiers),
    },
    Route { method: Method::POST, path: "/emergency/modify_identifier", operation: "modify_identifier", handler: |m| on(m, v1::modify_identifier) },
    Route { method: Method::POST, path: "/emergency/get_identifiers", operation: "get_identifiers", handler: |m| on(m, v1::get_identifiers) },
    Route { method: Method::POST, path: "/emergency/set_identifier", operation: "set_identifier", handler: |m| on(m, v1::set_identifier) },
    Route { method: Method::POST, path: "/emergency/idents_to_group", operation: "idents_to_group", handler: |m| on(m, v1::idents_to_group) },
    Route { method: Method::POST, path: "/emergency/get_active_units", operation: "get_active_units", handler: |m| on(m, v1::get_active_units) },
    // v2: REST paths with a Bearer key.
    Route {
        method: Method::GET,
        path: "/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units",
        operation: "get_account_units",
        handler: |m| on(m, v2::get_account_units),
    },
    Route { method: Method::GET, path: "/v2/general/accounts/account", operation: "get_account_v2", handler: |m| on(m, v2::get_account) },
    Route { method: Method::GET, path: "/v2/general/accounts", operation: "get_accounts_v2", handler: |m| on(m, v2::get_accounts) },
    Route {
        method: Method::GET,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers",
        operation: "get_identifiers_v2",
        handler: |m| on(m, v2::get_identifiers),
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers",
        operation: "create_identifier_v2",
        handler: |m| on(m, v2::create_identifier),
    },
    Route {
        method: Method::PUT,
        path: "/v2/emergency/accounts/{accountUuid}/selected-identifier",
        operation: "select_identifier_v2",
        handler: |m| on(m, v2::select_identifier),
    },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}",
        operation: "update_identifier_v2",
        handler: |m| on(m, v2::update_identifier),
    },
    Route {
        method: Method::DELETE,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}",
        operation: "delete_identifier_v2",
        handler: |m| on(m, v2::delete_identifier),
    },
    Route {
        method: Method::PUT,
        path: "/v2/emergency/servers/{serverId}/identifier-groups/{groupName}",
        operation: "add_identifiers_to_group_v2",
        handler: |m| on(m, v2::add_to_group),
    },
    Route { method: Method::GET, path: "/v2/emergency/servers/{serverId}/units", operation: "get_units_v2", handler: |m| on(m, v2::get_units) },
];

/// `router` with every route of [`ROUTES`] added (routes sharing a path share one entry).
pub(crate) fn add_all(mut router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    for route in ROUTES {
        let filter = MethodFilter::try_from(route.method.clone()).expect("every route's method is a standard one");
        router = router.route(route.path, (route.handler)(filter));
    }
    router
}

/// The operation name of the route `matched` (a template of [`ROUTES`]) with `method`.
pub(crate) fn operation(method: &Method, matched: &str) -> Option<&'static str> {
    // axum answers HEAD with the GET handler.
    let method = if method == Method::HEAD { &Method::GET } else { method };
    ROUTES.iter().find(|r| r.method == *method && r.path == matched).map(|r| r.operation)
}

/// The operation a request is for, as a request extension (set by [`tag`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation(pub &'static str);

/// Middleware (added with `Router::layer`, so it runs after routing): tags the request with
/// its [`Operation`] when it matched a route of the table.
pub(crate) async fn tag(mut request: Request, next: Next) -> Response {
    let operation = request.extensions().get::<MatchedPath>().and_then(|m| operation(request.method(), m.as_str()));
    if let Some(operation) = operation {
        request.extensions_mut().insert(Operation(operation));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_and_each_operation_appears_once() {
        let mut routes = std::collections::HashSet::new();
        let mut operations = std::collections::HashSet::new();
        for route in ROUTES {
            assert!(routes.insert((route.method.clone(), route.path)), "{} {} twice", route.method, route.path);
            assert!(operations.insert(route.operation), "{} twice", route.operation);
            assert_eq!(operation(&route.method, route.path), Some(route.operation));
            if !route.path.starts_with("/v2/") {
                assert!(route.path.ends_with(route.operation), "a v1 operation is its path's last segment");
            }
        }
        assert_eq!(operation(&Method::HEAD, "/v2/general/accounts"), Some("get_accounts_v2"));
        assert_eq!(operation(&Method::GET, "/general/get_version"), None);
        // Building the router checks the paths (and that shared paths merge).
        let _ = add_all(Router::new());
    }
}
