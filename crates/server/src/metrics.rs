//! Prometheus metrics, written by hand (no exporter crate): request counts by route, method
//! and status, and a request-duration histogram by route. Routes are the router's patterns
//! (`/wilayah/{code}`), so the number of series stays bounded whatever URLs are asked for.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the duration buckets, in seconds.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    durations: BTreeMap<String, Histogram>,
}

#[derive(Default, Clone)]
struct Histogram {
    /// Counts per bucket (not cumulative); cumulated when rendered.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    pub fn record(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let Ok(mut m) = self.inner.lock() else {
            return;
        };
        *m.requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        let h = m.durations.entry(route.to_string()).or_default();
        let secs = elapsed.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|&b| secs <= b) {
            h.buckets[i] += 1;
        }
        h.count += 1;
        h.sum += secs;
    }

    /// The Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let Ok(m) = self.inner.lock() else {
            return String::new();
        };
        let mut out = String::new();
        out.push_str("# HELP listraf_http_requests_total HTTP requests answered, by route pattern, method and status.\n");
        out.push_str("# TYPE listraf_http_requests_total counter\n");
        for ((route, method, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "listraf_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                label(route),
                label(method)
            );
        }
        out.push_str("# HELP listraf_http_request_duration_seconds Time to answer a request, by route pattern.\n");
        out.push_str("# TYPE listraf_http_request_duration_seconds histogram\n");
        for (route, h) in &m.durations {
            let route = label(route);
            let mut cumulative = 0;
            for (b, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "listraf_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "listraf_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "listraf_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "listraf_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        out
    }
}

/// Escapes a label value (backslash, quote, newline).
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record("/wilayah/{code}", "GET", 200, Duration::from_millis(3));
        m.record("/wilayah/{code}", "GET", 404, Duration::from_millis(30));
        let text = m.render();
        assert!(text.contains(
            "listraf_http_requests_total{route=\"/wilayah/{code}\",method=\"GET\",status=\"404\"} 1"
        ));
        assert!(text.contains(
            "listraf_http_request_duration_seconds_bucket{route=\"/wilayah/{code}\",le=\"0.005\"} 1"
        ));
        assert!(text.contains(
            "listraf_http_request_duration_seconds_bucket{route=\"/wilayah/{code}\",le=\"0.05\"} 2"
        ));
        assert!(
            text.contains(
                "listraf_http_request_duration_seconds_count{route=\"/wilayah/{code}\"} 2"
            )
        );
    }
}
