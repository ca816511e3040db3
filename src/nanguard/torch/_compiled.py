"""A NaN/Inf that only the ``torch.compile``d step makes (replay only).

The localizing replay is eager: it needs every aten op. When it is finite while
the guarded step was not, and the step ran compiled code, the step is run once
more as compiled, from the same captured moment (RNG, buffers), to tell a
compiled-only NaN from one that is not reproduced at all. A compiled-only NaN
is a difference between the compiled graph and eager PyTorch: a fused kernel
keeps a float32 intermediate where eager rounds it to float16/bfloat16 (or the
reverse), or a reduction runs in another order. The tracer cannot see inside the
compiled kernel, so the finding is an ``opaque_call`` and says so plainly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from nanguard.core.incident import Finding, Origin
from nanguard.torch._trace import leaves_of

__all__ = ["compiled_parts", "compiled_only_finding"]


def compiled_parts(model: Any, loss_fn: Any) -> list[str]:
    """Names of the compiled pieces the step runs: modules, and ``loss_fn`` itself."""
    found = []
    candidates = [("model", model), ("loss_fn", loss_fn)]
    for cell in getattr(loss_fn, "__closure__", None) or ():
        try:
            candidates.append(("closure", cell.cell_contents))
        except ValueError:  # an empty cell
            continue
    code = getattr(loss_fn, "__code__", None)
    if code is not None:  # the globals it names (a module-level `cmodel = torch.compile(m)`)
        scope = getattr(loss_fn, "__globals__", {})
        candidates.extend((n, scope[n]) for n in code.co_names if n in scope)
    for label, obj in candidates:
        if isinstance(obj, torch.nn.Module):
            for name, mod in obj.named_modules():
                if isinstance(mod, torch._dynamo.eval_frame.OptimizedModule) or hasattr(
                        mod, "_compiled_call_impl") and mod._compiled_call_impl is not None:
                    found.append(name or type(getattr(mod, "_orig_mod", mod)).__name__)
        elif callable(obj) and hasattr(obj, "_torchdynamo_orig_callable"):
            found.append(getattr(obj, "__name__", label))
    return sorted(set(found))


def _nonfinite(t: torch.Tensor | None) -> bool:
    return t is not None and not bool(torch.isfinite(t.detach()).all())


def compiled_only_finding(run: Callable[[], torch.Tensor], parts: list[str],
                          trigger: str) -> Finding | None:
    """Run the compiled step (``run()`` returns the loss); a finding when it is non-finite.

    Returns ``None`` when the compiled run is finite too (the NaN/Inf is not
    reproduced from the captured moment).
    """
    loss = run()
    loss_bad = _nonfinite(loss)
    grads_bad = False
    if not loss_bad and loss.requires_grad:
        leaves = leaves_of(loss)
        grads = torch.autograd.grad(loss, leaves, allow_unused=True) if leaves else ()
        grads_bad = any(_nonfinite(g) for g in grads)
    if not (loss_bad or grads_bad):
        return None
    where = ", ".join(parts)
    what = "loss" if loss_bad else "gradients"
    explanation = (
        f"compiled-only: the eager replay of this step is finite, but the torch.compile'd "
        f"step ({where}) gives non-finite {what} from the same batch, weights, RNG and "
        "buffers. This is likely a fusion/precision difference in torch.compile: a fused "
        "kernel keeps a float32 intermediate where eager rounds it to float16/bfloat16 (or "
        "the reverse), or runs a reduction in another order. The tracer cannot see inside "
        "the compiled kernel, so the op is unknown."
    )
    fix = (
        "Confirm with the step run eagerly (`torch.compiler.set_stance(\"force_eager\")`) or "
        "with `torch.compile(..., backend=\"aot_eager\")`; then make the numerics explicit "
        "where the two differ (compute the sensitive part in float32, or keep it out of the "
        "compiled region with `torch.compiler.disable`), or set "
        "`torch._inductor.config.emulate_precision_casts = True` to round like eager."
    )
    origin = Origin(phase="forward" if loss_bad else "backward", op="torch.compile",
                    layer=parts[0] if len(parts) == 1 else None)
    return Finding(origin=origin, cause="opaque_call", explanation=explanation, fix=fix,
                   trigger=trigger)
