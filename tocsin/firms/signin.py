"""Sign-in: password, then the TOTP code when the person has one; throttled either way."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import pyotp
import segno
from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tocsin.firms import audit
from tocsin.firms.audit import client_ip
from tocsin.firms.models import Person, SecondFactor

PENDING_KEY = "tocsin_pending_person"
TOTP_STEP = 30


def _throttle_keys(request: HttpRequest, username: str) -> list[str]:
    who = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"signin-fail:user:{who}", f"signin-fail:ip:{client_ip(request) or '-'}"]


def is_throttled(request: HttpRequest, username: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    # The address limit is wider: an office shares one address.
    user_key, ip_key = _throttle_keys(request, username)
    return (cache.get(user_key, 0) >= limit) or (cache.get(ip_key, 0) >= limit * 4)


def note_failure(request: HttpRequest, username: str) -> None:
    for key in _throttle_keys(request, username):
        cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW)
    audit.record("auth.sign_in_failed", summary=username[:150], request=request)


def clear_failures(request: HttpRequest, username: str) -> None:
    cache.delete_many(_throttle_keys(request, username))


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": gettext_lazy(
            "Too many failed attempts. Wait a few minutes, or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if self.request is not None and is_throttled(self.request, username):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            if self.request is not None:
                note_failure(self.request, username)
            raise


class SignInView(LoginView):
    """Step one. A person with a second factor is not signed in yet: the code comes next."""

    form_class = ThrottledAuthenticationForm
    template_name = "firms/signin.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        person = form.get_user()
        clear_failures(self.request, form.cleaned_data.get("username") or "")
        if person.has_second_factor():
            self.request.session[PENDING_KEY] = {
                "id": person.pk,
                "backend": person.backend,
                "next": self.get_success_url(),
                "at": time.time(),
            }
            return redirect("signin_code")
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if any(e.code == "throttled" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def accept_code(device: SecondFactor, code: str) -> bool:
    """Check a TOTP code (one step of clock drift allowed), refusing a code used before."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret, interval=TOTP_STEP)
    now = time.time()
    with transaction.atomic():
        locked = SecondFactor.objects.select_for_update().get(pk=device.pk)
        for drift in (-1, 0, 1):
            step = int(now // TOTP_STEP) + drift
            if step <= locked.last_step:
                continue
            if totp.verify(code, for_time=step * TOTP_STEP, valid_window=0):
                locked.last_step = step
                locked.save(update_fields=["last_step"])
                return True
    return False


def signin_code(request: HttpRequest) -> HttpResponse:
    """Step two: the code from the authenticator app."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > 300:
        request.session.pop(PENDING_KEY, None)
        return redirect("login")
    person = Person.objects.filter(pk=pending["id"], is_active=True).first()
    device = SecondFactor.objects.filter(person=person, confirmed_at__isnull=False).first()
    if person is None or device is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if is_throttled(request, person.username):
            form.add_error(None, _("Too many failed attempts. Wait a few minutes."))
            status = 429
        elif accept_code(device, form.cleaned_data["code"]):
            del request.session[PENDING_KEY]
            clear_failures(request, person.username)
            login(request, person, backend=pending["backend"])
            return redirect(pending["next"] or settings.LOGIN_REDIRECT_URL)
        else:
            note_failure(request, person.username)
            form.add_error("code", _("This code is not valid. Try the next one."))
            status = 400
    return render(request, "firms/signin_code.html", {"form": form}, status=status)


def qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#1f2a37")


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Register an authenticator app: show a secret and its QR code, confirm with a code."""
    if not isinstance(request.user, Person):
        return redirect("login")
    person = request.user
    device, _created = SecondFactor.objects.get_or_create(
        person=person, defaults={"secret": pyotp.random_base32()}
    )
    if request.method == "POST" and request.POST.get("action") == "disable":
        if person.must_use_second_factor():
            return render(
                request,
                "firms/two_factor.html",
                {"device": device, "error": _("Your firm requires two-factor sign-in.")},
                status=400,
            )
        device.delete()
        audit.record("auth.two_factor_disabled", actor=person, target=person, request=request)
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    if device.confirmed_at is None and request.method == "POST" and form.is_valid():
        if accept_code(device, form.cleaned_data["code"]):
            device.refresh_from_db()
            device.confirmed_at = timezone.now()
            device.save(update_fields=["confirmed_at"])
            audit.record("auth.two_factor_enabled", actor=person, target=person, request=request)
            return redirect("home")
        form.add_error("code", _("This code is not valid. Check your phone's clock."))
    uri = pyotp.TOTP(device.secret, interval=TOTP_STEP).provisioning_uri(
        name=person.email, issuer_name="Tocsin"
    )
    return render(
        request,
        "firms/two_factor.html",
        {
            "device": device,
            "form": form,
            "qr": qr_svg(uri) if device.confirmed_at is None else "",
            "secret": device.secret if device.confirmed_at is None else "",
            "required": request.GET.get("required") == "1",
        },
    )
