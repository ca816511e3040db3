"""JAX primitive names -> the canonical op kinds of the neutral trace (``nanguard.core.op_kinds``).

The table is the only JAX-specific knowledge the localizer needs: the origin
search and the causes work on kinds. A primitive not listed becomes ``"other"``
(the origin is still found, only its cause is generic).
"""

from __future__ import annotations

__all__ = ["kind_of", "CALL_PRIMITIVES"]

_KINDS = {
    "log": "log", "log1p": "log1p", "exp": "exp", "exp2": "exp", "expm1": "expm1",
    "sqrt": "sqrt", "rsqrt": "rsqrt", "cbrt": "other", "pow": "pow", "integer_pow": "pow",
    "square": "square", "div": "div", "rem": "other",
    "acos": "acos", "asin": "asin", "acosh": "acosh", "atanh": "atanh", "atan": "atan",
    "atan2": "atan2", "tan": "tan", "lgamma": "lgamma", "digamma": "digamma",
    "polygamma": "polygamma", "erf": "erf", "erf_inv": "erfinv",
    "cholesky": "cholesky", "tanh": "tanh", "logistic": "sigmoid",
    "dot_general": "matmul", "conv_general_dilated": "conv",
    "reduce_sum": "sum", "reduce_prod": "prod", "cumsum": "cumsum", "cumprod": "prod",
    "reduce_max": "maximum", "reduce_min": "minimum", "cummax": "maximum", "cummin": "minimum",
    "argmax": "shape", "argmin": "shape",
    "add": "add", "add_any": "add", "sub": "sub", "mul": "mul", "neg": "neg", "abs": "abs",
    "max": "maximum", "min": "minimum", "clamp": "clip",
    "convert_element_type": "cast", "reduce_precision": "cast",
    "select_n": "select",
    "reshape": "identity", "transpose": "identity", "broadcast_in_dim": "identity",
    "squeeze": "identity", "expand_dims": "identity", "concatenate": "identity",
    "slice": "identity", "dynamic_slice": "identity", "dynamic_update_slice": "identity",
    "gather": "identity", "scatter-add": "add", "scatter_add": "add", "scatter": "identity",
    "pad": "identity", "rev": "identity", "copy": "identity", "copy_p": "identity",
    "optimization_barrier": "identity", "sharding_constraint": "identity",
    "iota": "shape", "stop_gradient": "identity",
}

# Primitives whose sub-jaxpr runs once on the eqn's operands, in order: the
# interpreter enters them (params key of the jaxpr in the value).
CALL_PRIMITIVES = {
    "pjit": "jaxpr", "jit": "jaxpr", "closed_call": "call_jaxpr", "core_call": "call_jaxpr",
    "remat": "jaxpr", "remat2": "jaxpr", "checkpoint": "jaxpr",
    "custom_jvp_call": "call_jaxpr", "custom_vjp_call": "call_jaxpr",
    "custom_vjp_call_jaxpr": "fun_jaxpr", "custom_lin": None,
}


def kind_of(primitive_name: str) -> str:
    """The canonical kind of a JAX primitive (``"other"`` when not in the table)."""
    return _KINDS.get(primitive_name, "other")
