"""The benchmark's own virtual environments, created and kept up to date by ``bench/run.py``.

``bench/.venv`` holds riverorm (editable, with every driver) and the peers that agree on their
dependencies; ``bench/.venv-ormar`` holds ormar, which pins an older pydantic and asyncpg. A venv
is (re)built when the requirement files it was built from, the repository's pyproject.toml or the
Python version change (a stamp file inside it records them). Standard library only.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
STAMP = "bench-stamp.txt"


@dataclass(frozen=True)
class Group:
    name: str
    directory: Path
    requirements: Path
    editable_repo: bool  # install riverorm itself (``-e <repo>[all]``)

    @property
    def python(self) -> Path:
        return self.directory / "bin" / "python"

    def fingerprint(self) -> str:
        digest = hashlib.sha256(sys.version.encode())
        digest.update(self.requirements.read_bytes())
        if self.editable_repo:
            digest.update((REPO / "pyproject.toml").read_bytes())
        return digest.hexdigest()


GROUPS: dict[str, Group] = {
    "main": Group("main", BENCH / ".venv", BENCH / "requirements.txt", True),
    "ormar": Group("ormar", BENCH / ".venv-ormar", BENCH / "requirements-ormar.txt", False),
}


def ensure(group: Group, *, log: bool = True) -> Path:
    """The group's Python, after building or refreshing the venv if needed."""
    stamp = group.directory / STAMP
    wanted = group.fingerprint()
    if group.python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return group.python
    if log:
        print(f"setting up {group.directory.relative_to(REPO)} (pip install; once) ...", flush=True)
    venv.EnvBuilder(clear=True, with_pip=True).create(group.directory)
    command = [str(group.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["-r", str(group.requirements)]
    if group.editable_repo:
        command += ["-e", f"{REPO}[all]"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = done.stdout[-4000:] + done.stderr[-4000:]
        raise SystemExit(f"pip install into {group.directory} failed:\n{output}")
    stamp.write_text(wanted + "\n")
    return group.python
