"""NG001: the file does not parse."""

from __future__ import annotations

from nanguard.lint.registry import Rule, register


@register
class SyntaxErrorRule(Rule):
    """## What it does
    Reports a file that Python cannot parse, with the parser's message.

    ## Why is this bad?
    Nothing else in the file can be checked, and the module will not import.
    The other files are still linted.

    ## Example
    ```python
    def loss(y_true, y_pred)
        return y_pred
    ```

    ## Use instead
    ```python
    def loss(y_true, y_pred):
        return y_pred
    ```
    """

    code = "NG001"
    name = "syntax-error"
    message = "SyntaxError: {detail}"
    fix_title = "Fix the syntax error"
