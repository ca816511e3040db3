"""Overhead of ``nanguard.torch.Guard`` against a plain ``optimizer.step()``, side by side.

Each arm is a full training step (forward, backward, update) on the same model
and data; arms run in one process, interleaved in a seeded random order per
round, and each round times the same number of steps per arm. Printed per arm:
median ms/step, and the per-round wall and process-CPU ratios against ``plain``.
``plain_again`` (a second plain arm) is the null A/B: its ratio is the noise floor.

Models:

* CPU: a small transformer encoder (2 layers, d=128, 4 heads, seq 64, batch 16) and
  an MLP (3 x 512);
* GPU (only when CUDA is present): a 6-layer d=512 transformer encoder; arms with
  fused AdamW (native ``found_inf``), default AdamW (masked commit) and ``spike=True``.

Usage: ``python bench/overhead_torch.py [--rounds 7] [--steps 20] [--quick]``
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _timing import Samples, head_commit, ratio_row, round_orders  # noqa: E402

import nanguard.torch as ngt  # noqa: E402


def transformer(d=128, layers=2, heads=4):
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(d, heads, dim_feedforward=4 * d, batch_first=True,
                                             dropout=0.0)
    return torch.nn.Sequential(torch.nn.TransformerEncoder(layer, layers), torch.nn.Linear(d, 1))


def mlp(width=512):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(width, width), torch.nn.ReLU(),
                               torch.nn.Linear(width, width), torch.nn.ReLU(),
                               torch.nn.Linear(width, 1))


def _data(model_name, device, n=8):
    g = torch.Generator().manual_seed(0)
    if model_name.startswith("transformer"):
        d = 512 if model_name == "transformer_gpu" else 128
        seq = 128 if model_name == "transformer_gpu" else 64
        xs = [torch.randn(16, seq, d, generator=g) for _ in range(n)]
        ys = [torch.randn(16, seq, 1, generator=g) for _ in range(n)]
    else:
        xs = [torch.randn(64, 512, generator=g) for _ in range(n)]
        ys = [torch.randn(64, 1, generator=g) for _ in range(n)]
    return [(x.to(device), y.to(device)) for x, y in zip(xs, ys)]


class Arm:
    """One training loop: plain ``opt.step()`` or a guarded ``guard.step``."""

    def __init__(self, base, make_opt, guard_kwargs, device):
        self.model = copy.deepcopy(base).to(device)
        self.opt = make_opt(self.model.parameters())
        self.guard = (None if guard_kwargs is None else
                      ngt.Guard(self.model, self.opt, verbose=0, **guard_kwargs))

    def run(self, data, steps):
        for i in range(steps):
            x, y = data[i % len(data)]
            self.opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.mse_loss(self.model(x), y)
            loss.backward()
            if self.guard is None:
                self.opt.step()
            else:
                self.guard.step(loss, (x, y))


def _sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def bench(model_name, base, arms, device, rounds, steps):
    data = _data(model_name, device)
    built = {name: Arm(base, make_opt, kw, device) for name, (make_opt, kw) in arms.items()}
    for arm in built.values():  # warm-up: lazy optimizer state, first-step sync, allocator
        arm.run(data, 3)
    samples = {name: Samples() for name in built}
    for order in round_orders(list(built), rounds, seed=0):
        for name in order:
            _sync(device)
            w0, c0 = time.perf_counter(), time.process_time()
            built[name].run(data, steps)
            _sync(device)
            samples[name].add(time.perf_counter() - w0, time.process_time() - c0, steps)
    for arm in built.values():
        if arm.guard is not None:
            assert arm.guard.skipped == 0
            arm.guard.close()
    print(f"\n{model_name} on {device.type}: {rounds} rounds x {steps} steps per arm")
    print(f"{'arm':34s} {'ms/step':>8s} {'wall x':>8s} {'(min-max)':>15s} {'cpu x':>7s}")
    for name, s in samples.items():
        r = ratio_row(s, samples["plain"])
        print(f"{name:34s} {s.ms_per_step():8.2f} {r['wall_median']:8.3f} "
              f"({r['wall_min']:.3f}-{r['wall_max']:.3f}) {r['cpu_median']:7.3f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="2 rounds x 3 steps (smoke run)")
    parser.add_argument("--models", default="transformer,mlp",
                        help="comma-separated CPU models to run (transformer, mlp)")
    args = parser.parse_args(argv)
    rounds, steps = (2, 3) if args.quick else (args.rounds, args.steps)
    torch.set_num_threads(int(os.environ.get("NANGUARD_BENCH_THREADS", "1")))
    print(f"nanguard {head_commit(ROOT)}, torch {torch.__version__}, "
          f"threads {torch.get_num_threads()}")
    cpu = torch.device("cpu")

    def adamw(fused=False):
        return lambda p: torch.optim.AdamW(p, lr=1e-4, fused=fused or None)

    cpu_arms = {
        "plain": (adamw(), None),
        "plain_again": (adamw(), None),
        "guard (auto = sync on CPU)": (adamw(), {}),
        "guard async (masked commit)": (adamw(), {"mode": "async"}),
        "plain (AdamW fused)": (adamw(True), None),
        "guard async (fused, found_inf)": (adamw(True), {"mode": "async"}),
        "guard spike=True": (adamw(), {"spike": True}),
        "guard clipnorm=1.0": (adamw(), {"clipnorm": 1.0}),
    }
    models = set(args.models.split(","))
    if "transformer" in models:
        bench("transformer", transformer(), cpu_arms, cpu, rounds, steps)
    if "mlp" in models:
        bench("mlp", mlp(), {k: v for k, v in cpu_arms.items() if "fused" not in k},
              cpu, rounds, steps)
    if torch.cuda.is_available():  # pragma: no cover - GPU only
        gpu = torch.device("cuda")
        gpu_arms = {
            "plain": (adamw(), None),
            "plain_again": (adamw(), None),
            "plain (AdamW fused)": (adamw(True), None),
            "guard (fused, found_inf)": (adamw(True), {}),
            "guard (foreach, masked commit)": (adamw(), {}),
            "guard spike=True": (adamw(), {"spike": True}),
        }
        bench("transformer_gpu", transformer(512, 6, 8), gpu_arms, gpu, rounds, steps)
    else:
        print("\nGPU section skipped: CUDA is not available on this machine.")
    print("\ncommand: python bench/overhead_torch.py "
          + (" ".join(argv) if argv else " ".join(sys.argv[1:])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
