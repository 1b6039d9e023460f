"""Bounded parameter types for the API (SPEC §10: bad input is a 4xx, never a server error).

A row id is 0 … 2⁶³−1 (a ``bigint``: both databases raise on a larger number, so ninja refuses it with
422 before the database sees it, and the OpenAPI schema says so).
"""

from typing import Annotated

from ninja import Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import Field

from hotline.core.params import BIGINT_MAX

Id = Annotated[int, Field(ge=0, le=BIGINT_MAX)]


class LimitOffset(LimitOffsetPagination):
    """ninja's limit/offset pagination with both numbers bounded so that ``offset + limit`` fits the
    database's 64-bit LIMIT/OFFSET (ninja's own takes any size and the database raises: a 500)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=1_000_000)
        offset: int = Field(0, ge=0, le=2**62)


def clock(value) -> str | None:
    """A wall-clock time of day as ``HH:MM:SS`` (a shift's start or end; no time zone: it is the
    center's local time)."""
    return value.isoformat(timespec="seconds") if value is not None else None


# JSON Schema's ``format: time`` (RFC 3339) requires a UTC offset, which a shift's local start has
# not: the schema says what is sent, ``HH:MM:SS`` local time.
ClockTime = Annotated[str, Field(pattern=r"^\d{2}:\d{2}:\d{2}$", examples=["08:30:00"])]
