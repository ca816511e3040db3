"""Record an op trace of one forward + backward pass (the replay behind ``locate``).

The computation is traced once into a ``tf.function`` graph. While the tape
builds the backward pass, TensorFlow's gradient registry is wrapped so every
backward op is tagged with the forward op it differentiates. The function then
returns every floating tensor of the graph, and NumPy turns each into summary
statistics. Only the statistics (not the values) go into the trace.

This runs only on the failure path; it costs seconds, never a healthy step.
"""

from __future__ import annotations

import contextlib
import linecache
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow.python.framework import ops as tf_ops

from nanguard.core.incident import tensor_stats

_LIB_DIRS = tuple(
    os.path.dirname(os.path.abspath(m.__file__)) + os.sep
    for m in (tf, __import__("keras"), __import__("nanguard"))
)
_SKIP_PARTS = (os.sep + "tensorflow" + os.sep, os.sep + "keras" + os.sep,
               os.sep + "tf_keras" + os.sep, os.sep + "optree" + os.sep)


# nanguard's own example program plays the user's part: its lines are the ones to show.
_USER_LIKE = (os.path.join(os.path.dirname(os.path.abspath(__import__("nanguard").__file__)),
                           "demo.py"),)


def _is_library(filename: str) -> bool:
    path = os.path.abspath(filename)
    if path in _USER_LIKE:
        return False
    if path.startswith(_LIB_DIRS):
        return True
    if "site-packages" in path and any(p in path for p in _SKIP_PARTS):
        return True
    return path.startswith(os.path.dirname(os.__file__) + os.sep) or filename.startswith("<frozen")


def user_frame(op: Any) -> dict:
    """The innermost stack frame outside TensorFlow, Keras, nanguard and the stdlib."""
    try:
        frames = list(op.traceback or [])
    except Exception:  # pragma: no cover - traceback unavailable
        frames = []
    for fr in reversed(frames):
        filename = fr.filename
        if not _is_library(filename):
            code = (fr.line or linecache.getline(filename, fr.lineno) or "").strip() or None
            return {"file": filename, "line": int(fr.lineno), "function": fr.name, "code": code}
    return {"file": None, "line": None, "function": None, "code": None}


def _layer_of(op_name: str, layer_names: set[str]) -> str | None:
    parts = op_name.split("/")[:-1]
    for part in reversed(parts):
        candidate = part
        while True:
            if candidate in layer_names:
                return candidate
            head, _, tail = candidate.rpartition("_")
            if head and tail.isdigit():
                candidate = head
                continue
            break
    return None


@contextlib.contextmanager
def _tag_backward_ops(record: dict):
    """Wrap the gradient registry: note which forward op each backward op belongs to."""
    from tensorflow.python.framework import registry as tf_registry

    registry = tf_ops._gradient_registry
    original = registry._registry
    type_tag = tf_registry._TYPE_TAG

    def wrap(fn):
        def wrapped(op, *grads):
            graph = tf_ops.get_default_graph()
            before = len(graph.get_operations())
            result = fn(op, *grads)
            fwd = None
            outputs = list(getattr(op, "outputs", []) or [])
            for t in outputs:
                producer = getattr(t, "op", None)
                if producer is not None and getattr(t, "graph", None) is graph:
                    fwd = producer.name
                    break
            if fwd is None:
                # The tape drops outputs a gradient does not need (e.g. Log's): find the
                # forward op of the same type that consumes the same inputs.
                op_type = getattr(op, "type", None)
                for t in list(getattr(op, "inputs", []) or []):
                    try:
                        consumers = t.consumers()
                    except Exception:
                        continue
                    match = [c for c in consumers if c.type == op_type]
                    if match:
                        fwd = match[0].name
                        break
            for new_op in graph.get_operations()[before:]:
                record.setdefault(new_op.name, fwd)
            return result

        return wrapped

    class Tagging(dict):
        def __getitem__(self, name):
            entry = dict.__getitem__(self, name)
            fn = entry.get(type_tag)
            if fn is None:
                return entry
            return {**entry, type_tag: wrap(fn)}

    registry._registry = Tagging(original)
    try:
        yield
    finally:
        registry._registry = original


def trace_computation(
    compute: Callable[[], tuple[Any, list]],
    *,
    layer_names: set[str] | None = None,
) -> tuple[dict, dict]:
    """Trace ``compute() -> (loss, variables)`` with forward and backward instrumentation.

    Returns:
        ``(trace, values)``: the op trace (see ``nanguard.core.localize``) and
        ``{"loss": ndarray, "grads": [ndarray|None]}``.
    """
    layer_names = layer_names or set()
    meta: dict = {}
    grad_owner: dict = {}

    @tf.function(autograph=False)
    def run():
        graph = tf_ops.get_default_graph()
        with tf.GradientTape(persistent=False) as tape:
            loss, variables = compute()
            meta["n_forward"] = len(graph.get_operations())
        with _tag_backward_ops(grad_owner):
            grads = tape.gradient(loss, variables)
        ops_list = graph.get_operations()
        tensors = []
        names = []
        for op in ops_list:
            for out in op.outputs:
                if out.dtype.is_floating and out.dtype != tf.resource:
                    tensors.append(out)
                    names.append(out.name)
        meta["ops"] = ops_list
        meta["names"] = names
        meta["loss"] = loss.name if tf.is_tensor(loss) else None
        meta["grads"] = [g.name if isinstance(g, tf.Tensor) else None for g in grads]
        return loss, [g if g is not None else tf.constant(0.0) for g in grads], tensors

    loss_v, grads_v, tensor_vals = run()
    stats = {name: tensor_stats(np.asarray(v)) for name, v in zip(meta["names"], tensor_vals)}
    nodes = []
    for i, op in enumerate(meta["ops"]):
        if op.type in ("Placeholder", "Const", "ReadVariableOp", "NoOp", "VarHandleOp"):
            if op.type != "ReadVariableOp":
                continue
        phase = "forward" if i < meta["n_forward"] else "backward"
        node = {
            "name": op.name,
            "type": op.type,
            "phase": phase,
            "inputs": [t.name for t in op.inputs],
            "outputs": [t.name for t in op.outputs],
            "forward_op": grad_owner.get(op.name) if phase == "backward" else None,
            "layer": _layer_of(op.name, layer_names) if phase == "forward" else None,
        }
        node.update(user_frame(op) if phase == "forward" else
                    {"file": None, "line": None, "function": None, "code": None})
        nodes.append(node)
    trace = {
        "schema": "nanguard.trace/1",
        "nodes": nodes,
        "stats": stats,
        "loss": meta["loss"],
        "grads": [g for g in meta["grads"] if g is not None],
    }
    values = {
        "loss": np.asarray(loss_v),
        "grads": [np.asarray(g) for g in grads_v],
    }
    return trace, values
