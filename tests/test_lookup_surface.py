"""Every lookup of the query surface, with the same meaning on every backend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from riverorm.errors import UnknownLookup
from tests.models import Artist, Genre, MediaType, Track

NAMES = [
    "AC/DC",
    "ac/dc live",
    "100% Pure",
    "100 Pure",
    "snake_case",
    "snakeXcase",
    "back\\slash",
    "backslash",
    "Ünïcödé",
    "emoji 🎸 rocks",
    "Star*Glob?[x]",
    "Bang!Bang",
    'Quote\'s "double"',
]


@pytest.fixture
async def artists(db: str) -> list[Artist]:
    return await Artist.bulk_create([Artist(name=n) for n in NAMES] + [Artist(name=None)])


async def names(**lookups: object) -> list[str | None]:
    return sorted(
        (a.name for a in await Artist.filter(**lookups)), key=lambda n: (n is None, n or "")
    )


def expect(predicate: object) -> list[str]:
    return sorted(n for n in NAMES if predicate(n))  # type: ignore[operator]


@pytest.mark.parametrize("needle", ["%", "_", "\\", "!", "*", "?", "[x]", "'", '"', "🎸", "/"])
async def test_contains_matches_special_characters_literally(
    artists: list[Artist], needle: str
) -> None:
    assert await names(name__contains=needle) == expect(lambda n: needle in n)


async def test_string_lookups(artists: list[Artist]) -> None:
    assert await names(name__contains="AC") == expect(lambda n: "AC" in n)
    assert await names(name__icontains="ac/dc") == expect(lambda n: "ac/dc" in n.lower())
    assert await names(name__startswith="100%") == ["100% Pure"]
    assert await names(name__startswith="snake_") == ["snake_case"]
    assert await names(name__istartswith="SNAKE") == ["snakeXcase", "snake_case"]
    assert await names(name__endswith="case") == ["snakeXcase", "snake_case"]
    assert await names(name__iendswith="CASE") == ["snakeXcase", "snake_case"]
    assert await names(name__iexact="ac/dc") == ["AC/DC"]
    assert await names(name__iexact="AC/DC LIVE") == ["ac/dc live"]
    assert await names(name__endswith="\\slash") == ["back\\slash"]
    assert await names(name__contains="Star*Glob?[x]") == ["Star*Glob?[x]"]


async def test_comparisons_in_and_null(artists: list[Artist]) -> None:
    assert await names(name="AC/DC") == ["AC/DC"]
    assert await names(name=None) == [None]
    assert await names(name__isnull=True) == [None]
    assert len(await names(name__isnull=False)) == len(NAMES)
    assert await names(name__in=["AC/DC", "Bang!Bang", "missing"]) == ["AC/DC", "Bang!Bang"]
    assert await names(name__in=[]) == []
    everyone = await names(name__not_in=[])
    assert len(everyone) == len(NAMES) + 1
    assert await names(name__not_in=["AC/DC"]) == expect(lambda n: n != "AC/DC")
    assert await names(name__ne="AC/DC") == [*expect(lambda n: n != "AC/DC"), None]
    assert await names(name__range=("A", "B")) == expect(lambda n: "A" <= n <= "B")
    assert await names(name__gt="snake") == expect(lambda n: n > "snake")


async def test_in_lists_of_any_size(artists: list[Artist]) -> None:
    for size in (1, 2, 3, 5, 9):
        wanted = NAMES[:size]
        assert await names(name__in=wanted) == sorted(wanted)
        assert await names(name__in=tuple(wanted)) == sorted(wanted)
        assert await names(name__in=set(wanted)) == sorted(wanted)


async def test_numeric_range_and_decimal_comparisons(db: str) -> None:
    genre = await Genre.create(name="Rock")
    media = await MediaType.create(name="MPEG")
    prices = [Decimal("0.99"), Decimal("1.99"), Decimal("10.50")]
    await Track.bulk_create(
        [
            Track(
                name=f"t{i}",
                media_type=media,
                genre=genre,
                milliseconds=i * 1000,
                size=i,
                unit_price=p,
            )
            for i, p in enumerate(prices)
        ]
    )
    found = await Track.filter(unit_price__gte=Decimal("1.99")).order_by("unit_price")
    assert [t.unit_price for t in found] == [Decimal("1.99"), Decimal("10.50")]
    ordered = await Track.all().order_by("-unit_price").values_list("unit_price", flat=True)
    assert ordered == sorted(prices, reverse=True)  # numeric order, also where stored as text
    assert await Track.filter(milliseconds__range=(1000, 2000)).count() == 2
    assert await Track.filter(genre=genre, media_type__name="MPEG").count() == 3
    assert await Track.filter(genre__name__startswith="Ro").count() == 3


async def test_unknown_and_misplaced_lookups(db: str) -> None:
    with pytest.raises(UnknownLookup, match="icontains"):
        await Artist.filter(name__icontain="x")
    with pytest.raises(UnknownLookup) as info:
        await Track.filter(milliseconds__icontains="3")
    assert "milliseconds" in str(info.value)
    with pytest.raises(UnknownLookup, match="foreign key"):
        await Track.filter(album__nope__name="x")
