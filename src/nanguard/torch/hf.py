"""``nanguard.torch.hf.GuardCallback``: the torch Guard as a Hugging Face ``TrainerCallback``.

The ``Trainer`` calls ``optimizer.step()`` itself, between the callback events
``on_pre_optimizer_step`` (after its own gradient clipping, which is harmless:
a NaN norm only makes the gradients NaN, which the guard then skips) and
``on_optimizer_step``. The callback decides in the first and undoes a skipped
update in the second, bitwise. Callbacks never see the loss or the inputs, so
the decision checks the gradients only, and incidents are saved without a
replay. The ``Trainer`` still steps its LR scheduler after a skipped update
(it only knows about its own fp16 scaler's skips): one step of LR drift per skip.

Example:
    >>> trainer = Trainer(model, args, train_dataset=ds, callbacks=[GuardCallback("runs/x")])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from nanguard.torch._guard import Guard as TorchGuard

__all__ = ["GuardCallback"]


class GuardCallback(TrainerCallback):
    """Skip every ``Trainer`` optimizer step whose gradients hold NaN/Inf.

    Args:
        logdir: run-log folder, or ``None``.
        max_consecutive_skips: stop with ``NonFiniteError`` after this many skips in a row.
        spike: also skip gradient-norm spikes.
        verbose: 1 prints one line per action.
        **kwargs: further options of :class:`nanguard.torch.Guard`.
    """

    def __init__(self, logdir: str | Path | None = None, max_consecutive_skips: int = 25,
                 spike: bool = False, verbose: int = 1, **kwargs: Any):
        self.options = dict(logdir=logdir, max_consecutive_skips=max_consecutive_skips,
                            spike=spike, verbose=verbose, **kwargs)
        self.guard: TorchGuard | None = None

    def on_train_begin(self, args, state, control, model=None, optimizer=None, **kwargs):
        if self.guard is None:
            self.guard = TorchGuard(model, optimizer, **self.options)

    def on_pre_optimizer_step(self, args, state, control, **kwargs):
        self.guard.before_optimizer_step(None)

    def on_optimizer_step(self, args, state, control, **kwargs):
        self.guard.after_optimizer_step()

    def on_epoch_end(self, args, state, control, **kwargs):
        if self.guard is not None:
            self.guard.end_epoch()

    def on_train_end(self, args, state, control, **kwargs):
        if self.guard is not None:
            self.guard.close()
