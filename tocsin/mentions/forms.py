from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.mentions.models import CrisisType, Sentiment, Status, WatchQuery


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("all")), *choices]


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=_blank(Status.choices))
    sentiment = forms.ChoiceField(
        label=_("Sentiment"), required=False, choices=_blank(Sentiment.choices)
    )
    crisis_type = forms.ChoiceField(
        label=_("Crisis type"), required=False, choices=_blank(CrisisType.choices)
    )
    lang = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("all")), ("fr", "FR"), ("en", "EN"), ("other", "…")],
    )
    min_risk = forms.IntegerField(
        label=_("Risk at least"), required=False, min_value=0, max_value=100
    )
    source = forms.TypedChoiceField(label=_("Source"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, sources: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("all")), *sources]  # type: ignore[attr-defined]


class CorrectionForm(forms.Form):
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=Sentiment.choices)
    crisis_type = forms.ChoiceField(label=_("Crisis type"), choices=CrisisType.choices)


class WatchQueryForm(forms.ModelForm):
    class Meta:
        model = WatchQuery
        fields = ["name", "query", "active"]
        widgets = {"query": forms.Textarea(attrs={"rows": 2})}

    def clean_query(self) -> str:
        from tocsin.mentions import query as wq

        text = self.cleaned_data["query"]
        try:
            wq.parse(text)
        except wq.QueryError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return str(text)
