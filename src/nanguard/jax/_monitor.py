"""``nanguard.jax.Monitor``: the host side of a guarded JAX loop, through the shared pipeline.

The guard decides inside ``jit``; the jitted step returns
``nanguard.jax.metrics(opt_state)``. ``Monitor.observe`` reads those metrics
**one step late**: it starts an asynchronous copy of the new step's flags and
reads the previous step's, which the device has finished by the time the next
step is queued. A healthy step therefore never waits for the device (no
``block_until_ready``, no callback, no ``lax.cond`` in the step).

On a skipped step it builds the same skip event, capture and guard status as
the Keras adapter and hands them to ``nanguard.core.pipeline.HostPipeline``,
which writes the run log (``run.json``, ``steps.jsonl``, ``events.jsonl``),
saves the incident folder (batch, parameters and optimizer state of the step,
``report.json``), TensorBoard scalars and console lines, and decides when a
streak of skips stops the run. ``nanguard report LOGDIR`` renders the HTML.

A skipped step's outputs are its inputs bit for bit, so the parameters the
loop passes in right after a skip *are* the state to replay: the capture costs
nothing until a step is actually skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from nanguard.core import policy
from nanguard.core.pipeline import Capture, GuardStatus, HostPipeline
from nanguard.core.runlog import RunLog, check_writable_dir
from nanguard.errors import InvalidArgumentError
from nanguard.jax._guard import TRIGGER_NAMES, find_state
from nanguard.jax._locate import _batch_names, locate_trace, named_leaves
from nanguard.jax._state import _I, GuardMetrics, to_host
from nanguard.report.sinks import standard_sinks

__all__ = ["Monitor"]


def _deleted(tree: Any) -> bool:
    """Any array of ``tree`` deleted (donated to a later step)?"""
    import jax

    return any(getattr(leaf, "is_deleted", lambda: False)()
               for leaf in jax.tree_util.tree_leaves(tree))

_FLAGS = ("applied", "consecutive")


_APPLIED, _FORCED = _I["applied"], _I["forced"]


def _needs_host_copy(a: Any) -> bool:
    """Whether ``a`` lives off the host (a GPU/TPU array): then its read is started early.

    On CPU the device buffer is host memory: ``copy_to_host_async`` would only add its
    own cost (3-14 us of host CPU per call, measured), with nothing to overlap.
    """
    try:
        return any(d.platform != "cpu" for d in a.devices())
    except (AttributeError, RuntimeError):  # not a jax.Array, or already deleted
        return hasattr(a, "copy_to_host_async")


def _host_ints(m: Any) -> Any:
    """``m`` with its flags readable on the host: one (cached) read of the int vector."""
    if isinstance(m, GuardMetrics):
        return GuardMetrics(np.asarray(m.ints), m.floats)
    return m


def _batch_args(batch: Any) -> tuple:
    """``loss_fn``'s arguments after ``params``: a tuple as is, one array or PyTree as one."""
    return batch if isinstance(batch, tuple) else () if batch is None else (batch,)


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(name, value, "an int >= 1")
    return value


class Monitor:
    """Run log, incidents, TensorBoard and the stop decision for a guarded JAX loop.

    Args:
        logdir: folder of the run log and incidents; ``None`` keeps everything in memory.
        loss_fn: ``loss_fn(params, *batch)``, the function the step differentiates;
            with it, a skipped step is replayed and localized (``nanguard.locate``).
        max_consecutive_skips: stop the run (``NonFiniteError``) after this many
            skipped steps in a row.
        max_incidents: distinct incident origins saved per run.
        log_every: write every ``log_every``-th healthy step into ``steps.jsonl``.
        tensorboard: also write TensorBoard event files under ``logdir/tensorboard``.
        verbose: print skips, incidents and the stop message on the console.
        tx: the transformation returned by ``nanguard.jax.guard`` (with ``loss_fn``): a
            step skipped because the optimizer's update was non-finite from finite loss
            and gradients is then replayed through the update and localized there
            (``phase="optimizer"``: the primitive, the optax function, the parameter).
        recovery: a ``nanguard.core.recovery_policy.RecoveryConfig`` to snapshot
            ``(params, opt_state)`` after healthy steps and roll back on persistent
            trouble (then :meth:`observe` returns the restored pair); ``None`` for none.

    Raises:
        InvalidArgumentError: an option is out of range, or ``logdir`` is not writable.

    Example:
        >>> mon = nanguard.jax.Monitor("runs/exp1", loss_fn=loss_fn)  # doctest: +SKIP
        >>> for batch in loader:  # doctest: +SKIP
        ...     params, opt_state, m = train_step(params, opt_state, batch)
        ...     mon.observe(m, params=params, opt_state=opt_state, batch=batch)
        >>> mon.close()  # doctest: +SKIP
    """

    def __init__(
        self,
        logdir: str | Path | None = None,
        *,
        loss_fn: Callable[..., Any] | None = None,
        max_consecutive_skips: int = 25,
        max_incidents: int = 5,
        log_every: int = 50,
        tensorboard: bool = False,
        verbose: int = 1,
        recovery: Any = None,
        tx: Any = None,
    ):
        self.max_consecutive_skips = _positive_int("max_consecutive_skips", max_consecutive_skips)
        self.max_incidents = _positive_int("max_incidents", max_incidents)
        self.log_every = _positive_int("log_every", log_every)
        if loss_fn is not None and not callable(loss_fn):
            raise InvalidArgumentError("loss_fn", loss_fn, "a callable loss_fn(params, *batch)")
        if tensorboard and logdir is None:
            raise InvalidArgumentError("tensorboard", tensorboard, "False when `logdir` is None",
                                       hint="Pass `logdir=...` so the event files have a home.")
        self.logdir = None if logdir is None else check_writable_dir(logdir)
        self.loss_fn = loss_fn
        if tx is not None:
            from nanguard.jax._update_origin import inner_of

            inner_of(tx)  # InvalidArgumentError unless nanguard.jax.guard made it
        self.tx = tx
        sinks = standard_sinks(verbose=verbose, logdir=self.logdir, tensorboard=tensorboard)
        self._pipeline = HostPipeline(
            max_consecutive_skips=self.max_consecutive_skips, max_incidents=self.max_incidents,
            localize=self._localize if loss_fn is not None else None, sinks=sinks)
        if self.logdir is not None:
            self._pipeline.open(RunLog(self.logdir, config={
                "framework": "jax", "max_consecutive_skips": self.max_consecutive_skips,
                "max_incidents": self.max_incidents, "log_every": self.log_every}))
        self._recovery = None
        if recovery is not None:
            from nanguard.jax._recovery import PyTreeRecovery

            self._recovery = PyTreeRecovery(
                recovery, logdir=self.logdir, loss_fn=loss_fn,
                log=lambda kind, step, message, counter=None, **fields:
                    self._pipeline.log_action(kind, step, message, counter=counter, **fields))
        self._rows: dict[int, list[int]] = {}  # localized step -> batch rows at fault
        self._batch_in_epoch = (0, -1)  # (epoch, index of the last batch seen in it)
        self._pending: dict | None = None
        self._replay_args: dict[int, tuple] = {}
        self._update_state: dict[int, Any] = {}  # step -> opt_state, for the update replay
        from nanguard.jax._evaluation import EvalReporter

        self._eval = EvalReporter(self._pipeline)
        self._step = 0
        self.forced_skips = 0
        self._status = GuardStatus()
        self._closed = False
        self._copy_async: bool | None = None

    # ----------------------------------------------------------------- public
    @property
    def events(self) -> list[dict]:
        """Every skipped step read so far (``policy.EVENT_FIELDS`` plus ``epoch``)."""
        return self._pipeline.events

    def check_eval(self, loss: Any, *, params: Any = None, batch: Any = None,
                   loss_fn: Callable[..., Any] | None = None, epoch: int | None = None) -> bool:
        """Report a non-finite validation/evaluation result; never skips, never stops.

        Call it in your evaluation loop with each batch's loss (one host read; not on
        the training path). A non-finite result is counted (``validation_nonfinite``,
        ``run.json``) and said once per origin, the origin found by replaying
        ``loss_fn(params, *batch)`` (default: the Monitor's ``loss_fn``).

        Returns:
            ``True`` when ``loss`` was non-finite.
        """
        if loss_fn is not None and not callable(loss_fn):
            raise InvalidArgumentError("loss_fn", loss_fn, "a callable loss_fn(params, *batch)")
        if epoch is None:
            epoch = self._batch_in_epoch[0]
        return self._eval.check(loss, step=max(self._step - 1, 0), epoch=epoch, params=params,
                                batch=batch, loss_fn=loss_fn or self.loss_fn)

    @property
    def validation_nonfinite(self) -> int:
        """Evaluation results seen non-finite so far (:meth:`check_eval`)."""
        return self._eval.report.nonfinite

    @property
    def validation_findings(self) -> list[dict]:
        """One localized finding per new origin of a non-finite evaluation result."""
        return self._eval.report.findings

    def quarantined_samples(self) -> set[int]:
        """Dataset indices quarantined so far (needs ``recovery=`` and ``sample_ids``).

        Leave them out of the next epochs, e.g. with
        ``nanguard.core.quarantine.exclude_quarantined`` or a filter on your indices.
        """
        return set() if self._recovery is None else self._recovery.quarantined_samples()

    @property
    def incidents(self) -> list[dict]:
        """One dict per saved incident: ``{step, folder, report, finding}``."""
        return self._pipeline.incidents

    @property
    def status(self) -> GuardStatus:
        """The guard status as of the last step read (one step behind ``observe``)."""
        return self._status

    def observe(self, metrics: dict, *, params: Any = None, opt_state: Any = None,
                batch: Any = None, epoch: int = 0, batch_index: int | None = None,
                sample_ids: Any = None) -> tuple[Any, Any]:
        """Record one step; reads the *previous* step's flags, so it never waits for this one.

        Args:
            metrics: the step's ``nanguard.jax.metrics(opt_state)`` (extra keys are ignored).
            params: the parameters after the step (after a skip, equal to those before it).
            opt_state: the optimizer state after the step (for the spike history).
            batch: the step's batch, a tuple of ``loss_fn``'s arguments after ``params``
                (a single array or PyTree counts as one argument).
            epoch: the epoch of the step.
            batch_index: the batch's index within the epoch, for the quarantine
                (default: its position among this epoch's ``observe`` calls).
            sample_ids: the dataset indices of the batch's rows (with recovery, a
                quarantined batch then names exactly the samples at fault).

        Returns:
            ``(params, opt_state)``: the ones given, or a restored snapshot after a
            recovery rollback (continue the loop from what is returned).

        Raises:
            NonFiniteError: the previous step ended a streak of ``max_consecutive_skips``
                (with recovery: recovery ran out of moves).
        """
        if self._closed:
            raise InvalidArgumentError("observe", "a closed Monitor", "an open Monitor",
                                       hint="Create a new Monitor for a new run.")
        if isinstance(metrics, GuardMetrics):  # the flags are in one int vector
            if self._copy_async is None:  # decided once: GPU/TPU yes, CPU no
                self._copy_async = _needs_host_copy(metrics.ints)
            if self._copy_async:
                metrics.ints.copy_to_host_async()
        else:
            missing = [k for k in _FLAGS if k not in metrics]
            if missing:
                raise InvalidArgumentError(
                    "metrics", sorted(metrics),
                    "a dict with nanguard.jax.metrics(opt_state)'s keys",
                    hint=f"Missing {missing}; return nanguard.jax.metrics(opt_state) from "
                         "the step.")
            for key in _FLAGS:
                value = metrics[key]
                if hasattr(value, "copy_to_host_async"):
                    value.copy_to_host_async()
        last_epoch, last_index = self._batch_in_epoch
        if batch_index is None:
            batch_index = last_index + 1 if epoch == last_epoch else 0
        self._batch_in_epoch = (epoch, batch_index)
        previous, self._pending = self._pending, {
            "step": self._step, "metrics": metrics, "params": params, "opt_state": opt_state,
            "batch": batch, "epoch": epoch, "batch_index": batch_index,
            "sample_ids": sample_ids}
        if self._recovery is not None and (not self._recovery.snapshots
                                           or self._recovery_due(self._step + 1)):
            # A snapshot may be taken when this step is read, one step later; with
            # buffer donation its arrays are gone by then: copy them now (on device).
            from nanguard.jax._recovery import _copy

            self._pending["snap"] = (_copy(params), _copy(opt_state))
        self._step += 1
        if previous is not None:
            restored = self._read(previous, before=self._pending)
            if restored is not None:
                self._pending = None  # this step ran on the state that was rolled back
                return restored
        return params, opt_state

    def end_epoch(self) -> tuple[Any, Any] | None:
        """Mark the end of an epoch: read the last step now and summarize the epoch.

        The console then says the epoch's repeated skips of one origin in one line
        instead of waiting for the streak's end.

        Returns:
            The restored ``(params, opt_state)`` when reading the last step made
            recovery roll back (continue from them), else ``None``.
        """
        if self._closed:
            raise InvalidArgumentError("end_epoch", "a closed Monitor", "an open Monitor")
        pending, self._pending = self._pending, None
        restored = self._read(pending, before=None) if pending is not None else None
        if pending is not None:
            self._pipeline.end_epoch(pending["epoch"], self._status)
        return restored

    def close(self) -> None:
        """Read the last step, flush the run log and mark the run completed."""
        if self._closed:
            return
        pending, self._pending = self._pending, None
        if pending is not None:
            self._read(pending, before=None)
        self._pipeline.finish("completed", self._status)
        self._closed = True

    def __enter__(self) -> Monitor:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()

    # ----------------------------------------------------------------- host side
    def _read(self, rec: dict, before: dict | None) -> tuple[Any, Any] | None:
        m = rec["metrics"]
        if isinstance(m, GuardMetrics):  # one host read of the int vector, then indexing
            ints = np.asarray(m.ints)
            applied = bool(ints[_APPLIED])
            # A healthy step skipped on purpose after a rollback (recovery's
            # skip_batches): not a failure; counted apart.
            forced = not applied and bool(ints[_FORCED])
        else:
            applied = bool(np.asarray(m["applied"]))
            forced = not applied and "forced" in m and bool(np.asarray(m["forced"]))
        if forced:
            self.forced_skips += 1
            applied = True
        sampled = (rec["step"] + 1) % self.log_every == 0
        snapshot_due = self._recovery is not None and (
            not self._recovery.snapshots
            or self._recovery_due(rec["step"] + 1))
        if applied and not sampled and not snapshot_due:
            return None
        if isinstance(m, GuardMetrics):
            m = GuardMetrics(ints, m.floats)  # the flags already read
        status = self._read_status(m, rec["opt_state"])
        self._status = status
        events, captures = [], []
        if not applied:
            trigger = TRIGGER_NAMES.get(status.last_trigger) or "loss"
            events.append({"step": rec["step"], "trigger": trigger,
                           "loss": status.last_loss, "grad_norm": status.last_grad_norm,
                           "consecutive": status.consecutive, "epoch": rec["epoch"]})
            if trigger == "hyperparameter":  # say only what the state shows
                from nanguard.jax._update_origin import skip_reason

                events[-1]["reason"] = skip_reason(rec["opt_state"], self.tx is not None)
            if self._pipeline.wants_capture(status.consecutive):
                captures.append(self._capture(rec, trigger, before))
        persistent = self._pipeline.drain(events, status, captures, rec["epoch"])
        if self._recovery is not None:
            return self._recover(rec, status, applied, persistent, events)
        if persistent:
            raise self._pipeline.stop(status, events)
        return None

    def _recovery_due(self, step: int) -> bool:
        from nanguard.core.recovery_policy import snapshot_due

        return snapshot_due(self._recovery.state, step, self._recovery.config)

    def _recover(self, rec, status, applied, persistent, events) -> tuple[Any, Any] | None:
        from nanguard.core import quarantine_policy as qp
        from nanguard.core import recovery_policy as rp

        trigger = events[0]["trigger"] if events else None
        failure = None
        if not applied and trigger != "spike":
            failure = qp.Failure(rec["step"], rec["epoch"], rec["batch_index"],
                                 f"{trigger} non-finite", events[0].get("cause"))
        params, opt_state = rec.get("snap") or (rec["params"], rec["opt_state"])
        action, restored = self._recovery.observe(
            rec["step"] + 1, failure=failure,
            spike=trigger == "spike", healthy=applied, persistent=persistent,
            params=params, opt_state=opt_state,
            where={"sample_ids": rec["sample_ids"], "rows": self._rows.pop(rec["step"], None),
                   "batch": _batch_args(rec["batch"])})
        if action.kind == rp.ROLLBACK:
            skip = (f"; skipping the next {action.skip_batches} updates"
                    if action.skip_batches else "")
            self._pipeline.log_action(
                "rollback", rec["step"], f"rolled back to the snapshot of step "
                f"{action.candidates[0]} ({action.reason}); learning-rate factor "
                f"{action.lr_scale:g}{skip}", counter="rollbacks",
                snapshot=action.candidates[0], skip_batches=action.skip_batches)
            return restored
        if action.kind == rp.STOP:
            raise self._pipeline.stop_with(f"nanguard recovery stopped training at step "
                                           f"{rec['step']}: {action.reason}", rec["step"],
                                           "recovery", status)
        if persistent:
            raise self._pipeline.stop(status, events)
        return None

    def _read_status(self, m: dict, opt_state: Any) -> GuardStatus:
        # A donated opt_state is gone by now (its step's outputs fed the next step):
        # the metrics, separate outputs, still hold the counters (not the history).
        if opt_state is not None and not _deleted(opt_state):
            g = to_host(find_state(opt_state)).guard
            return GuardStatus.from_state(g._asdict(), int(g.loss_hist.shape[0]))
        if isinstance(m, GuardMetrics):
            m = m.host()
        get = lambda k, d=0: np.asarray(m.get(k, d))  # noqa: E731
        return GuardStatus(
            steps=int(get("step")), skipped=int(get("skipped")),
            consecutive=int(get("consecutive")), spikes=int(get("spikes")),
            last_loss=float(get("loss", np.nan)), last_grad_norm=float(get("grad_norm", np.nan)),
            last_clip=float(get("clip_scale", 1.0)),
            last_trigger=int(get("trigger", policy.Trigger.HEALTHY)))

    def _capture(self, rec: dict, trigger: str, after: dict | None = None) -> Capture:
        """Host copies of the skipped step's state (its outputs equal its inputs).

        With buffer donation the step's outputs were donated to the next step, which
        has already run (the flags are read one step late). The next step's outputs
        are still alive (the step after it is not dispatched yet) and stand in:

        * the next step was skipped too: they are this step's state bit for bit;
        * the next step applied an update (an isolated skip): they are this step's
          state plus one healthy update. The batch is replayed from them
          (``state_from`` says so in the incident): a batch at fault fails the same
          way one small update later, so the finding names the same line; a failure
          that does not reproduce from them is saved unlocalized
          (``capture_error``). Keeping the exact state instead would cost a
          device copy of the parameters on every healthy step.

        Only when nothing of the next step is left either (a donated last step) is
        the incident saved with the batch alone.
        """
        batch = rec["batch"]
        batch_args = _batch_args(batch)
        extra: dict = {}
        if _deleted(rec["params"]) or _deleted(rec["opt_state"]):
            if after is not None and not _deleted(after["params"]):
                skipped_too = not bool(_host_ints(after["metrics"])["applied"])  # failure path
                rec = {**rec, "params": after["params"], "opt_state": after["opt_state"]}
                if skipped_too:
                    extra["state_from"] = (f"step {after['step']}'s outputs: this step's were "
                                           "donated; a skip leaves them bitwise equal")
                else:
                    extra["state_from"] = (
                        f"step {after['step']}'s outputs, one applied update later: this "
                        "step's were donated to it (replayed from them)")
                    extra["state_exact"] = False
            else:
                extra["capture_error"] = ("the step's parameters were donated to the next "
                                          "step, and nothing of it is left to replay from")
                rec = {**rec, "params": None, "opt_state": None}
        try:
            arrays = _batch_names(batch_args)
            variables = named_leaves(rec["params"], "params") if rec["params"] is not None else {}
            optimizer = {}
            if rec["opt_state"] is not None:
                optimizer = named_leaves(find_state(rec["opt_state"]).inner_state, "opt_state")
        except RuntimeError as err:  # donated buffers are deleted: nothing left to copy
            arrays, variables, optimizer = {}, {}, {}
            extra["capture_error"] = str(err).splitlines()[0]
        cap = Capture(step=rec["step"], trigger=trigger, epoch=rec["epoch"],
                      batch=rec.get("batch_index", rec["step"]),
                      batch_arrays=arrays, variables=variables, optimizer=optimizer, extra=extra)
        if self.loss_fn is not None:
            self._replay_args[rec["step"]] = (rec["params"], *batch_args)  # device arrays
            if trigger == "hyperparameter" and self.tx is not None:
                self._update_state[rec["step"]] = rec["opt_state"]
        return cap

    def _localize(self, cap: Capture, history: dict):
        args = self._replay_args.pop(cap.step, None)
        if args is None or args[0] is None or cap.extra.get("capture_error"):
            return None
        finding, trace = locate_trace(self.loss_fn, args, history=history)
        opt_state = self._update_state.pop(cap.step, None)
        if finding is None and opt_state is not None:  # finite loss and grads, bad update
            from nanguard.jax._update_origin import locate_update, replay_grads

            finding, trace = locate_update(self.tx, replay_grads(self.loss_fn, args),
                                           opt_state, args[0], trigger=cap.trigger)
        if finding is None:
            if cap.extra.get("state_exact") is False:
                cap.extra["capture_error"] = (f"not reproduced from {cap.extra['state_from']}"
                                              ": the exact state was donated")
            return None
        finding.step, finding.epoch, finding.batch = cap.step, cap.epoch, cap.batch
        if finding.origin.rows:
            self._rows[cap.step] = list(finding.origin.rows)
        if history:
            finding.history = history
        finding.trace = trace  # saved beside the report as trace.json
        return finding

