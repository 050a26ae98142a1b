"""The settings of a Mastodon source: an instance, the firm's access token, what to watch."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.lib import safe_http

MAX_STREAMS = 10  # hashtags + search terms: each is one request per run, and one cursor
TOKEN = re.compile(r"^[A-Za-z0-9_-]{10,200}$")


def split_terms(value: str, *, hashtags: bool = False) -> list[str]:
    """Terms one per line (hashtags may also be separated by commas or spaces), without
    repeats; a leading ``#`` on a hashtag is dropped, as the API wants."""
    parts = re.split(r"[\s,]+", value) if hashtags else value.splitlines()
    seen: dict[str, None] = {}
    for part in parts:
        term = part.strip().lstrip("#").strip() if hashtags else part.strip()
        if term:
            seen.setdefault(term, None)
    return list(seen)


class MastodonForm(forms.Form):
    """Where and what to watch on Mastodon. The instance address is checked against SSRF
    when typed and again before every run."""

    credential_fields = ("access_token",)

    url = forms.URLField(
        label=_("Instance"),
        max_length=2000,
        assume_scheme="https",
        initial="https://mastodon.social",
        help_text=_("The Mastodon server of the firm's account, e.g. https://mastodon.social."),
    )
    access_token = forms.CharField(
        label=_("Access token"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Préférences → Développement → Nouvelle application, scopes read:notifications and "
            "read:search. Needed for the mentions of the firm's account and for search; leave "
            "blank to keep the stored one."
        ),
    )
    mentions = forms.BooleanField(
        label=_("Collect the mentions of the firm's account"), required=False, initial=True
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Without #, separated by spaces, commas or lines: CabinetDupont, expertcomptable"
        ),
    )
    terms = forms.CharField(
        label=_("Search terms"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'One search per line ("Cabinet Dupont"). Full-text search depends on the instance.'
        ),
    )
    only_matching = forms.BooleanField(
        label=_("Keep only the posts that match a watch query"), required=False, initial=True
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"].rstrip("/")
        try:
            safe_http.check_url(url)
        except safe_http.FetchError as exc:
            raise forms.ValidationError(
                _("Tocsin will not reach this address: %(reason)s"), params={"reason": exc}
            ) from None
        return url

    def clean_access_token(self) -> str:
        token: str = self.cleaned_data["access_token"]
        if token and not TOKEN.match(token):
            raise forms.ValidationError(_("This does not look like a Mastodon access token."))
        return token

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        tags = split_terms(str(data.get("hashtags") or ""), hashtags=True)
        terms = split_terms(str(data.get("terms") or ""))
        if len(tags) + len(terms) > MAX_STREAMS:
            raise forms.ValidationError(
                _("At most %(n)d hashtags and search terms together."), params={"n": MAX_STREAMS}
            )
        data["hashtags"] = " ".join(tags)
        data["terms"] = "\n".join(terms)
        return data
