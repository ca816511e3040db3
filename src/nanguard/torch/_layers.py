"""Findings inside ``torch.nn`` built-in modules, in the user's terms (replay only).

A NaN born in ``nn.LayerNorm(eps=0)`` or in ``nn.MultiheadAttention`` with an
all-masked row is the data's or the arguments' fault: the aten op has no line of
the user's, and ``safe_div`` cannot be put inside torch. The trace already gives
the user's line that called the module (its innermost user frame); this module
adds the module's class, the rows of the batch at fault and the module-level fix,
all through the engine (``core.layer_fixes``, ``core.rows``).
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import numpy as np
import torch

from nanguard.core.incident import Finding
from nanguard.core.layer_fixes import apply_layer_context
from nanguard.core.origin_context import add_note
from nanguard.core.rows import origin_rows

__all__ = ["batch_size_of", "describe_module"]


def batch_size_of(batch: Any) -> int | None:
    """Rows of a batch: the leading size of its first tensor (tuple/list/dict order)."""
    if isinstance(batch, torch.Tensor):
        return int(batch.shape[0]) if batch.dim() else None
    items = batch.values() if isinstance(batch, dict) else batch
    if isinstance(items, (list, tuple, type({}.values()))):
        for item in items:
            size = batch_size_of(item)
            if size is not None:
                return size
    return None


def _module_named(roots: list[torch.nn.Module], name: str) -> torch.nn.Module | None:
    for root in roots:
        for qual, mod in root.named_modules():
            if (qual or type(mod).__name__) == name:
                return mod
    return None


def _owner_chain(roots: list[torch.nn.Module], name: str) -> list[tuple[torch.nn.Module, str]]:
    """``[(owner, attribute)]`` from the module named ``name`` up to its root."""
    for root in roots:
        parts = [] if name == type(root).__name__ else name.split(".")
        chain, mod = [], root
        try:
            for part in parts:
                chain.append((mod, part))
                mod = getattr(mod, part) if not part.isdigit() else mod[int(part)]
        except (AttributeError, IndexError, KeyError, TypeError):
            continue
        if parts:
            return chain[::-1]
    return []


def creation_site(roots: list[torch.nn.Module], name: str) -> dict | None:
    """The user's line that made module ``name``: ``self.<attr> = ...`` in its owner's class.

    Walks up from the module to the first owner whose class is the user's (a
    ``Sequential`` or ``ModuleList`` of torch's own is looked through) and finds
    the assignment of that attribute in the class's source (``__init__`` usually).
    ``None`` when there is no such owner or the source is not available.
    """
    for owner, attr in _owner_chain(roots, name):
        if _is_builtin(owner):
            continue
        pattern = re.compile(rf"\bself\.{re.escape(attr)}\s*(:[^=]+)?=(?!=)")
        for cls in type(owner).__mro__:
            if cls.__module__.startswith("torch.") or cls is object:
                break
            try:
                lines, start = inspect.getsourcelines(cls)
                filename = inspect.getsourcefile(cls)
            except (OSError, TypeError):
                continue
            function = None
            for offset, text in enumerate(lines):
                stripped = text.strip()
                if stripped.startswith("def "):
                    function = stripped[4:].split("(")[0]
                if pattern.search(text):
                    return {"file": filename, "line": start + offset, "function": function,
                            "code": stripped}
        return None
    return None


def _is_builtin(module: torch.nn.Module) -> bool:
    return (type(module).__module__ or "").startswith("torch.")


def _fetch(tensors: dict, module: torch.nn.Module | None, batch_size: int):
    heads = getattr(module, "num_heads", None) if isinstance(
        module, torch.nn.MultiheadAttention) else None

    def fetch(name: str) -> np.ndarray:
        value = tensors[name]
        if not isinstance(value, torch.Tensor) or not value.is_floating_point():
            raise KeyError(name)
        value = value.detach().to(torch.float32).cpu()
        # MultiheadAttention packs (batch * num_heads, ...) batch-major: fold the heads.
        if heads and value.dim() and value.shape[0] == batch_size * heads != batch_size:
            value = value.reshape(batch_size, -1)
        return value.numpy()

    return fetch


def describe_module(finding: Finding | None, trace: dict, tensors: dict,
                    roots: list[torch.nn.Module], batch: Any) -> Finding | None:
    """Class, rows at fault and module-level fix of the module a forward origin ran in."""
    if finding is None or finding.origin.phase != "forward":
        return finding
    module = _module_named(roots, finding.origin.layer) if finding.origin.layer else None
    batch_size = batch_size_of(batch)
    if module is None:  # an op outside any module (a loss, a training_step): rows only
        if batch_size and finding.origin.rows is None:
            finding.origin.rows = origin_rows(trace, _fetch(tensors, None, batch_size),
                                              batch_size)
        return finding
    # Batch-second modules (MultiheadAttention, Transformer layers, RNNs with
    # batch_first=False): their batch axis is not the leading one of the batch nor of
    # their ops' outputs, so rows would be mapped along the wrong axis. Leave them out.
    batch_second = getattr(module, "batch_first", True) is False
    # A batch norm's NaN is a feature's (the column is constant over the batch): every
    # row holds it and no single row is at fault.
    if batch_size and not batch_second and not isinstance(
            module, torch.nn.modules.batchnorm._NormBase):
        finding.origin.rows = origin_rows(trace, _fetch(tensors, module, batch_size),
                                          batch_size)
    finding = apply_layer_context(finding, layer_class=type(module).__name__,
                                  builtin=_is_builtin(module), framework_name="PyTorch",
                                  batch_size=None if batch_second else batch_size)
    if batch_second:
        add_note(finding, f"The rows at fault are not named: this {type(module).__name__}"
                          " runs batch-second (batch_first=False), so the batch is not "
                          "the leading axis of its tensors.")
    site = creation_site(roots, finding.origin.layer)
    if site is not None and (site["file"], site["line"]) != (finding.origin.file,
                                                             finding.origin.line):
        add_note(finding, f"The {type(module).__name__} '{finding.origin.layer}' was "
                          f"created at {site['file']}:{site['line']} (`{site['code']}`).")
    return finding
