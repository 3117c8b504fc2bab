"""Golden tests: each case's generated package is compared byte for byte with ``expected/``.

A case is a directory ``cases/<feature>/`` holding ``models.py``; ``expected/`` is exactly what
``riverorm generate tests.codegen.cases.<feature>.models --output .../expected`` writes, committed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from riverorm.codegen import generate, write

CASES_DIR = Path(__file__).parent / "cases"
ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "models.py").is_file())


def _module(case: str) -> str:
    return f"tests.codegen.cases.{case}.models"


def _output(case: str) -> str:
    return (CASES_DIR / case / "expected").relative_to(ROOT).as_posix()


def _command(case: str) -> str:
    return f"riverorm generate {_module(case)} --output {_output(case)}"


def test_cases_exist() -> None:
    assert {"basic", "relations", "types", "auto_pk", "renamed_columns"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update_goldens: bool) -> None:
    files = generate.plan([_module(case)], _command(case))
    expected_dir = CASES_DIR / case / "expected"
    if update_goldens:
        write.write(expected_dir, files)
        return
    problems: list[str] = []
    for name, text in sorted(files.items()):
        path = expected_dir / name
        if not path.is_file():
            problems.append(f"{name}: missing from {_output(case)}")
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != text:
            diff = difflib.unified_diff(
                committed.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{name} (committed)",
                f"{name} (generated now)",
            )
            problems.append("".join(diff))
    extra = sorted(p.name for p in expected_dir.glob("*.py") if p.name not in files)
    problems.extend(f"{name}: committed but no longer generated" for name in extra)
    assert not problems, (
        f"Golden files of case {case!r} differ from the generator's output. If the change is "
        "intended, run `python -m pytest tests/codegen --update-goldens` and review the diff.\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("case", CASES)
def test_golden_header_names_its_own_regenerate_command(case: str) -> None:
    init = (CASES_DIR / case / "expected" / "__init__.py").read_text(encoding="utf-8")
    assert f"# Regenerate: {_command(case)}\n" in init
