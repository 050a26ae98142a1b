from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tocsin.firms.models import SecondFactor
from tocsin.firms.signin import TOTP_STEP
from tocsin.testing import PASSWORD, Cast


def _sign_in(client: Client, username: str, password: str = PASSWORD) -> int:
    return client.post("/login/", {"username": username, "password": password}).status_code


def _enrol(person_id: int) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    SecondFactor.objects.create(
        person_id=person_id, secret=secret, confirmed_at="2026-01-01T00:00Z"
    )
    return pyotp.TOTP(secret, interval=TOTP_STEP)


def test_passwords_are_hashed_with_argon2(cast: Cast) -> None:
    assert cast.alice.person.password.startswith("argon2")


def test_sign_in_and_reach_own_firm(cast: Cast, client: Client) -> None:
    assert _sign_in(client, "alice") == 302
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert "Cabinet Alpha" in response.content.decode()


def test_wrong_password_is_refused(cast: Cast, client: Client) -> None:
    assert _sign_in(client, "alice", "nope") == 200
    assert client.get("/f/alpha/").status_code == 302  # still anonymous: sent to sign-in


def test_repeated_failures_are_throttled(cast: Cast, client: Client) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "alice", "wrong-password")
    # Even the right password is refused while the account is throttled.
    assert _sign_in(client, "alice") == 429
    assert client.get("/f/alpha/").status_code == 302


def test_second_factor_is_asked_after_the_password(cast: Cast, client: Client) -> None:
    totp = _enrol(cast.alice.person_id)
    assert (
        client.post("/login/", {"username": "alice", "password": PASSWORD})["Location"]
        == "/login/code/"
    )
    assert client.get("/f/alpha/").status_code == 302  # not signed in yet
    assert (
        client.post(
            "/login/code/", {"code": "000000" if totp.now() != "000000" else "111111"}
        ).status_code
        == 400
    )
    assert client.post("/login/code/", {"code": totp.now()}).status_code == 302
    assert client.get("/f/alpha/").status_code == 200


def test_a_totp_code_cannot_be_replayed(cast: Cast) -> None:
    totp = _enrol(cast.alice.person_id)
    code = totp.now()
    first, second = Client(), Client()
    first.post("/login/", {"username": "alice", "password": PASSWORD})
    assert first.post("/login/code/", {"code": code}).status_code == 302
    second.post("/login/", {"username": "alice", "password": PASSWORD})
    assert second.post("/login/code/", {"code": code}).status_code == 400


def test_mandatory_two_factor_sends_partner_to_enrol(cast: Cast, client: Client) -> None:
    cast.firm_a.require_two_factor = True
    cast.firm_a.save()
    client.post("/login/", {"username": "alice", "password": PASSWORD})
    response = client.get("/f/alpha/")
    assert response.status_code == 302 and response["Location"].startswith("/account/two-factor/")
    # A viewer of the same firm is not forced.
    viewer = Client()
    viewer.post("/login/", {"username": "victor", "password": PASSWORD})
    assert viewer.get("/f/alpha/").status_code == 200


def test_enrolling_two_factor_with_the_shown_secret(cast: Cast, client: Client) -> None:
    client.post("/login/", {"username": "alice", "password": PASSWORD})
    page = client.get("/account/two-factor/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page)
    assert secret is not None
    code = pyotp.TOTP(secret.group(1), interval=TOTP_STEP).at(time.time())
    assert client.post("/account/two-factor/", {"code": code}).status_code == 302
    assert cast.alice.person.has_second_factor()


def test_password_reset_by_email(cast: Cast, client: Client) -> None:
    client.post("/password/reset/", {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    new = "an-entirely-new-passphrase"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _sign_in(Client(), "alice", new) == 302


def test_unknown_email_reset_sends_nothing(cast: Cast, client: Client) -> None:
    assert client.post("/password/reset/").status_code == 200
    client.post("/password/reset/", {"email": "nobody@example.org"})
    assert mail.outbox == []


def test_sessions_expire(settings: pytest.FixtureRequest) -> None:
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE <= 12 * 3600
    assert live.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_expired_session_is_signed_out(
    cast: Cast, client: Client, settings: pytest.FixtureRequest
) -> None:
    _sign_in(client, "alice")
    assert client.get("/f/alpha/").status_code == 200
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/f/alpha/").status_code == 302


def test_forwarded_for_is_ignored_without_a_proxy(cast: Cast, client: Client) -> None:
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(
            "/login/",
            {"username": "alice", "password": "bad-password"},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
    from tocsin.firms.models import AuditEvent

    failures = AuditEvent.objects.filter(action="auth.sign_in_failed").values_list("ip", flat=True)
    assert set(failures) == {"127.0.0.1"}
