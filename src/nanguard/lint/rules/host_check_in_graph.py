"""NG105: NumPy or Python value checks on tensors inside a loss or compiled function."""

from __future__ import annotations

import ast

from nanguard.lint.calibration import Evidence
from nanguard.lint.context import FileContext
from nanguard.lint.patterns import is_tensor
from nanguard.lint.registry import Rule, register

_HOST_METHODS = frozenset({"numpy", "item", "tolist"})
_PY_CASTS = frozenset({"float", "int", "bool"})
#: NumPy functions that read only static metadata (shape, rank, dtype): fine on a tracer.
_NP_OK = frozenset(
    {
        "float32", "float64", "float16", "int32", "int64", "dtype", "finfo", "iinfo",
        "shape", "ndim", "size", "result_type", "issubdtype", "broadcast_shapes",
        "promote_types", "can_cast", "isscalar",
    }
)  # fmt: skip


@register
class HostCheckInGraph(Rule):
    """## What it does
    Inside a loss function (a function whose name contains `loss`, or one passed
    as `loss=` to `compile(...)`), a `tf.function`/`jax.jit`/`torch.compile`
    function, or a Keras `call`/`train_step`/`test_step` method, flags:
    NumPy calls on tensors (`np.isnan(t)`), `float(t)`/`int(t)`/`bool(t)`,
    `.numpy()`/`.item()`/`.tolist()`, and `if`/`while`/`assert` on a tensor
    (`if tf.reduce_any(tf.math.is_nan(t)):`).

    PyTorch's `forward` is not included: it runs eagerly, where such a check is
    slow but not wrong. The Keras method names are graphs only in a class that can be
    Keras's: in a class whose bases are PyTorch's (`nn.Module`, `LightningModule`), or
    in a file that imports PyTorch and no traced framework (TensorFlow, JAX, Keras),
    `compute_loss`/`test_step` run eagerly. For the same reason an eager PyTorch loss
    outside a compiled function is reported only at low confidence.

    ## Why is this bad?
    In a traced graph a tensor has no value yet: NumPy and Python conversions
    fail (`NotImplementedError: Cannot convert a symbolic tf.Tensor to a numpy
    array`, JAX's `ConcretizationTypeError`) or, eagerly, force a device-to-host
    copy at every step. Worse, the check usually "repairs" the loss by returning
    a constant, which silently kills the gradient (see NG106).

    ## Example
    ```python
    def custom_loss(y_true, y_pred):
        diff = y_true - y_pred
        if np.isnan(diff).any():
            return tf.constant(1.0)
        return tf.reduce_mean(tf.square(diff))
    ```

    ## Use instead
    ```python
    def custom_loss(y_true, y_pred):
        diff = y_true - y_pred
        return tf.reduce_mean(tf.square(diff))

    # and let nanguard skip non-finite steps in-graph:
    model.fit(x, y, callbacks=[nanguard.keras.Guard()])
    ```
    """

    code = "NG105"
    name = "host-check-in-graph"
    message = "{what} on a tensor inside {scope}: fails when traced, syncs the host when eager"
    fix_title = "Use in-graph ops (`tf.math.is_finite`, `ops.where`) or `nanguard.keras.Guard`"
    node_types = (ast.Call, ast.If, ast.While, ast.Assert, ast.IfExp)

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if not ctx.scopes or not ctx.in_graph:
            return
        if isinstance(node, ast.Call):
            self._check_call(node, ctx)
            return
        test = node.test
        if isinstance(node, ast.If) and any(isinstance(s, ast.Raise) for s in node.body):
            if not any(s.graph for s in ctx.scopes):
                return  # an eager input check that raises (a loss outside a compiled fn)
        if _host_call(test, ctx):
            return  # reported at the call itself
        if _tensor_test(test, ctx):
            self.report(ctx, test, _level(ctx), what="Python truth value", scope=_scope(ctx))

    def _check_call(self, node: ast.Call, ctx: FileContext) -> None:
        what = _host_call(node, ctx)
        if what and not _eager_branch(node, ctx):
            self.report(ctx, node, _level(ctx), what=what, scope=_scope(ctx))


def _level(ctx: FileContext) -> Evidence:
    """Low in an eager PyTorch loss that nothing compiles.

    That is a loss method of a PyTorch class (``nn.Module``, ``LightningModule``) or a
    loss in a PyTorch-only file. There a host read is a sync, slow but not wrong (the
    reason `forward` is left out); in a compiled function, or a loss of a file that
    uses TensorFlow, JAX or Keras (traced by `fit`, `jit`, `tf.function`), it fails or
    silently freezes a value.
    """
    if any(s.graph for s in ctx.scopes):
        return Evidence(2, "pattern:high")
    if ctx.framework() == "torch":  # a torch class (by its bases), or a torch-only file
        return Evidence(0, "eager PyTorch loss")
    return Evidence(2, "pattern:high")


#: Types whose values are always concrete: a branch that tests for them runs eagerly.
_EAGER_TYPES = frozenset({"Tensor", "ndarray"})


def _eager_branch(node: ast.AST, ctx: FileContext) -> bool:
    """Inside ``if isinstance(x, torch.Tensor)`` / ``np.ndarray``: an eager-only path.

    A Keras layer that serves the torch backend converts with ``.numpy()`` there;
    PyTorch and NumPy values are never symbolic, so the host call is fine.
    """
    up = ctx.parent(node)
    for _ in range(30):
        if up is None or isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef):
            return False
        if isinstance(up, ast.If):
            for sub in ast.walk(up.test):
                if not (isinstance(sub, ast.Call) and getattr(sub.func, "id", "") == "isinstance"):
                    continue
                if len(sub.args) == 2 and _eager_type(sub.args[1], ctx):
                    return True
        up = ctx.parent(up)
    return False


def _eager_type(node: ast.expr, ctx: FileContext) -> bool:
    types = node.elts if isinstance(node, ast.Tuple) else [node]
    for t in types:
        qual = ctx.qualname(t) or ""
        if qual.startswith(("torch.", "numpy.")) and qual.rpartition(".")[2] in _EAGER_TYPES:
            return True
    return False


def _scope(ctx: FileContext) -> str:
    for scope in reversed(ctx.scopes):
        name = getattr(scope.node, "name", "<lambda>")
        if scope.loss:
            return f"loss function `{name}`"
        if scope.graph:
            return f"compiled function `{name}`"
    return "a compiled function"


def _host_call(node: ast.expr, ctx: FileContext) -> str | None:
    """Describe ``node`` if it pulls a tensor to the host, else ``None``."""
    for sub in _calls_in(node):
        func = sub.func
        if isinstance(func, ast.Name) and func.id in _PY_CASTS and func.id not in ctx.aliases:
            if (
                len(sub.args) == 1
                and is_tensor(sub.args[0], ctx)
                and not _static_only(sub.args[0], ctx)
            ):
                return f"`{func.id}()`"
            continue
        op = ctx.op(sub)
        if op is None:
            continue
        if op.method and op.name in _HOST_METHODS:
            if op.name == "numpy" or is_tensor(op.args[0], ctx):
                return f"`.{op.name}()`"
            continue
        if op.qualname and op.qualname.startswith("numpy.") and op.name not in _NP_OK:
            if ctx.numpy_only_loss():
                continue  # a NumPy reference loss: arrays in, arrays out
            if any(is_tensor(a, ctx) and not _static_only(a, ctx) for a in op.args):
                return f"`{op.spelling}()`"
    return None


_STATIC_ATTRS = frozenset({"shape", "size", "ndim", "dtype"})


def _static_only(node: ast.expr, ctx: FileContext) -> bool:
    """``max(1, x.size)``, ``x.shape[-1]``: reads only a tensor's static metadata."""
    static: set[int] = set()
    names: list[ast.Name] = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in _STATIC_ATTRS:
            static |= {id(n) for n in ast.walk(sub.value) if isinstance(n, ast.Name)}
        elif isinstance(sub, ast.Name):
            names.append(sub)
    skip = {"max", "min", "abs", "len", *ctx.aliases}
    return bool(static) and all(id(n) in static for n in names if n.id not in skip)


def _calls_in(node: ast.expr):
    """``node`` and the calls along its receiver chain (``np.isnan(d).any()``)."""
    while True:
        if isinstance(node, ast.Call):
            yield node
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return


def _tensor_test(test: ast.expr, ctx: FileContext) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.BoolOp):
        return any(_tensor_test(v, ctx) for v in test.values)
    if isinstance(test, ast.Compare):
        if any(isinstance(o, ast.Is | ast.IsNot | ast.In | ast.NotIn) for o in test.ops):
            return False
        return is_tensor(test.left, ctx) and _is_framework_call(test.left, ctx)
    return _is_framework_call(test, ctx)


def _is_framework_call(node: ast.expr, ctx: FileContext) -> bool:
    """A reduction/predicate op call returning a tensor (not a shape or a dtype)."""
    op = ctx.op(node)
    if op is None or op.method:
        return False
    return op.name in {
        "reduce_any",
        "reduce_all",
        "any",
        "all",
        "is_nan",
        "isnan",
        "is_inf",
        "isinf",
        "reduce_sum",
        "reduce_mean",
        "reduce_max",
        "reduce_min",
        "sum",
        "mean",
        "max",
        "min",
        "greater",
        "less",
        "equal",
        "not_equal",
        "is_finite",
        "isfinite",
        "logical_and",
        "logical_or",
        "logical_not",
    }
