"""The Example in every safe op's and loss's docstring runs and shows the right output."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

MODULES = [
    "_elementwise",
    "_transcendental",
    "_reductions",
    "_where",
    "_losses_regression",
    "_losses_classification",
    "_losses_distance",
    "_xp",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_produce_the_documented_output(name):
    module = importlib.import_module(f"nanguard.numerics.{name}")
    result = doctest.testmod(module, extraglobs={"np": np}, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
