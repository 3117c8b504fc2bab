"""``Model``: a pydantic model whose queries run through its generated module."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict

from riverorm import errors
from riverorm.binding import ATTRIBUTE, compiled_for
from riverorm.bulk import bulk_insert
from riverorm.compiler import Builder, cached
from riverorm.db import DatabaseRegistry
from riverorm.q import Q
from riverorm.query import Query
from riverorm.runtime import LAZY_SLOTS, CompiledModel, DialectQueries, complete
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

    # Assignments are validated like construction, so a bad value never reaches save().
    model_config = ConfigDict(validate_assignment=True)

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
            if name in LAZY_SLOTS or name == "_rv_partial":
                return _lazy_slot(self, name)
            if name in type(self).__pydantic_fields__:
                cls = type(self).__name__
                if self.__dict__.get("_rv_partial", False) or getattr(self, "_rv_partial", False):
                    how = "it was loaded as a related object holding only its primary key"
                    fix = (
                        "load it with the query's select_related() or prefetch(), or "
                        f"`await obj.refresh()` loads the whole {cls}"
                    )
                else:
                    how = "it is a relation that was not loaded with this query"
                    fix = "load it with select_related() or prefetch() on the query"
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

    @classmethod
    def _rv_pk(cls) -> str:
        pk: str = cls.__dict__[_PK]
        return pk

    # -- reading -----------------------------------------------------------------------------------

    @classmethod
    async def get(cls, *conditions: Q, **lookups: Any) -> Self:
        """The one matching row; raises ``DoesNotExist`` or ``MultipleObjectsReturned``."""
        db, q = cls._rv_queries()
        pk = cls.__dict__[_PK]
        if not conditions and len(lookups) == 1 and lookups.get(pk) is not None:
            row = await db.fetchrow(q.get_by_pk, (q.pk_param(lookups[pk]),))
            if row is None:
                raise cls.DoesNotExist(f"No {cls.__name__} with {pk}={lookups[pk]!r}.")
            return q.hydrate(row)
        return await Query(cls, (*conditions, *lookups.items())).get()

    @classmethod
    async def get_or_none(cls, *conditions: Q, **lookups: Any) -> Self | None:
        """Like get(), but None when no row matches."""
        try:
            return await cls.get(*conditions, **lookups)
        except errors.DoesNotExist:
            return None

    @classmethod
    def filter(cls, *conditions: Q, **lookups: Any) -> Query[Self]:
        """Rows matching every condition; ``await`` it for a list, or chain more."""
        return Query(cls, (*conditions, *lookups.items()))

    @classmethod
    def exclude(cls, *conditions: Q, **lookups: Any) -> Query[Self]:
        """Rows for which not all of these conditions hold."""
        return Query(cls).exclude(*conditions, **lookups)

    @classmethod
    def all(cls) -> Query[Self]:
        """Every row; ``await`` it for a list, or chain."""
        return Query(cls)

    @classmethod
    async def create(cls, **values: Any) -> Self:
        """Validate ``values`` as the constructor does, INSERT the row, return the instance."""
        obj = cls(**values)
        await obj.save()
        return obj

    @classmethod
    async def bulk_create(
        cls, objects: Iterable[Self], *, batch_size: int | None = None
    ) -> list[Self]:
        """INSERT many instances, one statement (one round trip) per batch.

        Keys the database generates are set on the instances, on every backend.
        """
        items = list(objects)
        for obj in items:
            if type(obj) is not cls:
                raise errors.InvalidValue(
                    f"{cls.__name__}.bulk_create() takes {cls.__name__} instances, not "
                    f"{type(obj).__name__}."
                )
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
            raise errors.InvalidValue(
                f"batch_size must be a whole number >= 1, not {batch_size!r}."
            )
        if items:
            db, q = cls._rv_queries()
            await bulk_insert(db, q, cls.__dict__[_PK], items, batch_size)
        return items

    async def refresh(self) -> None:
        """Reload every column of this row (also completes a related object loaded as a key)."""
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

    async def save(self, *, update_fields: Sequence[str] | None = None) -> None:
        """INSERT a new instance; UPDATE (by primary key) one that was loaded or saved before.

        A primary key left None is generated by the database and set on the instance.
        ``update_fields`` limits an UPDATE to those fields.
        """
        cls = type(self)
        db, q = cls._rv_queries()
        pk = cls.__dict__[_PK]
        if getattr(self, "_rv_persisted", False):
            if update_fields is None and getattr(self, "_rv_partial", False):
                raise errors.FieldNotLoaded(
                    f"This {cls.__name__} was loaded as a related object holding only its key: "
                    "saving it would overwrite the columns it does not hold. `await obj.refresh()` "
                    "first, or save(update_fields=[...]) the fields you set."
                )
            if update_fields is None:
                count = await db.execute(q.update, q.update_params(self))
            else:
                count = await self._save_fields(db, q, tuple(update_fields))
            if count == 0:
                raise cls.DoesNotExist(
                    f"{cls.__name__} with {pk}={self.__dict__.get(pk)!r} no longer exists; "
                    "nothing was saved. Create it anew with a new instance if that is intended."
                )
            return
        if update_fields is not None:
            raise errors.UsageError(
                f"save(update_fields=...) updates a stored {cls.__name__}; this one is new: "
                "call save() without it."
            )
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
            if q.sync_keys is not None:
                await db.execute(q.sync_keys)
        object.__setattr__(self, "_rv_persisted", True)

    async def _save_fields(
        self, db: Database, q: DialectQueries[Self], names: tuple[str, ...]
    ) -> int:
        pk = type(self).__dict__[_PK]
        unknown = [n for n in names if n not in q.columns or n == pk]
        if unknown or not names:
            raise errors.UnknownLookup(
                f"save(update_fields=...) takes stored fields other than the key "
                f"({', '.join(n for n in q.columns if n != pk)}); got {list(names)!r}."
            )

        def build() -> str:
            b = Builder(q)
            marks = b.placeholders(len(names) + 1)
            sets = ", ".join(
                f"{q.columns[n].name} = {m}" for n, m in zip(names, marks, strict=False)
            )
            comment = f"-- riverorm: {q.model_name}.update_fields\n"
            return (
                f"{comment}UPDATE {q.table}\nSET {sets}\nWHERE {q.columns[pk].name} = {marks[-1]}"
            )

        sql: str = cached(q, ("update_fields", names), build)
        values = self.__dict__
        params = []
        for name in (*names, pk):
            value, convert = values[name], q.columns[name].param
            params.append(value if convert is None or value is None else convert(value))
        return await db.execute(sql, params)

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


def _lazy_slot(obj: Model, name: str) -> Any:
    """A slot read before it was set: a hydrated instance is completed on its first such read;
    riverorm's own flags default to False on instances made by the application."""
    try:
        object.__getattribute__(obj, "__pydantic_fields_set__")
    except AttributeError:
        complete(obj)  # built by a generated hydrator, now read for the first time
    try:
        return object.__getattribute__(obj, name)
    except AttributeError:
        if name in ("_rv_persisted", "_rv_partial"):
            return False
        raise
