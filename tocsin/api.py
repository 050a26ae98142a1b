"""The REST API under /api/v1/: one NinjaAPI, each app adds its router."""

from __future__ import annotations

from ninja import NinjaAPI

from tocsin.firms.api import ApiTokenAuth
from tocsin.firms.api import router as firms_router

api = NinjaAPI(
    title="Tocsin API",
    version="1",
    description=(
        "Every call carries a personal API token (`Authorization: Bearer tsn_…`). A token "
        "belongs to one firm: every call sees that firm alone, with the token owner's role."
    ),
    auth=ApiTokenAuth(),
    urls_namespace="api",
)
api.add_router("/", firms_router)
