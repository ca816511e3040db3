"""Localize a non-finite evaluation: ``fit``'s validation and ``model.evaluate()``.

Evaluation applies no update, so the Guard never skips anything there; but a
``val_loss: nan`` deserves the same answer as a training NaN: which op, which
layer, which rows. The data of an evaluation is not the callback's to read
(``evaluate(x, y)`` keeps it to itself), so :class:`EvaluationWatch` puts a
small check into the compiled test step for the length of each evaluation: when
the step's results (loss and metrics) turn non-finite the first time, that batch
is copied to the host, once. The Guard then replays it with the training
localizer in inference mode (``training=False``: dropout off, BatchNorm on its
moving statistics, as evaluation ran it).

On a healthy evaluation the check is one ``is_finite`` over the step's few
scalar results and a ``tf.cond`` that is never taken. It is not installed under
``jit_compile=True`` (a host callback cannot run inside XLA) nor under a
distribution strategy; there the NaN is still counted and reported, not
localized.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import tensorflow as tf

from nanguard.core.incident import Finding

__all__ = ["EvaluationWatch", "localize_evaluation"]


def _finite_results(logs: Any) -> Any:
    """One boolean: every floating result of the test step is finite."""
    checks = [tf.reduce_all(tf.math.is_finite(t)) for t in tf.nest.flatten(logs)
              if tf.is_tensor(t) and t.dtype.is_floating]
    return tf.reduce_all(tf.stack(checks)) if checks else tf.constant(True)


class EvaluationWatch:
    """Copies the first evaluation batch whose results turn non-finite to the host.

    ``begin(model)`` at ``on_test_begin`` swaps in the guarded test function
    (traced once per model and compile, then reused), ``end(model)`` at
    ``on_test_end`` puts Keras' own back. ``captured`` holds
    ``{name: array}`` of the batch (names as in ``nanguard.tf.replay``), or
    ``None``; ``batch`` its index in the evaluation.
    """

    def __init__(self):
        self.captured: dict[str, np.ndarray] | None = None
        self.batch: int | None = None
        self.current_batch = 0  # set by the Guard at on_test_batch_begin
        self._seen: Any = None  # tf.Variable: a batch was captured in this evaluation
        self._steps: Any = None  # tf.Variable: test steps run (steps_per_execution > 1)
        self._functions: dict[tuple, Any] = {}
        self._swapped: tuple[Any, Any] | None = None  # (model, Keras' test function)
        self._lock = threading.Lock()

    @staticmethod
    def supported(model) -> bool:
        return (not getattr(model, "jit_compile", False)
                and not tf.distribute.has_strategy()
                and type(model.distribute_strategy).__name__ == "_DefaultDistributionStrategy")

    def begin(self, model) -> None:
        self.captured = None
        self.batch = None
        self.current_batch = 0
        if not self.supported(model) or model.test_function is None:
            return
        if self._seen is None:  # variables: made outside the traced step
            self._seen = tf.Variable(False, trainable=False, name="nanguard_eval_captured")
            self._steps = tf.Variable(0, dtype=tf.int64, trainable=False,
                                      name="nanguard_eval_steps")
        self._seen.assign(False)
        self._steps.assign(0)
        key = (id(model), id(getattr(model, "_compile_loss", None)), model.steps_per_execution,
               bool(model.run_eagerly))
        guarded = self._functions.get(key)
        keras_fn = model.test_function
        if guarded is None:
            guarded = self._make(model)
            self._functions[key] = guarded
        model.test_function = guarded
        self._swapped = (model, keras_fn)

    def end(self, model) -> None:
        if self._swapped is not None and self._swapped[0] is model:
            model.test_function = self._swapped[1]
        self._swapped = None

    def _make(self, model) -> Any:
        """Keras' test function around a checked test step (``make_test_function``)."""
        from nanguard.keras._install import batch_paths

        original = model.test_step
        seen = self._seen
        # Keras' batch callbacks fire once per execution: with several steps in one,
        # the step's own index comes from a counter in the graph.
        counter = self._steps if model.steps_per_execution > 1 else None

        def test_step(data):
            logs = original(data)
            named = batch_paths(data)
            names = [n for n, _ in named]
            index = (counter.assign_add(1) - 1 if counter is not None
                     else tf.constant(-1, tf.int64))

            def capture():
                seen.assign(True)
                tf.py_function(lambda i, *arrays: self._capture(names, arrays, int(i)),
                               [index] + [t for _, t in named], [])
                return tf.constant(True)

            bad = tf.logical_and(tf.logical_not(_finite_results(logs)),
                                 tf.logical_not(seen.read_value()))
            tf.cond(bad, capture, lambda: tf.constant(False))
            return logs

        keras_fn = model.test_function
        model.test_step = test_step
        try:
            model.make_test_function(force=True)
            return model.test_function
        finally:
            del model.test_step
            model.test_function = keras_fn

    def _capture(self, names: list[str], arrays, index: int) -> None:
        with self._lock:
            if self.captured is None:
                self.captured = {n: np.array(a.numpy(), copy=True)
                                 for n, a in zip(names, arrays, strict=True)}
                self.batch = index if index >= 0 else self.current_batch


def localize_evaluation(model, batch: dict[str, np.ndarray], index: int | None
                        ) -> Finding | None:
    """Replay a captured evaluation batch in inference mode and localize its NaN/Inf."""
    from nanguard.keras._layer_sites import describe_layer
    from nanguard.tf.replay import batch_size_of, localize_batch

    variables = {v.path: np.asarray(v.numpy()) for v in model.weights}
    finding, _ = localize_batch(model, batch, variables, training=False)
    if finding is None:
        return None
    finding.action = "reported"
    finding.batch = index
    return describe_layer(finding, model, batch_size_of(batch))
