"""Hostile strings cannot alter a statement: property tests on every backend.

Each example writes rows holding hostile text (quotes, backslashes, NUL, ``%``, ``_``, ``$1``,
``?``, ``%s``, ``--``, ``;``, ``/*``, the LIKE/GLOB escape characters, unicode and emoji) next to
fixed canary rows, then runs every text lookup with it. Every value either round-trips exactly or is
refused with a riverorm error; every lookup matches what Python's own string operations say; the
table holds exactly the rows the test wrote; and the SQL handed to the driver for a lookup is the
same text whatever the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from examples.shop.models import Product
from generated_example import product as product_module
from riverorm import Model, Q, errors
from tests import models as m
from tests.reliability.conftest import sample

FRAGMENTS = [
    *("'", "''", '"', "`", "\\", "\\'", "\\\\", "\\0", "\\x00", "\\n"),
    *("%", "%%", "_", "!", "!%", "!_", "!!", "[", "]", "[*]", "*", "?", "^", "-"),
    *("$1", "$2", "?1", ":name", "%s", "%(x)s", "%d", "{}", "{0}", "{t}", "@x"),
    *("--", ";", "/*", "*/", "#", "NULL", "' OR '1'='1", "'; DROP TABLE product; --"),
    *("\n", "\r\n", "\t", "\x1a", "\x08", " ", "  ", "\u00a0", "\u200b", "\ufeff", "\u202e"),
    *(
        "é",
        "É",
        "ß",
        "ẞ",
        "İ",
        "\u0131",
        "Ω",
        "ǅ",
        "\U0001d518",
        "😀",
        "👩\u200d👩\u200d👧",
        "\x00",
    ),
    *("a", "A", "z", "0"),
]
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), min_size=0, max_size=8
).map("".join)
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Rows every example must leave as they are, chosen to be what a wildcard would wrongly match.
CANARIES = {1: "plain", 2: "", 3: "%", 4: "_", 5: "\\", 6: "'", 7: "!", 8: "*", 9: "Plain"}
FIRST = 100  # ids of the rows an example writes


# Text holding NUL: PostgreSQL cannot store it and must refuse it; another backend may store it
# (then every lookup must match it literally) or refuse it too, consistently in writes and filters.
REFUSALS = (errors.DataError, errors.InvalidValue)


async def _saved(db: str, obj: Model) -> bool:
    """Save ``obj``; False when the backend refused its text for holding NUL (nothing stored)."""
    nul = any(isinstance(v, str) and "\x00" in v for v in obj.__dict__.values())
    try:
        await obj.save()
    except REFUSALS as exc:
        assert nul and "NUL" in str(exc), f"refused {obj!r}: {exc}"
        return False
    assert not (nul and db == "postgres"), "PostgreSQL text cannot hold NUL"
    return True


async def _refused(query: Any) -> None:
    """A filter whose argument holds NUL on a backend that refuses NUL."""
    with pytest.raises(REFUSALS, match="NUL"):
        await query


def _ascii(*texts: str) -> bool:
    return all(t.isascii() for t in texts)


@pytest.fixture
async def canaries(db: str) -> dict[int, str]:
    for key, name in CANARIES.items():
        await Product(id=key, name=name, price=float(key)).save()
    return dict(CANARIES)


class SqlOf:
    """Checks the SQL handed to the driver for a lookup never depends on the value."""

    def __init__(self, sent: list[str]) -> None:
        self.sent = sent
        self.reference: dict[str, str] = {}

    async def run(self, key: str, value: Any, harmless: Any) -> set[int]:
        if key not in self.reference:
            self.sent.clear()
            await Product.filter(**{key: harmless})
            self.reference[key] = self.sent[-1]
        self.sent.clear()
        found = {p.id for p in await Product.filter(**{key: value})}
        assert self.sent == [self.reference[key]], f"{key}: the value changed the statement"
        return found


@HYPOTHESIS
@given(value=hostile, other=hostile)
@example(value="", other=" ")
@example(value="a\x00b", other="a")
@example(value="50%_off!", other="50x_off")
@example(value="O'Brien\\", other="\\'; DROP TABLE product; --")
async def test_hostile_text_round_trips_and_every_lookup_matches_literally(
    db: str, canaries: dict[int, str], sent: list[str], value: str, other: str
) -> None:
    await Product.filter(id__gte=FIRST).delete()
    rows = dict(canaries)
    for offset, text in enumerate((value, other, value + " ", value.upper())):
        if await _saved(db, Product(id=FIRST + offset, name=text, price=1.0)):
            rows[FIRST + offset] = text
    stored = {p.id: p.name for p in await Product.all()}
    assert stored == rows  # every value exactly as written, the canaries untouched
    if FIRST not in rows:  # the value was refused: so is a filter on it
        await _refused(Product.filter(name=value))
        return

    sql = SqlOf(sent)

    def where(test: Callable[[str], bool]) -> set[int]:
        return {key for key, name in rows.items() if test(name)}

    equal = where(lambda n: n == value)
    assert await sql.run("name", value, "x") == equal
    assert await sql.run("name__ne", value, "x") == set(rows) - equal
    assert await sql.run("name__in", [value, "plain"], ["x", "y"]) == where(
        lambda n: n in (value, "plain")
    )
    assert await sql.run("name__not_in", [value, "plain"], ["x", "y"]) == where(
        lambda n: n not in (value, "plain")
    )
    assert await sql.run("name__range", (value, value), ("x", "y")) == equal
    # Orderings depend on the collation: check they agree with each other and with equality.
    gt = await sql.run("name__gt", value, "x")
    gte = await sql.run("name__gte", value, "x")
    lt = await sql.run("name__lt", value, "x")
    lte = await sql.run("name__lte", value, "x")
    assert gte == gt | equal and lte == lt | equal
    assert not gt & lt and gt | lt | equal == set(rows)

    iexact = await sql.run("name__iexact", value, "x")
    assert equal <= iexact
    if _ascii(value):  # beyond ASCII, case folding differs between backends
        lowered = value.lower()
        assert iexact & where(_ascii) == where(lambda n: _ascii(n) and n.lower() == lowered)

    assert {p.id for p in await Product.all().exclude(name=value)} == set(rows) - equal
    either = Q(name=value) | Q(name="plain")
    assert {p.id for p in await Product.filter(either)} == where(lambda n: n in (value, "plain"))
    assert await Product.filter(name=value).count() == len(equal)
    # UPDATE ... SET with the value, then back
    assert await Product.filter(id=FIRST + 1).update(name=value) == (FIRST + 1 in rows)
    if FIRST + 1 in rows:
        rows[FIRST + 1] = value
        assert (await Product.get(id=FIRST + 1)).name == value
    assert {p.id: p.name for p in await Product.all()} == rows

    matching = await Product.filter(name=value)
    if len(matching) == 1:
        assert (await Product.get(name=value)).id == matching[0].id
    elif len(matching) > 1:
        with pytest.raises(Product.MultipleObjectsReturned):
            await Product.get(name=value)


@HYPOTHESIS
@given(value=hostile, start=st.integers(0, 8), stop=st.integers(0, 8))
@example(value="100%!_[*]?", start=3, stop=5)
@example(value="a\x00b%_", start=2, stop=3)
@example(value="x\x00y", start=1, stop=2)
async def test_contains_startswith_endswith_match_literally(
    db: str, canaries: dict[int, str], sent: list[str], value: str, start: int, stop: int
) -> None:
    """``%``, ``_``, ``!``, ``*``, ``?`` and ``[`` in the argument are plain characters."""
    await Product.filter(id__gte=FIRST).delete()
    rows = dict(canaries)
    for offset, text in enumerate((value, "<" + value + ">")):
        if await _saved(db, Product(id=FIRST + offset, name=text, price=1.0)):
            rows[FIRST + offset] = text
    piece = value[start : start + stop]
    if FIRST not in rows and "\x00" in piece:  # NUL is refused here, in filters too
        await _refused(Product.filter(name__contains=piece))
        return
    sql = SqlOf(sent)

    def where(test: Callable[[str], bool]) -> set[int]:
        return {key for key, name in rows.items() if test(name)}

    for lookup in ("contains", "startswith", "endswith"):
        exact = {k for k, n in rows.items() if _match(lookup, piece, n)}
        assert await sql.run(f"name__{lookup}", piece, "x") == exact, f"{lookup}={piece!r}"
        # Case-insensitive: at least every exact-case match; for ASCII text, exactly Python's.
        folded = await sql.run(f"name__i{lookup}", piece, "x")
        assert exact <= folded, f"i{lookup}={piece!r}"
        if _ascii(piece):
            expected = {
                k for k, n in rows.items() if _ascii(n) and _match(lookup, piece.lower(), n.lower())
            }
            assert folded & where(_ascii) == expected, f"i{lookup}={piece!r}"


def _match(lookup: str, piece: str, text: str) -> bool:
    if lookup == "contains":
        return piece in text
    return text.startswith(piece) if lookup == "startswith" else text.endswith(piece)


@HYPOTHESIS
@given(first=hostile, last=hostile, email=hostile, city=hostile)
async def test_hostile_text_in_bounded_unique_and_nullable_columns(
    db: str, first: str, last: str, email: str, city: str
) -> None:
    """VARCHAR(n), a UNIQUE VARCHAR and a nullable one: stored exactly, found exactly."""
    await m.Customer.all().delete()
    values = {
        "first_name": first[:40],
        "last_name": last[:20],
        "email": email[:60],
        "city": city[:40],
    }
    customer = m.Customer.model_validate(values)
    twin = m.Customer(first_name="twin", last_name="twin", email="twin@riverorm.invalid")
    if not await _saved(db, customer):
        assert await m.Customer.all() == []
        return
    await twin.save()
    got = await m.Customer.get(email=values["email"])
    assert got.id == customer.id
    assert {k: getattr(got, k) for k in values} == values
    assert [c.id for c in await m.Customer.filter(city=values["city"])] == [customer.id]
    assert [c.id for c in await m.Customer.filter(city__isnull=True)] == [twin.id]
    with pytest.raises(errors.UniqueViolation):
        await m.Customer(first_name="dup", last_name="dup", email=values["email"]).save()
    assert len(await m.Customer.all()) == 2


@HYPOTHESIS
@given(data=st.binary(max_size=64))
async def test_hostile_bytes_round_trip(db: str, data: bytes) -> None:
    """BYTEA / LONGBLOB / BLOB: every byte, NUL and quotes included, comes back as written."""
    await m.Sample.all().delete()
    row = sample(some_bytes=data, maybe_bytes=data + b"'\\")
    await row.save()
    got = await m.Sample.get(key=row.key)
    assert (got.some_bytes, got.maybe_bytes) == (data, data + b"'\\")
    assert [s.key for s in await m.Sample.filter(some_bytes=data)] == [row.key]


NAME_TAKERS: dict[str, Callable[[str], Any]] = {
    "filter": lambda name: Product.filter(**{name: 1}),
    "exclude": lambda name: Product.all().exclude(**{name: 1}),
    "Q": lambda name: Product.filter(Q(**{name: 1}) | Q(id=1)),
    "get": lambda name: Product.get(**{name: 1}),
    "order_by": lambda name: Product.all().order_by(name),
    "order_by desc": lambda name: Product.all().order_by("-" + name),
    "values": lambda name: Product.all().values(name),
    "values_list": lambda name: Product.all().values_list(name),
    "update": lambda name: Product.all().update(**{name: 1}),
    "select_related": lambda name: Product.all().select_related(name),
    "prefetch": lambda name: Product.all().prefetch(name),
    "save(update_fields)": lambda name: Product(id=1, name="x", price=1.0).save(
        update_fields=[name]
    ),
}


@HYPOTHESIS
@given(name=st.one_of(hostile, st.sampled_from(['name"; DROP TABLE product; --', "name`", "id)"])))
async def test_hostile_names_are_refused_before_sending(
    db: str, canaries: dict[int, str], sent: list[str], name: str
) -> None:
    """Field and lookup names are looked up in the generated module, never spliced into SQL."""
    if name in product_module.PG_LOOKUPS or name.lstrip("-") in product_module.PG_LOOKUPS:
        return
    wrong: dict[str, str] = {}
    for call, make in NAME_TAKERS.items():
        sent.clear()
        try:
            await make(name)  # a query is lazy: awaiting it is what would send it
        except errors.RiverORMError:
            if sent:
                wrong[call] = f"refused only after sending {sent}"
        else:
            wrong[call] = "accepted"
    assert wrong == {}, f"name {name!r}"
    assert {p.id: p.name for p in await Product.all()} == canaries


@pytest.mark.parametrize("padded", ["a ", "a  ", " a", "a\t"])
async def test_trailing_and_leading_spaces_are_significant(db: str, padded: str) -> None:
    """``name="a"`` must not find ``"a "`` (MariaDB's PAD SPACE collations ignore them)."""
    await Product(id=1, name="a", price=1.0).save()
    await Product(id=2, name=padded, price=1.0).save()
    assert [p.id for p in await Product.filter(name="a")] == [1]
    assert [p.id for p in await Product.filter(name=padded)] == [2]
    assert [p.id for p in await Product.filter(name__in=["a"])] == [1]
    await m.Customer(first_name="x", last_name="y", email="a@example.com").save()
    await m.Customer(first_name="x", last_name="y", email="a@example.com" + padded[1:]).save()
    assert len(await m.Customer.all()) == 2
