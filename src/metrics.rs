//! Counters and a latency histogram, rendered in the Prometheus text format for `/metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use crate::domain::Status;
use crate::store::{RequestQuery, Store};

/// Upper bounds of the acknowledgement latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 3.0];

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    commands: BTreeMap<(String, String), u64>,
    api_errors: BTreeMap<(String, String), u64>,
    ack_buckets: [u64; BUCKETS.len()],
    ack_count: u64,
    ack_sum: f64,
}

impl Metrics {
    /// A command ran: its name (or `unknown`) and how it went (`done`, `refused`, …).
    pub fn command(&self, name: &str, outcome: &str) {
        *self
            .lock()
            .commands
            .entry((name.into(), outcome.into()))
            .or_default() += 1;
    }

    /// A platform API call failed.
    pub fn api_error(&self, platform: &str, method: &str) {
        *self
            .lock()
            .api_errors
            .entry((platform.into(), method.into()))
            .or_default() += 1;
    }

    /// How long a platform waited for our answer to a command, click or event.
    pub fn ack_latency(&self, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut inner = self.lock();
        for (bucket, bound) in inner.ack_buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        inner.ack_count += 1;
        inner.ack_sum += seconds;
    }

    /// Everything, in the Prometheus text format; store figures are read now.
    pub fn render(&self, store: &(dyn Store + 'static)) -> String {
        let mut out = String::new();
        let inner = self.lock();
        family(
            &mut out,
            "tandem_commands_total",
            "counter",
            "Commands handled, by name and outcome.",
        );
        for ((name, outcome), n) in &inner.commands {
            let _ = writeln!(
                out,
                "tandem_commands_total{{command=\"{name}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        family(
            &mut out,
            "tandem_api_errors_total",
            "counter",
            "Failed platform API calls, by method.",
        );
        for ((platform, method), n) in &inner.api_errors {
            let _ = writeln!(
                out,
                "tandem_api_errors_total{{platform=\"{platform}\",method=\"{method}\"}} {n}"
            );
        }
        family(
            &mut out,
            "tandem_ack_seconds",
            "histogram",
            "Time to answer a platform's request.",
        );
        for (count, bound) in inner.ack_buckets.iter().zip(BUCKETS) {
            let _ = writeln!(out, "tandem_ack_seconds_bucket{{le=\"{bound}\"}} {count}");
        }
        let _ = writeln!(
            out,
            "tandem_ack_seconds_bucket{{le=\"+Inf\"}} {}",
            inner.ack_count
        );
        let _ = writeln!(out, "tandem_ack_seconds_sum {}", inner.ack_sum);
        let _ = writeln!(out, "tandem_ack_seconds_count {}", inner.ack_count);
        drop(inner);
        store_figures(&mut out, store);
        directory_figures(&mut out, store);
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn store_figures(out: &mut String, store: &dyn Store) {
    if let Ok(page) = store.list_requests(&RequestQuery::Open, usize::MAX) {
        family(
            out,
            "tandem_open_requests",
            "gauge",
            "Requests not yet finished, by status.",
        );
        for status in Status::ALL.iter().filter(|s| !s.is_finished()) {
            let n = page.requests.iter().filter(|r| r.status == *status).count();
            let _ = writeln!(
                out,
                "tandem_open_requests{{status=\"{}\"}} {n}",
                status_label(*status)
            );
        }
    }
    if let Ok(depth) = store.outbox_depth() {
        family(
            out,
            "tandem_outbox_depth",
            "gauge",
            "Messages waiting to be delivered.",
        );
        let _ = writeln!(out, "tandem_outbox_depth {depth}");
    }
    if let Ok(parked) = store.outbox_parked() {
        family(
            out,
            "tandem_outbox_parked",
            "gauge",
            "Messages given up on, visible to leads.",
        );
        let _ = writeln!(out, "tandem_outbox_parked {}", parked.len());
    }
}

fn status_label(status: Status) -> String {
    status.label().replace(' ', "_")
}

/// The directory sync's last result (nothing before the first sync).
fn directory_figures(out: &mut String, store: &(dyn Store + 'static)) {
    let Ok(status) = store.sync_status() else {
        return;
    };
    let Some(attempt) = status.last_attempt else {
        return;
    };
    family(
        out,
        "tandem_directory_last_sync_timestamp_seconds",
        "gauge",
        "When the directory last synced successfully (Unix time).",
    );
    let last_ok = status.last_ok.map_or(0, |at| at.timestamp());
    let _ = writeln!(
        out,
        "tandem_directory_last_sync_timestamp_seconds {last_ok}"
    );
    family(
        out,
        "tandem_directory_last_attempt_timestamp_seconds",
        "gauge",
        "When a directory sync was last tried (Unix time).",
    );
    let _ = writeln!(
        out,
        "tandem_directory_last_attempt_timestamp_seconds {}",
        attempt.timestamp()
    );
    family(
        out,
        "tandem_directory_failing",
        "gauge",
        "1 while directory syncs fail (the last good directory stays), else 0.",
    );
    let _ = writeln!(
        out,
        "tandem_directory_failing {}",
        u8::from(status.failing.is_some())
    );
    family(
        out,
        "tandem_directory_people",
        "gauge",
        "People per team after the last good sync; former members as team=\"former\".",
    );
    let counts = status.counts;
    for (team, n) in [
        ("sales", counts.sales),
        ("marketing", counts.marketing),
        ("former", counts.former),
    ] {
        let _ = writeln!(out, "tandem_directory_people{{team=\"{team}\"}} {n}");
    }
    family(
        out,
        "tandem_directory_last_changes",
        "gauge",
        "What the last good sync changed.",
    );
    for (change, n) in [
        ("joined", counts.joined),
        ("left", counts.left),
        ("moved", counts.moved),
    ] {
        let _ = writeln!(
            out,
            "tandem_directory_last_changes{{change=\"{change}\"}} {n}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    #[test]
    fn figures_render_in_prometheus_text_format() {
        let metrics = Metrics::default();
        metrics.command("ack", "done");
        metrics.command("ack", "done");
        metrics.api_error("slack", "chat.postMessage");
        metrics.ack_latency(Duration::from_millis(3));
        let text = metrics.render(&MemoryStore::new());
        assert!(
            text.contains("tandem_commands_total{command=\"ack\",outcome=\"done\"} 2"),
            "{text}"
        );
        assert!(
            text.contains(
                "tandem_api_errors_total{platform=\"slack\",method=\"chat.postMessage\"} 1"
            )
        );
        assert!(text.contains("tandem_ack_seconds_bucket{le=\"0.0025\"} 0"));
        assert!(text.contains("tandem_ack_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("tandem_open_requests{status=\"in_progress\"} 0"));
        assert!(text.contains("tandem_outbox_depth 0\n"));
    }
}
