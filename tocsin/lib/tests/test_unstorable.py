"""A value the database cannot store is answered as the request's mistake (400), not a 500."""

from __future__ import annotations

import pytest
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from tocsin.alerts.models import AlertChannel
from tocsin.lib.unstorable import UnstorableValueMiddleware, is_out_of_range
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.testing import Cast

HUGE = str(10**23)


def test_a_choice_past_64_bits_in_a_form_is_a_bad_request_not_a_500(cast: Cast) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(cast.ada.person)
    url = reverse("alert_channels", args=[cast.firm_a.slug])
    response = client.post(
        url, {"kind": "email", "name": "Associés", "digest": "daily", "recipients": HUGE}
    )
    # SQLite cannot compare with such a number (400); PostgreSQL finds no such person and
    # the form says so (200). Never a 500, and nothing is created.
    assert response.status_code in (200, 400), response.status_code
    assert not AlertChannel.objects.for_firm(cast.firm_a).filter(name="Associés").exists()


def test_a_nul_in_a_page_form_is_a_bad_request_not_a_500(cast: Cast) -> None:
    mention_id = ingest(cast.firm_a, [Incoming(text="Votre cabinet a perdu mes papiers")])
    client = Client(raise_request_exception=False)
    client.force_login(cast.alice.person)
    url = reverse("mention_reply", args=[cast.firm_a.slug, mention_id.created[0]])
    response = client.post(url, {"text": "Bonjour\x00 nous regardons"})
    # PostgreSQL refuses NUL in a text (400); SQLite stores it. Never a 500.
    assert response.status_code < 500, response.status_code


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (OverflowError("Python int too large to convert to SQLite INTEGER"), 400),
        (DataError("A string literal cannot contain NUL (0x00) characters."), 400),
    ],
)
def test_the_middleware_answers_unstorable_values_with_400(error: Exception, status: int) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        raise error

    middleware = UnstorableValueMiddleware(view)
    request = RequestFactory().post("/f/alpha/anything/")
    answer = middleware.process_exception(request, error)
    assert answer is not None and answer.status_code == status
    assert b"<p>" in answer.content


def test_other_errors_stay_server_errors() -> None:
    middleware = UnstorableValueMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, OverflowError("math range error")) is None
    assert middleware.process_exception(request, ValueError("boom")) is None
    assert not is_out_of_range(ValueError("too large to convert to SQLite INTEGER"))
