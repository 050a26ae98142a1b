"""Forms of the firm's public-side pages: the page, an update, the FAQ, retention."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.public.models import PublicSettings, PublicState
from tocsin.public.services import MAX_FAQ_CHARS, MAX_UPDATE_CHARS


class PageForm(forms.Form):
    is_public = forms.BooleanField(label=_("Show this page to the public"), required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("Public contact"),
        max_length=300,
        required=False,
        help_text=_("Quoted by the chatbot when it has no approved answer."),
    )


class UpdateForm(forms.Form):
    state = forms.ChoiceField(label=_("Public state"), choices=PublicState.choices)
    body_fr = forms.CharField(
        label=_("Update (French)"), max_length=MAX_UPDATE_CHARS, widget=forms.Textarea
    )
    body_en = forms.CharField(
        label=_("Update (English)"),
        max_length=MAX_UPDATE_CHARS,
        required=False,
        widget=forms.Textarea,
    )
    notify = forms.BooleanField(label=_("Email the subscribers"), required=False, initial=True)


ENTRY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


class EntryForm(forms.Form):
    """One FAQ entry; example questions one per line, in any language."""

    id = forms.CharField(
        label=_("Identifier"),
        max_length=80,
        help_text=_("Letters, digits, dashes: e.g. am-i-affected."),
    )
    questions = forms.CharField(
        label=_("Example questions (one per line, French or English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answer_fr = forms.CharField(
        label=_("Answer (French)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    answer_en = forms.CharField(
        label=_("Answer (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_id(self) -> str:
        value: str = self.cleaned_data["id"].strip()
        if not ENTRY_ID.match(value):
            raise forms.ValidationError(_("Use letters, digits, dashes, dots or underscores."))
        return value

    def entry(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data["id"],
            "questions": [q.strip() for q in data["questions"].splitlines() if q.strip()],
            "answers": {"fr": data["answer_fr"].strip(), "en": data["answer_en"].strip()},
        }


EntryFormSet = forms.formset_factory(EntryForm, extra=1, can_delete=True, max_num=200)


class FaqTitleForm(forms.Form):
    crisis = forms.CharField(label=_("Title of the FAQ"), max_length=300)


class FaqImportForm(forms.Form):
    file = forms.FileField(label=_("YAML file"), required=False)
    text = forms.CharField(
        label=_("or paste the YAML"),
        required=False,
        max_length=MAX_FAQ_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_FAQ_CHARS:
                raise forms.ValidationError(_("The file is too large."))
            try:
                data["source"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("The file must be UTF-8 text.")) from exc
        elif data.get("text", "").strip():
            data["source"] = data["text"]
        else:
            raise forms.ValidationError(_("Choose a file or paste the YAML."))
        return data


class SettingsForm(forms.ModelForm[PublicSettings]):
    class Meta:
        model = PublicSettings
        fields = ["conversation_days"]
