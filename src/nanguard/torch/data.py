"""Data-side helpers: know which samples a batch holds, and leave quarantined ones out.

A quarantined batch (see :class:`nanguard.torch.Recovery`) names its samples
only when the loop tells the guard which dataset rows the batch holds:
:class:`IndexedDataset` returns each item with its index, and
``guard.step(loss, batch, sample_ids=ids)`` hands them over (read only when a
step fails, so healthy steps stay sync-free). :class:`QuarantineSampler` wraps
the loader's sampler and drops the quarantined indices from every later epoch,
from a live ``Recovery`` or from a finished run's ``quarantine.json``.

Example:
    >>> rec = nanguard.torch.Recovery()
    >>> loader = DataLoader(IndexedDataset(ds), batch_size=32,
    ...                     sampler=QuarantineSampler(RandomSampler(ds), rec))  # doctest: +SKIP
    >>> for batch, ids in loader:  # doctest: +SKIP
    ...     guard.step(loss, batch, sample_ids=ids)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from torch.utils.data import Dataset, Sampler

from nanguard.core.quarantine import quarantined_samples
from nanguard.errors import InvalidArgumentError

__all__ = ["IndexedDataset", "MicroBatches", "QuarantineSampler"]


class MicroBatches(list):
    """The micro-batches whose gradients accumulated into one optimizer step.

    Hand them to ``guard.step(loss, MicroBatches([b0, b1, ...]))``: a skipped
    step is then replayed micro-batch by micro-batch (``loss_fn(b0)``, then
    ``loss_fn(b1)``..., the RNG and buffers running on as in the step), and the
    finding says which micro-batch made the NaN/Inf. Batch arrays of the
    incident are named ``x/micro<i>``, ``y/micro<i>``...
    """


class IndexedDataset(Dataset):
    """``dataset[i]`` as ``(dataset[i], i)``: the loader then yields ``(batch, ids)``.

    Args:
        dataset: a map-style dataset (``__getitem__`` and ``__len__``).
    """

    def __init__(self, dataset: Any):
        if not (hasattr(dataset, "__getitem__") and hasattr(dataset, "__len__")):
            raise InvalidArgumentError("dataset", type(dataset).__name__,
                                       "a map-style dataset (__getitem__ and __len__)")
        self.dataset = dataset

    def __len__(self) -> int:
        return len(self.dataset)

    def __getitem__(self, index: int) -> tuple[Any, int]:
        return self.dataset[index], index


class QuarantineSampler(Sampler):
    """A sampler (or batch sampler) without the quarantined samples.

    The quarantined set is read when each epoch starts (``iter(loader)``), so a
    sample quarantined during epoch ``e`` is left out from epoch ``e + 1`` on and
    the order of an epoch never changes while it runs.

    Args:
        sampler: the sampler to filter: yields indices (``RandomSampler``,
            ``SequentialSampler``...) or lists of indices (a ``BatchSampler``;
            a batch left empty is dropped).
        quarantine: a :class:`nanguard.torch.Recovery` (live) or the path of a
            ``quarantine.json`` written by an earlier run.
    """

    def __init__(self, sampler: Any, quarantine: Any):
        if not hasattr(sampler, "__iter__"):
            raise InvalidArgumentError("sampler", type(sampler).__name__,
                                       "a torch.utils.data.Sampler")
        if isinstance(quarantine, (str, Path)):
            path = Path(quarantine)
            quarantined_samples(path)  # fail now on a file that is not a quarantine
            self._read = lambda: set(quarantined_samples(path))
        elif callable(getattr(quarantine, "quarantined_samples", None)):
            self._read = quarantine.quarantined_samples
        else:
            raise InvalidArgumentError(
                "quarantine", type(quarantine).__name__,
                "a nanguard.torch.Recovery or the path of a quarantine.json")
        self.sampler = sampler
        self.excluded: set[int] = set(self._read())

    def __iter__(self) -> Iterator:
        self.excluded = set(self._read())
        excluded = self.excluded
        for item in self.sampler:
            if isinstance(item, (list, tuple)):
                kept = [i for i in item if int(i) not in excluded]
                if kept:
                    yield kept
            elif int(item) not in excluded:
                yield item

    def __len__(self) -> int:
        n = len(self.sampler)
        source = getattr(self.sampler, "data_source", None)
        if source is None or getattr(self.sampler, "replacement", False):
            return n  # a batch sampler or a sampler with repeats: an upper bound
        size = len(source)
        if n != size:  # a subset of the source per epoch: an upper bound
            return n
        return n - sum(1 for i in self._read() if 0 <= i < size)
