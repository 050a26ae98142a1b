from __future__ import annotations

from django.urls import path

from tocsin.mentions import views

urlpatterns = [
    path("f/<slug:firm_slug>/inbox/", views.inbox, name="inbox"),
    path("f/<slug:firm_slug>/inbox/triage/", views.triage, name="triage"),
    path("f/<slug:firm_slug>/inbox/curve/", views.curve, name="mention_curve"),
    path("f/<slug:firm_slug>/inbox/<int:mention_id>/", views.mention, name="mention"),
    path(
        "f/<slug:firm_slug>/inbox/<int:mention_id>/correct/", views.correct, name="mention_correct"
    ),
    path("f/<slug:firm_slug>/watch/", views.watch_queries, name="watch_queries"),
    path(
        "f/<slug:firm_slug>/watch/<int:query_id>/delete/",
        views.watch_query_delete,
        name="watch_query_delete",
    ),
]
