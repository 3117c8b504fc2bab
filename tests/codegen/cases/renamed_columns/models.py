"""Meta.table, Field(column=...) on a key, a scalar and a relation, with unique and index."""

from __future__ import annotations

from datetime import datetime

from riverorm import Field, Model


class Account(Model):
    id: int = Field(column="account_id")
    email: str = Field(column="email_address", max_length=254, unique=True)
    display: str = Field(column="display_name", index=True)

    class Meta:
        table = "accounts"


class Login(Model):
    id: int | None = Field(None, pk=True)
    account: Account = Field(column="owner")
    at: datetime = Field(column="logged_in_at")

    class Meta:
        table = "account_logins"
