"""riverorm: a minimal, async-first, code-generating ORM for pydantic v2 models.

Define ``Model`` classes, run ``riverorm generate``, import the generated package at start-up, and
query with ``await Model.get(...)`` / ``await Model.filter(...)`` / ``await obj.save()``.
"""

from riverorm.fields import Field
from riverorm.model import Model
from riverorm.q import Q
from riverorm.query import Query
from riverorm.transaction import transaction

__all__ = ["Field", "Model", "Q", "Query", "transaction"]
