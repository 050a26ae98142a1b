from __future__ import annotations

from django.urls import include, path

from tocsin.sources import views

urlpatterns = [
    path("", include("tocsin.sources.importer.urls")),
    path("f/<slug:firm_slug>/sources/", views.source_list, name="sources"),
    path("f/<slug:firm_slug>/sources/add/", views.source_add, name="source_add"),
    path("f/<slug:firm_slug>/sources/<int:source_id>/", views.source_detail, name="source"),
    path("f/<slug:firm_slug>/sources/<int:source_id>/edit/", views.source_edit, name="source_edit"),
    path(
        "f/<slug:firm_slug>/sources/<int:source_id>/toggle/",
        views.source_toggle,
        name="source_toggle",
    ),
    path(
        "f/<slug:firm_slug>/sources/<int:source_id>/collect/",
        views.source_collect,
        name="source_collect",
    ),
    path(
        "f/<slug:firm_slug>/sources/<int:source_id>/secret/",
        views.source_secret,
        name="source_secret",
    ),
    path(
        "f/<slug:firm_slug>/sources/<int:source_id>/delete/",
        views.source_delete,
        name="source_delete",
    ),
    # Public: the unguessable token is the credential (WebSub hubs, webhook senders).
    path("websub/<str:token>/", views.websub_callback, name="websub_callback"),
    path("hooks/<str:token>/", views.webhook_receive, name="webhook_receive"),
]
