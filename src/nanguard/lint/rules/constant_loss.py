"""NG106: a loss function returns a constant on some path (dead gradient)."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import const_value
from nanguard.lint.context import FileContext
from nanguard.lint.registry import Rule, register

_CONSTRUCTORS = frozenset(
    {"constant", "convert_to_tensor", "tensor", "array", "asarray", "scalar_tensor", "full"}
)
_FILLS = frozenset({"zeros", "ones", "zeros_like", "ones_like"})


def _is_constant(node: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if const_value(node) is not None:
        return True
    if isinstance(node, ast.Name):
        _, bound = ctx.binding(node)
        return bound is not None and _is_constant(bound, ctx, depth + 1)
    op = ctx.op(node)
    if op is None or op.method:
        return False
    if op.name in _FILLS:
        return True
    if op.name in _CONSTRUCTORS:
        values = [a for a in op.args if not isinstance(a, ast.Starred)]
        if op.name == "full":
            values = values[1:2]
        return bool(values) and all(_is_constant(v, ctx, depth + 1) for v in values)
    return False


@register
class ConstantLoss(Rule):
    """## What it does
    Flags `return <constant>` inside a loss function: a literal (`return 0.0`),
    `tf.constant(1.0)`, `torch.tensor(0.)`, `jnp.array(0.)`, `tf.zeros(())`,
    `tf.zeros_like(y_pred)`. A loss function is one whose name contains `loss`
    (not `test_*`, and not a factor of a loss: `get_loss_scale`, `loss_weight`,
    `loss_factor` return a multiplier, for which `1.0` or `0.0` is a legal value) or
    that is passed as `loss=` to `compile(...)`. A return
    under `if x is None:` / `if not x:` is a configuration branch ("no loss
    configured") and is not flagged.

    ## Why is this bad?
    A constant does not depend on the weights, so its gradient is 0 (or `None`:
    "No gradients provided for any variable"). Returned as a NaN "fallback", it
    hides the problem: the step silently trains nothing, and the bad batch that
    triggered it is never reported.

    ## Example
    ```python
    def loss_fn(y_true, y_pred):
        if tf.reduce_any(tf.math.is_nan(y_pred)):
            return tf.constant(1.0)
        return tf.reduce_mean(tf.square(y_true - y_pred))
    ```

    ## Use instead
    ```python
    def loss_fn(y_true, y_pred):
        return tf.reduce_mean(tf.square(y_true - y_pred))

    # skip non-finite steps explicitly, and get a report of the bad batch:
    model.fit(x, y, callbacks=[nanguard.keras.Guard()])
    ```
    """

    code = "NG106"
    name = "constant-loss"
    message = "Loss function `{name}` returns a constant here: its gradient is 0 (dead step)"
    fix_title = (
        "Return a value computed from the predictions; skip bad steps with nanguard.keras.Guard"
    )
    node_types = (ast.Return,)

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if not ctx.in_loss or node.value is None:
            return
        if _is_constant(node.value, ctx) and not _configuration_branch(node, ctx):
            self.report(ctx, node, name=ctx.function_name())


def _configuration_branch(node: ast.Return, ctx: FileContext) -> bool:
    """``if loss_fn is None: return 0.0``: a deliberate "no loss configured" path.

    Also ``if losses: return add_n(losses) else: return 0.0`` (nothing to add: 0 is
    the right value) and a test that joins such checks with ``or``
    (``if logits is None or not isinstance(logits, tuple): return 0``). A test on
    the data (``if y_pred.shape[0] == 0``) is not a configuration branch.
    """
    up = ctx.parent(node)
    if not isinstance(up, ast.If):
        return False
    if node in up.orelse:
        return isinstance(up.test, ast.Name)  # `if losses: ... else: return 0.0`
    if node not in up.body:
        return False
    return _configuration_test(up.test)


def _configuration_test(test: ast.expr) -> bool:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return all(_configuration_test(v) for v in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        operand = test.operand
        if isinstance(operand, ast.Call) and getattr(operand.func, "id", "") == "isinstance":
            return True
        return isinstance(operand, ast.Name | ast.Attribute)
    return isinstance(test, ast.Compare) and any(
        isinstance(o, ast.Is | ast.IsNot) for o in test.ops
    )
