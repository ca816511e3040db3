"""One worker of a 2-worker MultiWorkerMirroredStrategy run (tests/recovery/test_multiworker.py).

Usage: python mwms_worker.py FAULT OUT.json   (TF_CONFIG set by the test)
FAULT: "data"   NaN in one batch of worker 0 only;
       "weight" NaN written into a weight of worker 0 only, before step 45;
       "run"    NaN in batches 30-33 of worker 0 only (a run of failures);
       "rerun"  the same, with capture on: the failed batches are replayed from the snapshot.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

STEPS, BATCH = 64, 8
ROWS = BATCH // 2  # each worker's dataset batch
PER_STEP = ROWS // 2  # Keras re-batches it per replica: 2 rows of each worker per step


def main(fault: str, out: str) -> None:
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    # Two Keras 3 + MultiWorkerMirroredStrategy bugs, worked around in this harness
    # only: fit reduces a whole (x, y) batch with one strategy.reduce call (MWMS takes
    # one value, not a structure), and reduces scalar metrics with axis=0.
    reduce_one = strategy.reduce

    def reduce_each(op, value, axis=None):
        def one(v):
            rank = strategy.experimental_local_results(v)[0].shape.rank
            return reduce_one(op, v, axis=None if rank == 0 else axis)

        return tf.nest.map_structure(one, value)

    strategy.reduce = reduce_each
    import keras

    import nanguard

    task = json.loads(os.environ["TF_CONFIG"])["task"]["index"]
    rng = np.random.default_rng(100 + task)  # each worker reads its own data
    x = rng.normal(size=(STEPS * ROWS, 4)).astype("float32")
    y = np.tanh(x @ np.ones((4, 1))).astype("float32")
    if task == 0 and fault == "data":
        x[20 * PER_STEP + 1, 1] = np.nan
    if task == 0 and fault in ("run", "rerun"):
        x[30 * PER_STEP:34 * PER_STEP, 0] = np.nan
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(ROWS).with_options(options)

    with strategy.scope():
        keras.utils.set_random_seed(7)
        model = keras.Sequential([
            keras.Input((4,)), keras.layers.Dense(16, activation="tanh"), keras.layers.Dense(1)
        ])
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")

    class WeightNaN(keras.callbacks.Callback):
        seen = 0

        def on_train_batch_begin(self, batch, logs=None):
            if task == 0 and fault == "weight" and self.seen == 45:
                var = model.trainable_variables[0]
                value = np.array(var.numpy(), copy=True)
                value[0, 0] = np.nan
                var.assign(value)  # cross-replica assign: this worker's copies only

        def on_train_batch_end(self, batch, logs=None):
            self.seen += 1

    rec = nanguard.keras.Recovery(snapshot_every=10)
    # "rerun": the failed batches reach the host (capture) and are replayed from the
    # snapshot; no localizer, so only the re-run can tell the batch.
    capture = fault == "rerun"
    guard = nanguard.keras.Guard(recovery=rec, verbose=0, capture=capture, localize=False)
    keras.config.disable_traceback_filtering()
    callbacks = [] if fault == "plain" else [WeightNaN(), guard]
    model.fit(ds, epochs=1, verbose=0, callbacks=callbacks)
    weights = b"".join(np.asarray(v.numpy()).tobytes() for v in model.variables)
    result = {
        "task": task,
        "steps": guard.steps,
        "skipped": sorted(int(e["step"]) for e in guard.events),
        "rollbacks": [[r["step"], r["restored"], r["reason"]] for r in rec.rollbacks],
        "lr": float(model.optimizer.learning_rate.numpy()),
        "quarantined": sorted(rec.quarantine.entries),
        "finite": bool(all(np.isfinite(v.numpy()).all() for v in model.variables)),
        "weights": hashlib.sha256(weights).hexdigest(),
    }
    with open(out, "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
