"""Every docstring example in core, report, datascan and lint runs and prints what it shows.

The examples are documentation a user copies; a wrong one (a docstring promising an
output the code never gives) is a bug. Framework adapters are left out: their examples
need a model and are marked ``+SKIP``. ``numerics`` has its own docstring test
(tests/numerics/test_docstrings.py), with each backend.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

PACKAGES = ("nanguard.core", "nanguard.report", "nanguard.datascan", "nanguard.lint")


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(module.__path__, package + ".")]
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_print_what_they_show(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS,
                             report=False, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples fail"


def test_the_doctest_runner_sees_examples():
    # Guards the test above against finding nothing (a wrong package list, a refactor).
    attempted = sum(
        doctest.testmod(importlib.import_module(n), extraglobs={"np": np},
                        report=False).attempted
        for n in ("nanguard.core.quarantine_policy", "nanguard.core.rerun_policy")
    )
    assert attempted >= 20
