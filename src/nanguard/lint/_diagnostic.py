"""The :class:`Diagnostic` record every rule produces."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding: where it is, which rule, what is wrong and how to fix it.

    ``line`` and ``col`` are 1-based (``col`` counts UTF-8 bytes, like ``ast``),
    so ``path:line:col`` opens the spot in any editor.

    Example:
        >>> d = Diagnostic("loss.py", 3, 9, "NG101", "`tf.math.log` of ...", "Use safe_log")
        >>> d.location
        'loss.py:3:9'
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    fix_title: str | None = None
    #: ``"high"``, ``"medium"`` or ``"low"``: how strong the evidence is (see
    #: :mod:`nanguard.lint.evidence`).
    confidence: str = "high"
    #: The kind of evidence that fired the rule (``"relu or other non-negative op"``),
    #: with the facts that lowered it in brackets; its grade is calibrated per kind
    #: (see :mod:`nanguard.lint.calibration`).
    evidence: str = ""

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
