"""X (Twitter) posts through API v2: ``POST /2/tweets`` with an OAuth 2.0 user token
(``tweet.write``); long texts become a reply chain. Links count 23 characters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tocsin.responses.publishers.base import (
    Outgoing,
    Publisher,
    PublishError,
    Sent,
    links_as,
    register,
)
from tocsin.responses.publishers.http import api_url, call

if TYPE_CHECKING:
    from tocsin.responses.models import PublishingAccount

API = "https://api.x.com"


def _headers(account: PublishingAccount) -> dict[str, str]:
    token = str(account.credentials.get("access_token") or "")
    if not token:
        raise PublishError("no X access token stored", retryable=False)
    return {"Authorization": f"Bearer {token}"}


@register
class XPublisher(Publisher):
    channel = "x"
    limit = 280
    threads = True

    def measure(self, text: str) -> int:
        return links_as(23)(text)

    def send(self, out: Outgoing) -> Sent:
        assert out.account is not None
        posts = self.parts(out.text, out.link)
        previous = out.progress[-1] if out.progress else ""
        for post in posts[len(out.progress) :]:
            body: dict[str, object] = {"text": post}
            if previous:
                body["reply"] = {"in_reply_to_tweet_id": previous}
            _, _, payload = call(
                "POST",
                api_url("TOCSIN_X_API_URL", API) + "/2/tweets",
                who="X",
                headers=_headers(out.account),
                body=body,
            )
            post_id = str(((payload or {}).get("data") or {}).get("id") or "")
            if not post_id:
                raise PublishError("X did not say which post it created", retryable=False)
            out.record(post_id)
            previous = post_id
        return Sent(url=f"https://x.com/i/web/status/{out.progress[0]}")

    def check(self, account: PublishingAccount) -> str:
        _, _, payload = call(
            "GET",
            api_url("TOCSIN_X_API_URL", API) + "/2/users/me",
            who="X",
            headers=_headers(account),
        )
        return "@" + str(((payload or {}).get("data") or {}).get("username") or "?")
