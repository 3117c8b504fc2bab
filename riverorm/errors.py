"""Every exception riverorm raises, under one root.

::

    RiverORMError
    ├── ConfigurationError            set-up is wrong; fix code or config, then rerun
    │   ├── ModelDefinitionError      a Model class cannot be mapped to a table
    │   ├── ConnectionNotRegistered   no database, or an unknown db_alias
    │   ├── InvalidDSN                a connection URL that cannot be parsed
    │   ├── GeneratedCodeError        generated code is missing or stale
    │   │   ├── GeneratedCodeMissing
    │   │   └── GeneratedCodeStale
    │   └── GenerateError             `riverorm generate` refused its input
    ├── UsageError                    a call that cannot be answered as asked
    │   ├── UnknownLookup             a filter keyword names no field or lookup
    │   ├── InvalidValue              a value the column cannot hold; nothing was sent
    │   ├── FieldNotLoaded            a field of a partially loaded instance was read
    │   └── TransactionError          a transaction used from a task that does not own it
    └── DatabaseError                 the server or driver failed; ``__cause__`` is the driver error
        ├── IntegrityError            a constraint refused the write
        │   ├── UniqueViolation
        │   ├── ForeignKeyViolation
        │   └── NotNullViolation
        ├── DataError                 the server refused a value (too long, out of range)
        ├── DoesNotExist              get() found no row (also ``Model.DoesNotExist``)
        ├── MultipleObjectsReturned   get() found several rows
        ├── OperationalError          connection lost/refused, timeouts, pool exhausted
        │   ├── ConnectionLost        refused at connect, or cut while in use
        │   └── QueryTimeout          a statement or a pool acquire took too long
        │       └── PoolExhausted     every pooled connection stayed busy for the pool timeout
        └── ProgrammingError          the server rejected the SQL (e.g. a missing table)

Misuse and configuration errors are raised before anything reaches the server. Database errors are
the same classes on every backend and carry the driver's exception as ``__cause__``.
"""

from __future__ import annotations


class RiverORMError(Exception):
    """Root of every riverorm exception."""


class ConfigurationError(RiverORMError):
    """The project is set up wrongly: fix the code or configuration and rerun."""


class ModelDefinitionError(ConfigurationError, TypeError):
    """A Model class cannot be mapped to a table (raised when the class is created or generated)."""


class ConnectionNotRegistered(ConfigurationError):
    """No database is registered, or a model names a db_alias that is not registered."""


class InvalidDSN(ConfigurationError, ValueError):
    """A connection URL that cannot be parsed."""


class GeneratedCodeError(ConfigurationError):
    """Generated code is missing or does not match the model; run `riverorm generate`."""


class GeneratedCodeMissing(GeneratedCodeError):
    """The model was never bound to a generated module."""


class GeneratedCodeStale(GeneratedCodeError):
    """The generated module was made from a different version of the model."""


class GenerateError(ConfigurationError):
    """`riverorm generate` refused its input."""


class UsageError(RiverORMError):
    """A call that cannot be answered as asked; nothing was sent to the database."""


class UnknownLookup(UsageError, TypeError):
    """A filter keyword names no field or no lookup of that field."""


class InvalidValue(UsageError, ValueError):
    """A value the column cannot hold; nothing was sent to the database."""


class FieldNotLoaded(UsageError, AttributeError):
    """A field of a partially loaded instance (a related object holding only its key) was read."""


class TransactionError(UsageError):
    """A transaction's connection was used from a task that did not open the transaction."""


class DatabaseError(RiverORMError):
    """The database or its driver failed. ``__cause__`` holds the driver's exception."""


class IntegrityError(DatabaseError):
    """A constraint refused the write; nothing of that statement was stored."""

    def __init__(self, message: str, *, constraint: str | None = None) -> None:
        super().__init__(message)
        self.constraint = constraint


class UniqueViolation(IntegrityError):
    """A unique or primary-key constraint refused a duplicate."""


class ForeignKeyViolation(IntegrityError):
    """A foreign key points at a row that does not exist (or still has dependants)."""


class NotNullViolation(IntegrityError):
    """A NOT NULL column was given no value."""


class DataError(DatabaseError):
    """The server refused a value: too long for its column, out of range, or malformed."""


class DoesNotExist(DatabaseError):
    """get() found no row. Each model has its own subclass, ``Model.DoesNotExist``."""


class MultipleObjectsReturned(DatabaseError):
    """get() found more than one row. Each model has ``Model.MultipleObjectsReturned``."""


class OperationalError(DatabaseError):
    """The connection or server failed independently of the statement."""


class ConnectionLost(OperationalError):
    """The connection was refused, closed or cut while in use."""


class QueryTimeout(OperationalError):
    """A statement or a pool acquire took longer than allowed."""


class PoolExhausted(QueryTimeout):
    """Every connection of the pool stayed in use for the whole pool timeout.

    Raise the pool's size, shorten what runs while a connection is held (transactions), or lower
    the number of concurrent tasks. Nothing was sent for the statement that waited.
    """


class ProgrammingError(DatabaseError):
    """The server rejected the statement, e.g. because a table does not exist yet."""
