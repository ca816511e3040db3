"""Per-step overhead of nanguard.keras.Guard vs plain Keras, measured side by side.

A benchmark, not a test. For each model, every configuration is built and
warmed up once (tracing excluded), then the configurations are timed in
alternation for ROUNDS rounds of one STEPS-step epoch each, in one process. Each
timing is the steady-state time per step inside fit (a callback clocks batches
5..end). The table shows the median over rounds of (config time / plain time).

Usage: python bench/overhead.py [--rounds 9] [--steps 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

import nanguard  # noqa: E402


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


def data(kind, steps, batch=64):
    rng = np.random.default_rng(0)
    n = steps * batch
    x = rng.normal(size=(n, 32, 32, 3) if kind == "conv" else (n, 256)).astype("float32")
    y = rng.integers(0, 10, size=(n,)).astype("int32")
    return x, y


def make(kind, config):
    keras.utils.set_random_seed(0)
    model = conv_model() if kind == "conv" else mlp_model()
    callbacks = []
    clip = {"global_clipnorm": 1.0}
    if config == "guard":
        opt = keras.optimizers.Adam(1e-3)
        callbacks = [nanguard.keras.Guard(clipnorm=1.0, verbose=0)]
    elif config == "guard_spike":
        opt = keras.optimizers.Adam(1e-3)
        callbacks = [nanguard.keras.Guard(clipnorm=1.0, spike=True, verbose=0)]
    elif config == "guard_snapshots":
        from nanguard.keras import Recovery

        opt = keras.optimizers.Adam(1e-3)
        callbacks = [nanguard.keras.Guard(clipnorm=1.0, verbose=0,
                                          recovery=Recovery(snapshot_every=100))]
    elif config == "loss_scale_optimizer":
        opt = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(1e-3, **clip))
    elif config == "terminate_on_nan":
        opt = keras.optimizers.Adam(1e-3, **clip)
        callbacks = [keras.callbacks.TerminateOnNaN()]
    else:  # plain, check_numerics
        opt = keras.optimizers.Adam(1e-3, **clip)
    model.compile(optimizer=opt,
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model, callbacks


class StepTimer(keras.callbacks.Callback):
    """Steady-state time per step: from the start of batch SKIP to the end of the last one.

    Excludes fit()'s fixed set-up cost (data adapter, callbacks), which would otherwise
    swamp short runs; includes every per-step callback cost.
    """

    SKIP = 5

    def on_train_batch_begin(self, batch, logs=None):
        if batch == self.SKIP:
            self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.end = time.perf_counter()
        self.last = batch

    def per_step(self):
        return (self.end - self.start) / (self.last - self.SKIP + 1)


def time_fit(model, callbacks, x, y, check_numerics=False):
    """Seconds per step (steady state) of one epoch over (x, y)."""
    if check_numerics:
        tf.debugging.enable_check_numerics()
    try:
        timer = StepTimer()
        model.fit(x, y, batch_size=64, epochs=1, shuffle=False, verbose=0,
                  callbacks=list(callbacks) + [timer])
        return timer.per_step()
    finally:
        if check_numerics:
            tf.debugging.disable_check_numerics()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--models", default="conv,mlp")
    ap.add_argument("--configs", default="plain,guard,guard_spike,guard_snapshots,"
                    "loss_scale_optimizer,terminate_on_nan,check_numerics")
    args = ap.parse_args()
    configs = args.configs.split(",")
    try:
        from nanguard.keras import Recovery  # noqa: F401
    except ImportError:
        configs = [c for c in configs if c != "guard_snapshots"]
    print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, "
          f"{args.rounds} rounds x {args.steps} steps, batch 64, CPU threads: "
          f"{os.cpu_count()}")
    rows = []
    for kind in args.models.split(","):
        x, y = data(kind, args.steps)
        built = {}
        for c in configs:
            built[c] = make(kind, c)
            time_fit(*built[c], x[: 64 * 8], y[: 64 * 8], check_numerics=c == "check_numerics")
        times = {c: [] for c in configs}
        # check_numerics is process-global and slows whatever runs right after it is
        # turned off, so it is timed in a second phase, alternating with plain only.
        main_configs = [c for c in configs if c != "check_numerics"]
        for _ in range(args.rounds):
            for c in main_configs:
                times[c].append(time_fit(*built[c], x, y))
        if "check_numerics" in configs:
            plain_again = []
            for _ in range(args.rounds):
                plain_again.append(time_fit(*built["plain"], x, y))
                times["check_numerics"].append(
                    time_fit(*built["check_numerics"], x, y, check_numerics=True)
                )
        for c in configs:
            base = plain_again if c == "check_numerics" else times["plain"]
            ratios = [t / p for t, p in zip(times[c], base)]
            rows.append((kind, c, statistics.median(times[c]) * 1e3,
                         statistics.median(ratios)))
    print()
    print(f"| model | configuration | ms/step (median) | "
          f"ratio vs plain (median of {args.rounds}) |")
    print("| --- | --- | ---: | ---: |")
    for kind, c, ms, r in rows:
        print(f"| {kind} | {c} | {ms:.1f} | {r:.3f}x |")


if __name__ == "__main__":
    main()
