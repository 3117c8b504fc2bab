"""Compiled shapes: fixed statements are generated constants; filters are assembled once."""

from __future__ import annotations

from riverorm import Q, Query, compiler
from riverorm.binding import compiled_for
from tests.models import Album, Artist, Track


async def test_a_repeated_shape_assembles_nothing(db: str) -> None:
    artists = await Artist.bulk_create([Artist(name=n) for n in ("a", "b", "c")])
    keys = [a.id for a in artists]

    def query(low: str) -> Query[Artist]:
        return Artist.filter(name__gte=low, id__in=keys).order_by("-name").limit(2)

    await query("a")
    before = compiler.STATS.assembled
    assert [a.name for a in await query("b")] == ["c", "b"]
    assert [a.name for a in await query("a")] == ["c", "b"]
    assert compiler.STATS.assembled == before
    await Artist.filter(Q(name="a") | Q(name="b")).count()
    after_count = compiler.STATS.assembled
    await Artist.filter(Q(name="x") | Q(name="y")).count()
    assert compiler.STATS.assembled == after_count
    await Artist.filter(name=None)  # None changes the SQL (IS NULL): a new shape
    assert compiler.STATS.assembled == after_count + 1


async def test_get_by_pk_uses_the_generated_constant(db: str) -> None:
    artist = await Artist.create(name="x")
    before = compiler.STATS.assembled
    await Artist.get(id=artist.id)
    await Artist.get(id=artist.id)
    assert compiler.STATS.assembled == before
    for dialect in compiled_for(Artist).dialects.values():
        assert dialect.get_by_pk.startswith("-- riverorm: Artist.get\nSELECT ")


async def test_joins_come_from_generated_fragments(db: str) -> None:
    for name, dialect in compiled_for(Track).dialects.items():
        album = dialect.relations["album"]
        assert album.target is Album
        assert "LEFT JOIN" in album.join and "{a}" in album.join, name
    statement = compiler.Builder(compiled_for(Track).dialects["postgres"])
    alias, _ = statement.alias(("album", "artist"))
    assert alias == '"t2"'
    assert statement.joins == [
        'LEFT JOIN "album" AS "t1" ON "t1"."id" = "track"."album_id"',
        'LEFT JOIN "artist" AS "t2" ON "t2"."id" = "t1"."artist_id"',
    ]


def test_in_lists_are_padded_to_few_shapes() -> None:
    shapes = {compiler.shape_of(Q(id__in=list(range(n)))) for n in range(1, 65)}
    assert len(shapes) == 7  # 1, 2, 4, ..., 64
