"""Facebook page posts through the Graph API: ``POST /{page-id}/feed`` with the page's
access token; the link goes in ``link`` so Facebook shows its preview."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from tocsin.responses.publishers.base import Outgoing, Publisher, PublishError, Sent, register
from tocsin.responses.publishers.http import api_url, call

if TYPE_CHECKING:
    from tocsin.responses.models import PublishingAccount

API = "https://graph.facebook.com"
VERSION = "v21.0"


def _page(account: PublishingAccount) -> tuple[str, str]:
    page = str(account.config.get("page_id") or "")
    token = str(account.credentials.get("access_token") or "")
    if not page.isdigit():
        raise PublishError("the account needs its numeric page id", retryable=False)
    if not token:
        raise PublishError("no page access token stored", retryable=False)
    return page, token


@register
class FacebookPublisher(Publisher):
    channel = "facebook"
    limit = 63_206

    def send(self, out: Outgoing) -> Sent:
        assert out.account is not None
        if out.progress:
            return Sent(url=f"https://www.facebook.com/{out.progress[0]}")
        page, token = _page(out.account)
        form = {"message": out.text.strip(), "access_token": token}
        if out.link:
            form["link"] = out.link
        _, _, payload = call(
            "POST",
            f"{api_url('TOCSIN_FACEBOOK_API_URL', API)}/{VERSION}/{quote(page)}/feed",
            who="Facebook",
            form=form,
        )
        post_id = str((payload or {}).get("id") or "")
        if not post_id:
            raise PublishError("Facebook did not say which post it created", retryable=False)
        out.record(post_id)
        return Sent(url=f"https://www.facebook.com/{post_id}")

    def check(self, account: PublishingAccount) -> str:
        page, token = _page(account)
        _, _, payload = call(
            "GET",
            f"{api_url('TOCSIN_FACEBOOK_API_URL', API)}/{VERSION}/{quote(page)}"
            f"?fields=id,name&access_token={quote(token)}",
            who="Facebook",
        )
        return str((payload or {}).get("name") or page)
