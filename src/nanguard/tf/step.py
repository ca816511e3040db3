"""The in-graph guard: decide apply-or-skip inside the compiled train step.

``GraphGuard`` owns the guard state as TensorFlow variables and wraps an
optimizer's ``apply`` so that a step whose loss or gradients hold NaN/Inf never
reaches the weights or the optimizer slots. Everything happens in the graph
(one reduction over the gradients, one ``tf.cond``); the host is only involved
when a step is actually skipped (a ``tf.py_function`` "doorbell" that captures
the incident, outside XLA) or every ``log_every`` steps when the run log samples.

Distribution: under ``tf.distribute.MirroredStrategy`` each replica computes its
local flags, one ``all_reduce`` makes them global, so every replica takes the
same decision and the same branch. The state variables are ``ON_READ`` (one
copy per replica, updated identically), which avoids cross-replica merges inside
the conditional.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import tensorflow as tf

from nanguard.core import policy
from nanguard.tf import xp as tfxp

EVENT_CAPACITY = 512


class StepOutcome(NamedTuple):
    """What the guarded step needs from ``GraphGuard._update``."""

    apply: Any  # bool: run the optimizer update
    forced_healthy: Any  # bool: a healthy step skipped only because the host asked
    trigger: Any  # int64 trigger code (see core.policy)
    grad_norm: Any
    clip_scale: Any
    step: Any  # the step index before this step
    consecutive: Any  # consecutive skips after this step
    loss: Any


def _values(g):
    return g.values if isinstance(g, tf.IndexedSlices) else g


def _scale(g, s):
    if g is None:
        return None
    if isinstance(g, tf.IndexedSlices):
        return tf.IndexedSlices(g.values * tf.cast(s, g.values.dtype), g.indices, g.dense_shape)
    return g * tf.cast(s, g.dtype)


def grad_sumsq(grads: Sequence[Any]) -> tf.Tensor:
    """Sum of squares of every gradient entry, in float32 (NaN/Inf propagate)."""
    # l2_loss is one fused kernel (sum(x**2) / 2), cheaper than square + reduce_sum.
    parts = [
        2.0 * tf.nn.l2_loss(tf.cast(_values(g), tf.float32)) for g in grads if g is not None
    ]
    if not parts:
        return tf.constant(0.0, tf.float32)
    return tf.add_n(parts)


class GraphGuard:
    """Guard state variables plus the guarded ``apply``.

    Prevents a non-finite (or spiking) update from being applied: the optimizer
    is called inside the "apply" branch of a ``tf.cond`` only.

    Args:
        config: the static :class:`nanguard.core.policy.GuardConfig`.
        strategy: the distribution strategy the variables live under.
    """

    def __init__(self, config: policy.GuardConfig, strategy: tf.distribute.Strategy | None = None):
        self.config = config
        self.strategy = strategy or tf.distribute.get_strategy()
        self.on_skip: Callable[..., Any] | None = None  # host hook (doorbell / capture)
        # () -> (tensors, layout): extra tensors handed to ``on_skip`` and how to name them
        self.capture_inputs: Callable[[], tuple[list, Any]] | None = None
        # () -> None, traced into the skip branch: undo what the forward pass changed
        # (BatchNorm statistics, RNG state, metric accumulators).
        self.undo_hook: Callable[[], None] | None = None
        init = policy.init_state(config, tfxp)
        with self.strategy.scope():
            self.state_vars = policy.GuardState(
                *[self._var(v, name) for v, name in zip(init, policy.GuardState._fields)]
            )
            self.loss_scale_skips = self._var(tf.constant(0, tf.int64), "loss_scale_skips")
            self.events = self._var(
                tf.zeros((EVENT_CAPACITY, len(policy.EVENT_FIELDS)), tf.float64), "events"
            )
            self.n_events = self._var(tf.constant(0, tf.int64), "n_events")
            # Host-requested skips (e.g. "skip the next S batches" after a rollback):
            # while > 0, updates are not applied and the counter counts down.
            self.force_skip = self._var(tf.constant(0, tf.int64), "force_skip")
            self.forced_skips = self._var(tf.constant(0, tf.int64), "forced_skips")
        self.jit = False
        # Traced in only when a host may call ``skip_next`` (set before the first trace).
        self.forced_skip_enabled = True

    @staticmethod
    def _var(value, name):
        return tf.Variable(
            value,
            trainable=False,
            name=f"nanguard_{name}",
            synchronization=tf.VariableSynchronization.ON_READ,
            aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA,
        )

    # ------------------------------------------------------------------ in graph
    def _read(self) -> policy.GuardState:
        return policy.GuardState(*[tf.identity(v) for v in self.state_vars])

    def _write(self, state: policy.GuardState) -> None:
        for var, value in zip(self.state_vars, state):
            var.assign(tf.cast(value, var.dtype))

    def apply(
        self,
        apply_fn: Callable[[list, Any], Any],
        grads: Sequence[Any],
        trainable_variables: Any,
        loss: Any = None,
        loss_scale: Any = None,
    ) -> tf.Tensor:
        """Run ``apply_fn(clipped_grads, trainable_variables)`` only if the step is healthy.

        Args:
            apply_fn: the optimizer's original ``apply``.
            grads: the gradients (possibly loss-scaled).
            trainable_variables: passed through to ``apply_fn``.
            loss: the scalar loss of this step (checked too), or ``None``.
            loss_scale: a ``LossScaleOptimizer``'s dynamic scale variable, or ``None``.
                With it, non-finite gradients from a finite loss while the scale is
                above 1 are an fp16 overflow that the loss scale handles: they are
                passed through (the wrapper halves its scale) and counted apart.

        Returns:
            A boolean tensor: ``True`` when this step was skipped.
        """
        grads = list(grads)
        sumsq = grad_sumsq(grads)
        loss_t = None if loss is None else tf.cast(tf.reshape(loss, []), tf.float32)
        ctx = tf.distribute.get_replica_context()
        distributed = ctx is not None and ctx.num_replicas_in_sync > 1
        if distributed:
            packed = tf.stack([sumsq, loss_t if loss_t is not None else tf.constant(0.0)])
            packed = ctx.all_reduce(tf.distribute.ReduceOp.SUM, packed)
            sumsq = packed[0]
            if loss_t is not None:
                loss_t = packed[1]
        if loss_scale is not None:
            scale = tf.cast(tf.convert_to_tensor(loss_scale), tf.float32)
            sumsq = sumsq / tf.square(scale)
        out = self._update(loss_t, sumsq, loss_scale)
        if self.config.clipnorm is None:
            scaled = grads
        else:
            scaled = [_scale(g, out.clip_scale) for g in grads]

        def record_skip():
            if self.undo_hook is not None:
                self.undo_hook()
            if not self.forced_skip_enabled:
                return record_failure()
            return tf.cond(out.forced_healthy, lambda: tf.constant(True), record_failure)

        def record_failure():
            row = tf.stack(
                [
                    tf.cast(out.step, tf.float64),
                    tf.cast(out.trigger, tf.float64),
                    tf.cast(out.loss, tf.float64),
                    tf.cast(out.grad_norm, tf.float64),
                    tf.cast(out.consecutive, tf.float64),
                ]
            )
            idx = tf.math.floormod(self.n_events, EVENT_CAPACITY)
            self.events.assign(tf.tensor_scatter_nd_update(self.events, [[idx]], [row]))
            self.n_events.assign_add(1)
            if self.on_skip is not None and not self.jit:
                extra, layout = self.capture_inputs() if self.capture_inputs else ([], None)
                hook = self.on_skip
                replica = (
                    tf.cast(ctx.replica_id_in_sync_group, tf.int64)
                    if ctx is not None
                    else tf.constant(0, tf.int64)
                )
                head = [out.step, out.trigger, out.loss, out.grad_norm, out.consecutive,
                        replica]
                tf.py_function(
                    lambda *args: hook(layout, *args), head + list(extra), Tout=tf.int64
                )
            return tf.constant(True)

        def do_apply():
            apply_fn(scaled, trainable_variables)
            return tf.constant(False)

        needs_merge = (
            distributed and not tf.__internal__.distribute.strategy_supports_no_merge_call()
        )
        if needs_merge:
            # A cond whose branch calls merge_call (the optimizer's all-reduce) must be
            # built in cross-replica context, as Keras' LossScaleOptimizer does. The
            # flag is identical on every replica (all-reduced above): take the first.
            def cross_replica(distribution, flag, grads_in, variables):
                first = distribution.experimental_local_results(flag)[0]

                def apply_all():
                    distribution.extended.call_for_each_replica(
                        apply_fn, args=(grads_in, variables)
                    )
                    return tf.constant(False)

                return tf.cond(first, apply_all, lambda: tf.constant(True))

            ctx.merge_call(cross_replica, args=(out.apply, scaled, trainable_variables))
            return tf.cond(out.apply, lambda: tf.constant(False), record_skip)
        return tf.cond(out.apply, do_apply, record_skip)

    def _update(self, loss_t, sumsq, loss_scale) -> StepOutcome:
        """Decide, and advance the state variables."""
        state = self._read()
        decision, new_state = policy.decide(state, loss_t, sumsq, self.config, tfxp)
        pass_through = decision.apply
        if loss_scale is not None:
            overflow = tf.logical_and(
                tf.equal(decision.trigger, 2), tf.greater(tf.cast(loss_scale, tf.float32), 1.0)
            )
            pass_through = tf.logical_or(pass_through, overflow)
            new_state = new_state._replace(
                skipped=tf.where(overflow, state.skipped, new_state.skipped),
                consecutive=tf.where(overflow, state.consecutive, new_state.consecutive),
            )
            self.loss_scale_skips.assign_add(tf.cast(overflow, tf.int64))
        forced_healthy = tf.constant(False)
        # Without Recovery no host ever asks for forced skips: keep those ops out of the step.
        if self.forced_skip_enabled:
            forced = tf.greater(self.force_skip, 0)
            self.forced_skips.assign_add(tf.cast(forced, tf.int64))
            self.force_skip.assign(tf.maximum(self.force_skip - 1, 0))
            # A forced skip of a healthy step is not a failure: keep the counters as they were.
            forced_healthy = tf.logical_and(forced, pass_through)
            pass_through = tf.logical_and(pass_through, tf.logical_not(forced))
            kept = ("skipped", "consecutive", "loss_hist", "gnorm_hist", "hist_count",
                    "max_loss")
            new_state = policy.GuardState(
                *[tf.where(forced_healthy, tf.cast(old, new.dtype), new) if name in kept else new
                  for name, old, new in zip(policy.GuardState._fields, state, new_state)]
            )
        self._write(new_state)
        return StepOutcome(
            apply=pass_through, forced_healthy=forced_healthy, trigger=decision.trigger,
            grad_norm=decision.grad_norm, clip_scale=decision.clip_scale, step=state.step,
            consecutive=new_state.consecutive, loss=new_state.last_loss,
        )

    # ------------------------------------------------------------------ host side
    def read_host(self) -> dict:
        """Read the state on the host (one device-to-host copy per call)."""
        s = {name: v.numpy() for name, v in zip(policy.GuardState._fields, self.state_vars)}
        s["loss_scale_skips"] = int(self.loss_scale_skips.numpy())
        s["n_events"] = int(self.n_events.numpy())
        return s

    def read_events(self, since: int) -> tuple[list[dict], int]:
        """Skip events recorded after the ``since``-th one; returns (events, new_since)."""
        n = int(self.n_events.numpy())
        if n <= since:
            return [], since
        table = self.events.numpy()
        start = max(since, n - EVENT_CAPACITY)
        out = []
        for k in range(start, n):
            row = table[k % EVENT_CAPACITY]
            out.append(
                {
                    "step": int(row[0]),
                    "trigger": policy.TRIGGER_NAMES.get(int(row[1])),
                    "loss": float(row[2]),
                    "grad_norm": float(row[3]),
                    "consecutive": int(row[4]),
                }
            )
        return out, n

    def reset_consecutive(self) -> None:
        self.state_vars.consecutive.assign(0)

    def skip_next(self, n: int) -> None:
        """Host side: do not apply the next ``n`` updates (e.g. after a rollback)."""
        if not self.forced_skip_enabled:
            raise RuntimeError(
                "skip_next needs GraphGuard.forced_skip_enabled = True before the first trace"
            )
        self.force_skip.assign(int(n))
