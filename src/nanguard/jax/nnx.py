"""Flax NNX: ``nanguard.jax.nnx.Optimizer``, an ``nnx.Optimizer`` whose skip changes nothing.

``nnx.Optimizer(model, nanguard.jax.guard(tx), wrt=nnx.Param)`` already works:
``optimizer.update(model, grads, loss=loss)`` forwards the loss to the guard.
But ``nnx.Optimizer.update`` applies the updates with ``optax.apply_updates``
(``p + (-0.0)`` flushes a subnormal parameter to 0 on CPU) and counts ``step``
even on a skipped step. This subclass applies them with
``nanguard.jax.apply_updates`` on the guard's ``applied`` flag and advances
``step`` only when the update was applied, so a skipped step leaves the
model's parameters, the optimizer state and the step counter bit for bit.

Example:
    >>> from nanguard.jax.nnx import Optimizer  # doctest: +SKIP
    >>> tx = nanguard.jax.guard(optax.adamw(1e-3))  # doctest: +SKIP
    >>> opt = Optimizer(model, tx, wrt=nnx.Param)  # doctest: +SKIP
    >>> opt.update(model, grads, loss=loss)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from flax import nnx

from nanguard.errors import InvalidArgumentError
from nanguard.jax._apply import apply_updates
from nanguard.jax._guard import find_state, metrics

__all__ = ["Optimizer"]


class Optimizer(nnx.Optimizer):
    """``nnx.Optimizer`` for a ``nanguard.jax.guard``-ed transformation (bitwise skips).

    Args:
        model: the NNX model.
        tx: a transformation returned by :func:`nanguard.jax.guard`.
        wrt: the variables to optimize (e.g. ``nnx.Param``).

    Raises:
        InvalidArgumentError: ``tx`` is not guarded.
    """

    def __init__(self, model: Any, tx: Any, *, wrt: Any, **kwargs: Any):
        super().__init__(model, tx, wrt=wrt, **kwargs)
        try:
            find_state(nnx.as_pure(self.opt_state))
        except InvalidArgumentError:
            raise InvalidArgumentError(
                "tx", tx, "a transformation from nanguard.jax.guard(...)",
                hint="Wrap it: Optimizer(model, nanguard.jax.guard(optax.adamw(1e-3)), wrt=...).",
            ) from None

    def update(self, model: Any, grads: Any, /, **kwargs: Any) -> Any:
        """Guarded ``tx.update`` then a bitwise apply; ``step`` counts applied updates only."""
        params = nnx.as_pure(nnx.state(model, self.wrt, graph=self.graph))
        grad_arrays = nnx.as_pure(nnx.state(grads, self.wrt, graph=self.graph))
        opt_state = nnx.as_pure(self.opt_state)
        updates, new_opt_state = self.tx.update(grad_arrays, opt_state, params,
                                                **nnx.as_pure(kwargs))
        new_params = apply_updates(params, updates, new_opt_state)
        nnx.update(model, new_params)
        nnx.update(self.opt_state, nnx.state(new_opt_state, graph=self.graph))
        applied = find_state(new_opt_state).applied
        self.step[...] += applied.astype(self.step[...].dtype)
        return updates

    def metrics(self) -> dict:
        """``nanguard.jax.metrics`` of this optimizer's state (return it from the step)."""
        return metrics(nnx.as_pure(self.opt_state))
