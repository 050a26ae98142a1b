"""Collecting and answering Google Business Profile reviews against a fake Google on
loopback: the My Business API v4 reviews resource and the OAuth 2.0 token endpoint, with
their documented JSON, errors and paging."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.base import SourceError
from tocsin.sources.google_reviews.collector import original_text, reply
from tocsin.sources.google_reviews.forms import GoogleReviewsForm
from tocsin.sources.models import Source
from tocsin.sources.testing_servers import ApiServer, Reply, Seen, json_reply, query
from tocsin.testing import Cast

pytestmark = pytest.mark.usefixtures("allow_loopback")

LISTING = "accounts/1067/locations/8832"
REVIEWS = f"/v4/{LISTING}/reviews"
TOKEN = "/token"


@pytest.fixture
def google(api_server: ApiServer, settings: Any) -> ApiServer:
    settings.TOCSIN_GOOGLE_API_URL = api_server.url("")
    settings.TOCSIN_GOOGLE_TOKEN_URL = api_server.url(TOKEN)
    return api_server


def review(
    rid: str, stars: str, comment: str | None, updated: str, name: str = "Claire Martin"
) -> dict[str, object]:
    body: dict[str, object] = {
        "reviewId": rid,
        "name": f"{LISTING}/reviews/{rid}",
        "reviewer": {
            "displayName": name,
            "profilePhotoUrl": "https://lh3.googleusercontent.com/a/x",
        },
        "starRating": stars,
        "createTime": updated,
        "updateTime": updated,
    }
    if comment is not None:
        body["comment"] = comment
    return body


def grant(token: str = "ya29.fresh") -> Reply:  # noqa: S107
    return json_reply(
        200,
        {
            "access_token": token,
            "expires_in": 3599,
            "scope": "https://www.googleapis.com/auth/business.manage",
            "token_type": "Bearer",
        },
    )


def _source(cast: Cast, **creds: object) -> Source:
    source = Source.objects.create(
        firm=cast.firm_a, name="Avis Google", kind="google_reviews", config={"listing": LISTING}
    )
    source.credentials = {
        "client_id": "1234.apps.googleusercontent.com",
        "client_secret": "GOCSPX-secret",
        "refresh_token": "1//0refresh",
        **creds,
    }
    source.save()
    return source


def test_review_stars_become_rating(cast: Cast, google: ApiServer) -> None:
    google.route(TOKEN, grant())
    google.route(
        REVIEWS,
        json_reply(
            200,
            {
                "reviews": [
                    review(
                        "r2",
                        "ONE",
                        "Erreur sur ma liasse fiscale, personne ne rappelle.",
                        "2026-11-26T18:00:00.123Z",
                    ),
                    review(
                        "r1",
                        "FIVE",
                        "Équipe très réactive.",
                        "2026-11-20T09:30:00Z",
                        name="Marc Petit",
                    ),
                ],
                "averageRating": 3,
                "totalReviewCount": 2,
            },
        ),
    )
    source = _source(cast)
    report = services.collect(source)
    assert (report.seen, report.created, report.error) == (2, 2, "")
    [token_call] = google.requests_to(TOKEN)
    assert parse_qs(token_call.body.decode()) == {
        "grant_type": ["refresh_token"],
        "client_id": ["1234.apps.googleusercontent.com"],
        "client_secret": ["GOCSPX-secret"],
        "refresh_token": ["1//0refresh"],
    }
    [listing] = google.requests_to(REVIEWS)
    assert listing.headers["authorization"] == "Bearer ya29.fresh"
    assert query(listing)["pageSize"] == "50"
    bad = Mention.objects.for_firm(cast.firm_a).get(external_id=f"{LISTING}/reviews/r2")
    assert (bad.rating, bad.author) == (1, "Claire Martin")
    assert bad.text == "Erreur sur ma liasse fiscale, personne ne rappelle."
    assert bad.published_at == datetime(2026, 11, 26, 18, 0, 0, 123000, tzinfo=UTC)
    assert Mention.objects.for_firm(cast.firm_a).get(external_id__endswith="/r1").rating == 5
    source.refresh_from_db()
    assert source.credentials["access_token"] == "ya29.fresh"  # kept, encrypted
    assert "ya29" not in source.sealed_credentials
    assert source.cursor.startswith("2026-11-26T18:00:00.123")


def test_reviews_are_paged_with_the_page_token(cast: Cast, google: ApiServer) -> None:
    def listing(seen: Seen) -> Reply:
        if query(seen).get("pageToken") == "next-1":
            return json_reply(
                200, {"reviews": [review("r1", "THREE", "Correct.", "2026-11-01T00:00:00Z")]}
            )
        return json_reply(
            200,
            {
                "reviews": [review("r2", "FOUR", "Bien.", "2026-11-02T00:00:00Z")],
                "nextPageToken": "next-1",
            },
        )

    google.route(TOKEN, grant())
    google.route(REVIEWS, listing)
    assert services.collect(_source(cast)).created == 2
    assert [query(s).get("pageToken") for s in google.requests_to(REVIEWS)] == [None, "next-1"]
    assert len(google.requests_to(TOKEN)) == 1  # one token for the whole run


def test_later_run_stops_at_the_last_review_seen(cast: Cast, google: ApiServer) -> None:
    google.route(TOKEN, grant())
    google.route(
        REVIEWS,
        json_reply(
            200,
            {
                "reviews": [
                    review("new", "TWO", "Déçu.", "2026-11-27T08:00:00Z"),
                    review("old", "FIVE", "Top", "2026-11-01T00:00:00Z"),
                ],
                "nextPageToken": "more",
            },
        ),
    )
    source = _source(cast)
    source.cursor = "2026-11-20T00:00:00+00:00"
    source.save()
    report = services.collect(source)
    assert (report.seen, report.created) == (1, 1)
    assert len(google.requests_to(REVIEWS)) == 1  # older pages were seen before


def test_expired_access_token_is_refreshed_once(cast: Cast, google: ApiServer) -> None:
    expired = (timezone.now() - timedelta(minutes=5)).isoformat()
    google.route(TOKEN, grant("ya29.second"))
    google.route(REVIEWS, json_reply(200, {"reviews": []}))
    source = _source(cast, access_token="ya29.old", access_expires_at=expired)
    assert services.collect(source).error == ""
    assert len(google.requests_to(TOKEN)) == 1
    assert google.requests_to(REVIEWS)[0].headers["authorization"] == "Bearer ya29.second"


def test_token_google_no_longer_accepts_is_renewed_and_the_call_retried(
    cast: Cast, google: ApiServer
) -> None:
    valid = (timezone.now() + timedelta(minutes=30)).isoformat()
    unauthenticated = json_reply(
        401,
        {
            "error": {
                "code": 401,
                "message": "Request had invalid authentication credentials.",
                "status": "UNAUTHENTICATED",
            }
        },
    )
    google.route(TOKEN, grant("ya29.renewed"))
    google.route(
        REVIEWS,
        unauthenticated,
        json_reply(200, {"reviews": [review("r1", "FIVE", "Merci", "2026-11-02T00:00:00Z")]}),
    )
    source = _source(cast, access_token="ya29.revoked", access_expires_at=valid)
    assert services.collect(source).created == 1
    assert [s.headers["authorization"] for s in google.requests_to(REVIEWS)] == [
        "Bearer ya29.revoked",
        "Bearer ya29.renewed",
    ]


def test_revoked_refresh_token_is_a_clear_error(cast: Cast, google: ApiServer) -> None:
    google.route(
        TOKEN,
        json_reply(
            400,
            {"error": "invalid_grant", "error_description": "Token has been expired or revoked."},
        ),
    )
    source = _source(cast)
    report = services.collect(source)
    assert (
        "refused the refresh token (invalid_grant: Token has been expired or revoked.)"
        in report.error
    )
    assert google.requests_to(REVIEWS) == []


def test_google_rate_limit_waits_for_retry_after(cast: Cast, google: ApiServer) -> None:
    google.route(TOKEN, grant())
    google.route(
        REVIEWS,
        json_reply(
            429,
            {"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED"}},
            {"Retry-After": "1800"},
        ),
    )
    source = _source(cast)
    report = services.collect(source)
    assert "RESOURCE_EXHAUSTED" in report.error
    source.refresh_from_db()
    assert source.next_run_at >= timezone.now() + timedelta(seconds=1790)


def test_google_server_error_is_tried_again(cast: Cast, google: ApiServer) -> None:
    google.route(TOKEN, grant())
    google.route(
        REVIEWS,
        json_reply(
            500,
            {
                "error": {
                    "code": 500,
                    "message": "Internal error encountered.",
                    "status": "INTERNAL",
                }
            },
        ),
        json_reply(200, {}),
    )
    source = _source(cast)
    assert "HTTP 500" in services.collect(source).error
    source.refresh_from_db()
    assert services.collect(source).error == ""


def test_star_only_review_still_becomes_a_mention(cast: Cast, google: ApiServer) -> None:
    google.route(TOKEN, grant())
    google.route(
        REVIEWS, json_reply(200, {"reviews": [review("s", "ONE", None, "2026-11-02T00:00:00Z")]})
    )
    services.collect(_source(cast))
    mention = Mention.objects.for_firm(cast.firm_a).get()
    assert (mention.rating, mention.text) == (1, "★")


def test_reply_puts_the_answer_on_the_review(cast: Cast, google: ApiServer) -> None:
    google.route(TOKEN, grant())
    google.route(
        f"{REVIEWS}/r2/reply",
        json_reply(
            200, {"comment": "Merci, nous vous rappelons.", "updateTime": "2026-11-27T10:00:00Z"}
        ),
    )
    source = _source(cast)
    answer = reply(source, f"{LISTING}/reviews/r2", "  Merci, nous vous rappelons. ")
    assert answer["comment"] == "Merci, nous vous rappelons."
    [put] = google.requests_to(f"{REVIEWS}/r2/reply")
    assert put.method == "PUT"
    assert json.loads(put.body) == {"comment": "Merci, nous vous rappelons."}
    assert put.headers["authorization"] == "Bearer ya29.fresh"
    source.refresh_from_db()
    assert source.credentials["access_token"] == "ya29.fresh"


def test_reply_refuses_an_empty_answer_or_a_path(cast: Cast, google: ApiServer) -> None:
    source = _source(cast)
    with pytest.raises(SourceError):
        reply(source, "r2", "   ")
    with pytest.raises(SourceError):
        reply(source, "../../other", "Merci")
    assert google.seen == []


def test_translated_review_keeps_the_reviewers_words() -> None:
    comment = "(Translated by Google) Very responsive team.\n\n(Original)\nÉquipe très réactive."
    assert original_text(comment) == "Équipe très réactive."


def test_form_normalises_the_listing() -> None:
    form = GoogleReviewsForm(
        {"listing": "1067/8832", "client_id": "x", "client_secret": "y", "refresh_token": "z"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["listing"] == LISTING
    assert not GoogleReviewsForm({"listing": "https://evil.example/"}).is_valid()
