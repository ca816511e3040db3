"""Input handling shared by the losses."""

from __future__ import annotations

from typing import Any

from nanguard.numerics._inputs import Inputs, float_inputs
from nanguard.numerics._loss_api import check_same_shape

__all__ = ["loss_inputs", "mean_last"]


def loss_inputs(function: str, y_true: Any, y_pred: Any, same_shape: bool = True) -> Inputs:
    """Check ``y_pred`` is floating point, cast ``y_true`` to it, check shapes.

    The compute dtype is float32 for 16-bit predictions (so the loss is
    accumulated and returned in float32), else the prediction's dtype.
    Thresholds come from the prediction's dtype. ``y_true`` may be integer or
    boolean (labels); it is cast.
    """
    inp = float_inputs(function, ("y_pred", y_pred), ("y_true", y_true), labels=("y_true",))
    if same_shape:
        check_same_shape(function, inp.xp, inp.arrays[1], inp.arrays[0])
    return inp


def mean_last(inp: Inputs, values: Any) -> Any:
    """Mean over the last axis, dividing before summing so the sum cannot overflow."""
    xp = inp.xp
    return xp.sum(values / xp.size_along(values, -1, inp.compute), axis=-1)
