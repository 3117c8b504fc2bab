"""``--update-goldens``: rewrite the expected files of tests/codegen/cases from the generator.

Use it after an intended change to the generator, then review the diff::

    python -m pytest tests/codegen --update-goldens

(``RIVERORM_UPDATE_GOLDENS=1`` does the same where the option cannot be given.)
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/codegen/cases/*/expected from the generator instead of comparing",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the golden files are to be rewritten rather than compared."""
    option = bool(request.config.getoption("--update-goldens", default=False))
    return option or os.environ.get("RIVERORM_UPDATE_GOLDENS", "") not in ("", "0")
