"""How sure a finding is: the levels ``--min-confidence`` filters on."""

from __future__ import annotations

import enum

__all__ = ["DEFAULT_MIN_CONFIDENCE", "Confidence"]


class Confidence(enum.IntEnum):
    """How sure a finding is; ``--min-confidence`` keeps findings at or above it."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @classmethod
    def parse(cls, value: str | Confidence) -> Confidence:
        if isinstance(value, Confidence):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            from nanguard.errors import InvalidArgumentError

            raise InvalidArgumentError(
                "min_confidence", value, "one of low, medium, high"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


#: The default of ``--min-confidence``: findings backed by evidence.
DEFAULT_MIN_CONFIDENCE = Confidence.MEDIUM
