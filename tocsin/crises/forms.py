"""Forms of the crisis room: opening a crisis, the CNIL draft, the breach register, playbooks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.crises import playbook as playbooks
from tocsin.crises.models import (
    BreachNotification,
    BreachRecord,
    CrisisState,
    CrisisType,
    Severity,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class OpenCrisisForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    crisis_type = forms.ChoiceField(label=_("Type"), choices=CrisisType.choices)
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=Severity.choices, coerce=int, initial=Severity.MODERATE
    )
    awareness_at = forms.DateTimeField(
        label=_("When did the firm become aware?"),
        help_text=_("The regulatory clocks (CNIL 72 h, police complaint 72 h) start here."),
        widget=LocalDateTimeInput(),
    )
    description = forms.CharField(
        label=_("What we know"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean_awareness_at(self) -> Any:
        value = self.cleaned_data["awareness_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The awareness time cannot be in the future."))
        return value


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=CrisisState.choices)
    reason = forms.CharField(required=False, max_length=2000)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=500)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class NotificationForm(forms.ModelForm):
    """The art. 33(3) items, in the order the CNIL's form asks for them."""

    class Meta:
        model = BreachNotification
        fields = [
            "nature",
            "people_categories",
            "people_count",
            "record_categories",
            "record_count",
            "dpo_contact",
            "consequences",
            "measures_taken",
            "measures_proposed",
            "high_risk",
            "delay_reason",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in (
                "nature",
                "people_categories",
                "record_categories",
                "dpo_contact",
                "consequences",
                "measures_taken",
                "measures_proposed",
                "delay_reason",
            )
        }


class BreachRecordForm(forms.ModelForm):
    class Meta:
        model = BreachRecord
        fields = ["facts", "effects", "remedial_action", "not_notified_reason", "people_informed"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ("facts", "effects", "remedial_action", "not_notified_reason")
        }


class PlaybookSourceForm(forms.Form):
    source = forms.CharField(
        label=_("Playbook (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "yaml"}),
    )

    def clean_source(self) -> str:
        source: str = self.cleaned_data["source"]
        try:
            playbooks.parse(source)
        except playbooks.PlaybookError as exc:
            raise forms.ValidationError(exc.problems) from exc
        return source


class PlaybookImportForm(forms.Form):
    file = forms.FileField(label=_("YAML file"))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 256 * 1024:
            raise forms.ValidationError(_("A playbook is smaller than 256 KB."))
        try:
            source: str = upload.read().decode("utf-8")
            playbooks.parse(source)
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file must be UTF-8 text.")) from exc
        except playbooks.PlaybookError as exc:
            raise forms.ValidationError(exc.problems) from exc
        return source
