"""Eager loading without N+1: select_related (JOINs) and prefetch (one query per relation)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from examples.shop.models import Order, Product, User
from riverorm.db import DatabaseRegistry
from riverorm.errors import FieldNotLoaded, UsageError
from tests.chinook import Chinook, load
from tests.models import Album, Artist, Genre, MediaType, Track


@pytest.fixture
async def chinook(db: str) -> Chinook:
    return await load()


class Statements(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.sql: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.sql.append(record.getMessage())


@contextmanager
def counting() -> Iterator[Statements]:
    """Counts every statement sent, on every registered database (through debug logging)."""
    handler = Statements()
    logger = logging.getLogger("riverorm")
    databases = [DatabaseRegistry.get(alias) for alias in DatabaseRegistry.aliases()]
    old_level, old_debug = logger.level, [d.debug for d in databases]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    for d in databases:
        d.debug = True
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        for d, debug in zip(databases, old_debug, strict=True):
            d.debug = debug


async def test_select_related_is_one_query(chinook: Chinook) -> None:
    with counting() as sent:
        tracks = await Track.filter(album__artist__name="AC/DC").select_related(
            "album__artist", "genre", "media_type"
        )
    assert len(sent.sql) == 1
    assert "JOIN" in sent.sql[0]
    assert tracks
    for track in tracks:
        assert track.album is not None
        assert track.album.artist.name == "AC/DC"  # loaded, not a key-only stand-in
        assert track.genre is not None and track.genre.name
        assert track.media_type.name


async def test_select_related_handles_null_relations(db: str) -> None:
    media = await MediaType.create(name="MPEG")
    await Track.create(name="loose", media_type=media, milliseconds=1, size=1, unit_price="0.99")
    [track] = await Track.filter(name="loose").select_related("album__artist", "genre")
    assert track.album is None and track.genre is None
    assert track.media_type.id == media.id


async def test_unloaded_relations_are_visibly_unloaded(chinook: Chinook) -> None:
    track = await Track.get(name="Overdose")
    assert track.album is not None
    assert track.album.id is not None  # the key is there...
    with pytest.raises(FieldNotLoaded, match="select_related"):
        _ = track.album.title  # ...the rest was not loaded, and is never invented
    album = await Album.get(id=track.album.id)
    with pytest.raises(FieldNotLoaded):
        _ = album.tracks


async def test_prefetch_reverse_and_nested_in_constant_queries(chinook: Chinook) -> None:
    for parents in (2, 10, 25):
        with counting() as sent:
            artists = await Artist.filter(id__lte=parents).prefetch("albums__tracks__genre")
        assert len(sent.sql) == 4, sent.sql  # artists, albums, tracks, genres: not N+1
        assert len(artists) == parents
        for artist in artists:
            expected = [a.id for a in chinook.albums if a.artist.id == artist.id]
            assert sorted(a.id for a in artist.albums) == sorted(expected)
            for album in artist.albums:
                assert album.artist is artist
                tracks = [
                    t.id for t in chinook.tracks if t.album is not None and t.album.id == album.id
                ]
                assert sorted(t.id for t in album.tracks) == sorted(tracks)
                for track in album.tracks:
                    assert track.genre is None or isinstance(track.genre.name, str)


async def test_prefetch_foreign_keys(chinook: Chinook) -> None:
    with counting() as sent:
        albums = await Album.all().prefetch("artist")
    assert len(sent.sql) == 2
    names = {a.id: a.name for a in chinook.artists}
    assert all(album.artist.name == names[album.artist.id] for album in albums)


async def test_prefetch_across_databases(db: str) -> None:
    alice = await User.create(id=1, username="alice")
    laptop = await Product.create(id=1, name="Laptop", price=999.99)
    phone = await Product.create(id=2, name="Phone", price=599.0)
    await Order.bulk_create(
        [Order(id=1, user=alice, product=laptop), Order(id=2, user=alice, product=phone)]
    )
    with counting() as sent:
        [user] = await User.all().prefetch("orders__product")
    assert len(sent.sql) == 3
    assert sorted(o.product.name for o in user.orders) == ["Laptop", "Phone"]
    with pytest.raises(UsageError, match="another database"):
        await Order.all().select_related("user")


async def test_prefetch_needs_a_known_relation(chinook: Chinook) -> None:
    with pytest.raises(UsageError, match="no relation"):
        await Artist.all().prefetch("songs")
    with pytest.raises(UsageError, match="await the query"):
        async for _ in Artist.all().prefetch("albums"):
            pass


async def test_empty_prefetch_gives_empty_lists(db: str) -> None:
    await Artist.create(name="Silent")
    [artist] = await Artist.all().prefetch("albums")
    assert artist.albums == []
    assert await Genre.all().prefetch() == []
