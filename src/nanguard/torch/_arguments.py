"""Argument checks of the torch ``Guard``: bad input fails at the call, naming what was wrong.

Kept apart from the guard's step logic: these run once at construction (and
once per step for the loss and the "backward ran" check), and every message
names the argument, the value and what is allowed.
"""

from __future__ import annotations

import weakref
from typing import Any

import torch

from nanguard.errors import InvalidArgumentError

__all__ = ["check_backward_ran", "check_int", "check_loss", "check_owned", "grad_versions"]


def check_int(name: str, value: Any, minimum: int) -> int:
    """``value`` when it is an int (not a bool) ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidArgumentError(name, value, f"an int >= {minimum}")
    return value


def check_owned(model: torch.nn.Module, optimizer: torch.optim.Optimizer) -> None:
    """The optimizer must own some of the model's trainable parameters (else nothing is guarded)."""
    owned = {id(p) for g in optimizer.param_groups for p in g["params"]}
    trainable = [p for p in model.parameters() if p.requires_grad]
    if trainable and not any(id(p) in owned for p in trainable):
        raise InvalidArgumentError(
            "optimizer", type(optimizer).__name__,
            "an optimizer built over the model's parameters",
            hint="It owns none of them: build it as `torch.optim.AdamW(model.parameters())`.",
        )


def check_loss(loss: Any) -> None:
    """The loss must be the scalar float tensor ``backward`` ran on."""
    if not isinstance(loss, torch.Tensor):
        raise InvalidArgumentError("loss", type(loss).__name__, "a scalar torch.Tensor",
                                   hint="Pass the tensor `backward()` ran on.")
    if loss.numel() != 1:
        raise InvalidArgumentError("loss", f"tensor of shape {tuple(loss.shape)}",
                                   "a scalar (one element)",
                                   hint="Reduce it first, e.g. `loss.mean()`.")
    if not (loss.is_floating_point() or loss.is_complex()):
        raise InvalidArgumentError("loss", f"tensor of dtype {loss.dtype}", "a float tensor")


def grad_versions(params: list) -> list:
    """What :func:`check_backward_ran` compares at the next step: each gradient and its version."""
    return [(weakref.ref(p.grad), p.grad._version) for p in params]


def check_backward_ran(params: list, previous: list | None) -> None:
    """Some parameter has a gradient, written since the last step (``previous``).

    Why: stepping twice on the same gradients applies one batch twice, silently.
    """
    if not params:
        raise InvalidArgumentError(
            "guard.step", "no parameter has a gradient",
            "called after loss.backward()",
            hint="Call `loss.backward()` before `guard.step(loss, batch)`.",
        )
    # Same gradient objects (alive, not just the same id) at the same version:
    # nothing wrote them since the last step.
    if previous is not None and len(previous) == len(params) and all(
        ref() is p.grad and version == p.grad._version
        for (ref, version), p in zip(previous, params)
    ):
        raise InvalidArgumentError(
            "guard.step", "the gradients of the previous step",
            "called once per loss.backward()",
            hint="No backward ran since the last guard.step: call `loss.backward()` first.",
        )
