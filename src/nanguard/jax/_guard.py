"""``nanguard.jax.guard``: an optax wrapper that skips a NaN/Inf step bitwise inside ``jit``.

``optax.apply_if_finite`` checks the updates only (a NaN loss with finite
gradients is applied), selects with ``lax.cond`` (on GPU the predicate is
copied to the host every step, and the branch cannot fuse with the update),
returns ``+0.0`` updates on a skip (``p + 0.0`` turns a ``-0.0`` parameter
into ``+0.0``) and, after ``max_consecutive_errors``, applies the NaN update.

This wrapper runs the shared decision (``nanguard.core.policy.decide``) on a
``jax.numpy`` namespace:

1. one float32 sum of squares over every gradient leaf (NaN/Inf propagate
   through it, and a norm beyond the float32 range counts as non-finite);
2. ``decide`` on the loss and that sum: finite, optional spike, clip scale;
3. gradients times the clip scale (computed from a *finite* norm, after the
   check) go to the inner transformation;
4. ``jnp.where(applied, new, old)`` on every inner-state leaf, placed (under
   ``jit``) where the inner update computes that leaf, so the update reads the
   selected moments (``_select``), and ``jnp.where(applied, update, -0.0)`` on
   the updates: an exact select that fuses into the optimizer's elementwise
   work; no ``lax.cond``, no callback, no device-to-host transfer, and no copy
   of donated moments (``select="cond"`` instead wraps the inner update in a
   ``lax.cond``).

A non-finite update entry never reaches a weight: with the default sampled
update check (``check_updates="sample"``), an entry of a large update leaf that
the sample did not see is dropped on its own in the same select
(``where(applied & isfinite(u), u, -0.0)``), the rest of the step applied.

It never applies a non-finite update, however many steps in a row are bad:
``max_consecutive_skips`` is read on the host (``Monitor`` or
:func:`should_stop`), which stops the run with a ``NonFiniteError``.
"""

from __future__ import annotations

import os
from typing import Any

import jax
import jax.numpy as jnp
import optax

from nanguard.core import policy
from nanguard.core.user_frames import LibraryFiles, user_frame
from nanguard.errors import InvalidArgumentError
from nanguard.jax import _xp
from nanguard.jax._select import update_selecting_state
from nanguard.jax._state import GuardedState, GuardMetrics, pack

__all__ = ["GuardedState", "guard", "metrics", "find_state", "should_stop", "TRIGGER_NAMES"]

# Finite loss and gradients but a non-finite update: a learning rate or another
# hyperparameter (or the state they read) went bad; the shared vocabulary's code.
TRIGGER_UPDATE = int(policy.Trigger.HYPERPARAMETER)
TRIGGER_NAMES = policy.TRIGGER_NAMES


def _check_options(tx, clipnorm, max_consecutive_skips, spike, axis_name,
                   check_updates, select) -> policy.GuardConfig:
    if not isinstance(tx, optax.GradientTransformation):
        raise InvalidArgumentError(
            "tx", tx, "an optax GradientTransformation (e.g. optax.adamw(1e-3))",
            hint="Wrap the optax transformation itself, not an optimizer object or a function.",
        )
    if isinstance(max_consecutive_skips, bool) or not (
        isinstance(max_consecutive_skips, int) and max_consecutive_skips >= 1
    ):
        raise InvalidArgumentError("max_consecutive_skips", max_consecutive_skips, "an int >= 1")
    if not isinstance(spike, bool):
        raise InvalidArgumentError("spike", spike, "True or False")
    if isinstance(clipnorm, bool):
        raise InvalidArgumentError("clipnorm", clipnorm, "a finite number > 0 or None")
    if axis_name is not None and not isinstance(axis_name, (str, tuple)):
        raise InvalidArgumentError("axis_name", axis_name, "a mesh axis name, a tuple, or None")
    if check_updates not in ("sample", "all"):
        raise InvalidArgumentError("check_updates", check_updates, '"sample" or "all"')
    if select not in ("where", "cond"):
        raise InvalidArgumentError("select", select, '"where" or "cond"')
    return policy.GuardConfig(clipnorm=clipnorm, spike=spike)


def _float_leaves(tree) -> list:
    return [g for g in jax.tree_util.tree_leaves(tree)
            if hasattr(g, "dtype") and jnp.issubdtype(g.dtype, jnp.inexact)]


def _sum_of_squares(grads) -> jax.Array:
    """One float32 sum of squares: ``optax.global_norm`` of float16 ``[300, 300]`` is Inf.

    Each entry is squared as ``abs(g) * abs(g)`` (two ``abs`` ops), not ``g * g``:
    the same float32 value bit for bit (``abs`` only clears the sign bit; NaN and
    Inf propagate), but XLA on CPU fuses it into the reduction kernel, while
    ``g * g`` (``jnp.square``, ``vdot``, ``einsum`` and ``a * a`` with one ``a =
    abs(g)``, which XLA's simplifier turns back into ``g * g``) stays a separate
    kernel that writes every squared gradient to memory and reads it back: +8 MB
    of the bench MLP's 53 MB per step (``compile().cost_analysis()``).
    """
    total = jnp.zeros((), jnp.float32)
    for g in _float_leaves(grads):
        g32 = g.astype(jnp.float32) if not jnp.iscomplexobj(g) else jnp.abs(g).astype(jnp.float32)
        total = total + jnp.sum(jnp.abs(g32) * jnp.abs(g32))
    return total


def _updates_finite(updates, inner_state, check_updates: str) -> jax.Array:
    """Whether the inner transformation's output is finite (from finite gradients).

    ``"all"`` sums the squares of every update entry: exact, but the selects then
    wait for a reduction over the updates, so XLA materializes the updates and the
    new moments and reads them again (+0.07x on the CPU bench). ``"sample"`` checks
    in full the smallest update leaf and every scalar float leaf of the new inner
    state: a non-finite learning rate, schedule value or other scalar hyperparameter
    multiplies every entry, so it shows there (and ``inject_hyperparams`` keeps the
    hyperparameters as scalar state leaves); the large leaves' updates stay fused with
    their select. A single corrupted moment entry in a large leaf is caught only by
    ``"all"``.
    """
    leaves = _float_leaves(updates)
    if check_updates == "all" or not leaves:
        return jnp.isfinite(_sum_of_squares(updates))
    smallest = min(leaves, key=lambda u: u.size)
    scalars = [s for s in _float_leaves(inner_state) if s.size == 1]
    return jnp.isfinite(_sum_of_squares([smallest, *scalars]))


def _backstop(updates, keep, per_entry: bool):
    """``where(keep & isfinite(u), u, -0.0)`` on every float update leaf.

    ``check_updates="sample"`` checks only part of the updates, so a non-finite
    entry of a large leaf born in the optimizer (``rmsprop(eps=0)`` on a zero
    gradient: ``0 / 0``) passes the decision: it is dropped here, entry by entry,
    as ``-0.0`` (which ``apply_updates`` adds as nothing). The test fuses into the
    select the skip needs anyway (the bench MLP's compiled step: the same bytes
    accessed and kernels). The dropped entries are not counted: a count is a
    reduction over the updates, which XLA on CPU runs as one more pass
    (+16 MB of 56 MB per step, +30 kernels). ``"all"`` skips any step with one.
    """
    def select(u):
        if not (hasattr(u, "dtype") and jnp.issubdtype(u.dtype, jnp.inexact)):
            return u
        applied = jnp.logical_and(keep, jnp.isfinite(u)) if per_entry else keep
        return jnp.where(applied, u, jnp.asarray(-0.0, u.dtype))
    return jax.tree_util.tree_map(select, updates)


def _check_loss(loss) -> jax.Array:
    if not hasattr(loss, "dtype") or not hasattr(loss, "shape"):
        if isinstance(loss, float):
            loss = jnp.asarray(loss, jnp.float32)
        else:
            raise InvalidArgumentError("loss", loss, "a scalar float array (the step's loss)")
    if loss.shape != () or not jnp.issubdtype(loss.dtype, jnp.floating):
        raise InvalidArgumentError(
            "loss", f"{type(loss).__name__}(shape={tuple(loss.shape)}, dtype={loss.dtype})",
            "a scalar float array (the step's loss)",
            hint="Reduce it first, e.g. with jnp.mean.",
        )
    return loss


def _agree(loss, sumsq, axis_name):
    """Make every device along ``axis_name`` see the same loss and sum of squares.

    ``lax.pmax`` drops NaN (``pmax([nan, 1]) == 1``), so a bad loss is agreed on
    through an integer count, and the gradient sum of squares through ``psum``
    (NaN/Inf propagate through a sum; each device holds a shard of the gradients).
    """
    sumsq = jax.lax.psum(sumsq, axis_name)
    if loss is None:
        return None, sumsq
    loss32 = loss.astype(jnp.float32)
    n_bad = jax.lax.psum((~jnp.isfinite(loss32)).astype(jnp.int32), axis_name)
    mean = jax.lax.pmean(jnp.where(jnp.isfinite(loss32), loss32, 0.0), axis_name)
    return jnp.where(n_bad > 0, jnp.nan, mean), sumsq


def guard(
    tx: optax.GradientTransformation,
    clipnorm: float | None = None,
    max_consecutive_skips: int = 25,
    spike: bool = False,
    *,
    axis_name: str | tuple | None = None,
    check_updates: str = "sample",
    select: str = "where",
) -> optax.GradientTransformationExtraArgs:
    """Wrap an optax transformation so a NaN/Inf (or spiking) step changes nothing.

    Prevents one bad batch from writing NaN into the parameters and the
    optimizer moments, at the cost of one sum of squares and a fused select.

    Args:
        tx: any optax ``GradientTransformation`` (chains, ``inject_hyperparams``,
            ``MultiSteps``: put the guard outside it).
        clipnorm: clip the global gradient norm to this value *after* the check,
            from a finite norm; ``None`` to not clip.
        max_consecutive_skips: the host stops the run (``NonFiniteError``) after
            this many skipped steps in a row; nothing is ever applied meanwhile.
        spike: also skip loss or gradient-norm spikes (6 sigma over a rolling
            window of healthy steps, or a loss 10x the largest healthy loss).
        axis_name: inside ``shard_map``/``pmap``, the axis the gradients are
            sharded over: the sum of squares is ``psum``-ed and a bad loss on any
            device counts for all, so every device takes the same decision.
            Not needed under ``jit`` with shardings (XLA reduces globally).
        check_updates: how the inner transformation's output is checked when the
            loss and gradients are finite. ``"sample"`` (default): the step is
            skipped if the smallest update leaf or a scalar state leaf is
            non-finite (where a non-finite learning rate or other scalar
            hyperparameter shows), at no measurable cost; a non-finite entry of
            another leaf (an optimizer-born ``0/0``, e.g. ``rmsprop(eps=0)`` on a
            zero gradient) does not skip the step: that entry alone is dropped
            (``-0.0``, the weight kept), silently and uncounted, and the new
            moments are kept. ``"all"``: every update entry is checked and any
            non-finite one skips the whole step, reported as a skip (also a
            single corrupted moment entry in a large leaf; about +7% of a CPU
            MLP step, since XLA must then materialize the updates before the
            select).
        select: how the skip is made. ``"where"`` (default): ``jnp.where(applied,
            new, old)`` per leaf, fused with the optimizer's own elementwise work
            and placed where each state leaf is computed; no host round trip on
            GPU; with or without ``donate_argnums`` it moves about as many bytes
            as plain optax plus one read of the gradients. ``"cond"``:
            ``lax.cond`` around the inner update; XLA copies the state into the
            ``cond`` (without donation) or around it, and on GPU a ``cond`` waits
            for the predicate on the host every step: kept for comparison. Both
            keep a skipped step bitwise.

    Returns:
        An ``optax.GradientTransformationExtraArgs``. Its ``update`` takes the
        step's loss as ``loss=`` or ``value=`` (optax's name; it is also passed
        on to ``tx``); other keyword arguments are forwarded to ``tx``.

    Raises:
        InvalidArgumentError: ``tx`` is not an optax transformation, or an
            option is out of range; at trace time, a loss that is not a scalar float.

    Example:
        >>> tx = nanguard.jax.guard(optax.adamw(1e-3), clipnorm=1.0)  # doctest: +SKIP
        >>> updates, opt_state = tx.update(grads, opt_state, params, loss=loss)  # doctest: +SKIP
        >>> params = nanguard.jax.apply_updates(params, updates)  # doctest: +SKIP
    """
    config = _check_options(tx, clipnorm, max_consecutive_skips, spike, axis_name,
                            check_updates, select)
    inner = optax.with_extra_args_support(tx)

    def init_fn(params):
        return pack(inner.init(params), policy.init_state(config, _xp), applied=True,
                    last_skip_trigger=0, last_skip_step=-1, stop=False, lr_scale=1.0,
                    force_skip=0, forced=False)

    def update_fn(updates, state, params=None, *, loss=None, value=None, **extra):
        if loss is not None and value is not None:
            raise InvalidArgumentError(
                "loss", "both loss= and value=", "one of them",
                hint="`value=` is optax's name for the same thing.",
            )
        if not isinstance(state, GuardedState):
            raise InvalidArgumentError(
                "state", type(state).__name__, "the GuardedState returned by this guard's init",
            )
        step_loss = loss if loss is not None else value
        if step_loss is not None:
            step_loss = _check_loss(step_loss)
        if value is not None:
            extra["value"] = value
        sumsq = _sum_of_squares(updates)
        if axis_name is not None:
            step_loss, sumsq = _agree(step_loss, sumsq, axis_name)
        if config.clipnorm is not None:
            # The policy's clip scale, from a finite norm (a non-finite step is skipped
            # anyway); computed here so the decision itself runs once, after the update.
            finite = jnp.isfinite(sumsq)
            norm = jnp.sqrt(jnp.where(finite, sumsq, 1.0))
            scale = jnp.where(finite, jnp.minimum(
                1.0, config.clipnorm / jnp.maximum(norm, 1e-30)), 1.0).astype(jnp.float32)
            updates = jax.tree_util.tree_map(
                lambda g: (g * scale.astype(g.dtype)) if jnp.issubdtype(g.dtype, jnp.inexact)
                else g, updates)
        def inner_step(g, inner_state, p, kwargs, lr_scale):
            u, s = inner.update(g, inner_state, p, **kwargs)
            u = jax.tree_util.tree_map(
                lambda u: u * lr_scale.astype(u.dtype)
                if jnp.issubdtype(u.dtype, jnp.inexact) else u, u)
            return u, s

        step_args = (updates, state.inner_state, params, extra, state.lr_scale)
        new_updates, new_inner = inner_step(*step_args)
        # Finite gradients can still give a non-finite update (a NaN learning rate from
        # a schedule or inject_hyperparams, a poisoned moment): the update's verdict is
        # folded into the one decision. The reduction fuses with the update.
        update_ok = _updates_finite(new_updates, new_inner, check_updates)
        if axis_name is not None:
            update_ok = jax.lax.psum((~update_ok).astype(jnp.int32), axis_name) == 0
        decision, guard_state = policy.decide(
            state.guard, step_loss, jnp.where(update_ok, sumsq, jnp.nan), config, _xp)
        grads_ok = jnp.isfinite(sumsq)
        loss_ok = jnp.isfinite(step_loss) if step_loss is not None else jnp.asarray(True)
        update_trigger = jnp.logical_and(jnp.logical_and(grads_ok, loss_ok),
                                         jnp.logical_not(update_ok))
        trigger = jnp.where(update_trigger, TRIGGER_UPDATE, decision.trigger.astype(jnp.int32))
        # The gradient norm as the policy logs it (NaN/Inf kept visible), not the
        # NaN stand-in that carried the update's verdict.
        gnorm = jnp.where(grads_ok, jnp.sqrt(jnp.where(grads_ok, sumsq, 0.0)), sumsq)
        guard_state = guard_state._replace(
            last_trigger=trigger.astype(guard_state.last_trigger.dtype),
            last_gnorm=gnorm.astype(jnp.float32),
        )
        # A healthy step the host asked to skip (recovery's skip_batches after a
        # rollback): not a failure, so the decision's counters stay as they are.
        forced = jnp.logical_and(decision.apply, state.force_skip > 0)
        ok = jnp.logical_and(decision.apply, jnp.logical_not(forced))
        if select == "cond":
            # The inner update runs again inside the taken branch; the one above then
            # only feeds the (sampled) check, and XLA prunes the rest of it.
            def skip():
                return (jax.tree_util.tree_map(
                    lambda u: jnp.full(u.shape, -0.0, u.dtype)
                    if jnp.issubdtype(u.dtype, jnp.inexact) else jnp.zeros_like(u),
                    new_updates), state.inner_state)
            new_updates, inner_state = jax.lax.cond(ok, lambda: inner_step(*step_args), skip)
            keep = jnp.asarray(True)
        else:
            if check_updates == "all":
                # The check already stores every update before the decision; computing
                # them again from the selected moments would add a pass (99 vs 87 MB on
                # the bench MLP), so the state is selected after the fact.
                inner_state = jax.tree_util.tree_map(
                    lambda new, old: jnp.where(ok, new, old), new_inner, state.inner_state)
            else:
                # Each state leaf is selected where the inner update computes it, so the
                # update reads the selected moments (see _select: no recomputation, no
                # copies of donated moments).
                new_updates, inner_state = update_selecting_state(
                    inner_step, step_args, state.inner_state, ok, (new_updates, new_inner))
            keep = ok
        new_updates = _backstop(new_updates, keep, check_updates == "sample")
        skipped = jnp.logical_not(decision.apply)  # a failure (a forced skip is not one)
        new_state = pack(
            inner_state, guard_state,
            applied=ok,
            last_skip_trigger=jnp.where(skipped, trigger, state.last_skip_trigger),
            last_skip_step=jnp.where(skipped, state.guard.step.astype(jnp.int32),
                                     state.last_skip_step),
            stop=guard_state.consecutive >= max_consecutive_skips,
            lr_scale=state.lr_scale,
            force_skip=jnp.maximum(state.force_skip - 1, 0),
            forced=forced,
        )
        return new_updates, new_state

    # For the host's replay of a skip born inside the optimizer (``Monitor(tx=...)``):
    # the inner transformation, and the user's line that built this guard.
    update_fn.nanguard_inner = inner
    update_fn.nanguard_created_at = _user_site()
    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


_LIBRARIES = LibraryFiles(
    package_dirs=tuple(os.path.dirname(os.path.abspath(m.__file__)) for m in (optax, jax)),
    package_names=("optax", "jax", "flax"))


def _user_site() -> dict:
    """The innermost caller outside nanguard, optax, JAX and Flax: where the guard was built."""
    return user_frame(_LIBRARIES, depth=2)


def find_state(opt_state: Any) -> GuardedState:
    """The :class:`GuardedState` inside ``opt_state`` (itself, or nested in tuples/dicts).

    Raises:
        InvalidArgumentError: there is none (the optimizer was not wrapped by :func:`guard`).
    """
    stack = [opt_state]
    while stack:
        node = stack.pop()
        if isinstance(node, GuardedState):
            return node
        if isinstance(node, (tuple, list)):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif hasattr(node, "__dict__") and not hasattr(node, "dtype"):
            stack.extend(v for v in vars(node).values() if isinstance(v, (tuple, list, dict)))
            value = getattr(node, "value", None)
            if value is not None:
                stack.append(value)
    raise InvalidArgumentError(
        "opt_state", type(opt_state).__name__, "an optimizer state produced by nanguard.jax.guard",
    )


def metrics(opt_state: Any) -> GuardMetrics:
    """The guard's per-step scalars, to return from a jitted step (no host transfer).

    A read-only mapping with the keys ``applied``, ``trigger``
    (``nanguard.core.policy.Trigger``), ``loss`` (as the guard saw it, float32),
    ``grad_norm``, ``clip_scale``, ``consecutive``, ``skipped``, ``spikes``,
    ``step``, ``stop``, ``forced`` (a healthy step skipped on purpose after a
    recovery rollback). It is two arrays (the guard state's packed vectors), so
    returning it from the step costs two outputs, not eleven; ``m["loss"]`` slices
    on demand and ``m.host()`` reads every key with two transfers. Spread it into
    a dict (``{**metrics(s)}``) inside the step to get eleven separate arrays.

    Example:
        >>> m = {"loss": loss, **nanguard.jax.metrics(opt_state)}  # doctest: +SKIP
    """
    s = find_state(opt_state)
    return GuardMetrics(s.ints, s.floats)


def should_stop(opt_state: Any) -> bool:
    """Host-side: has the run skipped ``max_consecutive_skips`` steps in a row? (one transfer)"""
    return bool(find_state(opt_state).stop)
