"""``nanguard.torch.Guard``: replace ``optimizer.step()`` with ``guard.step(loss, batch)``.

The guard checks the loss and every gradient on the device, applies the
update only when they are finite (and not a spike), and keeps parameters,
every optimizer state tensor (CPU ``step`` counters included), Python scalars
in the optimizer state and module buffers bitwise unchanged otherwise. A
healthy step never waits on the device: the host learns each step's outcome
one step later from a non-blocking copy, and only then logs, captures and
replays a skipped step, or stops the run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from nanguard.core import policy
from nanguard.errors import InvalidArgumentError
from nanguard.torch import _distributed
from nanguard.torch._arguments import (
    check_backward_ran,
    check_int,
    check_loss,
    check_owned,
    grad_versions,
)
from nanguard.torch._commit import BufferGuard, CommitEngine, HostFixup
from nanguard.torch._device_step import (
    DeviceGuardState,
    Mailbox,
    clip_,
    grad_sumsq,
    nonfinite_term,
)
from nanguard.torch._evaluation import EvalReporter
from nanguard.torch._host import GuardHost, PendingStep
from nanguard.torch._loss_scale import loss_scale_pass, unscale
from nanguard.torch._replay import rng_state

__all__ = ["Guard"]


class Guard:
    """Skip every optimizer step whose loss or gradients hold NaN/Inf, without a host sync.

    Prevents one non-finite update from destroying every weight, and
    ``clip_grad_norm_``'s NaN spreading. Works with any ``torch.optim`` optimizer:
    fused optimizers skip natively through ``found_inf``; the others run under a
    masked commit (snapshot, step, bitwise select); LBFGS uses a documented
    host-synchronizing fallback.

    Args:
        model: the ``torch.nn.Module`` being trained (its buffers are guarded too).
        optimizer: the optimizer over ``model``'s parameters.
        logdir: run-log folder (``steps.jsonl``, ``events.jsonl``, ``run.json``,
            ``incidents/``), or ``None`` to keep everything in memory.
        loss_fn: ``loss_fn(batch) -> scalar loss``, used to replay a skipped step
            and name the op, module and line that produced the NaN/Inf.
        clipnorm: global-norm clipping applied after the check, from a finite norm.
        max_consecutive_skips: stop with ``NonFiniteError`` after this many skips in a row.
        spike: also skip loss and gradient-norm spikes (``nanguard.core.policy``).
        recovery: a :class:`nanguard.torch.Recovery` (rollback to known-good snapshots,
            learning-rate back-off), or ``None`` to only skip.
        tensorboard: also write TensorBoard scalars and incident text (needs ``logdir``).
        scaler: a ``torch.amp.GradScaler`` for fp16; use ``guard.scale(loss).backward()``.
        verbose: 1 prints one line per action; 0 is silent.
        log_every: sample one healthy step into ``steps.jsonl`` every this many steps.
        capture: keep the batch and state of a skipped step for replay and for the
            incident folder.
        max_incidents: distinct incident origins saved per run.
        mode: ``"async"`` (native ``found_inf`` or masked commit: the host never
            waits for the device), ``"sync"`` (read the flag on the host every step),
            or ``"auto"``: ``"sync"`` for CPU parameters (no asynchronous device, so the
            read is free and the masked commit's snapshot is saved), ``"async"`` on
            CUDA and other accelerators.
        process_group: the ``torch.distributed`` group to agree over (default: world).

    Example:
        >>> guard = nanguard.torch.Guard(model, opt, logdir="runs/x", loss_fn=compute_loss)
        >>> loss = compute_loss(batch); loss.backward()  # doctest: +SKIP
        >>> guard.step(loss, batch)  # doctest: +SKIP
    """

    def __init__(
        self,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer,
        logdir: str | Path | None = None,
        loss_fn: Callable[[Any], torch.Tensor] | None = None,
        clipnorm: float | None = None,
        max_consecutive_skips: int = 25,
        spike: bool = False,
        recovery: Any = None,
        tensorboard: bool = False,
        scaler: Any = None,
        verbose: int = 1,
        *,
        log_every: int = 10,
        capture: bool = True,
        max_incidents: int = 5,
        spike_zscore: float = 6.0,
        spike_window: int = 128,
        spike_warmup: int = 64,
        spike_ratio: float | None = 10.0,
        mode: str = "auto",
        process_group: Any = None,
    ):
        if not isinstance(model, torch.nn.Module):
            raise InvalidArgumentError("model", type(model).__name__, "a torch.nn.Module")
        if not isinstance(optimizer, torch.optim.Optimizer):
            raise InvalidArgumentError(
                "optimizer", type(optimizer).__name__, "a torch.optim.Optimizer"
            )
        check_owned(model, optimizer)
        if loss_fn is not None and not callable(loss_fn):
            raise InvalidArgumentError("loss_fn", loss_fn, "a callable loss_fn(batch) or None")
        if isinstance(clipnorm, bool):
            raise InvalidArgumentError("clipnorm", clipnorm, "a finite number > 0 or None")
        if mode not in ("auto", "async", "sync"):
            raise InvalidArgumentError("mode", mode, "'auto', 'async' or 'sync'")
        if scaler is not None and not (hasattr(scaler, "unscale_") and hasattr(scaler, "update")):
            raise InvalidArgumentError("scaler", type(scaler).__name__,
                                       "a torch.amp.GradScaler or None")
        self.max_consecutive_skips = check_int("max_consecutive_skips", max_consecutive_skips, 1)
        self.config = policy.GuardConfig(
            clipnorm=None if clipnorm is None else float(clipnorm), spike=bool(spike),
            spike_zscore=spike_zscore, spike_window=spike_window, spike_warmup=spike_warmup,
            spike_ratio=spike_ratio,
        )
        self.model = model
        self.optimizer = optimizer
        self.loss_fn = loss_fn
        self.scaler = scaler
        self.process_group = process_group
        params = [p for g in optimizer.param_groups for p in g["params"]]
        self.device = params[0].device if params else torch.device("cpu")
        self._state = DeviceGuardState(self.config, self.device)
        self._commit = CommitEngine(optimizer, self.device, mode)
        self._buffers = BufferGuard(model, self.device)
        self._mailbox = Mailbox(self.device)
        self._pending: PendingStep | None = None
        self._external: tuple | None = None
        self._grad_versions: list | None = None
        self._rng = rng_state()
        self._force_skips = 0
        self._forced = False
        self._loss_seen = True
        self._in_step = False
        if recovery is not None:
            from nanguard.torch.recovery import Recovery

            if not isinstance(recovery, Recovery):
                raise InvalidArgumentError("recovery", type(recovery).__name__,
                                           "a nanguard.torch.Recovery or None")
        self.host = GuardHost(
            self, logdir=logdir, log_every=check_int("log_every", log_every, 1),
            capture=bool(capture), max_incidents=check_int("max_incidents", max_incidents, 0),
            recovery=recovery, tensorboard=bool(tensorboard), verbose=int(verbose),
        )
        self.recovery = recovery
        self._eval = EvalReporter(self)
        if recovery is not None:
            recovery.attach(self)

    # ------------------------------------------------------------------ the step
    def scale(self, loss: torch.Tensor) -> torch.Tensor:
        """``scaler.scale(loss)`` (fp16 with a GradScaler passed to the guard)."""
        if self.scaler is None:
            return loss
        return self.scaler.scale(loss)

    def step(self, loss: torch.Tensor, batch: Any = None, closure: Callable | None = None, *,
             sample_ids: Any = None):
        """Apply the optimizer update only if the loss and gradients are finite.

        Call it where ``optimizer.step()`` was, after ``loss.backward()``.

        Args:
            loss: the step's scalar loss (the one ``backward`` ran on).
            batch: the batch, kept by reference for the replay of a skipped step;
                :class:`nanguard.torch.MicroBatches` when several backward passes
                accumulated into this step (each is replayed on its own).
            closure: the optimizer's closure (LBFGS).
            sample_ids: the dataset indices of the batch's rows (a tensor or a
                list, e.g. from :class:`nanguard.torch.IndexedDataset`), kept by
                reference and read only when the step fails: the quarantine then
                names the samples at fault.

        Returns:
            A 0-dim bool tensor on the parameters' device: ``True`` when the update
            was skipped. Reading it on the host is a sync; the guard never does.
        """
        apply, params, scaler_state = self._decide(loss)
        sig = tuple(id(p) for p in params)
        fix: HostFixup = self._commit.commit(apply, params, sig, closure)
        return self._finish(apply, params, fix, batch, scaler_state, sample_ids)

    def skip_next(self, n: int) -> None:
        """Skip the next ``n`` updates whatever their gradients (recovery's ``skip_batches``)."""
        self._force_skips += check_int("n", n, 0)

    def before_optimizer_step(self, loss: torch.Tensor | None, batch: Any = None, *,
                              sample_ids: Any = None) -> torch.Tensor:
        """For loops that call ``optimizer.step()`` themselves (Lightning, Hugging Face).

        Decides after ``backward`` and prepares the undo (snapshot, or the native
        ``found_inf``); :meth:`after_optimizer_step` must follow the step. ``loss``
        may be ``None`` where the loop does not expose it (the gradients are still
        checked).

        Returns:
            The device bool ``True`` when the coming update will be undone.
        """
        if self._external is not None:  # the last step never ran (an fp16 scaler skipped it)
            self.after_optimizer_step()
        apply, params, scaler_state = self._decide(loss)
        sig = tuple(id(p) for p in params)
        self._external = (self._commit.begin(apply, params, sig), apply, params, batch,
                          scaler_state, sample_ids)
        return torch.logical_not(apply)

    def after_optimizer_step(self) -> None:
        """Undo the update :meth:`before_optimizer_step` decided to skip (bitwise)."""
        if self._external is None:
            return
        pending, apply, params, batch, scaler_state, sample_ids = self._external
        self._external = None
        self._finish(apply, params, self._commit.end(pending), batch, scaler_state, sample_ids)

    def _decide(self, loss: torch.Tensor | None):
        if loss is not None:
            check_loss(loss)
        params = [p for g in self.optimizer.param_groups for p in g["params"]
                  if p.grad is not None]
        check_backward_ran(params, self._grad_versions)
        self._in_step = True  # a rollback now finds this step's gradients already computed
        try:
            self.host.resolve(self._take_pending())
        finally:
            self._in_step = False
        grads = [p.grad for p in params]
        scaler_state = None
        if self.scaler is not None and self.scaler.is_enabled():
            scaler_state = unscale(self.scaler, self.optimizer, self.device)
        loss_t = None if loss is None else loss.detach().reshape(())
        corrupt = self._state_term(params)
        if _distributed.world_size(self.process_group) == 1:  # one process: nothing to agree
            sumsq = grad_sumsq(grads, self.device)
            if corrupt is not None:
                sumsq = sumsq + corrupt
        else:
            sharded, replicated = _distributed.split_grads(grads)
            local = grad_sumsq(sharded, self.device)
            if corrupt is not None:  # summed over the ranks: one rank's NaN skips them all
                local = local + corrupt
            sumsq, loss_t = _distributed.agree(local, grad_sumsq(replicated, self.device),
                                               loss_t, self.process_group)
        before = self._state.state
        decision = self._state.decide(loss_t, sumsq)
        apply = decision.apply
        if scaler_state is not None:
            apply = loss_scale_pass(self._state, decision, before, scaler_state)
        if self.config.clipnorm is not None:
            clip_(grads, decision.clip_scale)
        self._loss_seen = loss is not None
        self._forced = self._force_skips > 0
        if self._forced:  # host-side counter: no device read
            self._force_skips -= 1
            apply = torch.zeros((), dtype=torch.bool, device=apply.device)
        return apply, params, scaler_state

    def _state_term(self, params: list) -> torch.Tensor | None:
        """With Recovery: 0 or NaN for the parameters and optimizer state (corruption).

        Found here, before the update reads it, the corrupted state skips this step
        (the NaN never reaches the weights) and Recovery, reading the skip one step
        later, names it and rolls back at once (issue 12, item 5).
        """
        if self.recovery is None:
            return None
        tensors = list(params)
        for p in params:
            tensors.extend(v for v in (self.optimizer.state.get(p) or {}).values()
                           if isinstance(v, torch.Tensor))
        return nonfinite_term(tensors, self.device)

    def _finish(self, apply, params, fix: HostFixup, batch, scaler_state,
                sample_ids=None) -> torch.Tensor:
        self._buffers.commit(apply)
        if scaler_state is not None:
            self.scaler.update()
        slot = self._mailbox.post(self._state.packed(apply))
        self._pending = PendingStep(slot=slot, batch=batch, rng=self._rng, fix=fix,
                                    tier=self._commit.last_tier, sample_ids=sample_ids,
                                    forced=self._forced, loss_seen=self._loss_seen)
        self._rng = rng_state()
        self._grad_versions = grad_versions(params)
        return torch.logical_not(apply)

    def _take_pending(self) -> PendingStep | None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.vector = self._mailbox.read(pending.slot)
        return pending

    # ------------------------------------------------------------------ evaluation
    def check_eval(self, loss: Any, batch: Any = None,
                   loss_fn: Callable[[Any], torch.Tensor] | None = None) -> bool:
        """Report a non-finite validation/evaluation result; never skips, never stops.

        Call it in your evaluation loop with each batch's loss (one host read; not
        on the training path). A non-finite result is counted
        (``validation_nonfinite``, ``run.json``) and said once per origin, with the
        origin found by replaying ``loss_fn(batch)`` (default: the guard's
        ``loss_fn``) in the model's current mode.

        Returns:
            ``True`` when ``loss`` was non-finite.
        """
        if loss_fn is not None and not callable(loss_fn):
            raise InvalidArgumentError("loss_fn", loss_fn, "a callable loss_fn(batch) or None")
        return self._eval.check(loss, batch, loss_fn)

    @property
    def validation_nonfinite(self) -> int:
        """Evaluation results seen non-finite so far (:meth:`check_eval`)."""
        return self._eval.report.nonfinite

    @property
    def validation_findings(self) -> list[dict]:
        """One localized finding per new origin of a non-finite evaluation result."""
        return self._eval.report.findings

    # ------------------------------------------------------------------ host views
    def flush(self) -> None:
        """Process the last step's outcome now (one wait on the device)."""
        self.host.resolve(self._take_pending())

    def end_epoch(self) -> None:
        """Mark the end of an epoch (flushes the last step).

        The console then says the epoch's repeated skips of one origin in one line
        instead of waiting for the streak's end, and later events carry the next
        epoch number. The Lightning and Hugging Face callbacks call it for you.
        """
        self.flush()
        self.host.end_epoch()

    @property
    def skipped(self) -> int:
        """Steps skipped so far (flushes the last step)."""
        self.flush()
        return self.host.status_value("skipped")

    @property
    def consecutive_skips(self) -> int:
        self.flush()
        return self.host.status_value("consecutive")

    @property
    def steps(self) -> int:
        self.flush()
        return self.host.status_value("step")

    @property
    def loss_scale_skips(self) -> int:
        self.flush()
        return self.host.status_value("loss_scale_skips")

    @property
    def events(self) -> list[dict]:
        self.flush()
        return self.host.events

    @property
    def incidents(self) -> list[dict]:
        self.flush()
        return self.host.incidents

    def close(self, status: str = "completed") -> None:
        """Flush the last step and finish the run log (``run.json``)."""
        try:
            self.flush()
        finally:
            self.host.finish(status)

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        elif not self.host.finished:
            self.host.finish("failed")

