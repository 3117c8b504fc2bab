"""Every supported type survives a round trip unchanged, on every backend.

``tests.models.Sample`` has one column of each type and the Optional of each. Values are chosen
to catch lossy storage: microseconds, a leap day, a non-UTC offset, all 256 byte values, text with
quotes and non-ASCII characters, the extremes of a BIGINT, a Decimal using its full scale.
"""

from __future__ import annotations

import copy
import pickle
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from examples.shop.models import Product
from riverorm import errors
from tests.models import Color, Level, Sample

IST = timezone(timedelta(hours=5, minutes=30))
OPTIONAL = tuple(name for name in Sample.model_fields if name.startswith("maybe_"))
REQUIRED = tuple(name for name in Sample.model_fields if name not in OPTIONAL and name != "key")


def full_sample(**overrides: Any) -> Sample:
    values: dict[str, Any] = {
        "key": uuid.UUID("0b7b8b5e-3c1a-4e0e-9a59-4d1f2c3b4a59"),
        "an_int": 2**63 - 1,
        "a_float": 1.5e-7,
        "a_bool": True,
        "a_str": "héllo ☃ 'single' \"double\" back\\slash %s ? $1 -- ; 𝄞",
        "a_short_str": "0123456789",
        "a_decimal": Decimal("12345678.1234"),
        "a_datetime": datetime(2024, 2, 29, 23, 59, 58, 123456),
        "an_aware_datetime": datetime(2024, 2, 29, 23, 59, 58, 654321, tzinfo=IST),
        "a_date": date(1999, 12, 31),
        "a_time": time(13, 14, 15, 161718),
        "a_uuid": uuid.UUID("7f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"),
        "some_bytes": bytes(range(256)),
        "a_color": Color.GREEN,
        "a_level": Level.HIGH,
        "maybe_int": -(2**63),
        "maybe_float": -0.25,
        "maybe_bool": False,
        "maybe_str": "",
        "maybe_decimal": Decimal("-0.0001"),
        "maybe_datetime": datetime(1970, 1, 1, 0, 0, 0, 1),
        "maybe_aware_datetime": datetime(2000, 1, 1, 12, 0, tzinfo=UTC),
        "maybe_date": date(2000, 1, 1),
        "maybe_time": time(0, 0),
        "maybe_uuid": uuid.UUID("00000000-0000-0000-0000-000000000001"),
        "maybe_bytes": b"",
        "maybe_color": Color.RED,
        "maybe_level": Level.LOW,
    }
    values.update(overrides)
    return Sample(**values)


def empty_sample() -> Sample:
    """Every Optional column None."""
    return full_sample(
        key=uuid.UUID("a1a1a1a1-b2b2-4c3c-8d4d-e5e5e5e5e5e5"), **dict.fromkeys(OPTIONAL)
    )


def assert_same_values(loaded: Sample, original: Sample) -> None:
    """Field by field: equal, and of exactly the same type as the value that was saved."""
    for name in Sample.model_fields:
        got, want = getattr(loaded, name), getattr(original, name)
        assert got == want, f"{name}: {got!r} != {want!r}"
        assert type(got) is type(want), f"{name}: {type(got)} is not {type(want)}"


async def test_every_type_round_trips(db: str) -> None:
    original = full_sample()
    await original.save()
    loaded = await Sample.get(key=original.key)
    assert_same_values(loaded, original)
    assert loaded == original


async def test_none_round_trips_in_every_optional(db: str) -> None:
    original = empty_sample()
    await original.save()
    loaded = await Sample.get(key=original.key)
    for name in OPTIONAL:
        assert getattr(loaded, name) is None, name
    assert_same_values(loaded, original)
    assert loaded == original


async def test_aware_datetime_keeps_its_instant(db: str) -> None:
    """An aware value is stored as an instant; it comes back aware (as UTC) and equal."""
    original = full_sample()
    await original.save()
    loaded = (await Sample.get(key=original.key)).an_aware_datetime
    assert loaded.utcoffset() is not None
    assert loaded == original.an_aware_datetime
    assert loaded.astimezone(IST).replace(tzinfo=None) == datetime(2024, 2, 29, 23, 59, 58, 654321)


async def test_equality_after_filter(db: str) -> None:
    full, empty = full_sample(), empty_sample()
    await full.save()
    await empty.save()
    assert await Sample.filter(key=full.key) == [full]
    assert await Sample.filter(key=empty.key) == [empty]
    for name in REQUIRED:  # both samples hold the same required values
        value = getattr(full, name)
        assert await Sample.filter(key=full.key, **{name: value}) == [full], name
        found = await Sample.filter(**{name: value})
        assert sorted(s.key for s in found) == sorted([full.key, empty.key]), name
    for name in OPTIONAL:
        assert await Sample.filter(**{name: getattr(full, name)}) == [full], name
        assert await Sample.filter(**{name: None}) == [empty], name
        assert await Sample.filter(**{f"{name}__isnull": False}) == [full], name
        assert await Sample.filter(**{f"{name}__isnull": True}) == [empty], name


async def test_comparisons_on_ordered_types(db: str) -> None:
    low = full_sample(an_int=-5)
    high = full_sample(
        key=uuid.uuid4(),
        an_int=2**63 - 1,
        a_float=2.5,
        a_decimal=Decimal("12345678.1235"),
        a_datetime=datetime(2024, 2, 29, 23, 59, 58, 123457),
        an_aware_datetime=datetime(2024, 2, 29, 18, 30, 0, tzinfo=UTC),
        a_date=date(2000, 1, 1),
        a_time=time(13, 14, 15, 161719),
        a_str="zzz",
    )
    await low.save()
    await high.save()
    for name in ("an_int", "a_float", "a_decimal", "a_datetime", "a_date", "a_time", "a_str"):
        assert await Sample.filter(**{f"{name}__gt": getattr(low, name)}) == [high], name
        assert await Sample.filter(**{f"{name}__lt": getattr(high, name)}) == [low], name
        both = await Sample.filter(**{f"{name}__gte": getattr(low, name)})
        assert sorted(s.an_int for s in both) == [-5, 2**63 - 1], name
    # 18:30 UTC is 00:00 the next day in IST, after low's 23:59:58 IST (18:29:58 UTC).
    assert await Sample.filter(an_aware_datetime__gt=low.an_aware_datetime) == [high]


async def test_hydrated_instances_are_indistinguishable_from_validated_ones(db: str) -> None:
    for original in (full_sample(), empty_sample()):
        await original.save()
        loaded = await Sample.get(key=original.key)
        validated = Sample.model_validate(original.model_dump())
        assert loaded == validated
        assert loaded.model_fields_set == validated.model_fields_set
        assert loaded.model_dump() == validated.model_dump()
        assert loaded.model_copy() == validated
        assert loaded.model_copy(update={"an_int": 1}).an_int == 1
        assert copy.deepcopy(loaded) == validated
        assert pickle.loads(pickle.dumps(loaded)) == validated
        assert Sample.model_validate(loaded.model_dump()) == validated
        assert repr(loaded) == repr(Sample.model_validate(loaded.model_dump()))
        assert loaded.__pydantic_extra__ == validated.__pydantic_extra__
        assert loaded.__pydantic_private__ == validated.__pydantic_private__


async def test_values_the_column_cannot_hold_are_refused_before_sending(db: str) -> None:
    """A naive datetime for an aware column (and the reverse) is refused; nothing is stored.

    pydantic refuses them on construction and assignment; model_copy(update=...) does not check.
    """
    with pytest.raises(ValueError):
        full_sample().an_aware_datetime = datetime(2024, 1, 1)
    naive = full_sample().model_copy(update={"an_aware_datetime": datetime(2024, 1, 1)})
    with pytest.raises(errors.InvalidValue, match="naive"):
        await naive.save()
    aware = full_sample().model_copy(update={"a_datetime": datetime(2024, 1, 1, tzinfo=UTC)})
    with pytest.raises(errors.InvalidValue, match="timezone-aware"):
        await aware.save()
    assert await Sample.all() == []


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
async def test_int_out_of_range_is_refused(db: str, value: int) -> None:
    """Every int column is a BIGINT: a value outside it is refused by the database."""
    with pytest.raises(errors.DataError):
        await Product(id=value, name="Laptop", price=999.99).save()
    assert await Product.all() == []
