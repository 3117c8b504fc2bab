"""The generate flow: config -> discover -> describe -> render -> write (or check)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from riverorm.codegen import config, discover, render, write
from riverorm.errors import GenerateError
from riverorm.schema import describe, snake_case


def _module_names(found: Sequence[discover.Found]) -> list[str]:
    """snake_case of each class; classes that share a name get their module's name in front."""
    names = [snake_case(f.model.__name__) for f in found]
    result = []
    for f, name in zip(found, names, strict=True):
        if names.count(name) > 1:
            name = f"{f.model.__module__.replace('.', '_')}_{name}"
        result.append(name)
    return result


def plan(modules: Sequence[str], command: str) -> dict[str, str]:
    """Every file of the generated package, by name."""
    found = [f for module in modules for f in discover.models_in(module)]
    sources = [
        render.ModelSource(describe(f.model), name)
        for f, name in zip(found, _module_names(found), strict=True)
    ]
    return render.render_package(sources, command)


def generate(root: Path, modules: Sequence[str], output: str | None, *, check: bool) -> int:
    settings = config.load(root)
    if modules and output:
        target, names = root / output, tuple(modules)
        command = f"riverorm generate {' '.join(modules)} --output {output}"
    elif settings is not None:
        names = tuple(modules) or settings.models
        target = root / output if output else settings.output
        command = "riverorm generate"
    else:
        raise GenerateError(
            "Nothing to generate: pass MODULE... --output DIR, or add to pyproject.toml:\n"
            '[tool.riverorm]\nmodels = ["your_app.models"]\noutput = "your_app_generated"'
        )
    files = plan(names, command)
    if check:
        changed = write.stale(target, files)
        for line in changed:
            print(f"stale: {line}", file=sys.stderr)
        if changed:
            print("Run `riverorm generate` and commit the result.", file=sys.stderr)
            return 1
        print(f"{target.name}: {len(files) - 1} models up to date.")
        return 0
    write.write(target, files)
    print(f"Wrote {len(files) - 1} model modules to {target.relative_to(root)}/.")
    return 0
