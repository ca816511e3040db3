"""NG113: hand-written cross-entropy on clipped probabilities."""

from __future__ import annotations

import ast

from nanguard.lint.analysis import LOG_OPS
from nanguard.lint.context import FileContext
from nanguard.lint.registry import Rule, register
from nanguard.lint.rules._common import is_handwritten_ce


@register
class HandwrittenCrossentropy(Rule):
    """## What it does
    Flags the hand-written cross-entropy term `y * log(clip(p, eps, 1 - eps))`
    (and `(1 - y) * log(1 - clip(...))`), the clip spelt with `clip_by_value`,
    `ops.clip`, `np.clip`, `torch.clamp` or through a local name.

    ## Why is this bad?
    Clipping keeps `log` finite but loses everything the network knows past
    `eps`: a confidently wrong prediction gets a capped loss and, outside the
    clip range, a gradient of exactly 0, so it is never corrected. The
    probabilities usually came from a sigmoid/softmax of logits; the loss in
    terms of logits is exact and never infinite.

    ## Example
    ```python
    p = tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)
    loss = -tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))
    ```

    ## Use instead
    ```python
    loss = nanguard.losses.binary_crossentropy(y, logits, from_logits=True)
    # or tf.nn.sigmoid_cross_entropy_with_logits / keras.losses.BinaryCrossentropy(from_logits=True)
    ```
    """

    code = "NG113"
    name = "handwritten-crossentropy"
    message = "Hand-written cross-entropy on clipped probabilities (`{op}` of a clip)"
    fix_title = "Use `nanguard.losses.binary_crossentropy(from_logits=True)` / categorical"
    node_types = (ast.Call,)
    call_ops = LOG_OPS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        op = ctx.op(node)
        arg = op.arg(0, "x", "input")
        if arg is not None and is_handwritten_ce(node, arg, ctx):
            self.report(ctx, node, op=op.spelling)
