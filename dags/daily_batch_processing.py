"""daily_batch_processing: the batch layer of the pipeline, once a day.

data_quality_check >> spark_batch_job >> dbt_run >> lambda_reconciliation >> quality_report (the seed's order).

- data_quality_check gates the run on the pipeline database's checks (common-sql check operator);
- spark_batch_job rebuilds the day's aggregates as a SparkApplication on Kubernetes;
- dbt_run transforms them into the warehouse models, in a pod of its own;
- lambda_reconciliation compares the speed layer's (ClickHouse) and batch layer's (Snowflake) aggregates and
  fails above the platform's discrepancy threshold (the seed: 10%);
- quality_report scores the day's records (warning below 95%) and publishes the run's outcome as metrics:
  quality score, discrepancy and last success time, which the freshness and consistency alerts read.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator
from airflow.providers.cncf.kubernetes.secret import Secret
from airflow.providers.common.sql.operators.sql import SQLTableCheckOperator
from airflow.sdk import BaseHook, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowFailException
from kubernetes.client import models as k8s

from pipeline_common.dag_defaults import pipeline_default_args
from pipeline_common.metrics import RECONCILIATION_DISCREPANCY, publish_batch_outcome, publish_gauge
from pipeline_common.quality import quality_degraded, quality_score
from pipeline_common.reconciliation import exceeds, reconcile
from pipeline_common.thresholds import load_thresholds

PIPELINE_DB = "pipeline_postgres"
CLICKHOUSE = "clickhouse_http"
SNOWFLAKE = "snowflake_default"
SPARK = "spark_kubernetes"

default_args = pipeline_default_args(
    retries=3, retry_delay=timedelta(minutes=2), max_retry_delay=timedelta(minutes=30), execution_timeout=timedelta(minutes=30)
)

# Task pods run in a namespace that enforces the restricted Pod Security Standard.
RESTRICTED_POD = k8s.V1PodSecurityContext(run_as_non_root=True, seccomp_profile=k8s.V1SeccompProfile(type="RuntimeDefault"))
RESTRICTED_CONTAINER = k8s.V1SecurityContext(
    allow_privilege_escalation=False, read_only_root_filesystem=True, capabilities=k8s.V1Capabilities(drop=["ALL"])
)


@dag(
    dag_id="daily_batch_processing",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    default_args=default_args,
    tags=["pipeline", "batch", "lambda"],
    doc_md=__doc__,
)
def daily_batch_processing():
    data_quality_check = SQLTableCheckOperator(
        task_id="data_quality_check",
        conn_id=PIPELINE_DB,
        table="raw.orders",
        partition_clause="order_date = '{{ ds }}'",
        checks={
            "orders_arrived": {"check_statement": "COUNT(*) > 0"},
            "keys_present": {"check_statement": "COUNT(*) = COUNT(order_id)"},
            "keys_unique": {"check_statement": "COUNT(*) = COUNT(DISTINCT order_id)"},
            "amounts_not_negative": {"check_statement": "COALESCE(MIN(amount), 0) >= 0"},
        },
        execution_timeout=timedelta(minutes=10),
    )

    spark_batch_job = SparkKubernetesOperator(
        task_id="spark_batch_job",
        kubernetes_conn_id=SPARK,
        namespace="spark",
        application_file="spark/batch_aggregates.yaml",
        delete_on_termination=True,
        execution_timeout=timedelta(hours=2),
    )

    dbt_run = KubernetesPodOperator(
        task_id="dbt_run",
        name="dbt-run",
        namespace="airflow",
        image="{{ var.value.dbt_image }}",
        cmds=["dbt"],
        arguments=["run", "--target", "prod", "--vars", "{run_date: '{{ ds }}'}"],
        # The dbt profile reads the warehouse credentials from this variable (the sealed connection, never rendered here).
        secrets=[Secret("env", "DBT_SNOWFLAKE_CONNECTION", "airflow-connections", "AIRFLOW_CONN_SNOWFLAKE_DEFAULT")],
        security_context=RESTRICTED_POD,
        container_security_context=RESTRICTED_CONTAINER,
        container_resources=k8s.V1ResourceRequirements(
            requests={"cpu": "100m", "memory": "256Mi"}, limits={"cpu": "1", "memory": "512Mi"}
        ),
        get_logs=True,
        on_finish_action="delete_succeeded_pod",
        execution_timeout=timedelta(hours=1),
    )

    @task(execution_timeout=timedelta(minutes=15))
    def lambda_reconciliation() -> float:
        """Speed layer vs batch layer for the day; publishes the discrepancy, then fails above the threshold."""
        context = get_current_context()
        day = context["ds"]
        speed = _clickhouse_aggregates(day)
        batch = _snowflake_aggregates(day)
        result = reconcile(speed, batch)
        publish_gauge(RECONCILIATION_DISCREPANCY, context["dag"].dag_id, result.discrepancy)
        ceiling = load_thresholds().reconciliation_discrepancy_ratio
        if exceeds(result, ceiling):
            raise AirflowFailException(
                f"speed and batch layers disagree by {result.discrepancy:.1%} on {result.worst_metric} for {day} "
                f"(more than {ceiling:.0%}): {result.per_metric}"
            )
        return result.discrepancy

    @task(execution_timeout=timedelta(minutes=15))
    def quality_report(discrepancy: float) -> float:
        """Scores the day's records, warns below the floor, and publishes the run's outcome."""
        context = get_current_context()
        hook = BaseHook.get_connection(PIPELINE_DB).get_hook()
        valid, total = hook.get_first(
            "SELECT COUNT(*) FILTER (WHERE order_id IS NOT NULL AND amount >= 0 AND customer_id IS NOT NULL), COUNT(*) "
            "FROM raw.orders WHERE order_date = %(day)s",
            parameters={"day": context["ds"]},
        )
        score = quality_score(valid, total)
        floor = load_thresholds().data_quality_score_ratio
        if quality_degraded(score, floor):
            # A warning, not a failure: the PipelineDataQualityDegraded alert notifies from the published score.
            context["ti"].log.warning("data quality score %.1f%% is below %.0f%%", score * 100, floor * 100)
        publish_batch_outcome(context["dag"].dag_id, quality_score=score, discrepancy=discrepancy, succeeded_at=time.time())
        return score

    reconciled = lambda_reconciliation()
    data_quality_check >> spark_batch_job >> dbt_run >> reconciled
    quality_report(reconciled)


AGGREGATES_SQL = "SELECT COUNT(*) AS orders, SUM(amount) AS revenue FROM {table} WHERE order_date = '{day}'"


def _clickhouse_aggregates(day: str) -> dict[str, float]:
    """The speed layer's totals for the day, over ClickHouse's HTTP interface."""
    from airflow.providers.http.hooks.http import HttpHook

    response = HttpHook(method="POST", http_conn_id=CLICKHOUSE).run(
        endpoint="/", data=AGGREGATES_SQL.format(table="speed.orders", day=day) + " FORMAT JSON"
    )
    row = response.json()["data"][0]
    return {"orders": float(row["orders"]), "revenue": float(row["revenue"] or 0)}


def _snowflake_aggregates(day: str) -> dict[str, float]:
    """The batch layer's totals for the day, through the Snowflake connection's own hook."""
    hook = BaseHook.get_connection(SNOWFLAKE).get_hook()
    orders, revenue = hook.get_first(AGGREGATES_SQL.format(table="analytics.fct_orders", day=day))
    return {"orders": float(orders), "revenue": float(revenue or 0)}


daily_batch_processing()
