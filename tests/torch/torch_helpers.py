"""Shared builders for the torch tests: a small model with BatchNorm, batches, state bytes."""

from __future__ import annotations

import copy

import torch


def small_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.Tanh(), torch.nn.Linear(8, 1)
    )


def batches(n: int, seed: int = 1, bad: dict | None = None) -> list:
    """``n`` (x, y) batches; ``bad={i: "nan"|"inf"}`` poisons batch i's first feature."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for i in range(n):
        x = torch.randn(16, 4, generator=g)
        y = torch.randn(16, 1, generator=g)
        if bad and i in bad:
            x[0, 0] = float(bad[i])
        out.append((x, y))
    return out


def loss_of(model, batch):
    x, y = batch
    return ((model(x) - y) ** 2).mean()


def _bytes(value):
    if isinstance(value, torch.Tensor):
        t = value.detach()
        raw = t.reshape(-1).contiguous().view(torch.uint8).cpu().numpy().tobytes()
        return ("tensor", str(t.dtype), tuple(t.shape), str(t.device), raw)
    if isinstance(value, (list, tuple)):
        return tuple(_bytes(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _bytes(v)) for k, v in value.items()))
    if isinstance(value, float):
        return ("float", value.hex())
    return ("py", repr(value))


def full_state(model: torch.nn.Module, opt: torch.optim.Optimizer) -> dict:
    """Every byte a step could change: params, buffers, optimizer state, param groups."""
    names = {id(p): n for n, p in model.named_parameters()}
    return {
        "params": {n: _bytes(p) for n, p in model.named_parameters()},
        "buffers": {n: _bytes(b) for n, b in model.named_buffers()},
        "state": {names.get(id(p), str(id(p))): _bytes(s) for p, s in opt.state.items()},
        "groups": [_bytes({k: v for k, v in g.items() if k != "params"})
                   for g in opt.param_groups],
    }


def clone_run(model, make_opt):
    m2 = copy.deepcopy(model)
    return m2, make_opt(m2.parameters())
