"""``riverorm generate``: models in, one typed module per model out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from riverorm.errors import RiverORMError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="riverorm", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    generate = commands.add_parser(
        "generate",
        help="generate the compiled module of every model",
        description="Generate one module per Model (SQL per dialect, hydrators) into a package. "
        "Without arguments, reads [tool.riverorm] models/output from ./pyproject.toml.",
    )
    generate.add_argument("modules", nargs="*", help="modules that define models (dotted names)")
    generate.add_argument("--output", "-o", help="directory of the generated package")
    generate.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 naming the files that are stale",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path.cwd()
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        from riverorm.codegen.generate import generate

        return generate(root, args.modules, args.output, check=args.check)
    except RiverORMError as exc:
        print(f"riverorm generate: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
