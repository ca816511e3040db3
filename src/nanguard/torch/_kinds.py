"""aten op name -> canonical op kind (``nanguard.core.op_kinds``).

The localizer matches kinds only, so this table is all PyTorch adds to it.
Keys are the aten base name (``aten.div.Tensor`` -> ``div``); anything not
listed is ``"other"``.
"""

from __future__ import annotations

__all__ = ["kind_of", "base_name"]

_TABLE = {
    "log": "log", "log2": "log", "log10": "log", "log1p": "log1p", "xlogy": "xlogy",
    "special_xlog1py": "xlogy", "sqrt": "sqrt", "rsqrt": "rsqrt", "pow": "pow",
    "float_power": "pow", "exp": "exp", "exp2": "exp", "expm1": "expm1", "square": "square",
    "reciprocal": "reciprocal", "div": "div", "true_divide": "div", "floor_divide": "floordiv",
    "remainder": "floordiv", "fmod": "floordiv", "acos": "acos", "arccos": "acos",
    "asin": "asin", "arcsin": "asin", "acosh": "acosh", "atanh": "atanh", "atan": "atan",
    "atan2": "atan2", "lgamma": "lgamma", "digamma": "digamma", "polygamma": "polygamma",
    "tan": "tan", "linalg_vector_norm": "norm", "norm": "norm", "_cdist_forward": "norm",
    "_euclidean_dist": "norm", "mm": "matmul", "bmm": "matmul", "addmm": "matmul",
    "matmul": "matmul", "baddbmm": "matmul", "addbmm": "matmul", "mv": "matmul",
    "dot": "matmul", "convolution": "conv", "_convolution": "conv", "sum": "sum",
    "mean": "mean", "prod": "prod", "cumsum": "cumsum", "_softmax": "softmax",
    "softmax": "softmax", "_log_softmax": "log_softmax", "log_softmax": "log_softmax",
    "logsumexp": "logsumexp", "add": "add", "sub": "sub", "rsub": "sub", "mul": "mul",
    "neg": "neg", "abs": "abs", "maximum": "maximum", "minimum": "minimum", "fmax": "maximum",
    "fmin": "minimum", "clamp": "clip", "clamp_min": "clip", "clamp_max": "clip",
    "clip": "clip", "tanh": "tanh", "sigmoid": "sigmoid", "softplus": "softplus",
    "relu": "relu", "elu": "elu", "erf": "erf", "_to_copy": "cast", "where": "select",
    # The mean reduction of nll_loss divides by the total weight: 0/0 when every
    # label is ignored.
    "nll_loss_forward": "div", "nll_loss2d_forward": "div",
    # Plumbing: values move, no arithmetic.
    "view": "identity", "_unsafe_view": "identity", "reshape": "identity",
    "transpose": "identity", "t": "identity", "permute": "identity", "expand": "identity",
    "clone": "identity", "cat": "identity", "stack": "identity", "index_select": "identity",
    "gather": "identity", "slice": "identity", "select": "identity", "squeeze": "identity",
    "unsqueeze": "identity", "contiguous": "identity", "copy": "identity", "copy_": "identity",
    "detach": "identity", "alias": "identity", "split": "identity",
    "split_with_sizes": "identity", "unbind": "identity", "index": "identity",
    "embedding": "identity", "as_strided": "identity", "flatten": "identity",
    "lift_fresh": "identity", "_reshape_alias": "identity", "repeat": "identity",
    "zeros_like": "shape", "ones_like": "shape", "empty_like": "shape", "full_like": "shape",
    "new_zeros": "shape", "new_ones": "shape", "new_empty": "shape", "new_full": "shape",
    "zeros": "shape", "ones": "shape", "empty": "shape", "full": "shape",
    "scalar_tensor": "shape", "sym_size": "shape", "empty_strided": "shape",
}


def base_name(func) -> str:
    """``aten.div.Tensor`` -> ``div``; in-place ``add_`` -> ``add``."""
    name = getattr(func, "__name__", str(func)).split(".")[0]
    if name.endswith("_") and not name.endswith("__") and name not in _TABLE:
        name = name[:-1]
    return name


def kind_of(func) -> str:
    return _TABLE.get(base_name(func), "other")
