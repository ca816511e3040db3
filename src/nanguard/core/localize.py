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
* the cause comes from the vocabulary in ``nanguard.core.causes``.

The same function re-analyses a saved ``trace.json`` offline
(``nanguard locate INCIDENT_DIR``), so nothing in an incident is ever executed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from nanguard.core.causes import explain, fix_for
from nanguard.core.incident import Finding, Origin
from nanguard.core.policy import is_divergence

LOG_OPS = {"Log", "Log1p", "Xlogy", "Xlog1py"}
DOMAIN_OPS = {"Sqrt", "Rsqrt", "Acos", "Asin", "Pow", "Log", "Log1p", "Acosh", "Atanh", "Lgamma",
              "Digamma"}
DIV_OPS = {"RealDiv", "Div", "Reciprocal", "Inv", "FloorDiv", "Xdivy", "DivNoNan", "TruncateDiv",
           "Rsqrt"}
SINGULAR_GRAD_OPS = {"Sqrt", "Rsqrt", "Acos", "Asin", "Pow", "EuclideanNorm", "Atan2", "Log",
                     "Log1p", "Reciprocal", "RealDiv", "Div", "Acosh", "Atanh"}
SELECT_OPS = {"Select", "SelectV2"}
# Ops whose output depends on an input's shape or dtype only, never on its values: a NaN
# in that input cannot flow through them (gradients call ``Shape`` on forward outputs).
VALUE_FREE_OPS = {"Shape", "ShapeN", "Size", "Rank", "ZerosLike", "OnesLike",
                  "BroadcastGradientArgs", "TensorListLength"}
# Elementwise ops a value passes through on its way to a where/select branch.
PASS_THROUGH = {"Neg", "Mul", "AddV2", "Add", "Sub", "Identity", "Cast", "RealDiv", "Square",
                "Maximum", "Minimum", "Sqrt", "Log", "Exp", "Abs", "Log1p", "Expm1", "Reciprocal",
                "Rsqrt", "Pow", "Tanh", "Sigmoid", "Softplus", "Relu", "Acos", "Asin", "Atan"}


def _bad(stats: dict | None) -> bool:
    return bool(stats) and (stats["n_nan"] + stats["n_posinf"] + stats["n_neginf"]) > 0


def _has_nan(stats: dict | None) -> bool:
    return bool(stats) and stats["n_nan"] > 0


def _has_inf(stats: dict | None) -> bool:
    return bool(stats) and (stats["n_posinf"] + stats["n_neginf"]) > 0


class Trace:
    """Indexed view of a trace dict ``{"nodes": [...], "stats": {...}, "loss", "grads"}``."""

    def __init__(self, trace: dict):
        self.raw = trace
        self.nodes: list[dict] = trace["nodes"]
        self.stats: dict[str, dict] = trace["stats"]
        self.by_name = {n["name"]: n for n in self.nodes}
        self.producer: dict[str, dict] = {}
        self.consumers: dict[str, list[tuple[dict, int]]] = {}
        for n in self.nodes:
            for t in n["outputs"]:
                self.producer[t] = n
            for i, t in enumerate(n["inputs"]):
                self.consumers.setdefault(t, []).append((n, i))

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
            if node is None or node["type"] in VALUE_FREE_OPS:
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
                    if consumer["type"] in SELECT_OPS and index in (1, 2):
                        return True
                    if consumer["type"] in PASS_THROUGH:
                        nxt.extend(consumer["outputs"])
            frontier = nxt
        return False


def find_origin(trace: dict) -> dict | None:
    """The origin node of the first NaN/Inf on a path to a bad target, or ``None``."""
    t = Trace(trace)
    targets = []
    loss = trace.get("loss")
    if loss and _bad(t.stats.get(loss)):
        targets = [loss]
    else:
        targets = [g for g in trace.get("grads", []) if _bad(t.stats.get(g))]
    if not targets:
        return None
    relevant = t.ancestors(targets, bad_only=True)
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


def classify(trace: dict, node: dict, history_diverged: bool = False) -> str:
    """Name the cause of an origin ``node`` (see the vocabulary)."""
    t = Trace(trace)
    in_stats = [t.stats[i] for i in node["inputs"] if i in t.stats]
    out_stats = [t.stats[o] for o in node["outputs"] if o in t.stats]
    inputs_bad = any(_bad(s) for s in in_stats)
    out_nan = any(_has_nan(s) for s in out_stats)
    out_neginf = any(s["n_neginf"] > 0 for s in out_stats)
    if node["phase"] == "backward":
        fwd = t.by_name.get(node.get("forward_op") or "")
        if fwd is not None and t.feeds_select_branch(fwd):
            return "where_gradient_trap"
        if fwd is not None and fwd["type"] in SINGULAR_GRAD_OPS:
            return "grad_singularity"
        if inputs_bad and out_nan:
            return "invalid_operation"
        return "divergence" if history_diverged else "overflow"
    op = node["type"]
    if inputs_bad and out_nan:
        return "invalid_operation"
    if op in LOG_OPS:
        return "domain_error" if out_nan else "log_of_zero"
    if op in DIV_OPS:
        return "div_by_zero"
    if op in DOMAIN_OPS and out_nan:
        return "domain_error"
    if op == "Pow" and not out_nan:
        zero_base = in_stats and in_stats[0]["n_zero"] > 0
        return "div_by_zero" if zero_base else ("divergence" if history_diverged else "overflow")
    if out_nan and not out_neginf and op in ("Softmax", "LogSoftmax"):
        return "invalid_operation"
    if out_nan:
        return "invalid_operation"
    return "divergence" if history_diverged else "overflow"


def _discarded_forward_leak(t: Trace, node: dict) -> dict | None:
    """The backward op that reads a forward origin's output the (finite) loss never used."""
    loss = t.raw.get("loss")
    if node["phase"] != "forward" or not loss or _bad(t.stats.get(loss)):
        return None
    # The loss is finite, so no forward NaN/Inf reached it: any forward origin was
    # dropped (where/select, max, gather) and only its gradient can carry it on.
    readers = [c for o in node["outputs"] for c, _ in t.consumers.get(o, [])
               if c["phase"] == "backward" and c["type"] not in VALUE_FREE_OPS]
    bad = [c for c in readers if any(_bad(t.stats.get(o)) for o in c["outputs"])]
    return (bad or readers or [None])[0]


def finding_from_trace(
    trace: dict,
    *,
    history_diverged: bool = False,
    trigger: str = "loss",
) -> Finding | None:
    """Origin + cause + explanation + fix, or ``None`` when nothing on a path is bad."""
    node = find_origin(trace)
    if node is None:
        return None
    t = Trace(trace)
    cause = classify(trace, node, history_diverged)
    leak = _discarded_forward_leak(t, node)
    if leak is not None:
        # A forward NaN/Inf the loss never saw (a where/select dropped it) re-enters
        # through a gradient that reads the forward value: a backward failure.
        if t.feeds_select_branch(node):
            cause = "where_gradient_trap"
        op, grad_op, src = node["type"], leak["type"], node
        phase = "backward"
    elif node["phase"] == "backward":
        fwd = t.by_name.get(node.get("forward_op") or "") or {}
        op, grad_op = fwd.get("type"), node["type"]
        src = fwd if fwd else node
        phase = "backward"
    else:
        op, grad_op, src = node["type"], None, node
        phase = node["phase"]
    origin = Origin(
        phase=phase,
        op=op,
        grad_op=grad_op,
        layer=src.get("layer"),
        file=src.get("file"),
        line=src.get("line"),
        function=src.get("function"),
        code=src.get("code"),
        inputs=[t.stats[i] for i in node["inputs"] if i in t.stats],
        output=next((t.stats[o] for o in node["outputs"] if o in t.stats), None),
    )
    where = f"{origin.file}:{origin.line}" if origin.file else None
    explanation = explain(cause, phase=origin.phase, op=op, grad_op=grad_op,
                          layer=origin.layer, where=where)
    return Finding(origin=origin, cause=cause, explanation=explanation,
                   fix=fix_for(cause, op), trigger=trigger)


def data_finding(batch: dict, trigger: str = "loss") -> Finding | None:
    """A finding for non-finite values already in the batch (phase ``data``)."""
    import numpy as np

    from nanguard.core.incident import tensor_stats

    for name in sorted(batch, key=lambda n: ("xys".index(n[0]) if n[0] in "xys" else 9, n)):
        arr = np.asarray(batch[name])
        if arr.dtype.kind not in "fc" and arr.dtype.name != "bfloat16":
            continue
        a = arr.astype(np.float64) if arr.dtype.name == "bfloat16" else arr
        bad = ~np.isfinite(a)
        if bad.any():
            rows = sorted({int(r) for r in np.nonzero(bad.reshape(bad.shape[0], -1).any(axis=1)
                                                      if a.ndim else bad)[0]}) if a.ndim else [0]
            top = name.split("/")[0]
            origin = Origin(phase="data", input=name, rows=rows, output=tensor_stats(arr))
            return Finding(
                origin=origin, cause="nonfinite_input",
                explanation=explain("nonfinite_input", phase="data", input_name=name)
                + f" Rows {rows[:20]}{'...' if len(rows) > 20 else ''} of the batch.",
                fix=fix_for("nonfinite_input"), trigger=trigger,
            ) if top in ("x", "y", "sample_weight") else None
    return None


def weights_finding(variables: dict, trigger: str = "loss") -> Finding | None:
    """A finding for a variable that was already non-finite before the step."""
    import numpy as np

    from nanguard.core.incident import tensor_stats

    for name in variables:
        arr = np.asarray(variables[name])
        if arr.dtype.kind != "f":
            continue
        if not np.isfinite(arr).all():
            origin = Origin(phase="weights", variable=name, output=tensor_stats(arr))
            return Finding(
                origin=origin, cause="nonfinite_weights",
                explanation=explain("nonfinite_weights", phase="weights", variable=name),
                fix=fix_for("nonfinite_weights"), trigger=trigger,
            )
    return None


def divergence_finding(trigger: str = "loss") -> Finding:
    """A finding for a run whose loss/gradient norm grew >= 100x with no single bad op."""
    return Finding(
        origin=Origin(phase="forward"), cause="divergence",
        explanation=explain("divergence", phase="forward"), fix=fix_for("divergence"),
        trigger=trigger,
    )


def localize_step(
    batch: dict,
    variables: dict | None,
    trace: Callable[[], dict | None] | dict | None,
    *,
    history: dict | None = None,
    trigger: str = "loss",
) -> tuple[Finding | None, dict | None]:
    """Name the origin of one failed step, in the one order every caller uses.

    The batch first (``nonfinite_input``), then the variables
    (``nonfinite_weights``), then the op trace, then the history (``divergence``).
    ``trace`` may be a callable, so an adapter only pays for a replay when the
    data and weights are clean; the offline CLI passes the saved trace.

    Returns:
        ``(finding or None, the trace that was analysed or None)``.
    """
    finding = data_finding(batch, trigger)
    if finding is None and variables:
        finding = weights_finding(variables, trigger)
    if finding is not None:
        return finding, None
    recorded = trace() if callable(trace) else trace
    diverged = bool(history) and is_divergence(history)
    if recorded:
        finding = finding_from_trace(recorded, history_diverged=diverged, trigger=trigger)
    if finding is None and diverged:
        finding = divergence_finding(trigger)
    return finding, recorded
