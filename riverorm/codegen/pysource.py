"""Python source fragments, laid out the way ``ruff format`` lays them out (line length 100)."""

from __future__ import annotations

from collections.abc import Sequence

LINE_LENGTH = 100
INDENT = "    "


def literal(text: str) -> str:
    """A string literal as ruff prefers it: double quotes unless that needs more escapes."""
    singles, doubles = text.count("'"), text.count('"')
    body = repr(text)[1:-1]
    if repr(text)[0] == "'":
        body = body.replace("\\'", "'")
    if doubles > singles:
        return "'" + body.replace("'", "\\'") + "'"
    return '"' + body.replace('"', '\\"') + '"'


def block_string(text: str) -> str:
    """A triple-quoted literal for multi-line SQL, starting with a line continuation."""
    if '"""' in text or "\\" in text:
        return literal(text)
    if text.endswith('"'):  # a closing quote of the SQL would run into the literal's own
        text = text[:-1] + '\\"'
    return '"""\\\n' + text + '"""'


def call(head: str, name: str, args: Sequence[str], *, indent: int, trailer: str = "") -> list[str]:
    """``head + name(args) + trailer`` as ruff would break it, as lines without newlines."""
    pad = INDENT * indent
    one_line = f"{pad}{head}{name}({', '.join(args)}){trailer}"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    inner = f"{pad}{INDENT}{', '.join(args)}"
    if len(inner) <= LINE_LENGTH and len(args) > 0:
        return [f"{pad}{head}{name}(", inner, f"{pad}){trailer}"]
    return [f"{pad}{head}{name}(", *(f"{pad}{INDENT}{a}," for a in args), f"{pad}){trailer}"]


def entry(key: str, value: str, *, indent: int) -> list[str]:
    """A ``key: value,`` line of a dict literal (value a call written as ``name(args)``)."""
    pad = INDENT * indent
    line = f"{pad}{key}: {value},"
    if len(line) <= LINE_LENGTH or "(" not in value:
        return [line]
    name, _, rest = value.partition("(")
    return call(f"{key}: ", name, split_args(rest[:-1]), indent=indent, trailer=",")


def split_args(text: str) -> list[str]:
    """Split a call's argument text at top-level commas (strings and brackets respected)."""
    parts: list[str] = []
    depth = 0
    quote: str | None = None
    current: list[str] = []
    escaped = False
    for ch in text:
        current.append(ch)
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            current.pop()
            parts.append("".join(current).strip())
            current = []
    tail = "".join(current).strip()
    if tail:
        parts.append(tail)
    return parts
