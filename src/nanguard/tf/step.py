"""The in-graph guard: decide apply-or-skip inside the compiled train step.

``GraphGuard`` owns the guard state as TensorFlow variables and wraps an
optimizer's ``apply`` so that a step whose loss, gradients or hyperparameters
(the learning rate of this step, say) hold NaN/Inf never reaches the weights or
the optimizer slots. Everything happens in the graph (one reduction over the
gradients, one ``tf.cond``); the host is only involved when a step is actually
skipped (a ``tf.py_function`` "doorbell" that captures the incident, outside
XLA) or when the host reads the state.

A guarded step, in the order :meth:`GraphGuard.apply` runs it:

1. ``_global_stats``: the squared global gradient norm and the loss, summed over
   replicas with one ``all_reduce``, unscaled by a loss scale;
2. ``_update``: the pure :func:`nanguard.core.policy.decide`, plus the loss-scale
   pass-through and host-requested (forced) skips, written to the variables;
3. the conditional: the healthy branch calls the optimizer; the skip branch runs
   the undo hook, ``_record_event`` (one row of ``policy.EVENT_FIELDS``) and
   ``_notify_host``. Under a strategy without merge-free calls, the optimizer
   call goes through ``_cross_replica_cond`` instead.

The state variables and their packing live in ``_guard_state``, the reductions
over gradients and variables in ``_reductions``.

The hooks are fixed at construction (:class:`GraphHooks`, frozen): a traced
step can never see a half-configured guard. ``with_hooks`` gives another view
over the same state variables (the Keras installation adds its undo and capture
hooks per ``fit`` that way).

Distribution: under ``tf.distribute.MirroredStrategy`` each replica computes its
local flags, one ``all_reduce`` makes them global, so every replica takes the
same decision and the same branch. The state variables are ``ON_READ`` (one
copy per replica, updated identically), which avoids cross-replica merges inside
the conditional.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np
import tensorflow as tf

from nanguard.core import policy
from nanguard.numerics.tf_backend import BACKEND as tfxp
from nanguard.tf import _loss_scale_watch as scale_watch
from nanguard.tf._guard_state import EVENT_CAPACITY as EVENT_CAPACITY
from nanguard.tf._guard_state import INT_FIELDS, GuardVariables
from nanguard.tf._guard_state import host_value as host_value
from nanguard.tf._reductions import all_finite as all_finite
from nanguard.tf._reductions import grad_sumsq as grad_sumsq
from nanguard.tf._reductions import nonfinite_term, scale_gradient
from nanguard.tf.hyperparameters import StepHyperparameters

#: The head of the arguments the skip hook receives, before the captured tensors.
HOOK_FIELDS = ("step", "trigger", "loss", "grad_norm", "consecutive", "replica",
               "learning_rate")


@dataclasses.dataclass(frozen=True)
class GraphHooks:
    """What a guarded step calls besides the optimizer; fixed before the first trace.

    Attributes:
        on_skip: host function run (as a ``tf.py_function``) in a skipped step:
            ``on_skip(layout, *head, *captured)`` with ``head`` as ``HOOK_FIELDS``.
        capture_inputs: ``() -> (tensors, layout)``: extra tensors handed to
            ``on_skip`` (batch, variables, optimizer state) and how to name them.
        undo: ``() -> None`` traced into the skip branch: undo what the forward
            pass changed (BatchNorm statistics, RNG state, metric accumulators).
        jit: the step is XLA-compiled, so no ``py_function`` can run in it.
        forced_skip: trace in the ops that let the host skip the next steps
            (:meth:`GraphGuard.skip_next`, used by recovery after a rollback).
        check_variables: ``() -> variables`` (called at trace time) whose finiteness
            joins the decision: a NaN/Inf entry (a NaN in Adam's ``v``, a weight a
            callback corrupted) skips the step as trigger ``gradients`` instead of
            letting the update write it into the weights. Costs one multiply and one
            reduction per variable, so only recovery (which then finds and rolls back
            the corruption) turns it on.
        on_loss_scale_check: host function (a ``tf.py_function``, not under ``jit``)
            called as ``(layout, *CHECK_FIELDS, *captured)`` in an overflow step once
            the loss scale fell ``loss_scale_check_after`` times (``_loss_scale_watch``):
            the host replays the step at scale 1 to tell a real NaN from an overflow.
    """

    on_skip: Callable[..., Any] | None = None
    capture_inputs: Callable[[], tuple[list, Any]] | None = None
    undo: Callable[[], None] | None = None
    jit: bool = False
    forced_skip: bool = False
    check_variables: Callable[[], Sequence[Any]] | None = None
    on_loss_scale_check: Callable[..., Any] | None = None
    loss_scale_check_after: int = scale_watch.LOSS_SCALE_CHECK_AFTER


class StepOutcome(NamedTuple):
    """What the guarded step needs from ``GraphGuard._update``."""

    apply: Any  # bool: run the optimizer update
    forced_healthy: Any  # bool: a healthy step skipped only because the host asked
    trigger: Any  # int64 policy.Trigger
    grad_norm: Any
    clip_scale: Any
    step: Any  # the step index before this step
    consecutive: Any  # consecutive skips after this step
    loss: Any
    learning_rate: Any  # float32 (NaN when the optimizer has none)
    loss_scale_check: Any = None  # bool: ask the host about this overflow (None: no hook)
    scale_falls: Any = None  # float64 falls of the loss scale since it last grew
    loss_scale: Any = None  # float32 the loss scale of this step


class _GlobalStats(NamedTuple):
    sumsq: Any
    loss: Any
    state_ok: Any  # bool: the checked variables are finite (None when none are checked)
    replica_ctx: Any
    distributed: bool


class GraphGuard:
    """Guard state variables plus the guarded ``apply``.

    Prevents a non-finite (or spiking) update from being applied: the optimizer
    is called inside the "apply" branch of a ``tf.cond`` only.

    Args:
        config: the static :class:`nanguard.core.policy.GuardConfig`.
        strategy: the distribution strategy the variables live under.
        hooks: the frozen :class:`GraphHooks` this guard's traced steps call.
    """

    def __init__(self, config: policy.GuardConfig, strategy: tf.distribute.Strategy | None = None,
                 hooks: GraphHooks | None = None, *, _variables: GuardVariables | None = None):
        self.config = config
        self.strategy = strategy or tf.distribute.get_strategy()
        self.hooks = hooks or GraphHooks()
        self._vars = _variables or GuardVariables(config, self.strategy)
        self.loss_scale_skips = self._vars.loss_scale_skips
        self.events = self._vars.events
        self.n_events = self._vars.n_events
        self.force_skip = self._vars.force_skip
        self.forced_skips = self._vars.forced_skips

    def with_hooks(self, **changes: Any) -> GraphGuard:
        """Another guard over the same state variables, with some hooks replaced."""
        return GraphGuard(self.config, self.strategy, dataclasses.replace(self.hooks, **changes),
                          _variables=self._vars)

    # ------------------------------------------------------------------ in graph
    def apply(
        self,
        apply_fn: Callable[[list, Any], Any],
        grads: Sequence[Any],
        trainable_variables: Any,
        loss: Any = None,
        loss_scale: Any = None,
        hyperparameters: StepHyperparameters | None = None,
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
            hyperparameters: this step's learning rate and hyperparameter checks
                (``nanguard.tf.hyperparameters.read_hyperparameters``), or ``None``.

        Returns:
            A boolean tensor: ``True`` when this step was skipped.
        """
        grads = list(grads)
        stats = self._global_stats(grads, loss, loss_scale)
        out = self._update(stats.loss, stats.sumsq, loss_scale, hyperparameters, stats.state_ok)
        if self.config.clipnorm is None:
            scaled = grads
        else:
            scaled = [scale_gradient(g, out.clip_scale) for g in grads]

        def record_failure():
            self._record_event(out)
            self._notify_host(out, stats.replica_ctx)
            return tf.constant(True)

        def skip_branch():
            if self.hooks.undo is not None:
                self.hooks.undo()
            if not self.hooks.forced_skip:
                return record_failure()
            # A forced skip of a healthy step is not a failure: nothing to record.
            return tf.cond(out.forced_healthy, lambda: tf.constant(True), record_failure)

        def apply_branch():
            apply_fn(scaled, trainable_variables)
            return tf.constant(False)

        check, hook = out.loss_scale_check, self.hooks.on_loss_scale_check
        if stats.distributed and not tf.__internal__.distribute.strategy_supports_no_merge_call():
            if check is not None:
                scale_watch.ask_host(out, hook, self.hooks.capture_inputs, stats.replica_ctx)
            self._cross_replica_cond(stats.replica_ctx, apply_fn, out.apply, scaled,
                                     trainable_variables)
            return tf.cond(out.apply, lambda: tf.constant(False), skip_branch)
        if check is None:
            return tf.cond(out.apply, apply_branch, skip_branch)
        # A checked overflow takes the failure branch (asks the host, then lets the loss
        # scale handle it): a healthy step pays no conditional of its own for the check.
        check = tf.logical_and(check, out.apply)

        def check_branch():
            scale_watch.call_host(out, hook, self.hooks.capture_inputs, stats.replica_ctx)
            return apply_branch()

        return tf.cond(tf.logical_and(out.apply, tf.logical_not(check)), apply_branch,
                       lambda: tf.cond(check, check_branch, skip_branch))

    def _global_stats(self, grads: list, loss: Any, loss_scale: Any) -> _GlobalStats:
        """The squared global gradient norm and the loss, over every replica, unscaled.

        With ``hooks.check_variables``, their :func:`nonfinite_term` (0 or NaN) is
        added to the sum of squares, so a non-finite variable fails the step exactly
        as a non-finite gradient does; ``state_ok`` keeps it apart for the loss scale.
        """
        sumsq = grad_sumsq(grads)
        loss_t = None if loss is None else tf.cast(tf.reshape(loss, []), tf.float32)
        check = self.hooks.check_variables
        state = None if check is None else nonfinite_term(list(check()))
        ctx = tf.distribute.get_replica_context()
        distributed = ctx is not None and ctx.num_replicas_in_sync > 1
        if distributed:
            parts = [sumsq, loss_t if loss_t is not None else tf.constant(0.0)]
            packed = tf.stack(parts + ([] if state is None else [state]))
            packed = ctx.all_reduce(tf.distribute.ReduceOp.SUM, packed)
            sumsq = packed[0]
            if loss_t is not None:
                loss_t = packed[1]
            if state is not None:
                state = packed[2]
        state_ok = None
        if state is not None:
            sumsq = sumsq + state
            state_ok = tf.math.is_finite(state)
        if loss_scale is not None:
            scale = tf.cast(tf.convert_to_tensor(loss_scale), tf.float32)
            sumsq = sumsq / tf.square(scale)
        return _GlobalStats(sumsq, loss_t, state_ok, ctx, distributed)

    def _update(self, loss_t, sumsq, loss_scale, hyper: StepHyperparameters | None,
                state_ok: Any = None) -> StepOutcome:
        """Decide, and advance the state variables."""
        # Plain reads: automatic control dependencies order them before the writes below.
        state = self._vars.read_in_graph()
        hyper = hyper or StepHyperparameters(None, None, None)
        decision, new_state = policy.decide(
            state, loss_t, sumsq, self.config, tfxp,
            learning_rate_ok=hyper.learning_rate_ok, hyperparameters_ok=hyper.others_ok,
        )
        pass_through = decision.apply
        check = falls = scale = None
        if loss_scale is not None:
            overflow = scale_watch.is_overflow(decision.trigger, loss_scale, state_ok)
            pass_through = tf.logical_or(pass_through, overflow)
            new_state = new_state._replace(
                skipped=tf.where(overflow, state.skipped, new_state.skipped),
                consecutive=tf.where(overflow, state.consecutive, new_state.consecutive),
            )
            self.loss_scale_skips.assign_add(tf.cast(overflow, tf.int64))
            if self.hooks.on_loss_scale_check is not None and not self.hooks.jit:
                scale = tf.cast(loss_scale, tf.float32)  # before the optimizer halves it
                check, falls = scale_watch.count_falls(
                    self._vars.loss_scale_watch, scale, overflow, self.hooks.loss_scale_check_after)
        forced_healthy = tf.constant(False)
        # Without a host that may ask for forced skips, keep those ops out of the step.
        if self.hooks.forced_skip:
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
        self._vars.write_in_graph(new_state)
        lr = hyper.learning_rate
        return StepOutcome(
            apply=pass_through, forced_healthy=forced_healthy, trigger=decision.trigger,
            grad_norm=decision.grad_norm, clip_scale=decision.clip_scale, step=state.step,
            consecutive=new_state.consecutive, loss=new_state.last_loss,
            learning_rate=tf.constant(np.nan, tf.float32) if lr is None else lr,
            loss_scale_check=check, scale_falls=falls, loss_scale=scale,
        )

    def _record_event(self, out: StepOutcome) -> None:
        """Append one row of ``policy.EVENT_FIELDS`` to the ring of skip events."""
        row = tf.stack([tf.cast(getattr(out, name), tf.float64) for name in policy.EVENT_FIELDS])
        idx = tf.math.floormod(self.n_events, EVENT_CAPACITY)
        self.events.assign(tf.tensor_scatter_nd_update(self.events, [[idx]], [row]))
        self.n_events.assign_add(1)

    def _notify_host(self, out: StepOutcome, ctx: Any) -> None:
        """Ring the host's doorbell (with the captured tensors) from a skipped step."""
        hooks = self.hooks
        if hooks.on_skip is None or hooks.jit:
            return  # XLA cannot run a py_function: the host learns from the event table
        extra, layout = hooks.capture_inputs() if hooks.capture_inputs else ([], None)
        replica = (tf.cast(ctx.replica_id_in_sync_group, tf.int64) if ctx is not None
                   else tf.constant(0, tf.int64))
        values = dict(out._asdict(), replica=replica)
        head = [values[name] for name in HOOK_FIELDS]
        on_skip = hooks.on_skip
        tf.py_function(lambda *args: on_skip(layout, *args), head + list(extra), Tout=tf.int64)

    @staticmethod
    def _cross_replica_cond(ctx, apply_fn, flag, grads, variables) -> None:
        """Call the optimizer under ``flag`` from cross-replica context.

        A cond whose branch calls ``merge_call`` (the optimizer's all-reduce) must
        be built in cross-replica context, as Keras' ``LossScaleOptimizer`` does.
        The flag is identical on every replica (all-reduced before): take the first.
        """

        def cross_replica(distribution, flag_in, grads_in, variables_in):
            first = distribution.experimental_local_results(flag_in)[0]

            def apply_all():
                distribution.extended.call_for_each_replica(
                    apply_fn, args=(grads_in, variables_in)
                )
                return tf.constant(False)

            return tf.cond(first, apply_all, lambda: tf.constant(True))

        ctx.merge_call(cross_replica, args=(flag, grads, variables))

    # ------------------------------------------------------------------ host side
    @property
    def skipped(self) -> int:
        """Steps skipped so far."""
        return int(self._counter("skipped"))

    @property
    def consecutive_skips(self) -> int:
        """The current run of skipped steps."""
        return int(self._counter("consecutive"))

    @property
    def steps(self) -> int:
        """Steps seen so far, applied or not."""
        return int(self._counter("step"))

    def _counter(self, name: str) -> int:
        return host_value(self._vars.counters)[INT_FIELDS.index(name)]

    def read_host(self, history: bool = True) -> dict:
        """Read the state on the host: ``GuardState`` fields and ``loss_scale_skips``.

        Four device reads; three without ``history`` (the loss and gradient-norm
        rings are then left out). Reads are what a healthy step costs the host.
        """
        s = self._vars.read_host(history=history)
        s["loss_scale_skips"] = int(host_value(self.loss_scale_skips))
        return s

    @property
    def host_writes(self) -> int:
        """How many times the host assigned the state (:meth:`write_state`) so far.

        A step changes the skip count only when it fails, and a failed step rings the
        skip hook (outside XLA); with this count unchanged too, a count the host read
        earlier is still current, and the host need not read the device again.
        """
        return self._vars.host_writes

    def read_state(self) -> dict[str, np.ndarray]:
        """Every state variable by name (for a snapshot the host can restore later)."""
        out = {name: np.array(v) for name, v in self._vars.read_host(history=True).items()}
        out.update({name: np.array(v.numpy()) for name, v in self._vars.scalars_by_name().items()})
        return out

    def write_state(self, values: Mapping[str, Any]) -> None:
        """Assign state variables from :meth:`read_state`'s output (on every replica)."""
        self._vars.write_host(values)

    def read_events(self, since: int) -> tuple[list[dict], int]:
        """Skip events recorded after the ``since``-th one; returns (events, new_since)."""
        n = int(host_value(self.n_events))
        if n <= since:
            return [], since
        table = self.events.numpy()
        out = []
        for k in range(max(since, n - EVENT_CAPACITY), n):
            event = dict(zip(policy.EVENT_FIELDS, table[k % EVENT_CAPACITY].tolist()))
            for name in policy.EVENT_INT_FIELDS:
                event[name] = int(event[name])
            event["trigger"] = policy.TRIGGER_NAMES.get(event["trigger"])
            out.append(event)
        return out, n

    def reset_consecutive(self) -> None:
        self.write_state({"consecutive": 0})

    def skip_next(self, n: int) -> None:
        """Host side: do not apply the next ``n`` updates (e.g. after a rollback)."""
        if not self.hooks.forced_skip:
            raise RuntimeError(
                "skip_next needs a GraphGuard built with GraphHooks(forced_skip=True)"
            )
        self.force_skip.assign(int(n))
