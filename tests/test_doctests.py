"""The examples in the docstrings of small pure helpers run as tests: an example that no longer holds fails here."""
import doctest
import importlib

import pytest

# Modules whose docstrings carry examples (>>>). A module added here must have at least one.
MODULES = ["lib.fmt", "lib.metrics.periods", "lib.report.context", "lib.report.wording", "lib.themes"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples to run"
    assert result.failed == 0
