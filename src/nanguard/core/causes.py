"""The cause vocabulary shared by every adapter, the report and the docs.

Each cause has a one-line meaning, a plain-words explanation template and a fix
that names a concrete change (a ``nanguard.ops``/``nanguard.losses`` function
where one applies). ``explain(cause, op=...)`` fills them for one finding.
"""

from __future__ import annotations

CAUSES: dict[str, str] = {
    "nonfinite_input": "the batch (features, labels or sample weights) already held NaN/Inf",
    "nonfinite_weights": "a variable was already non-finite before the step",
    "log_of_zero": "log at 0 gives -inf (including log of an underflowed softmax)",
    "domain_error": "a real-valued op outside its domain gives NaN",
    "div_by_zero": "x/0 gives ±inf, or 0/0 gives NaN, in the forward pass",
    "grad_singularity": "the forward value is finite but the derivative is infinite",
    "where_gradient_trap": "a non-finite gradient from a branch that where/select discarded",
    "overflow": "finite inputs give a result beyond the dtype's range",
    "invalid_operation": "NaN from inf-inf, 0·inf or inf/inf",
    "divergence": "loss, gradients or weights grew over steps until they overflowed",
}

# Safe replacement per framework op type (forward op names as TensorFlow spells them).
SAFE_OP_FOR = {
    "Log": "nanguard.ops.safe_log",
    "Log1p": "nanguard.ops.safe_log1p",
    "Sqrt": "nanguard.ops.safe_sqrt",
    "Rsqrt": "nanguard.ops.safe_reciprocal(nanguard.ops.safe_sqrt(x))",
    "RealDiv": "nanguard.ops.safe_div",
    "Div": "nanguard.ops.safe_div",
    "DivNoNan": "nanguard.ops.safe_div",
    "Reciprocal": "nanguard.ops.safe_reciprocal",
    "Inv": "nanguard.ops.safe_reciprocal",
    "Pow": "nanguard.ops.safe_pow",
    "Exp": "nanguard.ops.safe_exp",
    "Acos": "nanguard.ops.safe_acos",
    "Asin": "nanguard.ops.safe_asin",
    "Softmax": "nanguard.ops.masked_softmax",
    "LogSoftmax": "nanguard.ops.log_softmax",
    "EuclideanNorm": "nanguard.ops.safe_norm",
    "SelectV2": "nanguard.ops.safe_where",
    "Select": "nanguard.ops.safe_where",
    "Mean": "nanguard.ops.safe_mean",
}

_FIX = {
    "nonfinite_input": (
        "Clean the data before training: run `nanguard scan` on it, drop or impute the "
        "rows named in `rows`, or drop quarantined batches on a re-run with "
        "`nanguard.keras.exclude_quarantined`."
    ),
    "nonfinite_weights": (
        "The weights were already corrupted before this step. Restore a finite checkpoint "
        "(`Guard(rollback=True)` keeps snapshots) and find the step that first broke them."
    ),
    "log_of_zero": (
        "Use `nanguard.ops.safe_log` (or compute in log space: `nanguard.ops.log_softmax`, "
        "`from_logits=True` losses such as `nanguard.losses.categorical_crossentropy`)."
    ),
    "domain_error": (
        "Keep the argument inside the op's domain with a gradient-safe op: "
        "`nanguard.ops.safe_sqrt`, `safe_log`, `safe_acos`/`safe_asin`, `safe_pow`."
    ),
    "div_by_zero": "Use `nanguard.ops.safe_div` (or `safe_reciprocal`) for the division.",
    "grad_singularity": (
        "The value is fine but its derivative is infinite at this point; clipping does not "
        "help because the boundary is the singularity. Use the safe op "
        "(`nanguard.ops.safe_sqrt`, `safe_norm`, `safe_acos`, `safe_pow`), whose gradient "
        "is finite there."
    ),
    "where_gradient_trap": (
        "`where` differentiates both branches. Use `nanguard.ops.safe_where`, or the "
        "double-where pattern: feed the unsafe branch a safe dummy input where the "
        "condition is false."
    ),
    "overflow": (
        "Compute in a wider dtype or in log space: `nanguard.ops.safe_exp`, "
        "`nanguard.ops.logsumexp`, losses from `nanguard.losses` (float32 accumulation), "
        "or keep this layer in float32 under mixed precision (`dtype='float32'`)."
    ),
    "invalid_operation": (
        "An inf-inf, 0*inf or inf/inf produced NaN. For a fully masked softmax row use "
        "`nanguard.ops.masked_softmax`; otherwise keep the operands finite with the safe ops."
    ),
    "divergence": (
        "Training diverged: lower the learning rate, clip gradients "
        "(`Guard(clipnorm=1.0)`), or enable rollback with LR backoff "
        "(`Guard(rollback=True)`)."
    ),
}


def fix_for(cause: str, op: str | None = None) -> str:
    """A concrete fix for ``cause``; names the safe op for ``op`` when one exists."""
    if cause not in CAUSES:
        raise ValueError(f"unknown cause {cause!r}; expected one of {sorted(CAUSES)}")
    base = _FIX[cause]
    safe = SAFE_OP_FOR.get(op or "")
    if safe and cause not in ("nonfinite_input", "nonfinite_weights", "divergence") and (
        safe.split("(")[0] not in base
    ):
        base = f"Replace `{op}` with `{safe}`. " + base
    return base


def explain(
    cause: str,
    *,
    phase: str,
    op: str | None = None,
    grad_op: str | None = None,
    layer: str | None = None,
    where: str | None = None,
    input_name: str | None = None,
    variable: str | None = None,
) -> str:
    """Plain-words explanation of one finding."""
    at = f" at {where}" if where else ""
    in_layer = f" in layer '{layer}'" if layer else ""
    if cause == "nonfinite_input":
        return f"The batch already contained NaN/Inf in `{input_name}` before any op ran."
    if cause == "nonfinite_weights":
        return f"Variable `{variable}` was already NaN/Inf before this step."
    if cause == "divergence":
        return (
            "No single op failed on finite inputs: the loss, gradient norm or weights grew "
            "by 100x or more over the previous steps until values overflowed."
        )
    if phase == "backward":
        return (
            f"The forward `{op}`{in_layer}{at} produced finite values, but its gradient "
            f"(`{grad_op}`) became non-finite: {CAUSES[cause]}. Clipping the input does not "
            "help: the gradient is 0 outside the clip range and infinite at its edge."
        )
    return f"`{op}`{in_layer}{at} produced NaN/Inf from finite inputs: {CAUSES[cause]}."
