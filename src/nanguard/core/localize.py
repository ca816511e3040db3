"""Find the origin of a NaN/Inf in an op trace. Framework-free.

An adapter replays a failing step and records an **op trace**: every op in
creation (topological) order, with its phase (forward/backward), input and
output tensor names, the forward op a backward op differentiates, its layer and
user source line, and statistics of every floating tensor. This module walks
that trace and names the origin:

* only non-finite tensors **on a path of non-finite tensors to the bad loss or
  the bad gradients** count (a masked ``-inf`` that never reaches them is ignored,
  and so is a NaN whose only link to them is a ``Shape`` or a finite activation);
* the origin is the first such op whose output holds NaN where no input did, or
  ±Inf where every input was finite;
* a forward NaN/Inf the finite loss never saw (a ``where`` dropped it) that comes
  back through a gradient reading it is a **backward** origin, named by its forward op;
* the cause comes from the vocabulary in ``nanguard.core.causes``;
* a node may name the library function the user's line called that contains it
  (optional ``api``, e.g. ``"jax.nn.softmax"``, and its canonical ``api_kind``): the
  finding then shows that function, not the primitive inside it, and its fix.

The same function re-analyses a saved ``trace.json`` offline
(``nanguard locate INCIDENT_DIR``), so nothing in an incident is ever executed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from nanguard.core.causes import explain, fix_for, inputs_phrase, optimizer_fix, precision_note
from nanguard.core.incident import Finding, Origin
from nanguard.core.op_kinds import (
    DIV_KINDS,
    DOMAIN_KINDS,
    LOG_KINDS,
    OPAQUE_KINDS,
    PASS_THROUGH_KINDS,
    POLE_KINDS,
    SELECT_KINDS,
    SINGULAR_GRAD_KINDS,
    VALUE_FREE_KINDS,
)
from nanguard.core.policy import OPTIMIZER_TRIGGERS, is_divergence

SCHEMA = "nanguard.trace/2"


def _bad(stats: dict | None) -> bool:
    return bool(stats) and (stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]) > 0


def _has_nan(stats: dict | None) -> bool:
    return bool(stats) and stats["n_nan"] > 0


def _has_inf(stats: dict | None) -> bool:
    return bool(stats) and (stats["n_posinf"] + stats["n_neginf"]) > 0


def kind_of(node: dict) -> str:
    """The node's canonical kind; ``"other"`` for a node written without one."""
    return node.get("kind") or "other"


class Trace:
    """Indexed view of a trace dict ``{"nodes": [...], "stats": {...}, "loss", "grads"}``."""

    def __init__(self, trace: dict):
        self.raw = trace
        self.nodes: list[dict] = trace["nodes"]
        self.stats: dict[str, dict] = trace["stats"]
        self.by_name = {n["name"]: n for n in self.nodes}
        self.producer: dict[str, dict] = {}
        self.consumers: dict[str, list[tuple[dict, int]]] = {}
        # Tensors on a path of non-finite tensors to the targets, once find_origin ran.
        self.relevant: set[str] | None = None
        for n in self.nodes:
            for t in n["outputs"]:
                self.producer[t] = n
            for i, t in enumerate(n["inputs"]):
                self.consumers.setdefault(t, []).append((n, i))

    def targets(self) -> list[str]:
        """The bad tensors to explain: the loss, else the gradients, else extra targets."""
        loss = self.raw.get("loss")
        if loss and _bad(self.stats.get(loss)):
            return [loss]
        for key in ("grads", "targets"):
            bad = [g for g in self.raw.get(key) or [] if _bad(self.stats.get(g))]
            if bad:
                return bad
        return []

    def ancestors(self, targets: Iterable[str], *, bad_only: bool = False) -> set[str]:
        """Tensor names on a path to ``targets`` (targets included).

        With ``bad_only`` the walk follows non-finite tensors only: a finite tensor
        cannot carry a NaN, however many structural paths lead through it (a
        gradient reads forward activations downstream of a masked ``log(0)``).
        """
        seen: set[str] = set()
        stack = list(targets)
        while stack:
            t = stack.pop()
            if t in seen:
                continue
            seen.add(t)
            node = self.producer.get(t)
            if node is None or kind_of(node) in VALUE_FREE_KINDS:
                continue
            stack.extend(i for i in node["inputs"]
                         if not bad_only or _bad(self.stats.get(i)))
        return seen

    def feeds_select_branch(self, node: dict, depth: int = 4) -> bool:
        """Does ``node``'s output reach a where/select *branch* through a few elementwise ops?"""
        frontier = list(node["outputs"])
        for _ in range(depth):
            nxt = []
            for t in frontier:
                for consumer, index in self.consumers.get(t, []):
                    if consumer["phase"] != "forward":
                        continue
                    kind = kind_of(consumer)
                    if kind in SELECT_KINDS and index in (1, 2):
                        return True
                    if kind in PASS_THROUGH_KINDS:
                        nxt.extend(consumer["outputs"])
            frontier = nxt
        return False

    def forward_of(self, node: dict) -> dict | None:
        """The forward node a backward ``node`` differentiates, when the tracer knew it."""
        return self.by_name.get(node.get("forward_op") or "")


def _as_trace(trace: dict | Trace) -> Trace:
    return trace if isinstance(trace, Trace) else Trace(trace)


def find_origin(trace: dict | Trace) -> dict | None:
    """The origin node of the first NaN/Inf on a path to a bad target, or ``None``."""
    t = _as_trace(trace)
    targets = t.targets()
    if not targets:
        return None
    relevant = t.ancestors(targets, bad_only=True)
    t.relevant = relevant
    for node in t.nodes:
        outs = [o for o in node["outputs"] if o in relevant and _bad(t.stats.get(o))]
        if not outs:
            continue
        in_stats = [t.stats.get(i) for i in node["inputs"] if i in t.stats]
        inputs_nan = any(_has_nan(s) for s in in_stats)
        inputs_bad = any(_bad(s) for s in in_stats)
        out_nan = any(_has_nan(t.stats[o]) for o in outs)
        out_inf = any(_has_inf(t.stats[o]) for o in outs)
        if (out_nan and not inputs_nan) or (out_inf and not inputs_bad):
            return node
    return None


def call_inputs(t: Trace, node: dict) -> list[str]:
    """The tensors the library call ``node`` ran inside (its ``api``) read from outside it.

    The call's nodes are the ancestors of ``node`` with the same ``api``, line and phase
    (``log`` inside ``logsumexp`` reads a finite 0; the call was given a row of -inf).
    """
    key = (node.get("api"), node.get("file"), node.get("line"), node.get("phase"))
    outside: list[str] = []
    seen: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        for name in n["inputs"]:
            if name in seen:
                continue
            seen.add(name)
            p = t.producer.get(name)
            if p is not None and (p.get("api"), p.get("file"), p.get("line"),
                                  p.get("phase")) == key:
                stack.append(p)
            else:
                outside.append(name)
    return outside or node["inputs"]


def is_user_backward(t: Trace, node: dict) -> bool:
    """A backward op the user wrote (a custom gradient): no forward op, but a user line."""
    if node["phase"] != "backward" or not node.get("line"):
        return False
    fwd = t.forward_of(node)
    return fwd is None or kind_of(fwd) in ("identity", "other", "call")


def _at_pole(kind: str, stats: dict | None) -> bool:
    """Was the input exactly at a pole? Needs the zero count, and for lgamma/digamma
    an integer <= 0 (the stats keep the count of zeros and of negatives)."""
    if not stats:
        return False
    if kind in ("atanh", "erfinv"):
        return stats["n_nan"] == 0 and stats["min"] is not None and (
            stats["min"] <= -1.0 or stats["max"] >= 1.0)
    return stats["n_zero"] > 0 or stats["n_negative"] > 0


def _classify_value(t: Trace, node: dict, history_diverged: bool) -> str:
    """The cause of an op that made NaN/Inf from its inputs' values."""
    kind = kind_of(node)
    in_stats = [t.stats[i] for i in node["inputs"] if i in t.stats]
    # Only the outputs on the bad path: a side output may hold scratch memory
    # (torch's _ctc_loss returns a partly uninitialized log_alpha).
    outs = [o for o in node["outputs"] if t.relevant is None or o in t.relevant]
    out_stats = [t.stats[o] for o in outs or node["outputs"] if o in t.stats]
    inputs_bad = any(_bad(s) for s in in_stats)
    out_nan = any(_has_nan(s) for s in out_stats)
    first_in = in_stats[0] if in_stats else None
    if kind in OPAQUE_KINDS:
        return "opaque_call"
    if inputs_bad and out_nan:
        return "invalid_operation"
    if kind in POLE_KINDS and _at_pole(kind, first_in):
        return "pole"
    if kind in LOG_KINDS:
        return "domain_error" if out_nan else "log_of_zero"
    if kind == "rsqrt":
        # rsqrt(x) = 1/sqrt(x): NaN below 0 (a domain error), +inf at 0 (a division by 0).
        return "domain_error" if out_nan else "div_by_zero"
    if kind in DIV_KINDS:
        return "div_by_zero"
    if kind in DOMAIN_KINDS and out_nan:
        return "domain_error"
    if kind == "pow" and not out_nan and first_in and first_in["n_zero"] > 0:
        return "div_by_zero"  # 0 ** negative
    if out_nan:
        return "invalid_operation"
    return "divergence" if history_diverged else "overflow"


def classify(trace: dict | Trace, node: dict, history_diverged: bool = False) -> str:
    """Name the cause of an origin ``node`` (see ``nanguard.core.causes``)."""
    t = _as_trace(trace)
    if node["phase"] == "backward" and not is_user_backward(t, node):
        fwd = t.forward_of(node)
        if kind_of(node) in OPAQUE_KINDS or (fwd is not None and kind_of(fwd) in OPAQUE_KINDS):
            return "opaque_call"
        if fwd is not None and t.feeds_select_branch(fwd):
            return "where_gradient_trap"
        if fwd is not None and _forward_dropped_nonfinite(t, fwd):
            # x/0 or log1p(-1) whose inf was indexed away: the forward value's own cause.
            return _classify_value(t, fwd, history_diverged)
        if fwd is not None and kind_of(fwd) in SINGULAR_GRAD_KINDS:
            return "grad_singularity"
        in_stats = [t.stats[i] for i in node["inputs"] if i in t.stats]
        out_stats = [t.stats[o] for o in node["outputs"] if o in t.stats]
        if any(_bad(s) for s in in_stats) and any(_has_nan(s) for s in out_stats):
            return "invalid_operation"
        return "divergence" if history_diverged else "overflow"
    return _classify_value(t, node, history_diverged)


def _forward_dropped_nonfinite(t: Trace, fwd: dict) -> bool:
    """Did forward op ``fwd`` output NaN/Inf that the (finite) loss never used?"""
    loss = t.raw.get("loss")
    return bool(loss) and not _bad(t.stats.get(loss)) and any(
        _bad(t.stats.get(o)) for o in fwd["outputs"])


def _discarded_forward_leak(t: Trace, node: dict) -> dict | None:
    """The backward op that reads a forward origin's output the (finite) loss never used."""
    loss = t.raw.get("loss")
    if node["phase"] != "forward" or not loss or _bad(t.stats.get(loss)):
        return None
    # The loss is finite, so no forward NaN/Inf reached it: any forward origin was
    # dropped (where/select, max, gather) and only its gradient can carry it on.
    # The gradient may read it through forward aliases: torch's autograd saves
    # sqrt's or exp's result as an ``aten.detach`` the backward reads later.
    readers, seen, frontier = [], set(), list(node["outputs"])
    while frontier:
        o = frontier.pop()
        if o in seen:
            continue
        seen.add(o)
        for c, _ in t.consumers.get(o, []):
            if kind_of(c) == "identity":
                frontier.extend(c["outputs"])
            elif c["phase"] == "backward" and kind_of(c) not in VALUE_FREE_KINDS:
                readers.append(c)
    bad = [c for c in readers if any(_bad(t.stats.get(o)) for o in c["outputs"])]
    return (bad or readers or [None])[0]


def finding_from_trace(
    trace: dict,
    *,
    history_diverged: bool = False,
    trigger: str = "loss",
) -> Finding | None:
    """Origin + cause + explanation + fix, or ``None`` when nothing on a path is bad.

    The fix is worded for ``trace["framework"]`` (see ``nanguard.core.causes.fix_for``).
    """
    t = Trace(trace)
    node = find_origin(t)
    if node is None:
        return None
    framework = trace.get("framework")
    cause = classify(t, node, history_diverged)
    leak = _discarded_forward_leak(t, node)
    user_backward = is_user_backward(t, node)
    if leak is not None:
        # A forward NaN/Inf the loss never saw (a where/select dropped it) re-enters
        # through a gradient that reads the forward value: a backward failure.
        if t.feeds_select_branch(node):
            cause = "where_gradient_trap"
        op, grad_op, src = node["type"], leak["type"], node
        phase = "backward"
    elif node["phase"] == "backward" and not user_backward:
        fwd = t.forward_of(node) or {}
        op, grad_op = fwd.get("type"), node["type"]
        src = fwd if fwd else node
        phase = "backward"
    elif user_backward:
        # An op of the user's own gradient function: its own line is the one to fix.
        op, grad_op, src, phase = node["type"], node["type"], node, "backward"
    else:
        op, grad_op, src = node["type"], None, node
        phase = node["phase"]
    kind_src = src if phase == "forward" or leak is not None or user_backward else (
        t.forward_of(node) or node)
    in_names = node["inputs"]
    if kind_src.get("api") and not user_backward:
        # The op ran inside a library function the user's line called (JAX lowers
        # jax.nn.softmax to max/sub/exp/div): name that function, the one the user wrote,
        # and show what it was given (a forward origin: its call's inputs).
        op = kind_src["api"]
        if kind_src is node:
            in_names = call_inputs(t, node)
    origin = Origin(
        phase=phase,
        op=op,
        grad_op=grad_op,
        layer=src.get("layer"),
        file=src.get("file"),
        line=src.get("line"),
        function=src.get("function"),
        code=src.get("code"),
        inputs=[t.stats[i] for i in in_names if i in t.stats],
        output=next((t.stats[o] for o in node["outputs"] if o in t.stats), None),
        kind=kind_src.get("api_kind") or kind_of(kind_src),
        iteration=list(node.get("iteration") or src.get("iteration") or []) or None,
    )
    where = f"{origin.file}:{origin.line}" if origin.file else None
    explanation = explain(cause, phase=origin.phase, op=op, grad_op=grad_op,
                          layer=origin.layer, where=where, iteration=origin.iteration,
                          user_backward=user_backward, inputs=inputs_phrase(origin.inputs),
                          forward_nonfinite=leak is None and phase == "backward"
                          and not user_backward and _forward_dropped_nonfinite(t, src))
    fix = fix_for(cause, origin.kind, op=op, framework=framework)
    if phase == "optimizer":  # the user changes a setting of the optimizer, not its code
        fix = optimizer_fix(cause, scalar=bool(origin.inputs) and all(
            not s.get("shape") for s in origin.inputs))
    dtypes = [s.get("dtype") for s in [*origin.inputs, origin.output] if s]
    note = precision_note(cause, dtypes, framework)
    if note:
        fix += " " + note
    if trigger in OPTIMIZER_TRIGGERS and phase != "optimizer":
        fix = (f"The {trigger.replace('_', ' ')} itself is non-finite at this step: a schedule "
               "such as rsqrt(step) or 1/step is singular at step 0, so count steps from 1 "
               "(rsqrt(step + 1)) or clamp it (maximum(step, 1)). " + fix)
    return Finding(origin=origin, cause=cause, explanation=explanation, fix=fix,
                   trigger=trigger)


def _bad_rows(array) -> list[int]:
    """Row indices (first axis) holding a NaN/Inf; ``[0]`` for a bad scalar."""
    import numpy as np

    bad = ~np.isfinite(array)
    if array.ndim == 0:
        return [0] if bad else []
    return [int(r) for r in np.nonzero(bad.reshape(bad.shape[0], -1).any(axis=1))[0]]


def _as_float(value):
    """A float NumPy view of ``value``, or ``None`` for a non-float array."""
    import numpy as np

    arr = np.asarray(value)
    if arr.dtype.name == "bfloat16":  # ml_dtypes: NumPy's isfinite needs a wider type
        return arr.astype(np.float32)
    return arr if arr.dtype.kind in "fc" else None


def _dtype_name(value) -> str:
    import numpy as np

    return str(np.asarray(value).dtype)


def data_finding(batch: dict, trigger: str = "loss", *,
                 framework: str | None = None) -> Finding | None:
    """A finding for non-finite values already in the batch (phase ``data``).

    Only the features (``x``), labels (``y``) and sample weights are considered; the
    first bad one in that order is named, with its rows.
    """
    from nanguard.core.incident import tensor_stats

    order = {"x": 0, "y": 1, "sample_weight": 2}
    names = sorted((n for n in batch if n.split("/")[0] in order),
                   key=lambda n: (order[n.split("/")[0]], n))
    for name in names:
        arr = _as_float(batch[name])
        rows = _bad_rows(arr) if arr is not None else []
        if not rows:
            continue
        more = "..." if len(rows) > 20 else ""
        return Finding(
            origin=Origin(phase="data", input=name, rows=rows,
                          output=tensor_stats(arr, _dtype_name(batch[name]))),
            cause="nonfinite_input",
            explanation=explain("nonfinite_input", phase="data", input_name=name)
            + f" Rows {rows[:20]}{more} of the batch.",
            fix=fix_for("nonfinite_input", framework=framework), trigger=trigger,
        )
    return None


def weights_finding(variables: dict, trigger: str = "loss", *,
                    framework: str | None = None) -> Finding | None:
    """A finding for a variable that was already non-finite before the step."""
    from nanguard.core.incident import tensor_stats

    for name, value in variables.items():
        arr = _as_float(value)
        if arr is not None and _bad_rows(arr):
            return Finding(
                origin=Origin(phase="weights", variable=name,
                              output=tensor_stats(arr, _dtype_name(value))),
                cause="nonfinite_weights",
                explanation=explain("nonfinite_weights", phase="weights", variable=name),
                fix=fix_for("nonfinite_weights", framework=framework), trigger=trigger,
            )
    return None


def divergence_finding(trigger: str = "loss", *, framework: str | None = None) -> Finding:
    """A finding for a run whose loss/gradient norm grew >= 100x with no single bad op."""
    return Finding(
        origin=Origin(phase="forward"), cause="divergence",
        explanation=explain("divergence", phase="forward"),
        fix=fix_for("divergence", framework=framework), trigger=trigger,
    )


def localize_step(
    batch: dict,
    variables: dict | None,
    trace: Callable[[], dict | None] | dict | None,
    *,
    history: dict | None = None,
    trigger: str = "loss",
    framework: str | None = None,
) -> tuple[Finding | None, dict | None]:
    """Name the origin of one failed step, in the one order every caller uses.

    The batch first (``nonfinite_input``), then the variables
    (``nonfinite_weights``), then the op trace, then the history (``divergence``).
    ``trace`` may be a callable, so an adapter only pays for a replay when the
    data and weights are clean; the offline CLI passes the saved trace.
    ``framework`` words the fixes (default: the saved trace's own ``framework``).

    Returns:
        ``(finding or None, the trace that was analysed or None)``.
    """
    if framework is None and isinstance(trace, dict):
        framework = trace.get("framework")
    finding = data_finding(batch, trigger, framework=framework)
    if finding is None and variables:
        finding = weights_finding(variables, trigger, framework=framework)
    if finding is not None:
        return finding, None
    recorded = trace() if callable(trace) else trace
    diverged = bool(history) and is_divergence(history)
    if recorded:
        finding = finding_from_trace(recorded, history_diverged=diverged, trigger=trigger)
    if finding is None and diverged:
        finding = divergence_finding(trigger, framework=framework)
    return finding, recorded
