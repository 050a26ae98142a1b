"""Two-factor enrolment is enforced here for people whose firm makes it mandatory."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ALWAYS_ALLOWED_PREFIXES = ("/static/", "/i18n/", "/api/", "/logout/", "/account/two-factor/")


class TwoFactorMiddleware:
    """Sends a partner or admin of a firm that requires 2FA to enrol before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALWAYS_ALLOWED_PREFIXES)
            and user.must_use_second_factor()
            and not user.has_second_factor()
        ):
            return redirect(reverse("two_factor_setup") + "?required=1")
        return self.get_response(request)
