"""Forms of the alerts pages: a rule, a channel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.alerts.models import AlertChannel, AlertRule, ChannelKind
from tocsin.firms.models import Firm, Membership
from tocsin.lib import safe_http


class RuleForm(forms.ModelForm[AlertRule]):
    class Meta:
        model = AlertRule
        fields = [
            "enabled",
            "sensitivity",
            "threshold",
            "quiet_start",
            "quiet_end",
            "channels",
            "escalate_after",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}),
            "channels": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = AlertChannel.objects.for_firm(firm)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            raise forms.ValidationError(_("Quiet hours need a start and an end."))
        return data


class ChannelForm(forms.ModelForm[AlertChannel]):
    url = forms.URLField(
        label=_("incoming webhook address"),
        required=False,
        max_length=2000,
        help_text=_("Slack, Teams, Mattermost or your own receiver."),
    )

    class Meta:
        model = AlertChannel
        fields = ["kind", "name", "language", "on_call", "recipients", "digest"]
        widgets = {"recipients": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, firm: Firm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = Membership.objects.filter(firm=firm).select_related(  # type: ignore[attr-defined]
            "person"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and kind != ChannelKind.EMAIL:
            url = data.get("url") or ""
            if not url:
                self.add_error("url", _("This channel needs its webhook address."))
            else:
                try:
                    safe_http.check_url(url)
                except safe_http.FetchError as exc:
                    self.add_error("url", str(exc))
        elif kind == ChannelKind.EMAIL and not data.get("on_call") and not data.get("recipients"):
            self.add_error("recipients", _("Choose people, or the people on call."))
        return data
