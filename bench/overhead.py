"""Per-step overhead of the documented nanguard configurations vs plain Keras.

A benchmark, not a test. It times exactly what the README documents:

* ``guard``: ``Guard(logdir=..., clipnorm=1.0)`` (the quick start, with a run log);
* ``guard_spike``: the same with ``spike=True``;
* ``guard_recovery``: ``Guard(logdir=..., clipnorm=1.0, spike=True,
  recovery=Recovery(snapshot_every=100))`` (docs/recovery.md), memory snapshots;

against ``plain`` Keras with the same clipping (``Adam(global_clipnorm=1.0)``), and
``plain_b``, a second identical plain model: plain_b/plain is the noise floor.
``loss_scale_optimizer`` and ``terminate_on_nan`` are references; ``check_numerics``
is timed in its own phase (it is process-global), alternating with plain.

How it times: every arm is built and warmed up once (tracing excluded). Each round
runs every arm once, in a seeded random order, as one ``fit`` of ``1 + W/P`` epochs
of P steps. The window is from the end of epoch 0 to the end of the last epoch
(W steps), clocked by a callback that only hooks epoch ends (it adds no per-batch
work; Keras 3 never dispatches batch callbacks asynchronously on the TensorFlow
backend, whose ``IS_THREAD_SAFE`` is False). The window therefore holds
every per-step and per-epoch cost, and every periodic one: W is a multiple of
``snapshot_every`` and the snapshots taken inside it are counted through
``Recovery.snapshot_steps`` and asserted. ``Recovery.attach``'s snapshot at each
``fit`` start falls in epoch 0, outside the window. Ratios are per round (same
round), wall and process-CPU time (``time.process_time``, all threads).

Usage: python bench/overhead.py [--rounds 7] [--quick] [--models conv,mlp]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _timing import Samples, head_commit, ratio_row, round_orders  # noqa: E402

import nanguard  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BATCH = 64
MAIN_ARMS = ("plain", "plain_b", "guard", "guard_spike", "guard_recovery",
             "loss_scale_optimizer", "terminate_on_nan")
# Not run by default (--arms): guard_check = spike=True + Recovery that never snapshots in
# the window, i.e. the in-graph weight/slot check (GraphHooks.check_variables) alone.
EXTRA_ARMS = ("guard_check",)


def conv_model():
    return keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(10),
    ])


def mlp_model():
    return keras.Sequential([
        keras.Input((256,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10),
    ])


def data(kind, steps):
    rng = np.random.default_rng(0)
    n = steps * BATCH
    x = rng.normal(size=(n, 32, 32, 3) if kind == "conv" else (n, 256)).astype("float32")
    y = rng.integers(0, 10, size=(n,)).astype("int32")
    return x, y


class Arm:
    """One configuration: its model, callbacks and (for Recovery) the snapshot count."""

    def __init__(self, kind, name, logroot, snapshot_every):
        keras.utils.set_random_seed(0)
        self.name = name
        self.model = conv_model() if kind == "conv" else mlp_model()
        self.guard = None
        self.recovery = None
        self.steps_done = 0
        self.snapshots_in_window: list[int] = []
        clip = {"global_clipnorm": 1.0}
        callbacks = []
        logdir = os.path.join(logroot, f"{kind}_{name}")
        if name.startswith("guard"):
            opt = keras.optimizers.Adam(1e-3)
            kw = {}
            if name in ("guard_spike", "guard_recovery", "guard_check"):
                kw["spike"] = True
            if name == "guard_recovery":
                self.recovery = nanguard.keras.Recovery(snapshot_every=snapshot_every)
                kw["recovery"] = self.recovery
            if name == "guard_check":  # Recovery attached, no snapshot: the state check alone
                kw["recovery"] = nanguard.keras.Recovery(snapshot_every=10**9)
            self.guard = nanguard.keras.Guard(logdir=logdir, clipnorm=1.0, verbose=0, **kw)
            callbacks = [self.guard]
        elif name == "loss_scale_optimizer":
            opt = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(1e-3, **clip))
        elif name == "terminate_on_nan":
            opt = keras.optimizers.Adam(1e-3, **clip)
            callbacks = [keras.callbacks.TerminateOnNaN()]
        else:  # plain, plain_b, check_numerics
            opt = keras.optimizers.Adam(1e-3, **clip)
        self.callbacks = callbacks
        self.model.compile(optimizer=opt,
                           loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))


class EpochClock(keras.callbacks.Callback):
    """Wall and process-CPU clock at every epoch end (after the other callbacks).

    Hooks only ``on_epoch_end``, so it adds no per-batch work to any arm.
    """

    def __init__(self):
        super().__init__()
        self.marks: list[tuple[float, float]] = []

    def on_epoch_end(self, epoch, logs=None):
        self.marks.append((time.perf_counter(), time.process_time()))


def run_fit(arm, x, y, epochs, check_numerics=False):
    """One fit of ``epochs`` epochs; returns (wall, cpu, steps) of epochs 1..end."""
    per_epoch = len(x) // BATCH
    start = arm.steps_done
    clock = EpochClock()
    if check_numerics:
        tf.debugging.enable_check_numerics()
    try:
        arm.model.fit(x, y, batch_size=BATCH, epochs=epochs, shuffle=False, verbose=0,
                      callbacks=list(arm.callbacks) + [clock])
    finally:
        if check_numerics:
            tf.debugging.disable_check_numerics()
    arm.steps_done += epochs * per_epoch
    if arm.guard is not None and arm.guard.skipped:
        raise AssertionError(f"{arm.name}: {arm.guard.skipped} steps skipped on healthy data")
    if epochs < 2:
        return None
    (w0, c0), (w1, c1) = clock.marks[0], clock.marks[-1]
    window = (start + per_epoch, start + epochs * per_epoch)
    if arm.recovery is not None:
        check_snapshots(arm, start, window)
    return w1 - w0, c1 - c0, window[1] - window[0]


def check_snapshots(arm, start, window):
    """Assert the periodic snapshots fired inside the timed window (public API)."""
    every = arm.recovery.config.snapshot_every
    ring = arm.recovery.config.ring
    lo, hi = window
    expected = [s for s in range(start + every, hi + 1, every) if s > lo]
    got = [s for s in arm.recovery.snapshot_steps if lo < s <= hi]
    if not expected or len(got) < min(len(expected), ring):
        raise AssertionError(
            f"{arm.name}: snapshots in the timed window steps ({lo}, {hi}]: {got}, "
            f"expected {expected} (snapshot_every={every}); the window measures no snapshot"
        )
    arm.snapshots_in_window.append(len(got))


def bench_model(kind, args, logroot, device):
    per_epoch = args.epoch_steps
    window_epochs = args.window // per_epoch
    x, y = data(kind, per_epoch)
    arms = {n: Arm(kind, n, logroot, args.snapshot_every)
            for n in MAIN_ARMS + EXTRA_ARMS + ("check_numerics",) if n in args.arms}
    for name, arm in arms.items():  # warm-up: trace and build, not timed
        run_fit(arm, x, y, epochs=1, check_numerics=name == "check_numerics")
    samples = {n: Samples() for n in arms}
    main = [n for n in MAIN_ARMS + EXTRA_ARMS if n in arms]
    for order in round_orders(main, args.rounds, seed=args.seed):
        for name in order:
            samples[name].add(*run_fit(arms[name], x, y, epochs=1 + window_epochs))
    base_cn = Samples()
    if "check_numerics" in arms:
        # check_numerics slows whatever runs right after it is turned off, and it has no
        # periodic cost: a window of P steps, alternating with plain in a random order.
        for order in round_orders(["plain", "check_numerics"], args.rounds, args.seed + 1):
            for name in order:
                target = base_cn if name == "plain" else samples[name]
                target.add(*run_fit(arms[name], x, y, epochs=2,
                                    check_numerics=name == "check_numerics"))
    rows = []
    for name in arms:
        base = base_cn if name == "check_numerics" else samples["plain"]
        snaps = arms[name].snapshots_in_window
        rows.append({"device": device, "model": kind, "arm": name,
                     "ms": samples[name].ms_per_step(), "steps": samples[name].steps[0],
                     "snapshots": snaps, **ratio_row(samples[name], base)})
    return rows


def print_table(rows, rounds):
    print(f"\n| device | model | configuration | ms/step | wall ratio (median of {rounds}) "
          "| wall ratio (mean) | CPU ratio (median) | CPU ratio (mean) | snapshots timed |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        snaps = f"{sum(r['snapshots'])} in {len(r['snapshots'])} x {r['steps']} steps" \
            if r["snapshots"] else ""
        print(f"| {r['device']} | {r['model']} | {r['arm']} | {r['ms']:.2f} "
              f"| {r['wall_median']:.3f}x | {r['wall_mean']:.3f}x | {r['cpu_median']:.3f}x "
              f"| {r['cpu_mean']:.3f}x | {snaps} |")
    for r in rows:
        if r["arm"] == "plain_b":
            print(f"\nnoise floor ({r['device']} {r['model']}): plain_b/plain wall median "
                  f"{r['wall_median']:.3f}x, range {r['wall_min']:.3f}x-{r['wall_max']:.3f}x; "
                  f"CPU median {r['cpu_median']:.3f}x")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--models", default="conv,mlp")
    ap.add_argument("--arms", default=",".join(MAIN_ARMS + ("check_numerics",)))
    ap.add_argument("--snapshot-every", type=int, default=100,
                    help="Recovery(snapshot_every=...) of guard_recovery (documented: 100)")
    ap.add_argument("--window", type=int, default=None,
                    help="timed steps per fit (default: snapshot_every)")
    ap.add_argument("--epoch-steps", type=int, default=None,
                    help="steps per epoch (default: snapshot_every / 4)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the per-round order")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 2 rounds, MLP only, snapshot_every=4, 8-step window")
    args = ap.parse_args(argv)
    if args.quick:
        args.rounds, args.models, args.snapshot_every = 2, "mlp", 4
        args.window, args.epoch_steps = args.window or 8, args.epoch_steps or 2
    args.window = args.window or args.snapshot_every
    args.epoch_steps = args.epoch_steps or max(1, args.snapshot_every // 4)
    if args.window % args.epoch_steps or args.window % args.snapshot_every:
        ap.error("--window must be a multiple of --epoch-steps and of --snapshot-every")
    args.arms = args.arms.split(",")
    if "plain" not in args.arms:
        ap.error("--arms must include plain (the baseline)")
    return args


def main(argv=None):
    args = parse_args(argv)
    gpus = tf.config.list_physical_devices("GPU")
    devices = ["/CPU:0"] + (["/GPU:0"] if gpus else [])
    print(f"nanguard {nanguard.__version__} at commit {head_commit(ROOT)}; TensorFlow "
          f"{tf.__version__}, Keras {keras.__version__}; {os.cpu_count()} CPU threads; "
          f"GPUs: {len(gpus)}{'' if gpus else ' (GPU section skipped)'}")
    print(f"{args.rounds} rounds; each timed window {args.window} steps "
          f"({args.window // args.epoch_steps} epochs of {args.epoch_steps}) after one "
          f"untimed epoch; batch {BATCH}; guard_recovery snapshot_every={args.snapshot_every}")
    rows = []
    with tempfile.TemporaryDirectory() as logroot:
        for device in devices:
            with tf.device(device):
                for kind in args.models.split(","):
                    rows += bench_model(kind, args, os.path.join(logroot, device[1:4]), device)
    print_table(rows, args.rounds)
    return rows


if __name__ == "__main__":
    main()
