"""The seed's thresholds, as the Airflow stack hands them to the DAGs.

The stack exports ``THRESHOLDS`` of ``src/monitoring/catalog/thresholds.ts`` (the numbers the alert rules use)
as the Airflow variable ``pipeline_thresholds``; the DAGs never carry their own copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

VARIABLE = "pipeline_thresholds"


@dataclass(frozen=True)
class Thresholds:
    error_rate_ratio: float
    reconciliation_discrepancy_ratio: float
    processing_lag_seconds: float
    data_quality_score_ratio: float


_FIELDS = {
    "errorRateRatio": "error_rate_ratio",
    "reconciliationDiscrepancyRatio": "reconciliation_discrepancy_ratio",
    "processingLagSeconds": "processing_lag_seconds",
    "dataQualityScoreRatio": "data_quality_score_ratio",
}


def parse_thresholds(raw: str) -> Thresholds:
    """Reads the JSON of ``pipeline_thresholds``; a missing or non-numeric threshold is an error, never a default."""
    values = json.loads(raw)
    missing = [key for key in _FIELDS if not isinstance(values.get(key), (int, float))]
    if missing:
        raise ValueError(f"variable {VARIABLE} lacks numeric thresholds {', '.join(missing)}; it has {sorted(values)}")
    return Thresholds(**{field: float(values[key]) for key, field in _FIELDS.items()})


def load_thresholds() -> Thresholds:
    """The thresholds of this deployment (from ``AIRFLOW_VAR_PIPELINE_THRESHOLDS``)."""
    from airflow.sdk import Variable

    return parse_thresholds(Variable.get(VARIABLE))
