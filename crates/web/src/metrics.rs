//! Prometheus metrics at `/metrics`, for administrators (a read-only API token is what a
//! scraper uses): requests by method and status, their latency as a histogram, and the
//! database connections. Counted in the request log's middleware, so every answer counts
//! once; nothing about a person or a path is recorded, only methods and statuses.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::{AppError, permit};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Counts {
    /// Requests by (method, status).
    requests: BTreeMap<(String, u16), u64>,
    /// Requests at or under each bucket's bound (cumulative when written out).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

/// What the app has served since it started.
#[derive(Default)]
pub struct Metrics {
    counts: Mutex<Counts>,
}

impl Metrics {
    pub fn record(&self, method: &str, status: u16, seconds: f64) {
        // A poisoned lock only means a panic elsewhere mid-update: the counts stay usable.
        let mut c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        *c.requests.entry((method.to_owned(), status)).or_default() += 1;
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            c.buckets[i] += 1;
        }
        c.count += 1;
        c.sum_seconds += seconds;
    }

    /// The Prometheus text exposition of the counts and of the database `pools`
    /// ((name, open, idle) each).
    fn exposition(&self, pools: &[(&str, u32, usize)]) -> String {
        let c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str(
            "# HELP passerelle_http_requests_total Requests answered, by method and status.\n",
        );
        out.push_str("# TYPE passerelle_http_requests_total counter\n");
        for ((method, status), n) in &c.requests {
            let _ = writeln!(
                out,
                "passerelle_http_requests_total{{method=\"{method}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP passerelle_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE passerelle_http_request_duration_seconds histogram\n");
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(c.buckets) {
            cumulative += n;
            let _ = writeln!(
                out,
                "passerelle_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "passerelle_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}",
            c.count
        );
        let _ = writeln!(
            out,
            "passerelle_http_request_duration_seconds_sum {}",
            c.sum_seconds
        );
        let _ = writeln!(
            out,
            "passerelle_http_request_duration_seconds_count {}",
            c.count
        );
        out.push_str(
            "# HELP passerelle_db_connections Database connections open, and of those idle.\n",
        );
        out.push_str("# TYPE passerelle_db_connections gauge\n");
        for (pool, open, idle) in pools {
            let _ = writeln!(
                out,
                "passerelle_db_connections{{pool=\"{pool}\",state=\"open\"}} {open}"
            );
            let _ = writeln!(
                out,
                "passerelle_db_connections{{pool=\"{pool}\",state=\"idle\"}} {idle}"
            );
        }
        out
    }
}

pub async fn metrics(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    permit(ctx.user()?.can_read_metrics())?;
    let body = state.metrics.exposition(&state.store.pool_sizes());
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_the_histogram_are_written_as_prometheus_reads_them() {
        let m = Metrics::default();
        m.record("GET", 200, 0.003);
        m.record("GET", 200, 0.2);
        m.record("POST", 422, 20.0);
        let text = m.exposition(&[("read", 4, 3)]);
        assert!(text.contains("passerelle_http_requests_total{method=\"GET\",status=\"200\"} 2\n"));
        assert!(
            text.contains("passerelle_http_requests_total{method=\"POST\",status=\"422\"} 1\n")
        );
        assert!(text.contains("_bucket{le=\"0.005\"} 1\n"));
        assert!(text.contains("_bucket{le=\"0.25\"} 2\n"));
        assert!(text.contains("_bucket{le=\"10\"} 2\n"), "{text}");
        assert!(text.contains("_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("passerelle_http_request_duration_seconds_count 3\n"));
        assert!(text.contains("passerelle_db_connections{pool=\"read\",state=\"idle\"} 3\n"));
    }
}
