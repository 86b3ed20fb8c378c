"""Lambda reconciliation: how far the speed layer's aggregates are from the batch layer's."""

from __future__ import annotations

from dataclasses import dataclass


def relative_discrepancy(speed: float, batch: float) -> float:
    """|speed − batch| relative to the batch layer (the system of record); both zero agree, one zero is 100% off."""
    if speed == batch:
        return 0.0
    if batch == 0:
        return 1.0
    return abs(speed - batch) / abs(batch)


@dataclass(frozen=True)
class Reconciliation:
    per_metric: dict[str, float]

    @property
    def worst_metric(self) -> str:
        return max(self.per_metric, key=lambda name: self.per_metric[name])

    @property
    def discrepancy(self) -> float:
        return self.per_metric[self.worst_metric]


def reconcile(speed: dict[str, float], batch: dict[str, float]) -> Reconciliation:
    """Compares each aggregate both layers report; one that a layer lacks counts as fully discrepant."""
    names = sorted(set(speed) | set(batch))
    if not names:
        raise ValueError("no aggregates to reconcile")
    per_metric = {
        name: relative_discrepancy(speed[name], batch[name]) if name in speed and name in batch else 1.0 for name in names
    }
    return Reconciliation(per_metric)


def exceeds(reconciliation: Reconciliation, ceiling: float) -> bool:
    """Above the ceiling fails the run (the seed: more than 10%); exactly at it passes."""
    return reconciliation.discrepancy > ceiling
