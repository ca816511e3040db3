"""Shape questions the rules share: is this a count, a tensor, ``-inf``, float16?

Each answer is deliberately conservative in the direction that keeps healthy
code quiet: a value is a tensor only when a framework call made it (or it is an
input of a loss or compiled function), and a denominator is a count when its name
or its origin (``len``, ``shape``, ``size``) says so.
"""

from __future__ import annotations

import ast
import math
import re
from typing import TYPE_CHECKING

from nanguard.lint.analysis import (
    SIGN_PRESERVING,
    _name_of,
)

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

_COUNT_NAME = re.compile(
    r"^(?:n|k|num|count|counts|size|length|steps?|batch|batch_size|dim|d|ndim|denom_count"
    r"|n_\w+|num_\w+|\w+_(?:count|counts|size|sizes|len|length|num|dim|steps|elements))$",
    re.IGNORECASE,
)


SHAPE_OPS = frozenset(
    {"shape", "size", "rank", "ndim", "prod", "int_shape", "dtype", "len", "numel", "cast"}
)


def is_count_like(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """``len(x)``, ``batch_size``, ``tf.cast(tf.shape(x)[0], tf.float32)``, ``n_valid`` ..."""
    if depth > 8:
        return False
    depth += 1
    if isinstance(node, ast.Name | ast.Attribute):
        name = _name_of(node)
        if name is not None and _COUNT_NAME.match(name):
            return True
        if isinstance(node, ast.Attribute) and node.attr in {"size", "shape", "ndim"}:
            return True
        if isinstance(node, ast.Name):
            _, bound = ctx.binding(node)
            return bound is not None and is_count_like(bound, ctx, depth)
        return False
    if isinstance(node, ast.Subscript):
        return is_count_like(node.value, ctx, depth)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"len", "float", "int"}:
            return func.id == "len" or (bool(node.args) and is_count_like(node.args[0], ctx, depth))
        op = ctx.op(node)
        if op is None:
            return False
        if op.name in {"shape", "size", "rank", "ndim", "numel", "int_shape", "prod"}:
            return True
        if op.name in {
            "cast",
            "convert_to_tensor",
            "to",
            "type",
            "float",
            "astype",
            "maximum",
            "sqrt",
        }:
            first = op.arg(0, "x")
            return first is not None and is_count_like(first, ctx, depth)
        if op.name in {"count_nonzero", "sum", "reduce_sum"}:
            return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return is_count_like(node.left, ctx, depth) and is_count_like(node.right, ctx, depth)
    return False


_CONSTRUCTORS = frozenset(
    {"constant", "convert_to_tensor", "array", "asarray", "tensor", "as_tensor", "cast", "full"}
)
_NOT_TENSOR_ATTRS = frozenset({"shape", "dtype", "ndim", "name", "device", "size"})


def is_tensor(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """Whether ``node`` is (almost surely) a tensor or array, not a Python number."""
    if depth > 8:
        return False
    d = depth + 1
    if isinstance(node, ast.Name):
        if ctx.is_tensor_param(node.id):
            found, bound = ctx.binding(node)
            return bound is None or is_tensor(bound, ctx, d)
        _, bound = ctx.binding(node)
        return bound is not None and is_tensor(bound, ctx, d)
    if isinstance(node, ast.Call):
        op = ctx.op(node)
        if op is None:
            return False
        if op.name in SHAPE_OPS or op.name in {"float32", "float64", "float16", "int32"}:
            return False
        if op.numpy and not ctx.in_graph:
            return False  # NumPy array code outside a loss/compiled function
        if op.method:
            return op.name in {"sum", "mean", "norm", "sqrt", "exp", "clamp", "clip", "pow"}
        if op.name in _CONSTRUCTORS or op.name in {"sqrt", "abs", "reshape", "expand_dims"}:
            # `convert_to_tensor(alpha)` wraps a Python value; `sqrt(head_dim)` a count
            first = op.arg(0, "x", "value", "input")
            return first is not None and is_tensor(first, ctx, d)
        return True
    if isinstance(node, ast.BinOp):
        return is_tensor(node.left, ctx, d) or is_tensor(node.right, ctx, d)
    if isinstance(node, ast.UnaryOp):
        return is_tensor(node.operand, ctx, d)
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Attribute) and node.value.attr in _NOT_TENSOR_ATTRS:
            return False
        return is_tensor(node.value, ctx, d)
    return False


_INF_MODULES = frozenset({"numpy", "math", "torch", "jax", "tensorflow"})
_INF_NAMES = frozenset({"inf", "Inf", "infty", "Infinity", "INF"})


def _is_pos_inf(node: ast.expr, ctx: FileContext) -> bool:
    if isinstance(node, ast.Attribute) and node.attr in _INF_NAMES:
        q = ctx.qualname(node)
        return q is not None and q.partition(".")[0] in _INF_MODULES
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
        arg = node.args[0] if len(node.args) == 1 else None
        return isinstance(arg, ast.Constant) and str(arg.value).strip().lower() in {
            "inf",
            "+inf",
            "infinity",
        }
    return False


def is_neg_inf(node: ast.expr, ctx: FileContext) -> bool:
    """``float('-inf')``, ``-np.inf``, ``-math.inf``, ``-float('inf')``, ``np.NINF``."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _is_pos_inf(node.operand, ctx)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
        arg = node.args[0] if len(node.args) == 1 else None
        return isinstance(arg, ast.Constant) and str(arg.value).strip().lower() in {
            "-inf",
            "-infinity",
        }
    if isinstance(node, ast.Attribute) and node.attr == "NINF":
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, float):
        return math.isinf(node.value) and node.value < 0
    return False


_F16 = frozenset({"float16", "half"})


def is_float16_dtype(node: ast.expr | None) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return node.value in {"float16", "half", "f2"}
    if isinstance(node, ast.Attribute):
        return node.attr in _F16
    if isinstance(node, ast.Name):
        return node.id in _F16
    return False


def is_float16(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """Whether ``node`` is a value cast to / created as float16."""
    if depth > 6:
        return False
    node = ctx.resolve(node)
    op = ctx.op(node)
    if op is None:
        return False
    if op.name == "half" and op.method:
        return True
    if op.name in {"cast", "astype", "to", "convert_to_tensor", "constant", "type"}:
        dtype = op.keywords.get("dtype")
        if dtype is None and op.method:
            dtype = op.args[1] if len(op.args) > 1 else None
        elif dtype is None and len(op.args) > 1:
            dtype = op.args[1]
        if is_float16_dtype(dtype):
            return True
        if dtype is not None:
            return False  # cast to another dtype: upcast
    elif is_float16_dtype(op.keywords.get("dtype")):
        return True
    if op.name in SIGN_PRESERVING or op.name in {"square", "abs", "multiply", "add"}:
        first = op.arg(0, "x")
        return first is not None and is_float16(first, ctx, depth + 1)
    return False
