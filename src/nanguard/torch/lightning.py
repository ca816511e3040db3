"""``nanguard.torch.lightning.Guard``: the torch Guard as a Lightning callback.

Lightning calls ``optimizer.step(closure)`` itself. The callback decides in
``on_before_optimizer_step`` (after the closure ran ``training_step`` and
``backward``, and after AMP's ``unscale_``), with the loss seen in
``on_before_backward``, and prepares the undo; a step post-hook on the
optimizer then selects the old values back if the step was skipped. A skipped
step is bitwise a no-op, as with ``nanguard.torch.Guard``.

Lightning clips gradients *after* this hook (``gradient_clip_val``): pass
``clipnorm`` to the callback instead, which clips after the check.

Example:
    >>> trainer = lightning.Trainer(callbacks=[nanguard.torch.lightning.Guard("runs/x")])
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path
from typing import Any

import lightning.pytorch as pl
import torch

from nanguard.torch._guard import Guard as TorchGuard
from nanguard.torch.data import MicroBatches

__all__ = ["Guard"]


class Guard(pl.Callback):
    """Skip every Lightning optimizer step whose loss or gradients hold NaN/Inf.

    Args:
        logdir: run-log folder, or ``None``.
        clipnorm: global-norm clipping after the check (use instead of
            ``Trainer(gradient_clip_val=...)``).
        max_consecutive_skips: stop with ``NonFiniteError`` after this many skips in a row.
        spike: also skip loss and gradient-norm spikes.
        verbose: 1 prints one line per action.
        **kwargs: further options of :class:`nanguard.torch.Guard`.
    """

    def __init__(self, logdir: str | Path | None = None, clipnorm: float | None = None,
                 max_consecutive_skips: int = 25, spike: bool = False, verbose: int = 1,
                 **kwargs: Any):
        super().__init__()
        self.options = dict(logdir=logdir, clipnorm=clipnorm, spike=spike, verbose=verbose,
                            max_consecutive_skips=max_consecutive_skips, **kwargs)
        self.guard: TorchGuard | None = None
        self._loss = None
        self._batches: list = []  # (batch, batch_idx) since the last optimizer step
        self._index_of: dict[int, int] = {}  # id(batch) -> batch_idx, for the replay
        self._previous: dict[int, int] = {}
        self._hook = None

    def on_fit_start(self, trainer: pl.Trainer, pl_module: pl.LightningModule) -> None:
        if self.guard is not None:
            return
        if trainer.gradient_clip_val:
            warnings.warn(
                "nanguard: Lightning clips gradients after on_before_optimizer_step, so a NaN "
                "norm reaches the clipping; pass Guard(clipnorm=...) instead of "
                "gradient_clip_val.", stacklevel=2)
        optimizer = trainer.optimizers[0]
        self.guard = TorchGuard(pl_module, optimizer, loss_fn=self._replay_loss(pl_module),
                                **self.options)
        self._hook = optimizer.register_step_post_hook(
            lambda opt, args, kwargs: self.guard.after_optimizer_step())

    def _replay_loss(self, pl_module):
        def loss_fn(batch):
            # training_step's self.log calls are silenced during the replay.
            with _no_logging(pl_module):
                out = pl_module.training_step(batch, self._index_of.get(id(batch), 0))
            return out["loss"] if isinstance(out, dict) else out

        return loss_fn

    def on_train_batch_start(self, trainer, pl_module, batch, batch_idx) -> None:
        self._batches.append((batch, batch_idx))

    def on_before_backward(self, trainer, pl_module, loss: torch.Tensor) -> None:
        self._loss = loss.detach()

    def on_before_optimizer_step(self, trainer, pl_module, optimizer) -> None:
        # Under accumulate_grad_batches several batches fed this step: each is replayed.
        kept, self._batches = self._batches, []
        current = {id(b): i for b, i in kept}
        self._index_of = {**self._previous, **current}  # the previous step's replay runs now
        self._previous = current
        batches = [b for b, _ in kept]
        batch = batches[0] if len(batches) == 1 else MicroBatches(batches) if batches else None
        self.guard.before_optimizer_step(self._loss, batch)

    def on_validation_batch_end(self, trainer, pl_module, outputs, batch, batch_idx,
                                dataloader_idx=0) -> None:
        """A non-finite validation loss is counted and said once, localized; never skipped."""
        if self.guard is None or trainer.sanity_checking:
            return
        loss = outputs.get("loss") if isinstance(outputs, dict) else outputs
        if isinstance(loss, torch.Tensor):
            self.guard.check_eval(loss, batch, self._validation_loss(pl_module, batch_idx,
                                                                     dataloader_idx))

    def _validation_loss(self, pl_module, batch_idx, dataloader_idx):
        def loss_fn(batch):
            args = (batch, batch_idx) + ((dataloader_idx,) if dataloader_idx else ())
            with _no_logging(pl_module):
                out = pl_module.validation_step(*args)
            return out["loss"] if isinstance(out, dict) else out

        return loss_fn

    def on_train_epoch_end(self, trainer, pl_module) -> None:
        if self.guard is not None:
            self.guard.end_epoch()

    def on_train_end(self, trainer, pl_module) -> None:
        if self.guard is not None:
            self.guard.after_optimizer_step()
            self.guard.close()
        if self._hook is not None:
            self._hook.remove()
            self._hook = None


@contextlib.contextmanager
def _no_logging(module):
    original = module.log
    module.log = lambda *args, **kwargs: None
    try:
        yield
    finally:
        module.log = original
