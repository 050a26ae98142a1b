"""Forms of the recovery pages: they parse and validate; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.firms.models import Firm, Membership
from tocsin.recovery.models import ActionState, CampaignKind
from tocsin.responses.models import Channel


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(
        label=_("Title in English (public page)"), max_length=200, required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Membership.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput, required=False)

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the firm's own people can own its actions: another firm's id is "invalid".
        self.fields["owner"].queryset = Membership.objects.filter(firm=firm).select_related(  # type: ignore[attr-defined]
            "person"
        )
        self.fields["owner"].label_from_instance = lambda m: str(m.person)  # type: ignore[attr-defined]


class ActionUpdateForm(ActionForm):
    state = forms.ChoiceField(label=_("State"), choices=ActionState.choices)
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(
        label=_("Note in English (public page)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    public = forms.BooleanField(label=_("Publish on the crisis page"), required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))


class LessonsForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary for clients and partners"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    lessons = forms.CharField(
        label=_("Lessons learnt (one per line)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CampaignItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    planned_at = forms.DateTimeField(label=_("Planned for"), widget=DateTimeInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("fr", "Français"), ("en", "English")]
    )
    draft = forms.CharField(
        label=_("Draft"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
