"""Pages of the crisis room, all under ``f/<firm>/crises/``."""

from __future__ import annotations

from django.urls import path

from tocsin.crises import views

P = "f/<slug:firm_slug>/crises/"

urlpatterns = [
    path(P, views.crisis_list, name="crises"),
    path(P + "open/", views.crisis_open, name="crisis_open"),
    path(P + "<int:crisis_id>/", views.crisis_room, name="crisis_room"),
    path(P + "<int:crisis_id>/live/", views.crisis_live, name="crisis_live"),
    path(P + "<int:crisis_id>/assess/", views.crisis_assess, name="crisis_assess"),
    path(P + "<int:crisis_id>/state/", views.crisis_state, name="crisis_state"),
    path(P + "<int:crisis_id>/role/", views.crisis_role, name="crisis_role"),
    path(P + "<int:crisis_id>/decision/", views.crisis_decision, name="crisis_decision"),
    path(P + "<int:crisis_id>/pin/", views.crisis_pin, name="crisis_pin"),
    path(P + "<int:crisis_id>/cnil/", views.crisis_notification, name="crisis_notification"),
    path(
        P + "<int:crisis_id>/cnil/save/",
        views.crisis_notification_save,
        name="crisis_notification_save",
    ),
    path(
        P + "<int:crisis_id>/cnil/send/",
        views.crisis_notification_send,
        name="crisis_notification_send",
    ),
    path(
        P + "<int:crisis_id>/timeline.json", views.crisis_timeline_json, name="crisis_timeline_json"
    ),
    path(P + "<int:crisis_id>/timeline.pdf", views.crisis_timeline_pdf, name="crisis_timeline_pdf"),
    path(
        P + "<int:crisis_id>/timeline/print/",
        views.crisis_timeline_print,
        name="crisis_timeline_print",
    ),
    path(P + "tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path(P + "tasks/<int:task_id>/check/", views.task_check, name="task_check"),
    path(P + "clocks/<int:clock_id>/met/", views.clock_met, name="clock_met"),
    path(P + "clocks/<int:clock_id>/waive/", views.clock_waive, name="clock_waive"),
    path(P + "breach-register/", views.breach_register, name="breach_register"),
    path(
        P + "breach-register/<int:record_id>/", views.breach_record_save, name="breach_record_save"
    ),
    path(P + "playbooks/", views.playbook_list, name="playbooks"),
    path(P + "playbooks/import/", views.playbook_import, name="playbook_import"),
    path(P + "playbooks/<int:playbook_id>/", views.playbook_detail, name="playbook_detail"),
    path(P + "playbooks/<int:playbook_id>/yaml/", views.playbook_yaml, name="playbook_yaml"),
    path(P + "playbooks/<int:playbook_id>/edit/", views.playbook_edit, name="playbook_edit"),
    path(P + "playbooks/<int:playbook_id>/save/", views.playbook_save, name="playbook_save"),
    path(
        P + "playbooks/<int:playbook_id>/reviewed/",
        views.playbook_reviewed,
        name="playbook_reviewed",
    ),
]
