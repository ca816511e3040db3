"""NG002: the linter could not check a file."""

from __future__ import annotations

from nanguard.lint.registry import Rule, register


@register
class InternalErrorRule(Rule):
    """## What it does
    Reports a file the linter could not check: it could not be read, or a rule
    raised an unexpected exception on it. The run continues with the other files.

    ## Why is this bad?
    The file was not checked, so findings may be missing. It is a bug in
    nanguard (please report it with the file), or an unreadable file.

    ## Example
    ```text
    pkg/odd.py:1:1: NG002 internal error: RecursionError(...)
    ```

    ## Use instead
    Report the file to nanguard, and exclude it meanwhile with
    `exclude = ["pkg/odd.py"]` under `[tool.nanguard.lint]`.
    """

    code = "NG002"
    name = "internal-error"
    message = "internal error: {detail}"
    fix_title = "Report the file to nanguard; exclude it meanwhile"
