"""The settings every source has; each kind adds its own form (``Collector.settings_form``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tocsin.sources.base import registered_kinds
from tocsin.sources.models import Source, SourceKind

# Kinds that need no collector: they receive (the push API, a signed webhook).
RECEIVING_KINDS = (SourceKind.PUSH, SourceKind.WEBHOOK)


def addable_kinds() -> list[tuple[str, str]]:
    """Kinds a firm can add here: those with a collector installed, and the receiving ones."""
    known = set(registered_kinds()) | set(RECEIVING_KINDS)
    return [(value, str(label)) for value, label in SourceKind.choices if value in known]


class SourceForm(forms.ModelForm):
    interval_seconds = forms.IntegerField(
        label=_("Check every (seconds)"),
        min_value=60,
        max_value=7 * 24 * 3600,
        initial=900,
        help_text=_("For sources Tocsin polls; on errors the delay doubles, up to six hours."),
    )
    weight = forms.FloatField(
        label=_("Weight"),
        min_value=0.1,
        max_value=10,
        initial=1.0,
        help_text=_("How much a mention here counts in the risk (1 = ordinary)."),
    )

    class Meta:
        model = Source
        fields = ["name", "enabled", "interval_seconds", "weight"]
