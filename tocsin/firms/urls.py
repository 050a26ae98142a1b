from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from tocsin.firms import signin, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", signin.SignInView.as_view(), name="login"),
    path("login/code/", signin.signin_code, name="signin_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="firms/password_reset.html",
            email_template_name="firms/email/password_reset.txt",
            subject_template_name="firms/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="firms/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="firms/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="firms/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("account/", views.profile, name="profile"),
    path("account/two-factor/", signin.two_factor_setup, name="two_factor_setup"),
    path("f/<slug:firm_slug>/", views.firm_home, name="firm_home"),
    path("f/<slug:firm_slug>/team/", views.team, name="team"),
    path("f/<slug:firm_slug>/team/invite/", views.team_invite, name="team_invite"),
    path("f/<slug:firm_slug>/team/<int:member_id>/", views.member, name="member"),
    path(
        "f/<slug:firm_slug>/team/<int:member_id>/remove/", views.member_remove, name="member_remove"
    ),
    path("f/<slug:firm_slug>/audit/", views.audit_trail, name="audit"),
    path("f/<slug:firm_slug>/tokens/", views.tokens, name="tokens"),
    path(
        "f/<slug:firm_slug>/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"
    ),
    path("f/<slug:firm_slug>/settings/", views.firm_settings, name="firm_settings"),
]
