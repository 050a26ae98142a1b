"""The settings of a Google Business Profile source: the firm's listing and its OAuth grant."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

LISTING = re.compile(r"^(?:accounts/)?(\d{1,30})/(?:locations/)?(\d{1,30})$")


class GoogleReviewsForm(forms.Form):
    """Which listing, and the OAuth client and refresh token that may read (and later answer)
    its reviews (scope ``https://www.googleapis.com/auth/business.manage``)."""

    credential_fields = ("client_id", "client_secret", "refresh_token")

    listing = forms.CharField(
        label=_("Listing"),
        max_length=100,
        help_text=_(
            "The account and location numbers of the firm's listing, as "
            "accounts/123/locations/456 (or 123/456)."
        ),
    )
    client_id = forms.CharField(
        label=_("OAuth client ID"),
        required=False,
        max_length=300,
        help_text=_(
            "Google Cloud console → API et services → Identifiants. Blank keeps the stored one."
        ),
    )
    client_secret = forms.CharField(
        label=_("OAuth client secret"),
        required=False,
        max_length=300,
        widget=forms.PasswordInput(render_value=False),
    )
    refresh_token = forms.CharField(
        label=_("Refresh token"),
        required=False,
        max_length=2000,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Obtained once with the scope business.manage; Tocsin stores it encrypted."),
    )

    def clean_listing(self) -> str:
        value = str(self.cleaned_data["listing"]).strip().strip("/")
        match = LISTING.match(value)
        if not match:
            raise forms.ValidationError(_("Write the listing as accounts/123/locations/456."))
        return f"accounts/{match[1]}/locations/{match[2]}"
