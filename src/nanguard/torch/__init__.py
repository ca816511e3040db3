"""nanguard for PyTorch: ``Guard(model, optimizer).step(loss, batch)`` and ``locate``.

Importing ``nanguard.torch`` imports torch; ``import nanguard`` does not.

Example:
    >>> guard = nanguard.torch.Guard(model, opt, loss_fn=compute_loss)  # doctest: +SKIP
    >>> loss = compute_loss(batch); loss.backward(); guard.step(loss, batch)  # doctest: +SKIP
"""

from __future__ import annotations

from nanguard.torch._guard import Guard
from nanguard.torch.data import IndexedDataset, MicroBatches, QuarantineSampler
from nanguard.torch.recovery import Recovery

__all__ = ["Guard", "IndexedDataset", "MicroBatches", "QuarantineSampler", "Recovery"]
