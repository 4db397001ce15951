"""Performance standards: RAG status of a value against a target, and which standard applies.

A standard can be set for the whole organisation, a site, a team or a queue, and changes over
time; the most specific standard in force on a day is the one that counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from floorwalk.engine.metrics import Direction


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"  # no standard, or no value to judge


class Level(IntEnum):
    """Where a standard is set; a more specific level has a higher number."""

    ORGANISATION = 0
    SITE = 1
    TEAM = 2
    QUEUE = 3


@dataclass(frozen=True)
class Threshold:
    """Green at or beyond `target`; amber within `amber_band` short of it; red beyond that."""

    target: float
    amber_band: float
    direction: Direction

    def __post_init__(self) -> None:
        if not math.isfinite(self.target):
            raise ValueError(f"target must be a finite number, not {self.target}")
        if not (math.isfinite(self.amber_band) and self.amber_band >= 0):
            raise ValueError(f"amber band must be zero or more, not {self.amber_band}")


def status(value: float | None, threshold: Threshold | None) -> Status:
    """The RAG status of `value` against `threshold` (NONE without either)."""
    if value is None or threshold is None:
        return Status.NONE
    target, band = threshold.target, threshold.amber_band
    if threshold.direction is Direction.HIGHER:
        if value >= target:
            return Status.GREEN
        return Status.AMBER if value >= target - band else Status.RED
    if value <= target:
        return Status.GREEN
    return Status.AMBER if value <= target + band else Status.RED


@dataclass(frozen=True)
class StandardCandidate:
    """A standard set at `level`, in force from `valid_from` until a later one replaces it."""

    level: Level
    valid_from: date
    threshold: Threshold


def most_specific(candidates: Iterable[StandardCandidate], on: date) -> StandardCandidate | None:
    """The standard in force `on` a day: the most specific level wins, and within a level
    the latest `valid_from` not after the day. None if no candidate has started yet."""
    in_force = [c for c in candidates if c.valid_from <= on]
    if not in_force:
        return None
    return max(in_force, key=lambda c: (c.level, c.valid_from))
