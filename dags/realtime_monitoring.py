"""realtime_monitoring: every five minutes, asks Prometheus and Alertmanager whether the pipeline is healthy.

health_check >> performance_check >> alert_check (the seed's order). A check that finds a problem fails its
task and names the components concerned; the thresholds are the platform's (variable ``pipeline_thresholds``,
the numbers the alert rules use), the queries and URLs come from the Airflow stack's variables.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Variable, dag, task
from airflow.sdk.exceptions import AirflowFailException

from pipeline_common.dag_defaults import pipeline_default_args
from pipeline_common.monitoring import (
    QUERIES_VARIABLE,
    active_alerts,
    components_down,
    over_threshold,
    parse_queries,
    query,
    summarize_alerts,
)
from pipeline_common.thresholds import load_thresholds

default_args = pipeline_default_args(
    # One retry for a Prometheus or Alertmanager hiccup; findings fail at once (AirflowFailException).
    retries=1,
    retry_delay=timedelta(seconds=30),
    max_retry_delay=timedelta(minutes=2),
    execution_timeout=timedelta(minutes=2),
)


@dag(
    dag_id="realtime_monitoring",
    schedule=timedelta(minutes=5),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=4),
    default_args=default_args,
    tags=["pipeline", "monitoring"],
    doc_md=__doc__,
)
def realtime_monitoring():
    @task
    def health_check() -> int:
        """Every scrape target up; fails naming the ones that are not."""
        queries = parse_queries(Variable.get(QUERIES_VARIABLE))
        samples = query(Variable.get("prometheus_url"), queries.health)
        if not samples:
            raise AirflowFailException(f"Prometheus reports no targets for {queries.health!r}: nothing is being monitored")
        down = components_down(samples)
        if down:
            raise AirflowFailException(f"components down: {', '.join(down)}")
        return len(samples)

    @task
    def performance_check() -> dict[str, int]:
        """Processing lag and error rate of every component against the platform's thresholds."""
        thresholds = load_thresholds()
        queries = parse_queries(Variable.get(QUERIES_VARIABLE))
        prometheus_url = Variable.get("prometheus_url")
        lag = query(prometheus_url, queries.lag)
        errors = query(prometheus_url, queries.error_rate)
        problems = []
        lagging = over_threshold(lag, thresholds.processing_lag_seconds)
        if lagging:
            problems.append(f"processing lag over {thresholds.processing_lag_seconds:g} s: {', '.join(lagging)}")
        failing = over_threshold(errors, thresholds.error_rate_ratio)
        if failing:
            problems.append(f"error rate over {thresholds.error_rate_ratio:.0%}: {', '.join(failing)}")
        if problems:
            raise AirflowFailException("; ".join(problems))
        return {"lag_series": len(lag), "error_rate_series": len(errors)}

    @task
    def alert_check() -> dict[str, list[str]]:
        """Active alerts by severity; fails only when the alerting path itself is broken (its Watchdog missing)."""
        queries = parse_queries(Variable.get(QUERIES_VARIABLE))
        alerts = active_alerts(Variable.get("alertmanager_url"))
        summary = summarize_alerts(alerts)
        names = {name for names in summary.values() for name in names}
        if queries.watchdog_alert not in names:
            raise AirflowFailException(
                f"the {queries.watchdog_alert} alert is not active in Alertmanager: alerts from Prometheus are not arriving"
            )
        return summary

    health_check() >> performance_check() >> alert_check()


realtime_monitoring()
