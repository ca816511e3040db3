"""``nanguard.locate(fn, *args, **kwargs)``: where did the NaN/Inf come from?"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.incident import Finding
from nanguard.core.localize import finding_from_trace


def _layer_names(fn: Any, *args: Any, **kwargs: Any) -> set[str]:
    """Names of the Keras layers ``fn`` can reach: itself, its bound object, its
    arguments, its closure and the globals it names (a plain ``loss_fn`` closure over
    ``model`` is the usual custom-loop shape)."""
    candidates: list[Any] = [fn, getattr(fn, "__self__", None), *args, *kwargs.values()]
    code = getattr(fn, "__code__", None)
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            candidates.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    if code is not None:
        scope = getattr(fn, "__globals__", {})
        candidates.extend(scope[n] for n in code.co_names if n in scope)
    names: set[str] = set()
    for owner in candidates:
        layers = getattr(owner, "_flatten_layers", None)
        if callable(layers) and not isinstance(owner, type):
            for layer in layers(include_self=True):
                names.add(layer.name)
    return names


def locate(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Finding | None:
    """Replay ``fn`` with per-op instrumentation and name the first NaN/Inf.

    Prevents guessing which of hundreds of ops produced a NaN, in the forward
    or the backward pass. ``fn`` runs under a ``tf.GradientTape``; gradients are
    taken with respect to the trainable variables it reads. Costs one traced
    call; nothing is changed.

    Args:
        fn: a function returning a scalar floating loss.
        *args: passed to ``fn``.
        **kwargs: passed to ``fn``.

    Returns:
        A :class:`nanguard.Finding` (``step``/``epoch``/``batch`` are ``None``),
        or ``None`` when the loss and every gradient are finite.

    Raises:
        TypeError: ``fn`` returned a non-scalar or non-float value.

    Example:
        >>> finding = nanguard.locate(lambda: my_loss(y, model(x)))  # doctest: +SKIP
        >>> print(finding.op, finding.line, finding.cause)  # doctest: +SKIP
    """
    if not callable(fn):
        raise TypeError(f"nanguard.locate: `fn` must be callable; got {type(fn).__name__}.")

    def compute():
        with tf.GradientTape(watch_accessed_variables=True) as inner:
            loss = fn(*args, **kwargs)
        _check_loss(loss)
        return loss, [v for v in inner.watched_variables() if v.trainable]

    from nanguard.tf.trace import trace_computation

    trace, _ = trace_computation(compute, layer_names=_layer_names(fn, *args, **kwargs))
    return finding_from_trace(trace, trigger=_trigger(trace))


def locate_value(fn: Callable[..., Any], *args: Any, trigger: str = "hyperparameter",
                 **kwargs: Any) -> Finding | None:
    """Replay ``fn(*args, **kwargs)`` op by op and name the op that made its result non-finite.

    For a value that is not a loss, such as a learning rate computed by a schedule:
    no gradient is taken, the (NaN/Inf) result itself is what is explained.

    Args:
        fn: any TensorFlow computation returning a tensor (or a nest of tensors).
        *args: passed to ``fn``.
        trigger: the finding's ``trigger`` (``"learning_rate"``, ``"hyperparameter"``).
        **kwargs: passed to ``fn``.

    Returns:
        A :class:`nanguard.Finding`, or ``None`` when the result is finite or no op
        produced its NaN/Inf (a non-finite constant passed in as it is).

    Example:
        >>> schedule = lambda step: 0.1 * tf.math.rsqrt(tf.cast(step, tf.float32))
        >>> locate_value(schedule, 0, trigger="learning_rate").cause  # doctest: +SKIP
        'div_by_zero'
    """
    if not callable(fn):
        raise TypeError(f"nanguard.locate_value: `fn` must be callable; got {type(fn).__name__}.")
    from nanguard.tf.trace import trace_value

    trace = trace_value(lambda: fn(*args, **kwargs),
                        layer_names=_layer_names(fn, *args, **kwargs))
    return finding_from_trace(trace, trigger=trigger)


def learning_rate_fn(learning_rate: Any, step: Any) -> Callable[[], Any] | None:
    """A zero-argument function computing the learning rate at ``step``, or ``None``.

    ``learning_rate`` is a Keras optimizer (its learning rate is read), a
    ``LearningRateSchedule`` (called with ``step``) or a zero-argument callable;
    a plain number or variable has no op to blame, so gives ``None``.
    """
    lr = getattr(learning_rate, "_learning_rate", learning_rate)
    if not callable(lr) or isinstance(lr, tf.Variable):
        return None
    try:
        takes_step = bool(inspect.signature(lr).parameters)
    except (TypeError, ValueError):
        takes_step = True
    return (lambda: lr(tf.convert_to_tensor(step))) if takes_step else lr


def locate_learning_rate(learning_rate: Any, step: Any) -> Finding | None:
    """Name the op and line of a learning-rate schedule that gave NaN/Inf at ``step``.

    Args:
        learning_rate: a Keras optimizer (its learning rate is read), a
            ``LearningRateSchedule`` (called with ``step``) or a zero-argument callable.
        step: the optimizer step (``optimizer.iterations``) of the failed update.

    Returns:
        The finding (``trigger="learning_rate"``), or ``None`` when the rate is finite or
        a plain non-finite number with no op behind it.
    """
    fn = learning_rate_fn(learning_rate, step)
    return None if fn is None else locate_value(fn, trigger="learning_rate")


def _trigger(trace: dict) -> str:
    stats = trace["stats"].get(trace.get("loss") or "")
    if stats and stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]:
        return "loss"
    return "gradients"


def _check_loss(loss: Any) -> None:
    if not tf.is_tensor(loss):
        if isinstance(loss, (float, np.floating)):
            raise TypeError(
                "nanguard.locate: `fn` returned a Python float "
                f"({loss!r}), which has no gradient; return a scalar tensor."
            )
        raise TypeError(
            f"nanguard.locate: `fn` must return a scalar float tensor; it returned "
            f"{type(loss).__name__}."
        )
    if not loss.dtype.is_floating:
        raise TypeError(
            f"nanguard.locate: `fn` must return a float loss; it returned dtype {loss.dtype.name}."
        )
    if loss.shape.rank is None or loss.shape.rank > 0:
        raise TypeError(
            f"nanguard.locate: `fn` must return a scalar loss; it returned shape "
            f"{loss.shape}. Reduce it first, e.g. with tf.reduce_mean."
        )
