"""The arithmetic and decisions of the DAGs, on the platform's real thresholds."""

from __future__ import annotations

import json

import pytest

from pipeline_common.monitoring import Sample, components_down, over_threshold, parse_queries, summarize_alerts
from pipeline_common.quality import quality_degraded, quality_score
from pipeline_common.reconciliation import exceeds, reconcile, relative_discrepancy
from pipeline_common.thresholds import VARIABLE, parse_thresholds


@pytest.fixture(scope="module")
def thresholds(contract):
    return parse_thresholds(contract["variables"][VARIABLE])


def test_thresholds_are_the_seeds(thresholds):
    assert thresholds.reconciliation_discrepancy_ratio == 0.10
    assert thresholds.data_quality_score_ratio == 0.95
    assert thresholds.processing_lag_seconds == 300
    assert thresholds.error_rate_ratio == 0.05


def test_thresholds_missing_a_value_fail_loudly():
    with pytest.raises(ValueError, match="processingLagSeconds"):
        parse_thresholds(
            json.dumps({"errorRateRatio": 0.05, "reconciliationDiscrepancyRatio": 0.1, "dataQualityScoreRatio": 0.95})
        )


@pytest.mark.parametrize(
    ("valid", "total", "score"),
    [(95, 100, 0.95), (0, 10, 0.0), (10, 10, 1.0), (0, 0, 0.0)],
)
def test_quality_score(valid, total, score):
    assert quality_score(valid, total) == pytest.approx(score)


def test_quality_score_rejects_impossible_counts():
    with pytest.raises(ValueError):
        quality_score(11, 10)


def test_quality_degraded_below_the_floor_only(thresholds):
    floor = thresholds.data_quality_score_ratio
    assert quality_degraded(quality_score(94, 100), floor)
    assert not quality_degraded(quality_score(95, 100), floor)


@pytest.mark.parametrize(
    ("speed", "batch", "expected"),
    [(110, 100, 0.10), (90, 100, 0.10), (100, 100, 0.0), (0, 0, 0.0), (5, 0, 1.0), (0, 5, 1.0)],
)
def test_relative_discrepancy(speed, batch, expected):
    assert relative_discrepancy(speed, batch) == pytest.approx(expected)


def test_reconciliation_fails_above_ten_percent_only(thresholds):
    ceiling = thresholds.reconciliation_discrepancy_ratio
    at_ceiling = reconcile({"orders": 1100, "revenue": 1000}, {"orders": 1000, "revenue": 1000})
    assert at_ceiling.discrepancy == pytest.approx(0.10)
    assert not exceeds(at_ceiling, ceiling)
    above = reconcile({"orders": 1000, "revenue": 880}, {"orders": 1000, "revenue": 1000})
    assert above.worst_metric == "revenue"
    assert exceeds(above, ceiling)


def test_an_aggregate_one_layer_lacks_is_fully_discrepant():
    result = reconcile({"orders": 10}, {"orders": 10, "revenue": 5})
    assert result.per_metric == {"orders": 0.0, "revenue": 1.0}


def test_components_down_names_component_or_job_and_instance():
    samples = [
        Sample({"job": "kafka", "instance": "kafka:9308"}, 1),
        Sample({"job": "clickhouse", "instance": "ch:9363"}, 0),
        Sample({"component": "spark", "job": "spark-driver"}, 0),
    ]
    assert components_down(samples) == ["clickhouse (ch:9363)", "spark"]


def test_over_threshold_is_strict(thresholds):
    lag = [Sample({"component": "kafka"}, 300), Sample({"component": "clickhouse"}, 301)]
    assert over_threshold(lag, thresholds.processing_lag_seconds) == ["clickhouse at 301"]


def test_alert_summary_groups_by_severity():
    alerts = [
        {"labels": {"alertname": "Watchdog", "severity": "none"}},
        {"labels": {"alertname": "KafkaDown", "severity": "critical"}},
        {"labels": {"alertname": "HighLag", "severity": "warning"}},
    ]
    assert summarize_alerts(alerts) == {"critical": ["KafkaDown"], "none": ["Watchdog"], "warning": ["HighLag"]}


def test_monitoring_queries_come_complete(contract):
    queries = parse_queries(contract["variables"]["monitoring_queries"])
    assert queries.health == "up"
    with pytest.raises(ValueError, match="errorRate"):
        parse_queries(json.dumps({"health": "up", "lag": "x", "watchdogAlert": "Watchdog"}))
