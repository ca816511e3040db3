"""Record a neutral op trace (``nanguard.trace/2``) of one torch forward + backward.

Replay only (the failure path; it costs seconds, never a healthy step):

* a ``TorchDispatchMode`` records every aten op, forward and backward, with
  its inputs, outputs and statistics of every floating output. Tensors are
  named through a ``WeakIdKeyDictionary`` (an in-place op renames its output);
* module forward hooks keep the stack of running modules, so a forward op
  carries the qualified name of the innermost module (``encoder.layers.0.attn``);
* the innermost stack frame outside torch and nanguard gives the user's line;
* a ``TorchFunctionMode`` tags the autograd nodes each user-level call created
  (``grad_fn.metadata``) with the forward aten op that matches them, so every
  backward op knows which forward op it differentiates
  (``torch._C._current_autograd_node()`` is that very node during backward);
* gradients come from ``torch.autograd.grad``, so ``.grad`` is untouched.

The result goes to ``nanguard.core.localize`` unchanged.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils.weak import WeakIdKeyDictionary

from nanguard.core.incident import tensor_stats
from nanguard.core.user_frames import LibraryFiles
from nanguard.core.user_frames import user_frame as core_user_frame
from nanguard.torch._kinds import base_name, kind_of

__all__ = ["trace_loss", "leaves_of"]

_FILES = LibraryFiles(package_dirs=(os.path.dirname(os.path.abspath(torch.__file__)),),
                      package_names=("torch",))


def user_frame() -> dict:
    """The innermost frame outside torch, nanguard and the standard library."""
    return core_user_frame(_FILES, depth=2)


def _stats(t: torch.Tensor) -> dict:
    dtype = str(t.dtype).replace("torch.", "")
    data = t.detach()
    if getattr(data, "_local_tensor", None) is not None:
        data = data._local_tensor
    if data.dtype in (torch.bfloat16, torch.float16):
        data = data.to(torch.float32)
    return tensor_stats(data.cpu().numpy(), dtype=dtype)


def _norm(name: str) -> str:
    return name.lower().replace("_", "")


class _Recorder:
    """Shared state of the modes and hooks during one replay."""

    def __init__(self, module_names: dict[int, str], leaf_names: dict[int, str]):
        self.names = WeakIdKeyDictionary()
        self.keep: list[torch.Tensor] = []  # keep named tensors alive: ids stay unique
        self.stats: dict[str, dict] = {}
        self.nodes: list[dict] = []
        self.phase = "forward"
        self.module_names = module_names
        self.leaf_names = leaf_names
        self.module_stack: list[str] = []
        self.counter = 0

    def name_of(self, t: torch.Tensor, hint: str = "input") -> str:
        name = self.names.get(t)
        if name is None:
            name = self.leaf_names.get(id(t)) or f"{hint}{len(self.names)}"
            self._register(t, name)
        return name

    def _register(self, t: torch.Tensor, name: str) -> None:
        self.names[t] = name
        self.keep.append(t)
        if t.is_floating_point() or t.is_complex():
            self.stats[name] = _stats(t)

    def record(self, func, args, kwargs, out) -> None:
        flat = _flatten((args, kwargs))
        inputs = [self.name_of(a) for a in flat if isinstance(a, torch.Tensor)]
        # A non-finite Python number (``masked_fill(mask, -inf)``) is an input too: the
        # -inf it writes was put there on purpose, it is not born in this op.
        for a in flat:
            if isinstance(a, float) and not math.isfinite(a):
                const = f"const:{a}"
                self.stats.setdefault(const, tensor_stats(np.asarray(a, dtype=np.float32)))
                inputs.append(const)
        self.counter += 1
        op_name = f"{self.counter}:{func}"
        outputs = []
        for i, o in enumerate(x for x in _flatten(out) if isinstance(x, torch.Tensor)):
            name = f"{op_name}:{i}"
            self._register(o, name)
            outputs.append(name)
        node = {"name": op_name, "type": str(func), "kind": kind_of(func),
                "phase": self.phase, "inputs": inputs, "outputs": outputs,
                "forward_op": None, "layer": None, "iteration": None, "call": None}
        if self.phase == "forward":
            node["layer"] = self.module_stack[-1] if self.module_stack else None
            node.update(user_frame())
        else:
            grad_node = torch._C._current_autograd_node()
            meta = getattr(grad_node, "metadata", None) if grad_node is not None else None
            node["forward_op"] = (meta or {}).get("nanguard_forward_op")
            frame = user_frame() if node["forward_op"] is None else {}
            # A user-written backward (a custom autograd.Function) keeps its own line.
            node.update({"file": frame.get("file"), "line": frame.get("line"),
                         "function": frame.get("function"), "code": frame.get("code")})
        self.nodes.append(node)


def _flatten(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return [x for v in value for x in _flatten(v)]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _flatten(v)]
    return [value]


class _Dispatch(TorchDispatchMode):
    def __init__(self, rec: _Recorder):
        super().__init__()
        self.rec = rec

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        # Names of the inputs are taken before the call: an in-place op renames its output.
        for a in _flatten((args, kwargs)):
            if isinstance(a, torch.Tensor):
                self.rec.name_of(a)
        out = func(*args, **kwargs)
        self.rec.record(func, args, kwargs, out)
        return out


class _Functions(TorchFunctionMode):
    """Tag the autograd nodes a user-level call created with its forward aten op."""

    def __init__(self, rec: _Recorder):
        super().__init__()
        self.rec = rec
        self.seen: set[int] = set()
        self.keep: list[Any] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        start = len(self.rec.nodes)
        out = func(*args, **(kwargs or {}))
        if self.rec.phase == "forward" and torch.is_grad_enabled():
            created = self.rec.nodes[start:]
            for t in _flatten(out):
                if isinstance(t, torch.Tensor) and t.grad_fn is not None:
                    self._tag(t.grad_fn, created)
        return out

    def _tag(self, root, created: list[dict]) -> None:
        stack = [(root, True)]
        while stack:
            node, is_root = stack.pop()
            if node is None or id(node) in self.seen:
                continue
            self.seen.add(id(node))
            self.keep.append(node)
            match = _match(node.name(), created)
            if match is None and is_root and created:
                match = created[-1]
            if match is not None:
                node.metadata["nanguard_forward_op"] = match["name"]
            stack.extend((n, False) for n, _ in node.next_functions)


def _match(grad_name: str, created: list[dict]) -> dict | None:
    """The forward aten node a ``XxxBackward0`` node differentiates, by name."""
    stem = grad_name
    for suffix in ("Backward0", "Backward1", "Backward2", "Backward"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    else:
        return None
    stem = _norm(stem)
    best = None
    for node in created:
        base = _norm(base_name(node["type"].split("aten.", 1)[-1]))
        if base == stem or base.startswith(stem) or (stem.startswith(base) and len(base) > 2):
            best = node
    return best


def leaves_of(loss: torch.Tensor) -> list[torch.Tensor]:
    """Every leaf tensor with ``requires_grad`` the loss reaches (AccumulateGrad nodes)."""
    leaves, seen, stack = [], set(), [loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        variable = getattr(node, "variable", None)
        if variable is not None:
            leaves.append(variable)
        stack.extend(n for n, _ in node.next_functions)
    return leaves


def trace_loss(
    compute: Callable[[], torch.Tensor],
    *,
    modules: list[torch.nn.Module] | tuple = (),
) -> tuple[dict, dict]:
    """Run ``compute() -> scalar loss`` and its backward under instrumentation.

    Args:
        compute: runs the forward pass and returns the scalar loss.
        modules: root modules whose qualified names label the ops and parameters.

    Returns:
        ``(trace, values)``: the ``nanguard.trace/2`` dict and
        ``{"loss": tensor, "grads": [tensor]}``.
    """
    module_names: dict[int, str] = {}
    leaf_names: dict[int, str] = {}
    for root in modules:
        for name, mod in root.named_modules():
            module_names.setdefault(id(mod), name or type(mod).__name__)
        for name, p in root.named_parameters():
            leaf_names.setdefault(id(p), name)
    rec = _Recorder(module_names, leaf_names)

    def pre_hook(module, args):
        rec.module_stack.append(module_names.get(id(module), type(module).__name__))

    def post_hook(module, args, output):
        if rec.module_stack:
            rec.module_stack.pop()

    from torch.nn.modules import module as nn_module

    handles = [nn_module.register_module_forward_pre_hook(pre_hook),
               nn_module.register_module_forward_hook(post_hook, always_call=True)]
    try:
        with torch.enable_grad(), warnings.catch_warnings(), _Functions(rec), _Dispatch(rec):
            # torch.compile warns that global module hooks fire twice; the replay is eager.
            warnings.filterwarnings("ignore", message=".*global hooks on modules.*")
            loss = compute()
            if not isinstance(loss, torch.Tensor):
                raise TypeError(f"the loss must be a scalar torch.Tensor; got "
                                f"{type(loss).__name__}")
            if loss.numel() != 1:
                raise TypeError(f"the loss must be a scalar; got shape {tuple(loss.shape)}")
            loss_name = rec.name_of(loss, "loss")
            leaves = leaves_of(loss) if loss.requires_grad else []
            rec.phase = "backward"
            grads = torch.autograd.grad(loss, leaves, allow_unused=True) if leaves else []
            grad_names = [rec.name_of(g, "grad") for g in grads if g is not None]
    finally:
        for h in handles:
            h.remove()
    trace = {
        "schema": "nanguard.trace/2",
        "framework": "torch",
        "nodes": rec.nodes,
        "stats": rec.stats,
        "loss": loss_name,
        "grads": grad_names,
    }
    tensors = {name: t for t, name in rec.names.items()}  # for the rows at fault
    return trace, {"loss": loss.detach(), "grads": [g for g in grads if g is not None],
                   "tensors": tensors}
