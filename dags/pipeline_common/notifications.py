"""Failure notifications of the pipeline DAGs."""

from __future__ import annotations

from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier

SLACK_CONN_ID = "slack_pipeline_alerts"


def slack_failure_notifier() -> SlackWebhookNotifier:
    """Posts the failed task, its run and its log link to the pipeline's Slack channel."""
    return SlackWebhookNotifier(
        slack_webhook_conn_id=SLACK_CONN_ID,
        text=(
            ":red_circle: *{{ dag.dag_id }}* task `{{ ti.task_id }}` failed "
            "(run {{ run_id }}, try {{ ti.try_number }}). <{{ ti.log_url }}|Log>"
        ),
    )
