"""The built-in rules, one module per rule; importing this package registers them."""

from nanguard.lint.rules import (  # noqa: F401
    acos_unclamped,
    clip_before_singularity,
    constant_loss,
    division_by_tensor,
    exp_unbounded,
    float16_cast,
    float16_reduction,
    handwritten_crossentropy,
    host_check_in_graph,
    internal_error,
    log_of_nonpositive,
    log_of_softmax,
    neg_inf_mask,
    pow_fractional,
    sqrt_at_zero,
    syntax_error,
    where_gradient_trap,
)
