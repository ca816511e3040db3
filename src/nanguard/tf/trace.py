"""Record a neutral op trace of one forward + backward pass (the replay behind ``locate``).

The computation is **re-run eagerly**, op by op, with ``tf.function``\\ s run as
plain Python (``tf.config.run_functions_eagerly``) and an op callback that sees
every op TensorFlow executes. That one mechanism looks inside everything a
graph hides:

* ``tf.function``\\ s nested to any depth, and Keras layers whose ``call`` is one;
* ``tf.cond``/``tf.case`` (only the branch taken runs, eagerly);
* ``tf.while_loop`` bodies, ``tf.map_fn``/``tf.scan`` and Keras RNN layers: eager
  loops run in Python, and the loop is wrapped so each op knows its iteration;
* ``tf.custom_gradient``: the forward ops, and the ops of the user's gradient
  function with the user's own lines.

The tape's gradient function is wrapped while ``tape.gradient`` runs, so every
backward op is tagged with the forward op it differentiates (matched by the
identity of the forward tensors the tape hands it). Statistics, not values, go
into the trace; bfloat16/float16 tensors are widened to float32 for them and keep
their dtype name. What still cannot be seen (a ``ConcreteFunction``/SavedModel
call, ``tf.py_function``) stays one node of kind ``call``.

This runs only on the failure path; it costs seconds, never a healthy step.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf
from tensorflow.python import pywrap_tfe
from tensorflow.python.eager import backprop
from tensorflow.python.framework import op_callbacks, op_def_registry
from tensorflow.python.ops import while_loop as tf_while_loop

from nanguard.core.incident import tensor_stats
from nanguard.core.localize import SCHEMA
from nanguard.tf.op_kinds import TF_KINDS, kind_of
from nanguard.tf.user_frames import caller_frames, layer_of, user_frame

__all__ = ["trace_computation", "trace_value"]

_NO_SOURCE = {"file": None, "line": None, "function": None, "code": None}


def _kind(op_type: str) -> str:
    kind = kind_of(op_type)
    if kind == "other" and op_def_registry.get(op_type) is None:
        # Not a registered op: an executed function (a ConcreteFunction's
        # ``__forward_f_12``), whose inside this trace cannot see.
        return "call"
    return kind


def _display_type(op_type: str) -> str:
    """``__forward_normalize_123`` (an executed function) -> ``PartitionedCall[normalize]``."""
    if _kind(op_type) != "call" or op_type in TF_KINDS:
        return op_type
    name = re.sub(r"^__(inference|forward|backward)_", "", op_type)
    return f"PartitionedCall[{re.sub(r'_[0-9]+$', '', name)}]"


def _traceable(t: Any) -> bool:
    dtype = getattr(t, "dtype", None)
    return dtype is not None and (dtype.is_floating or dtype.is_complex)


def _stats(t: Any) -> dict:
    """NumPy statistics of an eager tensor; bfloat16 and float16 are widened first."""
    if t.dtype in (tf.bfloat16, tf.float16):
        return tensor_stats(tf.cast(t, tf.float32).numpy(), t.dtype.name)
    return tensor_stats(t.numpy(), t.dtype.name)


class _Recorder:
    """Builds the trace nodes from op-callback and gradient-function events."""

    def __init__(self, layer_names: set[str]):
        self.layer_names = layer_names
        self.callers = caller_frames()
        self.nodes: list[dict] = []
        self.phase = "forward"
        self.loops: list[int] = []  # iteration of each enclosing while_loop, outermost first
        self.grad_for: list[str | None] = []  # forward op whose gradient function is running
        self._names: dict[int, str] = {}
        self._tensors: dict[str, Any] = {}  # keeps every tensor alive, so ids stay unique
        self._by_name: dict[str, dict] = {}
        self._by_output: dict[int, dict] = {}
        self._by_inputs: dict[tuple, dict] = {}

    def name(self, t: Any) -> str:
        key = id(t)
        if key not in self._names:
            self._names[key] = f"t{len(self._names)}"
            self._tensors[self._names[key]] = t
        return self._names[key]

    def on_op(self, op_type, inputs, attrs, outputs, op_name=None, graph=None):
        """``tf`` op callback: one executed op becomes one trace node."""
        del attrs, op_name
        if graph is not None:  # an op added to a graph being built, not executed now
            return None
        if isinstance(op_type, bytes):  # the C fast path passes the type as bytes
            op_type = op_type.decode()
        node = {
            "name": f"{op_type}_{len(self.nodes)}",
            "type": _display_type(op_type),
            "kind": _kind(op_type),
            "phase": self.phase,
            "inputs": [self.name(t) for t in inputs],
            "outputs": [self.name(t) for t in outputs or ()],
            "forward_op": None,
            "layer": None,
            "iteration": list(self.loops) or None,
        }
        source = user_frame(self.callers)
        # Every op can be differentiated, a backward one too: ``tf.recompute_grad`` reruns
        # the forward inside the backward pass and differentiates the rerun.
        for t in outputs or ():
            self._by_output[id(t)] = node
        self._by_inputs[(op_type, *map(id, inputs))] = node
        if self.phase == "forward":
            node["layer"] = layer_of(tf.get_current_name_scope(), self.layer_names)
        else:
            fwd = self.grad_for[-1] if self.grad_for else None
            node["forward_op"] = fwd
            if fwd is not None:
                # A library gradient: the line to show is the forward op's, and so is its loop.
                source = _NO_SOURCE
                node["iteration"] = self._by_name[fwd]["iteration"]
        node.update(source)
        self.nodes.append(node)
        self._by_name[node["name"]] = node
        return None

    def forward_node(self, op_type, inputs, outputs) -> str | None:
        """The forward node the tape is differentiating, found by its tensors' identity."""
        for t in outputs or ():
            if t is not None and id(t) in self._by_output:
                return self._by_output[id(t)]["name"]
        if inputs:
            node = self._by_inputs.get((op_type, *map(id, inputs)))
            if node is not None:
                return node["name"]
        return None

    def stats(self) -> dict:
        return {name: _stats(t) for name, t in self._tensors.items() if _traceable(t)}

    def target(self, t: Any) -> str | None:
        if isinstance(t, tf.IndexedSlices):
            t = t.values
        if not tf.is_tensor(t):
            return None
        return self.name(t)


@contextlib.contextmanager
def _tag_backward_ops(rec: _Recorder):
    """Wrap the tape's gradient function: note which forward op each backward op is for."""
    original = backprop._gradient_function

    def gradient_function(op_name, attr_tuple, num_inputs, inputs, outputs, out_grads,
                          skip_input_indices, forward_pass_name_scope):
        if isinstance(op_name, bytes):
            op_name = op_name.decode()
        rec.grad_for.append(rec.forward_node(op_name, inputs, outputs))
        try:
            return original(op_name, attr_tuple, num_inputs, inputs, outputs, out_grads,
                            skip_input_indices, forward_pass_name_scope)
        finally:
            rec.grad_for.pop()

    pywrap_tfe.TFE_Py_RegisterGradientFunction(gradient_function)
    try:
        yield
    finally:
        pywrap_tfe.TFE_Py_RegisterGradientFunction(original)


@contextlib.contextmanager
def _count_loop_iterations(rec: _Recorder):
    """Wrap ``tf.while_loop`` (the one behind RNNs, ``map_fn``, ``scan``) to count passes."""
    original = tf_while_loop.while_loop

    def while_loop(cond, body, loop_vars, *args, **kwargs):
        depth = len(rec.loops)
        rec.loops.append(0)

        def counted_body(*a, **k):
            result = body(*a, **k)
            rec.loops[depth] += 1
            return result

        try:
            return original(cond, counted_body, loop_vars, *args, **kwargs)
        finally:
            del rec.loops[depth:]

    tf_while_loop.while_loop = while_loop
    try:
        yield
    finally:
        tf_while_loop.while_loop = original


@contextlib.contextmanager
def _eager_replay(rec: _Recorder):
    """Functions run as Python, loops are counted, every executed op is recorded."""
    was_eager = tf.config.functions_run_eagerly()
    tf.config.run_functions_eagerly(True)
    op_callbacks.add_op_callback(rec.on_op)
    try:
        with _count_loop_iterations(rec):
            yield
    finally:
        op_callbacks.remove_op_callback(rec.on_op)
        tf.config.run_functions_eagerly(was_eager)


def _trace_dict(rec: _Recorder, loss: str | None, grads: list[str], targets: list[str]) -> dict:
    return {
        "schema": SCHEMA,
        "framework": "tensorflow",
        "nodes": rec.nodes,
        "stats": rec.stats(),
        "loss": loss,
        "grads": grads,
        "targets": targets,
    }


def trace_computation(
    compute: Callable[[], tuple[Any, list]],
    *,
    layer_names: set[str] | None = None,
) -> tuple[dict, dict]:
    """Trace ``compute() -> (loss, variables)`` with forward and backward instrumentation.

    Returns:
        ``(trace, values)``: the neutral op trace (``nanguard.core.localize``) and
        ``{"loss": ndarray, "grads": [ndarray|None], "tensors": {name: tensor}}``
        (every traced tensor by its trace name, e.g. for ``nanguard.core.rows``).
    """
    rec = _Recorder(layer_names or set())
    with _eager_replay(rec):
        with tf.GradientTape() as tape:
            loss, variables = compute()
        rec.phase = "backward"
        with _tag_backward_ops(rec):
            grads = tape.gradient(loss, variables)
    loss_name = rec.target(loss)
    grad_names = [g for g in map(rec.target, grads) if g is not None]
    trace = _trace_dict(rec, loss_name, grad_names, [])
    values = {
        "loss": np.asarray(tf.cast(loss, tf.float32)) if tf.is_tensor(loss) else None,
        "grads": [None if g is None else np.asarray(tf.cast(tf.convert_to_tensor(g), tf.float32))
                  for g in grads],
        "tensors": dict(rec._tensors),
    }
    return trace, values


def trace_value(compute: Callable[[], Any], *, layer_names: set[str] | None = None) -> dict:
    """Trace ``compute()`` forward only; its (non-finite) result is the target.

    For values that are not a loss, such as a learning rate from a schedule.
    """
    rec = _Recorder(layer_names or set())
    with _eager_replay(rec):
        out = compute()
    targets = [n for n in map(rec.target, tf.nest.flatten(out)) if n is not None]
    return _trace_dict(rec, None, [], targets)
