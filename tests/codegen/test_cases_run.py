"""The golden packages are real code: bound and run against every backend.

The edge cases live here rather than in tests/models.py: a table holding only a generated key
(``INSERT ... DEFAULT VALUES``, an UPDATE with nothing to set) and renamed key/foreign-key columns.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import pytest

# Importing a generated package binds its models, as importing generated_example does.
import tests.codegen.cases.auto_pk.expected
import tests.codegen.cases.renamed_columns.expected  # noqa: F401
from riverorm import Model
from riverorm.db import DatabaseRegistry
from tests.codegen.cases.auto_pk.models import Attendance, Event, Token
from tests.codegen.cases.renamed_columns.models import Account, Login

CASE_MODELS: tuple[type[Model], ...] = (Event, Token, Attendance, Account, Login)


@pytest.fixture
async def case_tables(db: str) -> AsyncIterator[str]:
    for model in reversed(CASE_MODELS):
        await model.drop_table()
    for model in CASE_MODELS:
        await model.create_table()
    yield db
    for model in reversed(CASE_MODELS):
        await model.drop_table()


async def test_table_with_only_a_generated_key(case_tables: str) -> None:
    first, second = Token(), Token()
    await first.save()
    await second.save()
    assert isinstance(first.id, int) and isinstance(second.id, int)
    assert first.id != second.id
    await first.save()  # an UPDATE with nothing to set still finds its row
    assert sorted(t.id for t in await Token.all() if t.id is not None) == sorted(
        [first.id, second.id]
    )
    await first.delete()
    assert await Token.all() == [second]
    await Token.filter(id=second.id).delete()
    with pytest.raises(Token.DoesNotExist):
        await second.save()


async def test_relation_to_a_generated_key(case_tables: str) -> None:
    event = Event(name="PyCon")
    await event.save()
    attendance = Attendance(event=event)
    await attendance.save()
    loaded = await Attendance.get(event=event)
    assert loaded.id == attendance.id
    await loaded.event.refresh()
    assert loaded.event.name == "PyCon"


async def test_renamed_key_and_foreign_key_columns(case_tables: str) -> None:
    account = Account(id=5, email="ada@example.com", display="Ada")
    await account.save()
    login = Login(account=account, at=datetime(2024, 5, 1, 12, 30))
    await login.save()
    assert (await Account.get(email="ada@example.com")).id == 5
    assert [x.id for x in await Login.filter(account=account)] == [login.id]
    assert [x.id for x in await Login.filter(owner=5)] == [login.id]  # the column's name works too
    account.display = "Ada L."
    await account.save()
    assert (await Account.get(id=5)).display == "Ada L."
    quote = "`" if case_tables == "mysql" else '"'
    columns = ", ".join(f"{quote}{c}{quote}" for c in ("owner", "logged_in_at"))
    rows = await DatabaseRegistry.get().fetch(f"SELECT {columns} FROM {quote}account_logins{quote}")
    assert [row[0] for row in rows] == [5]
