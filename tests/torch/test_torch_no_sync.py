"""A healthy guarded step never reads a tensor on the host.

On CUDA the check is ``torch.cuda.set_sync_debug_mode("error")``. On the CPU
a ``TorchFunctionMode`` counts every host read of a tensor's value
(``item``, ``bool``, ``float``, ``int``, ``tolist``, ``cpu``, ``numpy``) made
inside ``guard.step``. The guard runs in ``mode="async"``, the path ``"auto"``
takes on CUDA (on the CPU ``"auto"`` reads the flag, which waits for nothing).
The only exempt tensors are the guard's own host mailbox buffers, which the
device fills with a non-blocking copy and the host reads a step later. Reads
made inside ``torch.optim`` (the non-fused Adam family reads its CPU ``step``
counter with ``.item()``, a host tensor even on CUDA) are the optimizer's own
and must equal a plain ``optimizer.step()``'s. A control run in
``mode="sync"`` shows the counter does see reads.
"""

from __future__ import annotations

import os
import sys

import pytest
import torch
from torch.overrides import TorchFunctionMode
from torch_helpers import batches, loss_of, small_model

import nanguard.torch as ngt

HOST_READS = {
    torch.Tensor.item, torch.Tensor.__bool__, torch.Tensor.__float__, torch.Tensor.__int__,
    torch.Tensor.__index__, torch.Tensor.tolist, torch.Tensor.cpu, torch.Tensor.numpy,
}


OPTIM_DIR = os.path.dirname(torch.optim.__file__) + os.sep


class HostReadCounter(TorchFunctionMode):
    """Counts host reads; those made by ``torch.optim`` code itself are kept apart."""

    def __init__(self, exempt):
        super().__init__()
        self.exempt = exempt
        self.reads: list[str] = []
        self.optimizer_reads: list[str] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if func in HOST_READS and args and not self.exempt(args[0]):
            caller = sys._getframe(1).f_code.co_filename
            (self.optimizer_reads if caller.startswith(OPTIM_DIR) else self.reads).append(
                func.__name__)
        return func(*args, **(kwargs or {}))


def _healthy_reads(make_opt, steps=12, **guard_kwargs):
    model = small_model()
    opt = make_opt(model.parameters())
    guard_kwargs.setdefault("mode", "async")  # the CUDA path ("auto" on CUDA), on the CPU
    guard = ngt.Guard(model, opt, verbose=0, **guard_kwargs)
    counter = HostReadCounter(guard._mailbox.is_buffer)
    for i, batch in enumerate(batches(steps)):
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model, batch)
        loss.backward()
        if i < 2:  # the first step creates the optimizer's lazy state: exempt
            guard.step(loss, batch)
            continue
        with counter:
            guard.step(loss, batch)
    guard.close()
    return counter, guard


def _plain_optimizer_reads(make_opt, steps=12):
    model = small_model()
    opt = make_opt(model.parameters())
    counter = HostReadCounter(lambda t: False)
    for i, batch in enumerate(batches(steps)):
        opt.zero_grad(set_to_none=True)
        loss_of(model, batch).backward()
        if i < 2:
            opt.step()
            continue
        with counter:
            opt.step()
    return counter.optimizer_reads + counter.reads


CASES = {
    "adam_foreach_masked": (lambda p: torch.optim.Adam(p, foreach=True), {}),
    "adamw_fused_native": (lambda p: torch.optim.AdamW(p, fused=True), {}),
    "sgd_momentum_clip": (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
                          {"clipnorm": 1.0}),
    "rmsprop_spike": (lambda p: torch.optim.RMSprop(p), {"spike": True, "spike_warmup": 4}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_healthy_steps_read_no_tensor_on_the_host(name):
    make_opt, kwargs = CASES[name]
    counter, guard = _healthy_reads(make_opt, **kwargs)
    assert counter.reads == []
    assert counter.optimizer_reads == _plain_optimizer_reads(make_opt)
    assert guard.steps == 12 and guard.skipped == 0


def test_the_counter_sees_the_reads_of_the_sync_mode():
    counter, _ = _healthy_reads(lambda p: torch.optim.Adam(p), mode="sync")
    assert counter.reads.count("__bool__") == 10


def test_auto_mode_on_the_cpu_reads_the_flag_once_per_step():
    # No asynchronous device on the CPU: the read is free and saves the snapshot.
    counter, guard = _healthy_reads(lambda p: torch.optim.Adam(p), mode="auto")
    assert counter.reads == ["__bool__"] * 10
    assert guard._commit.mode == "sync"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_healthy_steps_pass_cuda_sync_debug_mode_error():  # pragma: no cover - GPU only
    model = small_model().cuda()
    opt = torch.optim.AdamW(model.parameters(), fused=True)
    guard = ngt.Guard(model, opt, verbose=0)
    for i, (x, y) in enumerate(batches(6)):
        x, y = x.cuda(), y.cuda()
        opt.zero_grad(set_to_none=True)
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        if i >= 2:
            torch.cuda.set_sync_debug_mode("error")
        try:
            guard.step(loss, (x, y))
        finally:
            torch.cuda.set_sync_debug_mode(0)
