"""Task defaults every pipeline DAG shares: the owning team, exponential retry back-off and a Slack message on failure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pipeline_common.notifications import slack_failure_notifier

OWNER = "data-platform"


def pipeline_default_args(
    *, retries: int, retry_delay: timedelta, max_retry_delay: timedelta, execution_timeout: timedelta
) -> dict[str, Any]:
    """A DAG's ``default_args``: its own retry budget and task timeout, with the shared owner, back-off and notification."""
    return {
        "owner": OWNER,
        "retries": retries,
        "retry_delay": retry_delay,
        "retry_exponential_backoff": True,
        "max_retry_delay": max_retry_delay,
        "execution_timeout": execution_timeout,
        "on_failure_callback": [slack_failure_notifier()],
    }
