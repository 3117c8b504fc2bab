"""Foreign keys: required and nullable, a reverse side, and a relation across databases."""

from __future__ import annotations

from riverorm import Field, Model


class Author(Model):
    id: int
    name: str
    books: list[Book] = Field(default_factory=list)  # the reverse side of Book.author: no column


class Series(Model):
    id: int
    title: str


class Book(Model):
    id: int
    title: str
    author: Author
    series: Series | None = None


class Review(Model):
    """On another database than Book: no FOREIGN KEY can be emitted."""

    id: int
    book: Book
    text: str

    class Meta:
        db_alias = "reviews"
