"""Overhead of ``nanguard.torch.Guard`` against a plain ``optimizer.step()``, side by side.

Each arm is a full training step (forward, backward, update) on the same model
and data; arms run in one process, interleaved in a seeded random order per
round, and each round times the same number of steps per arm. Printed per arm:
median ms/step, and the per-round wall and process-CPU ratios against ``plain``.
``plain_again`` (a second plain arm) is the null A/B: its ratio is the noise floor.

Models:

* CPU: a small transformer encoder (2 layers, d=128, 4 heads, seq 64, batch 16),
  an MLP (3 x 512), and the reference conv model of ``bench/overhead.py`` (two 3x3
  convolutions, max-pool, dense 256, 10 classes; 32x32x3 inputs, batch 64);
* GPU (only when CUDA is present): a 6-layer d=512 transformer encoder; arms with
  fused AdamW (native ``found_inf``), default AdamW (masked commit) and ``spike=True``.

Recovery arms (issue #12): ``guard spike=True + Recovery()`` is spike detection plus
the snapshot ring at its defaults (a snapshot every 25 steps, preallocated copies,
``nanguard.torch._snapshots``); ``... snapshot_every=1`` is its worst case, a
snapshot at every step. A periodic cost fires in some rounds only, so the table
also prints the mean of the per-round ratios (``wall mean``, ``cpu mean``).

Usage: ``python bench/overhead_torch.py [--rounds 7] [--steps 20] [--quick]
[--models transformer,mlp,conv]``
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
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


def conv():
    """The reference conv model of ``bench/overhead.py`` (Keras), in torch."""
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 32, 3), torch.nn.ReLU(), torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(64 * 14 * 14, 256),
        torch.nn.ReLU(), torch.nn.Linear(256, 10))


def _loss(model_name, out, y):
    if model_name == "conv":
        return torch.nn.functional.cross_entropy(out, y)
    return torch.nn.functional.mse_loss(out, y)


def _data(model_name, device, n=8):
    g = torch.Generator().manual_seed(0)
    if model_name == "conv":
        xs = [torch.randn(64, 3, 32, 32, generator=g) for _ in range(n)]
        ys = [torch.randint(0, 10, (64,), generator=g) for _ in range(n)]
    elif model_name.startswith("transformer"):
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

    def __init__(self, base, make_opt, guard_kwargs, device, model_name):
        self.model = copy.deepcopy(base).to(device)
        self.opt = make_opt(self.model.parameters())
        self.model_name = model_name
        kwargs = dict(guard_kwargs or {})
        if "recovery" in kwargs:  # a fresh Recovery per arm (one Recovery per Guard)
            kwargs["recovery"] = ngt.Recovery(**kwargs["recovery"])
        self.guard = (None if guard_kwargs is None else
                      ngt.Guard(self.model, self.opt, verbose=0, **kwargs))

    def run(self, data, steps):
        for i in range(steps):
            x, y = data[i % len(data)]
            self.opt.zero_grad(set_to_none=True)
            loss = _loss(self.model_name, self.model(x), y)
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
    built = {name: Arm(base, make_opt, kw, device, model_name)
             for name, (make_opt, kw) in arms.items()}
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
    snapshots = {}
    for name, arm in built.items():
        if arm.guard is not None:
            assert arm.guard.skipped == 0
            arm.guard.close()
            if arm.guard.recovery is not None:
                snapshots[name] = arm.guard.recovery.ring.saved
    print(f"\n{model_name} on {device.type}: {rounds} rounds x {steps} steps per arm")
    print(f"{'arm':44s} {'ms/step':>8s} {'wall x':>7s} {'(min-max)':>13s} {'cpu x':>6s} "
          f"{'wall mean':>9s} {'cpu mean':>8s}")
    for name, s in samples.items():
        r = ratio_row(s, samples["plain"])
        print(f"{name:44s} {s.ms_per_step():8.2f} {r['wall_median']:7.3f} "
              f"({r['wall_min']:.3f}-{r['wall_max']:.3f}) {r['cpu_median']:6.3f} "
              f"{r['wall_mean']:9.3f} {r['cpu_mean']:8.3f}")
    for name, n in snapshots.items():
        print(f"  {name}: {n} snapshots taken in {rounds * steps + 3} steps")


def _state_dict_copy(value):
    """The snapshot of the torch Recovery before the ring: host copies of ``state_dict``."""
    if isinstance(value, torch.Tensor):
        return value.detach().to("cpu", copy=True)
    if isinstance(value, dict):
        return {k: _state_dict_copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_state_dict_copy(v) for v in value)
    return copy.deepcopy(value)


def snapshot_cost(model_name, base, device, repeats=30):
    """Milliseconds per snapshot, side by side: ``state_dict`` copies vs the ring."""
    arm = Arm(base, lambda p: torch.optim.AdamW(p, lr=1e-4), {"recovery": {"ring": 4}},
              device, model_name)
    arm.run(_data(model_name, device), 3)  # AdamW makes its state
    ring = arm.guard.recovery.ring
    times = {"state_dict copies (before)": [], "ring (preallocated, _foreach_copy_)": []}
    for i in range(repeats):
        for name in random.Random(i).sample(list(times), 2):
            _sync(device)
            t0 = time.perf_counter()
            if name.startswith("state_dict"):
                _state_dict_copy({"model": arm.model.state_dict(),
                                  "optimizer": arm.opt.state_dict()})
            else:
                ring.save(1000 + i)
            _sync(device)
            times[name].append(time.perf_counter() - t0)
    arm.guard.close()
    n = sum(t.numel() * t.element_size() for t in ring.get(1000 + repeats - 1).tensors)
    print(f"\nsnapshot cost, {model_name} + AdamW on {device.type} ({n / 1e6:.1f} MB "
          f"per snapshot), median of {repeats}:")
    for name, ts in times.items():
        print(f"  {name:40s} {statistics.median(ts) * 1e3:8.2f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="2 rounds x 3 steps (smoke run)")
    parser.add_argument("--models", default="transformer,mlp,conv",
                        help="comma-separated CPU models to run (transformer, mlp, conv; "
                        "'snapshots' alone: only the per-snapshot cost on conv)")
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
        "guard spike=True + Recovery()": (adamw(), {"spike": True, "recovery": {}}),
        "guard spike=True + Recovery(snapshot_every=1)": (
            adamw(), {"spike": True, "recovery": {"snapshot_every": 1}}),
    }
    models = set(args.models.split(","))
    if "transformer" in models:
        bench("transformer", transformer(), cpu_arms, cpu, rounds, steps)
    if "mlp" in models:
        bench("mlp", mlp(), {k: v for k, v in cpu_arms.items() if "fused" not in k},
              cpu, rounds, steps)
    if "conv" in models:
        keep = ("plain", "plain_again", "guard (auto = sync on CPU)", "guard spike=True",
                "guard spike=True + Recovery()", "guard spike=True + Recovery(snapshot_every=1)")
        bench("conv", conv(), {k: cpu_arms[k] for k in keep}, cpu, rounds, steps)
    if "conv" in models or "snapshots" in models:
        snapshot_cost("conv", conv(), cpu)
    if torch.cuda.is_available():  # pragma: no cover - GPU only
        gpu = torch.device("cuda")
        gpu_arms = {
            "plain": (adamw(), None),
            "plain_again": (adamw(), None),
            "plain (AdamW fused)": (adamw(True), None),
            "guard (fused, found_inf)": (adamw(True), {}),
            "guard (foreach, masked commit)": (adamw(), {}),
            "guard spike=True": (adamw(), {"spike": True}),
            "guard spike=True + Recovery()": (adamw(), {"spike": True, "recovery": {}}),
        }
        bench("transformer_gpu", transformer(512, 6, 8), gpu_arms, gpu, rounds, steps)
        snapshot_cost("transformer_gpu", transformer(512, 6, 8), gpu)
    else:
        print("\nGPU section skipped: CUDA is not available on this machine.")
    print("\ncommand: python bench/overhead_torch.py "
          + (" ".join(argv) if argv else " ".join(sys.argv[1:])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
