"""The canonical op kinds of a neutral trace node. Framework-free.

Each adapter's tracer writes a ``kind`` into every trace node, mapping its own
spelling (TensorFlow's ``RealDiv``, PyTorch's ``aten.div.Tensor``, JAX's ``div``)
to one word here. The localizer (``nanguard.core.localize``) and the cause
vocabulary (``nanguard.core.causes``) only ever match on these kinds, so a new
framework adds a table in its adapter and never a branch in ``core/``.

Kinds not listed are written as ``"other"``: the localizer still finds an origin
among them (NaN from non-NaN inputs), it only cannot name a specific cause.

Plumbing kinds carry no arithmetic of their own:

* ``identity``: moves values unchanged (reshape, transpose, concat, gather, slice, copy);
* ``shape``: reads only an input's shape or dtype, never its values (``shape``,
  ``zeros_like``, broadcast-argument ops); a NaN cannot flow through it;
* ``call``: a call into a function the tracer could not enter; a NaN first seen
  there was born somewhere inside it, which the trace cannot show;
* ``variable``: reads a variable's value.
"""

from __future__ import annotations

__all__ = [
    "KINDS",
    "LOG_KINDS",
    "DIV_KINDS",
    "DOMAIN_KINDS",
    "POLE_KINDS",
    "SINGULAR_GRAD_KINDS",
    "SELECT_KINDS",
    "VALUE_FREE_KINDS",
    "PASS_THROUGH_KINDS",
    "OPAQUE_KINDS",
]

MATH_KINDS = frozenset({
    "log", "log1p", "xlogy", "sqrt", "rsqrt", "pow", "exp", "expm1", "square", "reciprocal",
    "div", "floordiv", "div_no_nan", "acos", "asin", "acosh", "atanh", "atan", "atan2",
    "lgamma", "digamma", "polygamma", "erfinv", "cholesky", "tan", "norm", "matmul", "conv",
    "sum", "mean", "prod",
    "cumsum", "softmax", "log_softmax", "logsumexp", "add", "sub", "mul", "neg", "abs",
    "maximum", "minimum", "clip", "tanh", "sigmoid", "softplus", "relu", "elu", "erf", "cast",
})
PLUMBING_KINDS = frozenset({"select", "identity", "shape", "call", "variable", "other"})
KINDS = MATH_KINDS | PLUMBING_KINDS

# log at 0 is -inf (cause ``log_of_zero``), below 0 NaN (``domain_error``).
LOG_KINDS = frozenset({"log", "log1p", "xlogy"})
# x/0 is ±inf and 0/0 NaN (``div_by_zero``); ``rsqrt`` is a division only at 0 and a
# domain error below it, so it is handled on its own.
DIV_KINDS = frozenset({"div", "reciprocal", "floordiv"})
# NaN outside the real domain (``domain_error``).
DOMAIN_KINDS = frozenset({"sqrt", "rsqrt", "acos", "asin", "acosh", "atanh", "pow", "log",
                          "log1p", "xlogy", "lgamma", "digamma", "polygamma",
                          "cholesky"})  # cholesky: a matrix that is not positive definite
# Singular exactly at isolated points of a finite input (``pole``): lgamma/digamma/polygamma
# at 0, -1, -2, ...; atanh and erfinv at ±1.
POLE_KINDS = frozenset({"lgamma", "digamma", "polygamma", "atanh", "erfinv"})
# Finite value, infinite derivative at the edge (``grad_singularity``).
SINGULAR_GRAD_KINDS = frozenset({"sqrt", "rsqrt", "acos", "asin", "pow", "norm", "atan2", "log",
                                 "log1p", "reciprocal", "div", "acosh", "atanh", "xlogy"})
# where/select: inputs[0] is the condition, inputs[1] and inputs[2] the branches.
SELECT_KINDS = frozenset({"select"})
VALUE_FREE_KINDS = frozenset({"shape"})
# Elementwise kinds a value passes through on its way to a where/select branch.
PASS_THROUGH_KINDS = frozenset({
    "neg", "mul", "add", "sub", "identity", "cast", "div", "square", "maximum", "minimum",
    "sqrt", "log", "exp", "abs", "log1p", "expm1", "reciprocal", "rsqrt", "pow", "tanh",
    "sigmoid", "softplus", "relu", "acos", "asin", "atan", "clip", "xlogy",
})
OPAQUE_KINDS = frozenset({"call"})
