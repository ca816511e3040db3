"""NG112: log of a softmax or sigmoid output."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import LOG_OPS
from nanguard.lint.context import FileContext
from nanguard.lint.evidence import Confidence
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import softmax_source, strip_positive_add


@register
class LogOfSoftmax(Rule):
    """## What it does
    Flags `log(softmax(z))` and `log(sigmoid(z))` in every spelling
    (`tf.math.log(tf.nn.softmax(z))`, `torch.log(F.softmax(z, -1))`,
    `z.softmax(-1).log()`, `jnp.log(jax.nn.sigmoid(z))`), also through a local
    name (`p = softmax(z); log(p)`) and with `+ eps` inside.

    ## Why is this bad?
    softmax underflows to exactly 0 for a logit ~104 below the maximum (float32;
    ~17 in float16), and `log(0)` is `-inf`; `sigmoid(z)` is 0 for `z < -88`.
    Adding `eps` avoids the inf but clamps the loss and loses precision. The
    log-space functions compute the same value exactly, without the round trip.

    ## Example
    ```python
    log_probs = tf.math.log(tf.nn.softmax(logits))
    log_p = torch.log(torch.sigmoid(z))
    ```

    ## Use instead
    ```python
    from nanguard.ops import log_softmax

    log_probs = log_softmax(logits)              # or tf.nn.log_softmax
    log_p = torch.nn.functional.logsigmoid(z)
    loss = nanguard.losses.binary_crossentropy(y, z, from_logits=True)
    ```
    """

    code = "NG112"
    name = "log-of-softmax"
    message = "`{op}` of a `{inner}` output: underflows to log(0) = -inf"
    fix_title = "Use `nanguard.ops.log_softmax` / log-sigmoid, or a loss with `from_logits=True`"
    node_types = (ast.Call,)
    call_ops = LOG_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        arg = op.arg(0, "x", "input")
        if arg is None:
            return
        inner = softmax_source(arg, ctx)
        if inner is not None:
            # `log(softmax(z) + eps)` stays finite: only a precision loss, so low.
            resolved = ctx.resolve(arg)
            guarded = strip_positive_add(resolved, ctx) is not resolved
            level = Confidence.LOW if guarded else Confidence.HIGH
            self.report(ctx, node, level, op=op.spelling, inner=inner.spelling)
