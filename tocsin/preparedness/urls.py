"""Pages of preparation, all under ``f/<firm>/prepare/``."""

from __future__ import annotations

from django.urls import path

from tocsin.preparedness import views

P = "f/<slug:firm_slug>/prepare/"

urlpatterns = [
    path(P, views.prepare, name="prepare"),
    path(P + "audits/start/", views.audit_start, name="audit_start"),
    path(P + "audits/<int:audit_id>/", views.audit_detail, name="audit_detail"),
    path(P + "audits/<int:audit_id>/save/", views.audit_save, name="audit_save"),
    path(P + "audits/<int:audit_id>/checks/", views.audit_checks, name="audit_checks"),
    path(P + "drills/start/", views.drill_start, name="drill_start"),
    path(P + "drills/<int:drill_id>/", views.drill_detail, name="drill_detail"),
    path(P + "drills/<int:drill_id>/end/", views.drill_end, name="drill_end"),
    path(
        P + "drills/<int:drill_id>/report.json", views.drill_report_json, name="drill_report_json"
    ),
]
