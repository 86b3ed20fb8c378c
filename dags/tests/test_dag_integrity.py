"""The DAGs import cleanly and are shaped exactly as the seed specifies."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from pipeline_common.notifications import SLACK_CONN_ID

SEED_ORDER = {
    "daily_batch_processing": ["data_quality_check", "spark_batch_job", "dbt_run", "lambda_reconciliation", "quality_report"],
    "realtime_monitoring": ["health_check", "performance_check", "alert_check"],
}


def edges(dag) -> set[tuple[str, str]]:
    return {(task.task_id, downstream) for task in dag.tasks for downstream in task.downstream_task_ids}


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}


def test_exactly_the_pipeline_dags(dagbag):
    assert sorted(dagbag.dag_ids) == sorted(SEED_ORDER)


def test_only_dag_files_are_parsed(dagbag):
    """.airflowignore keeps the helpers and this suite out of the DAG processor (git-sync ships the whole folder)."""
    assert sorted(Path(stat.file).name for stat in dagbag.dagbag_stats) == ["daily_batch_processing.py", "realtime_monitoring.py"]


@pytest.mark.parametrize("dag_id", sorted(SEED_ORDER))
def test_task_graph_is_the_seed_chain(dagbag, dag_id):
    order = SEED_ORDER[dag_id]
    dag = dagbag.dags[dag_id]
    assert sorted(task.task_id for task in dag.tasks) == sorted(order)
    assert edges(dag) == set(zip(order, order[1:], strict=False))


def test_daily_batch_schedule(dagbag):
    dag = dagbag.dags["daily_batch_processing"]
    assert dag.schedule == "@daily"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert set(dag.tags) == {"pipeline", "batch", "lambda"}


def test_realtime_monitoring_schedule(dagbag):
    dag = dagbag.dags["realtime_monitoring"]
    assert dag.schedule == timedelta(minutes=5)
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.dagrun_timeout < timedelta(minutes=5), "a run must end before the next one is due"
    assert set(dag.tags) == {"pipeline", "monitoring"}


@pytest.mark.parametrize("dag_id", sorted(SEED_ORDER))
def test_every_task_retries_with_backoff_times_out_and_notifies(dagbag, dag_id):
    for task in dagbag.dags[dag_id].tasks:
        assert task.retries >= 1, task.task_id
        assert task.retry_exponential_backoff, task.task_id
        assert task.max_retry_delay is not None, task.task_id
        assert task.execution_timeout is not None and task.execution_timeout <= timedelta(hours=2), task.task_id
        notifiers = task.on_failure_callback
        assert [n.slack_webhook_conn_id for n in notifiers] == [SLACK_CONN_ID], task.task_id


def test_batch_retries_are_generous_and_timeouts_fit_the_day(dagbag):
    dag = dagbag.dags["daily_batch_processing"]
    assert all(task.retries == 3 for task in dag.tasks)
    worst_case = sum((task.execution_timeout for task in dag.tasks), timedelta())
    assert worst_case <= dag.dagrun_timeout <= timedelta(hours=24)


def test_dbt_pod_meets_the_restricted_pod_security_standard(dagbag):
    dbt = dagbag.dags["daily_batch_processing"].get_task("dbt_run")
    assert dbt.security_context.run_as_non_root is True
    assert dbt.security_context.seccomp_profile.type == "RuntimeDefault"
    container = dbt.container_security_context
    assert container.allow_privilege_escalation is False
    assert container.capabilities.drop == ["ALL"]
    assert dbt.container_resources.limits and dbt.container_resources.requests
