"""Hand-written SELECTs for the pages held to three times a hand-written page (docs/scaling.md).

Why: building and compiling a query through the ORM, and turning each row into a model instance, costs a busy
page two to three times what running its SQL does. The pages that read through here (the register, a pupil's
record, "my pupils", the organisation overviews and the provision pages) keep their SQL plain enough to run
unchanged on SQLite and PostgreSQL (the tests run on both), and take every value as a parameter.

A raw cursor returns what the database stores, so dates, times, datetimes, uuids and decimals that SQLite keeps
as text or numbers go through the readers below, which read them as the ORM would.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Field, Model
from django.utils.dateparse import parse_datetime

from lib import costs

M = TypeVar("M", bound=Model)


def select(model: type[Model], sql: str, params: Mapping[str, Any] | Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run a hand-written SELECT on the database the ORM would read `model` from (the read router's choice)."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(name: str, values: Iterable[object], params: dict[str, object]) -> str:
    """Named placeholders for an IN list (`%(name0)s, %(name1)s`), adding the values to `params`."""
    marks = []
    for index, value in enumerate(values):
        params[f"{name}{index}"] = value
        marks.append(f"%({name}{index})s")
    return ", ".join(marks)


def field_value(model: type[Model], name: str, value: Any) -> Any:
    """`value` as a parameter compared with `model`'s field `name`, prepared as the ORM prepares it for the
    database it reads `model` from (a uuid is 32 hex digits on SQLite, a uuid on PostgreSQL)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field.get_db_prep_value(value, connections[router.db_for_read(model)])


def uid(value: uuid.UUID | str) -> uuid.UUID:
    """A uuid column: PostgreSQL gives a UUID, SQLite its 32 hex digits."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def clock(value: dt.time | str) -> dt.time:
    """A time column: PostgreSQL gives a time, SQLite the ISO text it stores."""
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)


def day(value: dt.date | str) -> dt.date:
    """A date column: PostgreSQL gives a date, SQLite the ISO text it stores."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def moment(value: dt.datetime | str) -> dt.datetime:
    """A timestamp column (stored in UTC): PostgreSQL gives an aware datetime, SQLite the text it stores."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


# SQLite keeps 15 significant digits of a decimal and sums in floating point; Django's SQLite backend reads such a
# sum back with 15 significant digits, and so does summed. PostgreSQL sums decimals exactly.
_FIFTEEN_DIGITS = decimal.Context(prec=15)


def summed(value: float | int | Decimal | None) -> Decimal:
    """A SUM of a decimal column, as the ORM would read it; nothing summed is 0."""
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return _FIFTEEN_DIGITS.create_decimal_from_float(value)


def pence(value: float | int | Decimal) -> Decimal:
    """A column of pounds and pence, as the ORM reads it: SQLite gives a number, kept to 15 significant digits and
    rounded to the penny as Django's SQLite backend does; PostgreSQL gives the Decimal."""
    if isinstance(value, Decimal):
        return value
    return _FIFTEEN_DIGITS.create_decimal_from_float(value).quantize(costs.PENNY)


_READERS: dict[str, Callable[[Any], Any]] = {
    "UUIDField": uid,
    "DateField": day,
    "DateTimeField": moment,
    "TimeField": clock,
    "BooleanField": bool,
}


def columns(model: type[Model], alias: str, names: Sequence[str] | None = None) -> str:
    """The SELECT list for instance(): `names` (attnames, default every concrete field) in the model's field order."""
    fields = [field for field in model._meta.concrete_fields if names is None or field.attname in names]
    return ", ".join(f"{alias}.{field.column}" for field in fields)


def instance(model: type[M], row: Sequence[Any], names: Sequence[str] | None = None) -> M:
    """A model instance from a row selected by columns(model, alias, names), read as the ORM would read it: fields
    not in `names` are deferred, as with .only(). Dates, times, uuids and booleans go through the readers above;
    other fields (text, numbers, foreign keys) are taken as they come."""
    fields = [field for field in model._meta.concrete_fields if names is None or field.attname in names]
    values = [
        value if value is None else _READERS.get(field.get_internal_type(), _same)(value)
        for field, value in zip(fields, row, strict=True)
    ]
    return model.from_db(router.db_for_read(model), [field.attname for field in fields], values)


def _same(value: Any) -> Any:
    return value
