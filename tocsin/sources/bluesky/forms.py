"""The settings of a Bluesky source: the account Tocsin signs in with, and what to search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.lib import safe_http
from tocsin.sources.mastodon.forms import split_terms

MAX_TERMS = 10
DEFAULT_SERVICE = "https://bsky.social"


class BlueskyForm(forms.Form):
    """Bluesky search needs a signed-in account: an app password (never the main password)
    of any account, the firm's or a dedicated one."""

    credential_fields = ("identifier", "app_password")

    url = forms.URLField(
        label=_("Service"),
        max_length=2000,
        assume_scheme="https",
        initial=DEFAULT_SERVICE,
        help_text=_("Where the account lives; https://bsky.social for most accounts."),
    )
    identifier = forms.CharField(
        label=_("Handle"),
        required=False,
        max_length=253,
        help_text=_("e.g. cabinet-dupont.bsky.social. Leave blank to keep the stored one."),
    )
    app_password = forms.CharField(
        label=_("App password"),
        required=False,
        max_length=100,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Paramètres → Confidentialité et sécurité → Mots de passe d'application. "
            "Leave blank to keep the stored one."
        ),
    )
    terms = forms.CharField(
        label=_("Search terms"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One search per line: "Cabinet Dupont", dupont-expertise.fr'),
    )
    lang = forms.CharField(
        label=_("Language"),
        required=False,
        max_length=10,
        help_text=_("Only posts in this language (fr, en); blank for all."),
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

    def clean_identifier(self) -> str:
        return str(self.cleaned_data["identifier"]).strip().lstrip("@")

    def clean_terms(self) -> str:
        terms = split_terms(self.cleaned_data["terms"])
        if not terms:
            raise forms.ValidationError(_("At least one search term."))
        if len(terms) > MAX_TERMS:
            raise forms.ValidationError(_("At most %(n)d search terms."), params={"n": MAX_TERMS})
        return "\n".join(terms)
