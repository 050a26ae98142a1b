from __future__ import annotations

from django.urls import path

from tocsin.alerts import views

P = "f/<slug:firm_slug>/alerts/"

urlpatterns = [
    path(P, views.alert_list, name="alerts"),
    path(P + "panel/", views.panel, name="alerts_panel"),
    path(P + "<int:alert_id>/", views.alert_detail, name="alert"),
    path(P + "<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path(P + "<int:alert_id>/snooze/", views.alert_snooze, name="alert_snooze"),
    path(P + "<int:alert_id>/resolve/", views.alert_resolve, name="alert_resolve"),
    path(P + "<int:alert_id>/crisis/", views.alert_open_crisis, name="alert_open_crisis"),
    path(P + "rules/", views.rules, name="alert_rules"),
    path(P + "rules/<int:rule_id>/", views.rule_edit, name="alert_rule_edit"),
    path(P + "channels/", views.channel_list, name="alert_channels"),
    path(P + "channels/<int:channel_id>/test/", views.channel_test, name="alert_channel_test"),
    path(
        P + "channels/<int:channel_id>/delete/", views.channel_delete, name="alert_channel_delete"
    ),
]
