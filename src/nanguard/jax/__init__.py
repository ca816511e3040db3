"""nanguard for JAX: an optax wrapper that skips NaN/Inf steps bitwise inside ``jit``.

Example:
    >>> import nanguard.jax as ngj
    >>> tx = ngj.guard(optax.adamw(1e-3), clipnorm=1.0)  # doctest: +SKIP
    >>> updates, opt_state = tx.update(grads, opt_state, params, loss=loss)  # doctest: +SKIP
    >>> params = ngj.apply_updates(params, updates)  # doctest: +SKIP
"""

from __future__ import annotations

from nanguard.jax._apply import apply_updates
from nanguard.jax._guard import GuardedState, find_state, guard, metrics, should_stop
from nanguard.jax._locate import locate
from nanguard.jax._monitor import Monitor

__all__ = [
    "GuardedState",
    "Monitor",
    "apply_updates",
    "find_state",
    "guard",
    "locate",
    "metrics",
    "should_stop",
]
