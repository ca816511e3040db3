"""Positivity analysis: can this expression be 0, or negative?

:func:`sign` classifies an expression as :attr:`Sign.POSITIVE` (> 0),
:attr:`Sign.NONNEG` (>= 0, may be exactly 0) or :attr:`Sign.UNKNOWN` (may be
negative). It recognises the usual guards so healthy code stays quiet:
``x + eps``, ``maximum(x, 1e-7)``, ``clip(x, eps, 1)``, ``softplus``, ``exp``,
``square(x) + eps``, positive literals, names like ``eps``/``epsilon`` and
``keras.backend.epsilon()``. It is deliberately one-sided: ``POSITIVE`` must be
true for every input the expression's author could pass; anything in doubt is
``UNKNOWN``. Two knowingly generous choices keep it useful: ``exp`` and
``softplus`` count as positive although they underflow to 0 for very negative
inputs (flagging every ``log(exp(...))`` would bury real findings), while
``sigmoid`` and ``softmax`` count only as non-negative, because their
underflow is the classic source of ``log(0)``.

The op-name families the rules match on live here too, with
:func:`clip_parts` and :func:`guarded_keys`. Upper bounds for ``exp`` are in
:mod:`nanguard.lint.bounds`; counts, tensors, ``-inf`` and float16 in
:mod:`nanguard.lint.patterns`.
"""

from __future__ import annotations

import ast
import enum
import re
from typing import TYPE_CHECKING

from nanguard.lint.callers import caller_sign
from nanguard.lint.probability import sums_to_positive

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext


#: Attributes documented positive in the distribution and normalisation APIs.
POSITIVE_ATTRS = frozenset(
    {"scale", "std", "sigma", "rate", "concentration", "concentration0", "concentration1",
     "df", "variance", "temperature", "total_count", "alpha", "beta"}
)  # fmt: skip


class Sign(enum.IntEnum):
    """What is known about an expression's sign; larger is safer."""

    UNKNOWN = 0
    NONNEG = 1
    POSITIVE = 2


_EPS_NAME = re.compile(r"(?:^|_)(?:eps|epsilon|tiny|smooth|smoothing)(?:_|\d|$)", re.IGNORECASE)
POSITIVE_OPS = frozenset(
    {"exp", "softplus", "cosh", "ones", "ones_like", "epsilon", "safe_exp", "elu_plus_one"}
)
NONNEG_OPS = frozenset(
    {
        "square",
        "abs",
        "absolute",
        "fabs",
        "relu",
        "relu6",
        "norm",
        "sigmoid",
        "softmax",
        "reduce_euclidean_norm",
        "euclidean_norm",
        "variance",
        "var",
        "std",
        "reduce_variance",
        "reduce_std",
        "count_nonzero",
        "one_hot",
        "safe_sqrt",
        "safe_norm",
        "hard_sigmoid",
        "l2_loss",
        "zeros",
        "zeros_like",
        "squared_difference",
        "len",
    }
)
#: Ops whose sign is their (first) argument's sign.
SIGN_PRESERVING = frozenset(
    {
        "reduce_sum",
        "sum",
        "reduce_mean",
        "mean",
        "nansum",
        "nanmean",
        "reduce_max",
        "max",
        "amax",
        "reduce_min",
        "min",
        "amin",
        "cast",
        "convert_to_tensor",
        "stop_gradient",
        "identity",
        "float",
        "expand_dims",
        "squeeze",
        "reshape",
        "transpose",
        "tile",
        "broadcast_to",
        "reduce_prod",
        "prod",
        "cumsum",
        "asarray",
        "array",
        "constant",
        "tensor",
        "to",
        "type",
        "astype",
        "detach",
        "clone",
        "mean_squared",
        "average",
        "gather",
        "take",
        "take_along_axis",
        "segment_sum",
        "unsorted_segment_sum",
        "lerp",
    }
)
CLIP_OPS = frozenset({"clip", "clip_by_value", "clamp", "clip_value"})
MAX_OPS = frozenset({"maximum", "fmax", "clamp_min", "max"})
MIN_OPS = frozenset({"minimum", "fmin", "clamp_max", "min"})
WHERE_OPS = frozenset({"where", "select", "where_v2"})
LOG_OPS = frozenset({"log", "log2", "log10"})
SQRT_OPS = frozenset({"sqrt", "rsqrt"})
NORM_OPS = frozenset({"norm", "euclidean_norm", "reduce_euclidean_norm", "vector_norm"})
DIV_OPS = frozenset({"divide", "truediv", "true_divide", "div", "realdiv", "reciprocal"})
POW_OPS = frozenset({"pow", "power", "float_power"})
EXP_OPS = frozenset({"exp", "expm1", "exp2"})
ACOS_OPS = frozenset({"acos", "arccos", "asin", "arcsin"})
SOFTMAX_OPS = frozenset({"softmax", "sigmoid"})
SAFE_PREFIX = "nanguard."


_MATH_CONSTS = {"pi": 3.141592653589793, "e": 2.718281828459045, "tau": 6.283185307179586}


def const_value(node: ast.expr) -> float | None:
    """The numeric value of a literal expression (``1e-7``, ``-1``, ``1/3``), else ``None``."""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id in {"np", "numpy", "math", "jnp", "torch"} and node.attr in _MATH_CONSTS:
            return _MATH_CONSTS[node.attr]  # np.pi, math.e
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = const_value(node.operand)
        if inner is None:
            return None
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        left, right = const_value(node.left), const_value(node.right)
        if left is None or right is None:
            return None
        try:
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, ast.Div):
                return left / right
            if isinstance(node.op, ast.Pow) and abs(right) < 64 and abs(left) < 1e6:
                return float(left**right)
        except (ZeroDivisionError, OverflowError, TypeError):
            return None
    return None


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def is_eps_name(node: ast.expr) -> bool:
    name = _name_of(node)
    return name is not None and _EPS_NAME.search(name) is not None


def sign(node: ast.expr, ctx: FileContext, depth: int = 0) -> Sign:
    """Classify ``node`` as positive, non-negative or unknown.

    Example:
        ``tf.reduce_sum(tf.square(a - b))`` is ``NONNEG``; adding ``1e-12`` makes
        it ``POSITIVE``; ``y_pred`` alone is ``UNKNOWN``.
    """
    if depth > 12:
        return Sign.UNKNOWN
    d = depth + 1
    value = const_value(node)
    if value is not None:
        if value > 0:
            return Sign.POSITIVE
        return Sign.NONNEG if value == 0 else Sign.UNKNOWN
    if isinstance(node, ast.Name):
        if is_eps_name(node) or node.id.startswith("safe_"):
            return Sign.POSITIVE  # `safe_p = where(p > 0, p, 1)`: named as guarded
        fact = ctx.name_fact(node)
        if fact is not None:
            return Sign(fact)  # clamped in place or validated on an earlier line
        found, bound = ctx.binding(node)
        if bound is None and ctx.assume_positive_attrs and node.id in POSITIVE_ATTRS:
            # a parameter named `scale`, `rate`, ... (documented positive), unless a
            # prediction is passed to it (`poisson_term(y_true, y_pred)` -> `rate`)
            if not ctx.is_loss_input(node.id):
                return Sign.POSITIVE
        if bound is not None:
            return sign(bound, ctx, d)
        if found:  # a parameter: positive if every call in the file passes a positive value
            if caller_sign(node, ctx, sign) == Sign.POSITIVE:
                return Sign.POSITIVE  # (a non-negative one is no evidence of a zero)
        return Sign.UNKNOWN
    if isinstance(node, ast.Attribute):
        if is_eps_name(node) or node.attr in {"eps", "tiny", "smallest_normal"}:
            return Sign.POSITIVE
        if node.attr in ctx.declared_positive:
            return Sign.POSITIVE  # arg_constraints = {"rate": constraints.positive}
        if ctx.assume_positive_attrs and node.attr in POSITIVE_ATTRS:
            return Sign.POSITIVE
        if node.attr in {"size", "shape", "ndim"}:
            return Sign.NONNEG
        return Sign.UNKNOWN
    if isinstance(node, ast.BinOp):
        return _binop_sign(node, ctx, d)
    if isinstance(node, ast.UnaryOp):
        return sign(node.operand, ctx, d) if isinstance(node.op, ast.UAdd) else Sign.UNKNOWN
    if isinstance(node, ast.Subscript):
        moments = ctx.op(node.value)
        if moments is not None and moments.name == "moments" and const_value(node.slice) == 1:
            return Sign.NONNEG  # mean, var = tf.nn.moments(x): a variance
        return sign(node.value, ctx, d)
    if isinstance(node, ast.IfExp):
        return min(sign(node.body, ctx, d), sign(node.orelse, ctx, d))
    if isinstance(node, ast.Call):
        return _call_sign(node, ctx, d)
    return Sign.UNKNOWN


def _binop_sign(node: ast.BinOp, ctx: FileContext, d: int) -> Sign:
    op = node.op
    if isinstance(op, ast.Add):
        # An added positive term (`x + eps`, `1 + exp(z)`) is taken as a deliberate
        # guard even when `x` itself could be negative: that is how people write it.
        left, right = sign(node.left, ctx, d), sign(node.right, ctx, d)
        if Sign.POSITIVE in (left, right):
            return Sign.POSITIVE
        return min(left, right)
    if isinstance(op, ast.Sub):
        return _sub_sign(node, ctx, d)
    if isinstance(op, ast.Mult):
        if ast.dump(node.left) == ast.dump(node.right):
            return Sign.NONNEG
        return min(sign(node.left, ctx, d), sign(node.right, ctx, d))
    if isinstance(op, ast.Div):
        left, right = sign(node.left, ctx, d), sign(node.right, ctx, d)
        return min(left, Sign.POSITIVE) if right == Sign.POSITIVE else Sign.UNKNOWN
    if isinstance(op, ast.Pow):
        base = sign(node.left, ctx, d)
        if base == Sign.POSITIVE:
            return base
        exponent = const_value(node.right)
        if exponent is not None and exponent == int(exponent) and int(exponent) % 2 == 0:
            return Sign.NONNEG
        return base
    return Sign.UNKNOWN


def _sub_sign(node: ast.BinOp, ctx: FileContext, d: int) -> Sign:
    """``c - x`` is positive when ``x`` is clipped or bounded strictly below ``c``."""
    left = const_value(node.left)
    if left is None:
        return Sign.UNKNOWN
    right = ctx.resolve(node.right)
    parts = clip_parts(right, ctx)
    if parts is not None:
        hi_value = const_value(parts[2]) if parts[2] is not None else None
        if hi_value is not None and hi_value < left:
            return Sign.POSITIVE
        hi = parts[2]
        if (
            isinstance(hi, ast.BinOp)
            and isinstance(hi.op, ast.Sub)
            and const_value(hi.left) == left
            and sign(hi.right, ctx, d) == Sign.POSITIVE
        ):
            return Sign.POSITIVE
    op = ctx.op(right)
    if op is not None and op.name in {"sigmoid", "softmax"} and left >= 1:
        return Sign.NONNEG
    return Sign.UNKNOWN


_MAGNITUDE_OPS = frozenset({"abs", "absolute", "fabs", "square"})


def _call_sign(node: ast.Call, ctx: FileContext, d: int) -> Sign:
    op = ctx.op(node)
    if op is None:
        func = node.func
        if isinstance(func, ast.Name) and func.id not in ctx.aliases:
            if func.id in {"max"} and len(node.args) >= 2:
                return max(sign(a, ctx, d) for a in node.args)
            if func.id in {"abs", "len"}:
                return Sign.NONNEG
            if func.id in {"float", "int"} and node.args:
                return sign(node.args[0], ctx, d)
        if isinstance(func, ast.Attribute) and func.attr == "epsilon":
            return Sign.POSITIVE
        return Sign.UNKNOWN
    name = op.name
    if op.qualname is not None and op.qualname.startswith(SAFE_PREFIX):
        if name in {"safe_exp"}:
            return Sign.POSITIVE
        return Sign.NONNEG if name in {"safe_sqrt", "safe_norm"} else Sign.UNKNOWN
    if name in POSITIVE_OPS:
        return Sign.POSITIVE
    if name in _MAGNITUDE_OPS and op.args:
        # abs/square of a positive value (`abs(self.scale)`) is positive
        return max(Sign.NONNEG, sign(op.args[0], ctx, d))
    if name in NONNEG_OPS:
        return Sign.NONNEG
    first = op.arg(0, "x", "input", "a", "tensor", "input_tensor", "t")
    if name == "sqrt" and first is not None:
        return max(sign(first, ctx, d), Sign.NONNEG)
    if name in {"range", "arange"} and len(op.args) >= 2:
        return Sign.POSITIVE if sign(op.args[0], ctx, d) == Sign.POSITIVE else Sign.UNKNOWN
    if name in MAX_OPS and len(op.args) >= 2:
        return max(sign(a, ctx, d) for a in op.args if not isinstance(a, ast.Starred))
    if name in MAX_OPS and ("min" in op.keywords):  # torch.clamp_min(x, min=eps)
        return sign(op.keywords["min"], ctx, d)
    if name in MIN_OPS and len(op.args) >= 2:
        return min(sign(a, ctx, d) for a in op.args if not isinstance(a, ast.Starred))
    if name in CLIP_OPS:
        parts = clip_parts(node, ctx)
        if parts is None or parts[1] is None:
            return Sign.UNKNOWN
        return sign(parts[1], ctx, d)
    if name in WHERE_OPS:
        return _where_sign(op, ctx, d)
    if name in {"add"} and len(op.args) == 2:
        return _binop_sign(ast.BinOp(op.args[0], ast.Add(), op.args[1]), ctx, d)
    if name in {"multiply", "mul"} and len(op.args) == 2:
        return _binop_sign(ast.BinOp(op.args[0], ast.Mult(), op.args[1]), ctx, d)
    if name in DIV_OPS and len(op.args) == 2:
        return _binop_sign(ast.BinOp(op.args[0], ast.Div(), op.args[1]), ctx, d)
    if name == "log1p" and first is not None:
        return Sign.NONNEG if sign(first, ctx, d) >= Sign.NONNEG else Sign.UNKNOWN
    if name in {"sum", "reduce_sum"} and first is not None:
        if sums_to_positive(first, ctx):
            return Sign.POSITIVE  # a softmax sums to 1, a sum of its powers is > 0
    if name in SIGN_PRESERVING and first is not None:
        return sign(first, ctx, d)
    if name in POW_OPS and len(op.args) == 2:
        return _binop_sign(ast.BinOp(op.args[0], ast.Pow(), op.args[1]), ctx, d)
    return Sign.UNKNOWN


def _where_sign(op, ctx: FileContext, d: int) -> Sign:
    """``where(x > 0, x, 1)`` (the double-where guard) is positive."""
    if len(op.args) != 3:
        return Sign.UNKNOWN
    cond, then, other = op.args
    cond = ctx.resolve(cond)  # pred = x > 0; where(pred, x, 1)
    then_sign, other_sign = sign(then, ctx, d), sign(other, ctx, d)
    guarded = guarded_keys(cond, positive_only=True)
    if guarded and ast.dump(then) in guarded:
        then_sign = Sign.POSITIVE
    elif then_sign == Sign.NONNEG and _tests_nonzero(cond, then):
        then_sign = Sign.POSITIVE  # where(x != 0, x**2, 1): zero excluded by the condition
    return min(then_sign, other_sign)


def _tests_nonzero(cond: ast.expr, then: ast.expr) -> bool:
    if not isinstance(cond, ast.Compare) or len(cond.ops) != 1:
        return False
    if not isinstance(cond.ops[0], ast.NotEq | ast.Gt) or const_value(cond.comparators[0]) != 0:
        return False
    key = ast.dump(cond.left)
    return any(ast.dump(sub) == key for sub in ast.walk(then))


def guarded_keys(cond: ast.expr, positive_only: bool = False) -> set[str]:
    """``ast.dump`` keys of the expressions a condition tests.

    With ``positive_only``, only ``x > c`` (c >= 0) and ``x >= c`` (c > 0) count:
    then ``x`` is known to be positive in the condition's true branch.
    """
    keys: set[str] = set()
    for node in ast.walk(cond):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right, cmp = node.left, node.comparators[0], node.ops[0]
            if positive_only:
                bound = const_value(right)
                if bound is None:
                    continue
                if (isinstance(cmp, ast.Gt) and bound >= 0) or (
                    isinstance(cmp, ast.GtE) and bound > 0
                ):
                    keys.add(ast.dump(left))
                continue
            for side in (left, right):
                if const_value(side) is None:
                    keys.add(ast.dump(side))
                    if isinstance(side, ast.Call) and side.args:
                        keys.add(ast.dump(side.args[0]))  # abs(x) > eps guards x
        elif isinstance(node, ast.Call) and not positive_only and node.args:
            func = node.func
            attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if attr in {
                "greater",
                "greater_equal",
                "less",
                "less_equal",
                "not_equal",
                "equal",
                "gt",
                "ge",
                "lt",
                "le",
                "ne",
                "eq",
                "isfinite",
                "is_finite",
            }:
                for arg in node.args:
                    if const_value(arg) is None:
                        keys.add(ast.dump(arg))
    return keys


def clip_parts(
    node: ast.expr, ctx: FileContext
) -> tuple[ast.expr, ast.expr | None, ast.expr | None] | None:
    """``(x, lower, upper)`` if ``node`` is a clip/clamp call, else ``None``."""
    op = ctx.op(node)
    if op is None or op.name not in CLIP_OPS:
        return None
    x = op.arg(0, "t", "x", "input", "a")
    if x is None:
        return None
    lower = op.arg(1, "clip_value_min", "x_min", "a_min", "min", "min_value")
    upper = op.arg(2, "clip_value_max", "x_max", "a_max", "max", "max_value")
    if isinstance(lower, ast.Constant) and lower.value is None:
        lower = None
    if isinstance(upper, ast.Constant) and upper.value is None:
        upper = None
    return x, lower, upper


def is_two_sided_clip(node: ast.expr, ctx: FileContext) -> bool:
    parts = clip_parts(node, ctx)
    return parts is not None and parts[1] is not None and parts[2] is not None
