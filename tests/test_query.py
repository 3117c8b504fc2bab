"""Query objects: chaining, terminals, Q, streaming, update/delete, on every backend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from riverorm import Q
from riverorm.errors import InvalidValue, UnknownLookup, UsageError
from tests.chinook import Chinook, load
from tests.models import Album, Artist, Track


@pytest.fixture
async def chinook(db: str) -> Chinook:
    return await load()


async def test_await_gives_a_list_and_chaining_narrows(chinook: Chinook) -> None:
    query = Track.filter(album__title="Let There Be Rock")
    assert isinstance(await query, list)
    narrowed = await query.filter(milliseconds__gt=300_000).order_by("name")
    expected = sorted(
        (
            t
            for t in chinook.tracks
            if t.album is not None
            and t.album.title == "Let There Be Rock"
            and t.milliseconds > 300_000
        ),
        key=lambda t: t.name,
    )
    assert [t.id for t in narrowed] == [t.id for t in expected]


async def test_exclude_order_limit_offset(chinook: Chinook) -> None:
    names = sorted(a.name for a in chinook.artists if a.name and not a.name.startswith("A"))
    query = Artist.exclude(name__startswith="A").order_by("name")
    assert [a.name for a in await query] == names
    assert [a.name for a in await query.limit(3)] == names[:3]
    assert [a.name for a in await query.limit(3).offset(2)] == names[2:5]
    assert [a.name for a in await query.offset(len(names) - 2)] == names[-2:]
    descending = await Artist.all().order_by("-name").limit(1)
    assert descending[0].name == max(a.name for a in chinook.artists if a.name)


async def test_order_by_across_a_relation(chinook: Chinook) -> None:
    albums = await Album.all().order_by("artist__name", "-title")
    by_name = {a.id: a.name for a in chinook.artists}
    keys = [(by_name[a.artist.id] or "", a.title) for a in albums]
    assert keys == sorted(keys, key=lambda k: (k[0], _desc(k[1])))


def _desc(text: str) -> list[int]:
    return [-ord(c) for c in text] + [0]


async def test_terminals(chinook: Chinook) -> None:
    assert await Track.all().count() == len(chinook.tracks)
    assert await Track.filter(milliseconds__lt=0).count() == 0
    assert await Track.filter(name="Overdose").exists()
    assert not await Track.filter(name="no such track").exists()
    first = await Artist.all().first()
    assert first is not None and first.id == min(a.id for a in chinook.artists if a.id)
    assert await Artist.filter(name="nobody").first() is None
    assert await Artist.all().limit(5).count() == 5


async def test_get_on_a_query_and_get_or_none(chinook: Chinook) -> None:
    track = await Track.filter(album__artist__name="AC/DC").get(name="Overdose")
    assert track.name == "Overdose"
    with pytest.raises(Track.MultipleObjectsReturned):
        await Track.filter(album__artist__name="AC/DC").get()
    assert await Artist.get_or_none(name="nobody") is None


async def test_q_objects(chinook: Chinook) -> None:
    either = await Artist.filter(Q(name="AC/DC") | Q(name="Accept")).order_by("name")
    assert [a.name for a in either] == ["AC/DC", "Accept"]
    neither = await Artist.filter(~Q(name="AC/DC") & ~Q(name="Accept"))
    assert len(neither) == len(chinook.artists) - 2
    mixed = await Track.filter(
        Q(milliseconds__lt=200_000) | Q(composer=None), album__title="Facelift"
    )
    expected = [
        t.id
        for t in chinook.tracks
        if t.album is not None
        and t.album.title == "Facelift"
        and (t.milliseconds < 200_000 or t.composer is None)
    ]
    assert sorted(t.id for t in mixed) == sorted(expected)


async def test_values_and_values_list(chinook: Chinook) -> None:
    rows = await Album.filter(artist__name="AC/DC").order_by("title").values("title", "artist")
    acdc = next(a for a in chinook.artists if a.name == "AC/DC")
    assert rows == [
        {"title": a.title, "artist": acdc.id}
        for a in sorted(
            (a for a in chinook.albums if a.artist.id == acdc.id), key=lambda a: a.title
        )
    ]
    prices = await Track.filter(album__title="Facelift").values_list("unit_price", flat=True)
    assert prices and all(p == Decimal("0.99") for p in prices)
    pairs = await Album.all().order_by("id").limit(2).values_list("id", "artist__name")
    assert pairs == [
        (a.id, next(x.name for x in chinook.artists if x.id == a.artist.id))
        for a in chinook.albums[:2]
    ]
    with pytest.raises(UsageError):
        await Album.all().values_list("id", "title", flat=True)


async def test_update_and_delete_return_counts(chinook: Chinook) -> None:
    facelift = [t for t in chinook.tracks if t.album is not None and t.album.title == "Facelift"]
    changed = await Track.filter(album__title="Facelift").update(unit_price=Decimal("1.29"))
    assert changed == len(facelift)
    assert set(
        await Track.filter(album__title="Facelift").values_list("unit_price", flat=True)
    ) == {Decimal("1.29")}
    untouched = await Track.exclude(album__title="Facelift").values_list("unit_price", flat=True)
    assert Decimal("1.29") not in set(untouched)
    deleted = await Track.filter(album__title="Facelift").delete()
    assert deleted == len(facelift)
    assert await Track.all().count() == len(chinook.tracks) - len(facelift)


async def test_update_validates_before_sending(chinook: Chinook) -> None:
    before = await Track.filter(name="Overdose").values_list("milliseconds", flat=True)
    with pytest.raises(InvalidValue, match="milliseconds"):
        await Track.filter(name="Overdose").update(milliseconds="long")
    with pytest.raises(UnknownLookup, match="no stored field"):
        await Track.filter(name="Overdose").update(nope=1)
    assert await Track.filter(name="Overdose").values_list("milliseconds", flat=True) == before
    with pytest.raises(UsageError, match="filters only"):
        await Track.all().order_by("name").delete()


async def test_async_for_streams_every_row(chinook: Chinook) -> None:
    seen = [track.id async for track in Track.all().order_by("id")]
    assert seen == sorted(t.id for t in chinook.tracks)
    seen_joined = [
        t.album.title
        async for t in Track.filter(album__artist__name="AC/DC").select_related("album")
        if t.album is not None
    ]
    assert len(seen_joined) == sum(
        1 for t in chinook.tracks if t.album is not None and t.album.artist.id == 1
    )


async def test_create_refresh_and_update_fields(db: str) -> None:
    artist = await Artist.create(name="Nina Simone")
    assert artist.id is not None
    album = await Album.create(title="Pastel Blues", artist=artist)
    album.title = "Wild Is the Wind"
    album.artist = artist
    await Album.filter(id=album.id).update(title="I Put a Spell on You")
    await album.save(update_fields=["artist"])  # leaves the title as the database has it
    await album.refresh()
    assert album.title == "I Put a Spell on You"
    album.title = "Little Girl Blue"
    await album.save(update_fields=["title"])
    assert (await Album.get(id=album.id)).title == "Little Girl Blue"
    with pytest.raises(UnknownLookup):
        await album.save(update_fields=["nope"])
    with pytest.raises(UsageError):
        await Album(title="new", artist=artist).save(update_fields=["title"])
