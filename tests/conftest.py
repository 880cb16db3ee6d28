"""Fixtures shared by the test files; the plain builders and the one fast
configuration (``FAST``) they use are in ``tests/_builders.py``."""

import pytest

from sklstm import make_supervised
from sklstm.datasets import load_airline


@pytest.fixture(scope="session")
def airline():
    """The airline passengers as one-step-ahead rows: ``X, y``."""
    return make_supervised(load_airline())
