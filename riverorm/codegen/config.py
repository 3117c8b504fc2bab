"""``[tool.riverorm]`` in ``pyproject.toml``: which modules hold models, where output goes."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from riverorm.errors import GenerateError


@dataclass(frozen=True, slots=True)
class Config:
    models: tuple[str, ...]  # importable module names
    output: Path  # the generated package's directory


def load(root: Path) -> Config | None:
    """The ``[tool.riverorm]`` table of ``root/pyproject.toml``, or None when there is none."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise GenerateError(f"{path} is not valid TOML: {exc}") from exc
    table = data.get("tool", {}).get("riverorm")
    if table is None:
        return None
    models = table.get("models")
    output = table.get("output")
    if not isinstance(models, list) or not all(isinstance(m, str) for m in models) or not models:
        raise GenerateError(
            f'{path}: [tool.riverorm] needs models = ["your_app.models", ...] (module names).'
        )
    if not isinstance(output, str) or not output:
        raise GenerateError(f'{path}: [tool.riverorm] needs output = "your_app_generated".')
    return Config(models=tuple(models), output=root / output)
