"""Bluesky posts through atproto's client (``send_post``): at most 300 graphemes a post,
links made clickable with facets, long texts as a thread whose posts name the first as
root and the previous as parent. The session is kept (encrypted) with the account, as the
collector does, because Bluesky limits sign-ins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from atproto import Client, client_utils, models
from atproto_client import exceptions as atx
from atproto_client.request import Request

from tocsin.responses.publishers.base import (
    URL,
    Outgoing,
    Publisher,
    PublishError,
    Sent,
    graphemes,
    register,
)

if TYPE_CHECKING:
    from tocsin.responses.models import PublishingAccount

DEFAULT_SERVICE = "https://bsky.social"


def _explained(exc: Exception) -> PublishError:
    from tocsin.lib import safe_httpx

    if isinstance(exc, safe_httpx.Refused):
        return PublishError(f"address refused: {exc}", retryable=False)
    if isinstance(exc, atx.RateLimitExceededError):
        return PublishError("Bluesky's rate limit is reached", retry_after=300.0)
    if isinstance(exc, atx.UnauthorizedError):
        return PublishError(
            "Bluesky refused the handle, app password or session; enter a new app password",
            retryable=False,
        )
    if isinstance(exc, atx.BadRequestError):
        content = getattr(getattr(exc, "response", None), "content", None)
        detail = getattr(content, "message", None) or getattr(content, "error", None) or ""
        return PublishError(f"Bluesky refused the post: {detail}", retryable=False)
    if isinstance(exc, atx.RequestErrorBase):
        status = exc.response.status_code if exc.response is not None else None
        return PublishError(
            f"Bluesky answered HTTP {status}", retryable=status is None or status >= 500
        )
    return PublishError(f"Bluesky: {str(exc)[:300]}")


class Session:
    """A signed-in client for one account, its session kept with the account's credentials."""

    def __init__(self, account: PublishingAccount) -> None:
        from tocsin.lib import safe_httpx

        self.account = account
        self.creds = account.credentials
        self.client = Client(
            base_url=account.base_url or DEFAULT_SERVICE,
            request=Request(**safe_httpx.client_options()),
        )
        self.did = ""
        self.handle = ""

    def sign_in(self) -> None:
        stored = str(self.creds.get("session") or "")
        if stored:
            try:
                self.client.login(session_string=stored, fetch_bsky_profile=False)
                self._who()
                return
            except (ValueError, atx.AtProtocolError):
                self.creds.pop("session", None)
        identifier = str(self.creds.get("identifier") or "")
        password = str(self.creds.get("app_password") or "")
        if not identifier or not password:
            raise PublishError("no Bluesky handle and app password stored", retryable=False)
        try:
            self.client.login(identifier, password, fetch_bsky_profile=False)
        except Exception as exc:
            raise _explained(exc) from None
        self._who()

    def _who(self) -> None:
        # atproto keeps the session's DID and handle on its (private) session object.
        session = getattr(self.client, "_session", None)
        self.did = str(getattr(session, "did", "") or "")
        self.handle = str(getattr(session, "handle", "") or "")

    def keep(self) -> None:
        try:
            current = self.client.export_session_string()
        except Exception:
            current = ""
        if current and current != self.creds.get("session"):
            self.creds["session"] = current
            self.account.credentials = self.creds
            type(self.account).objects.for_firm(self.account.firm_id).filter(
                pk=self.account.pk
            ).update(sealed_credentials=self.account.sealed_credentials)


def rich(text: str) -> client_utils.TextBuilder:
    """The post with its links as link facets (Bluesky does not detect them itself)."""
    builder = client_utils.TextBuilder()
    position = 0
    for match in URL.finditer(text):
        if match.start() > position:
            builder.text(text[position : match.start()])
        builder.link(match.group(0), match.group(0))
        position = match.end()
    if position < len(text):
        builder.text(text[position:])
    return builder


@register
class BlueskyPublisher(Publisher):
    channel = "bluesky"
    limit = 300
    threads = True

    def measure(self, text: str) -> int:
        return graphemes(text)

    def send(self, out: Outgoing) -> Sent:
        assert out.account is not None
        session = Session(out.account)
        session.sign_in()
        posts = self.parts(out.text, out.link)
        refs = [_ref(p) for p in out.progress]
        try:
            answered = _answered(session, out)  # (root, parent) when replying to a mention
            for index in range(len(refs), len(posts)):
                reply_to: Any = None
                if refs:
                    root = answered[0] if answered else refs[0]
                    reply_to = models.AppBskyFeedPost.ReplyRef(root=root, parent=refs[-1])
                elif answered:
                    reply_to = models.AppBskyFeedPost.ReplyRef(root=answered[0], parent=answered[1])
                created = session.client.send_post(
                    rich(posts[index]),
                    profile_identify=session.did or None,
                    reply_to=reply_to,
                    langs=[out.language],
                )
                out.record(f"{created.uri}|{created.cid}")
                refs.append(models.ComAtprotoRepoStrongRef.Main(uri=created.uri, cid=created.cid))
        except PublishError:
            raise
        except Exception as exc:
            raise _explained(exc) from None
        finally:
            session.keep()
        rkey = refs[0].uri.rsplit("/", 1)[-1]
        return Sent(url=f"https://bsky.app/profile/{session.handle or session.did}/post/{rkey}")

    def check(self, account: PublishingAccount) -> str:
        session = Session(account)
        session.sign_in()
        session.keep()
        return "@" + (session.handle or session.did)


def _answered(
    session: Session, out: Outgoing
) -> tuple[models.ComAtprotoRepoStrongRef.Main, models.ComAtprotoRepoStrongRef.Main] | None:
    """For a reply to a Bluesky mention: the thread's root and the post answered, as strong
    references (a reply must name both, with their content ids, which the collector did
    not keep: ``getPosts`` gives them)."""
    mention = out.statement.mention
    if mention is None or not mention.external_id.startswith("at://"):
        return None
    found = session.client.get_posts([mention.external_id]).posts
    if not found:
        return None
    post = found[0]
    parent = models.ComAtprotoRepoStrongRef.Main(uri=post.uri, cid=post.cid)
    reply = getattr(post.record, "reply", None)
    root = reply.root if reply is not None else parent
    return root, parent


def _ref(progress: str) -> models.ComAtprotoRepoStrongRef.Main:
    uri, _, cid = progress.partition("|")
    return models.ComAtprotoRepoStrongRef.Main(uri=uri, cid=cid)
