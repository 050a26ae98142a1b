"""Routes of the public side.

Firm pages live under ``f/<firm_slug>/public/`` and go through ``firm_view``. Public pages
live under ``p/<public_slug>/``: the different name keeps them out of the firm-page
isolation walk (they need no sign-in) and makes them easy to proxy from the firm's domain.
"""

from __future__ import annotations

from django.urls import path

from tocsin.public import chat, public_views, views

F = "f/<slug:firm_slug>/public/"
P = "p/<slug:public_slug>/"
C = P + "<int:crisis_id>/"

urlpatterns = [
    path(F, views.public_home, name="public_home"),
    path(F + "settings/", views.public_settings_save, name="public_settings_save"),
    path(F + "<int:crisis_id>/", views.public_crisis_admin, name="public_crisis_admin"),
    path(F + "<int:crisis_id>/page/", views.public_page_save, name="public_page_save"),
    path(F + "<int:crisis_id>/updates/", views.public_update_post, name="public_update_post"),
    path(F + "<int:crisis_id>/faq/", views.public_faq_edit, name="public_faq_edit"),
    path(F + "<int:crisis_id>/faq/save/", views.public_faq_save, name="public_faq_save"),
    path(F + "<int:crisis_id>/faq/import/", views.public_faq_import, name="public_faq_import"),
    path(F + "<int:crisis_id>/faq.yaml", views.public_faq_export, name="public_faq_export"),
    path(P, public_views.firm_index, name="public_index"),
    path(P + "banner.js", chat.banner_js, name="public_banner"),
    path(C, public_views.crisis_page, name="public_crisis"),
    path(C + "feed.atom", public_views.crisis_feed, name="public_feed"),
    path(C + "subscribe", public_views.subscribe, name="public_subscribe"),
    path(C + "confirm/<str:token>", public_views.confirm, name="public_confirm"),
    path(C + "unsubscribe/<str:token>", public_views.unsubscribe, name="public_unsubscribe"),
    path(C + "widget.js", chat.widget_js, name="public_widget"),
    path(C + "chat", chat.chat, name="public_chat"),
]
