"""SQLAlchemy 2 ORM on its asyncio extension, used the way its documentation recommends.

Drivers: asyncpg, aiomysql, aiosqlite. One ``AsyncSession`` per unit of work (a lookup, a query,
an insert), from ``async_sessionmaker(expire_on_commit=False)``; statements are built with
``select()`` per call, as application code does (SQLAlchemy caches their compiled form). The
objects of ``update_one`` stay in the session that loaded them and each change is committed on its
own. ``bulk_insert`` is ``add_all`` + ``commit`` (objects in, keys back, batched by SQLAlchemy's
"insertmanyvalues"). The engine keeps its default pool.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Double, ForeignKey, String, select
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload

from bench.contenders.base import Contender
from bench.workload import (
    CHILD_TABLE,
    PARENT_TABLE,
    PRODUCT_TABLE,
    SMALL_PRICE_HIGH,
    SMALL_PRICE_LOW,
    NewRow,
)


class Base(DeclarativeBase):
    pass


class SProduct(Base):
    __tablename__ = PRODUCT_TABLE

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price: Mapped[float] = mapped_column(Double)
    in_stock: Mapped[bool] = mapped_column(Boolean, default=True)


class SParent(Base):
    __tablename__ = PARENT_TABLE

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    children: Mapped[list[SChild]] = relationship(back_populates="parent")


class SChild(Base):
    __tablename__ = CHILD_TABLE

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int] = mapped_column(ForeignKey(f"{PARENT_TABLE}.id"))
    parent: Mapped[SParent] = relationship(back_populates="children")


class SQLAlchemyORM(Contender):
    _engine: AsyncEngine
    _sessions: async_sessionmaker[AsyncSession]
    _update_session: AsyncSession | None = None

    def _url(self) -> str:
        schemes = {"pg": "postgresql+asyncpg", "mysql": "mysql+aiomysql"}
        return self.target.with_scheme(schemes.get(self.backend, "sqlite+aiosqlite"))

    async def open(self) -> None:
        self._engine = create_async_engine(self._url())
        self._sessions = async_sessionmaker(self._engine, expire_on_commit=False)

    async def close(self) -> None:
        if self._update_session is not None:
            await self._update_session.close()
        await self._engine.dispose()

    async def get_by_pk(self, ids: Sequence[int]) -> int:
        sessions = self._sessions
        found = 0
        for pk in ids:
            async with sessions() as session:
                obj = await session.get(SProduct, pk)
            found += obj is not None and obj.id == pk
        return found

    async def filter_small(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            async with self._sessions() as session:
                statement = select(SProduct).where(
                    SProduct.in_stock == True,  # noqa: E712 - SQL, not a Python comparison
                    SProduct.price >= SMALL_PRICE_LOW,
                    SProduct.price < SMALL_PRICE_HIGH,
                )
                total += len((await session.scalars(statement)).all())
        return total

    async def filter_large(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            async with self._sessions() as session:
                total += len((await session.scalars(select(SProduct))).all())
        return total

    async def prefetch(self, calls: int) -> int:
        total = 0
        for _ in range(calls):
            async with self._sessions() as session:
                statement = select(SParent).options(selectinload(SParent.children))
                parents = (await session.scalars(statement)).all()
                total += sum(len(p.children) for p in parents)
        return total

    async def load_for_update(self, ids: Sequence[int]) -> list[Any]:
        if self._update_session is None:
            self._update_session = self._sessions()
        session = self._update_session
        objects = [await session.get(SProduct, pk) for pk in ids]
        await session.commit()
        return objects

    async def update_one(self, objects: list[Any]) -> int:
        session = self._update_session
        assert session is not None
        for obj in objects:
            obj.price = obj.price + 1.0
            await session.commit()
        return len(objects)

    async def insert_one(self, rows: Sequence[NewRow]) -> int:
        sessions = self._sessions
        got = 0
        for name, price, in_stock in rows:
            obj = SProduct(name=name, price=price, in_stock=in_stock)
            async with sessions() as session:
                session.add(obj)
                await session.commit()
            got += obj.id is not None
        return got

    async def bulk_insert(self, batches: Sequence[Sequence[NewRow]]) -> int:
        total = 0
        for batch in batches:
            objs = [SProduct(name=n, price=p, in_stock=s) for n, p, s in batch]
            async with self._sessions() as session:
                session.add_all(objs)
                await session.commit()
            total += len(objs)
        return total
