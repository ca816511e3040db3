"""NG115: an explicit cast to float16 of an unbounded value inside a layer or loss."""

from __future__ import annotations

import ast

from nanguard.lint.context import FileContext
from nanguard.lint.patterns import is_float16_dtype
from nanguard.lint.registry import Rule, register

#: Ops whose output is bounded well below float16's 65504.
_BOUNDED = frozenset(
    {
        "sigmoid", "tanh", "softmax", "log_softmax", "clip", "clip_by_value", "clamp",
        "sin", "cos", "softsign", "hard_sigmoid", "one_hot", "l2_normalize", "normalize",
        "layer_norm", "batch_normalization",
    }
)  # fmt: skip
_CASTS = frozenset({"cast", "astype", "to", "half", "type"})


@register
class Float16Cast(Rule):
    """## What it does
    Inside a loss, a compiled function or a Keras `call`/`train_step`, flags an
    explicit cast to float16 (`tf.cast(x, tf.float16)`, `ops.cast(x,
    "float16")`, `x.half()`, `x.astype(np.float16)`, `x.to(torch.float16)`)
    of a value that is not bounded by construction (a `sigmoid`, `tanh`,
    `softmax` or `clip` output is).

    ## Why is this bad?
    float16 overflows to `inf` above 65504. Activations, logits, squared
    errors and sums over a batch exceed that easily, and the `inf` reaches the
    loss as NaN (`inf - inf`, `0 * inf`). Mixed-precision policies keep
    variables and reductions in float32 and scale the loss for this reason;
    a hand-written cast bypasses both.

    ## Example
    ```python
    class HalfCache(keras.layers.Layer):
        def call(self, x):
            return tf.cast(x, tf.float16)
    ```

    ## Use instead
    ```python
    # let the mixed-precision policy decide, with loss scaling:
    keras.mixed_precision.set_global_policy("mixed_float16")
    # or bound the value first:
    half = tf.cast(tf.clip_by_value(x, -60000.0, 60000.0), tf.float16)
    # or keep bfloat16, which has float32's range:
    half = tf.cast(x, tf.bfloat16)
    ```
    """

    code = "NG115"
    name = "float16-cast"
    message = "Cast to float16 of an unbounded value: overflows to inf above 65504"
    fix_title = "Clip first, use bfloat16, or a mixed-precision policy with loss scaling"
    node_types = (ast.Call,)
    call_ops = _CASTS

    def check(self, node: ast.AST, ctx: FileContext) -> None:
        if not ctx.in_graph:
            return
        op = ctx.op(node)
        if op.name == "half":
            if not op.method:
                return
        else:
            dtype = op.keywords.get("dtype")
            if dtype is None and len(op.args) > 1:
                dtype = op.args[1]
            if not is_float16_dtype(dtype):
                return
        source = ctx.resolve(op.args[0]) if op.args else None
        inner = ctx.op(source) if source is not None else None
        if inner is not None and inner.name in _BOUNDED:
            return
        self.report(ctx, node)
