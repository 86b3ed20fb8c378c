"""Publishes a batch run's outcome as statsd gauges, through Airflow's own metrics settings.

The task runner configures Airflow's stats module from ``[metrics]`` (statsd host, port, prefix), so the
gauges reach the same statsd-exporter as Airflow's metrics. The DAG id is part of the name (plain statsd
has no tags); the exporter's mapping turns it into the ``dag_id`` label of ``pipeline_*`` metrics.
"""

from __future__ import annotations

from airflow.sdk.observability import stats

QUALITY_SCORE = "pipeline.data_quality_score"
RECONCILIATION_DISCREPANCY = "pipeline.reconciliation_discrepancy"
LAST_SUCCESS_TIMESTAMP = "pipeline.batch_last_success_timestamp"


def publish_gauge(name: str, dag_id: str, value: float) -> None:
    """Sets gauge ``<name>.<dag_id>``; dots in the DAG id would split the name, so they become ``__`` as Airflow does."""
    stats.gauge(f"{name}.{dag_id.replace('.', '__')}", value)


def publish_batch_outcome(dag_id: str, *, quality_score: float, discrepancy: float, succeeded_at: float) -> None:
    """The three gauges the freshness and consistency alerts read."""
    publish_gauge(QUALITY_SCORE, dag_id, quality_score)
    publish_gauge(RECONCILIATION_DISCREPANCY, dag_id, discrepancy)
    publish_gauge(LAST_SUCCESS_TIMESTAMP, dag_id, succeeded_at)
