"""The smallest useful model: an int key named ``id``, text, a number and flags with defaults."""

from __future__ import annotations

from riverorm import Field, Model


class Note(Model):
    id: int
    title: str
    body: str | None = None
    stars: float = 0.0
    pinned: bool = Field(False)
