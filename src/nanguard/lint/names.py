"""Import-alias resolution: which framework function does a call name?

``import tensorflow as tf`` then ``tf.math.log(x)`` resolves to the qualified
name ``tensorflow.math.log``; ``from keras import ops`` then ``ops.log(x)`` to
``keras.ops.log``. A call into a known numeric framework is reduced to its
*op name*: the last dotted component (``log``), which is what the rules match on.
Method forms on tensors (``x.log()``, ``p.clamp(min=eps)``) are recognised by
name and arity, because a receiver's type is unknowable statically.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

#: Top-level packages whose functions operate on tensors or arrays.
FRAMEWORK_ROOTS = frozenset(
    {"tensorflow", "keras", "tf_keras", "torch", "jax", "numpy", "nanguard", "flax", "optax"}
)

#: Methods that only make sense on tensors, with the numbers of positional
#: arguments they accept. ``self.log("loss", v)`` (Lightning) has two arguments,
#: so arity keeps loggers and other lookalikes out.
TENSOR_METHODS: dict[str, tuple[int, int]] = {
    "log": (0, 0),
    "log2": (0, 0),
    "log10": (0, 0),
    "sqrt": (0, 0),
    "rsqrt": (0, 0),
    "exp": (0, 0),
    "expm1": (0, 0),
    "sigmoid": (0, 0),
    "acos": (0, 0),
    "arccos": (0, 0),
    "asin": (0, 0),
    "arcsin": (0, 0),
    "reciprocal": (0, 0),
    "softmax": (0, 1),
    "log_softmax": (0, 1),
    "pow": (1, 1),
    "square": (0, 0),
    "mul": (1, 1),
    "clamp": (0, 2),
    "clip": (0, 2),
    "div": (1, 1),
    "divide": (1, 1),
    "true_divide": (1, 1),
    "norm": (0, 2),
    "sum": (0, 2),
    "mean": (0, 2),
    "masked_fill": (2, 2),
    "masked_fill_": (2, 2),
    "fill_": (1, 1),
    "numpy": (0, 0),
    "item": (0, 0),
    "tolist": (0, 0),
    "half": (0, 0),
    "astype": (1, 1),
    "to": (0, 2),
    "any": (0, 1),
    "all": (0, 1),
}

_NOT_RECEIVERS = frozenset({"self", "cls", "super"})


@dataclass(slots=True)
class CallOp:
    """A call reduced to what rules need.

    Attributes:
        name: the op name, e.g. ``"log"``.
        spelling: how the source spells the callee, e.g. ``"tf.math.log"`` or ``".log()"``.
        qualname: the resolved dotted name (``"tensorflow.math.log"``); ``None`` for methods.
        args: positional arguments; for a method form the receiver comes first.
        keywords: keyword arguments by name.
        method: whether this is a method call on a tensor.
    """

    name: str
    spelling: str
    qualname: str | None
    args: list[ast.expr]
    keywords: dict[str, ast.expr]
    method: bool

    @property
    def numpy(self) -> bool:
        return self.qualname is not None and self.qualname.startswith("numpy.")

    def arg(self, index: int, *names: str) -> ast.expr | None:
        """The argument at ``index`` or passed by one of ``names``."""
        if index < len(self.args):
            arg = self.args[index]
            return None if isinstance(arg, ast.Starred) else arg
        for name in names:
            if name in self.keywords:
                return self.keywords[name]
        return None


def dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for an attribute chain on a name, else ``None``."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def import_aliases(node: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """``(local name, qualified name)`` pairs bound by one import statement."""
    pairs = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                pairs.append((alias.asname, alias.name))
            else:  # `import tensorflow.math` binds `tensorflow`
                root = alias.name.partition(".")[0]
                pairs.append((root, root))
        return pairs
    module = ("." * node.level) + (node.module or "")
    for alias in node.names:
        if alias.name == "*":
            continue
        pairs.append((alias.asname or alias.name, f"{module}.{alias.name}"))
    return pairs


def resolve_qualname(func: ast.expr, aliases: dict[str, str]) -> str | None:
    """The qualified name of ``func`` under ``aliases``, or ``None``."""
    parts = []
    node = func
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    base = aliases.get(node.id)
    if base is None:
        return None
    if not parts:
        return base
    parts.append(base)
    return ".".join(reversed(parts))


def is_framework(qualname: str | None) -> bool:
    return qualname is not None and qualname.partition(".")[0] in FRAMEWORK_ROOTS


def call_op(call: ast.Call, aliases: dict[str, str], methods: bool) -> CallOp | None:
    """Reduce ``call`` to a :class:`CallOp` if it calls a framework function.

    Args:
        call: the call node.
        aliases: the file's import aliases (local name -> qualified name).
        methods: whether to recognise tensor method forms (the file imports a framework).
    """
    func = call.func
    qualname = resolve_qualname(func, aliases)
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    if qualname is not None:
        root, _, rest = qualname.partition(".")
        if root not in FRAMEWORK_ROOTS:
            return None
        name = qualname.rpartition(".")[2]
        return CallOp(name, dotted(func) or name, qualname, list(call.args), keywords, False)
    if not methods or not isinstance(func, ast.Attribute):
        return None
    arity = TENSOR_METHODS.get(func.attr)
    if arity is None or not arity[0] <= len(call.args) <= arity[1]:
        return None
    receiver = func.value
    if isinstance(receiver, ast.Name) and receiver.id in _NOT_RECEIVERS:
        return None
    if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name):
        if receiver.func.id == "super":
            return None
    if isinstance(receiver, ast.Constant):  # "sep".join-style string methods
        return None
    base = dotted(receiver)
    if base is not None and base.partition(".")[0] in aliases:
        return None  # a module attribute we failed to classify, not a tensor
    return CallOp(func.attr, f".{func.attr}()", None, [receiver, *call.args], keywords, True)
