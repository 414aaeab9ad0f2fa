"""Prometheus metrics: what the operator graphs and alerts on (docs/operations.md, *Metrics*).

- `mlhire_requests_total{kind,outcome}` and `mlhire_ack_seconds{kind}`: every Slack request the runner
  ran (command, block_actions, view_submission, event_callback, ...), how it ended (ok, refused, repeat,
  or the error's class name) and how long until Slack was acknowledged.
- `mlhire_reminders_total{kind,result}`: reminders claimed as due (`due`) and what came of them (`sent`,
  `failed`, `dropped`: cancelled because their subject moved on, `deferred`: back in the queue for later).
- `mlhire_sweep_seconds` and `mlhire_clock_last_sweep_timestamp_seconds`: each sweep of reminders.
- `mlhire_slack_api_errors_total{method,error}`: Web API calls Slack answered with an error (its code,
  `http_429`, `http_5xx`) or that never reached it (the exception's class name), per attempt.

Under gunicorn each worker is its own process, so the metrics live in prometheus_client's multiprocess
mode: `serve` and `run` point PROMETHEUS_MULTIPROC_DIR at a fresh folder before any worker starts (the
variable must be set before prometheus_client is first imported, which is why nothing here imports it at
module level), and `/metrics` adds up every process's files. The clock started by `run` shares that
folder, so its reminders show on the same page; a clock on a machine of its own serves its metrics on
METRICS_PORT. No label ever holds a person's text or an id.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from types import SimpleNamespace
from urllib.parse import urlparse

from slack_sdk.http_retry import RetryHandler

MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
SWEEP_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def share_between_processes() -> str:
    """PROMETHEUS_MULTIPROC_DIR for this process and its children: the operator's, or a fresh folder."""
    folder = os.environ.get(MULTIPROC) or tempfile.mkdtemp(prefix="mlhire-metrics-")
    os.makedirs(folder, exist_ok=True)
    os.environ[MULTIPROC] = folder
    return folder


@cache
def _metrics() -> SimpleNamespace:
    from prometheus_client import Counter, Gauge, Histogram

    return SimpleNamespace(
        requests=Counter("mlhire_requests", "Slack requests run, by kind and outcome", ("kind", "outcome")),
        ack=Histogram("mlhire_ack_seconds", "Time to Slack's acknowledgement", ("kind",), buckets=ACK_BUCKETS),
        reminders=Counter("mlhire_reminders", "Reminders due and what came of them", ("kind", "result")),
        sweep=Histogram("mlhire_sweep_seconds", "Duration of a sweep of due reminders", buckets=SWEEP_BUCKETS),
        last_sweep=Gauge(
            "mlhire_clock_last_sweep_timestamp_seconds",
            "When a clock last finished a sweep (Unix time)",
            multiprocess_mode="max",
        ),
        slack_errors=Counter(
            "mlhire_slack_api_errors", "Slack Web API calls that failed, by method and error", ("method", "error")
        ),
    )


def request_done(kind: str | None, outcome: str, ack_seconds: float | None) -> None:
    m = _metrics()
    kind = kind or "unknown"
    m.requests.labels(kind, outcome).inc()
    if ack_seconds is not None:
        m.ack.labels(kind).observe(ack_seconds)


def reminders(kind: str, result: str, count: int = 1) -> None:
    if count:
        _metrics().reminders.labels(kind, result).inc(count)


def swept(seconds: float, finished_at: float) -> None:
    m = _metrics()
    m.sweep.observe(seconds)
    m.last_sweep.set(finished_at)


def slack_error(method: str, error: str) -> None:
    _metrics().slack_errors.labels(method, error).inc()


class CountErrors(RetryHandler):
    """Not a retry: slack_sdk asks every retry handler about every answer, so this one is where each failed Web
    API call is counted, whichever client made it (Bolt copies the app client's handlers into the client it
    makes per request). It never asks for a retry; the handlers after it decide that."""

    def can_retry(self, *, state, request, response=None, error=None) -> bool:
        method = urlparse(request.url).path.rsplit("/", 1)[-1] or "unknown"
        if error is not None:
            slack_error(method, type(error).__name__)
        elif response is not None:
            if response.status_code == 429 or response.status_code >= 500:
                slack_error(method, f"http_{response.status_code}")
            elif isinstance(response.body, dict) and response.body.get("ok") is False:
                slack_error(method, str(response.body.get("error") or "unknown")[:64])
        return False

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        return False


def exposition() -> tuple[bytes, str]:
    """The page /metrics serves: every process's metrics in multiprocess mode, this process's otherwise."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    _metrics()  # declared, so a page asked before the first request still lists every metric
    if os.environ.get(MULTIPROC):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def process_gone(pid: int) -> None:
    """gunicorn's child_exit hook: a worker's live gauges stop counting once it is gone."""
    if os.environ.get(MULTIPROC):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)


def serve_on_port(port: int, address: str) -> None:
    """The clock's own /metrics on a private address (METRICS_PORT, METRICS_ADDRESS), in a daemon thread."""
    from prometheus_client import start_http_server

    start_http_server(port, addr=address)
