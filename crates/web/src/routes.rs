//! A router that keeps the list of its paths. Axum's router cannot be asked what it serves,
//! and the authorization test must walk every route the app serves, so that a route added
//! without a rule in that test's table fails it (`crates/web/tests/authorization.rs`).

use crate::AppState;
use axum::Router;
use axum::routing::MethodRouter;

/// Whether `path` is the API's (the JSON API under `/api/` and the HSDS API under `/hsds/`):
/// it answers errors as problem details and takes API tokens, where pages answer HTML.
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/hsds/")
}

#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }

    pub fn route(mut self, path: &'static str, methods: MethodRouter<AppState>) -> Routes {
        self.router = self.router.route(path, methods);
        self.paths.push(path);
        self
    }

    pub fn merge(mut self, other: Routes) -> Routes {
        self.router = self.router.merge(other.router);
        self.paths.extend(other.paths);
        self
    }

    /// The same routes, their router changed by `f` (a layer on all of them).
    pub fn map(mut self, f: impl FnOnce(Router<AppState>) -> Router<AppState>) -> Routes {
        self.router = f(self.router);
        self
    }

    pub fn paths(&self) -> &[&'static str] {
        &self.paths
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
