"""NG108: exp of an unbounded expression."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import EXP_OPS
from nanguard.lint.bounds import is_upper_bounded
from nanguard.lint.calibration import Evidence
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import (
    Confidence,
    in_log_probability_branch,
    is_quantity_itself,
    unbounded_evidence,
)
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import defines_op


@register
class ExpUnbounded(Rule):
    """## What it does
    Flags `exp`/`expm1` of an expression with no upper bound. Bounded forms are
    recognised: `exp(x - reduce_max(x))` (the softmax shift), `exp(-abs(x))`,
    `exp(-square(x))`, `exp(minimum(x, c))`, `exp(clip(x, lo, hi))`,
    `exp(log(...))`, `exp(log_softmax(...))`, `exp` of `tanh`/`sigmoid`/`cos`,
    and `exp` of a log-probability (`log_prob`, `log_probs`, `.log_prob(x)`).
    Confidence: high for a logit-like name (`logits`, `log_var`, `log_scale`),
    medium for a layer output or a loss input, low otherwise (a closed-form
    moment, `perplexity = exp(loss)`: it overflows only when the value does).

    ## Why is this bad?
    `exp` overflows float32 above about 88.7 (float16: 11.1) and gives `inf`;
    `inf / inf` in a hand-written softmax, or `inf - inf`, then gives NaN. In
    a VAE, `exp(log_var)` explodes as soon as the encoder's log-variance drifts.

    ## Example
    ```python
    probs = tf.exp(logits) / tf.reduce_sum(tf.exp(logits), axis=-1, keepdims=True)
    std = tf.exp(0.5 * log_var)
    ```

    ## Use instead
    ```python
    from nanguard.ops import safe_exp

    probs = tf.nn.softmax(logits)                         # shifts by the max internally
    std = safe_exp(0.5 * log_var)                          # clamps the exponent
    std = tf.exp(0.5 * tf.clip_by_value(log_var, -20.0, 20.0))
    ```
    """

    code = "NG108"
    name = "exp-unbounded"
    message = "`{op}` of an unbounded expression can overflow to inf"
    fix_title = "Use `nanguard.ops.safe_exp`, shift by the max, or clamp the exponent"
    node_types = (ast.Call,)
    value_rule = True
    call_ops = EXP_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        arg = op.arg(0, "x", "input")
        if arg is None or defines_op(ctx, op) or op.qualname == "numpy.exp":
            return
        if not is_upper_bounded(arg, ctx) and not in_log_probability_branch(node, ctx):
            level = unbounded_evidence(arg, ctx)
            if is_quantity_itself(node, ctx):
                # perplexity = exp(loss): overflows only if it is inf
                level = Evidence(Confidence.LOW, "the quantity itself (perplexity)")
            self.report(ctx, node, level, op=op.spelling)
