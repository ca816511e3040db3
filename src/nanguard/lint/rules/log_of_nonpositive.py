"""NG101: log of an expression that can be 0 or negative."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import LOG_OPS, Sign, const_value, sign
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import zero_evidence
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op, guarded_by_where, softmax_source


@register
class LogOfNonPositive(Rule):
    """## What it does
    Flags `log` (TensorFlow, Keras `ops`, NumPy, PyTorch, JAX; function or
    `x.log()` method) of an expression that is not provably positive. The
    finding's confidence is the evidence that the argument can reach 0: high for
    a `relu`/`abs`/`square` output, `1 - sigmoid(z)`, a difference or a `tanh`;
    medium for an input of a loss or a layer output; low when nothing shows it
    (reported only with `--min-confidence low`).

    A guard is recognised when the argument is `x + eps`, `maximum(x, eps)`,
    `exp(...)`, `softplus(...)`, `1 + exp(...)`, `square(x) + eps`, a positive
    literal or a name such as `eps`/`epsilon`. A two-sided `clip(p, eps, 1)` is
    positive too, so this rule stays quiet there and NG107/NG113 explain what
    is still wrong with clipping. The log of a softmax or sigmoid is NG112.

    ## Why is this bad?
    `log(0)` is `-inf` and `log` of a negative number is NaN; the gradient
    `1/x` at 0 is infinite. A prediction that reaches exactly 0 (an underflowed
    probability, a ReLU output) poisons the loss and every weight after one step.

    ## Example
    ```python
    loss = -tf.reduce_mean(y_true * tf.math.log(y_pred))
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_log

    loss = -tf.reduce_mean(y_true * safe_log(y_pred))
    # or, better, compute the loss from logits:
    loss = nanguard.losses.binary_crossentropy(y_true, logits, from_logits=True)
    ```
    """

    code = "NG101"
    name = "log-of-nonpositive"
    message = "`{op}` of an expression that can be 0 or negative (-inf/NaN, infinite gradient)"
    fix_title = "Guard it: `nanguard.ops.safe_log(x)` or `log(maximum(x, eps))`"
    node_types = (ast.Call,)
    value_rule = True
    call_ops = LOG_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        arg = op.arg(0, "x", "input", "a")
        if arg is None or defines_op(ctx, op):
            return
        if const_value(arg) == 0:
            return  # log(0.0): a deliberate -inf (log-space zero, padding value)
        if softmax_source(arg, ctx) is not None:
            return  # NG112 says it better
        if sign(arg, ctx) == Sign.POSITIVE or guarded_by_where(node, arg, ctx):
            return
        self.report(ctx, node, confidence=zero_evidence(arg, ctx), op=op.spelling)
