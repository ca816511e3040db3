"""The classic case end to end: a clipped custom loss that still yields NaN, in the backward pass.

A ``Dense(100, relu) -> Dense(1)`` regression uses a per-sample "robust RMSE"
whose input is clipped for safety: ``sqrt(clip_by_value(square(y - p), 0, 1e6))``.
Some batches hold padding rows (x = 0, y = 0). At initialisation the model maps
them to exactly 0, the residual is exactly 0 and ``sqrt(0) = 0``: the forward
pass is finite, but the gradient is ``inf * 0 = NaN``. Clipping cannot help, the
boundary is the singularity.

Run 1 is plain Keras: one NaN update destroys every weight.
Run 2 adds ``nanguard.keras.Guard``: the bad steps are skipped, the origin is
located, and training completes with a finite loss.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from nanguard.report.demo_summary import print_demo_summary


def robust_rmse(y_true, y_pred):
    import tensorflow as tf

    residual_sq = tf.clip_by_value(tf.square(y_true - y_pred), 0.0, 1e6)
    return tf.reduce_mean(tf.sqrt(residual_sq))


def make_data(n=2048, pad_every=8, batch_size=32, seed=0):
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype("float32")
    w = rng.normal(size=(8, 1)).astype("float32")
    y = (x @ w + 0.1 * rng.normal(size=(n, 1))).astype("float32")
    # Padding rows: every `pad_every`-th batch ends with an all-zero row.
    for b in range(0, n // batch_size, pad_every):
        row = b * batch_size + batch_size - 1
        x[row] = 0.0
        y[row] = 0.0
    return x, y


def build_model(seed=0):
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(100, activation="relu", name="hidden"),
         keras.layers.Dense(1, name="out")]
    )
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=robust_rmse)
    return model


def run_demo(logdir: str | Path = "nanguard-demo", epochs: int = 5, report: bool = True) -> dict:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np

    import nanguard
    from nanguard.report.console import console

    con = console()
    x, y = make_data()
    results = {}

    con.rule("[bold]Run 1: plain Keras")
    model = build_model()
    t0 = time.perf_counter()
    hist = model.fit(x, y, batch_size=32, epochs=epochs, shuffle=False, verbose=0)
    weights = np.concatenate([v.numpy().ravel() for v in model.trainable_variables])
    results["plain"] = {
        "loss": hist.history["loss"],
        "nan_weights": float(np.mean(~np.isfinite(weights))),
        "seconds": time.perf_counter() - t0,
        "skipped": 0,
    }

    con.rule("[bold]Run 2: the same run with nanguard.keras.Guard")
    model = build_model()
    guard = nanguard.keras.Guard(logdir=logdir)
    t0 = time.perf_counter()
    hist = model.fit(x, y, batch_size=32, epochs=epochs, shuffle=False, verbose=0,
                     callbacks=[guard])
    weights = np.concatenate([v.numpy().ravel() for v in model.trainable_variables])
    results["guard"] = {
        "loss": hist.history["loss"],
        "nan_weights": float(np.mean(~np.isfinite(weights))),
        "seconds": time.perf_counter() - t0,
        "skipped": guard.skipped,
        "steps": guard.steps,
        "incidents": guard.incidents,
    }
    print_demo_summary(con, results, title="nanguard demo: the same model, data and loss",
                       plain_label="plain Keras", guard_label="with Guard")
    if report:
        try:
            from nanguard.report.html import write_report

            path = write_report(logdir)
            con.print(f"HTML report: [bold]{path}[/]")
            results["report"] = str(path)
        except ImportError:
            pass
    return results

