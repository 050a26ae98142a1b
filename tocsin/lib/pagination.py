"""Page-number pagination for the API, with a bounded page number.

django-ninja's ``PageNumberPagination`` takes any page: page 10**18 makes an OFFSET past
64-bit integers, which SQLite and PostgreSQL refuse with an error (a 500). Past the last page
the answer is an empty list; past ``MAX_PAGE`` it is a 422.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
