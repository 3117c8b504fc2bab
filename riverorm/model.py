"""``Model``: a pydantic model whose queries run through its generated module."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import BaseModel

from riverorm import errors
from riverorm.binding import ATTRIBUTE, compiled_for
from riverorm.db import DatabaseRegistry
from riverorm.query import Query, select_statement
from riverorm.runtime import CompiledModel, DialectQueries
from riverorm.schema import meta_value, pk_field, qualified_name, table_name

if TYPE_CHECKING:
    from riverorm.backends.base import Database

_ALIAS = "__riverorm_alias__"
_PK = "__riverorm_pk__"


def _error_class(model: type[Model], base: type[errors.DatabaseError]) -> type[Any]:
    return type(
        base.__name__,
        (base,),
        {"__module__": model.__module__, "__qualname__": f"{model.__qualname__}.{base.__name__}"},
    )


class Model(BaseModel):
    """Base class of every mapped model.

    ``class Meta`` may set ``db_alias`` (default: the registry's default connection), ``table``
    (default: snake_case of the class name) and ``abstract = True`` (a base class with no table).
    """

    __slots__ = ("_rv_partial", "_rv_persisted")

    DoesNotExist: ClassVar[type[errors.DoesNotExist]] = errors.DoesNotExist
    MultipleObjectsReturned: ClassVar[type[errors.MultipleObjectsReturned]] = (
        errors.MultipleObjectsReturned
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if meta_value(cls, "abstract", False):
            return
        setattr(cls, _PK, pk_field(cls))
        table_name(cls)
        setattr(cls, _ALIAS, meta_value(cls, "db_alias"))
        cls.DoesNotExist = _error_class(cls, errors.DoesNotExist)
        cls.MultipleObjectsReturned = _error_class(cls, errors.MultipleObjectsReturned)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in type(self).__pydantic_fields__:
                cls = type(self).__name__
                if self.__dict__.get("_rv_partial", False) or getattr(self, "_rv_partial", False):
                    how = "it was loaded as a related object holding only its primary key"
                    fix = f"`await obj.refresh()` loads the whole {cls}"
                else:
                    how = "it is a relation that was not loaded with this query"
                    fix = f"query it explicitly (e.g. with a filter on the related model's key)"
                raise errors.FieldNotLoaded(f"{cls}.{name} is not loaded: {how}; {fix}.")
            return super().__getattr__(name)

    def __copy__(self) -> Self:
        clone = super().__copy__()
        object.__setattr__(clone, "_rv_persisted", getattr(self, "_rv_persisted", False))
        return clone

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        clone = super().__deepcopy__(memo)
        object.__setattr__(clone, "_rv_persisted", getattr(self, "_rv_persisted", False))
        return clone

    # -- dispatch ----------------------------------------------------------------------------------

    @classmethod
    def _rv_queries(cls) -> tuple[Database, DialectQueries[Self]]:
        compiled = cls.__dict__.get(ATTRIBUTE)
        if type(compiled) is not CompiledModel:
            if ATTRIBUTE not in cls.__dict__ and _PK not in cls.__dict__:
                raise errors.ModelDefinitionError(
                    f"{qualified_name(cls)} is abstract (or the Model base class) and has no table."
                )
            compiled = compiled_for(cls)
        db = DatabaseRegistry.get(cls.__dict__[_ALIAS])
        return db, compiled.dialects[db.dialect]

    # -- reading -----------------------------------------------------------------------------------

    @classmethod
    async def get(cls, **lookups: Any) -> Self:
        """The one row matching ``lookups``; raises ``DoesNotExist`` / ``MultipleObjectsReturned``."""
        db, q = cls._rv_queries()
        pk = cls.__dict__[_PK]
        if len(lookups) == 1 and pk in lookups and lookups[pk] is not None:
            row = await db.fetchrow(q.get_by_pk, (q.pk_param(lookups[pk]),))
            if row is None:
                raise cls.DoesNotExist(f"No {cls.__name__} with {pk}={lookups[pk]!r}.")
            return q.hydrate(row)
        sql, params = select_statement(q, tuple(lookups.items()), " LIMIT 2")
        rows = await db.fetch(sql, params)
        if not rows:
            raise cls.DoesNotExist(f"No {cls.__name__} matches {_describe(lookups)}.")
        if len(rows) > 1:
            raise cls.MultipleObjectsReturned(
                f"More than one {cls.__name__} matches {_describe(lookups)}; narrow the lookups "
                "or use filter()."
            )
        return q.hydrate(rows[0])

    @classmethod
    async def get_or_none(cls, **lookups: Any) -> Self | None:
        try:
            return await cls.get(**lookups)
        except errors.DoesNotExist:
            return None

    @classmethod
    def filter(cls, **lookups: Any) -> Query[Self]:
        """Rows matching every lookup; ``await`` it for a list."""
        return Query(cls, lookups.items())

    @classmethod
    def all(cls) -> Query[Self]:
        return Query(cls)

    async def refresh(self) -> None:
        """Reload every column of this row (also completes a related object holding only its key)."""
        cls = type(self)
        db, q = cls._rv_queries()
        pk = cls.__dict__[_PK]
        key = self.__dict__.get(pk)
        row = await db.fetchrow(q.get_by_pk, (q.pk_param(key),)) if key is not None else None
        if row is None:
            raise cls.DoesNotExist(f"No {cls.__name__} with {pk}={key!r} to refresh from.")
        fresh = q.hydrate(row)
        object.__setattr__(self, "__dict__", {**self.__dict__, **fresh.__dict__})
        object.__setattr__(
            self, "__pydantic_fields_set__", self.__pydantic_fields_set__ | fresh.model_fields_set
        )
        object.__setattr__(self, "_rv_partial", False)
        object.__setattr__(self, "_rv_persisted", True)

    # -- writing -----------------------------------------------------------------------------------

    async def save(self) -> None:
        """INSERT a new instance; UPDATE (by primary key) one that was loaded or saved before.

        A primary key left None is generated by the database and set on the instance.
        """
        cls = type(self)
        db, q = cls._rv_queries()
        pk = cls.__dict__[_PK]
        if getattr(self, "_rv_persisted", False):
            if await db.execute(q.update, q.update_params(self)) == 0:
                raise cls.DoesNotExist(
                    f"{cls.__name__} with {pk}={self.__dict__.get(pk)!r} no longer exists; "
                    "nothing was saved. Create it anew with a new instance if that is intended."
                )
            return
        if self.__dict__.get(pk) is None:
            if q.insert_auto is None or q.insert_auto_params is None:
                raise errors.InvalidValue(
                    f"{cls.__name__}.{pk} is None and the database does not generate it; set it."
                )
            key = await db.insert(q.insert_auto, q.insert_auto_params(self))
            self.__dict__[pk] = q.pk_from_db(key)
            self.__pydantic_fields_set__.add(pk)
        else:
            await db.execute(q.insert, q.insert_params(self))
        object.__setattr__(self, "_rv_persisted", True)

    async def delete(self) -> None:
        """DELETE this row by primary key; the instance can be saved again as a new row."""
        cls = type(self)
        db, q = cls._rv_queries()
        key = self.__dict__.get(cls.__dict__[_PK])
        if key is None:
            raise errors.InvalidValue(f"This {cls.__name__} has no primary key: nothing to delete.")
        await db.execute(q.delete, (q.pk_param(key),))
        object.__setattr__(self, "_rv_persisted", False)

    # -- schema ------------------------------------------------------------------------------------

    @classmethod
    async def create_table(cls) -> None:
        """CREATE TABLE (and its indexes) if it does not exist yet."""
        db, q = cls._rv_queries()
        await db.execute_all(q.create_table)

    @classmethod
    async def drop_table(cls) -> None:
        """DROP TABLE if it exists. Drop tables that refer to it first."""
        db, q = cls._rv_queries()
        await db.execute(q.drop_table)


def _describe(lookups: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in lookups.items()) or "(no lookups)"
