"""Evidence that a value can reach a rule's bad region, and how sure a finding is.

The rules used to fire whenever positivity (or an upper bound) could not be
proven. On real library code that was wrong three times in four: `log(self.scale)`
of a parameter constrained positive, `exp(log_prob)` of a log-probability. Now a
rule asks for *positive evidence* and grades it:

* ``HIGH``: the structure of the expression shows it, e.g. a sum of squares or a
  `relu`/`abs`/`norm`/`var` output that is exactly 0 for some inputs, a
  difference of two computed values, `1 - sigmoid(z)`, a logit-like name under
  `exp` (`logits`, `log_var`, `log_scale`).
* ``MEDIUM``: the value is an input of a loss or compiled function (a
  prediction or a label), a mask/weight/label-like name, a layer output, or a
  sum of such a value used as a denominator.
* ``LOW``: no evidence either way (the old "cannot prove it safe" finding), an
  attribute documented positive (`self.scale`, `self.rate`), or a finding in
  code that is never differentiated (a `no_grad` block, a property).

:func:`not_differentiated` recognises `torch.no_grad()`/`inference_mode()`
blocks and decorators, and properties; there a gradient-only hazard is ``LOW``
and a forward hazard loses one level.
"""

from __future__ import annotations

import ast
import enum
import re
from typing import TYPE_CHECKING

from nanguard.lint.analysis import POSITIVE_ATTRS, SIGN_PRESERVING, Sign, const_value, sign
from nanguard.lint.calibration import Evidence
from nanguard.lint.reach import no_reverse_mode

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext


class Confidence(enum.IntEnum):
    """How sure a finding is; ``--min-confidence`` keeps findings at or above it."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @classmethod
    def parse(cls, value: str | Confidence) -> Confidence:
        if isinstance(value, Confidence):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            from nanguard.errors import InvalidArgumentError

            raise InvalidArgumentError(
                "min_confidence", value, "one of low, medium, high"
            ) from None

    @property
    def label(self) -> str:
        return self.name.lower()


#: The default of ``--min-confidence``: findings backed by evidence.
DEFAULT_MIN_CONFIDENCE = Confidence.MEDIUM

_DATA_NAME = re.compile(
    r"(?:^|_)(?:mask|masks|weight|weights|label|labels|target|targets|y_true|count|counts"
    r"|valid|lengths?)(?:_|\d|$)",
    re.IGNORECASE,
)
_LAYER_ATTR = re.compile(
    r"fc|dense|linear|conv|proj|head|encoder|decoder|layer|mlp|embed|net|lstm|gru|rnn|attn"
    r"|attention|out|classifier|model|block",
    re.IGNORECASE,
)
_QUANTITY_TARGET = re.compile(r"perplexity|ppl", re.IGNORECASE)
_UNBOUNDED_NAME = re.compile(
    r"(?:^|_)(?:logits?|log_?vars?|log_?variance|log_?std|log_?sigma|log_?scale|logs_?\w*"
    r"|log_?rate|log_?alpha|log_?temp\w*|pre_?act\w*|energy|energies)(?:_|\d|$)",
    re.IGNORECASE,
)


#: Attributes holding a learned log-scale (``self.logit_scale``, ``self.log_std``); a
#: distribution's ``self.logits`` is a parameter it was given, not learned here.
_LEARNED_LOG_SCALE = re.compile(
    r"(?:^|_)(?:logit_?scale\w*|log_?scale|log_?std|log_?sigma|log_?vars?|log_?temp\w*"
    r"|log_?alpha)(?:_|\d|$)",
    re.IGNORECASE,
)


def _strip(node: ast.expr, ctx: FileContext) -> ast.expr:
    """Follow names and sign-preserving wrappers (`cast`, `sum`, `gather`, `[...]`)."""
    for _ in range(8):
        node = ctx.resolve(node)
        if isinstance(node, ast.Subscript):
            node = node.value
            continue
        op = ctx.op(node)
        if op is not None and op.name in SIGN_PRESERVING:
            first = op.arg(0, "x", "input", "input_tensor", "a", "tensor")
            if first is not None:
                node = first
                continue
        break
    return node


def _is_difference(node: ast.expr, ctx: FileContext) -> bool:
    """``a - b`` of two computed values, following names and wrappers.

    Not evidence: a constant side, a shape or count (``n + 1 - arange(n)``), or two
    attributes (``self.high - self.low``: a domain the class validates).
    """
    node = _strip(node, ctx)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        if const_value(node.left) is not None or const_value(node.right) is not None:
            return False
        if isinstance(node.left, ast.Attribute) and isinstance(node.right, ast.Attribute):
            return False
        return not _only_shapes(node, ctx)
    op = ctx.op(node)
    return op is not None and op.name in {"subtract", "sub"} and len(op.args) == 2


def is_layer_output(node: ast.expr, ctx: FileContext) -> bool:
    """``self.fc(x)``, ``model(x)``, ``nn.Dense(n)(x)``: a raw layer output."""
    node = ctx.resolve(node)
    if not isinstance(node, ast.Call) or ctx.op(node) is not None:
        return False
    func = node.func
    if isinstance(func, ast.Call):  # nn.Dense(3)(x): a layer class, instantiated and called
        inner = func.func
        name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", "")
        return name[:1].isupper()
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id == "self" and _LAYER_ATTR.search(func.attr) is not None
    return isinstance(func, ast.Name) and func.id in {"model", "net", "network", "encoder"}


def _input_names(node: ast.expr, ctx: FileContext) -> list[str]:
    """Loss/graph inputs and data-like names ``node`` is built from by arithmetic."""
    return [
        sub.id
        for sub in _surface(node, ctx)
        if isinstance(sub, ast.Name) and (ctx.is_loss_input(sub.id) or _DATA_NAME.search(sub.id))
    ]


def zero_evidence(node: ast.expr, ctx: FileContext, inputs: bool = True) -> Confidence:
    """How strongly the code shows that ``node`` can be 0 (or negative).

    Example:
        ``reduce_sum(square(a - b))`` is ``HIGH``; ``y_pred`` in a loss is
        ``MEDIUM``; ``self.scale`` or ``(p.rate / q.rate)`` is ``LOW``.
    """
    found = sign(node, ctx)
    if found == Sign.POSITIVE:
        return Evidence(Confidence.LOW, "proven positive")  # the rules never report it
    vector = norm_operand(node, ctx)
    if vector is not None:
        return all_zero_evidence(vector, ctx)
    if _positive_by_name(node, ctx):
        # positive if `scale`, `rate`, ... are, as documented
        return Evidence(Confidence.LOW, "positive-named attribute")
    operand = _zero_where_operand_is(node, ctx)
    if operand is not None:
        # sqrt(v) >= 0, but 0 only where v is 0, so the evidence is v's
        return zero_evidence(operand, ctx, inputs)
    if found == Sign.NONNEG and not _only_shapes(node, ctx):
        return Evidence(Confidence.HIGH, "non-negative op output (relu, abs, square, var)")
    if _is_difference(node, ctx):
        return Evidence(Confidence.HIGH, "difference of computed values")
    if _signed_op(node, ctx):
        return Evidence(Confidence.HIGH, "signed op output (tanh, sin, log)")
    if inputs and is_layer_output(node, ctx):
        return Evidence(Confidence.MEDIUM, "layer output")
    if inputs and _input_names(node, ctx):
        return Evidence(Confidence.MEDIUM, "loss/compiled-function input or data name")
    if not inputs and _summable_names(node, ctx):
        return Evidence(Confidence.MEDIUM, "sum of a mask, weight, label, count or loss input")
    return Evidence(Confidence.LOW, "no evidence")


def _zero_where_operand_is(node: ast.expr, ctx: FileContext) -> ast.expr | None:
    """``v`` of ``sqrt(v)`` (through names): 0 exactly where ``v`` is.

    ``abs``/``square`` stay structural evidence: ``x / abs(x)``, ``abs(w) ** 0.5`` and
    ``/ abs(y)`` are the zoo's real bugs, written where the author assumed a sign.
    """
    node = ctx.resolve(node)
    op = ctx.op(node)
    if op is not None and op.name == "sqrt" and op.args:
        return op.args[0]
    return None


_PREDICTION_NAME = re.compile(
    r"^(?:y_pred|preds?|predictions?|outputs?|probs?|probabilities|p|q|y_hat)$", re.IGNORECASE
)


def _summable_names(node: ast.expr, ctx: FileContext) -> list[str]:
    """Names whose sum can be 0: masks, weights, labels, counts, and inputs of a loss or
    compiled function other than predicted probabilities (which sum to 1)."""
    return [
        sub.id
        for sub in _surface(node, ctx)
        if isinstance(sub, ast.Name)
        and (
            _DATA_NAME.search(sub.id)
            or (ctx.is_loss_input(sub.id) and not _PREDICTION_NAME.match(sub.id))
        )
        and not is_attention_mask(sub, ctx)
    ]


_ATTENTION_MASK = re.compile(r"(?:^|_)(?:attention|attn)_?mask(?:_|$)", re.IGNORECASE)


def is_attention_mask(node: ast.expr, ctx: FileContext) -> bool:
    """An attention (padding) mask, through names and reshapes (``flat = mask.reshape(-1)``).

    Every sequence keeps at least one token, so a sum of an attention mask over a
    sequence or a batch is >= 1: unlike a loss mask, it is no evidence of a zero sum.
    """
    for _ in range(6):
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if _ATTENTION_MASK.search(name):
                return True
        if isinstance(node, ast.Name):
            _, bound = ctx.binding(node)
            if bound is None:
                return False
            node = bound
            continue
        if isinstance(node, ast.Subscript):
            node = node.value
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {
                "reshape",
                "view",
                "to",
                "float",
                "flatten",
                "type",
                "bool",
                "long",
                "int",
                "unsqueeze",
                "expand",
                "squeeze",
                "astype",
            }:
                node = node.func.value
                continue
        op = ctx.op(node)
        if op is not None and op.name in {"reshape", "cast", "expand_dims", "squeeze"} and op.args:
            node = op.args[0]
            continue
        return False
    return False


#: Ops whose output is <= 0 for part of their domain, whatever the input.
_SIGNED_OPS = frozenset({"tanh", "sin", "cos", "erf", "softsign", "atan", "arctan", "log", "log1p"})


def _signed_op(node: ast.expr, ctx: FileContext) -> bool:
    op = ctx.op(_strip(node, ctx))
    return op is not None and op.name in _SIGNED_OPS


def _positive_by_name(node: ast.expr, ctx: FileContext) -> bool:
    """Positive once attributes documented positive (``p.scale``, ``q.rate``) are."""
    ctx.assume_positive_attrs = True
    try:
        return sign(node, ctx) == Sign.POSITIVE
    finally:
        ctx.assume_positive_attrs = False


def _only_shapes(node: ast.expr, ctx: FileContext) -> bool:
    text = ast.dump(ctx.resolve(node))
    return "attr='shape'" in text or "attr='size'" in text or "id='len'" in text


def sum_evidence(node: ast.expr, ctx: FileContext) -> Confidence:
    """A denominator that is a reduction: how strongly can the reduced value sum to 0?

    A mask, a weight, a label or an input of the loss summed can be all zeros
    (``MEDIUM``); a sum of a non-negative computed value is 0 when every term is
    (``HIGH``); a sum of an attribute such as ``self.concentration`` is ``LOW``.
    """
    # A norm, std or abs is 0 for some inputs. A sum of predictions is not evidence
    # (probabilities sum to 1); a sum of a mask, a weight or a label is.
    vector = norm_operand(node, ctx)
    if vector is not None and sign(node, ctx) != Sign.POSITIVE:
        return all_zero_evidence(vector, ctx)
    strength = zero_evidence(node, ctx, inputs=False)
    for sub in ast.walk(ctx.resolve(node)):
        if isinstance(sub, ast.Call):
            op = ctx.op(sub)
            if op is None or not op.args or op.name in _MATRIX_PRODUCTS:
                continue  # mv(weight, v): a learned matrix, not a sample weight
            first = op.args[0]
            if isinstance(first, ast.Attribute) and first.attr in POSITIVE_ATTRS:
                continue
            inner = ctx.resolve(first)
            if isinstance(inner, ast.Attribute):
                continue  # self.x: a field whose domain the class owns
            if is_attention_mask(first, ctx):
                continue  # every sequence keeps a token: the sum is >= 1
            if isinstance(inner, ast.Call) and ctx.op(inner) is not None:
                if ctx.op(inner).name in {"randn", "normal", "rand", "randn_like"}:
                    continue  # a random sample: 0 with probability 0
            strength = max(strength, zero_evidence(first, ctx, inputs=False))
    return strength


def unbounded_evidence(node: ast.expr, ctx: FileContext) -> Confidence:
    """How strongly the code shows that ``exp(node)`` can overflow.

    A logit-like name (``logits``, ``log_var``, ``log_scale``) is ``HIGH``; a layer
    output or an input of a loss/compiled function is ``MEDIUM``; anything else
    (a closed-form moment, ``exp(loss)`` as a perplexity) is ``LOW``.
    """
    surface = _surface(node, ctx)
    if any(_UNBOUNDED_NAME.search(n.id) for n in surface if isinstance(n, ast.Name)):
        return Evidence(Confidence.HIGH, "logit or log-scale name")
    for sub in (node, *surface):
        # self.logit_scale.exp(): a learned log-scale, unbounded by construction
        if isinstance(sub, ast.Attribute) and _LEARNED_LOG_SCALE.search(sub.attr):
            return Evidence(Confidence.HIGH, "learned log-scale attribute")
    if any(is_layer_output(n, ctx) for n in surface):
        return Evidence(Confidence.MEDIUM, "layer output")
    for sub in surface:
        if isinstance(sub, ast.Name) and ctx.is_loss_input(sub.id):
            if not _DATA_NAME.search(sub.id) and "loss" not in sub.id.lower():
                return Evidence(Confidence.MEDIUM, "loss/compiled-function input")
    return Evidence(Confidence.LOW, "no evidence")


def _surface(node: ast.expr, ctx: FileContext, depth: int = 0) -> list[ast.expr]:
    """The names and calls ``node`` is built from by arithmetic, through local names.

    Arguments of other calls are not followed: ``exp(cross_entropy(logits, y))``
    is the exponential of a loss, not of the logits.
    """
    if depth > 6:
        return []
    d = depth + 1
    if isinstance(node, ast.Name):
        bound = ctx.resolve(node, depth=1)
        return [node] + (_surface(bound, ctx, d) if bound is not node else [])
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            return _surface(node.left, ctx, d)  # the exponent does not set the sign or scale
        return _surface(node.left, ctx, d) + _surface(node.right, ctx, d)
    if isinstance(node, ast.UnaryOp):
        return _surface(node.operand, ctx, d)
    if isinstance(node, ast.Subscript):
        return _surface(node.value, ctx, d)
    if isinstance(node, ast.Attribute):
        return [node]
    if isinstance(node, ast.Call):
        op = ctx.op(node)
        if op is not None and (op.name in SIGN_PRESERVING or op.name in _LINEAR) and op.args:
            return [node] + [s for a in op.args[:2] for s in _surface(a, ctx, d)]
        return [node]
    return []


_LINEAR = frozenset({"add", "subtract", "multiply", "matmul", "dot", "einsum", "negative"})


_LOG_PROB_FLAG = re.compile(r"^(?:log_?probs?|log_?target|is_log\w*|log_space)$", re.IGNORECASE)


def in_log_probability_branch(node: ast.AST, ctx: FileContext) -> bool:
    """``if log_prob: ... p.exp() ...``: the branch runs when the values are log-probabilities.

    A flag named ``log_prob``/``log_target`` says the inputs are log-probabilities (<= 0),
    so an ``exp`` inside the branch it guards cannot overflow.
    """
    if "log" not in ctx.source:
        return False
    child, up = node, ctx.parent(node)
    for _ in range(30):
        if up is None or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return False
        if isinstance(up, ast.If | ast.IfExp) and child is not up.test:
            test = up.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            in_body = child in up.body if isinstance(up, ast.If) else child is up.body
            if name and _LOG_PROB_FLAG.match(name) and in_body:
                return True
        child, up = up, ctx.parent(up)
    return False


def is_quantity_itself(node: ast.AST, ctx: FileContext) -> bool:
    """``perplexity = exp(loss)``: the exponential is the reported quantity."""
    up = ctx.parent(node)
    for _ in range(3):
        if isinstance(up, ast.Assign):
            return any(
                isinstance(t, ast.Name) and _QUANTITY_TARGET.search(t.id) for t in up.targets
            )
        if up is None or isinstance(up, ast.stmt):
            return False
        up = ctx.parent(up)
    return False


#: Products with a matrix: their operands are parameters, not data to be summed.
_MATRIX_PRODUCTS = frozenset({"mv", "mm", "bmm", "matmul", "linear", "conv1d", "conv2d", "conv"})

_NO_GRAD = frozenset({"no_grad", "inference_mode", "stop_gradient"})
#: Inference-only functions: decoding, search, sampling (``rsample`` is differentiated).
_INFERENCE_NAME = re.compile(
    r"(?:^|_)(?:decode|decoding|beam|beam_search|greedy_search|generate|sample)(?:_|$)",
    re.IGNORECASE,
)
_PROPERTIES = frozenset({"property", "lazy_property", "cached_property", "dependent_property"})


#: Parameters that carry gradients into a function: an optimizer's update
#: (``update_step(self, gradient, variable)``, optax ``update_fn(updates, state)``).
_GRADIENT_PARAMS = frozenset({"gradient", "gradients", "grads", "grad", "updates"})


#: ``grads``, ``grad_tree``, ``updates``: a parameter carrying gradients.
_GRADIENT_PARAM = re.compile(r"^(?:gradients?|grads?|updates)(?:_\w+)?$")


def _is_optimizer_class(node: ast.ClassDef) -> bool:
    names = [node.name]
    for base in node.bases:
        names.append(base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", ""))
    # An optimizer's update, a metric's state/result and a generation-time logits
    # processor (`class TopKLogitsWarper(LogitsProcessor)`) are never differentiated.
    return any(
        "optimizer" in name.lower() or "metric" in name.lower() or _INFERENCE_CLASS.search(name)
        for name in names
    )


_INFERENCE_CLASS = re.compile(r"Logits(?:Processor|Warper)|BeamScorer|StoppingCriteria|Sampler$")


def _builds_optimizer(function: ast.AST) -> bool:
    """The function returns an optax ``GradientTransformation``: its helpers are optimizer code."""
    body = getattr(function, "body", ())
    for stmt in body if isinstance(body, list) else ():  # a lambda's body is an expression
        if isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Call):
            func = stmt.value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("GradientTransformation"):
                return True
    return False


def not_differentiated(node: ast.AST, ctx: FileContext) -> bool:
    """``node`` is in code whose values are never differentiated.

    That is a ``no_grad``/``inference_mode`` block or function, a property, a
    method of an optimizer class, a function that receives gradients
    (``gradient``, ``grads``, ``updates``): an optimizer's update step, a function
    that returns an optax ``GradientTransformation`` (and its helpers), or code
    reverse mode never enters (:func:`nanguard.lint.reach.no_reverse_mode`).
    """
    if ctx.classes and _is_optimizer_class(ctx.classes[-1]):
        return True
    if no_reverse_mode(ctx):
        return True  # custom_jvp/vjp primal or rule, jax while_loop body
    for scope in ctx.scopes:
        if _INFERENCE_NAME.search(getattr(scope.node, "name", "")):
            return True
        if _builds_optimizer(scope.node):
            return True
        args = scope.node.args
        if any(_GRADIENT_PARAM.match(a.arg) for a in (*args.posonlyargs, *args.args)):
            return True
    for scope in ctx.scopes:
        for deco in getattr(scope.node, "decorator_list", ()):
            target = deco.func if isinstance(deco, ast.Call) else deco
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name in _NO_GRAD or name in _PROPERTIES or "optimizer" in name.lower():
                return True  # `@optimizer def adam(...)`: builds an optimizer's update
    if "no_grad" not in ctx.source and "inference_mode" not in ctx.source:
        return False  # no `with torch.no_grad():` block in the file: skip the parent map
    up = ctx.parent(node)
    for _ in range(40):
        if up is None or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return False
        if isinstance(up, ast.With):
            for item in up.items:
                call = item.context_expr
                target = call.func if isinstance(call, ast.Call) else call
                name = target.attr if isinstance(target, ast.Attribute) else ""
                if name in _NO_GRAD:
                    return True
        up = ctx.parent(up)
    return False


_LABEL_NAME = re.compile(
    r"^(?:y|y_true|labels?|targets?|log_targets|ground_truth|gt)$", re.IGNORECASE
)


def is_data_name(node: ast.expr) -> bool:
    """``targets``, ``labels``, ``y_true``: values that are never differentiated."""
    return isinstance(node, ast.Name) and _LABEL_NAME.match(node.id) is not None


_NORMS = frozenset(
    {"norm", "euclidean_norm", "reduce_euclidean_norm", "vector_norm", "global_norm", "l2_norm"}
)
_SUMS = frozenset({"sum", "reduce_sum", "mean", "reduce_mean", "nansum"})
_ROOTS = frozenset({"sqrt", "cast", "expand_dims", "reshape"})
#: Dense learned features: a projection's output, an embedding, a pooled state.
_FEATURE_NAME = re.compile(
    r"(?:^|_)(?:embeds?|embeddings?|features?|hidden|hidden_states?|pooled\w*|pooler_output"
    r"|last_hidden_state)(?:_|\d|$)",
    re.IGNORECASE,
)


def _power(node: ast.expr, ctx: FileContext) -> tuple[ast.expr, float | None] | None:
    """``v ** p``, ``pow(v, p)``, ``v.pow(p)``: (v, p)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return node.left, const_value(node.right)
    op = ctx.op(node)
    if op is not None and op.name in {"pow", "power"} and len(op.args) == 2:
        return op.args[0], const_value(op.args[1])
    return None


def _squared(node: ast.expr, ctx: FileContext) -> ast.expr | None:
    """``square(v)``, ``abs(v)``, ``v ** 2``, ``v * v``: v."""
    node = ctx.resolve(node)
    power = _power(node, ctx)
    if power is not None and power[1] == 2:
        return power[0]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        if ast.dump(node.left) == ast.dump(node.right):
            return node.left
    op = ctx.op(node)
    if op is not None and op.name in {"square", "abs", "absolute"} and op.args:
        return op.args[0]
    return None


def norm_operand(node: ast.expr, ctx: FileContext) -> ast.expr | None:
    """The vector ``v`` of ``norm(v)``, ``sqrt(sum(square(v)))``, ``v.pow(2).sum()``.

    Such a value is 0 only where the whole vector ``v`` is 0, so how sure a finding
    is depends on ``v`` (:func:`all_zero_evidence`), not on the norm being >= 0.
    """
    for _ in range(6):
        node = ctx.resolve(node)
        power = _power(node, ctx)
        if power is not None and power[1] == 0.5:
            node = power[0]
            continue
        op = ctx.op(node)
        if op is None or not op.args:
            return None
        if op.name in _ROOTS:
            node = op.args[0]
            continue
        if op.name in _NORMS:
            if isinstance(op.args[0], ast.Attribute) and len(op.args) > 1:
                return op.args[1]  # optax.tree.norm(x) read as a method of `optax.tree`
            return op.args[0]
        if op.name in _SUMS:
            return _squared(op.args[0], ctx)
        return None
    return None


def all_zero_evidence(vector: ast.expr, ctx: FileContext) -> Confidence:
    """How strongly the code shows that a whole vector can be exactly 0.

    ``HIGH`` for a difference of two computed values (identical points), a
    gradient, or a non-negative value that is often all 0 (a `relu` output); ``LOW`` for dense
    learned features (a layer or projection output, an embedding, a pooled
    output, an attribute such as a weight): those are all-zero only in a
    degenerate model. Anything else (an argument, data, a gradient, an STFT) is
    ``MEDIUM``: it is all-zero when its input is (a silent clip, a zero gradient).
    """
    if _is_difference(vector, ctx):
        return Evidence(Confidence.HIGH, "norm of a difference")
    if isinstance(vector, ast.Name) and vector.id in _GRADIENT_PARAMS:
        # a gradient is all 0 at a flat point or for a frozen layer
        return Evidence(Confidence.HIGH, "norm of a gradient")
    found = sign(vector, ctx)
    if found == Sign.POSITIVE:
        return Evidence(Confidence.LOW, "norm of a positive value")
    if found == Sign.NONNEG:
        return Evidence(Confidence.HIGH, "norm of a non-negative value (relu)")
    inner = _strip(vector, ctx)
    if is_layer_output(inner, ctx) or isinstance(inner, ast.Attribute):
        return Evidence(Confidence.LOW, "norm of a layer output or attribute")
    for sub in (vector, inner):
        if isinstance(sub, ast.Name) and _FEATURE_NAME.search(sub.id):
            return Evidence(Confidence.LOW, "norm of learned features")
    return Evidence(Confidence.MEDIUM, "norm of another value (argument, data)")
