"""``nanguard.torch.hf.GuardCallback``: the torch Guard as a Hugging Face ``TrainerCallback``.

The ``Trainer`` calls ``optimizer.step()`` itself, between the callback events
``on_pre_optimizer_step`` (after its own gradient clipping, which is harmless:
a NaN norm only makes the gradients NaN, which the guard then skips) and
``on_optimizer_step``. The callback decides in the first and undoes a skipped
update in the second, bitwise. Callbacks never see the loss, so the decision
checks the gradients.

Callbacks never see the inputs either: a forward pre-hook on the model keeps a
reference to the keyword arguments of each training forward since the last
optimizer step (one per micro-batch under ``gradient_accumulation_steps``). A
skipped step is replayed from them: ``model(**inputs).loss`` by default (the
batch carries ``labels``), or ``loss_fn(model, inputs)`` when given (a custom
``compute_loss``). With several micro-batches the finding names the one that
failed. The ``Trainer`` still steps its LR scheduler after a skipped update
(it only knows about its own fp16 scaler's skips): one step of LR drift per skip.

Example:
    >>> trainer = Trainer(model, args, train_dataset=ds, callbacks=[GuardCallback("runs/x")])
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from transformers import TrainerCallback

from nanguard.errors import InvalidArgumentError
from nanguard.torch._guard import Guard as TorchGuard
from nanguard.torch.data import MicroBatches

__all__ = ["GuardCallback"]


def _model_loss(model: torch.nn.Module) -> Callable[[dict], torch.Tensor]:
    """``model(**inputs)``'s own loss: what the ``Trainer`` trains on by default."""

    def loss_fn(inputs: dict) -> torch.Tensor:
        out = model(**inputs)
        loss = out.get("loss") if isinstance(out, dict) else (
            out[0] if isinstance(out, (tuple, list)) else out)
        if not isinstance(loss, torch.Tensor):
            raise ValueError("the model returned no loss for the captured inputs (no "
                             "`labels`?): pass GuardCallback(loss_fn=...) to replay")
        return loss

    return loss_fn


class GuardCallback(TrainerCallback):
    """Skip every ``Trainer`` optimizer step whose gradients hold NaN/Inf, and say why.

    Args:
        logdir: run-log folder, or ``None``.
        max_consecutive_skips: stop with ``NonFiniteError`` after this many skips in a row.
        spike: also skip gradient-norm spikes.
        verbose: 1 prints one line per action.
        loss_fn: ``loss_fn(model, inputs) -> scalar loss`` for the replay of a
            skipped step, where ``inputs`` are the keyword arguments the ``Trainer``
            passed to the model; default ``model(**inputs).loss``. ``replay=False``
            saves incidents without a replay.
        replay: capture the training inputs (by reference) and replay skipped steps.
        **kwargs: further options of :class:`nanguard.torch.Guard`.
    """

    def __init__(self, logdir: str | Path | None = None, max_consecutive_skips: int = 25,
                 spike: bool = False, verbose: int = 1, *,
                 loss_fn: Callable[[torch.nn.Module, dict], torch.Tensor] | None = None,
                 replay: bool = True, **kwargs: Any):
        if loss_fn is not None and not callable(loss_fn):
            raise InvalidArgumentError("loss_fn", loss_fn,
                                       "a callable loss_fn(model, inputs) or None")
        self.options = dict(logdir=logdir, max_consecutive_skips=max_consecutive_skips,
                            spike=spike, verbose=verbose, **kwargs)
        self.loss_fn = loss_fn
        self.replay = bool(replay)
        self.guard: TorchGuard | None = None
        self._inputs: list[dict] = []
        self._recording = True
        self._hook = None

    def on_train_begin(self, args, state, control, model=None, optimizer=None, **kwargs):
        if self.guard is not None:
            return
        loss_fn = None
        if self.replay:
            user = self.loss_fn
            loss_fn = _model_loss(model) if user is None else (lambda inputs: user(model, inputs))
            self._hook = model.register_forward_pre_hook(self._record, with_kwargs=True)
        self.guard = TorchGuard(model, optimizer, loss_fn=loss_fn, **self.options)

    def _record(self, module, args, kwargs):
        # Training forwards only: evaluation runs without grad, and the replay is ours.
        if self._recording and module.training and torch.is_grad_enabled():
            self._inputs.append(dict(kwargs) if not args else None)

    def _batch(self) -> Any:
        inputs, self._inputs = self._inputs, []
        if not inputs or any(i is None for i in inputs):  # positional inputs: no replay
            return None
        return inputs[0] if len(inputs) == 1 else MicroBatches(inputs)

    def on_pre_optimizer_step(self, args, state, control, **kwargs):
        batch = self._batch()
        self._recording = False  # a replay may run here: its forwards are not the next step's
        try:
            self.guard.before_optimizer_step(None, batch)
        finally:
            self._recording = True

    def on_optimizer_step(self, args, state, control, **kwargs):
        self.guard.after_optimizer_step()

    def on_epoch_end(self, args, state, control, **kwargs):
        if self.guard is not None:
            self._recording = False
            try:
                self.guard.end_epoch()
            finally:
                self._recording = True

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        """A non-finite ``eval_loss`` is counted and said once (no batch: not localized)."""
        loss = (metrics or {}).get("eval_loss")
        if self.guard is not None and isinstance(loss, float):
            self.guard.check_eval(loss)

    def on_train_end(self, args, state, control, **kwargs):
        if self.guard is not None:
            self._recording = False
            if self._hook is not None:
                self._hook.remove()
                self._hook = None
            self.guard.close()
