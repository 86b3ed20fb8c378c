"""Helpers shared by the pipeline DAGs: thresholds, quality and reconciliation arithmetic, metrics, notifications."""
