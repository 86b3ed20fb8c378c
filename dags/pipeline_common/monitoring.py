"""Reads the platform's health from Prometheus' HTTP API and Alertmanager's API v2, and judges it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import requests

QUERIES_VARIABLE = "monitoring_queries"
TIMEOUT_SECONDS = 10


class MonitoringUnavailable(RuntimeError):
    """Prometheus or Alertmanager did not answer as their API promises."""


@dataclass(frozen=True)
class Sample:
    labels: dict[str, str]
    value: float

    @property
    def component(self) -> str:
        """The name a responder knows the series by: its component, else its job, plus the instance."""
        name = self.labels.get("component") or self.labels.get("job") or "unknown"
        instance = self.labels.get("instance")
        return f"{name} ({instance})" if instance else name


@dataclass(frozen=True)
class MonitoringQueries:
    """PromQL the checks run (the stack provides them, matching the monitoring catalog)."""

    health: str
    lag: str
    error_rate: str
    watchdog_alert: str


def parse_queries(raw: str) -> MonitoringQueries:
    values = json.loads(raw)
    keys = {"health": "health", "lag": "lag", "errorRate": "error_rate", "watchdogAlert": "watchdog_alert"}
    missing = [key for key in keys if not isinstance(values.get(key), str) or not values[key]]
    if missing:
        raise ValueError(f"variable {QUERIES_VARIABLE} lacks {', '.join(missing)}")
    return MonitoringQueries(**{field: values[key] for key, field in keys.items()})


def query(prometheus_url: str, promql: str) -> list[Sample]:
    """An instant query; anything but a successful vector result is an error (never an empty, healthy-looking answer)."""
    try:
        response = requests.get(f"{prometheus_url.rstrip('/')}/api/v1/query", params={"query": promql}, timeout=TIMEOUT_SECONDS)
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        raise MonitoringUnavailable(f"Prometheus at {prometheus_url} did not answer the query {promql!r}: {error}") from error
    if response.status_code != 200 or body.get("status") != "success":
        raise MonitoringUnavailable(f"Prometheus rejected {promql!r}: HTTP {response.status_code} {body.get('error', body)}")
    result = body["data"]
    if result.get("resultType") != "vector":
        raise MonitoringUnavailable(f"{promql!r} returned a {result.get('resultType')}, not an instant vector")
    return [Sample(labels=item["metric"], value=float(item["value"][1])) for item in result["result"]]


def components_down(samples: list[Sample]) -> list[str]:
    """Targets whose `up` is 0."""
    return sorted(sample.component for sample in samples if sample.value == 0)


def over_threshold(samples: list[Sample], threshold: float) -> list[str]:
    """Components whose value is above the threshold, with the value (the seed: strictly greater fires)."""
    return sorted(f"{sample.component} at {sample.value:g}" for sample in samples if sample.value > threshold)


def active_alerts(alertmanager_url: str) -> list[dict]:
    """Alerts Alertmanager holds active and neither silenced nor inhibited (API v2)."""
    try:
        response = requests.get(
            f"{alertmanager_url.rstrip('/')}/api/v2/alerts",
            params={"active": "true", "silenced": "false", "inhibited": "false"},
            timeout=TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        alerts = response.json()
    except (requests.RequestException, ValueError) as error:
        raise MonitoringUnavailable(f"Alertmanager at {alertmanager_url} did not list its alerts: {error}") from error
    if not isinstance(alerts, list):
        raise MonitoringUnavailable(f"Alertmanager at {alertmanager_url} answered {alerts!r} instead of a list of alerts")
    return alerts


def summarize_alerts(alerts: list[dict]) -> dict[str, list[str]]:
    """Active alert names by severity."""
    summary: dict[str, list[str]] = {}
    for alert in alerts:
        labels = alert.get("labels", {})
        summary.setdefault(labels.get("severity", "none"), []).append(labels.get("alertname", "?"))
    return {severity: sorted(names) for severity, names in sorted(summary.items())}
