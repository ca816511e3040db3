"""Healthy-step cost of the loss-scale check (docs/keras.md, mixed precision).

Under ``mixed_float16`` the guard counts the LossScaleOptimizer's falls in the graph
(one two-entry variable read and written per step, a conditional host call that runs
only on a checked step). ``Guard(localize=False)`` traces no check (the replay needs
localization), all else equal on a healthy run: this script times ``fit`` epochs with
the check (``on``) against without (``off``), and ``off`` against ``off`` as the noise
floor, in one process, in randomized order; wall and process-CPU time.

Run: ``python bench/loss_scale_check_overhead.py [--rounds 7]``.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    import keras

    import nanguard.keras

    keras.mixed_precision.set_global_policy("mixed_float16")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(args.steps * 32, 64)).astype("float32")
    y = rng.normal(size=(args.steps * 32, 8)).astype("float32")

    def build(localize: bool):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(256, activation="relu"),
                                  keras.layers.Dense(256, activation="relu"),
                                  keras.layers.Dense(8, dtype="float32")])
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
        guard = nanguard.keras.Guard(localize=localize, verbose=0)
        model.fit(x[:64], y[:64], batch_size=32, epochs=1, verbose=0, callbacks=[guard])  # trace
        return model, guard

    arms = {"on": build(True), "off": build(False), "off2": build(False)}
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in arms}
    for _ in range(args.rounds):
        order = list(arms)
        random.shuffle(order)
        for name in order:
            model, guard = arms[name]
            w0, c0 = time.perf_counter(), time.process_time()
            model.fit(x, y, batch_size=32, epochs=1, verbose=0, shuffle=False, callbacks=[guard])
            times[name].append((time.perf_counter() - w0, time.process_time() - c0))
    assert all(g.loss_scale_checks == [] and g.skipped == 0 for _, g in arms.values())

    def med(name, i):
        return float(np.median([t[i] for t in times[name]]))

    print(f"{args.rounds} rounds x {args.steps} steps, median per step (ms):")
    for name in arms:
        print(f"  {name:5s} wall {1e3 * med(name, 0) / args.steps:.3f}  "
              f"cpu {1e3 * med(name, 1) / args.steps:.3f}")
    for a, b in (("on", "off"), ("off2", "off")):
        print(f"  {a}/{b}: wall {med(a, 0) / med(b, 0):.3f}x  cpu {med(a, 1) / med(b, 1):.3f}x")


if __name__ == "__main__":
    main()
