"""Cost of one Recovery snapshot on the reference conv model: host copy vs device ring.

A benchmark, not a test. ``bench/overhead.py`` times whole configurations; on a
shared 2-core machine its null A/B spreads by several percent, more than a
snapshot every 25 steps costs. This script isolates the snapshot: each round
times, in a seeded random order,

* ``step``: one training step (``train_on_batch``), the reference;
* ``step_b``: the same again (null: ``step_b - step`` is the noise floor);
* ``host``: a host snapshot as ``Recovery`` took it before the device ring
  (``Variable.numpy()`` of every variable, finiteness scan, ``MemoryRing.save``
  with its sha256), then one step;
* ``device``: a ``DeviceRing.save`` (one traced call), then one step (the step
  pays the copy-on-write of the variables the snapshot shares).

and prints the median extra wall and CPU milliseconds per snapshot over the
step, and what that is for a snapshot every N steps. The in-graph weight/slot
check is timed alone too: the former ``v * 0`` reduction against
``nanguard.tf.step.nonfinite_term`` (one reduction per variable).

Usage: python bench/snapshot_cost.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from overhead import BATCH, conv_model  # noqa: E402

from nanguard.core.snapshots import MemoryRing  # noqa: E402
from nanguard.keras._device_ring import DeviceRing  # noqa: E402
from nanguard.keras._recovery_state import RecoveryVariables, first_nonfinite  # noqa: E402
from nanguard.tf.step import nonfinite_term  # noqa: E402


def _clock(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - w) * 1e3, (time.process_time() - c) * 1e3


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    keras.utils.set_random_seed(0)
    model = conv_model()
    model.compile(keras.optimizers.Adam(1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(BATCH, 32, 32, 3)).astype("float32")
    y = rng.integers(0, 10, size=(BATCH,)).astype("int32")
    model.train_on_batch(x, y)
    rv = RecoveryVariables()
    rv.resolve(model, model.optimizer._learning_rate)
    variables = rv.model_vars + rv.opt_vars
    size = sum(np.asarray(v.numpy()).nbytes for v in variables)
    host_ring, device_ring = MemoryRing(4), DeviceRing(4)
    counter = [0]

    def step():
        model.train_on_batch(x, y)

    def host():
        counter[0] += 1
        arrays = {n: np.array(v.numpy()) for n, v in zip(rv.names, variables, strict=True)}
        first_nonfinite(rv.names, [arrays[n] for n in rv.names])
        host_ring.save(counter[0], arrays, {}, owned=True)
        step()

    def device():
        counter[0] += 1
        device_ring.save(counter[0], variables, rv.names)
        step()

    arms = {"step": step, "step_b": step, "host": host, "device": device}
    for fn in arms.values():  # warm-up: traces
        fn()
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in arms}
    order_rng = np.random.default_rng(args.seed)
    for _ in range(args.rounds):
        for name in order_rng.permutation(list(arms)):
            times[name].append(_clock(arms[name]))

    def extra(name):
        d = np.array(times[name]) - np.array(times["step"])
        return np.median(d[:, 0]), np.median(d[:, 1])

    step_w, step_c = np.median(np.array(times["step"]), axis=0)
    print(f"conv model: {size / 1e6:.1f} MB of weights and Adam slots; one step "
          f"{step_w:.1f} ms wall, {step_c:.1f} ms CPU (median of {args.rounds})")
    print("| per snapshot | extra wall ms | extra CPU ms | CPU share every 25 steps "
          "| every 100 steps |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in ("step_b", "host", "device"):
        w, c = extra(name)
        label = {"step_b": "null (a second plain step)", "host": "host copy (before)",
                 "device": "device ring (now)"}[name]
        print(f"| {label} | {w:+.2f} | {c:+.2f} | {c / (25 * step_c):+.2%} "
              f"| {c / (100 * step_c):+.2%} |")

    @tf.function
    def times_zero():
        values = [tf.convert_to_tensor(v.value) for v in variables]
        return tf.add_n([tf.cast(tf.reduce_sum(t * tf.zeros((), t.dtype)), tf.float32)
                         for t in values if t.dtype.is_floating])

    @tf.function
    def one_pass():
        return nonfinite_term(variables)

    checks = {"v*0 (before)": times_zero, "one reduction (now)": one_pass}
    for fn in checks.values():
        fn()
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in checks}
    for _ in range(args.rounds * 4):
        for name in order_rng.permutation(list(checks)):
            got[name].append(_clock(lambda f=checks[name]: f().numpy()))
    for name, t in got.items():
        w, c = np.median(np.array(t), axis=0)
        print(f"weight/slot check alone, {name}: {w:.2f} ms wall, {c:.2f} ms CPU per step "
              f"({c / step_c:.1%} of a step's CPU)")


if __name__ == "__main__":
    main()
