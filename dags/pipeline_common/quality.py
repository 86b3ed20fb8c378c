"""Data quality score and the decision on it."""

from __future__ import annotations


def quality_score(valid_rows: int, total_rows: int) -> float:
    """Share of the day's records that pass every validity rule (0–1).

    No records at all scores 0: an empty day is not a clean one.
    """
    if valid_rows < 0 or total_rows < 0 or valid_rows > total_rows:
        raise ValueError(f"inconsistent counts: {valid_rows} valid of {total_rows}")
    return valid_rows / total_rows if total_rows else 0.0


def quality_degraded(score: float, floor: float) -> bool:
    """Below the floor is degraded; exactly at it is not (the alert rule uses the same strict comparison)."""
    return score < floor
