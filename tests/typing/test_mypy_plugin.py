"""Type tests: run mypy --strict with the riverorm plugin once over ``cases/`` and compare.

``cases/case_*.py`` are checked by mypy, never imported. A comment line ``# E: fragment`` expects
one mypy error on the next code line whose text (ending in its ``[code]``) contains the fragment;
``...`` in a fragment stands for any text. Every other line must get no error. ``assert_type``
makes the correct-code files exact. The cache lives in ``.mypy_cache/riverorm-typing``: the first
run takes a few seconds, later ones about one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from mypy import api

import riverorm.mypy

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
CASES = HERE / "cases"
CACHE = ROOT / ".mypy_cache" / "riverorm-typing"

_MARK = "# E:"
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: (?P<message>.*)$")

Errors = dict[tuple[str, int], list[str]]  # (case file name, line) -> messages


@dataclass(frozen=True)
class MypyRun:
    stdout: str
    stderr: str
    status: int
    errors: Errors


def _case_files() -> list[Path]:
    return sorted(CASES.glob("case_*.py"))


def expected_errors(path: Path) -> Errors:
    expected: Errors = {}
    pending: list[str] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        text = line.strip()
        if text.startswith(_MARK):
            pending.append(text.removeprefix(_MARK).strip())
        elif pending and text and not text.startswith("#"):
            expected[(path.name, number)] = pending
            pending = []
    assert not pending, f"{path.name}: E comments at the end of the file"
    return expected


def _matches(fragment: str, message: str) -> bool:
    pattern = ".*".join(re.escape(piece.strip()) for piece in fragment.split("..."))
    return re.search(pattern, message) is not None


@pytest.fixture(scope="module")
def mypy_run(tmp_path_factory: pytest.TempPathFactory) -> MypyRun:
    config = tmp_path_factory.mktemp("mypy") / "mypy.ini"
    config.write_text(
        "[mypy]\n"
        "strict = True\n"
        "plugins = riverorm.mypy\n"
        f"mypy_path = {CASES},{ROOT}\n"  # the repo root: mypy cannot follow an editable install
        "explicit_package_bases = True\n"
        f"cache_dir = {CACHE}\n"
        "python_version = 3.11\n"
        # riverorm's own code is checked by the project's mypy run, not here
        "[mypy-riverorm.*]\n"
        "follow_imports = silent\n"
    )
    files = [str(path) for path in _case_files()]
    stdout, stderr, status = api.run(["--config-file", str(config), "--no-pretty", *files])
    errors: Errors = defaultdict(list)
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            key = (Path(match["path"]).name, int(match["line"]))
            errors[key].append(match["message"])
    return MypyRun(stdout, stderr, status, dict(errors))


def test_mypy_ran(mypy_run: MypyRun) -> None:
    assert mypy_run.status in (0, 1), mypy_run.stdout + mypy_run.stderr
    assert "INTERNAL ERROR" not in mypy_run.stdout + mypy_run.stderr
    assert mypy_run.stderr == ""


def test_every_error_is_in_a_case_file(mypy_run: MypyRun) -> None:
    names = {path.name for path in _case_files()}
    strays = [
        f"{f}:{n}: {m}" for (f, n), ms in mypy_run.errors.items() if f not in names for m in ms
    ]
    assert not strays, "\n".join(strays)


@pytest.mark.parametrize("path", _case_files(), ids=lambda path: path.name)
def test_case_file(mypy_run: MypyRun, path: Path) -> None:
    expected = expected_errors(path)
    actual = {key: msgs for key, msgs in mypy_run.errors.items() if key[0] == path.name}
    problems: list[str] = []
    for key in sorted(expected.keys() | actual.keys()):
        messages = list(actual.get(key, []))
        for fragment in expected.get(key, []):
            found = next((m for m in messages if _matches(fragment, m)), None)
            if found is None:
                problems.append(f"line {key[1]}: expected an error containing {fragment!r}")
            else:
                messages.remove(found)
        problems.extend(f"line {key[1]}: unexpected error: {m}" for m in messages)
    assert not problems, "\n".join(problems)


def test_errors_files_expect_errors() -> None:
    for path in _case_files():
        marks = expected_errors(path)
        assert bool(marks) == ("errors" in path.stem), f"{path.name}: E-marks only in *errors*"


def test_entry_point() -> None:
    assert issubclass(riverorm.mypy.plugin("2.0"), riverorm.mypy.RiverORMPlugin)
