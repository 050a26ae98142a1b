"""Pages of the responses stage, all under ``f/<firm>/responses/``."""

from __future__ import annotations

from django.urls import path

from tocsin.responses import views

P = "f/<slug:firm_slug>/responses/"

urlpatterns = [
    path(P, views.statement_list, name="statements"),
    path(P + "new/", views.statement_new, name="statement_new"),
    path(P + "check/", views.check_text, name="statement_check"),
    path(P + "<int:statement_id>/", views.statement_detail, name="statement"),
    path(P + "<int:statement_id>/save/", views.statement_save, name="statement_save"),
    path(P + "<int:statement_id>/submit/", views.statement_submit, name="statement_submit"),
    path(P + "<int:statement_id>/approve/", views.statement_approve, name="statement_approve"),
    path(P + "<int:statement_id>/publish/", views.statement_publish, name="statement_publish"),
    path(P + "<int:statement_id>/propose/", views.statement_propose, name="statement_propose"),
    path(
        P + "publications/<int:publication_id>/retry/",
        views.publication_retry,
        name="publication_retry",
    ),
    path(P + "freeze/", views.freeze_start, name="freeze_start"),
    path(P + "freeze/<int:freeze_id>/lift/", views.freeze_lift, name="freeze_lift"),
    path(P + "accounts/", views.accounts, name="publishing_accounts"),
    path(P + "accounts/<int:account_id>/check/", views.account_check, name="account_check"),
    path(P + "clients/", views.clients, name="client_contacts"),
    path(P + "settings/", views.response_settings, name="response_settings"),
    path(P + "mention/<int:mention_id>/", views.mention_reply, name="mention_reply"),
    path(P + "crisis/<int:crisis_id>/cadence/", views.crisis_cadence, name="crisis_cadence"),
]
