"""LinkedIn company page posts: ``POST /rest/posts`` (Posts API, versioned headers). The
new post's URN comes back in the ``x-restli-id`` header; the token health check lists the
organisations the token may administer (``organizationAcls``) and looks for ours."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from tocsin.responses.publishers.base import Outgoing, Publisher, PublishError, Sent, register
from tocsin.responses.publishers.http import api_url, call

if TYPE_CHECKING:
    from tocsin.responses.models import PublishingAccount

API = "https://api.linkedin.com"
VERSION = "202411"


def _headers(account: PublishingAccount) -> dict[str, str]:
    token = str(account.credentials.get("access_token") or "")
    if not token:
        raise PublishError("no LinkedIn access token stored", retryable=False)
    return {
        "Authorization": f"Bearer {token}",
        "LinkedIn-Version": VERSION,
        "X-Restli-Protocol-Version": "2.0.0",
    }


def _author(account: PublishingAccount) -> str:
    author = str(account.config.get("author") or "")
    if not author.startswith(("urn:li:organization:", "urn:li:person:")):
        raise PublishError(
            "the account needs its author, e.g. urn:li:organization:12345", retryable=False
        )
    return author


@register
class LinkedInPublisher(Publisher):
    channel = "linkedin"
    limit = 3000

    def send(self, out: Outgoing) -> Sent:
        assert out.account is not None
        if out.progress:  # already posted: LinkedIn has no threads, nothing left to do
            return Sent(url=f"https://www.linkedin.com/feed/update/{out.progress[0]}/")
        text = self.parts(out.text, out.link)
        if len(text) > 1 or self.measure(text[0]) > self.limit:
            raise PublishError(
                "the text is longer than LinkedIn's 3,000 characters", retryable=False
            )
        _, headers, _ = call(
            "POST",
            api_url("TOCSIN_LINKEDIN_API_URL", API) + "/rest/posts",
            who="LinkedIn",
            headers=_headers(out.account),
            body={
                "author": _author(out.account),
                "commentary": text[0],
                "visibility": "PUBLIC",
                "distribution": {
                    "feedDistribution": "MAIN_FEED",
                    "targetEntities": [],
                    "thirdPartyDistributionChannels": [],
                },
                "lifecycleState": "PUBLISHED",
                "isReshareDisabledByAuthor": False,
            },
        )
        urn = headers.get("x-restli-id", "")
        if not urn:
            raise PublishError("LinkedIn did not say which post it created", retryable=False)
        out.record(urn)
        return Sent(url=f"https://www.linkedin.com/feed/update/{quote(urn, safe=':')}/")

    def check(self, account: PublishingAccount) -> str:
        author = _author(account)
        _, _, payload = call(
            "GET",
            api_url("TOCSIN_LINKEDIN_API_URL", API)
            + "/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED",
            who="LinkedIn",
            headers=_headers(account),
        )
        if author.startswith("urn:li:person:"):
            return author
        elements = (payload or {}).get("elements") or []
        orgs = {str(e.get("organization") or e.get("organizationTarget") or "") for e in elements}
        if author not in orgs:
            raise PublishError(
                f"the token may not post for {author} (not an administrator of that page)",
                retryable=False,
            )
        return author
