"""A slice of the public Chinook sample database (tests/data/chinook_slice.json), loaded through
riverorm itself: 25 artists, their 50 albums and 563 tracks, every genre and media type.

The slice was taken from Chinook_Sqlite.sqlite (MIT licence, tests/data/CHINOOK-LICENSE.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tests.models import Album, Artist, Genre, MediaType, Track

_DATA = Path(__file__).parent / "data" / "chinook_slice.json"


@dataclass(frozen=True)
class Chinook:
    artists: list[Artist]
    albums: list[Album]
    tracks: list[Track]
    genres: list[Genre]
    media_types: list[MediaType]


def _read() -> dict[str, list[list[object]]]:
    data: dict[str, list[list[object]]] = json.loads(_DATA.read_text(encoding="utf-8"))
    return data


async def load() -> Chinook:
    data = _read()
    genres = [Genre(id=g, name=n) for g, n in data["genres"]]
    media = [MediaType(id=m, name=n) for m, n in data["media_types"]]
    artists = [Artist(id=a, name=n) for a, n in data["artists"]]
    by_id = {a.id: a for a in artists}
    albums = [Album(id=i, title=t, artist=by_id[a]) for i, t, a in data["albums"]]
    album_by_id = {a.id: a for a in albums}
    genre_by_id = {g.id: g for g in genres}
    media_by_id = {m.id: m for m in media}
    tracks = [
        Track(
            id=i,
            name=name,
            album=album_by_id[album],
            media_type=media_by_id[media_type],
            genre=genre_by_id[genre] if genre is not None else None,
            composer=composer,
            milliseconds=ms,
            size=size,
            unit_price=Decimal(str(price)),
        )
        for i, name, album, media_type, genre, composer, ms, size, price in data["tracks"]
    ]
    for model, objects in (
        (Genre, genres),
        (MediaType, media),
        (Artist, artists),
        (Album, albums),
        (Track, tracks),
    ):
        await model.bulk_create(objects)  # type: ignore[attr-defined]
    return Chinook(artists, albums, tracks, genres, media)
