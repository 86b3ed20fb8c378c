"""The batch outcome leaves as the statsd gauges the statsd-exporter maps (dag id in the name)."""

from __future__ import annotations

import socket

from airflow.sdk._shared.observability.metrics import stats
from airflow.sdk.observability.metrics import stats_utils

from pipeline_common.metrics import publish_batch_outcome


def test_publish_batch_outcome_sends_three_gauges(monkeypatch):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        receiver.settimeout(5)
        port = receiver.getsockname()[1]
        monkeypatch.setenv("AIRFLOW__METRICS__STATSD_ON", "True")
        monkeypatch.setenv("AIRFLOW__METRICS__STATSD_HOST", "127.0.0.1")
        monkeypatch.setenv("AIRFLOW__METRICS__STATSD_PORT", str(port))
        stats.initialize(factory=stats_utils.get_stats_factory(), export_legacy_names=True)
        try:
            publish_batch_outcome("daily.batch", quality_score=0.97, discrepancy=0.02, succeeded_at=1795000000)
            lines = sorted(receiver.recv(4096).decode() for _ in range(3))
        finally:
            monkeypatch.setenv("AIRFLOW__METRICS__STATSD_ON", "False")
            stats.initialize(factory=stats_utils.get_stats_factory(), export_legacy_names=True)
    assert lines == [
        "airflow.pipeline.batch_last_success_timestamp.daily__batch:1795000000|g",
        "airflow.pipeline.data_quality_score.daily__batch:0.97|g",
        "airflow.pipeline.reconciliation_discrepancy.daily__batch:0.02|g",
    ]
