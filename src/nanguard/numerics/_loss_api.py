"""How a nanguard loss is called: as a function, or configured for ``model.compile``.

Every loss is one function ``loss(y_true, y_pred, **options)`` returning the
per-sample loss (the last axis reduced). Decorated with :func:`loss_function`,
calling it *without* the two tensors returns a :class:`ConfiguredLoss`, a plain
callable ``(y_true, y_pred)`` with a ``__name__``, which Keras wraps in its own
``LossFunctionWrapper`` (reduction, sample weights, mixed precision) in
``model.compile(loss=...)``. No framework class is subclassed, so the same loss
works for any backend the array layer supports::

    nanguard.losses.huber(y_true, y_pred, delta=2.0)          # per-sample tensor
    model.compile(loss=nanguard.losses.huber(delta=2.0))      # configured callable
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from nanguard.errors import InvalidArgumentError
from nanguard.numerics._inputs import check_option

__all__ = ["ConfiguredLoss", "loss_function", "check_same_shape"]

_MISSING: Any = object()

# Option name -> rule checked when the loss is configured and when it is called.
_OPTION_RULES = {
    "delta": "positive",
    "margin": "non-negative",
    "gamma": "non-negative",
    "smooth": "non-negative",
    "var_floor": "positive",
    "eps": "positive",
}


class ConfiguredLoss:
    """A loss with its options bound: ``loss(y_true, y_pred)`` -> per-sample loss.

    Attributes:
        fn: the loss function.
        options: the bound keyword options.
    """

    def __init__(self, fn: Callable[..., Any], options: dict[str, Any]):
        self.fn = fn
        self.options = dict(options)
        self.__name__ = fn.__name__
        self.__doc__ = fn.__doc__

    def __call__(self, y_true: Any, y_pred: Any) -> Any:
        return self.fn(y_true, y_pred, **self.options)

    def get_config(self) -> dict[str, Any]:
        return {"name": self.__name__, **self.options}

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        return f"nanguard.losses.{self.__name__}({opts})"


def _check_options(name: str, signature: inspect.Signature, options: dict[str, Any]) -> None:
    for key, value in options.items():
        if key not in signature.parameters or key in ("y_true", "y_pred"):
            allowed = sorted(p for p in signature.parameters if p not in ("y_true", "y_pred"))
            raise TypeError(f"{name}() got an unexpected option `{key}`; options are {allowed}.")
        rule = _OPTION_RULES.get(key)
        if rule is not None and value is not None:
            check_option(name, key, value, rule)
        if key == "alpha" and value is not None:
            check_option(name, key, value, "unit")


def loss_function(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate ``fn(y_true, y_pred, **options)`` so it can also be configured first."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def loss(y_true: Any = _MISSING, y_pred: Any = _MISSING, **options: Any) -> Any:
        _check_options(fn.__name__, signature, options)
        if y_true is _MISSING and y_pred is _MISSING:
            return ConfiguredLoss(fn, options)
        if y_true is _MISSING or y_pred is _MISSING:
            raise TypeError(
                f"{fn.__name__}() takes both `y_true` and `y_pred` (to compute the loss) "
                "or neither (to configure it for `model.compile`)."
            )
        return fn(y_true, y_pred, **options)

    return loss


def _static(shape: Any) -> tuple:
    return tuple(None if d is None else int(d) for d in shape)


def check_same_shape(function: str, xp: Any, y_true: Any, y_pred: Any) -> None:
    """Raise unless ``y_true`` and ``y_pred`` have the same (statically known) shape.

    Broadcasting a ``(N,)`` target against a ``(N, 1)`` prediction silently gives
    an ``(N, N)`` loss; this refuses it. Unknown (``None``) dimensions pass.

    Raises:
        InvalidArgumentError: ranks differ or a known dimension differs.
    """
    true_shape, pred_shape = _static(xp.shape(y_true)), _static(xp.shape(y_pred))
    same = len(true_shape) == len(pred_shape) and all(
        a is None or b is None or a == b for a, b in zip(true_shape, pred_shape, strict=True)
    )
    if not same:
        raise InvalidArgumentError(
            "y_true",
            f"shape {true_shape}",
            f"the same shape as `y_pred` {pred_shape}",
            hint=(
                f"({function}) Broadcasting would change the loss's meaning (a (N,) target "
                "against a (N, 1) prediction gives an (N, N) loss). Reshape one of them, "
                "e.g. `tf.reshape(y_true, tf.shape(y_pred))`."
            ),
        )
