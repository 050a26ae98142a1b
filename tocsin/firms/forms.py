from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.VIEWER)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "title", "on_call", "deputy"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A deputy is another member of the same firm; never a person of another firm.
        deputy = self.fields["deputy"]
        assert isinstance(deputy, forms.ModelChoiceField)
        deputy.queryset = (
            Membership.objects.filter(firm=self.instance.firm)
            .exclude(pk=self.instance.pk)
            .select_related("person")
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "phone", "languages", "preferred_language"]


class FirmSettingsForm(forms.ModelForm):
    class Meta:
        model = Firm
        fields = [
            "name",
            "contact_email",
            "contact_phone",
            "website",
            "language",
            "sensitive_words",
            "require_two_factor",
        ]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What is this token for?"), max_length=100)
