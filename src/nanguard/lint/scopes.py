"""What an enclosing function is: a graph, a loss, a training step, and in which framework.

:meth:`nanguard.lint.context.FileContext.push` builds one :class:`Scope` per function
it enters, with :func:`make_scope`. The decisions live here:

* **graph**: compiled (``@tf.function``, ``@jax.jit``, ``torch.compile(f)`` in the
  file) or a method Keras traces (``call``, ``train_step``, ``compute_loss``), the
  latter only in a class that can be Keras's (:func:`class_framework`): PyTorch
  runs the same method names eagerly (pytorch-metric-learning's ``compute_loss``,
  Lightning's ``test_step``).
* **loss**: named like one (:func:`names_a_loss`), not a scale or weight of a loss
  (``get_loss_scale`` returns a factor; ``1.0`` from it is no dead gradient).
* **evidence**: the inputs of a loss or of a layer's ``call`` are predictions,
  labels or an upstream layer's output.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nanguard.lint.names import resolve_qualname

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

__all__ = [
    "GRAPH_METHODS",
    "FunctionNode",
    "Scope",
    "class_framework",
    "make_scope",
    "module_framework",
    "names_a_loss",
    "tensor_params",
]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda

#: Methods Keras/TF trace into a graph (``forward`` is absent on purpose: PyTorch
#: runs it eagerly, where a Python check on a tensor is merely slow, not wrong).
GRAPH_METHODS = frozenset({"call", "train_step", "test_step", "predict_step", "compute_loss"})
OP_CALLS = frozenset({"forward", "call", "__call__"})
_TRAINING_METHODS = OP_CALLS | {"_forward", "train_step", "training_step", "compute_loss"}
_COMPILERS = frozenset({"function", "jit", "pjit", "compile", "pmap", "filter_jit"})
#: Function names that compute a loss (``binary_crossentropy``, ``kl_divergence``, ``dice``).
LOSS_NAME = re.compile(
    r"loss|crossentropy|cross_entropy|(?:^|_)(?:nll|ce|bce|dice|focal|divergence|likelihood)(?:_|$)",
    re.IGNORECASE,
)
#: ``loss`` qualifying another noun: ``get_loss_scale``, ``loss_weights``,
#: ``lossScaleFactor`` name a factor that multiplies a loss, not the loss.
_LOSS_FACTOR = re.compile(
    r"loss_?(?:scal(?:e|es|ing|er)|weight(?:s|ing)?|factors?|coef(?:f|ficient)?s?|multipliers?)"
    r"(?:_|$|(?-i:[A-Z]))",
    re.IGNORECASE,
)

#: Import roots whose classes run eagerly in PyTorch, or are traced by Keras/TF or JAX.
_EAGER_TORCH = frozenset({"torch", "lightning", "pytorch_lightning", "torchvision", "torchaudio"})
_KERAS = frozenset({"tensorflow", "keras", "tf_keras"})
_JAX = frozenset({"jax", "flax", "optax", "equinox", "haiku"})


@dataclass(slots=True)
class Scope:
    """One enclosing function and what we know about it."""

    node: FunctionNode
    graph: bool
    loss: bool
    tensor_params: frozenset[str]
    #: Inputs of a function that computes a loss by its name or class
    #: (``binary_crossentropy(y_true, p)``, ``DiceLoss.forward``): evidence only.
    loss_inputs: frozenset[str] = frozenset()
    #: A loss or a layer's forward pass (see ``differentiation.on_training_path``).
    training: bool = False


def names_a_loss(name: str) -> bool:
    """``name`` is a loss's (``LOSS_NAME``) and not a factor of one (``loss_scale``)."""
    return LOSS_NAME.search(name) is not None and _LOSS_FACTOR.search(name) is None


def _root_framework(qualname: str | None) -> str | None:
    root = (qualname or "").partition(".")[0]
    if root in _EAGER_TORCH:
        return "torch"
    if root in _KERAS:
        return "keras"
    if root in _JAX:
        return "jax"
    return None


def module_framework(aliases: dict[str, str]) -> str | None:
    """``"torch"`` for a module that imports PyTorch and neither Keras/TF nor JAX.

    Such a module's classes run eagerly even when their base comes from a sibling
    module (``from .base import BaseMetricLossFunction``). A module that imports a
    traced framework, or none, is left undecided (``None``).
    """
    found = {_root_framework(q) for q in aliases.values()}
    if "torch" in found and not found & {"keras", "jax"}:
        return "torch"
    return None


def class_framework(cls: ast.ClassDef, ctx: FileContext, depth: int = 0) -> str | None:
    """The framework of ``cls``: from its bases, else from its module's imports.

    A base resolved through the imports decides (``nn.Module``, ``pl.LightningModule``
    -> ``"torch"``; ``keras.Model``, ``layers.Layer`` -> ``"keras"``; ``nnx.Module`` ->
    ``"jax"``), as does a base class defined in the same file, followed up to 4
    levels. Otherwise :func:`module_framework`.
    """
    for base in cls.bases:
        found = _root_framework(resolve_qualname(base, ctx.aliases))
        if found is None and depth < 4 and isinstance(base, ast.Name):
            local = _local_class(ctx.tree, base.id)
            if local is not None and local is not cls:
                found = class_framework(local, ctx, depth + 1)
        if found is not None:
            return found
    return module_framework(ctx.aliases)


def _local_class(tree: ast.Module, name: str) -> ast.ClassDef | None:
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == name:
            return stmt
    return None


def make_scope(ctx: FileContext, node: FunctionNode) -> Scope:
    """The :class:`Scope` of ``node``, entered inside ``ctx``'s current classes and scopes."""
    name = getattr(node, "name", "")
    graph = name in ctx.wrapped_names or _compiled(node, ctx)
    is_method = bool(node.args.args) and node.args.args[0].arg == "self"
    keras_method = is_method and name in GRAPH_METHODS and ctx.framework() != "torch"
    graph = graph or keras_method
    # `test_*` functions in test suites mention losses; they do not compute one,
    # and neither does a property or a method without inputs (`self.loss_scale`),
    # nor a factor of a loss (`get_loss_scale(batch, args)`).
    n_inputs = len(node.args.posonlyargs) + len(node.args.args) - int(is_method)
    loss = (
        n_inputs > 0
        and bool(name)
        and not name.startswith("test")
        and (("loss" in name.lower() and _LOSS_FACTOR.search(name) is None)
             or name in ctx.loss_names)
    )  # fmt: skip
    params = tensor_params(node, skip_first=is_method) if (graph or loss) else frozenset()
    # `forward`/`call` of a class named like a loss (`class DiceLoss(nn.Module)`), or
    # a function named like one (`binary_crossentropy`, `kl_divergence`): its inputs
    # are predictions and labels. Evidence for the value rules only; the scope rules
    # (NG105, NG106) keep the narrow definition above.
    loss_class = is_method and name in OP_CALLS and bool(ctx.classes)
    loss_class = loss_class and names_a_loss(ctx.classes[-1].name)
    loss_like = loss_class or (n_inputs > 0 and not name.startswith("test") and names_a_loss(name))
    inputs = tensor_params(node, skip_first=is_method) if loss_like else frozenset()
    # A compiled function's parameters are tensors (NG105 needs that) but not
    # evidence by themselves: their domain is the caller's (`@jit def gammaln(x)`).
    # Evidence are a loss's inputs (predictions, labels), a layer's `call` inputs
    # (an upstream layer's output), a function the file wraps itself
    # (`tf.function(f)`), and parameters that a call in this file passes such a value.
    evidence = inputs | (params if loss else frozenset())
    if keras_method or name in ctx.wrapped_names:
        evidence = evidence | params
    training = loss_like or (is_method and bool(ctx.classes) and name in _TRAINING_METHODS)
    return Scope(node, graph, loss, params, evidence, training)


def _compiled(node: FunctionNode, ctx: FileContext) -> bool:
    for deco in getattr(node, "decorator_list", ()):
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = ctx.qualname(target) or ""
        if isinstance(deco, ast.Call) and name.endswith("partial") and deco.args:
            name = ctx.qualname(deco.args[0]) or ""
        root, _, _ = name.partition(".")
        if root in {"tensorflow", "jax", "torch", "keras"}:
            if name.rpartition(".")[2] in _COMPILERS:
                return True
    return False


def tensor_params(node: FunctionNode, skip_first: bool) -> frozenset[str]:
    """Positional parameters without a default: the tensors of a loss or graph function."""
    args = node.args.posonlyargs + node.args.args
    if skip_first:
        args = args[1:]
    n_required = len(args) - len(node.args.defaults)
    return frozenset(a.arg for a in args[:n_required] if not _STATIC_PARAM.search(a.arg))


#: Parameters that are configuration, not tensors (`dtype`, `shape`, `axis`, `num_classes`).
_STATIC_PARAM = re.compile(
    r"^(?:dtype|shape|axis|axes|dim|name|mode|method|training|reduction)$"
    r"|^num_|_size$|_shape$|_dtype$|^(?:bit_)?width$|_bits$|^bits$",
    re.IGNORECASE,
)
