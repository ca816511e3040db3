"""Argument checking shared by the safe ops and losses.

:func:`float_inputs` turns the caller's arguments into arrays of one backend and
one *compute* dtype, after checking that they are floating point; the returned
:class:`Inputs` remembers the input dtype so results can be cast back and
thresholds can be taken from the input dtype's limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nanguard.errors import InvalidArgumentError, InvalidDTypeError
from nanguard.numerics._xp import FINFO, Finfo, compute_dtype_name, namespace

__all__ = ["Inputs", "float_inputs", "resolve_eps", "check_option"]

_RANK = {"float16": 0, "bfloat16": 0, "float32": 1, "float64": 2}


@dataclass
class Inputs:
    """Arrays ready for computation.

    Attributes:
        xp: the backend.
        dtype: the input dtype's name (the widest float among the arguments).
        compute: the dtype the arrays were cast to (float32 for 16-bit inputs).
        fi: the input dtype's :class:`Finfo` -- thresholds come from here.
        arrays: the arguments, in order, cast to ``compute`` (``None`` stays ``None``).
    """

    xp: Any
    dtype: str
    compute: str
    fi: Finfo
    arrays: list

    def const(self, value: float) -> Any:
        """A scalar constant in the compute dtype."""
        return self.xp.asarray(value, self.compute)

    def out(self, y: Any) -> Any:
        """Cast a result back to the input dtype."""
        return self.xp.cast(y, self.dtype)


def _widest(names: list[str]) -> str:
    if "float16" in names and "bfloat16" in names:
        return max(["float32", *names], key=_RANK.__getitem__)
    return max(names, key=_RANK.__getitem__)


def float_inputs(function: str, *named: tuple[str, Any], labels: tuple[str, ...] = ()) -> Inputs:
    """Check and convert arguments given as ``(name, value)`` pairs.

    Args:
        function: the public function's name, for error messages.
        *named: ``(argument name, value)``; a value of ``None`` is passed through.
        labels: argument names that may be integer or boolean (targets); they are
            cast to the compute dtype instead of being rejected, and do not take
            part in choosing the dtype (targets follow the predictions).

    Raises:
        InvalidDTypeError: an argument (not in ``labels``) has a non-float dtype.
    """
    values = [v for _, v in named if v is not None]
    xp = namespace(*values)
    converted: list[Any] = []
    float_names: list[str] = []
    for name, value in named:
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            converted.append(value)  # Python numbers adopt the arrays' dtype below
            continue
        array = xp.asarray(value)
        dtype = xp.dtype_name(array)
        if dtype in FINFO and name not in labels:
            float_names.append(dtype)  # targets follow the predictions' dtype
        elif dtype not in FINFO and name not in labels:
            raise InvalidDTypeError(name, dtype, function)
        converted.append(array)
    if not float_names:
        scalars = [(n, v) for (n, _), v in zip(named, converted, strict=True) if v is not None]
        floats = [v for _, v in scalars if isinstance(v, float)]
        if not floats:
            name, value = scalars[0]
            raise InvalidDTypeError(name, xp.dtype_name(xp.asarray(value)), function)
        float_names.append("float32" if xp.name != "numpy" else "float64")
    dtype = _widest(float_names)
    compute = compute_dtype_name(dtype)
    arrays = [None if v is None else xp.cast(xp.asarray(v, compute), compute) for v in converted]
    return Inputs(xp=xp, dtype=dtype, compute=compute, fi=FINFO[dtype], arrays=arrays)


def resolve_eps(eps: float | None, default: float, function: str, name: str = "eps") -> float:
    """Return ``eps`` (or ``default`` when ``None``) after checking it is positive.

    Raises:
        InvalidArgumentError: ``eps`` is not a positive, finite number.
    """
    if eps is None:
        return default
    check_option(function, name, eps, "positive")
    return float(eps)


def check_option(function: str, name: str, value: Any, rule: str) -> None:
    """Validate a numeric option: ``rule`` is "positive", "non-negative" or "unit".

    Raises:
        InvalidArgumentError: the value breaks the rule.
    """
    allowed = {
        "positive": "a positive finite number",
        "non-negative": "a non-negative finite number",
        "unit": "a number in [0, 1]",
    }[rule]
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        v = float(value)
        ok = v == v and abs(v) != float("inf")
        ok = ok and {"positive": v > 0, "non-negative": v >= 0, "unit": 0 <= v <= 1}[rule]
    if not ok:
        raise InvalidArgumentError(name, value, allowed, hint=f"(in {function})")
