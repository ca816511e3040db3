"""The rule registry: every rule registers itself with :func:`register`.

A rule is a class with a code (``NG1xx``), a kebab-case name, a short message,
a separate fix title, the node types it wants to see and, for calls, the op
names it wants (so the single visitor pass only wakes the rules that care).
Its docstring is its documentation, in four parts: *What it does*, *Why is this
bad?*, *Example*, *Use instead* (printed by ``nanguard lint --explain``).
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from nanguard.errors import InvalidArgumentError

if TYPE_CHECKING:
    from nanguard.lint.context import FileContext

_CODE = re.compile(r"^NG\d{3}$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


class Rule:
    """Base class of every lint rule."""

    code: ClassVar[str]
    name: ClassVar[str]
    message: ClassVar[str]
    fix_title: ClassVar[str]
    #: AST node types the rule inspects.
    node_types: ClassVar[tuple[type[ast.AST], ...]] = ()
    #: For ``ast.Call``: only calls to these op names (empty: every call).
    call_ops: ClassVar[frozenset[str]] = frozenset()
    #: A rule about a value's singular point (log, sqrt, division, exp, pow, acos):
    #: :mod:`nanguard.lint.reach` facts (compared only, capped after) apply to it.
    value_rule: ClassVar[bool] = False

    def check(self, node: ast.AST, ctx: FileContext) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def report(
        self,
        ctx: FileContext,
        node: ast.AST,
        confidence: int = 2,
        gradient_only: bool = False,
        **fields: str,
    ) -> None:
        """Record a finding at ``confidence`` (a :class:`~nanguard.lint.evidence.Confidence`).

        In code that is never differentiated (``no_grad``, a property) a
        gradient-only hazard drops to low and a forward hazard loses one level.
        """
        from nanguard.lint.calibration import OFF_TRAINING_PATH, Evidence, calibrated, ceiling
        from nanguard.lint.confidence import Confidence
        from nanguard.lint.differentiation import (
            evaluation_module,
            not_differentiated,
            on_training_path,
        )
        from nanguard.lint.reach import forward_guarded, only_compared, only_data

        graded = calibrated(self.code, confidence)  # the measured grade of this kind
        level = Confidence(int(graded))
        lowered: list[str] = []
        # The facts are looked up whatever the level, so the kind a finding records
        # (and the calibration measured on it) does not depend on the table.
        if self.value_rule:
            if only_compared(node, ctx):
                level = Confidence.LOW  # a NaN there only flips a boolean
                lowered.append("only compared")
            elif forward_guarded(node, ctx):
                gradient_only = True  # capped or replaced: only the gradient remains
                lowered.append("forward guarded")
                if only_data(node, ctx):
                    level = Confidence.LOW  # and labels have no gradient
                    lowered.append("labels only")
        if not_differentiated(node, ctx):
            lowered.append("never differentiated")
            if level > Confidence.LOW:
                level = Confidence.LOW if gradient_only else Confidence(level - 1)
        elif gradient_only and evaluation_module(ctx.path):
            lowered.append("evaluation code")  # a metric: its gradient is rarely taken
            level = Confidence.LOW
        # High only for a measured kind, and (see `ceiling`) only on a training path.
        cap = Confidence(ceiling(self.code, graded.kind))
        if level > cap:
            level = cap
        elif level == Confidence.HIGH and not on_training_path(ctx):
            capped = Confidence(ceiling(self.code, graded.kind, on_training_path=False))
            if capped < level:
                level = capped
                lowered.append(OFF_TRAINING_PATH)
        kind = graded.kind + (" [" + ", ".join(lowered) + "]" if lowered else "")
        message = self.message.format(**fields)
        ctx.report(self.code, node, message, self.fix_title, Evidence(level, kind))


#: Every registered rule by code, in code order once :mod:`nanguard.lint.rules` is imported.
RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator adding a rule to :data:`RULES`.

    A code is registered once: a second class under the same code is refused.

    Example (a rule also needs the docstring sections the registry checks):
        >>> @register  # doctest: +SKIP
        ... class LogOfNonPositive(Rule):
        ...     code = "NG101"
    """
    if not _CODE.match(cls.code):
        raise ValueError(f"rule code {cls.code!r} must look like NG101")
    if cls.code in RULES and RULES[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} registered twice")
    doc = inspect.getdoc(cls) or ""
    missing = [s for s in DOC_SECTIONS if f"## {s}" not in doc]
    if missing:
        raise ValueError(f"rule {cls.code} docstring lacks sections {missing}")
    RULES[cls.code] = cls
    return cls


def all_rules() -> dict[str, type[Rule]]:
    """The registry with every built-in rule loaded, in code order."""
    import nanguard.lint.rules  # noqa: F401  (registers the rules)

    return dict(sorted(RULES.items()))


def _expand(selector: str, source: str) -> set[str]:
    rules = all_rules()
    token = selector.strip().upper()
    if token == "ALL":
        return set(rules)
    matched = {code for code in rules if code.startswith(token)} if token else set()
    if not matched:
        allowed = ", ".join(rules)
        raise InvalidArgumentError(
            source,
            selector,
            f"a rule code or prefix ({allowed}; or a prefix such as NG1, or ALL)",
            hint="Run `nanguard lint --explain CODE` to read a rule.",
        )
    return matched


def select_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
) -> list[str]:
    """The enabled rule codes for ``select`` / ``ignore`` / ``extend_select``.

    ``select`` defaults to every rule; codes may be prefixes (``NG1``) or ``ALL``.

    Raises:
        InvalidArgumentError: an unknown code or prefix, naming it and the allowed codes.

    Example:
        >>> select_rules(select=["NG10"], ignore=["NG101"])[:2]
        ['NG102', 'NG103']
    """
    enabled: set[str] = set()
    for selector in select if select is not None else ["ALL"]:
        enabled |= _expand(selector, "select")
    for selector in extend_select or ():
        enabled |= _expand(selector, "extend-select")
    for selector in ignore or ():
        enabled -= _expand(selector, "ignore")
    return sorted(enabled)


def explain(code: str) -> str:
    """The documentation of rule ``code`` as text, like ``ruff rule``.

    Raises:
        InvalidArgumentError: ``code`` is not a rule code.
    """
    rules = all_rules()
    cls = rules.get(code.strip().upper())
    if cls is None:
        raise InvalidArgumentError("--explain", code, f"one of the rule codes {', '.join(rules)}")
    doc = inspect.getdoc(cls) or ""
    header = f"# {cls.name} ({cls.code})\n\nMessage: {cls.message}\nFix: {cls.fix_title}\n"
    return f"{header}\n{doc}\n"
