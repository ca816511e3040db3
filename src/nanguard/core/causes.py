"""The cause vocabulary shared by every adapter, the report and the docs. Framework-free.

Each cause has a one-line meaning, a plain-words explanation template and a fix
that names a concrete change (a ``nanguard.ops``/``nanguard.losses`` function
where one applies). Fix texts are rendered for the framework the trace came from
(``"tensorflow"``, ``"torch"``, ``"jax"``, or ``None`` for neutral text): a PyTorch
user is never told to call a Keras API. Ops are matched by their canonical kind
(``nanguard.core.op_kinds``), never by a framework's spelling; the spelling is only
shown. The table with examples is ``docs/causes.md``.
"""

from __future__ import annotations

__all__ = ["CAUSES", "FRAMEWORKS", "SAFE_OP_FOR_KIND", "explain", "fix_for", "inputs_phrase",
           "optimizer_fix", "precision_note"]

CAUSES: dict[str, str] = {
    "nonfinite_input": "the batch (features, labels or sample weights) already held NaN/Inf",
    "nonfinite_weights": "a variable was already non-finite before the step",
    "log_of_zero": "log at 0 gives -inf (including log of an underflowed softmax)",
    "domain_error": "a real-valued op outside its domain gives NaN",
    "div_by_zero": "x/0 gives ±inf, or 0/0 gives NaN",
    "pole": (
        "the op was evaluated exactly at a pole, where its value is infinite or undefined "
        "in every dtype (lgamma/digamma at 0 or a negative integer, atanh and erfinv at ±1)"
    ),
    "grad_singularity": "the forward value is finite but the derivative is infinite",
    "where_gradient_trap": "a non-finite gradient from a branch that where/select discarded",
    "overflow": "finite inputs give a result beyond the dtype's range",
    "invalid_operation": "NaN from inf-inf, 0·inf or inf/inf",
    "divergence": "loss, gradients or weights grew over steps until they overflowed",
    "opaque_call": (
        "the NaN/Inf was first seen at the output of a function call whose inside the "
        "tracer could not see, so the op and the reason are unknown"
    ),
}

FRAMEWORKS = ("tensorflow", "torch", "jax")

# The safe replacement per canonical op kind. ``nanguard.ops`` runs on every backend.
SAFE_OP_FOR_KIND = {
    "log": "nanguard.ops.safe_log",
    "log1p": "nanguard.ops.safe_log1p",
    "xlogy": "nanguard.ops.xlogy",
    "sqrt": "nanguard.ops.safe_sqrt",
    "rsqrt": "nanguard.ops.safe_reciprocal(nanguard.ops.safe_sqrt(x))",
    "div": "nanguard.ops.safe_div",
    "floordiv": "nanguard.ops.safe_div",
    "reciprocal": "nanguard.ops.safe_reciprocal",
    "pow": "nanguard.ops.safe_pow",
    "exp": "nanguard.ops.safe_exp",
    "acos": "nanguard.ops.safe_acos",
    "asin": "nanguard.ops.safe_asin",
    "softmax": "nanguard.ops.masked_softmax",
    "log_softmax": "nanguard.ops.log_softmax",
    "logsumexp": "nanguard.ops.logsumexp",
    "norm": "nanguard.ops.safe_norm",
    "select": "nanguard.ops.safe_where",
    "mean": "nanguard.ops.safe_mean",
}

# Framework-specific phrases; ``None`` is the neutral wording.
_PHRASES: dict[str | None, dict[str, str]] = {
    "tensorflow": {
        "drop_rows": "or drop quarantined batches on a re-run with "
                     "`nanguard.keras.exclude_quarantined`",
        "restore": "Restore a finite checkpoint (`nanguard.keras.Guard(recovery="
                   "nanguard.keras.Recovery())` keeps snapshots and rolls back to one)",
        "clip": "clip gradients (`nanguard.keras.Guard(clipnorm=1.0)`)",
        "backoff": "or roll back with a learning-rate backoff "
                   "(`nanguard.keras.Recovery(lr_factor=0.5)`)",
        "wide": "or keep this layer in float32 under mixed precision (`dtype='float32'`)",
        "opaque": "Call the Python function during the replay instead of a compiled form "
                  "(a `ConcreteFunction`, a loaded SavedModel, a `tf.py_function`), or run "
                  "`nanguard.locate` on the function's body directly.",
    },
    "torch": {
        "drop_rows": "or filter those rows in your `Dataset`",
        "restore": "Restore a finite checkpoint (`model.load_state_dict`, "
                   "`optimizer.load_state_dict`)",
        "clip": "clip gradients (`torch.nn.utils.clip_grad_norm_`)",
        "backoff": "or restart from a checkpoint with a smaller learning rate",
        "wide": "or run this op in float32 outside autocast "
                "(`with torch.autocast(device_type, enabled=False):` on `.float()` inputs)",
        "opaque": "Run the eager Python version of the function during the replay (not a "
                  "scripted, traced or compiled form, nor a custom C++/CUDA op), or run "
                  "`nanguard.locate` on its body directly.",
    },
    "jax": {
        "drop_rows": "or filter those rows in your input pipeline",
        "restore": "Restore a finite checkpoint of the params and the optimizer state",
        "clip": "clip gradients (`optax.clip_by_global_norm`)",
        "backoff": "or restart from a checkpoint with a smaller learning rate",
        "wide": "or compute this op in float32 (`x.astype(jnp.float32)`)",
        "opaque": "The call (a `pure_callback`, custom call or foreign function) cannot be "
                  "entered: run `nanguard.locate` on its Python body directly.",
    },
    None: {
        "drop_rows": "or filter those rows in your input pipeline",
        "restore": "Restore a finite checkpoint",
        "clip": "clip gradients by their global norm",
        "backoff": "or restart from a checkpoint with a smaller learning rate",
        "wide": "or compute this op in a wider dtype",
        "opaque": "Run the function's body directly under `nanguard.locate`, so its ops can "
                  "be seen.",
    },
}

_FIX = {
    "nonfinite_input": (
        "Clean the data before training: run `nanguard scan` on it, drop or impute the "
        "rows named in `rows`, {drop_rows}."
    ),
    "nonfinite_weights": (
        "The weights were already corrupted before this step. {restore}, and find the step "
        "that first broke them."
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
    "pole": (
        "A wider dtype cannot help: the value at a pole is infinite in every dtype. Keep the "
        "argument off the pole: for a count n >= 0 use lgamma(n + 1) (= log n!), for a "
        "learned argument map it to (0, inf) first (softplus(x) + 1e-6), for atanh/erfinv "
        "clip to (-1 + eps, 1 - eps); or mask the pole points with a double where "
        "(`nanguard.ops.safe_where`)."
    ),
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
        "{wide}."
    ),
    "invalid_operation": (
        "An inf-inf, 0*inf or inf/inf produced NaN. For a fully masked softmax row use "
        "`nanguard.ops.masked_softmax`; otherwise keep the operands finite with the safe ops."
    ),
    "divergence": (
        "Training diverged: lower the learning rate, {clip}, {backoff}."
    ),
    "opaque_call": "{opaque}",
}

# Phase ``optimizer``: the loss and gradients were finite, the optimizer's update was not.
# The user does not edit the optimizer's code: the fix is a setting of the optimizer.
_OPTIMIZER_FIX = {
    "div_by_zero": (
        "The optimizer divides by a per-parameter statistic (the root of a second-moment "
        "estimate) that is 0 where the gradient has always been 0 (unused embedding rows, "
        "frozen or masked parameters), and its epsilon does not keep the divisor away from "
        "0: build the optimizer with eps > 0, e.g. 1e-8 (rmsprop/adam/adagrad `eps=1e-8`). "
        "A schedule that divides by the step count is singular at step 0: count from 1."
    ),
    "domain_error": (
        "A statistic inside the optimizer left the domain of its op (a negative second "
        "moment under a square root, from a negative decay or epsilon): check the "
        "optimizer's decay rates (in [0, 1)) and epsilons (>= 0)."
    ),
    "overflow": (
        "The optimizer's statistics grew past the dtype's range: lower the learning rate, "
        "clip gradients before the optimizer, or keep optimizer state in float32."
    ),
    "divergence": (
        "The optimizer's statistics grew past the dtype's range: lower the learning rate, "
        "clip gradients before the optimizer, or keep optimizer state in float32."
    ),
}


def optimizer_fix(cause: str, *, scalar: bool = False) -> str:
    """A fix for a NaN/Inf born in the optimizer's update (phase ``optimizer``).

    ``scalar``: the failing op read scalars only (a schedule of the step count), not
    per-parameter statistics.

    Example:
        >>> optimizer_fix("div_by_zero").startswith("The optimizer divides")
        True
        >>> optimizer_fix("div_by_zero", scalar=True).startswith("A scalar")
        True
    """
    if scalar and cause in ("div_by_zero", "domain_error"):
        return ("A scalar of the optimizer (a learning-rate schedule of the step count) "
                "left its op's domain: a schedule such as 1/step or rsqrt(step) is singular "
                "at step 0, so count steps from 1 (1/(step + 1)) or clamp it "
                "(maximum(step, 1)).")
    if cause in _OPTIMIZER_FIX:
        return _OPTIMIZER_FIX[cause]
    return ("The optimizer's own arithmetic made the update non-finite from finite "
            "gradients: check its hyperparameters (epsilons > 0, decay rates in [0, 1), "
            "a finite learning rate and schedule).")


# Where the cause's generic fix does not fit the op: the remedy for this op.
_KIND_FIX = {
    ("cholesky", "domain_error"): (
        "The matrix is not positive definite in this dtype (duplicate points make a kernel "
        "matrix singular): add jitter to its diagonal (`k + 1e-6 * eye(n)`), or factor it "
        "in float64."
    ),
    ("atan2", "grad_singularity"): (
        "atan2(y, x) has no derivative at y = x = 0. Mask those points with a double where "
        "(`nanguard.ops.safe_where`): give atan2 a dummy (y, x) = (0, 1) where both are 0, "
        "and discard its result there."
    ),
}

_NO_SAFE_OP = ("nonfinite_input", "nonfinite_weights", "divergence", "opaque_call", "pole")


def fix_for(
    cause: str,
    kind: str | None = None,
    *,
    op: str | None = None,
    framework: str | None = "tensorflow",
) -> str:
    """A concrete fix for ``cause``, in the words of ``framework``.

    Args:
        cause: a key of ``CAUSES``.
        kind: the canonical kind of the origin op; names its safe replacement when
            ``nanguard.ops`` has one.
        op: the op as the framework spells it, shown in the text (defaults to ``kind``).
        framework: ``"tensorflow"``, ``"torch"``, ``"jax"`` or ``None`` (neutral text).

    Raises:
        ValueError: an unknown cause.
    """
    if cause not in CAUSES:
        raise ValueError(f"unknown cause {cause!r}; expected one of {sorted(CAUSES)}")
    phrases = _PHRASES.get(framework, _PHRASES[None])
    base = _KIND_FIX.get((kind or "", cause)) or _FIX[cause].format(**phrases)
    safe = SAFE_OP_FOR_KIND.get(kind or "")
    if safe and cause not in _NO_SAFE_OP and safe.split("(")[0] not in base:
        base = f"Replace `{op or kind}` with `{safe}`. " + base
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
    iteration: list[int] | None = None,
    user_backward: bool = False,
    forward_nonfinite: bool = False,
    inputs: str | None = None,
) -> str:
    """Plain-words explanation of one finding.

    ``iteration`` (loop indices, outermost first) says which pass of a loop first made
    the value; ``user_backward`` marks an op of a hand-written gradient function.
    ``inputs`` says what the op's inputs held, as :func:`inputs_phrase` words it from
    their statistics (``"finite inputs"``, ``"inputs whose only non-finite values are
    -inf"``); ``None`` (not known) makes no claim about them. Why: an ``inf - inf`` NaN
    (``invalid_operation``) comes from non-finite inputs, and saying "from finite
    inputs" there sends the user looking for the wrong fault.
    """
    at = f" at {where}" if where else ""
    in_layer = f" in layer '{layer}'" if layer else ""
    if iteration:
        at += " in loop iteration " + "/".join(str(i) for i in iteration)
    if cause == "nonfinite_input":
        return f"The batch already contained NaN/Inf in `{input_name}` before any op ran."
    if cause == "nonfinite_weights":
        return f"Variable `{variable}` was already NaN/Inf before this step."
    if cause == "divergence":
        return (
            "No single op failed on finite inputs: the loss, gradient norm or weights grew "
            "by 100x or more over the previous steps until values overflowed."
        )
    if cause == "opaque_call":
        pass_ = "backward pass" if phase == "backward" else "forward pass"
        return (
            f"The first NaN/Inf of the {pass_} came out of `{grad_op or op}`{in_layer}{at}, "
            "a call whose inside the tracer could not see: the op inside it and its cause "
            "are unknown."
        )
    from_ = f" from {inputs}" if inputs else ""
    if phase == "optimizer":
        return (
            f"The optimizer's `{op}`{at} made the update NaN/Inf{from_}: {CAUSES[cause]}. "
            "The loss and the gradients were finite: the optimizer's own arithmetic made it."
        )
    if phase == "backward" and user_backward:
        return (
            f"Your gradient function's `{grad_op or op}`{in_layer}{at} produced NaN/Inf"
            f"{from_}: {CAUSES[cause]}."
        )
    if phase == "backward" and cause == "where_gradient_trap":
        # The forward value was NaN/Inf (or its derivative infinite) in the branch the
        # select threw away: the loss is finite, so "finite values" would mislead.
        return (
            f"The forward `{op}`{in_layer}{at} feeds a branch that a where/select "
            f"discarded; there its value or its derivative is not finite, and its gradient "
            f"(`{grad_op}`) carried that back: {CAUSES[cause]}. The selection hides it from "
            "the loss, not from the gradient (0 x NaN is NaN)."
        )
    if phase == "backward" and forward_nonfinite:
        return (
            f"The forward `{op}`{in_layer}{at} made NaN/Inf in elements whose values never "
            "reached the finite loss (indexed or masked away, or absorbed: exp(-inf) is 0), "
            f"and its gradient (`{grad_op}`) became non-finite there: {CAUSES[cause]}. "
            "Dropping the values does not drop their gradient (0 x inf is NaN): keep the "
            "op's input valid for every element."
        )
    if phase == "backward":
        return (
            f"The forward `{op}`{in_layer}{at} produced finite values, but its gradient "
            f"(`{grad_op}`) became non-finite: {CAUSES[cause]}. Clipping the input does not "
            "help: the gradient is 0 outside the clip range and infinite at its edge."
        )
    return f"`{op}`{in_layer}{at} produced NaN/Inf{from_}: {CAUSES[cause]}."


def inputs_phrase(stats: list[dict]) -> str | None:
    """What an origin op's inputs held, in words, from their statistics.

    ``stats`` are the statistics of the op's floating inputs (the tracers record
    every floating tensor; a boolean mask or integer index cannot hold NaN/Inf).
    ``None`` when there are none: then nothing is established about the inputs.

    Example:
        >>> inputs_phrase([{"n_nan": 0, "n_posinf": 0, "n_neginf": 0}])
        'finite inputs'
        >>> inputs_phrase([]) is None
        True
        >>> inputs_phrase([{"n_nan": 0, "n_posinf": 0, "n_neginf": 3},
        ...                {"n_nan": 0, "n_posinf": 0, "n_neginf": 1}])
        'inputs whose only non-finite values are -inf'
    """
    if not stats:
        return None
    nan = any(s.get("n_nan", 0) for s in stats)
    pos = any(s.get("n_posinf", 0) for s in stats)
    neg = any(s.get("n_neginf", 0) for s in stats)
    if not (nan or pos or neg):
        return "finite inputs"
    if nan:
        return "inputs that already held NaN"
    sign = "±inf" if pos and neg else "+inf" if pos else "-inf"
    return f"inputs whose only non-finite values are {sign}"


_LOW_PRECISION = {"float16": "11", "bfloat16": "8"}
# Causes a value can reach through rounding alone: a variance E[x²] - E[x]² below 0, a
# probability clipped to 1 - 1e-7 that is 1, a softmax entry that flushes to 0.
_ROUNDING_CAUSES = ("domain_error", "log_of_zero", "div_by_zero")


def precision_note(cause: str, dtypes: list[str], framework: str | None = None) -> str | None:
    """A sentence for the fix when a boundary fault happened in float16/bfloat16, or ``None``.

    Why: in a half-precision dtype a value lands on or past an op's boundary through
    rounding (in bfloat16, ``1 - 1e-7`` is ``1`` and ``mean(x²) - mean(x)²`` of
    ``[17, ..., 17, 18]`` is ``-2``), and an epsilon below the dtype's resolution does
    nothing; the safe op then hides a wrong value instead of fixing it.

    Example:
        >>> precision_note("log_of_zero", ["bfloat16"], "jax").startswith("It ran in bfloat16")
        True
        >>> precision_note("overflow", ["float16"]) is None  # overflow's fix says it already
        True
    """
    low = next((d for d in dtypes if d in _LOW_PRECISION), None)
    if low is None or cause not in _ROUNDING_CAUSES:
        return None
    wide = _PHRASES.get(framework, _PHRASES[None])["wide"]
    return (
        f"It ran in {low} ({_LOW_PRECISION[low]} significant bits): rounding can put a value "
        "on or past the op's boundary (1 - 1e-7 rounds to 1; mean(x²) - mean(x)² can come "
        "out negative; a tiny probability flushes to 0), and an epsilon below that resolution "
        f"does nothing. Compute this step in float32 (cast its inputs first), {wide}."
    )
