"""``nanguard demo --framework torch``: the classic backward-only NaN in PyTorch, plain vs guarded.

A ``Linear(8, 100) -> relu -> Linear(1)`` regression (zero biases, as Keras
initialises them) uses a per-sample "robust RMSE" whose input is clipped for
safety: ``sqrt(clamp((y - p)**2, 0, 1e6))``. Some batches hold padding rows
(x = 0, y = 0). While the model maps them to exactly 0, the residual is exactly
0 and ``sqrt(0) = 0``: the forward pass is finite, but the gradient is
``inf * 0 = NaN``. Clipping cannot help: the boundary is the singularity.

Run 1 is a plain loop with ``optimizer.step()``: one NaN update destroys every
weight. Run 2 replaces that line with ``guard.step(loss, batch)``: the bad steps
are skipped bitwise, the origin is located (aten op, module, line), and
training completes with a finite loss.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch

from nanguard.demo import make_data
from nanguard.report.demo_summary import print_demo_summary
from nanguard.torch._guard import Guard

__all__ = ["run_demo", "robust_rmse"]


def robust_rmse(y_true: torch.Tensor, y_pred: torch.Tensor) -> torch.Tensor:
    residual_sq = torch.clamp((y_true - y_pred) ** 2, 0.0, 1e6)
    return torch.sqrt(residual_sq).mean()


def build_model(seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(8, 100), torch.nn.ReLU(), torch.nn.Linear(100, 1))
    with torch.no_grad():
        for layer in (model[0], model[2]):
            layer.bias.zero_()
    return model


def _train(model, batches, epochs, guard=None, opt=None):
    losses = []
    for _ in range(epochs):
        total, count = 0.0, 0
        for batch in batches:
            x, y = batch
            opt.zero_grad(set_to_none=True)
            loss = robust_rmse(y, model(x))
            loss.backward()
            if guard is None:
                opt.step()
            else:
                guard.step(loss, batch)
            value = float(loss.detach())
            if value == value:  # the epoch mean over finite steps, like Keras' nan-free logs
                total, count = total + value, count + 1
        losses.append(total / count if count else float("nan"))
    return losses


def _nan_fraction(model) -> float:
    w = torch.cat([p.detach().ravel() for p in model.parameters()])
    return float((~torch.isfinite(w)).float().mean())


def run_demo(logdir: str | Path = "nanguard-demo-torch", epochs: int = 5,
             report: bool = True) -> dict:
    from nanguard.report.console import console

    con = console()
    x, y = make_data()
    batches = [(torch.from_numpy(x[i:i + 32]), torch.from_numpy(y[i:i + 32]))
               for i in range(0, len(x), 32)]
    results = {}

    con.rule("[bold]Run 1: plain PyTorch (optimizer.step())")
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    t0 = time.perf_counter()
    loss = _train(model, batches, epochs, opt=opt)
    results["plain"] = {"loss": loss, "nan_weights": _nan_fraction(model),
                        "seconds": time.perf_counter() - t0, "skipped": 0}

    con.rule("[bold]Run 2: the same loop with guard.step(loss, batch)")
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    guard = Guard(model, opt, logdir=logdir,
                  loss_fn=lambda batch: robust_rmse(batch[1], model(batch[0])))
    t0 = time.perf_counter()
    loss = _train(model, batches, epochs, guard=guard, opt=opt)
    guard.close()
    results["guard"] = {"loss": loss, "nan_weights": _nan_fraction(model),
                        "seconds": time.perf_counter() - t0, "skipped": guard.skipped,
                        "steps": guard.steps, "incidents": guard.incidents}
    print_demo_summary(con, results,
                       title="nanguard demo (PyTorch): the same model, data and loss",
                       plain_label="plain PyTorch", guard_label="with Guard")
    if report:
        from nanguard.report.html import write_report

        path = write_report(logdir)
        con.print(f"HTML report: [bold]{path}[/]")
        results["report"] = str(path)
    return results


if __name__ == "__main__":  # pragma: no cover
    run_demo()
