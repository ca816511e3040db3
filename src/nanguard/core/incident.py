"""The incident model: ``Finding`` and the ``report.json`` schema ``nanguard.incident/1``.

One schema for every adapter. ``Finding.to_dict()`` produces exactly::

    {"schema": "nanguard.incident/1", "step", "epoch", "batch", "trigger", "action",
     "origin": {"phase", "op", "grad_op", "layer", "variable", "input", "rows",
                "file", "line", "function", "code", "inputs", "output",
                "kind"?, "iteration"?},
     "cause", "explanation", "fix", "history"?}

Stats (``inputs``/``output``) are ``{dtype, shape, min, max, n_nan, n_posinf,
n_neginf, n_zero, n_negative}``, computed with NumPy (``tensor_stats``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nanguard.core.causes import CAUSES
from nanguard.core.policy import Trigger

SCHEMA = "nanguard.incident/1"
# ``optimizer``: born in the optimizer's update from finite loss and gradients.
PHASES = ("data", "weights", "forward", "backward", "optimizer")
TRIGGERS = tuple(t.label for t in Trigger if t.label)
ACTIONS = ("skipped", "stopped", "rolled_back", "reported")  # reported: evaluation, no update
ORIGIN_KEYS = (
    "phase", "op", "grad_op", "layer", "variable", "input", "rows",
    "file", "line", "function", "code", "inputs", "output",
)
# Written by every new report; optional when reading, so older reports still load.
# ``kind``: the origin op's canonical kind (``nanguard.core.op_kinds``); ``iteration``:
# the loop indices (outermost first) at which the origin op first produced NaN/Inf.
# ``layer_class``: the class of the layer the op ran in (``GlobalAveragePooling1D``).
OPTIONAL_ORIGIN_KEYS = ("kind", "iteration", "layer_class")
STAT_KEYS = ("dtype", "shape", "min", "max", "n_nan", "n_posinf", "n_neginf", "n_zero",
             "n_negative")


def _num(value: float) -> float | str:
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def tensor_stats(array: Any, dtype: str | None = None) -> dict:
    """Summary statistics of one array: what a person needs to see why an op failed.

    ``dtype`` overrides the dtype name shown, for an adapter that had to widen the
    array first (a framework's bfloat16 tensor that NumPy cannot read directly).
    """
    a = np.asarray(array)
    dtype = dtype or str(a.dtype)
    if a.dtype.kind not in "fc":
        try:
            a = a.astype(np.float64)
        except (TypeError, ValueError):
            return {"dtype": dtype, "shape": list(a.shape), "min": None, "max": None,
                    "n_nan": 0, "n_posinf": 0, "n_neginf": 0, "n_zero": 0, "n_negative": 0}
    if a.dtype.kind == "c":
        a = np.abs(a)
    if a.dtype.itemsize < 4 or dtype == "bfloat16":
        a = a.astype(np.float32)
    finite = a[np.isfinite(a)]
    return {
        "dtype": dtype,
        "shape": [int(s) for s in a.shape],
        "min": _num(finite.min()) if finite.size else None,
        "max": _num(finite.max()) if finite.size else None,
        "n_nan": int(np.isnan(a).sum()),
        "n_posinf": int(np.isposinf(a).sum()),
        "n_neginf": int(np.isneginf(a).sum()),
        "n_zero": int((a == 0).sum()),
        "n_negative": int((a < 0).sum()),
    }


@dataclass
class Origin:
    phase: str
    op: str | None = None
    grad_op: str | None = None
    layer: str | None = None
    variable: str | None = None
    input: str | None = None
    rows: list[int] | None = None
    file: str | None = None
    line: int | None = None
    function: str | None = None
    code: str | None = None
    inputs: list[dict] = field(default_factory=list)
    output: dict | None = None
    kind: str | None = None
    iteration: list[int] | None = None
    layer_class: str | None = None

    def to_dict(self) -> dict:
        return {key: getattr(self, key) for key in ORIGIN_KEYS + OPTIONAL_ORIGIN_KEYS}


@dataclass
class Finding:
    """Where a NaN/Inf was born and why. ``None`` from ``locate`` means all finite.

    Attributes mirror the ``report.json`` schema; ``step``/``epoch``/``batch`` are
    ``None`` for ``nanguard.locate(fn)`` outside a training loop.
    """

    origin: Origin
    cause: str
    explanation: str
    fix: str
    trigger: str = "loss"
    action: str = "skipped"
    step: int | None = None
    epoch: int | None = None
    batch: int | None = None
    history: dict | None = None

    def __post_init__(self):
        if self.cause not in CAUSES:
            raise ValueError(f"unknown cause {self.cause!r}; expected one of {sorted(CAUSES)}")
        if self.origin.phase not in PHASES:
            raise ValueError(f"unknown phase {self.origin.phase!r}; expected one of {PHASES}")

    # Convenience accessors, so `finding.op` reads naturally.
    @property
    def phase(self) -> str:
        return self.origin.phase

    @property
    def op(self) -> str | None:
        return self.origin.op

    @property
    def grad_op(self) -> str | None:
        return self.origin.grad_op

    @property
    def layer(self) -> str | None:
        return self.origin.layer

    @property
    def file(self) -> str | None:
        return self.origin.file

    @property
    def line(self) -> int | None:
        return self.origin.line

    def to_dict(self) -> dict:
        out = {
            "schema": SCHEMA,
            "step": self.step,
            "epoch": self.epoch,
            "batch": self.batch,
            "trigger": self.trigger,
            "action": self.action,
            "origin": self.origin.to_dict(),
            "cause": self.cause,
            "explanation": self.explanation,
            "fix": self.fix,
        }
        if self.history is not None:
            out["history"] = self.history
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        validate_report(data)
        origin = Origin(**{k: data["origin"].get(k)
                           for k in ORIGIN_KEYS + OPTIONAL_ORIGIN_KEYS})
        if origin.inputs is None:
            origin.inputs = []
        return cls(
            origin=origin, cause=data["cause"], explanation=data["explanation"],
            fix=data["fix"], trigger=data["trigger"], action=data["action"],
            step=data["step"], epoch=data["epoch"], batch=data["batch"],
            history=data.get("history"),
        )

    def summary(self) -> str:
        """One line: `phase op (grad_op) in layer at file:line: cause`."""
        from nanguard.core.render import finding_summary

        return finding_summary({"origin": self.origin.to_dict(), "cause": self.cause})


def validate_report(data: Any) -> None:
    """Raise ``ValueError`` naming the first field that breaks the schema."""
    if not isinstance(data, dict):
        raise ValueError("report is not a JSON object")
    if data.get("schema") != SCHEMA:
        raise ValueError(f"field 'schema' is {data.get('schema')!r}, expected {SCHEMA!r}")
    for key in ("step", "epoch", "batch"):
        if key not in data or not (data[key] is None or isinstance(data[key], int)):
            raise ValueError(f"field {key!r} must be an int or null")
    if data.get("trigger") not in TRIGGERS:
        raise ValueError(f"field 'trigger' must be one of {TRIGGERS}")
    if data.get("action") not in ACTIONS:
        raise ValueError(f"field 'action' must be one of {ACTIONS}")
    origin = data.get("origin")
    if not isinstance(origin, dict) or not (
        set(ORIGIN_KEYS) <= set(origin) <= set(ORIGIN_KEYS + OPTIONAL_ORIGIN_KEYS)
    ):
        raise ValueError(f"field 'origin' must have exactly the keys {ORIGIN_KEYS} "
                         f"(and optionally {OPTIONAL_ORIGIN_KEYS})")
    if origin["phase"] not in PHASES:
        raise ValueError(f"field 'origin.phase' must be one of {PHASES}")
    if data.get("cause") not in CAUSES:
        raise ValueError(f"field 'cause' must be one of {sorted(CAUSES)}")
    for key in ("explanation", "fix"):
        if not isinstance(data.get(key), str):
            raise ValueError(f"field {key!r} must be a string")
