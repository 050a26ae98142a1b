"""The settings of a feed source."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.lib import safe_http


class FeedForm(forms.Form):
    """A feed's address, checked against SSRF as soon as it is typed (and again on every
    fetch, since DNS answers change)."""

    url = forms.URLField(
        label=_("Feed address"),
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "An RSS or Atom feed: a Google Alerts feed (Diffuser à : Flux RSS), a news site, "
            "a blog, a forum."
        ),
    )
    only_matching = forms.BooleanField(
        label=_("Keep only the items that match a watch query"),
        required=False,
        initial=True,
        help_text=_("Untick for a feed that is about the firm already (a Google Alert)."),
    )
    websub = forms.BooleanField(
        label=_("Receive new items as soon as they are published (WebSub)"),
        required=False,
        initial=True,
        help_text=_("When the feed names a hub; polling goes on as a safety net."),
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            safe_http.check_url(url)
        except safe_http.FetchError as exc:
            raise forms.ValidationError(
                _("Tocsin will not fetch this address: %(reason)s"), params={"reason": exc}
            ) from None
        return url
