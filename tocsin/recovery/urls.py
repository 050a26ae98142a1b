"""Pages of the recovery stage, all under ``f/<firm>/recovery/``."""

from __future__ import annotations

from django.urls import path

from tocsin.recovery import views

P = "f/<slug:firm_slug>/recovery/"

urlpatterns = [
    path(P, views.recovery_home, name="recovery"),
    path(P + "<int:crisis_id>/", views.recovery_crisis, name="recovery_crisis"),
    path(P + "<int:crisis_id>/actions/new/", views.action_create, name="action_create"),
    path(P + "<int:crisis_id>/report/", views.report_page, name="recovery_report"),
    path(P + "<int:crisis_id>/report.pdf", views.report_pdf, name="recovery_report_pdf"),
    path(P + "<int:crisis_id>/report/lessons/", views.report_lessons, name="recovery_lessons"),
    path(P + "<int:crisis_id>/report/finalise/", views.report_finalise, name="recovery_finalise"),
    path(P + "<int:crisis_id>/campaigns/new/", views.campaign_create, name="campaign_create"),
    path(P + "actions/<int:action_id>/", views.action_detail, name="action_detail"),
    path(P + "actions/<int:action_id>/edit/", views.action_update, name="action_update"),
    path(P + "actions/<int:action_id>/public/", views.action_public, name="action_public"),
    path(P + "actions/<int:action_id>/note/", views.action_note, name="action_note"),
    path(P + "actions/<int:action_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path(P + "evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path(
        P + "campaign-items/<int:item_id>/draft/",
        views.campaign_item_draft,
        name="campaign_item_draft",
    ),
    path(
        P + "campaigns/<int:campaign_id>/items/new/",
        views.campaign_item_create,
        name="campaign_item_create",
    ),
]
